"""Matching in the admin: batch runs (read-only, with a button to start one) and the
panels the person and vacancy pages show (recommended vacancies and programs, best
candidates).

``Match`` is not registered: it holds millions of rows, and the pages that need a list
read it through the selectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, PermissionsMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jastar.core.access import can_see_personal_data
from jastar.core.admin import ReadOnlyAdmin
from jastar.matching.models import MatchRun
from jastar.matching.selectors import (
    CandidateMatch,
    eligible_codes,
    person_recommendations,
    program_recommendations,
    vacancy_candidates,
)
from jastar.matching.services import match_run_start
from jastar.registry.models import Person, Vacancy

# How many vacancies and candidates the pages list.
SHOWN = 10
START_PERMISSION = "matching.add_matchrun"


def person_panels(person: Person, on: date) -> dict[str, Any]:
    """Context for the person's page: the vacancies and programs to suggest on ``on``."""
    programs = program_recommendations(person, on)
    # Eligibility once for both panels (program places are offered only to the eligible).
    eligible = eligible_codes(programs)
    return {
        "vacancy_matches": person_recommendations(person, on, limit=SHOWN, eligible=eligible),
        "program_matches": programs,
        "matching_on": on,
    }


@dataclass(frozen=True)
class CandidateRow:
    """One candidate as the vacancy page shows them: the name only to those who may see it."""

    match: CandidateMatch
    age: int
    name: str | None


def vacancy_panel(
    user: AbstractBaseUser | AnonymousUser, vacancy: Vacancy, on: date
) -> dict[str, Any]:
    """Context for the vacancy's page: its best candidates from the stored lists."""
    named = can_see_personal_data(user)
    rows = [
        CandidateRow(m, m.person.age_on(on), m.person.full_name if named else None)
        for m in vacancy_candidates(vacancy, on, limit=SHOWN)
    ]
    return {"candidate_rows": rows, "matching_on": on}


def can_start_run(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether ``user`` may start a batch run from the admin (the admin itself is staff-only)."""
    return isinstance(user, PermissionsMixin) and user.has_perm(START_PERMISSION)


@admin.register(MatchRun)
class MatchRunAdmin(ReadOnlyAdmin[MatchRun]):
    """Batch runs, newest first; read-only, with a button that starts a run of the region."""

    change_list_template = "admin/matching/matchrun/change_list.html"
    list_display = [
        "on",
        "district",
        "status",
        "progress",
        "people",
        "vacancies",
        "matches",
        "duration",
        "created_at",
    ]
    list_filter = ["status", "district"]
    list_select_related = ["district"]
    date_hierarchy = "on"

    @admin.display(description=gettext_lazy("districts done"))
    def progress(self, obj: MatchRun) -> str:
        return f"{obj.shards_done}/{obj.shards_total}"

    @admin.display(description=gettext_lazy("seconds"), ordering="seconds")
    def duration(self, obj: MatchRun) -> str:
        return f"{obj.seconds:.1f}"

    def get_urls(self) -> list[URLPattern]:
        start = path(
            "start/",
            self.admin_site.admin_view(require_POST(self.start_view)),
            name="matching_matchrun_start",
        )
        return [start, *super().get_urls()]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> Any:
        extra_context = {**(extra_context or {}), "can_start_run": can_start_run(request.user)}
        return super().changelist_view(request, extra_context)

    def start_view(self, request: HttpRequest) -> HttpResponseRedirect:
        """Start a batch run over the whole region and say so."""
        if not can_start_run(request.user):
            raise PermissionDenied
        run = match_run_start(actor=request.user, on=timezone.localdate())
        text = _("Matching run %(run)s is queued. Districts to match: %(count)s.")
        self.message_user(
            request, text % {"run": run.pk, "count": run.shards_total}, messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("admin:matching_matchrun_changelist"))
