import io
from datetime import date
from typing import Any

import pytest

from jastar.bulk.exports import ListExport, list_export
from jastar.community.talent import services
from jastar.community.talent.bulk import BULK_KINDS, MEMBERS, NOMINEES
from jastar.community.talent.models import Membership, Nomination
from jastar.community.talent.tests.helpers import analyst, case_worker, member
from jastar.core.models import AuditEvent
from jastar.registry.tests.factories import make_person

pytestmark = pytest.mark.django_db


def rows_of(actor: object, kind: str, model: Any) -> tuple[list[str], list[list[Any]]]:
    export = ListExport(
        actor=actor,  # type: ignore[arg-type]
        kind=kind,
        queryset=model.objects.all(),
        language="en",
        fmt="csv",
    )
    return export.headers, list(export.rows())


class BulkKindsTests:
    def test_are_export_only_with_personal_columns_flagged(self) -> None:
        assert {k.kind for k in BULK_KINDS} == {MEMBERS, NOMINEES}
        for kind in BULK_KINDS:
            assert kind.importer is None and kind.export is not None
            personal = {c.key for c in kind.schema.columns if c.personal}
            assert personal == {"iin", "full_name"}


class MembersExportTests:
    def test_a_case_worker_exports_members_with_appointments_and_it_is_audited(self) -> None:
        membership = member()
        services.appointment_record(
            actor=None,
            membership=membership,
            post="Deputy akim",
            organisation="Akimat",
            appointed_on=date(2025, 9, 1),
            leading_post=True,
        )
        headers, rows = rows_of(case_worker(), MEMBERS, Membership)
        (row,) = rows
        values = dict(zip(headers, row, strict=True))
        assert values["IIN"] == membership.person.iin
        assert values["Appointments"] == "Deputy akim, Akimat, 01.09.2025"
        assert values["Appointed to a leading post"] == "yes"
        assert AuditEvent.objects.filter(
            action="export", target_type="registry.person", target_id=membership.person_id
        ).exists()

    def test_an_analyst_gets_record_ids_instead_of_names(self) -> None:
        membership = member()
        headers, rows = rows_of(analyst(), MEMBERS, Membership)
        assert "IIN" not in headers and "Full name" not in headers
        assert rows[0][0] == membership.person_id


class NominationsExportTests:
    def test_exports_the_weighted_score(self) -> None:
        membership = member()
        make_person()
        headers, rows = rows_of(None, NOMINEES, Nomination)
        values = dict(zip(headers, rows[0], strict=True))
        assert values["Weighted score, %"] == "80.00"
        assert values["Full name"] == membership.person.full_name


class ListExportTests:
    def test_writes_a_csv_file_with_the_members(self) -> None:
        membership = member()
        out = io.BytesIO()
        result = list_export(
            actor=None,
            kind=MEMBERS,
            queryset=Membership.objects.all(),
            fmt="csv",
            out=out,
            language="kk",
        )
        assert result.rows == 1
        assert membership.person.iin in out.getvalue().decode("utf-8-sig")
