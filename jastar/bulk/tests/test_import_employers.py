"""Importing lists of employers: BINs, kinds, headers, every rejection, re-runs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

from jastar.bulk.models import ImportJob, ImportStatus
from jastar.bulk.tests.files import (
    EMPLOYER_HEADERS_KK,
    EMPLOYER_HEADERS_RU,
    import_file,
    reasons,
    write_csv,
    write_xlsx,
)
from jastar.core.identifiers import make_bin
from jastar.core.models import AuditEvent
from jastar.registry.models import Employer, EmployerKind
from jastar.registry.tests.factories import centre_of, district, make_employer, new_bin, new_iin

pytestmark = pytest.mark.django_db


def bin_from_2005() -> str:
    """A BIN registered in 2005: it starts with 0, which spreadsheets drop."""
    for serial in range(100, 200):
        try:
            return make_bin(2005, 6, "4", "0", serial)
        except ValueError:
            continue
    raise AssertionError("no serial with a check digit")


AGRO = new_bin()
TALGAR_BREAD = bin_from_2005()
AKHMETOV = new_iin(date(1990, 7, 1), "M")


def rows() -> list[list[object]]:
    return [
        [
            AGRO,
            "«Қаскелең Агро» ЖШС",
            "ЖШС",
            "Сельское хозяйство",
            "Қарасай ауданы",
            "Қаскелең",
            "Абай к-сі 5",
            "+7 727 111 2233",
        ],
        [TALGAR_BREAD, "ТОО «Талгар Нан»", "ТОО", "10.71", "Талгарский район", "Бесагаш", "", ""],
        [AKHMETOV, "ИП Ахметов", "ИП", "", "Konaev", "", "", ""],
    ]


def run(path: Path, *, dry_run: bool = False) -> ImportJob:
    return import_file(path, "employers", dry_run=dry_run)


class FormatsTests:
    def test_reads_russian_headers_in_utf8(self, tmp_path: Path) -> None:
        job = run(write_csv(tmp_path / "list.csv", EMPLOYER_HEADERS_RU, rows()))
        assert (job.status, job.created, job.rejected) == (ImportStatus.DONE, 3, 0)
        agro = Employer.objects.get(bin=AGRO)
        assert agro.industry is not None
        assert (agro.kind, agro.industry.code, agro.district, agro.settlement) == (
            EmployerKind.LEGAL_ENTITY,
            "A",
            district("karasai"),
            centre_of("karasai"),
        )

    def test_reads_a_windows_1251_file(self, tmp_path: Path) -> None:
        body = [
            [AGRO, "ТОО Каскелен Агро", "ТОО", "A", "Карасайский район", "Каскелен", "", ""],
            [AKHMETOV, "ИП Ахметов", "ИП", "", "г. Конаев", "", "", ""],
        ]
        path = write_csv(tmp_path / "list.csv", EMPLOYER_HEADERS_RU, body, encoding="cp1251")
        job = run(path)
        assert (job.encoding, job.created, job.rejected) == ("cp1251", 2, 0)

    def test_recognises_kazakh_headers(self, tmp_path: Path) -> None:
        job = run(write_csv(tmp_path / "list.csv", EMPLOYER_HEADERS_KK, rows()))
        assert job.created == 3
        assert set(job.mapping.values()) >= {"bin", "name", "kind", "district"}

    def test_reads_an_xlsx_workbook_with_numeric_bins(self, tmp_path: Path) -> None:
        body = [[int(str(r[0])), *r[1:]] for r in rows()]  # Excel drops the leading zero
        job = run(write_xlsx(tmp_path / "list.xlsx", EMPLOYER_HEADERS_RU, body))
        assert (job.file_format, job.created, job.rejected) == ("xlsx", 3, 0)
        assert Employer.objects.filter(bin=TALGAR_BREAD).exists()

    def test_an_industry_is_found_by_oked_code_and_a_settlement_within_its_district(
        self, tmp_path: Path
    ) -> None:
        run(write_csv(tmp_path / "list.csv", EMPLOYER_HEADERS_RU, rows()))
        bakery = Employer.objects.get(bin=TALGAR_BREAD)
        assert bakery.industry is not None and bakery.industry.code == "C"
        assert bakery.settlement is not None and bakery.settlement.name_ru == "Бесагаш"

    def test_an_entrepreneur_is_known_by_the_iin_when_the_kind_is_missing(
        self, tmp_path: Path
    ) -> None:
        body = [[AKHMETOV, "Ахметов Б.", "", "", "Қонаев қ.", "", "", ""]]
        job = run(write_csv(tmp_path / "list.csv", EMPLOYER_HEADERS_RU, body))
        assert job.created == 1
        assert Employer.objects.get(bin=AKHMETOV).kind == EmployerKind.ENTREPRENEUR

    def test_a_dry_run_writes_nothing_but_counts_the_same(self, tmp_path: Path) -> None:
        job = run(write_csv(tmp_path / "list.csv", EMPLOYER_HEADERS_RU, rows()), dry_run=True)
        assert (job.created, job.rejected) == (3, 0)
        assert not Employer.objects.exists()


class RejectionTests:
    @pytest.mark.parametrize(
        ("cells", "expected"),
        [
            ({0: AGRO[:-1] + str((int(AGRO[-1]) + 1) % 10)}, "BIN / IIN: The BIN check digit"),
            ({0: "1234"}, "BIN / IIN: A BIN must have 12 digits"),
            ({0: "1.50317E+11"}, "scientific notation"),
            ({0: ""}, "BIN / IIN: This column is required"),
            ({2: "ИП"}, f"Kind: “{AGRO}” is a BIN, but an individual entrepreneur"),
            ({2: "космос"}, "Kind: “космос” is not one of"),
            ({0: AKHMETOV}, f"Kind: “{AKHMETOV}” is an IIN, but a legal entity"),
            ({1: ""}, "Employer: This column is required"),
            ({3: "Космонавтика"}, "Industry: “Космонавтика” is not a known industry"),
            ({4: "Москва"}, "District: “Москва” is not a known district"),
            ({4: ""}, "District: This column is required"),
            ({5: "Париж"}, "Settlement: “Париж” is not a known settlement of"),
            ({5: "Бесагаш"}, "Settlement: “Бесагаш” is not a known settlement of"),
            ({7: "+7 (727) 111-22-33 доб. 123, 124, 125"}, "Phone:"),
        ],
    )
    def test_rejects_the_row_with_its_line_column_and_reason(
        self, tmp_path: Path, cells: dict[int, str], expected: str
    ) -> None:
        body = rows()
        for index, value in cells.items():
            body[0][index] = value
        with translation.override("en"):
            job = run(write_csv(tmp_path / "list.csv", EMPLOYER_HEADERS_RU, body))
        assert (job.created, job.rejected) == (2, 1)
        assert any(expected in reason for reason in reasons(job)[2])
        assert not Employer.objects.filter(bin=AGRO).exists()

    def test_rejects_a_bad_email(self, tmp_path: Path) -> None:
        headers = [*EMPLOYER_HEADERS_RU, "E-mail"]
        body = [[*rows()[0], "not-an-email"]]
        with translation.override("en"):
            job = run(write_csv(tmp_path / "list.csv", headers, body))
        assert job.rejected == 1
        assert reasons(job)[2][0].startswith("Email:")

    def test_a_conflicting_repeat_of_a_bin_is_rejected_naming_the_kept_line(
        self, tmp_path: Path
    ) -> None:
        body = rows()
        changed = list(body[0])
        changed[7] = "+7 700 000 0000"
        body += [list(body[0]), changed]
        with translation.override("en"):
            job = run(write_csv(tmp_path / "list.csv", EMPLOYER_HEADERS_RU, body))
        assert (job.created, job.unchanged, job.rejected) == (3, 1, 1)
        assert "Line 2 has the same key" in reasons(job)[6][0]


class IdempotencyTests:
    def test_importing_the_same_file_again_changes_nothing(self, tmp_path: Path) -> None:
        path = write_csv(tmp_path / "list.csv", EMPLOYER_HEADERS_RU, rows())
        run(path)
        events = AuditEvent.objects.count()
        again = run(path)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
        assert AuditEvent.objects.count() == events + 1  # only the job's own summary

    def test_an_overlapping_file_updates_and_never_duplicates(self, tmp_path: Path) -> None:
        run(write_csv(tmp_path / "first.csv", EMPLOYER_HEADERS_RU, rows()[:2]))
        body = rows()
        body[0][7] = "+7 705 999 8877"
        job = run(write_csv(tmp_path / "second.csv", EMPLOYER_HEADERS_RU, body))
        assert (job.created, job.updated, job.unchanged) == (1, 1, 1)
        assert Employer.objects.count() == 3
        agro = Employer.objects.get(bin=AGRO)
        assert agro.phone == "+7 705 999 8877"
        event = AuditEvent.objects.get(
            target_type="registry.employer", target_id=str(agro.pk), action="update"
        )
        assert event.changes["phone"] == ["+7 727 111 2233", "+7 705 999 8877"]
        assert event.changes["import"] == job.pk

    def test_empty_cells_never_erase_and_a_respelt_name_is_not_a_change(
        self, tmp_path: Path
    ) -> None:
        run(write_csv(tmp_path / "first.csv", EMPLOYER_HEADERS_RU, rows()))
        body = rows()
        body[0][1] = "Kaskelen Agro ZhShS"
        body[0][3], body[0][5], body[0][6], body[0][7] = "", "", "", ""
        job = run(write_csv(tmp_path / "second.csv", EMPLOYER_HEADERS_RU, body))
        assert job.unchanged == 3
        agro = Employer.objects.get(bin=AGRO)
        assert (agro.name, agro.phone) == ("«Қаскелең Агро» ЖШС", "+7 727 111 2233")
        assert agro.settlement == centre_of("karasai")

    def test_a_move_to_another_district_drops_the_old_settlement(self, tmp_path: Path) -> None:
        run(write_csv(tmp_path / "first.csv", EMPLOYER_HEADERS_RU, rows()))
        body = rows()
        body[0][4], body[0][5] = "Талғар ауданы", ""
        job = run(write_csv(tmp_path / "second.csv", EMPLOYER_HEADERS_RU, body))
        agro = Employer.objects.get(bin=AGRO)
        assert job.updated == 1
        assert (agro.district, agro.settlement) == (district("talgar"), None)

    def test_updates_an_employer_registered_by_hand_and_never_its_kind(
        self, tmp_path: Path
    ) -> None:
        make_employer(bin=AGRO, name="Қаскелең Агро", district=district("karasai"))
        job = run(write_csv(tmp_path / "list.csv", EMPLOYER_HEADERS_RU, rows()[:1]))
        agro = Employer.objects.get(bin=AGRO)
        assert (job.created, job.updated) == (0, 1)
        assert agro.industry is not None
        assert (agro.kind, agro.industry.code) == (EmployerKind.LEGAL_ENTITY, "A")

    def test_every_new_employer_is_audited_with_its_import(self, tmp_path: Path) -> None:
        job = run(write_csv(tmp_path / "list.csv", EMPLOYER_HEADERS_RU, rows()))
        events = AuditEvent.objects.filter(target_type="registry.employer", action="create")
        assert events.count() == 3
        assert {e.changes["import"] for e in events} == {job.pk}
