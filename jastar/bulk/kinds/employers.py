"""Importing lists of employers, keyed by BIN (an individual entrepreneur's IIN).

A new BIN is registered under the rules of the registration form
(``employer_registration_check``): the number must be valid for the kind of employer,
the settlement must lie in the district. The kind comes from the kind cell ("ТОО",
"ЖШС", "ИП", "ЖК", "individual entrepreneur"…) or, when there is none, from the
number itself: 12 digits that are a valid IIN and not a BIN are an entrepreneur's. A
known BIN is updated under the rules of the edit form (``employer_update_check``) and
only from the cells the file fills; its kind and BIN never change. A name that differs
only in script, case or quotes is not a change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from django.utils.translation import gettext_lazy as _

from jastar.bulk.kinds.base import (
    BatchOutcome,
    Cells,
    Checked,
    Context,
    Refused,
    RowRejected,
    errors_to_problems,
    fingerprint,
)
from jastar.bulk.kinds.common import (
    clean_row,
    create_audited,
    differs,
    employer_kind_of,
    identifier_cell,
    stored,
    update_audited,
)
from jastar.bulk.kinds.refs import References
from jastar.bulk.schema import EMPLOYERS
from jastar.bulk.values import CellError, Choices
from jastar.core.identifiers import is_valid_bin, is_valid_iin
from jastar.core.translit import search_key
from jastar.registry.models import Employer, EmployerKind, Industry
from jastar.registry.services.employers import (
    employer_registration_check,
    employer_update_check,
)

_EDITABLE: Final = (
    "name",
    "industry",
    "district",
    "settlement",
    "address",
    "contact_person",
    "phone",
    "email",
)
_FK_FIELDS: Final = ("industry", "district", "settlement")
_TEXTS: Final = ("address", "contact_person", "phone", "email")

EMPLOYER_KINDS: Final = Choices(
    dict(EmployerKind.choices),
    synonyms={
        EmployerKind.LEGAL_ENTITY: [
            "ТОО",
            "ЖШС",
            "АО",
            "АҚ",
            "ООО",
            "ГКП",
            "КГП",
            "МКП",
            "ГУ",
            "КГУ",
            "ММ",
            "КММ",
            "ПК",
            "ОФ",
            "LLP",
            "JSC",
            "юридическое лицо",
            "юрлицо",
            "заңды тұлға",
            "legal entity",
        ],
        EmployerKind.ENTREPRENEUR: [
            "ИП",
            "ЖК",
            "IE",
            "индивидуальный предприниматель",
            "жеке кәсіпкер",
            "individual entrepreneur",
            "entrepreneur",
        ],
    },
)

# OKED divisions (the first two digits of a code such as "56.10.1") by section letter.
_OKED_SECTIONS: Final = (
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
)
_OKED_CODE: Final = re.compile(r"(\d{2})(?:[.\s]?\d)*")


def oked_section(text: str) -> str | None:
    """The section letter of an OKED code: ``"56.10.1"`` → ``"I"``; None if not a code."""
    match = _OKED_CODE.fullmatch(text.strip())
    if match is None:
        return None
    division = int(match.group(1))
    for letter, first, last in _OKED_SECTIONS:
        if first <= division <= last:
            return letter
    return None


def _name_key(name: str) -> str:
    """A name without script, case, quotes or punctuation: «Агро» ЖШС = Agro ZhShS."""
    return " ".join(re.sub(r"[^\w]+", " ", search_key(name)).split())


class EmployersImporter:
    schema = EMPLOYERS

    def __init__(self, context: Context) -> None:
        self.context = context
        self.refs = References()

    # --- Checking one row (no writes) ----------------------------------------------

    def check(self, values: Mapping[str, str]) -> Checked:
        cells = Cells(values)
        out: dict[str, Any] = {"bin": identifier_cell(cells, "bin")}
        out["kind"] = cells.parse("kind", EMPLOYER_KINDS.parse)
        out["name"] = " ".join(cells.require("name").split())
        out["industry"] = cells.parse("industry", self._industry)
        out["district"] = cells.parse("district", self.refs.districts.parse)
        if not cells.text("district"):
            cells.require("district")
        if out["district"] is not None and cells.text("settlement"):
            out["settlement"] = cells.parse("settlement", self.refs.settlement, out["district"])
        for key in _TEXTS:
            out[key] = cells.text(key)
        if out["bin"] and out["district"] is not None:
            self._check_identifier(cells, out)
        cells.raise_if_any()
        given = {k: v for k, v in out.items() if v not in (None, "")}
        return Checked(line=0, key=out["bin"], values=given, fingerprint=fingerprint(given))

    def _industry(self, text: str) -> Industry:
        found = self.refs.industries.get(text)
        if found is None and (letter := oked_section(text)) is not None:
            found = self.refs.industries.get(letter)
        if found is None:
            raise CellError(
                _("“%(value)s” is not a known industry: give an OKED code or a section name.")
                % {"value": text}
            )
        return found

    def _check_identifier(self, cells: Cells, out: dict[str, Any]) -> None:
        number, kind = out["bin"], out["kind"]
        if kind == EmployerKind.ENTREPRENEUR and is_valid_bin(number):
            cells.problem(
                "kind",
                _(
                    "“%(value)s” is a BIN, but an individual entrepreneur is registered "
                    "under the owner's IIN."
                )
                % {"value": number},
            )
            return
        if kind == EmployerKind.LEGAL_ENTITY and is_valid_iin(number):
            cells.problem(
                "kind",
                _("“%(value)s” is an IIN, but a legal entity is registered under its BIN.")
                % {"value": number},
            )
            return
        out["kind"] = kind or employer_kind_of(number)
        errors = employer_registration_check(
            bin=number, kind=out["kind"], district=out["district"], settlement=out.get("settlement")
        )
        cells.problems.extend(errors_to_problems(errors, {}))

    # --- Writing a batch ------------------------------------------------------------

    def write(self, rows: Sequence[Checked], *, job_id: int) -> tuple[BatchOutcome, Refused]:
        """Create, update or leave each row; returns the outcome and refused rows."""
        existing = {e.bin: e for e in Employer.objects.filter(bin__in=[row.key for row in rows])}
        outcome = BatchOutcome()
        refused: Refused = []
        new: list[Employer] = []
        changed: list[tuple[Employer, dict[str, Any]]] = []
        for row in rows:
            try:
                employer = existing.get(row.key)
                if employer is None:
                    new.append(self._new_employer(row))
                elif changes := self._changes(employer, row):
                    changed.append((employer, changes))
                else:
                    outcome.unchanged += 1
            except RowRejected as err:
                refused.append((row, err.problems))
        self._create(new, job_id, outcome)
        self._update(changed, job_id, outcome)
        return outcome, refused

    def _new_employer(self, row: Checked) -> Employer:
        v = row.values
        employer = Employer(
            bin=v["bin"],
            kind=v["kind"],
            name=v["name"],
            industry=v.get("industry"),
            district=v["district"],
            settlement=v.get("settlement"),
            **{key: v.get(key, "") for key in _TEXTS},
        )
        clean_row(employer, exclude=[*_FK_FIELDS, "bin"], columns={})
        return employer

    def _changes(self, employer: Employer, row: Checked) -> dict[str, Any]:
        v = row.values
        data = {key: v[key] for key in _EDITABLE if key in v}
        if _name_key(data["name"]) == _name_key(employer.name):
            del data["name"]
        if "district" in data and data["district"].pk != employer.district_id:
            data.setdefault("settlement", None)  # the old settlement is in the old district
        errors = employer_update_check(employer=employer, data=data)
        if errors:
            raise RowRejected(errors_to_problems(errors, {}))
        changes = {
            key: [stored(employer, key), new]
            for key, new in data.items()
            if differs(employer, key, new)
        }
        if changes:
            for key in changes:
                setattr(employer, key, data[key])
            clean_row(employer, exclude=[*_FK_FIELDS, "bin", "kind"], columns={})
        return changes

    def _create(self, new: list[Employer], job_id: int, outcome: BatchOutcome) -> None:
        created = create_audited(
            new, actor=self.context.actor, job_id=job_id, summary=lambda e: e.name
        )
        outcome.created += len(created)

    def _update(
        self, changed: list[tuple[Employer, dict[str, Any]]], job_id: int, outcome: BatchOutcome
    ) -> None:
        update_audited(changed, actor=self.context.actor, job_id=job_id)
        outcome.updated += len(changed)
