"""Young people and the dated history of their status."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jastar.core.identifiers import mask_iin, validate_iin
from jastar.core.locking import version_field
from jastar.core.models import BaseModel, choices_check
from jastar.registry.models.reference import (
    District,
    EducationLevel,
    FieldOfStudy,
    Occupation,
    Settlement,
    VulnerableGroup,
)
from jastar.registry.rules import age_on


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Area(models.TextChoices):
    URBAN = "urban", _("Urban")
    RURAL = "rural", _("Rural")


class PersonStatus(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    IN_EDUCATION = "in_education", _("In education")
    IN_TRAINING = "in_training", _("In training")
    UNEMPLOYED = "unemployed", _("Unemployed")
    INACTIVE = "inactive", _("Inactive")


# ILO: NEET = neither in employment nor in education or training (SDG 8.6.1).
NEET_STATUSES = (PersonStatus.UNEMPLOYED, PersonStatus.INACTIVE)


class Language(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")
    UIGHUR = "ug", _("Uighur")
    CHINESE = "zh", _("Chinese")
    TURKISH = "tr", _("Turkish")


class Person(BaseModel):
    """A young person in the registry (14–35 when registered; older records are kept)."""

    # On PostgreSQL the IIN and the duplicate key are compared byte by byte (collation "C",
    # migration 0010), so the unique index also serves the search by an IIN's first digits.
    # A migration that alters either column must keep that collation.
    iin = models.CharField(_("IIN"), max_length=12, unique=True, validators=[validate_iin])
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    last_name_latn = models.CharField(_("last name (Latin)"), max_length=100, blank=True)
    first_name_latn = models.CharField(_("first name (Latin)"), max_length=100, blank=True)
    patronymic_latn = models.CharField(_("patronymic (Latin)"), max_length=100, blank=True)
    # Script- and spelling-independent key of the full name, for search in any script.
    # Searched by its trigrams (person_name_key_trgm_idx, a migration), never by equality.
    name_key = models.CharField(_("search key"), max_length=300, editable=False)
    # Birth date and name initials (jastar.registry.duplicates.blocking_key): possible
    # duplicates share it, so they are found by equality on an index.
    duplicate_key = models.CharField(
        _("duplicate search key"), max_length=16, blank=True, editable=False
    )
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)

    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.PROTECT,
        related_name="people",
        db_index=False,  # person_district_status_idx starts with the district
    )
    settlement = models.ForeignKey(
        Settlement,
        verbose_name=_("settlement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    area = models.CharField(_("urban or rural"), max_length=8, choices=Area.choices)

    education_level = models.ForeignKey(
        EducationLevel,
        verbose_name=_("education level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"), null=True, blank=True)
    field_of_study = models.ForeignKey(
        FieldOfStudy,
        verbose_name=_("field of study"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    experience_months = models.PositiveSmallIntegerField(_("work experience, months"), default=0)
    expected_salary = models.PositiveIntegerField(
        _("expected monthly salary, ₸"), null=True, blank=True
    )

    status = models.CharField(_("current status"), max_length=16, choices=PersonStatus.choices)
    status_since = models.DateField(_("status since"))
    is_neet = models.GeneratedField(
        expression=models.Case(
            models.When(status__in=[s.value for s in NEET_STATUSES], then=models.Value(True)),
            default=models.Value(False),
        ),
        output_field=models.BooleanField(),
        db_persist=True,
        verbose_name=_("NEET"),
    )

    languages = models.JSONField(_("languages"), default=list, blank=True)
    skills = models.TextField(_("skills"), blank=True)
    skill_occupations = models.ManyToManyField(
        Occupation, verbose_name=_("occupations of skills"), blank=True, related_name="+"
    )
    desired_occupations = models.ManyToManyField(
        Occupation, verbose_name=_("desired occupations"), blank=True, related_name="+"
    )
    vulnerable_groups = models.ManyToManyField(
        VulnerableGroup, blank=True, related_name="people", verbose_name=_("vulnerable groups")
    )

    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    consent_given_on = models.DateField(
        _("consent to data processing given on"), null=True, blank=True
    )
    registered_on = models.DateField(_("registered on"))
    version = version_field()

    class Meta:
        verbose_name = _("young person")
        verbose_name_plural = _("young people")
        ordering = ["last_name", "first_name", "id"]
        permissions = [
            ("view_personal_data", _("Can see IINs, names and contacts of young people")),
        ]
        indexes = [
            models.Index(fields=["district", "status"], name="person_district_status_idx"),
            # Codes compared by equality only: no pattern index beside it.
            models.Index(fields=["status"], name="person_status_idx"),
            models.Index(fields=["birth_date"], name="person_birth_date_idx"),
            # The registry list's default order; keeps paging fast at region scale.
            models.Index(fields=["last_name", "first_name", "id"], name="person_name_order_idx"),
            models.Index(fields=["duplicate_key"], name="person_duplicate_key_idx"),
        ]
        constraints = [
            choices_check("sex", Sex, "person_sex_valid"),
            choices_check("status", PersonStatus, "person_status_valid"),
            choices_check("area", Area, "person_area_valid"),
            models.CheckConstraint(
                condition=models.Q(graduation_year__isnull=True)
                | models.Q(graduation_year__gte=1950, graduation_year__lte=2100),
                name="person_graduation_year_sane",
            ),
            models.CheckConstraint(
                condition=models.Q(registered_on__gte=models.F("birth_date")),
                name="person_registered_after_birth",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def full_name_latn(self) -> str:
        parts = (self.last_name_latn, self.first_name_latn, self.patronymic_latn)
        return " ".join(p for p in parts if p)

    @property
    def masked_iin(self) -> str:
        return mask_iin(self.iin)

    def age_on(self, on: date) -> int:
        return age_on(self.birth_date, on)


class PersonStatusChange(BaseModel):
    """A dated change of a person's status; the history answers "NEET on date D?"."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="status_changes",
        db_index=False,  # status_change_one_per_day starts with the person
    )
    status = models.CharField(_("status"), max_length=16, choices=PersonStatus.choices)
    valid_from = models.DateField(_("valid from"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ["person", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "valid_from"], name="status_change_one_per_day"
            ),
            choices_check("status", PersonStatus, "status_change_status_valid"),
        ]
        indexes = [models.Index(fields=["valid_from", "status"], name="status_change_date_idx")]

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.get_status_display()}"
