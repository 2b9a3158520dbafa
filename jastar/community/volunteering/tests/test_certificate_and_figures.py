from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.utils import translation
from pypdf import PdfReader

from jastar.accounts.tests.factories import make_user
from jastar.community.volunteering import services
from jastar.community.volunteering.certificate import certificate_download
from jastar.community.volunteering.figures import module_figures
from jastar.community.volunteering.models import AwardLevel
from jastar.community.volunteering.tests.helpers import (
    aigerim_volunteer,
    at,
    clean_up,
    kind_hearts,
    logged,
)
from jastar.core.models import AuditAction, AuditEvent
from jastar.registry.tests.factories import district

pytestmark = pytest.mark.django_db

KAZAKH_NAME = "Әбілқайырова Ғалия Құрманғазықызы"
KAZAKH_LETTERS = "әғқңөұүһі"


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_fonts(pdf: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


@pytest.fixture
def certificate():
    officer = make_user("officer", "regional_officer")
    volunteer = aigerim_volunteer(
        last_name="Әбілқайырова", first_name="Ғалия", patronymic="Құрманғазықызы"
    )
    event = clean_up(kind_hearts(name="Үміт өңірі һәм іс"))
    services.hours_confirm(actor=officer, log=logged(volunteer, event, "7.5"))
    issued = services.certificate_issue(
        actor=officer, volunteer=volunteer, period_from=date(2026, 1, 1), period_to=date(2026, 6, 1)
    )
    return officer, issued


class CertificatePdfTests:
    def test_kazakh_certificate_renders_every_kazakh_letter_in_dejavu(self, certificate):
        officer, issued = certificate
        pdf = certificate_download(actor=officer, certificate=issued, lang="kk")
        assert pdf.startswith(b"%PDF-")
        assert all("DejaVu" in font for font in pdf_fonts(pdf))
        text = pdf_text(pdf)
        assert KAZAKH_NAME in text
        assert all(letter in text.lower() for letter in KAZAKH_LETTERS)
        assert issued.number in text
        assert "7.5" in text or "7,5" in text

    @pytest.mark.parametrize("lang", ["ru", "en"])
    def test_certificate_in_russian_and_english_names_the_volunteer(self, certificate, lang):
        officer, issued = certificate
        text = pdf_text(certificate_download(actor=officer, certificate=issued, lang=lang))
        assert KAZAKH_NAME in text
        assert "Үміт өңірі һәм іс" in text

    def test_download_is_audited_as_an_export_of_the_person(self, certificate):
        officer, issued = certificate
        certificate_download(actor=officer, certificate=issued, lang="ru")
        event = AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=officer).first()
        assert event is not None
        assert event.target_id == str(issued.volunteer.person_id)


class FiguresTests:
    def test_figures_equal_the_records(self):
        officer = make_user("officer", "regional_officer")
        karasai = kind_hearts()
        talgar = kind_hearts("talgar", name="Talgar Jastary")
        aigerim = aigerim_volunteer()
        near = clean_up(karasai)
        far = clean_up(
            talgar, title="Talgar run", starts_at=at(2026, 3, 1), ends_at=at(2026, 3, 1, 15)
        )
        clean_up(karasai, title="Next year", starts_at=at(2027, 3, 1), ends_at=at(2027, 3, 2))
        services.hours_confirm(actor=officer, log=logged(aigerim, near, "6"))
        logged(aigerim, far, "2")
        services.hours_reject(
            actor=officer, log=logged(aigerim, far, "3", worked_on=date(2026, 3, 2))
        )
        services.certificate_issue(
            actor=officer,
            volunteer=aigerim,
            period_from=date(2026, 1, 1),
            period_to=date(2026, 6, 1),
        )
        award = services.award_nominate(
            actor=None,
            name_kk="Жыл еріктісі",
            name_ru="Волонтёр года",
            name_en="Volunteer of the Year",
            year=2026,
            level=AwardLevel.INTERNATIONAL,
            organisation=karasai,
        )
        services.award_grant(actor=None, award=award, awarded_on=date(2026, 4, 1))
        services.award_nominate(
            actor=None,
            name_kk="Ж",
            name_ru="В",
            name_en="V",
            year=2026,
            level=AwardLevel.REGIONAL,
            volunteer=aigerim,
        )
        with translation.override("en"):
            figures = module_figures(year=2026, district=None, today=date(2026, 6, 15))
            in_talgar = module_figures(
                year=2026, district=district("talgar"), today=date(2026, 6, 15)
            )
        values = {f.key: f.value for f in figures.figures}
        assert values == {
            "organisations": 2,
            "volunteers_active": 1,
            "events_held": 2,
            "hours_logged": 8.0,
            "hours_confirmed": 6.0,
            "certificates_issued": 1,
            "awards_nominated": 2,
            "awards_granted": 1,
        }
        assert in_talgar.figure("hours_confirmed").value == 0
        assert in_talgar.figure("hours_logged").value == 2.0
        by_district = figures.tables[0]
        assert [row.texts[0] for row in by_district.rows] == [
            "Karasai District",
            "Talgar District",
            "Total",
        ]
        assert by_district.rows[0].values[1:] == (1, 6.0)
        awards = figures.tables[1]
        assert {row.values[1] for row in awards.rows} == {"Мейірім жүректер", "A volunteer"}
        assert figures.title == "Volunteering"
