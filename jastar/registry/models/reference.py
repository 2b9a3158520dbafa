"""Reference data: places, classifiers and yearly rates. Loaded from data files."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jastar.core.i18n import TranslatedName, localized
from jastar.core.models import BaseModel


class Region(TranslatedName, BaseModel):
    """A region (oblys). The office serves one; others can be added as data."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    kato = models.CharField(_("KATO code"), max_length=9, blank=True)
    name_kk_latn = models.CharField(_("name (Kazakh, Latin script)"), max_length=255)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]


class DistrictKind(models.TextChoices):
    DISTRICT = "district", _("District")
    CITY = "city", _("City of regional significance")


class District(TranslatedName, BaseModel):
    """A district (audan) or a city of regional significance."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="districts"
    )
    code = models.SlugField(_("code"), max_length=32, unique=True)
    kato = models.CharField(_("KATO code"), max_length=9, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DistrictKind.choices)
    name_kk_latn = models.CharField(_("name (Kazakh, Latin script)"), max_length=255)
    centre_kk = models.CharField(_("administrative centre (Kazakh)"), max_length=255, blank=True)
    centre_ru = models.CharField(_("administrative centre (Russian)"), max_length=255, blank=True)
    centre_en = models.CharField(_("administrative centre (English)"), max_length=255, blank=True)
    centre_kk_latn = models.CharField(
        _("administrative centre (Kazakh, Latin script)"), max_length=255, blank=True
    )
    neighbours = models.ManyToManyField(
        "self", verbose_name=_("neighbouring districts"), blank=True, symmetrical=True
    )

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["region", "kind", "name_kk"]

    @property
    def centre(self) -> str:
        return localized(self, "centre")


class SettlementKind(models.TextChoices):
    CITY = "city", _("City")
    TOWN = "town", _("Town")
    VILLAGE = "village", _("Village")


class Settlement(BaseModel):
    """A city, town or village inside a district."""

    district = models.ForeignKey(
        District, verbose_name=_("district"), on_delete=models.PROTECT, related_name="settlements"
    )
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_kk_latn = models.CharField(_("name (Kazakh, Latin script)"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=SettlementKind.choices)
    is_rural = models.BooleanField(_("rural"))
    is_district_centre = models.BooleanField(_("administrative centre"), default=False)
    kato = models.CharField(_("KATO code"), max_length=9, blank=True)

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["district", "name_kk"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name_kk"], name="settlement_unique_name")
        ]

    @property
    def name(self) -> str:
        return localized(self, "name")

    def __str__(self) -> str:
        return self.name


class EducationLevel(TranslatedName, BaseModel):
    """A level of education in Kazakhstan, mapped to ISCED 2011."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    isced = models.PositiveSmallIntegerField(_("ISCED 2011 level"))
    order = models.PositiveSmallIntegerField(_("order"), unique=True)

    class Meta:
        verbose_name = _("education level")
        verbose_name_plural = _("education levels")
        ordering = ["order"]
        constraints = [models.CheckConstraint(condition=models.Q(isced__lte=8), name="isced_0_8")]


class FieldOfStudy(TranslatedName, BaseModel):
    """A field of education and training (ISCED-F 2013), broad or narrow."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("broad field"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("field of study")
        verbose_name_plural = _("fields of study")
        ordering = ["code"]


class OccupationLevel(models.IntegerChoices):
    MAJOR = 1, _("Major group")
    SUB_MAJOR = 2, _("Sub-major group")
    MINOR = 3, _("Minor group")
    UNIT = 4, _("Unit group")
    OCCUPATION = 5, _("Occupation")


class Occupation(TranslatedName, BaseModel):
    """An entry of the occupation classifier (NKZ, following ISCO-08 at 1-4 digits).

    Codes are 1 to 4 digits, and ``NNNN-N`` for the national classifier's fifth level.
    """

    code = models.CharField(_("code"), max_length=8, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=OccupationLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def major_code(self) -> str:
        return self.code[:1]

    @property
    def sub_major_code(self) -> str:
        return self.code[:2]


class Industry(TranslatedName, BaseModel):
    """A section of the economic activity classifier (OKED, following NACE Rev. 2)."""

    code = models.CharField(_("code"), max_length=8, unique=True)

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["code"]


class VulnerableGroup(TranslatedName, BaseModel):
    """A socially vulnerable category a person may belong to (disability, kandas, a large
    family…). Programs name the codes in their eligibility rules (``in_group``)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("vulnerable group")
        verbose_name_plural = _("vulnerable groups")
        ordering = ["code"]


class YearlyRates(BaseModel):
    """Monthly calculation index (MRP) and minimum wage of a year, in tenge.

    Programs express subsidies in MRP; this table converts them to tenge. Editable by an
    administrator when a budget law changes the figures.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    mrp = models.PositiveIntegerField(_("monthly calculation index (MRP), ₸"))
    minimum_wage = models.PositiveIntegerField(_("minimum wage, ₸"))
    subsistence_minimum = models.PositiveIntegerField(
        _("subsistence minimum, ₸"), null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("yearly rates")
        verbose_name_plural = _("yearly rates")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=models.Q(year__gte=1990), name="rates_year_sane"),
            models.CheckConstraint(condition=models.Q(mrp__gt=0), name="rates_mrp_positive"),
        ]

    def __str__(self) -> str:
        return str(self.year)

    def mrp_to_tenge(self, amount_mrp: float) -> int:
        """Convert an amount in MRP to whole tenge for this year."""
        return round(amount_mrp * self.mrp)
