"""A young person's application to a vacancy, and the employer's answer to it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jastar.core.models import BaseModel, choices_check
from jastar.registry.models.employers import Vacancy
from jastar.registry.models.people import Person


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    INVITED = "invited", _("Invited to an interview")
    HIRED = "hired", _("Hired")
    DECLINED = "declined", _("Declined")


class VacancyApplication(BaseModel):
    """A person's interest in a vacancy: they applied, or the employer invited them.

    One per person and vacancy; its status follows the employer's answer, and a hire is
    also recorded as a placement (``jastar.registry.services.applications``).
    """

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="vacancy_applications",
    )
    vacancy = models.ForeignKey(
        Vacancy, verbose_name=_("vacancy"), on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        _("status"),
        max_length=9,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("vacancy application")
        verbose_name_plural = _("vacancy applications")
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "vacancy"], name="vacancy_application_once_per_person"
            ),
            choices_check("status", ApplicationStatus, "vacancy_application_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.vacancy_id}: {self.status}"
