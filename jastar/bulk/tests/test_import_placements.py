"""Importing placements: people become employed, vacancies fill, figures stay exact."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

from jastar.analytics.tests.test_facts import assert_sources_agree
from jastar.bulk.models import ImportJob, ImportStatus
from jastar.bulk.tests.files import (
    PLACEMENT_HEADERS_KK,
    PLACEMENT_HEADERS_RU,
    import_file,
    reasons,
    write_csv,
    write_xlsx,
)
from jastar.core.models import AuditEvent
from jastar.programs.models import Program
from jastar.registry.models import (
    Employer,
    EmploymentType,
    Person,
    PersonStatus,
    PersonStatusChange,
    Placement,
    PlacementChannel,
    Vacancy,
    VacancySource,
    VacancyStatus,
)
from jastar.registry.selectors import person_status_on
from jastar.registry.tests.factories import (
    district,
    make_employer,
    make_person,
    make_vacancy,
    new_bin,
    new_iin,
)

pytestmark = pytest.mark.django_db

AGRO = new_bin()
OTHER = new_bin()


class World:
    """The people, employer and vacancy a placement list names."""

    def __init__(self) -> None:
        self.aigerim = make_person()
        self.nurlan = make_person(
            last_name="Омаров",
            first_name="Нұрлан",
            birth_date=date(2005, 2, 3),  # the IIN starts with 0
            sex="M",
            district=district("enbekshikazakh"),
        )
        self.daniyar = make_person(
            last_name="Қасымов", first_name="Данияр", birth_date=date(1999, 11, 2), sex="M"
        )
        self.agro = make_employer(bin=AGRO, name="«Қаскелең Агро» ЖШС")
        self.cook = make_vacancy(
            employer=self.agro, source=VacancySource.ENBEK, external_id="100234", places=1
        )

    def rows(self) -> list[list[object]]:
        return [
            [
                self.aigerim.iin,
                "Сейітқалиева Әйгерім",
                "01.06.2026",
                "",
                "Enbek.kz",
                "Постоянная",
                AGRO,
                "100234",
                "",
                "180 000",
            ],
            [
                self.nurlan.iin,
                "Омаров Нұрлан",
                "15.05.2026",
                "",
                "по программе",
                "Субсидируемое рабочее место",
                AGRO,
                "",
                "Молодежная практика",
                "120000",
            ],
            [
                self.daniyar.iin,
                "Қасымов Данияр",
                "10.04.2026",
                "",
                "самостоятельно",
                "",
                "",
                "",
                "",
                "",
            ],
        ]


@pytest.fixture
def world() -> World:
    return World()


def run(path: Path, *, dry_run: bool = False) -> ImportJob:
    return import_file(path, "placements", dry_run=dry_run)


class FormatsTests:
    def test_reads_russian_headers(self, tmp_path: Path, world: World) -> None:
        job = run(write_csv(tmp_path / "list.csv", PLACEMENT_HEADERS_RU, world.rows()))
        assert (job.status, job.created, job.rejected) == (ImportStatus.DONE, 3, 0)

    def test_recognises_kazakh_headers(self, tmp_path: Path, world: World) -> None:
        job = run(write_csv(tmp_path / "list.csv", PLACEMENT_HEADERS_KK, world.rows()))
        assert job.created == 3
        assert set(job.mapping.values()) >= {"iin", "start_date", "channel", "program"}

    def test_reads_a_windows_1251_file(self, tmp_path: Path, world: World) -> None:
        body = world.rows()
        body[0][1], body[1][1], body[2][1] = "Сейиткалиева", "Омаров", "Касымов"
        path = write_csv(tmp_path / "list.csv", PLACEMENT_HEADERS_RU, body, encoding="cp1251")
        job = run(path)
        assert (job.encoding, job.created, job.rejected) == ("cp1251", 3, 0)

    def test_reads_an_xlsx_workbook_with_numeric_iins_and_date_cells(
        self, tmp_path: Path, world: World
    ) -> None:
        body = [
            [int(str(r[0])), r[1], date(*reversed([int(p) for p in str(r[2]).split(".")])), *r[3:]]
            for r in world.rows()
        ]
        job = run(write_xlsx(tmp_path / "list.xlsx", PLACEMENT_HEADERS_RU, body))
        assert (job.file_format, job.created, job.rejected) == ("xlsx", 3, 0)
        assert Placement.objects.filter(person=world.nurlan).exists()

    def test_a_dry_run_writes_nothing(self, tmp_path: Path, world: World) -> None:
        job = run(write_csv(tmp_path / "l.csv", PLACEMENT_HEADERS_RU, world.rows()), dry_run=True)
        assert (job.created, job.rejected) == (3, 0)
        assert not Placement.objects.exists()
        world.aigerim.refresh_from_db()
        assert world.aigerim.status == PersonStatus.UNEMPLOYED


class EffectsTests:
    def test_the_person_is_employed_from_the_start_date(self, tmp_path: Path, world: World) -> None:
        run(write_csv(tmp_path / "list.csv", PLACEMENT_HEADERS_RU, world.rows()))
        aigerim = Person.objects.get(pk=world.aigerim.pk)
        assert (aigerim.status, aigerim.status_since) == (PersonStatus.EMPLOYED, date(2026, 6, 1))
        assert person_status_on(aigerim, date(2026, 5, 31)) == PersonStatus.UNEMPLOYED
        assert person_status_on(aigerim, date(2026, 6, 1)) == PersonStatus.EMPLOYED

    def test_a_start_before_the_current_status_only_joins_the_history(
        self, tmp_path: Path, world: World
    ) -> None:
        late = make_person(
            last_name="Жақсыбеков", registered_on=date(2026, 6, 10), birth_date=date(2004, 1, 9)
        )
        body = [[late.iin, "", "01.06.2026", "", "самостоятельно", "", "", "", "", ""]]
        job = run(write_csv(tmp_path / "list.csv", PLACEMENT_HEADERS_RU, body))
        late.refresh_from_db()
        assert job.created == 1
        assert (late.status, late.status_since) == (PersonStatus.UNEMPLOYED, date(2026, 6, 10))
        history = PersonStatusChange.objects.filter(person=late).order_by("valid_from")
        assert [(c.status, c.valid_from) for c in history] == [
            (PersonStatus.EMPLOYED, date(2026, 6, 1)),
            (PersonStatus.UNEMPLOYED, date(2026, 6, 10)),
        ]

    def test_the_placement_takes_the_persons_district_and_the_vacancys_employer(
        self, tmp_path: Path, world: World
    ) -> None:
        body = world.rows()
        body[0][6] = ""  # no BIN: the vacancy names its employer
        run(write_csv(tmp_path / "list.csv", PLACEMENT_HEADERS_RU, body))
        placement = Placement.objects.get(person=world.aigerim)
        assert (placement.employer, placement.vacancy) == (world.agro, world.cook)
        assert placement.district == world.aigerim.district
        assert (placement.channel, placement.monthly_wage) == (PlacementChannel.ENBEK, 180_000)
        nurlan = Placement.objects.get(person=world.nurlan)
        assert nurlan.district == district("enbekshikazakh")

    def test_reads_the_program_by_name_or_code_and_the_employment_type(
        self, tmp_path: Path, world: World
    ) -> None:
        body = world.rows()
        body[2][4], body[2][8] = "Грант", "business_grant"
        run(write_csv(tmp_path / "list.csv", PLACEMENT_HEADERS_RU, body))
        nurlan = Placement.objects.get(person=world.nurlan)
        daniyar = Placement.objects.get(person=world.daniyar)
        assert nurlan.program == Program.objects.get(code="youth_practice")
        assert nurlan.employment_type == EmploymentType.SUBSIDISED
        assert daniyar.program == Program.objects.get(code="business_grant")
        assert (daniyar.channel, daniyar.employment_type) == ("grant", EmploymentType.PERMANENT)

    def test_a_vacancy_whose_places_are_all_taken_is_filled(
        self, tmp_path: Path, world: World
    ) -> None:
        job = run(write_csv(tmp_path / "list.csv", PLACEMENT_HEADERS_RU, world.rows()))
        cook = Vacancy.objects.get(pk=world.cook.pk)
        assert (cook.status, cook.closes_on) == (VacancyStatus.FILLED, date(2026, 6, 1))
        event = AuditEvent.objects.get(target_type="registry.vacancy", summary="status")
        assert event.changes == {"status": ["open", "filled"], "import": job.pk}

    def test_a_vacancy_with_places_left_stays_open(self, tmp_path: Path, world: World) -> None:
        Vacancy.objects.filter(pk=world.cook.pk).update(places=2)
        run(write_csv(tmp_path / "list.csv", PLACEMENT_HEADERS_RU, world.rows()))
        assert Vacancy.objects.get(pk=world.cook.pk).status == VacancyStatus.OPEN

    def test_every_placement_and_status_change_is_audited(
        self, tmp_path: Path, world: World
    ) -> None:
        job = run(write_csv(tmp_path / "list.csv", PLACEMENT_HEADERS_RU, world.rows()))
        created = AuditEvent.objects.filter(target_type="registry.placement", action="create")
        status = AuditEvent.objects.filter(target_type="registry.person", summary="status")
        assert {e.changes["import"] for e in created} == {job.pk}
        assert created.count() == status.count() == 3

    def test_aggregates_stay_exact(self, tmp_path: Path, world: World) -> None:
        run(write_csv(tmp_path / "first.csv", PLACEMENT_HEADERS_RU, world.rows()[:2]))
        assert_sources_agree()
        body = world.rows()
        body[0][3] = "10.06.2026"
        run(write_csv(tmp_path / "second.csv", PLACEMENT_HEADERS_RU, body))
        assert_sources_agree()


class RejectionTests:
    @pytest.mark.parametrize(
        ("cells", "expected"),
        [
            (
                {0: new_iin(date(2001, 1, 1), "F")},
                "IIN: No young person with this IIN is registered; import the people first.",
            ),
            ({0: "123"}, "IIN: An IIN must have 12 digits"),
            ({0: ""}, "IIN: This column is required"),
            ({2: ""}, "Start date: This column is required"),
            ({2: "01.07.2026"}, "Start date: The date 01.07.2026 is in the future."),
            ({2: "1 июня"}, "Start date: “1 июня” is not a date"),
            ({3: "01.05.2026"}, "End date: The end date is before the start date."),
            ({4: "по знакомству"}, "Channel: “по знакомству” is not one of"),
            ({4: ""}, "Channel: This column is required"),
            ({4: "Грант"}, "Program: This channel needs the program the placement came from."),
            ({8: "Неизвестная"}, "Program: “Неизвестная” is not a known program."),
            ({5: "навсегда"}, "Employment type: “навсегда” is not one of"),
            ({6: OTHER}, f"Employer BIN: No employer with BIN {OTHER} is registered"),
            ({7: "999"}, "Vacancy external id: No vacancy with the id “999” is imported"),
            ({9: "много"}, "Monthly wage: “много” is not a whole number."),
        ],
    )
    def test_rejects_the_row_with_its_line_column_and_reason(
        self, tmp_path: Path, world: World, cells: dict[int, str], expected: str
    ) -> None:
        body = world.rows()
        for index, value in cells.items():
            body[0][index] = value
        with translation.override("en"):
            job = run(write_csv(tmp_path / "list.csv", PLACEMENT_HEADERS_RU, body))
        assert (job.created, job.rejected) == (2, 1)
        assert any(expected in reason for reason in reasons(job)[2]), reasons(job)
        world.aigerim.refresh_from_db()
        assert world.aigerim.status == PersonStatus.UNEMPLOYED

    def test_rejects_a_vacancy_of_another_employer(self, tmp_path: Path, world: World) -> None:
        make_employer(bin=OTHER)
        body = world.rows()
        body[0][6] = OTHER
        with translation.override("en"):
            job = run(write_csv(tmp_path / "list.csv", PLACEMENT_HEADERS_RU, body))
        assert reasons(job)[2] == ["Vacancy external id: The vacancy belongs to another employer."]

    def test_rejects_a_start_before_the_person_was_14(self, tmp_path: Path, world: World) -> None:
        young = make_person(last_name="Әлиев", birth_date=date(2011, 6, 1), sex="M")
        body = [[young.iin, "", "01.05.2025", "", "самостоятельно", "", "", "", "", ""]]
        with translation.override("en"):
            job = run(write_csv(tmp_path / "list.csv", PLACEMENT_HEADERS_RU, body))
        assert reasons(job)[2] == ["Start date: The person was younger than 14 on the start date."]


class IdempotencyTests:
    def test_importing_the_same_file_again_changes_nothing(
        self, tmp_path: Path, world: World
    ) -> None:
        path = write_csv(tmp_path / "list.csv", PLACEMENT_HEADERS_RU, world.rows())
        run(path)
        events, history = AuditEvent.objects.count(), PersonStatusChange.objects.count()
        again = run(path)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
        assert AuditEvent.objects.count() == events + 1  # only the job's own summary
        assert PersonStatusChange.objects.count() == history
        assert Placement.objects.count() == 3

    def test_an_overlapping_file_updates_the_end_and_wage_and_never_duplicates(
        self, tmp_path: Path, world: World
    ) -> None:
        run(write_csv(tmp_path / "first.csv", PLACEMENT_HEADERS_RU, world.rows()[:2]))
        body = world.rows()
        body[0][3], body[0][9] = "12.06.2026", "200 000"
        job = run(write_csv(tmp_path / "second.csv", PLACEMENT_HEADERS_RU, body))
        placement = Placement.objects.get(person=world.aigerim)
        assert (job.created, job.updated, job.unchanged) == (1, 1, 1)
        assert (placement.end_date, placement.monthly_wage) == (date(2026, 6, 12), 200_000)
        event = AuditEvent.objects.get(
            target_type="registry.placement", target_id=str(placement.pk), action="update"
        )
        assert event.changes["monthly_wage"] == [180_000, 200_000]

    def test_empty_cells_never_erase(self, tmp_path: Path, world: World) -> None:
        body = world.rows()
        body[0][3] = "12.06.2026"
        run(write_csv(tmp_path / "first.csv", PLACEMENT_HEADERS_RU, body))
        job = run(write_csv(tmp_path / "second.csv", PLACEMENT_HEADERS_RU, world.rows()))
        assert job.unchanged == 3
        assert Placement.objects.get(person=world.aigerim).end_date == date(2026, 6, 12)

    def test_an_end_date_before_the_recorded_start_is_refused(
        self, tmp_path: Path, world: World
    ) -> None:
        run(write_csv(tmp_path / "first.csv", PLACEMENT_HEADERS_RU, world.rows()))
        body = world.rows()
        body[2][3] = "01.04.2026"
        with translation.override("en"):
            job = run(write_csv(tmp_path / "second.csv", PLACEMENT_HEADERS_RU, body))
        assert reasons(job)[4] == ["End date: The end date is before the start date."]

    def test_another_start_date_is_another_placement(self, tmp_path: Path, world: World) -> None:
        run(write_csv(tmp_path / "first.csv", PLACEMENT_HEADERS_RU, world.rows()))
        body = [world.rows()[2]]
        body[0][2] = "01.06.2026"
        job = run(write_csv(tmp_path / "second.csv", PLACEMENT_HEADERS_RU, body))
        daniyar = Person.objects.get(pk=world.daniyar.pk)
        assert job.created == 1
        assert daniyar.placements.count() == 2
        assert daniyar.status_since == date(2026, 6, 1)
        assert Employer.objects.count() == 1
