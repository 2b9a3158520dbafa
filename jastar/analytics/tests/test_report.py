"""The yearly report: its sentences and tables, the three formats, the download and the command.

Most tests read one small demo region (2,000 people, loaded once for the module); each
format is rendered once per language and shared. Today is frozen at 2026-06-15, so 2025
is a whole year and 2026 runs to today.
"""

from __future__ import annotations

import io
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook  # type: ignore[import-untyped]
from pypdf import PdfReader

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import make_user
from jastar.analytics.demo import DEMO_NOTE, YOUTH_PLACEMENT_TARGETS, demo_targets_write
from jastar.analytics.models import PlacementMonth, Target
from jastar.analytics.report import formatting as fmt
from jastar.analytics.report.content import report_content
from jastar.analytics.report.render import report_file
from jastar.analytics.services.facts import facts_rebuild
from jastar.programs.lifecycle import ParticipationStatus
from jastar.programs.models import Program
from jastar.programs.tests.factories import participation_at
from jastar.registry.demo.loader import demo_load, demo_unload
from jastar.registry.demo.targets import (
    NEET_TARGETS,
    PLACEMENTS_2025_TOTAL,
    channel_targets,
    scaled,
)
from jastar.registry.models import District, Placement

PEOPLE = 2_000
KAZAKH_LETTERS = "әғқңөұүі"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def region(django_db_setup, django_db_blocker):
    """A demo region of 2,000 young people with its targets, loaded once for the module."""
    with django_db_blocker.unblock():
        demo_load(people=PEOPLE)
        if not PlacementMonth.objects.exists():  # a loader that does not refresh the tables
            facts_rebuild()
        demo_targets_write(people=PEOPLE)
    yield
    with django_db_blocker.unblock():
        Target.objects.filter(note=DEMO_NOTE).delete()
        demo_unload()
        facts_rebuild()


@cache
def rendered(lang: str, format: str) -> bytes:
    """The 2025 report of the demo region, rendered once per language and format."""
    return report_file(year=2025, lang=lang, format=format).content


def translated(lang: str, msgid: str) -> bool:
    with translation.override(lang):
        return gettext(msgid) != msgid


def needs_catalogue(lang: str, msgid: str) -> None:
    """Skip until the report's strings are in the ``lang`` catalogue (``make messages``)."""
    if not translated(lang, msgid):
        pytest.skip(f"the report's strings are not in the {lang} catalogue yet")


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_fonts(pdf: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


class FormattingTests:
    @pytest.mark.parametrize(
        ("lang", "expected"), [("kk", "27\xa0360"), ("ru", "27\xa0360"), ("en", "27,360")]
    )
    def test_counts_use_the_locales_thousands_separator(self, lang, expected):
        with translation.override(lang):
            assert fmt.count(27_360) == expected

    def test_changes_carry_a_sign_and_the_decimal_comma(self):
        with translation.override("kk"):
            assert fmt.signed_percent(-41.08) == "−41,1%"
            assert fmt.signed_percent(120.64) == "+120,6%"
            assert fmt.percent(None) == "—"
        with translation.override("en"):
            assert fmt.signed_percent(0.04) == "0.0%"
            assert fmt.signed_count(1_496) == "+1,496"

    def test_tenge_is_short_in_sentences_and_full_in_tables(self):
        with translation.override("en"):
            assert fmt.tenge_short(1_476_000) == "1.5\xa0million\xa0₸"
            assert fmt.tenge_short(2_000_000) == "2\xa0million\xa0₸"
            assert fmt.tenge_short(136_500_000) == "136.5\xa0million\xa0₸"
            assert fmt.tenge_short(1_820_000_000) == "1.8\xa0billion\xa0₸"
            assert fmt.tenge_short(25_400) == "25.4\xa0thousand\xa0₸"
            assert fmt.tenge_short(850) == "850\xa0₸"
            assert fmt.tenge(1_476_000) == "1,476,000\xa0₸"
        with translation.override("ru"):
            assert fmt.tenge_short(1_476_000).startswith("1,5\xa0")

    def test_dates_in_english_and_kazakh_month_names(self):
        with translation.override("en"):
            assert fmt.long_date(date(2026, 6, 15)) == "15 June 2026"
            assert fmt.month_abbreviation(1) == "Jan"
        with translation.override("kk"):
            assert [fmt.month_name(m) for m in (1, 4, 9)] == ["Қаңтар", "Сәуір", "Қыркүйек"]

    def test_kazakh_and_russian_dates_take_the_case_the_sentence_needs(self):
        needs_catalogue("kk", "As of %(date)s")
        with translation.override("kk"):
            assert fmt.long_date(date(2026, 6, 15)) == "2026 жылғы 15 маусымдағы"
            assert fmt.month_abbreviation(1) == "қаң"
        with translation.override("ru"):
            assert fmt.long_date(date(2025, 12, 31)) == "31 декабря 2025 года"


@pytest.mark.django_db
class ContentTests:
    def test_headline_carries_the_placements_counted_from_the_raw_table(self, region):
        placed = Placement.objects.filter(start_date__year=2025).count()
        report = report_content(year=2025, lang="en")
        assert report.sentences[0] == f"In 2025, {placed} young people were placed in jobs."
        assert report.key_figures[0].value == placed

    def test_2025_figures_equal_the_demos_scaled_published_figures(self, region):
        report = report_content(year=2025, lang="en")
        total = scaled(PLACEMENTS_2025_TOTAL, PEOPLE)
        channels = {row.values[0]: row.values[1] for row in report.tables["channels"].rows}
        expected = channel_targets(PEOPLE)
        board = report.figures.current
        assert board.channels == expected
        assert channels["Total"] == board.outcome.placed == total
        assert (board.neet_start.neet, board.neet_now.neet) == tuple(
            scaled(n, PEOPLE) for n in NEET_TARGETS.values()
        )
        assert board.outcome.target == scaled(YOUTH_PLACEMENT_TARGETS[2025], PEOPLE)

    def test_sentences_name_the_channels_the_change_the_target_and_neet(self, region):
        report = report_content(year=2025, lang="en")
        board = report.figures.current
        text = " ".join(report.sentences)
        enbek = channel_targets(PEOPLE)["enbek"]
        assert f"{enbek} of them found work through the Enbek.kz labour exchange" in text
        assert f"more than in 2024 ({board.outcome.previous})" in text
        target = scaled(YOUTH_PLACEMENT_TARGETS[2025], PEOPLE)
        with translation.override("en"):
            progress = fmt.percent(100 * board.outcome.placed / target)
        assert f"a target of {target} young people placed in 2025; {progress} of it" in text
        start, end = (scaled(n, PEOPLE) for n in NEET_TARGETS.values())
        assert f"fell from {start} on 31 December 2024 to {end} on 31 December 2025" in text

    def test_channels_that_placed_nobody_are_left_out(self, region):
        assert channel_targets(PEOPLE)["grant"] == 0  # 91 grants scale to none here
        text = " ".join(report_content(year=2025, lang="en").sentences)
        assert "state grant" not in text

    def test_the_current_year_runs_to_today_with_a_forecast(self, region):
        report = report_content(year=2026, lang="en")
        assert not report.complete
        assert report.as_of == "As of 15 June 2026"
        assert report.kind == "Interim report"
        assert report.sentences[0].startswith("As of 15 June 2026, ")
        assert any("expected to end with about" in s for s in report.sentences)
        assert "same months" in report.tables["channels"].columns[2].label

    def test_a_district_report_has_the_districts_figures_only(self, region):
        karasai = District.objects.get(code="karasai")
        placed = Placement.objects.filter(start_date__year=2025, district=karasai).count()
        report = report_content(year=2025, lang="en", district=karasai)
        assert report.district == karasai.name_en
        rows = report.tables["districts"].rows
        assert len(rows) == 1 and rows[0].values[1] == placed

    def test_a_year_without_records_reads_sensibly(self, region):
        report = report_content(year=2020, lang="en")
        assert report.sentences[0] == "In 2020, 0 young people were placed in jobs."
        assert "No placements were recorded in 2019 to compare with." in report.sentences
        assert "No target has been set for 2020." in report.sentences

    def test_program_participants_are_counted_in_sentences_and_table(self, region):
        def enrolled_in_youth_practice() -> tuple[Any, Any]:
            report = report_content(year=2026, lang="en")
            name = Program.objects.get(code="youth_practice").name_en
            row = next(r for r in report.tables["programs"].rows if r.values[0] == name)
            return report, row.values[3]

        _before, enrolled = enrolled_in_youth_practice()
        participation_at(ParticipationStatus.COMPLETED)
        report, now = enrolled_in_youth_practice()
        assert now == enrolled + 1
        board = report.figures.current
        with translation.override("en"):
            total = fmt.count(board.program_total("enrolled"))
            completed = fmt.count(board.program_total("completed"))
        sentence = f"{total} young people joined active labour-market programs; {completed} "
        assert any(s.startswith(sentence) for s in report.sentences)

    def test_demo_figures_are_marked_synthetic(self, region):
        assert "Synthetic data" in report_content(year=2025, lang="en").synthetic

    def test_russian_nouns_agree_with_the_numbers(self, region):
        needs_catalogue("ru", "As of %(date)s")
        n = Placement.objects.filter(start_date__year=2025).count()
        form = 0 if n % 10 == 1 and n % 100 != 11 else 1 if 2 <= n % 10 <= 4 else 2
        if 12 <= n % 100 <= 14:
            form = 2
        expected = (
            f"В 2025 году трудоустроен {n} молодой гражданин.",
            f"В 2025 году трудоустроены {n} молодых гражданина.",
            f"В 2025 году трудоустроены {n} молодых граждан.",
        )[form]
        assert report_content(year=2025, lang="ru").sentences[0] == expected

    def test_kazakh_headline_is_as_the_office_writes_it(self, region):
        needs_catalogue("kk", "As of %(date)s")
        placed = Placement.objects.filter(start_date__year=2025).count()
        report = report_content(year=2025, lang="kk")
        assert report.sentences[0] == f"2025 жылы {placed} жас азамат жұмысқа орналасты."


@pytest.mark.django_db
class RenderTests:
    @pytest.mark.parametrize("lang", ["kk", "ru", "en"])
    def test_html_is_a_standalone_page_with_its_charts(self, region, lang):
        html = rendered(lang, "html").decode("utf-8")
        assert html.startswith("<!DOCTYPE html>")
        assert f'<html lang="{lang}">' in html
        assert html.count('src="data:image/svg+xml;base64,') == 4
        assert "@page" in html and "counter(pages)" in html
        assert "http://" not in html and "https://" not in html and "file:" not in html

    @pytest.mark.parametrize("lang", ["kk", "ru", "en"])
    def test_pdf_is_a_real_pdf_set_in_dejavu_sans(self, region, lang):
        pdf = rendered(lang, "pdf")
        assert pdf.startswith(b"%PDF-")
        assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3
        fonts = pdf_fonts(pdf)
        assert fonts and all("DejaVu" in font for font in fonts)
        placed = Placement.objects.filter(start_date__year=2025).count()
        assert str(placed) in pdf_text(pdf)

    def test_kazakh_pdf_text_has_every_kazakh_letter(self, region):
        text = pdf_text(rendered("kk", "pdf")).lower()
        assert [letter for letter in KAZAKH_LETTERS if letter not in text] == []

    @pytest.mark.parametrize("lang", ["kk", "ru", "en"])
    def test_xlsx_districts_sheet_sums_to_the_total(self, region, lang):
        book = load_workbook(io.BytesIO(rendered(lang, "xlsx")))
        # Summary, six tables of the registry's figures, then a sheet per community part.
        assert len(book.worksheets) == 7 + len(settings.JASTAR_COMMUNITY_MODULES)
        sheet = book.worksheets[1]
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        districts, total = rows[:-1], rows[-1]
        assert all(isinstance(row[1], int) for row in rows)
        assert sum(row[1] for row in districts) == total[1]
        assert total[1] == Placement.objects.filter(start_date__year=2025).count()
        assert sheet.freeze_panes == "B2"
        assert sheet.cell(row=1, column=1).font.b
        assert sheet.column_dimensions["A"].width > 10

    def test_xlsx_sheets_and_headers_are_in_the_reports_language(self, region):
        book = load_workbook(io.BytesIO(rendered("en", "xlsx")))
        assert book.sheetnames == [
            "Summary",
            "Districts",
            "Channels",
            "Months",
            "Programs",
            "NEET",
            "People",
            "Youth centres and coworking",
            "Volunteering",
            "Talent reserve",
            "Youth prizes and grants",
            "Formalising market traders",
        ]
        assert book["Channels"]["A1"].value == "Channel"
        assert book["Months"]["B1"].value == "2025"
        summary = [c.value for c in book["Summary"]["A"] if c.value]
        assert "In 2025, " in " ".join(summary)
        neet = list(book["NEET"].iter_rows(min_row=2, max_row=2, values_only=True))[0]
        assert neet[0].date() == date(2024, 12, 31) and isinstance(neet[2], int)
        assert 0 < neet[3] < 1  # the NEET rate as a fraction, formatted as %


@pytest.mark.django_db
class DownloadTests:
    def url(self, lang: str = "kk") -> str:
        with translation.override(lang):
            return reverse("analytics:report")

    @pytest.fixture
    def user(self):
        # Reports are office work: a user needs a staff-side role (without one: 403).
        return make_user("analyst", Role.ANALYST)

    def test_requires_login(self, region, client):
        response = client.get(self.url(), {"year": 2025, "format": "html"})
        assert response.status_code == 302
        assert "login" in response["Location"]

    def test_pdf_download_is_named_by_year_and_language(self, region, client, user):
        client.force_login(user)
        response = client.get(self.url("ru"), {"year": 2025, "district": "", "format": "pdf"})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            'attachment; filename="jastar-report-2025-ru.pdf"'
        )
        assert response.content.startswith(b"%PDF-")

    def test_xlsx_of_a_district_and_html_shown_inline(self, region, client, user):
        client.force_login(user)
        response = client.get(self.url(), {"year": 2025, "district": "karasai", "format": "xlsx"})
        assert response["Content-Type"] == XLSX
        assert 'filename="jastar-report-2025-karasai-kk.xlsx"' in response["Content-Disposition"]
        response = client.get(self.url("en"), {"year": 2025, "format": "html"})
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert response["Content-Disposition"].startswith("inline;")
        assert b'<html lang="en">' in response.content

    def test_unknown_district_is_not_found(self, region, client, user):
        client.force_login(user)
        response = client.get(self.url(), {"year": 2025, "district": "atlantis"})
        assert response.status_code == 404

    @pytest.mark.parametrize(
        "query", [{"year": 1999}, {"year": 2027}, {"year": "soon"}, {"format": "docx"}]
    )
    def test_bad_year_or_format_is_refused(self, region, client, user, query):
        client.force_login(user)
        assert client.get(self.url(), query).status_code == 400


@pytest.mark.django_db
class CommandTests:
    def test_writes_the_file_and_says_where(self, region, tmp_path: Path):
        out = io.StringIO()
        target = tmp_path / "report.xlsx"
        call_command(
            "report", "--year=2025", "--lang=en", "--format=xlsx", f"--output={target}", stdout=out
        )
        assert load_workbook(target).sheetnames[0] == "Summary"
        assert str(target) in out.getvalue()

    def test_default_file_name_in_the_current_directory(self, region, tmp_path, monkeypatch):
        monkeypatch.chdir(tmp_path)
        call_command(
            "report",
            "--year=2025",
            "--lang=ru",
            "--format=html",
            "--district=talgar",
            stdout=io.StringIO(),
        )
        written = tmp_path / "jastar-report-2025-talgar-ru.html"
        assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            (["--year=1999"], "2000"),
            (["--year=2025", "--district=atlantis"], "karasai"),
            (["--year=2025", "--format=docx"], "docx"),
            (["--year=2025", "--lang=de"], "de"),
        ],
    )
    def test_refuses_a_bad_year_district_format_or_language(self, region, arguments, message):
        with pytest.raises(CommandError, match=message):
            call_command("report", *arguments, stdout=io.StringIO())
