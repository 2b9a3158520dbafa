"""Zhasyl El seasonal youth labour brigades: the brigade, its members and their hours.

A brigade belongs to a seasonal-work edition (Zhasyl El) and works for a district, maybe
a settlement, and an organisation such as the rural akimat. Each member is a person's
Participation in that edition; each day worked is a WorkLog that an officer confirms
before it counts for pay. Imported at the end of ``jastar.programs.models`` so the models
belong to the programs app.
"""

from __future__ import annotations

from typing import Final

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jastar.core.models import BaseModel
from jastar.programs.models import Participation, ProgramEdition
from jastar.registry.models import District, Employer, Person, Settlement

__all__ = ["MAX_HOURS_A_DAY", "Brigade", "BrigadeMember", "WorkLog"]

# The most hours a member may log for one day.
MAX_HOURS_A_DAY: Final = 12


class Brigade(BaseModel):
    """A seasonal youth labour brigade: where, for whom, when, and how it is paid.

    Pay is either an hourly rate or a monthly amount, never both (set regionally).
    """

    edition = models.ForeignKey(
        ProgramEdition,
        verbose_name=_("program edition"),
        on_delete=models.PROTECT,
        related_name="brigades",
    )
    name = models.CharField(_("name"), max_length=200)
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="brigades"
    )
    settlement = models.ForeignKey(
        Settlement,
        verbose_name=_("settlement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="brigades",
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("organisation the work is for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="brigades",
    )
    work_description = models.TextField(_("work description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    leader = models.ForeignKey(
        Person,
        verbose_name=_("brigade leader"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hourly_rate_tenge = models.PositiveIntegerField(_("hourly rate, ₸"), null=True, blank=True)
    monthly_pay_tenge = models.PositiveIntegerField(_("monthly pay, ₸"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"))

    class Meta:
        verbose_name = _("brigade")
        verbose_name_plural = _("brigades")
        ordering = ["-starts_on", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="brigade_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gt=0), name="brigade_capacity_positive"
            ),
            # Pay is one of the two forms, and a positive amount.
            models.CheckConstraint(
                condition=models.Q(hourly_rate_tenge__gt=0, monthly_pay_tenge__isnull=True)
                | models.Q(hourly_rate_tenge__isnull=True, monthly_pay_tenge__gt=0),
                name="brigade_one_pay_form",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y})"


class BrigadeMember(BaseModel):
    """A person in a brigade, through their Participation in the brigade's edition.

    ``left_on`` is the last day in the brigade; empty while the member stays to the end.
    """

    brigade = models.ForeignKey(
        Brigade, verbose_name=_("brigade"), on_delete=models.PROTECT, related_name="members"
    )
    participation = models.OneToOneField(
        Participation,
        verbose_name=_("participation"),
        on_delete=models.PROTECT,
        related_name="brigade_member",
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.CharField(_("reason for leaving"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("brigade member")
        verbose_name_plural = _("brigade members")
        ordering = ["brigade", "joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["brigade", "participation"], name="brigade_member_once"
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("joined_on")),
                name="brigade_member_left_after_joined",
            ),
            # A member who left gives a reason; one who stays has none.
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True, leave_reason="")
                | (models.Q(left_on__isnull=False) & ~models.Q(leave_reason="")),
                name="brigade_member_leave_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.brigade_id} / {self.participation_id}"


class WorkLog(BaseModel):
    """The hours a member worked on one day; they count for pay once confirmed."""

    member = models.ForeignKey(
        BrigadeMember,
        verbose_name=_("brigade member"),
        on_delete=models.PROTECT,
        related_name="logs",
    )
    worked_on = models.DateField(_("worked on"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("work log")
        verbose_name_plural = _("work logs")
        ordering = ["member", "worked_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "worked_on"], name="worklog_one_per_day"),
            models.CheckConstraint(
                condition=models.Q(hours__gt=0, hours__lte=MAX_HOURS_A_DAY),
                name="worklog_hours_in_range",
            ),
            # The confirming user may be deleted later; the date of confirmation stays.
            models.CheckConstraint(
                condition=models.Q(confirmed_by__isnull=True)
                | models.Q(confirmed_on__isnull=False),
                name="worklog_confirmed_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed_on__isnull=True)
                | models.Q(confirmed_on__gte=models.F("worked_on")),
                name="worklog_confirmed_after_worked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.worked_on:%d.%m.%Y}: {self.hours}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_on is not None
