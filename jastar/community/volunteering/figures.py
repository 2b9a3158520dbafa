"""Volunteering's figures of a year for the dashboard, the indicators API and the report."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from jastar.analytics.report.document import Column, Kind, Table, table
from jastar.community.figures import Figure, ModuleFigures
from jastar.community.volunteering import selectors
from jastar.community.volunteering.models import Award
from jastar.registry.models import District


def _nominee(award: Award) -> str:
    # The report goes to analysts too: organisations by name, volunteers without one.
    if award.organisation is not None:
        return award.organisation.name
    return _("A volunteer")


def _awards_table(year: int, district: District | None) -> Table:
    awards = selectors.awards_of_year(year, district)
    return table(
        "volunteering_awards",
        _("Awards of the year"),
        [
            Column(_("Award"), Kind.TEXT),
            Column(_("Nominee"), Kind.TEXT),
            Column(_("Level"), Kind.TEXT),
            Column(_("Status"), Kind.TEXT),
        ],
        [
            [award.name, _nominee(award), award.get_level_display(), award.get_status_display()]
            for award in awards
        ],
    )


def _districts_table(year: int, today: date, district: District | None, totals: dict) -> Table:  # type: ignore[type-arg]
    rows = selectors.by_district(year, today, district)
    return table(
        "volunteering_districts",
        _("Volunteers and confirmed hours by district"),
        [
            Column(_("District"), Kind.TEXT),
            Column(_("Active volunteers")),
            Column(_("Hours confirmed")),
        ],
        [[row["district"].name, row["volunteers"], float(row["confirmed"])] for row in rows],
        total=[_("Total"), totals["volunteers_active"], float(totals["hours_confirmed"])],
        note=_("A volunteer who worked in several districts is counted in each of them once."),
    )


def module_figures(*, year: int, district: District | None, today: date) -> ModuleFigures:
    """Organisations, active volunteers, events, hours, certificates and awards of ``year``."""
    totals = selectors.year_totals(year, today, district)
    figures = (
        Figure("organisations", _("Volunteer organisations"), totals["organisations"]),
        Figure(
            "volunteers_active", _("Volunteers active in the year"), totals["volunteers_active"]
        ),
        Figure("events_held", _("Volunteer events held"), totals["events_held"]),
        Figure("hours_logged", _("Volunteer hours logged"), float(totals["hours_logged"])),
        Figure("hours_confirmed", _("Volunteer hours confirmed"), float(totals["hours_confirmed"])),
        Figure(
            "certificates_issued", _("Certificates of hours issued"), totals["certificates_issued"]
        ),
        Figure("awards_nominated", _("Award nominations"), totals["awards_nominated"]),
        Figure("awards_granted", _("Awards received"), totals["awards_granted"]),
    )
    paragraph = _(
        "%(volunteers)s volunteers worked %(hours)s confirmed hours at %(events)s events; "
        "%(granted)s awards were received."
    ) % {
        "volunteers": figures[1].text,
        "hours": figures[4].text,
        "events": figures[2].text,
        "granted": figures[7].text,
    }
    return ModuleFigures(
        key="volunteering",
        title=_("Volunteering"),
        figures=figures,
        tables=(_districts_table(year, today, district, totals), _awards_table(year, district)),
        paragraphs=(paragraph,),
    )
