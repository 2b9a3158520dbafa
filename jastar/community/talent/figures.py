"""The talent reserve's figures of a year, for the dashboard, the indicators API and the
yearly report (``jastar.community.figures``).

- **nominations**: nominations dated in the year (up to today);
- **members_selected**: memberships beginning in the year;
- **active_members**: active memberships on the last day counted (today, or 31 December);
- **trainings_completed**: trainings completed in the year;
- **members_appointed**: members of the year (membership overlapping it) appointed to a
  post in the year; **appointed_leading**: of them, those appointed to a leading post;
- **share_appointed**: members appointed as a percentage of the members of the year.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from jastar.analytics.report.document import Column, Kind, Table, table
from jastar.community.figures import Figure, ModuleFigures
from jastar.community.talent.selectors import (
    Period,
    appointments_in,
    members_active_on,
    members_by_district,
    members_of_year,
    members_selected_in,
    nominations_in,
    share_appointed,
    trainings_in,
)
from jastar.registry.models import District


def module_figures(*, year: int, district: District | None, today: date) -> ModuleFigures:
    """The reserve's figures of ``year`` up to ``today``, for ``district`` or the region."""
    period = Period(year, today)
    members = members_of_year(period, district)
    appointments = appointments_in(period, district)
    appointed = members.filter(appointments__in=appointments).distinct().count()
    leading = (
        members.filter(appointments__in=appointments.filter(leading_post=True)).distinct().count()
    )
    member_count = members.count()
    figures = (
        Figure("nominations", _("Nominations"), nominations_in(period, district).count()),
        Figure(
            "members_selected",
            _("Members selected"),
            members_selected_in(period, district).count(),
        ),
        Figure(
            "active_members", _("Active members"), members_active_on(period.last, district).count()
        ),
        Figure(
            "trainings_completed",
            _("Trainings completed"),
            trainings_in(period, district).count(),
        ),
        Figure("members_appointed", _("Members appointed"), appointed),
        Figure("appointed_leading", _("Of them to leading posts"), leading),
        Figure(
            "share_appointed",
            _("Share of members appointed"),
            share_appointed(appointed, member_count),
            Kind.PERCENT,
        ),
    )
    return ModuleFigures(
        key="talent",
        title=_("Talent reserve"),
        figures=figures,
        tables=(_appointments_table(period, district), _districts_table(period, district)),
        paragraphs=(_paragraph(member_count, appointed, leading),),
    )


def _appointments_table(period: Period, district: District | None) -> Table:
    rows = [
        (a.post, a.organisation, a.appointed_on, _("yes") if a.leading_post else _("no"))
        for a in appointments_in(period, district)
    ]
    columns = (
        Column(_("Post"), Kind.TEXT),
        Column(_("Organisation"), Kind.TEXT),
        Column(_("Appointed on"), Kind.DATE),
        Column(_("Leading post"), Kind.TEXT),
    )
    return table("talent_appointments", _("Appointments of reserve members"), columns, rows)


def _districts_table(period: Period, district: District | None) -> Table:
    rows = members_by_district(period, district)
    columns = (
        Column(_("District"), Kind.TEXT),
        Column(_("Members")),
        Column(_("Appointed")),
    )
    total = (_("Total"), sum(r[1] for r in rows), sum(r[2] for r in rows))
    return table("talent_districts", _("Reserve members by district"), columns, rows, total=total)


def _paragraph(members: int, appointed: int, leading: int) -> str:
    return _(
        "The talent reserve had %(members)d members in the year; %(appointed)d were "
        "appointed to posts, %(leading)d of them to leading posts."
    ) % {"members": members, "appointed": appointed, "leading": leading}
