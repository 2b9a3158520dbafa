"""Program services: every change to editions, quotas, participations and follow-ups."""

from jastar.programs.services.editions import edition_create, edition_update, quota_set
from jastar.programs.services.enrolment import participation_enrol, participation_place
from jastar.programs.services.followups import followup_record, followups_schedule
from jastar.programs.services.participation import (
    edition_eligibility,
    participation_apply,
    participation_complete,
    participation_decide,
    participation_drop,
)

__all__ = [
    "edition_create",
    "edition_eligibility",
    "edition_update",
    "followup_record",
    "followups_schedule",
    "participation_apply",
    "participation_complete",
    "participation_decide",
    "participation_drop",
    "participation_enrol",
    "participation_place",
    "quota_set",
]
