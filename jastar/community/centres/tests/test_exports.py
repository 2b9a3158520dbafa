from __future__ import annotations

import io
from datetime import date

import pytest

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import make_user
from jastar.bulk.exports import list_export
from jastar.community.centres.models import Centre, Visit, VisitPurpose
from jastar.community.centres.services import visit_record
from jastar.community.centres.tests.helpers import kaskelen_centre, kegen_planned
from jastar.registry.tests.factories import aigerim_neet_graduate, district

pytestmark = pytest.mark.django_db


def exported(user: object, kind: str, rows: object) -> list[str]:
    out = io.BytesIO()
    list_export(actor=user, kind=kind, queryset=rows, fmt="csv", out=out, language="en")  # type: ignore[arg-type]
    return out.getvalue().decode("utf-8-sig").splitlines()


class CentreExportTests:
    def test_a_case_worker_exports_their_districts_centres(self) -> None:
        kaskelen_centre()
        kegen_planned()
        worker = make_user("kw", Role.CASE_WORKER, district=district("karasai"))
        lines = exported(worker, "centres", Centre.objects.all())
        assert len(lines) == 2
        assert "Kaskelen Youth Centre" in lines[1]

    def test_visits_carry_the_iin_only_for_those_who_may_see_it(self) -> None:
        centre, aigerim = kaskelen_centre(), aigerim_neet_graduate()
        visit_record(
            actor=None,
            centre=centre,
            visited_on=date(2026, 5, 4),
            person=aigerim,
            purpose=VisitPurpose.TRAINING,
        )
        worker = make_user("kw", Role.CASE_WORKER, district=district("karasai"))
        analyst = make_user("an", Role.ANALYST)
        assert aigerim.iin in "\n".join(exported(worker, "centre_visits", Visit.objects.all()))
        hidden = "\n".join(exported(analyst, "centre_visits", Visit.objects.all()))
        assert aigerim.iin not in hidden
        assert "04.05.2026" in hidden
