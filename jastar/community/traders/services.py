"""Writes of trader formalisation: markets, traders, contracts, targets.

Every service is keyword-only, atomic, validates with ``full_clean`` and leaves an audit
event. Who may write is decided by ``jastar.core.access.can_manage_in_district`` for the
market's district (a case worker there, regional officers, administrators); the system
(``actor=None``: the demo loader, commands) may always write.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, Final

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jastar.community.traders.models import (
    Contract,
    ContractKind,
    FormalisationTarget,
    Market,
    Trader,
    TraderStatus,
)
from jastar.core.access import can_manage_in_district, sees_region
from jastar.core.audit import Actor, audit_people_viewed, audit_record, diff_fields
from jastar.core.models import AuditAction
from jastar.programs.lifecycle import ACTIVE_STATUSES
from jastar.programs.models import Participation
from jastar.registry.models import District, Employer, Person

PROGRAM_CODE: Final = "trader_formalisation"
MARKET_FIELDS: Final = (
    "name",
    "administration_name",
    "administration_employer",
    "address",
    "contact_person",
    "phone",
    "traders_estimated",
)


def require_manage(actor: Actor, district_id: int | None) -> None:
    """Refuse a user who may not record community work of the district."""
    if actor is not None and not can_manage_in_district(actor, district_id):
        raise PermissionDenied(_("You may not record traders of this district."))


# --- Markets -------------------------------------------------------------------------------


@transaction.atomic
def market_create(*, actor: Actor, district: District, name: str, **details: Any) -> Market:
    """Record a market of ``district``; ``details`` are the other fields of ``Market``."""
    require_manage(actor, district.pk)
    unknown = set(details) - set(MARKET_FIELDS)
    if unknown:
        raise TypeError(f"unknown market fields: {sorted(unknown)}")
    market = Market(district=district, name=name.strip(), **details)
    market.full_clean()
    market.save()
    audit_record(actor=actor, action=AuditAction.CREATE, target=market, summary=market.name)
    return market


@transaction.atomic
def market_update(*, actor: Actor, market: Market, **data: Any) -> Market:
    """Change a market's name, administration and contacts (its district stays)."""
    require_manage(actor, market.district_id)
    unknown = set(data) - set(MARKET_FIELDS)
    if unknown:
        raise TypeError(f"unknown market fields: {sorted(unknown)}")
    changes = diff_fields(market, data)
    if not changes:
        return market
    for name, value in data.items():
        setattr(market, name, value)
    market.full_clean()
    fields = [f"{n}_id" if n == "administration_employer" else n for n in changes]
    market.save(update_fields=[*fields, "updated_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, target=market, changes=changes)
    return market


# --- Traders -------------------------------------------------------------------------------


@transaction.atomic
def trader_register(
    *,
    actor: Actor,
    person: Person,
    market: Market,
    registered_on: date,
    stall: str = "",
    goods: str = "",
    trading_since: date | None = None,
) -> Trader:
    """Register a person of the registry as a trader of ``market`` (informal until a
    contract is signed). A person is a trader of one market at a time."""
    require_manage(actor, market.district_id)
    if Trader.objects.filter(person=person).exists():
        raise ValidationError(
            {"person": _("This person is registered as a trader already.")}, code="duplicate"
        )
    if trading_since is not None and trading_since > registered_on:
        raise ValidationError(
            {"trading_since": _("Trading cannot start after the registration date.")}
        )
    trader = Trader(
        person=person,
        market=market,
        stall=stall.strip(),
        goods=goods.strip(),
        trading_since=trading_since,
        registered_on=registered_on,
        status=TraderStatus.INFORMAL,
    )
    trader.full_clean()
    trader.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=trader,
        summary=f"person {person.pk}",
        changes={"person": person.pk, "market": market.pk},
    )
    return trader


@transaction.atomic
def trader_leave(*, actor: Actor, trader: Trader, on: date) -> Trader:
    """The trader left the market on ``on``; their contracts stay on record."""
    require_manage(actor, trader.market.district_id)
    if trader.status == TraderStatus.LEFT:
        raise ValidationError({"status": _("The trader has left the market already.")})
    if on < trader.registered_on:
        raise ValidationError({"left_on": _("The trader cannot leave before being registered.")})
    old = trader.status
    trader.status, trader.left_on = TraderStatus.LEFT, on
    trader.full_clean()
    trader.save(update_fields=["status", "left_on", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=trader,
        summary="status",
        changes={"status": [old, TraderStatus.LEFT], "left_on": on.isoformat()},
    )
    return trader


# --- Contracts -----------------------------------------------------------------------------


def open_participation(person: Person) -> Participation | None:
    """The person's open participation of the trader formalisation program, if any."""
    return (
        Participation.objects.filter(
            person=person, edition__program__code=PROGRAM_CODE, status__in=ACTIVE_STATUSES
        )
        .order_by("-applied_on", "-pk")
        .first()
    )


def contract_check(
    *, trader: Trader, signed_on: date, kind: str, ends_on: date | None, today: date
) -> dict[str, list[Any]]:
    """The rules a new contract breaks, by field (empty when it may be signed)."""
    errors: dict[str, list[Any]] = {}
    if signed_on > today:
        errors.setdefault("signed_on", []).append(_("A contract cannot be signed in the future."))
    if trader.status == TraderStatus.LEFT and trader.left_on and signed_on > trader.left_on:
        errors.setdefault("signed_on", []).append(_("The trader left the market before this date."))
    if kind == ContractKind.FIXED_TERM and ends_on is None:
        errors.setdefault("ends_on", []).append(_("A fixed-term contract needs its end date."))
    if ends_on is not None and ends_on < signed_on:
        errors.setdefault("ends_on", []).append(_("A contract cannot end before it is signed."))
    return errors


@transaction.atomic
def contract_sign(
    *,
    actor: Actor,
    trader: Trader,
    employer: Employer,
    signed_on: date,
    kind: str = ContractKind.LABOUR,
    ends_on: date | None = None,
    monthly_wage: int | None = None,
    number: str = "",
    today: date | None = None,
) -> Contract:
    """Record a contract signed by ``trader``: the trader becomes formalised, and the
    contract is linked to the person's open participation of the trader formalisation
    program, when there is one (the participation's own steps stay with the programs)."""
    require_manage(actor, trader.market.district_id)
    errors = contract_check(
        trader=trader, signed_on=signed_on, kind=kind, ends_on=ends_on, today=today or signed_on
    )
    if Contract.objects.filter(trader=trader, signed_on=signed_on, employer=employer).exists():
        errors.setdefault("signed_on", []).append(
            _("This contract is recorded already (same trader, employer and date).")
        )
    if errors:
        raise ValidationError(errors)
    contract = Contract(
        trader=trader,
        employer=employer,
        signed_on=signed_on,
        kind=kind,
        ends_on=ends_on,
        monthly_wage=monthly_wage,
        number=number.strip(),
        participation=open_participation(trader.person),
    )
    contract.full_clean()
    contract.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=contract,
        summary=f"trader {trader.pk}",
        changes={"employer": employer.pk, "kind": kind, "signed_on": signed_on.isoformat()},
    )
    _formalise(actor, trader)
    return contract


def _formalise(actor: Actor, trader: Trader) -> None:
    if trader.status == TraderStatus.FORMALISED:
        return
    old = trader.status
    trader.status, trader.left_on = TraderStatus.FORMALISED, None
    trader.save(update_fields=["status", "left_on", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=trader,
        summary="status",
        changes={"status": [old, TraderStatus.FORMALISED]},
    )


@transaction.atomic
def contract_end(*, actor: Actor, contract: Contract, on: date) -> Contract:
    """The contract ended on ``on``. A trader still on the market with no other contract
    in force is informal again."""
    trader = contract.trader
    require_manage(actor, trader.market.district_id)
    if on < contract.signed_on:
        raise ValidationError({"ends_on": _("A contract cannot end before it is signed.")})
    old = contract.ends_on
    contract.ends_on = on
    contract.full_clean()
    contract.save(update_fields=["ends_on", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=contract,
        summary="ends_on",
        changes={"ends_on": [old.isoformat() if old else None, on.isoformat()]},
    )
    in_force = trader.contracts.exclude(pk=contract.pk).filter(in_force_after(on))
    if trader.status == TraderStatus.FORMALISED and not in_force.exists():
        trader.status = TraderStatus.INFORMAL
        trader.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=trader,
            summary="status",
            changes={"status": [TraderStatus.FORMALISED, TraderStatus.INFORMAL]},
        )
    return contract


def in_force_after(on: date) -> Q:
    """The condition on a contract still running after ``on``."""
    return Q(ends_on__isnull=True) | Q(ends_on__gt=on)


# --- Targets -------------------------------------------------------------------------------


@transaction.atomic
def target_set(*, actor: Actor, district: District, year: int, target: int) -> FormalisationTarget:
    """Set a district's target for ``year`` (regional officers and administrators)."""
    if actor is not None and not (sees_region(actor) and can_manage_in_district(actor, None)):
        raise PermissionDenied(_("Only regional officers set the targets."))
    row = FormalisationTarget.objects.filter(district=district, year=year).first()
    if row is None:
        row = FormalisationTarget(district=district, year=year, target=target)
        row.full_clean()
        row.save()
        audit_record(actor=actor, action=AuditAction.CREATE, target=row, changes={"target": target})
        return row
    if row.target != target:
        old, row.target = row.target, target
        row.full_clean()
        row.save(update_fields=["target", "updated_at"])
        audit_record(
            actor=actor, action=AuditAction.UPDATE, target=row, changes={"target": [old, target]}
        )
    return row


def traders_shown(*, actor: Actor, traders: Iterable[Trader], where: str) -> None:
    """Audit that the named ``traders`` were shown to ``actor`` (one event per person)."""
    people = (trader.person for trader in traders)
    audit_people_viewed(actor=actor, people=people, summary=f"traders: {where}")
