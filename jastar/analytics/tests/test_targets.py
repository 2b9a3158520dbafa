"""Targets: the set/delete services, the XLSX import, the selectors, the admin, the
``targets`` command and the demo targets."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation
from openpyxl import Workbook  # type: ignore[import-untyped]

from jastar.analytics.demo import DEMO_NOTE, demo_targets_write
from jastar.analytics.forecast import UNIFORM, monthly_plan
from jastar.analytics.models import Target
from jastar.analytics.services.targets import (
    RejectedRow,
    target_delete,
    target_set,
    targets_import_xlsx,
)
from jastar.analytics.targets import TargetPlan, district_targets, program_targets, target_plan
from jastar.core.errors import ApplicationError
from jastar.core.models import AuditAction, AuditEvent
from jastar.programs.models import Program
from jastar.registry.demo.targets import scaled
from jastar.registry.tests.factories import centre_of, district, make_person

pytestmark = pytest.mark.django_db

FRONT_LOADED = (0.125,) * 6 + (1 / 24,) * 6


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages in English (the msgids), whatever the catalogues hold."""
    with translation.override("en"):
        yield


@pytest.fixture
def admin_client(client: Client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.kz", "pw-123456")
    client.force_login(user)
    return client


def program(code: str) -> Program:
    return Program.objects.get(code=code)


def events(action: AuditAction | None = None):
    found = AuditEvent.objects.filter(target_type="analytics.target")
    return found.filter(action=action) if action else found


def xlsx(*rows: tuple[object, ...]) -> BytesIO:
    """A workbook whose first sheet holds ``rows`` (the first is the header)."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def field_errors(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


class TargetSetTests:
    def test_creates_a_target_and_audits_it(self) -> None:
        target = target_set(actor=None, year=2026, district=district("talgar"), value=120)
        assert (target.year, target.month, target.indicator, target.value) == (
            2026,
            0,
            "placed",
            120,
        )
        assert events(AuditAction.CREATE).get().target_id == str(target.pk)

    def test_changes_the_target_with_the_same_dimensions(self) -> None:
        first = target_set(actor=None, year=2026, month=3, value=10, note="plan")
        second = target_set(actor=None, year=2026, month=3, value=12)
        assert second.pk == first.pk
        assert Target.objects.get().value == 12
        assert Target.objects.get().note == "plan"  # no note given: the note is kept
        assert events(AuditAction.UPDATE).get().changes == {"value": [10, 12]}

    def test_same_value_changes_nothing_and_writes_no_audit_event(self) -> None:
        target_set(actor=None, year=2026, value=10)
        target_set(actor=None, year=2026, value=10)
        assert Target.objects.count() == 1
        assert events().count() == 1

    def test_keeps_region_district_channel_and_program_targets_apart(self) -> None:
        target_set(actor=None, year=2026, value=100)
        target_set(actor=None, year=2026, district=district("talgar"), value=20)
        target_set(actor=None, year=2026, channel="enbek", value=30)
        target_set(actor=None, year=2026, program=program("youth_practice"), value=5)
        target_set(actor=None, year=2026, indicator="participants", value=50)
        assert Target.objects.count() == 5

    def test_a_grants_target_is_stored_without_the_business_grant_program(self) -> None:
        target = target_set(
            actor=None, year=2026, indicator="grants", program=program("business_grant"), value=9
        )
        assert target.program is None
        again = target_set(actor=None, year=2026, indicator="grants", value=9)
        assert again.pk == target.pk

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"year": 1999}, "year"),
            ({"year": 2101}, "year"),
            ({"month": 13}, "month"),
            ({"month": -1}, "month"),
            ({"indicator": "jobs"}, "indicator"),
            ({"channel": "fax"}, "channel"),
            ({"channel": "enbek", "indicator": "participants"}, "channel"),
            ({"indicator": "grants", "program": "youth_practice"}, "program"),
            ({"value": -1}, "value"),
        ],
    )
    def test_rejects_an_invalid_dimension_naming_the_field(self, kwargs, field) -> None:
        values = {"year": 2026, "value": 10, **kwargs}
        if "program" in values:
            values["program"] = program(values["program"])
        errors = field_errors(lambda: target_set(actor=None, **values))
        assert list(errors) == [field]
        assert not Target.objects.exists()

    def test_reports_every_error_at_once(self) -> None:
        errors = field_errors(lambda: target_set(actor=None, year=1990, month=14, value=-5))
        assert set(errors) == {"year", "month", "value"}
        assert errors["year"] == ["The year must be between 2000 and 2100."]


class TargetDeleteTests:
    def test_deletes_and_audits(self) -> None:
        target = target_set(actor=None, year=2026, value=10)
        pk = target.pk
        target_delete(actor=None, target=target)
        assert not Target.objects.exists()
        event = events(AuditAction.DELETE).get()
        assert (event.target_id, event.changes) == (str(pk), {"value": [10, None]})


class TargetsImportTests:
    def test_reads_kazakh_headers_and_names(self) -> None:
        book = xlsx(
            ("Жыл", "Ай", "Аудан", "Көрсеткіш", "Арна", "Бағдарлама", "Жоспар"),
            (2026, None, "Қарасай ауданы", None, "Enbek.kz еңбек биржасы", None, 300),
            (2026, 0, None, None, None, "Жастар практикасы", 40),
        )
        result = targets_import_xlsx(actor=None, file=book, commit=True)
        assert (result.read, result.created, result.rejected) == (2, 2, [])
        karasai = Target.objects.get(district=district("karasai"))
        assert (karasai.channel, karasai.value, karasai.month) == ("enbek", 300, 0)
        assert Target.objects.get(district=None).program == program("youth_practice")

    def test_reads_russian_headers_and_names(self) -> None:
        book = xlsx(
            ("Год", "Месяц", "Район", "Показатель", "Канал", "Программа", "План"),
            (2026, 5, "Карасайский район", "participants", None, "Молодежная практика", 12),
            (2026, 0, "город Конаев", None, "Самозанятость", None, 7),
        )
        result = targets_import_xlsx(actor=None, file=book, commit=True)
        assert (result.created, result.rejected) == (2, [])
        enrolled = Target.objects.get(indicator="participants")
        assert (enrolled.month, enrolled.program, enrolled.value) == (
            5,
            program("youth_practice"),
            12,
        )
        assert Target.objects.get(district=district("konaev")).channel == "self_employment"

    def test_reads_english_headers_in_any_case_and_spacing(self) -> None:
        book = xlsx(
            (" YEAR ", "District", "Indicator", "Program", "Target value", "Note"),
            (2025, "Talgar", "Business grants awarded", "business_grant", 4, "from the akimat"),
        )
        result = targets_import_xlsx(actor=None, file=book, commit=True)
        assert (result.created, result.rejected) == (1, [])
        grants = Target.objects.get()
        assert (grants.indicator, grants.program, grants.note) == (
            "grants",
            None,
            "from the akimat",
        )

    def test_reports_bad_rows_with_line_column_and_reason(self) -> None:
        book = xlsx(
            ("year", "district", "channel", "target"),
            (2026, "Talgar", None, 10),
            ("twenty", "Atlantis", "fax", None),
            (2026, None, None, -3),
            (1990, None, None, 5),
        )
        result = targets_import_xlsx(actor=None, file=book, commit=True)
        assert (result.read, result.created, result.rejected_rows) == (4, 1, 3)
        assert result.rejected == [
            RejectedRow(3, "A", "“twenty” is not a whole number."),
            RejectedRow(3, "D", "This value is required."),
            RejectedRow(3, "C", "Unknown channel “fax”."),
            RejectedRow(3, "B", "Unknown district “Atlantis”."),
            RejectedRow(4, "D", "The target cannot be negative."),
            RejectedRow(5, "A", "The year must be between 2000 and 2100."),
        ]
        assert Target.objects.count() == 1

    def test_gives_reasons_in_the_active_language(self) -> None:
        book = xlsx(("year", "target"), ("x", 1))
        with translation.override("kk"):
            result = targets_import_xlsx(actor=None, file=book, commit=False)
        # The kk catalogue may not translate it yet; either way it is a str, not a proxy.
        assert type(result.rejected[0].reason) is str

    def test_rejects_a_second_row_for_the_same_target(self) -> None:
        book = xlsx(("year", "district", "target"), (2026, "talgar", 5), (2026, "Талғар", 6))
        result = targets_import_xlsx(actor=None, file=book, commit=True)
        assert result.rejected == [RejectedRow(3, "", "Line 2 already sets this target.")]
        assert Target.objects.get().value == 5

    def test_dry_run_saves_nothing_but_reports_the_same_counts(self) -> None:
        rows = (("year", "target"), (2026, 10), (2027, 20))
        dry = targets_import_xlsx(actor=None, file=xlsx(*rows), commit=False)
        assert (dry.created, dry.committed) == (2, False)
        assert not Target.objects.exists()
        assert not events().exists()
        real = targets_import_xlsx(actor=None, file=xlsx(*rows), commit=True)
        assert (real.created, real.committed) == (2, True)

    def test_importing_the_same_file_again_changes_nothing(self, tmp_path: Path) -> None:
        path = tmp_path / "targets.xlsx"
        path.write_bytes(xlsx(("year", "district", "target"), (2026, "talgar", 5)).getvalue())
        targets_import_xlsx(actor=None, file=path, commit=True)
        again = targets_import_xlsx(actor=None, file=str(path), commit=True)
        assert (again.read, again.created, again.updated, again.unchanged) == (1, 0, 0, 1)
        assert events().count() == 1

    def test_counts_changed_targets(self) -> None:
        target_set(actor=None, year=2026, value=5)
        result = targets_import_xlsx(
            actor=None, file=xlsx(("year", "plan"), (2026, 6)), commit=True
        )
        assert (result.updated, Target.objects.get().value) == (1, 6)

    def test_skips_blank_rows_and_finds_the_header_below_blank_ones(self) -> None:
        book = xlsx((None, None), ("year", "target"), (None, None), (2026, "1 200"))
        result = targets_import_xlsx(actor=None, file=book, commit=True)
        assert (result.read, result.created) == (1, 1)
        assert Target.objects.get().value == 1200

    def test_a_file_that_is_not_a_workbook_is_a_clear_error(self) -> None:
        with pytest.raises(ApplicationError) as caught:
            targets_import_xlsx(actor=None, file=BytesIO(b"year;target\n2026;5\n"), commit=True)
        assert str(caught.value.message) == (
            "The file could not be read as an Excel workbook (.xlsx)."
        )

    def test_a_header_without_the_required_columns_is_a_clear_error(self) -> None:
        with pytest.raises(ApplicationError, match="year / жыл / год") as caught:
            targets_import_xlsx(actor=None, file=xlsx(("district", "target")), commit=True)
        assert caught.value.extra == {"missing": ["year"]}

    def test_an_empty_sheet_is_a_clear_error(self) -> None:
        with pytest.raises(ApplicationError, match="empty"):
            targets_import_xlsx(actor=None, file=xlsx(), commit=True)


class TargetPlanTests:
    def test_spreads_a_districts_annual_target_by_the_profile(self) -> None:
        talgar = district("talgar")
        target_set(actor=None, year=2026, district=talgar, value=100)
        plan = target_plan(year=2026, district_id=talgar.pk, profile=FRONT_LOADED)
        assert plan == TargetPlan(annual=100, monthly=tuple(monthly_plan(100, FRONT_LOADED)))

    def test_region_prefers_its_own_row(self) -> None:
        target_set(actor=None, year=2026, value=500)
        target_set(actor=None, year=2026, district=district("talgar"), value=100)
        assert target_plan(year=2026, profile=UNIFORM).annual == 500

    def test_region_without_a_row_is_the_sum_of_its_districts(self, django_assert_num_queries):
        target_set(actor=None, year=2026, district=district("talgar"), value=100)
        target_set(actor=None, year=2026, district=district("karasai"), value=140)
        target_set(actor=None, year=2026, district=district("kegen"), month=1, value=9)
        with django_assert_num_queries(1):
            plan = target_plan(year=2026, profile=UNIFORM)
        assert plan == TargetPlan(annual=240, monthly=(20,) * 12)

    def test_uses_monthly_rows_when_all_twelve_are_set(self) -> None:
        for month in range(1, 13):
            target_set(actor=None, year=2026, month=month, value=month)
        target_set(actor=None, year=2026, value=100)
        plan = target_plan(year=2026, profile=UNIFORM)
        assert plan == TargetPlan(annual=100, monthly=tuple(range(1, 13)))

    def test_twelve_monthly_rows_make_the_annual_figure_when_it_is_missing(self) -> None:
        for month in range(1, 13):
            target_set(actor=None, year=2026, month=month, value=2)
        assert target_plan(year=2026, profile=UNIFORM).annual == 24

    def test_is_empty_without_targets(self) -> None:
        target_set(actor=None, year=2025, value=100)
        assert target_plan(year=2026, profile=UNIFORM) == TargetPlan(annual=None, monthly=None)
        assert target_plan(
            year=2025, district_id=district("talgar").pk, profile=UNIFORM
        ) == TargetPlan(annual=None, monthly=None)

    def test_reads_only_the_requested_channel_and_program(self) -> None:
        target_set(actor=None, year=2026, value=100)
        target_set(actor=None, year=2026, channel="enbek", value=30)
        target_set(actor=None, year=2026, program=program("first_job"), value=8)
        assert target_plan(year=2026, channel="enbek", profile=UNIFORM).annual == 30
        assert target_plan(year=2026, program_code="first_job", profile=UNIFORM).annual == 8
        assert target_plan(year=2026, profile=UNIFORM).annual == 100

    def test_grants_ignore_the_business_grant_program_code(self) -> None:
        target_set(actor=None, year=2026, indicator="grants", value=7)
        plan = target_plan(
            year=2026, indicator="grants", program_code="business_grant", profile=UNIFORM
        )
        assert plan.annual == 7


class DistrictTargetsTests:
    def test_maps_each_district_to_its_annual_all_channel_target(self) -> None:
        talgar, karasai = district("talgar"), district("karasai")
        target_set(actor=None, year=2026, district=talgar, value=100)
        target_set(actor=None, year=2026, district=karasai, value=40)
        target_set(actor=None, year=2026, district=karasai, channel="enbek", value=10)
        target_set(actor=None, year=2026, district=karasai, month=2, value=3)
        target_set(actor=None, year=2026, value=1000)
        target_set(actor=None, year=2026, district=talgar, indicator="participants", value=1)
        assert district_targets(year=2026) == {talgar.pk: 100, karasai.pk: 40}
        assert district_targets(year=2026, indicator="participants") == {talgar.pk: 1}


class TargetAdminTests:
    def test_list_and_add_pages_render_in_each_language(self, admin_client: Client) -> None:
        target_set(actor=None, year=2026, district=district("talgar"), value=100)
        for language in ("", "ru/", "en/"):
            page = admin_client.get(f"/{language}admin/analytics/target/")
            assert page.status_code == 200
            assert b"/admin/analytics/target/import/" in page.content
            assert admin_client.get(f"/{language}admin/analytics/target/add/").status_code == 200

    def test_adds_through_the_service(self, admin_client: Client) -> None:
        form = {
            "year": 2026,
            "month": 0,
            "district": district("talgar").pk,
            "indicator": "placed",
            "channel": "",
            "program": "",
            "value": 150,
            "note": "",
        }
        response = admin_client.post("/en/admin/analytics/target/add/", form)
        assert response.status_code == 302
        assert Target.objects.get().value == 150
        assert events(AuditAction.CREATE).get().actor.username == "boss"

    def test_shows_the_services_errors_on_the_form(self, admin_client: Client) -> None:
        form = {"year": 2026, "month": 0, "indicator": "grants", "value": 1}
        form["program"] = program("first_job").pk
        response = admin_client.post("/en/admin/analytics/target/add/", form)
        assert response.status_code == 200
        assert b"Only participant and placement targets can be set per program." in (
            response.content
        )
        assert not Target.objects.exists()

    def test_changes_only_the_value_and_note(self, admin_client: Client) -> None:
        target = target_set(actor=None, year=2026, value=10)
        url = f"/en/admin/analytics/target/{target.pk}/change/"
        assert admin_client.get(url).status_code == 200
        response = admin_client.post(url, {"value": 11, "note": "revised", "year": 1999})
        assert response.status_code == 302
        target.refresh_from_db()
        assert (target.year, target.value, target.note) == (2026, 11, "revised")
        assert events(AuditAction.UPDATE).count() == 1

    def test_deletes_through_the_service(self, admin_client: Client) -> None:
        target = target_set(actor=None, year=2026, value=10)
        url = f"/en/admin/analytics/target/{target.pk}/delete/"
        assert admin_client.post(url, {"post": "yes"}).status_code == 302
        assert not Target.objects.exists()
        assert events(AuditAction.DELETE).count() == 1

    def test_import_previews_then_saves_on_confirm(self, admin_client: Client) -> None:
        url = "/en/admin/analytics/target/import/"
        assert admin_client.get(url).status_code == 200
        book = xlsx(("year", "district", "target"), (2026, "talgar", 5), (2026, "Atlantis", 6))
        book.name = "targets.xlsx"
        preview = admin_client.post(url, {"file": book})
        assert preview.status_code == 200
        assert "Unknown district “Atlantis”.".encode() in preview.content
        assert b'name="confirm"' in preview.content
        assert not Target.objects.exists()
        done = admin_client.post(url, {"confirm": "1"})
        assert done.status_code == 302
        assert Target.objects.get().value == 5
        # The file is used once: confirming again asks for it.
        assert admin_client.post(url, {"confirm": "1"}).status_code == 302
        assert Target.objects.count() == 1

    def test_import_shows_a_file_that_is_not_a_workbook_as_a_form_error(
        self, admin_client: Client
    ) -> None:
        upload = BytesIO(b"not a workbook")
        upload.name = "targets.xlsx"
        page = admin_client.post("/en/admin/analytics/target/import/", {"file": upload})
        assert page.status_code == 200
        assert b"could not be read as an Excel workbook" in page.content

    def test_import_is_for_staff_only(self, client: Client) -> None:
        response = client.get("/en/admin/analytics/target/import/")
        assert response.status_code == 302
        assert "/login/" in response["Location"]


class TargetsCommandTests:
    def _file(self, tmp_path: Path, *rows: tuple[object, ...]) -> str:
        path = tmp_path / "targets.xlsx"
        path.write_bytes(xlsx(("year", "district", "target"), *rows).getvalue())
        return str(path)

    def test_is_a_dry_run_by_default(self, tmp_path: Path) -> None:
        out = StringIO()
        call_command(
            "targets",
            "import",
            self._file(tmp_path, (2026, "talgar", 5)),
            "--language=en",
            stdout=out,
        )
        assert "Rows read: 1; new: 1; changed: 0; unchanged: 0; rejected: 0." in out.getvalue()
        assert "Dry run" in out.getvalue()
        assert not Target.objects.exists()

    def test_commit_saves(self, tmp_path: Path) -> None:
        out = StringIO()
        path = self._file(tmp_path, (2026, "talgar", 5))
        call_command("targets", "import", path, "--commit", "--language=en", stdout=out)
        assert Target.objects.get().value == 5
        assert "Saved." in out.getvalue()

    def test_prints_rejected_rows_and_fails(self, tmp_path: Path) -> None:
        out = StringIO()
        path = self._file(tmp_path, (2026, "talgar", 5), (2026, "Atlantis", 1))
        with pytest.raises(CommandError) as caught:
            call_command("targets", "import", path, "--commit", "--language=en", stdout=out)
        assert caught.value.returncode == 1
        assert "line 3, column B: Unknown district “Atlantis”." in out.getvalue()
        assert Target.objects.count() == 1

    def test_a_file_that_is_not_a_workbook_fails_with_a_message(self, tmp_path: Path) -> None:
        path = tmp_path / "targets.csv"
        path.write_text("year,target\n2026,5\n")
        with pytest.raises(CommandError, match="Excel workbook"):
            call_command("targets", "import", str(path), "--language=en", stdout=StringIO())


class DemoTargetsTests:
    def test_districts_add_up_to_the_scaled_region_target(self) -> None:
        for code, count in (("talgar", 3), ("karasai", 2), ("kegen", 2)):
            for _ in range(count):
                make_person(district=district(code), settlement=centre_of(code))
        written = demo_targets_write(people=4_320)
        # A region row and three district rows for 2025 and 2026, and the traders' 2025 row.
        assert written == 9
        traders = Target.objects.select_related("program").get(indicator="participants")
        assert traders.program is not None
        assert (traders.year, traders.program.code, traders.value) == (
            2025,
            "trader_formalisation",
            scaled(500, 4_320),
        )
        for year, full_region in ((2025, 20_000), (2026, 28_000)):
            region = Target.objects.get(year=year, district=None, indicator="placed")
            assert region.value == scaled(full_region, 4_320)
            assert sum(district_targets(year=year).values()) == region.value
        by_code = dict(
            Target.objects.filter(year=2025, district__isnull=False).values_list(
                "district__code", "value"
            )
        )
        assert by_code == {"talgar": 86, "karasai": 57, "kegen": 57}  # 200 in 3 : 2 : 2
        assert set(Target.objects.values_list("note", flat=True)) == {DEMO_NOTE}

    def test_writing_again_changes_nothing(self) -> None:
        make_person()
        demo_targets_write(people=43_200)
        demo_targets_write(people=43_200)
        assert Target.objects.count() == 5
        assert not events().exists()  # synthetic rows, like the rest of the demo


class ProgramTargetsTests:
    def test_region_takes_its_own_row_or_else_the_sum_of_the_districts(self) -> None:
        first_job = Program.objects.get(code="first_job")
        practice = Program.objects.get(code="youth_practice")
        for code, value in (("talgar", 30), ("kegen", 12)):
            target_set(
                actor=None,
                year=2026,
                district=district(code),
                indicator="participants",
                program=first_job,
                value=value,
            )
        target_set(actor=None, year=2026, indicator="participants", program=practice, value=90)
        target_set(
            actor=None,
            year=2026,
            district=district("talgar"),
            indicator="participants",
            program=practice,
            value=40,
        )
        assert program_targets(year=2026) == {"first_job": 42, "youth_practice": 90}
        talgar = district("talgar").pk
        assert program_targets(year=2026, district_id=talgar) == {
            "first_job": 30,
            "youth_practice": 40,
        }
        assert program_targets(year=2025) == {}
