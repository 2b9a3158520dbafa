"""Export of lists: columns and headers in each language, personal data only for those
allowed, audit, CSV and XLSX files, filters, the admin's buttons and the command."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl  # type: ignore[import-untyped]
import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client, RequestFactory
from django.utils import translation

from jastar.accounts.tests.factories import make_user
from jastar.bulk import export_files, exports
from jastar.bulk.exports import (
    KINDS,
    PERSON_RECORD_ID,
    RECORD_ID,
    export_columns,
    export_filename,
    export_queryset,
    list_export,
    list_export_stream,
)
from jastar.bulk.schema import KIND_LABELS, SCHEMAS, Kind, detect_mapping
from jastar.core.audit import AuditRequestMiddleware
from jastar.core.models import AuditAction, AuditEvent
from jastar.registry import services
from jastar.registry.models import (
    EmploymentType,
    Person,
    PersonStatus,
    Placement,
    PlacementChannel,
    Vacancy,
)
from jastar.registry.tests.factories import (
    aigerim_neet_graduate,
    district,
    make_employer,
    make_person,
    make_vacancy,
    nurlan_student,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ("kk", "ru", "en")


def _csv(kind: str, *, actor: Any = None, language: str = "ru", queryset: Any = None, **kw: Any):
    """Export ``kind`` as CSV; returns (result, header, rows)."""
    out = io.BytesIO()
    result = list_export(
        actor=actor,
        kind=kind,
        queryset=export_queryset(kind) if queryset is None else queryset,
        fmt="csv",
        out=out,
        language=language,
        **kw,
    )
    text = out.getvalue().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=kw.get("separator", ";")))
    return result, table[0], table[1:]


def _by_header(header: list[str], row: list[str]) -> dict[str, str]:
    return dict(zip(header, row, strict=True))


def _labels(kind: str, language: str, *, personal: bool = True) -> list[str]:
    with translation.override(language):
        return [str(c.label) for c in export_columns(kind, personal=personal)]


def _at(kind: str, key: str, *, personal: bool = True) -> int:
    """Where column ``key`` is in an export of ``kind`` (0-based)."""
    return [c.key for c in export_columns(kind, personal=personal)].index(key)


def _user(django_user_model: Any, name: str, *permissions: str, **flags: Any) -> Any:
    user = django_user_model.objects.create_user(name, password="pw-123456", **flags)
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return django_user_model.objects.get(pk=user.pk)  # a fresh permission cache


def _place(person: Person, vacancy: Vacancy | None = None, start: date = date(2026, 3, 2)):
    return services.placement_record(
        actor=None,
        person=person,
        start_date=start,
        channel=PlacementChannel.ENBEK,
        employment_type=EmploymentType.PERMANENT,
        vacancy=vacancy,
    )


@pytest.fixture
def superuser(django_user_model: Any) -> Any:
    return django_user_model.objects.create_superuser("boss", "boss@example.kz", "pw-123456")


@pytest.fixture
def officer(django_user_model: Any) -> Any:
    """Staff who may see people's IINs, names and contacts."""
    return _user(
        django_user_model,
        "officer",
        "view_person",
        "view_placement",
        "view_personal_data",
        is_staff=True,
    )


@pytest.fixture
def clerk(django_user_model: Any) -> Any:
    """Staff who may open the lists but not see personal data."""
    return _user(
        django_user_model,
        "clerk",
        "view_person",
        "view_employer",
        "view_vacancy",
        "view_placement",
        is_staff=True,
    )


class ExportColumnsTests:
    @pytest.mark.parametrize("kind", list(KINDS))
    @pytest.mark.parametrize("personal", [True, False])
    def test_every_column_has_a_reading(self, kind, personal):
        for column in export_columns(kind, personal=personal):
            assert column.key in KINDS[kind].getters

    def test_people_with_personal_rights_get_the_schema_export_columns(self):
        keys = [c.key for c in export_columns(Kind.PEOPLE, personal=True)]
        assert keys == [c.key for c in SCHEMAS[Kind.PEOPLE].columns if c.export]
        assert "full_name" not in keys  # the parts are exported instead

    def test_people_without_personal_rights_get_a_record_id_instead(self):
        keys = [c.key for c in export_columns(Kind.PEOPLE, personal=False)]
        assert keys[0] == RECORD_ID.key
        for hidden in ("iin", "last_name", "first_name", "patronymic", "birth_date", "phone"):
            assert hidden not in keys
        assert {"district", "status", "registered_on"} <= set(keys)

    def test_placements_without_personal_rights_name_the_person_by_record_id(self):
        keys = [c.key for c in export_columns(Kind.PLACEMENTS, personal=False)]
        assert keys[0] == PERSON_RECORD_ID.key
        assert "iin" not in keys and "full_name" not in keys

    @pytest.mark.parametrize("kind", [Kind.EMPLOYERS, Kind.VACANCIES])
    def test_lists_without_personal_columns_are_the_same_for_everyone(self, kind):
        assert export_columns(kind, personal=True) == export_columns(kind, personal=False)

    @pytest.mark.parametrize("kind", list(KINDS))
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_headers_are_recognised_by_the_importer(self, kind, language):
        columns = export_columns(kind, personal=True)
        mapping = detect_mapping(SCHEMAS[kind], _labels(kind, language))
        assert [mapping.get(i) for i in range(len(columns))] == [c.key for c in columns]

    def test_file_is_named_by_list_and_day(self):
        assert export_filename(Kind.PEOPLE, "csv") == "jastar-people-2026-06-15.csv"


class ListExportTests:
    @pytest.mark.parametrize(
        ("language", "district_header", "district_name"),
        [
            ("kk", "Аудан", "Қарасай ауданы"),
            ("ru", "Район", "Карасайский район"),
            ("en", "District", "Karasai District"),
        ],
    )
    def test_headers_and_names_follow_the_language(self, language, district_header, district_name):
        aigerim_neet_graduate()
        _result, header, rows = _csv(Kind.PEOPLE, language=language)
        assert header == _labels(Kind.PEOPLE, language)
        with translation.override(language):
            assert district_header in header
            assert _by_header(header, rows[0])[district_header] == district_name

    def test_values_are_written_as_the_importer_reads_them(self):
        person = aigerim_neet_graduate(languages=["kk", "ru"], phone="+7 701 111 22 33")
        _result, header, rows = _csv(Kind.PEOPLE, language="ru")
        with translation.override("ru"):
            row = _by_header(header, rows[0])
            assert row[str(SCHEMAS[Kind.PEOPLE].column("iin").label)] == person.iin
            assert row["Район"] == "Карасайский район"
            assert row[str(SCHEMAS[Kind.PEOPLE].column("birth_date").label)] == "14.05.2003"
            assert row[str(SCHEMAS[Kind.PEOPLE].column("sex").label)] == str(
                person.get_sex_display()
            )
            assert row[str(SCHEMAS[Kind.PEOPLE].column("status").label)] == str(
                PersonStatus.UNEMPLOYED.label
            )
            assert row[str(SCHEMAS[Kind.PEOPLE].column("languages").label)] == "kk,ru"
            assert row[str(SCHEMAS[Kind.PEOPLE].column("graduation_year").label)] == "2024"
            assert row[str(SCHEMAS[Kind.PEOPLE].column("expected_salary").label)] == ""

    def test_superuser_gets_personal_columns(self, superuser):
        person = aigerim_neet_graduate()
        result, header, rows = _csv(Kind.PEOPLE, actor=superuser)
        assert result.personal is True
        assert result.columns == len(header) == len(export_columns(Kind.PEOPLE, personal=True))
        assert person.iin in rows[0] and "Сейітқалиева" in rows[0]

    def test_user_with_personal_data_permission_gets_personal_columns(self, officer):
        person = aigerim_neet_graduate()
        result, _header, rows = _csv(Kind.PEOPLE, actor=officer)
        assert result.personal is True
        assert person.iin in rows[0]

    def test_staff_without_the_permission_gets_record_ids_not_identities(self, clerk):
        person = aigerim_neet_graduate(phone="+7 701 111 22 33")
        out = io.BytesIO()
        result = list_export(
            actor=clerk,
            kind=Kind.PEOPLE,
            queryset=export_queryset(Kind.PEOPLE),
            fmt="csv",
            out=out,
            language="ru",
        )
        text = out.getvalue().decode("utf-8-sig")
        assert result.personal is False
        for secret in (person.iin, "Сейітқалиева", "Әйгерім", "14.05.2003", "701 111"):
            assert secret not in text
        header, row = (line.split(";") for line in text.splitlines()[:2])
        with translation.override("ru"):
            assert header[0] == str(RECORD_ID.label)
        assert row[0] == str(person.pk)

    def test_personal_export_audits_each_person_and_the_whole(self, officer):
        first, second = aigerim_neet_graduate(), nurlan_student()
        _csv(Kind.PEOPLE, actor=officer, ip_address="10.0.0.7", filters={"district": "all"})
        events = AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=officer)
        people = events.filter(target_type="registry.person").exclude(target_id="*")
        assert sorted(people.values_list("target_id", flat=True)) == sorted(
            [str(first.pk), str(second.pk)]
        )
        assert set(people.values_list("summary", flat=True)) == {
            first.masked_iin,
            second.masked_iin,
        }
        summary = events.get(target_id="*")
        assert summary.ip_address == "10.0.0.7"
        assert summary.changes["rows"] == 2
        assert summary.changes["personal"] is True and summary.changes["complete"] is True
        assert summary.changes["filters"] == "district=all"
        assert {e.changes["export"] for e in people} == {summary.changes["export"]}

    def test_export_without_personal_data_leaves_one_summary(self, clerk):
        aigerim_neet_graduate()
        nurlan_student()
        _csv(Kind.PEOPLE, actor=clerk)
        events = AuditEvent.objects.filter(action=AuditAction.EXPORT)
        assert events.count() == 1
        assert events.get().changes["personal"] is False

    @pytest.mark.parametrize("kind", [Kind.EMPLOYERS, Kind.VACANCIES])
    def test_other_lists_leave_one_summary(self, kind):
        make_vacancy()
        make_vacancy(title_kk="Даяшы", title_ru="Официант")
        result, _header, rows = _csv(kind)
        assert result.rows == len(rows) >= 2
        event = AuditEvent.objects.get(action=AuditAction.EXPORT)
        assert event.target_type == f"registry.{KINDS[kind].model._meta.model_name}"
        assert event.changes["rows"] == result.rows

    def test_placements_with_personal_data_audit_the_people_named(self):
        person = aigerim_neet_graduate()
        _place(person, make_vacancy(external_id="ENB-1", source="enbek"))
        result, header, rows = _csv(Kind.PLACEMENTS, language="en")
        row = _by_header(header, rows[0])
        with translation.override("en"):
            assert row[str(SCHEMAS[Kind.PLACEMENTS].column("iin").label)] == person.iin
            assert row[str(SCHEMAS[Kind.PLACEMENTS].column("full_name").label)] == (
                person.full_name
            )
            assert row[str(SCHEMAS[Kind.PLACEMENTS].column("vacancy").label)] == "ENB-1"
            assert row[str(SCHEMAS[Kind.PLACEMENTS].column("start_date").label)] == "02.03.2026"
        events = AuditEvent.objects.filter(action=AuditAction.EXPORT)
        assert set(events.values_list("target_type", "target_id")) == {
            ("registry.person", str(person.pk)),
            ("registry.placement", "*"),
        }

    def test_vacancy_values(self):
        vacancy = make_vacancy(places=2)
        _result, header, rows = _csv(Kind.VACANCIES, language="kk")
        row = _by_header(header, rows[0])
        schema = SCHEMAS[Kind.VACANCIES]
        with translation.override("kk"):
            assert row[str(schema.column("title").label)] == "Аспаз"
            assert row[str(schema.column("title_ru").label)] == "Повар"
            assert row[str(schema.column("employer_bin").label)] == vacancy.employer.bin
            assert row[str(schema.column("salary").label)] == "150000-220000"
            assert row[str(schema.column("salary_min").label)] == "150000"
            assert row[str(schema.column("places").label)] == "2"
            assert row[str(schema.column("posted_on").label)] == "01.05.2026"
            assert row[str(schema.column("schedule").label)] == str(EmploymentType.PERMANENT.label)

    def test_csv_has_a_byte_order_mark_and_the_chosen_separator(self):
        aigerim_neet_graduate()
        for separator in (";", ","):
            out = io.BytesIO()
            list_export(
                actor=None,
                kind=Kind.EMPLOYERS,
                queryset=export_queryset(Kind.EMPLOYERS),
                fmt="csv",
                out=out,
                language="kk",
                separator=separator,
            )
            data = out.getvalue()
            assert data.startswith(b"\xef\xbb\xbf")
            with translation.override("kk"):
                first = str(SCHEMAS[Kind.EMPLOYERS].columns[0].label)
                second = str(SCHEMAS[Kind.EMPLOYERS].columns[1].label)
            assert data.decode("utf-8-sig").startswith(f"{first}{separator}{second}")

    def test_refuses_an_unknown_separator_format_or_language(self):
        queryset = export_queryset(Kind.PEOPLE)
        base: dict[str, Any] = {
            "actor": None,
            "kind": Kind.PEOPLE,
            "queryset": queryset,
            "out": io.BytesIO(),
        }
        with pytest.raises(ValidationError):
            list_export(**base, fmt="csv", language="ru", separator="|")
        with pytest.raises(ValidationError):
            list_export(**base, fmt="ods", language="ru")
        with pytest.raises(ValidationError):
            list_export(**base, fmt="csv", language="de")
        with pytest.raises(ValidationError):
            list_export(**{**base, "kind": "programs"}, fmt="csv", language="ru")
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()

    def test_xlsx_opens_with_openpyxl_and_has_the_rows(self, tmp_path: Path):
        person = aigerim_neet_graduate()
        nurlan_student()
        path = tmp_path / "people.xlsx"
        with path.open("wb") as out:
            result = list_export(
                actor=None,
                kind=Kind.PEOPLE,
                queryset=export_queryset(Kind.PEOPLE),
                fmt="xlsx",
                out=out,
                language="en",
            )
        book = openpyxl.load_workbook(path)
        sheet = book.worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        with translation.override("en"):
            assert sheet.title == str(KIND_LABELS[Kind.PEOPLE])
        assert list(rows[0]) == _labels(Kind.PEOPLE, "en")
        assert len(rows) == 1 + result.rows == 3
        line = [r[0] for r in rows].index(person.iin) + 1  # text, leading zeros kept
        born = _at(Kind.PEOPLE, "birth_date")
        assert rows[line - 1][born].date() == date(2003, 5, 14)
        assert sheet.cell(row=line, column=born + 1).number_format == "DD.MM.YYYY"
        assert rows[line - 1][_at(Kind.PEOPLE, "graduation_year")] == 2024
        assert sheet.cell(row=1, column=1).font.bold

    def test_text_that_looks_like_a_formula_stays_text(self, tmp_path: Path):
        aigerim_neet_graduate(skills='=HYPERLINK("http://x")', phone="+7 701 111 22 33")
        _result, _header, rows = _csv(Kind.PEOPLE, language="en")
        assert rows[0][_at(Kind.PEOPLE, "skills")] == '\'=HYPERLINK("http://x")'
        assert rows[0][_at(Kind.PEOPLE, "phone")] == "+7 701 111 22 33"
        path = tmp_path / "people.xlsx"
        with path.open("wb") as out:
            list_export(
                actor=None,
                kind=Kind.PEOPLE,
                queryset=export_queryset(Kind.PEOPLE),
                fmt="xlsx",
                out=out,
                language="en",
            )
        sheet = openpyxl.load_workbook(path).worksheets[0]
        skills = sheet.cell(row=2, column=_at(Kind.PEOPLE, "skills") + 1)
        assert skills.data_type == "s" and skills.value == '=HYPERLINK("http://x")'

    def test_streams_hundreds_of_rows_in_pieces_with_few_queries(
        self, monkeypatch, django_assert_max_num_queries
    ):
        monkeypatch.setattr(exports, "CHUNK_SIZE", 100)
        monkeypatch.setattr(export_files, "CSV_PIECE_ROWS", 50)
        for n in range(320):
            make_person(first_name=f"Әйгерім{n:03d}", district=district("talgar"))
        stream = list_export_stream(
            actor=None, kind=Kind.PEOPLE, queryset=export_queryset(Kind.PEOPLE), language="kk"
        )
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
        # 4 chunks of people and their audit, district names once, the summary.
        with django_assert_max_num_queries(20):
            pieces = list(stream)
        assert len(pieces) == 7
        text = b"".join(pieces).decode("utf-8-sig")
        assert len(text.splitlines()) == 321
        exported = AuditEvent.objects.filter(action=AuditAction.EXPORT).exclude(target_id="*")
        assert exported.count() == 320
        assert AuditEvent.objects.get(target_id="*").changes["rows"] == 320

    def test_a_stream_abandoned_midway_records_what_left(self, monkeypatch):
        monkeypatch.setattr(exports, "CHUNK_SIZE", 10)
        monkeypatch.setattr(export_files, "CSV_PIECE_ROWS", 5)
        for n in range(25):
            make_person(first_name=f"Нұрлан{n:02d}")
        stream = list_export_stream(
            actor=None, kind=Kind.PEOPLE, queryset=export_queryset(Kind.PEOPLE), language="kk"
        )
        next(stream)
        stream.close()  # type: ignore[attr-defined]
        summary = AuditEvent.objects.get(target_id="*")
        assert summary.changes["complete"] is False
        assert summary.changes["rows"] == 5
        # The first chunk's people were audited before any of them left.
        exported = AuditEvent.objects.filter(action=AuditAction.EXPORT).exclude(target_id="*")
        assert exported.count() == 10


class ExportQuerysetTests:
    def test_filters_people_by_district_status_neet_and_registration(self):
        aigerim = aigerim_neet_graduate()
        nurlan = nurlan_student(registered_on=date(2026, 2, 1))
        karasai = district("karasai")
        assert list(export_queryset(Kind.PEOPLE, district=karasai)) == [aigerim]
        assert list(export_queryset(Kind.PEOPLE, neet=True)) == [aigerim]
        assert list(export_queryset(Kind.PEOPLE, status="in_education")) == [nurlan]
        assert list(export_queryset(Kind.PEOPLE, registered_from=date(2026, 1, 1))) == [nurlan]
        assert list(export_queryset(Kind.PEOPLE, registered_to=date(2025, 12, 31))) == [aigerim]
        assert list(export_queryset(Kind.PEOPLE, year=2025)) == [aigerim]

    def test_filters_placements_by_year_and_vacancies_by_status(self):
        first = _place(aigerim_neet_graduate(), start=date(2025, 11, 3))
        second = _place(nurlan_student(), start=date(2026, 2, 2))
        assert list(export_queryset(Kind.PLACEMENTS, year=2025)) == [first]
        assert list(export_queryset(Kind.PLACEMENTS, year=2026)) == [second]
        vacancy = make_vacancy()
        assert list(export_queryset(Kind.VACANCIES, status="open")) == [vacancy]
        assert not export_queryset(Kind.VACANCIES, status="closed").exists()

    def test_filters_employers_by_district(self):
        here = make_employer()
        make_employer(district=district("talgar"))
        assert list(export_queryset(Kind.EMPLOYERS, district=district("karasai"))) == [here]

    @pytest.mark.parametrize(
        ("kind", "filters"),
        [
            (Kind.EMPLOYERS, {"neet": True}),
            (Kind.EMPLOYERS, {"status": "open"}),
            (Kind.PLACEMENTS, {"status": "employed"}),
            (Kind.PEOPLE, {"status": "open"}),
            ("programs", {}),
        ],
    )
    def test_refuses_filters_that_do_not_apply(self, kind, filters):
        with pytest.raises(ValidationError):
            export_queryset(kind, **filters)


@pytest.fixture
def logged_in(client: Client):
    def login(user: Any) -> Client:
        client.force_login(user)
        return client

    return login


ADMIN_LISTS = [
    ("registry/person", Kind.PEOPLE),
    ("registry/employer", Kind.EMPLOYERS),
    ("registry/vacancy", Kind.VACANCIES),
    ("registry/placement", Kind.PLACEMENTS),
]


class ExportAdminTests:
    @pytest.mark.parametrize(("path", "kind"), ADMIN_LISTS)
    def test_changelists_offer_both_formats_with_the_current_query(
        self, logged_in, superuser, path, kind
    ):
        response = logged_in(superuser).get(f"/en/admin/{path}/?q=abc")
        assert response.status_code == 200
        html = response.content.decode()
        assert f"/en/admin/{path}/export/csv/?q=abc" in html
        assert f"/en/admin/{path}/export/xlsx/?q=abc" in html
        with translation.override("en"):
            assert "Export CSV" in html and "Export XLSX" in html

    @pytest.mark.parametrize(("path", "kind"), ADMIN_LISTS)
    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_every_list_downloads_as_a_named_file(self, logged_in, superuser, path, kind, fmt):
        _place(aigerim_neet_graduate(), make_vacancy())
        response = logged_in(superuser).get(f"/ru/admin/{path}/export/{fmt}/")
        assert response.status_code == 200
        assert response["Content-Disposition"] == (
            f'attachment; filename="jastar-{kind}-2026-06-15.{fmt}"'
        )
        content = b"".join(response.streaming_content)
        if fmt == "csv":
            header = content.decode("utf-8-sig").splitlines()[0].split(";")
        else:
            sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
            header = [c.value for c in sheet[1]]
        assert header == _labels(kind, "ru")

    def test_csv_button_exports_the_filtered_and_searched_changelist(self, logged_in, superuser):
        aigerim = aigerim_neet_graduate()
        nurlan_student()
        make_person(last_name="Омарова", first_name="Дана", district=district("karasai"))
        client = logged_in(superuser)
        karasai = district("karasai").pk
        query = f"district__id__exact={karasai}&q=Сейітқалиева"
        text = b"".join(
            client.get(f"/en/admin/registry/person/export/csv/?{query}").streaming_content
        ).decode("utf-8-sig")
        lines = text.splitlines()
        assert len(lines) == 2 and aigerim.iin in lines[1]
        response = client.get("/en/admin/registry/person/export/csv/?status__exact=in_education")
        lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
        assert len(lines) == 2 and "Омаров" in lines[1]

    def test_xlsx_button_exports_the_date_drill_down(self, logged_in, superuser):
        make_vacancy(posted_on=date(2026, 5, 1))
        make_vacancy(posted_on=date(2025, 5, 1), title_kk="Даяшы", title_ru="Официант")
        response = logged_in(superuser).get(
            "/admin/registry/vacancy/export/xlsx/?posted_on__year=2025"
        )
        content = b"".join(response.streaming_content)
        rows = list(openpyxl.load_workbook(io.BytesIO(content)).worksheets[0].values)
        assert len(rows) == 2 and "Даяшы" in rows[1]

    def test_staff_without_personal_rights_download_no_identities(self, logged_in, clerk):
        person = aigerim_neet_graduate()
        response = logged_in(clerk).get("/ru/admin/registry/person/export/csv/")
        assert response.status_code == 200
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        assert person.iin not in text and "Сейітқалиева" not in text
        assert text.splitlines()[1].split(";")[0] == str(person.pk)
        event = AuditEvent.objects.get(action=AuditAction.EXPORT, actor=clerk)
        assert event.changes["personal"] is False and event.ip_address == "127.0.0.1"

    def test_officer_download_is_audited_per_person(self, logged_in, officer):
        person = aigerim_neet_graduate()
        response = logged_in(officer).get(
            "/ru/admin/registry/person/export/xlsx/?registered_on__gte=x"
        )
        assert response.status_code == 302  # a bad filter: back to the list, as the list does
        response = logged_in(officer).get("/ru/admin/registry/person/export/xlsx/")
        assert response.status_code == 200
        b"".join(response.streaming_content)
        assert AuditEvent.objects.filter(
            action=AuditAction.EXPORT, actor=officer, target_id=str(person.pk)
        ).exists()

    def test_refuses_users_who_may_not_see_the_list(self, logged_in, officer):
        response = logged_in(officer).get("/en/admin/registry/employer/export/csv/")
        assert response.status_code == 403
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()

    def test_unknown_format_is_not_found(self, logged_in, superuser):
        response = logged_in(superuser).get("/en/admin/registry/person/export/ods/")
        assert response.status_code == 404


class ExportCommandTests:
    def test_writes_a_file_with_personal_data_and_reports_counts(self, tmp_path: Path):
        person = aigerim_neet_graduate()
        nurlan_student()
        path = tmp_path / "karasai.csv"
        err = io.StringIO()
        call_command(
            "export",
            "people",
            "--district",
            "karasai",
            "--lang",
            "en",
            "--output",
            str(path),
            stderr=err,
        )
        lines = path.read_bytes().decode("utf-8-sig").splitlines()
        assert len(lines) == 2 and person.iin in lines[1]
        assert "1 rows" in err.getvalue() and "with personal data" in err.getvalue()
        summary = AuditEvent.objects.get(target_id="*")
        assert summary.actor is None and summary.changes["filters"] == "district=karasai"

    def test_writes_xlsx_of_placements_of_a_year(self, tmp_path: Path):
        _place(aigerim_neet_graduate(), start=date(2025, 11, 3))
        _place(nurlan_student(), start=date(2026, 2, 2))
        path = tmp_path / "placements.xlsx"
        call_command(
            "export",
            "placements",
            "--format",
            "xlsx",
            "--year",
            "2025",
            "--output",
            str(path),
            stderr=io.StringIO(),
        )
        rows = list(openpyxl.load_workbook(path).worksheets[0].values)
        assert len(rows) == 2
        assert Placement.objects.count() == 2

    def test_writes_to_stdout_with_a_comma(self, capsysbinary):
        make_employer()
        call_command("export", "employers", "--output", "-", "--separator", ",")
        out = capsysbinary.readouterr().out.decode("utf-8-sig")
        assert len(out.splitlines()) == 2 and "," in out.splitlines()[0]

    @pytest.mark.parametrize(
        "arguments",
        [
            ["employers", "--neet"],
            ["people", "--district", "atlantis"],
            ["people", "--status", "happy"],
        ],
    )
    def test_refuses_filters_it_cannot_apply(self, arguments, tmp_path: Path):
        with pytest.raises(CommandError):
            call_command("export", *arguments, "--output", str(tmp_path / "x.csv"))


class ExportScopeTests:
    """Rows and columns follow the exporting user's scope (jastar.core.access)."""

    @pytest.fixture
    def region(self) -> dict[str, Person]:
        karasai, talgar = aigerim_neet_graduate(), make_person(district=district("talgar"))
        _place(karasai)
        _place(talgar)
        return {"karasai": karasai, "talgar": talgar}

    def test_a_case_worker_exports_only_their_districts_people(self, region):
        worker = make_user("aliya", "case_worker", district=district("karasai"))
        result, header, rows = _csv(Kind.PEOPLE, actor=worker, language="en")
        assert result.personal
        iins = [_by_header(header, row)[header[_at(Kind.PEOPLE, "iin")]] for row in rows]
        assert iins == [region["karasai"].iin]
        audited = AuditEvent.objects.filter(
            action=AuditAction.EXPORT, target_type="registry.person"
        ).exclude(target_id="*")
        assert list(audited.values_list("target_id", flat=True)) == [str(region["karasai"].pk)]

    def test_a_case_worker_exports_only_their_districts_placements(self, region):
        worker = make_user("aliya", "case_worker", district=district("talgar"))
        result, _header, rows = _csv(Kind.PLACEMENTS, actor=worker)
        assert result.rows == 1
        assert rows[0][_at(Kind.PLACEMENTS, "iin")] == region["talgar"].iin

    def test_an_analyst_exports_every_district_without_personal_fields(self, region):
        analyst = make_user("dana", "analyst")
        result, header, rows = _csv(Kind.PEOPLE, actor=analyst, language="en")
        assert not result.personal
        assert header == _labels(Kind.PEOPLE, "en", personal=False)
        assert sorted(row[0] for row in rows) == sorted(str(p.pk) for p in region.values())
        text = "".join(";".join(row) for row in rows)
        for person in region.values():
            assert person.iin not in text and person.last_name not in text
        events = AuditEvent.objects.filter(action=AuditAction.EXPORT)
        assert list(events.values_list("target_id", flat=True)) == ["*"]

    def test_an_analysts_placements_name_no_one(self, region):
        analyst = make_user("dana", "analyst")
        result, _header, rows = _csv(Kind.PLACEMENTS, actor=analyst)
        assert (result.rows, result.personal) == (2, False)
        assert {row[0] for row in rows} == {str(p.pk) for p in region.values()}

    @pytest.mark.parametrize("kind", list(KINDS))
    def test_employers_and_young_people_export_nothing(self, region, kind):
        employer = make_user("akimat", "employer", employer=make_employer())
        youth = make_user("aigerim", "youth", person=region["karasai"])
        for user in (employer, youth):
            result, _header, rows = _csv(kind, actor=user)
            assert (result.rows, rows) == (0, [])
        summaries = AuditEvent.objects.filter(action=AuditAction.EXPORT, target_id="*")
        assert [event.changes["rows"] for event in summaries] == [0, 0]

    def test_a_user_without_a_role_exports_nothing(self, region, django_user_model):
        nobody = django_user_model.objects.create_user("nobody")
        result, _header, rows = _csv(Kind.PEOPLE, actor=nobody)
        assert (result.rows, rows) == (0, [])

    def test_the_per_person_audit_records_the_requests_address(self, region, officer):
        def export(request: Any) -> Any:
            _csv(Kind.PEOPLE, actor=officer)

        AuditRequestMiddleware(export)(RequestFactory().get("/", REMOTE_ADDR="10.2.3.4"))
        addresses = AuditEvent.objects.filter(action=AuditAction.EXPORT).values_list(
            "ip_address", flat=True
        )
        assert set(addresses) == {"10.2.3.4"}
