"""Who a user is in the office: a role, and the district, employer or person it is tied to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jastar.core.models import BaseModel, choices_check


class Role(models.TextChoices):
    CASE_WORKER = "case_worker", _("Case worker")
    REGIONAL_OFFICER = "regional_officer", _("Regional officer")
    ANALYST = "analyst", _("Analyst")
    EMPLOYER = "employer", _("Employer")
    ADMINISTRATOR = "administrator", _("Administrator")
    YOUTH = "youth", _("Young person")


class Account(BaseModel):
    """A user's role in Jastar; what it may see follows from it (jastar.core.access).

    A case worker belongs to one district, an employer's login to one employer, a young
    person's login to their own record. Staff users without an account (made with
    ``jastar createsuperuser`` or in the administration) act region-wide with their
    Django permissions.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="account",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    district = models.ForeignKey(
        "registry.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    employer = models.ForeignKey(
        "registry.Employer",
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
    )
    person = models.OneToOneField(
        "registry.Person",
        verbose_name=_("young person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="account",
    )

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            choices_check("role", Role, "account_role_valid"),
            models.CheckConstraint(
                condition=~models.Q(role="case_worker") | models.Q(district__isnull=False),
                name="account_case_worker_has_district",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="employer") | models.Q(employer__isnull=False),
                name="account_employer_has_employer",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="youth") | models.Q(person__isnull=False),
                name="account_youth_has_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
