"""Import and export lists of trader formalisation (jastar.bulk.registry).

- ``traders`` (import and export): the lists market administrations send, one row per
  trader or per contract: IIN, full name, market, stall, goods, contract date, employer
  BIN, kind of contract, end date, wage, contract number. The export writes one row per
  contract (traders with contracts), so an exported file imports back unchanged.
- ``trader_progress`` (export only): each district's target of a year, the traders with
  a labour contract that year and the percentage.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jastar.bulk.exports import Getter, KindSpec, Names
from jastar.bulk.registry import BulkKind
from jastar.bulk.schema import Column, Schema
from jastar.community.traders.models import Contract, ContractKind, FormalisationTarget
from jastar.core.access import in_districts_for, related_to_people_for
from jastar.core.audit import Actor
from jastar.registry.models import District

TRADERS: Final = Schema(
    "traders",
    (
        Column("iin", _("IIN"), ("ИИН", "ЖСН", "ИИН/ЖСН", "ЖСН/ИИН"), personal=True, required=True),
        Column(
            "full_name",
            _("Full name"),
            ("ФИО", "Аты-жөні", "Ф.И.О.", "ФИО продавца", "Саудагердің аты-жөні"),
            personal=True,
        ),
        Column("market", _("Market"), ("Рынок", "Базар", "Наименование рынка"), required=True),
        Column(
            "stall",
            _("Stall"),
            ("Место", "Торговое место", "Ряд, место", "Орын", "Сауда орны", "Бутик"),
        ),
        Column("goods", _("Goods"), ("Товар", "Вид товара", "Ассортимент", "Тауар", "Тауар түрі")),
        Column(
            "signed_on",
            _("Contract date"),
            ("Дата договора", "Дата заключения договора", "Шарт күні", "Шарт жасалған күні"),
        ),
        Column(
            "employer_bin",
            _("Employer BIN"),
            ("БИН", "БСН", "БИН работодателя", "БИН/ИИН работодателя", "Жұмыс берушінің БСН"),
        ),
        Column(
            "kind",
            _("Kind of contract"),
            ("Вид договора", "Тип договора", "Шарт түрі"),
        ),
        Column(
            "ends_on", _("Contract end date"), ("Дата окончания договора", "Шарт аяқталатын күн")
        ),
        Column(
            "monthly_wage",
            _("Monthly wage"),
            ("Заработная плата", "Зарплата", "Оклад", "Жалақы"),
        ),
        Column("number", _("Contract number"), ("Номер договора", "№ договора", "Шарт нөмірі")),
    ),
)

PROGRESS: Final = Schema(
    "trader_progress",
    (
        Column("district", _("District")),
        Column("year", _("Year")),
        Column("target", _("Target")),
        Column("formalised", _("Traders with a labour contract")),
        Column("percent", _("Of the target, %")),
    ),
)

PERSON_RECORD_ID: Final = Column("person_id", _("Person record id"))


def _trader(path: str, read: Any) -> Getter:
    return Getter((f"trader__{path}",), lambda c, names: read(c.trader), ("trader",))


_CONTRACTS: Final[dict[str, Getter]] = {
    PERSON_RECORD_ID.key: Getter(
        ("trader__person",), lambda c, names: c.trader.person_id, ("trader",)
    ),
    "iin": Getter(
        ("trader__person__iin",), lambda c, names: c.trader.person.iin, ("trader__person",)
    ),
    "full_name": Getter(
        (
            "trader__person__last_name",
            "trader__person__first_name",
            "trader__person__patronymic",
        ),
        lambda c, names: c.trader.person.full_name,
        ("trader__person",),
    ),
    "market": Getter(
        ("trader__market__name",), lambda c, names: c.trader.market.name, ("trader__market",)
    ),
    "stall": _trader("stall", lambda t: t.stall),
    "goods": _trader("goods", lambda t: t.goods),
    "signed_on": Getter(("signed_on",), lambda c, names: c.signed_on),
    "employer_bin": Getter(("employer__bin",), lambda c, names: c.employer.bin, ("employer",)),
    "kind": Getter(("kind",), lambda c, names: names.label(ContractKind, c.kind)),
    "ends_on": Getter(("ends_on",), lambda c, names: c.ends_on),
    "monthly_wage": Getter(("monthly_wage",), lambda c, names: c.monthly_wage),
    "number": Getter(("number",), lambda c, names: c.number),
}


def _formalised(row: FormalisationTarget) -> int:
    from jastar.community.traders.selectors import traders_with_contract

    # Contracts cannot be signed in the future, so the year's end counts them all.
    return traders_with_contract(year=row.year, today=date(row.year, 12, 31), district=row.district)


def _percent(row: FormalisationTarget) -> str:
    if not row.target:
        return ""
    return f"{100 * _formalised(row) / row.target:.1f}"


def _district_name(row: FormalisationTarget, names: Names) -> str:
    return names.of(District, row.district_id)


_PROGRESS: Final[dict[str, Getter]] = {
    "district": Getter(("district",), _district_name),
    "year": Getter(("year",), lambda row, names: row.year),
    "target": Getter(("target",), lambda row, names: row.target),
    "formalised": Getter(("year", "district"), lambda row, names: _formalised(row), ("district",)),
    "percent": Getter(
        ("year", "district", "target"),
        lambda row, names: _percent(row),
        ("district",),
    ),
}


def contracts_in_scope(actor: Actor, rows: QuerySet[Any]) -> QuerySet[Any]:
    """Contracts of the traders ``actor`` reaches."""
    return related_to_people_for(actor, rows, prefix="trader__person__")


def targets_in_scope(actor: Actor, rows: QuerySet[Any]) -> QuerySet[Any]:
    return in_districts_for(actor, rows)


def _person_of_contract(contract: Contract) -> tuple[int, str]:
    return contract.trader.person_id, contract.trader.person.iin


BULK_KINDS: tuple[BulkKind, ...] = (
    BulkKind(
        kind="traders",
        label=_("Market traders and contracts"),
        schema=TRADERS,
        importer="jastar.community.traders.importer.TradersImporter",
        export=KindSpec(
            TRADERS,
            Contract,
            _CONTRACTS,
            pseudonym=PERSON_RECORD_ID,
            person=_person_of_contract,
            date_field="signed_on",
            scope=contracts_in_scope,
            district_field="trader__market__district",
        ),
        personal=True,
    ),
    BulkKind(
        kind="trader_progress",
        label=_("Trader formalisation: progress by district"),
        schema=PROGRESS,
        export=KindSpec(
            PROGRESS,
            FormalisationTarget,
            _PROGRESS,
            date_field="created_at__date",
            year_field="year",
            scope=targets_in_scope,
        ),
    ),
)
