"""Exports of prize applications and winners: values, scope and personal columns."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Model

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import make_user
from jastar.bulk.exports import ListExport
from jastar.community.prizes.bulk import APPLICANTS, WINNERS
from jastar.community.prizes.models import Application, Award
from jastar.community.prizes.services import winners_decide
from jastar.community.prizes.tests.helpers import (
    DECIDED,
    apply,
    eligible,
    jurors,
    score,
    zangar_2025,
)
from jastar.registry.tests.factories import aigerim_neet_graduate, district, nurlan_student

pytestmark = pytest.mark.django_db


def _decided() -> tuple[Application, Application]:
    call = zangar_2025(places=1)
    winner = eligible(call, aigerim_neet_graduate())
    other = apply(call, nurlan_student())
    score(winner, [80, 90], jurors(2))
    winners_decide(actor=None, call=call, on=DECIDED)
    return winner, other


def _rows(actor: Any, kind: str, model: type[Model]) -> tuple[list[str], list[list[Any]]]:
    export = ListExport(
        actor=actor,
        kind=kind,
        queryset=model._default_manager.all(),
        language="en",
        fmt="csv",
    )
    rows = list(export.rows())
    return export.headers, rows


class ApplicantsExportTests:
    def test_writes_scores_and_results_with_names_for_officers(self) -> None:
        winner, _other = _decided()
        headers, rows = _rows(make_user("oleg", Role.REGIONAL_OFFICER), APPLICANTS, Application)
        assert len(rows) == 2
        first = dict(zip(headers, rows[0], strict=True))
        assert first["IIN"] == winner.person.iin
        assert first["Mean score"] == "85.00"
        assert first["Rank"] == 1
        assert first["Amount, ₸"] == 393_200
        assert first["Status"] == "Winner"

    def test_a_case_worker_exports_their_district(self) -> None:
        _decided()
        worker = make_user("aliya", Role.CASE_WORKER, district=district("enbekshikazakh"))
        _headers, rows = _rows(worker, APPLICANTS, Application)
        assert len(rows) == 1

    def test_an_analyst_gets_record_ids_instead_of_names(self) -> None:
        winner, _other = _decided()
        headers, rows = _rows(make_user("dana", Role.ANALYST), APPLICANTS, Application)
        assert "IIN" not in headers
        assert winner.person.pk in [row[0] for row in rows]


class WinnersExportTests:
    def test_writes_amounts_in_mrp_and_tenge(self) -> None:
        winner, _other = _decided()
        headers, rows = _rows(None, WINNERS, Award)
        (row,) = [dict(zip(headers, values, strict=True)) for values in rows]
        assert row["Full name"] == winner.person.full_name
        assert (row["Amount, MRP"], row["Amount, ₸"], row["Rank"]) == ("100.00", 393_200, 1)
