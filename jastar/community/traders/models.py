"""Markets, the traders who work on them, the contracts that make them formal, and the
yearly targets per district.

A trader is a person of the registry (one trader record per person) working at a stall of
a market. A contract is what formalises them: a labour contract with the market's
administration or a trading company, a fixed-term one, or registration as an individual
entrepreneur (then the "employer" is the trader's own entrepreneur record, BIN = IIN).
Only labour contracts (open-ended or fixed-term) count towards the office's target of
"formal labour contracts"; an entrepreneur registration formalises the trader too and is
counted on its own (see ``TARGET_KINDS``).
"""

from __future__ import annotations

from typing import Final

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jastar.core.models import BaseModel, choices_check


class Market(BaseModel):
    """A market (bazaar) of a district and who runs it."""

    name = models.CharField(_("name"), max_length=255)
    district = models.ForeignKey(
        "registry.District",
        on_delete=models.PROTECT,
        related_name="trader_markets",
        verbose_name=_("district"),
    )
    administration_name = models.CharField(_("administration"), max_length=255, blank=True)
    # The administration when it is a registered employer (it may then sign contracts).
    administration_employer = models.ForeignKey(
        "registry.Employer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="administered_markets",
        verbose_name=_("administration (employer)"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    traders_estimated = models.PositiveIntegerField(_("traders (estimated)"), default=0)

    class Meta:
        verbose_name = _("market")
        verbose_name_plural = _("markets")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="traders_market_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class TraderStatus(models.TextChoices):
    INFORMAL = "informal", _("informal")
    FORMALISED = "formalised", _("formalised")
    LEFT = "left", _("left the market")


class Trader(BaseModel):
    """A person of the registry trading at a market."""

    person = models.OneToOneField(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="trader",
        verbose_name=_("person"),
    )
    market = models.ForeignKey(
        Market, on_delete=models.PROTECT, related_name="traders", verbose_name=_("market")
    )
    stall = models.CharField(_("stall (row, place)"), max_length=64, blank=True)
    goods = models.CharField(_("goods"), max_length=255, blank=True)
    trading_since = models.DateField(_("trading since"), null=True, blank=True)
    registered_on = models.DateField(_("registered on"))
    status = models.CharField(
        _("status"), max_length=16, choices=TraderStatus.choices, default=TraderStatus.INFORMAL
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("trader")
        verbose_name_plural = _("traders")
        ordering = ["market", "stall", "pk"]
        constraints = [
            choices_check("status", TraderStatus, "traders_trader_status_valid"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(status=TraderStatus.LEFT),
                name="traders_trader_left_on_only_when_left",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.market} {self.stall}".strip()


class ContractKind(models.TextChoices):
    LABOUR = "labour_contract", _("labour contract (open-ended)")
    FIXED_TERM = "fixed_term", _("fixed-term labour contract")
    ENTREPRENEUR = "entrepreneur", _("registered as an individual entrepreneur")


# The kinds that are "formal labour contracts", the office's target.
TARGET_KINDS: Final = (ContractKind.LABOUR, ContractKind.FIXED_TERM)


class Contract(BaseModel):
    """A contract that formalises a trader: who employs them, from when, of which kind."""

    trader = models.ForeignKey(
        Trader, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("trader")
    )
    signed_on = models.DateField(_("signed on"))
    employer = models.ForeignKey(
        "registry.Employer",
        on_delete=models.PROTECT,
        related_name="trader_contracts",
        verbose_name=_("employer"),
    )
    kind = models.CharField(
        _("kind of contract"),
        max_length=16,
        choices=ContractKind.choices,
        default=ContractKind.LABOUR,
    )
    # A fixed-term contract's end; for others, the day the contract was ended.
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    monthly_wage = models.PositiveIntegerField(_("monthly wage, ₸"), null=True, blank=True)
    number = models.CharField(_("contract number"), max_length=64, blank=True)
    # The trader's participation in the "trader_formalisation" program, when open.
    participation = models.ForeignKey(
        "programs.Participation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trader_contracts",
        verbose_name=_("program participation"),
    )

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-signed_on", "pk"]
        constraints = [
            choices_check("kind", ContractKind, "traders_contract_kind_valid"),
            models.UniqueConstraint(
                fields=["trader", "signed_on", "employer"], name="traders_contract_unique"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("signed_on")),
                name="traders_contract_ends_after_signed",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ContractKind.FIXED_TERM) | Q(ends_on__isnull=False),
                name="traders_contract_fixed_term_has_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.trader} {self.signed_on:%d.%m.%Y}"


class FormalisationTarget(BaseModel):
    """How many traders of a district are to get a labour contract in a year."""

    district = models.ForeignKey(
        "registry.District",
        on_delete=models.PROTECT,
        related_name="trader_targets",
        verbose_name=_("district"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.PositiveIntegerField(_("target"))

    class Meta:
        verbose_name = _("formalisation target")
        verbose_name_plural = _("formalisation targets")
        ordering = ["year", "district"]
        constraints = [
            models.UniqueConstraint(fields=["district", "year"], name="traders_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.year}: {self.target}"
