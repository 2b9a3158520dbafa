"""A volunteer's certificate of hours as an A4 PDF (WeasyPrint), in kk, ru or en.

Set in DejaVu Sans, which has every Kazakh letter: Debian's fonts-dejavu-core when the
system has it, matplotlib's copy otherwise; nothing is fetched from the network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from django.template.loader import render_to_string
from django.utils import translation

from jastar.community.volunteering.models import Certificate, HoursLog, HoursStatus, Organisation
from jastar.core.audit import Actor, audit_record
from jastar.core.models import AuditAction

LANGUAGES: Final = ("kk", "ru", "en")
_SYSTEM_FONTS: Final = Path("/usr/share/fonts/truetype/dejavu")


def _fonts() -> dict[str, str]:
    folder = _SYSTEM_FONTS
    if not (folder / "DejaVuSans.ttf").exists():
        import matplotlib

        folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {
        "regular": (folder / "DejaVuSans.ttf").as_uri(),
        "bold": (folder / "DejaVuSans-Bold.ttf").as_uri(),
    }


def certificate_organisations(certificate: Certificate) -> list[Organisation]:
    """The organisations that confirmed the certified hours."""
    worked = HoursLog.objects.filter(
        volunteer_id=certificate.volunteer_id,
        status=HoursStatus.CONFIRMED,
        worked_on__gte=certificate.period_from,
        worked_on__lte=certificate.period_to,
    )
    return list(Organisation.objects.filter(events__hours__in=worked).distinct().order_by("name"))


def certificate_html(certificate: Certificate, lang: str) -> str:
    with translation.override(lang):
        return render_to_string(
            "volunteering/certificate.html",
            {
                "certificate": certificate,
                "person": certificate.volunteer.person,
                "organisations": certificate_organisations(certificate),
                "fonts": _fonts(),
                "lang": lang,
            },
        )


def certificate_pdf(certificate: Certificate, lang: str) -> bytes:
    """The certificate as PDF bytes in ``lang`` (kk, ru or en)."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    pdf: bytes = HTML(string=certificate_html(certificate, lang)).write_pdf()
    return pdf


def certificate_filename(certificate: Certificate, lang: str) -> str:
    return f"volunteer-certificate-{certificate.number}-{lang}.pdf"


def certificate_download(*, actor: Actor, certificate: Certificate, lang: str) -> bytes:
    """The certificate's PDF for ``actor``; the download is audited (it names the person)."""
    pdf = certificate_pdf(certificate, lang)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        target=certificate.volunteer.person,
        summary=f"volunteer certificate {certificate.number}",
        changes={"certificate": certificate.pk, "lang": lang},
    )
    return pdf
