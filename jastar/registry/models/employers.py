"""Employers, their vacancies, and the placements the office counts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jastar.core.i18n import localized
from jastar.core.locking import version_field
from jastar.core.models import BaseModel, choices_check
from jastar.registry.models.people import Person
from jastar.registry.models.reference import (
    District,
    EducationLevel,
    Industry,
    Occupation,
    Settlement,
)


class EmployerKind(models.TextChoices):
    LEGAL_ENTITY = "legal_entity", _("Legal entity")
    ENTREPRENEUR = "entrepreneur", _("Individual entrepreneur")


class Employer(BaseModel):
    """An employer, identified by its BIN (an individual entrepreneur by IIN)."""

    bin = models.CharField(_("BIN / IIN"), max_length=12, unique=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=EmployerKind.choices, default=EmployerKind.LEGAL_ENTITY
    )
    name = models.CharField(_("name"), max_length=255)
    industry = models.ForeignKey(
        Industry, verbose_name=_("industry"), null=True, blank=True, on_delete=models.PROTECT
    )
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="employers"
    )
    settlement = models.ForeignKey(
        Settlement, verbose_name=_("settlement"), null=True, blank=True, on_delete=models.PROTECT
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    version = version_field()

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class EmploymentType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    TEMPORARY = "temporary", _("Temporary")
    SEASONAL = "seasonal", _("Seasonal")
    INTERNSHIP = "internship", _("Internship")
    SUBSIDISED = "subsidised", _("Subsidised place")


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")


class VacancySource(models.TextChoices):
    OWN = "own", _("Posted in Jastar")
    ENBEK = "enbek", _("Enbek.kz")
    PROGRAM = "program", _("Program place")


class Vacancy(BaseModel):
    """A job offer: its text in Kazakh and/or Russian, place, pay and requirements."""

    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="vacancies"
    )
    title_kk = models.CharField(_("title (Kazakh)"), max_length=255, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=255, blank=True)
    description_kk = models.TextField(_("description (Kazakh)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), null=True, blank=True, on_delete=models.PROTECT
    )
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="vacancies"
    )
    settlement = models.ForeignKey(
        Settlement, verbose_name=_("settlement"), null=True, blank=True, on_delete=models.PROTECT
    )
    salary_min = models.PositiveIntegerField(_("salary from, ₸"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("salary to, ₸"), null=True, blank=True)
    employment_type = models.CharField(
        _("employment type"), max_length=16, choices=EmploymentType.choices
    )
    education_required = models.ForeignKey(
        EducationLevel,
        verbose_name=_("education required"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    experience_months_required = models.PositiveSmallIntegerField(
        _("experience required, months"), default=0
    )
    places = models.PositiveSmallIntegerField(_("number of places"), default=1)
    status = models.CharField(
        _("status"), max_length=8, choices=VacancyStatus.choices, default=VacancyStatus.OPEN
    )
    source = models.CharField(
        _("source"), max_length=8, choices=VacancySource.choices, default=VacancySource.OWN
    )
    external_id = models.CharField(_("external id"), max_length=64, blank=True)
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vacancies",
    )
    posted_on = models.DateField(_("posted on"))
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    version = version_field()

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-posted_on", "id"]
        indexes = [models.Index(fields=["district", "status"], name="vacancy_district_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(title_kk="", title_ru=""), name="vacancy_has_title"
            ),
            models.CheckConstraint(
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_min__lte=models.F("salary_max")),
                name="vacancy_salary_range_ordered",
            ),
            models.CheckConstraint(condition=models.Q(places__gte=1), name="vacancy_places_min"),
            choices_check("employment_type", EmploymentType, "vacancy_employment_type_valid"),
            choices_check("status", VacancyStatus, "vacancy_status_valid"),
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="vacancy_external_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")


class PlacementChannel(models.TextChoices):
    ENBEK = "enbek", _("Enbek.kz labour exchange")
    PROGRAM = "program", _("Active labour-market program")
    OWN_INITIATIVE = "own_initiative", _("Own initiative")
    GRANT = "grant", _("Business grant")
    SELF_EMPLOYMENT = "self_employment", _("Self-employment")


# Channels whose placements must name the program behind them.
PROGRAM_CHANNELS = (PlacementChannel.PROGRAM, PlacementChannel.GRANT)


class Placement(BaseModel):
    """A young person started work: the fact the office's figures count."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="placements"
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
    )
    vacancy = models.ForeignKey(
        Vacancy,
        verbose_name=_("vacancy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    employment_type = models.CharField(
        _("employment type"), max_length=16, choices=EmploymentType.choices
    )
    channel = models.CharField(_("channel"), max_length=16, choices=PlacementChannel.choices)
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
    )
    # District of the person at the time of placement, so counts by district stay
    # right after the person moves.
    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="placements"
    )
    monthly_wage = models.PositiveIntegerField(_("monthly wage, ₸"), null=True, blank=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date", "id"]
        indexes = [models.Index(fields=["start_date", "channel"], name="placement_date_chan_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "start_date", "channel"], name="placement_unique_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="placement_ends_after_start",
            ),
            choices_check("channel", PlacementChannel, "placement_channel_valid"),
            models.CheckConstraint(
                condition=~models.Q(channel__in=[c.value for c in PROGRAM_CHANNELS])
                | models.Q(program__isnull=False),
                name="placement_program_channel_has_program",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.start_date} {self.channel}"
