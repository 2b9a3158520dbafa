"""Importing the lists market administrations send: traders and their contracts.

A row names a person by IIN (leading zeros a spreadsheet dropped are put back), the
market by name, and, when a contract was signed, its date and the employer's BIN. The
person and the employer must be registered already: a row naming someone who is not is
refused with the reason. A full name, when given, must be the registry person's (the
patronymic may be left out). A row without a contract registers the trader only.

Each row is written through the services (``trader_register``, ``contract_sign``), in a
savepoint of its own, so the rules, permissions and audit are those of the pages and a
refused row leaves nothing behind. Re-running a file is idempotent: a trader is one per
person, a contract one per trader, employer and date; a recorded contract is updated
from the kind, end date, wage and number cells when they differ.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from jastar.bulk.kinds.base import (
    BatchOutcome,
    Cells,
    Checked,
    Context,
    Problem,
    Refused,
    RowRejected,
    fingerprint,
    problems_from,
)
from jastar.bulk.kinds.common import identifier_cell
from jastar.bulk.values import Choices, parse_date, parse_int
from jastar.community.traders import services
from jastar.community.traders.bulk import TRADERS
from jastar.community.traders.models import Contract, ContractKind, Market, Trader
from jastar.core.access import in_districts_for, people_for
from jastar.core.audit import audit_record
from jastar.core.identifiers import IdentifierError, parse_iin
from jastar.core.models import AuditAction
from jastar.core.translit import search_key
from jastar.registry.models import Employer, Person

_MAX_WAGE: Final = 100_000_000
_EDITABLE: Final = ("kind", "ends_on", "monthly_wage", "number")
# Service fields named by the file's columns.
_COLUMNS: Final = {"person": "iin", "employer": "employer_bin", "trading_since": "signed_on"}

CONTRACT_KINDS: Final = Choices(
    dict(ContractKind.choices),
    synonyms={
        ContractKind.LABOUR: [
            "трудовой договор",
            "бессрочный",
            "бессрочный трудовой договор",
            "еңбек шарты",
            "labour contract",
            "employment contract",
        ],
        ContractKind.FIXED_TERM: [
            "срочный",
            "срочный трудовой договор",
            "мерзімді",
            "мерзімді еңбек шарты",
            "fixed term",
        ],
        ContractKind.ENTREPRENEUR: [
            "ип",
            "жк",
            "регистрация ип",
            "индивидуальный предприниматель",
            "жеке кәсіпкер",
            "individual entrepreneur",
        ],
    },
)


def name_matches(given: str, person: Person) -> bool:
    """Whether a list's full name is the person's: last and first name, and the
    patronymic when the list gives it, in any script or spelling."""
    words = [search_key(word) for word in given.split()]
    own = [search_key(person.last_name), search_key(person.first_name)]
    if words[:2] == own or words[:2] == own[::-1]:
        rest = " ".join(words[2:])
        return not rest or rest == search_key(person.patronymic)
    return False


class TradersImporter:
    schema = TRADERS

    def __init__(self, context: Context) -> None:
        self.context = context

    # --- Checking one row (no writes) ----------------------------------------------

    def check(self, values: Mapping[str, str]) -> Checked:
        cells = Cells(values)
        out: dict[str, Any] = {"iin": identifier_cell(cells, "iin")}
        if out["iin"]:
            try:
                parse_iin(out["iin"])
            except IdentifierError as err:
                cells.problem("iin", err.message)
        out["full_name"] = cells.text("full_name")
        out["market"] = cells.require("market")
        out["stall"], out["goods"] = cells.text("stall"), cells.text("goods")
        out["signed_on"] = cells.parse("signed_on", parse_date)
        out["employer_bin"] = identifier_cell(cells, "employer_bin", required=False)
        out["kind"] = cells.parse("kind", CONTRACT_KINDS.parse)
        out["ends_on"] = cells.parse("ends_on", parse_date)
        out["monthly_wage"] = cells.parse("monthly_wage", parse_int, maximum=_MAX_WAGE)
        out["number"] = cells.text("number")
        contract_cells = ("employer_bin", "kind", "ends_on", "monthly_wage", "number")
        if out["signed_on"] is None and not cells.text("signed_on"):
            if any(cells.text(key) for key in contract_cells):
                cells.problem("signed_on", _("A contract needs the date it was signed."))
        elif out["signed_on"] is not None and not out["employer_bin"]:
            cells.problem("employer_bin", _("A contract needs the employer's BIN."))
        cells.raise_if_any()
        given = {k: v for k, v in out.items() if v not in (None, "")}
        key = (out["iin"], out["signed_on"], out["employer_bin"])
        return Checked(line=0, key=key, values=given, fingerprint=fingerprint(given))

    # --- Writing a batch ------------------------------------------------------------

    def write(self, rows: Sequence[Checked], *, job_id: int) -> tuple[BatchOutcome, Refused]:
        """Register traders and record contracts; each row all or nothing."""
        found = _Loaded(rows, self.context)
        outcome = BatchOutcome()
        refused: Refused = []
        for row in rows:
            try:
                with transaction.atomic():
                    self._row(row, found, outcome, job_id)
            except RowRejected as err:
                refused.append((row, err.problems))
            except ValidationError as err:
                refused.append((row, problems_from(err, _COLUMNS)))
            except PermissionDenied as err:
                refused.append((row, [Problem("market", str(err))]))
        return outcome, refused

    def _row(self, row: Checked, found: _Loaded, outcome: BatchOutcome, job_id: int) -> None:
        v = row.values
        person, market, employer = found.related(v)
        trader = found.traders.get(person.pk)
        created = changed = False
        if trader is None:
            trader = services.trader_register(
                actor=self.context.actor,
                person=person,
                market=market,
                registered_on=self.context.today,
                stall=v.get("stall", ""),
                goods=v.get("goods", ""),
            )
            found.traders[person.pk] = trader
            created = True
        elif trader.market_id != market.pk:
            message = _("This person is registered as a trader of another market: %(market)s.")
            raise RowRejected([Problem("market", message % {"market": trader.market.name})])
        if employer is not None:
            contract = found.contract(trader, v["signed_on"], employer)
            if contract is None:
                services.contract_sign(
                    actor=self.context.actor,
                    trader=trader,
                    employer=employer,
                    signed_on=v["signed_on"],
                    kind=v.get("kind", ContractKind.LABOUR),
                    ends_on=v.get("ends_on"),
                    monthly_wage=v.get("monthly_wage"),
                    number=v.get("number", ""),
                    today=self.context.today,
                )
                created = True
            else:
                changed = self._update(contract, v, job_id)
        if created:
            outcome.created += 1
        elif changed:
            outcome.updated += 1
        else:
            outcome.unchanged += 1
        outcome.person_ids.add(person.pk)

    def _update(self, contract: Contract, v: Mapping[str, Any], job_id: int) -> bool:
        data = {key: v[key] for key in _EDITABLE if key in v}
        changes = {
            key: [str(getattr(contract, key)), str(new)]
            for key, new in data.items()
            if getattr(contract, key) != new
        }
        if not changes:
            return False
        for key in changes:
            setattr(contract, key, data[key])
        contract.full_clean()
        contract.save(update_fields=[*changes, "updated_at"])
        audit_record(
            actor=self.context.actor,
            action=AuditAction.UPDATE,
            target=contract,
            changes={**changes, "import": job_id},
        )
        return True


class _Loaded:
    """What a batch's rows name, loaded with one query per kind of record; people and
    markets only those the importing user reaches."""

    def __init__(self, rows: Sequence[Checked], context: Context) -> None:
        values = [row.values for row in rows]
        actor = context.actor
        people = Person.objects.filter(iin__any_of=[v["iin"] for v in values])
        markets = Market.objects.select_related("district")
        if actor is not None:
            people = people_for(actor, people)
            markets = in_districts_for(actor, markets)
        self.people = {p.iin: p for p in people}
        self.markets: dict[str, list[Market]] = {}
        for market in markets:
            self.markets.setdefault(search_key(market.name), []).append(market)
        bins = [v["employer_bin"] for v in values if "employer_bin" in v]
        self.employers = {e.bin: e for e in Employer.objects.filter(bin__in=bins)}
        ids = [p.pk for p in self.people.values()]
        traders = Trader.objects.filter(person_id__in=ids).select_related("market", "person")
        self.traders = {t.person_id: t for t in traders}
        self.contracts = {
            (c.trader_id, c.signed_on, c.employer_id): c
            for c in Contract.objects.filter(trader__person_id__in=ids)
        }

    def contract(self, trader: Trader, signed_on: Any, employer: Employer) -> Contract | None:
        found = self.contracts.get((trader.pk, signed_on, employer.pk))
        if found is None:
            # Signed earlier in this batch (by the service): look it up.
            found = Contract.objects.filter(
                trader=trader, signed_on=signed_on, employer=employer
            ).first()
        return found

    def related(self, v: Mapping[str, Any]) -> tuple[Person, Market, Employer | None]:
        """The person, market and employer a row names; refuses those not registered."""
        problems = []
        person = self.people.get(v["iin"])
        if person is None:
            problems.append(
                Problem(
                    "iin",
                    _(
                        "No person with this IIN is registered in your reach; "
                        "register them in the registry first."
                    ),
                )
            )
        elif "full_name" in v and not name_matches(v["full_name"], person):
            message = _("The full name differs from the registry's: %(name)s.")
            problems.append(Problem("full_name", message % {"name": person.full_name}))
        market = self._market(v["market"], person, problems)
        employer = None
        if "employer_bin" in v:
            employer = self.employers.get(v["employer_bin"])
            if employer is None:
                message = _(
                    "No employer with BIN %(bin)s is registered; import the employers first."
                )
                problems.append(Problem("employer_bin", message % {"bin": v["employer_bin"]}))
        if problems or person is None or market is None:
            raise RowRejected(problems)
        return person, market, employer

    def _market(self, name: str, person: Person | None, problems: list[Problem]) -> Market | None:
        candidates = self.markets.get(search_key(name), [])
        if len(candidates) > 1 and person is not None:
            candidates = [m for m in candidates if m.district_id == person.district_id]
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            message = _(
                "Several markets are named “%(name)s”; the person’s district does not tell which."
            )
        else:
            message = _("No market named “%(name)s” is recorded in your districts.")
        problems.append(Problem("market", message % {"name": name}))
        return None
