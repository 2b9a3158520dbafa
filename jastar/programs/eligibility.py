"""Program eligibility: pure rules over plain facts about a person.

A program-year's rules are data: a JSON list of ``{"type": ..., "params": {...}}`` that an
administrator may edit. Services load a person's facts and those rules, call
:func:`evaluate`, and show or persist the results. Nothing here touches the database, so
every rule is tested without one (STYLE rule 4).

Rule types are pluggable (STYLE rule 5): :data:`RULE_TYPES` maps a type name to the dotted
path of a :class:`Rule`, a function wrapped by :func:`rule` that also declares its
parameters, so :func:`validate_rules` can refuse a bad edit before it is saved. A new rule
type is one function in ``jastar/programs/rules/`` and one line in ``RULE_TYPES``.

Messages are lazy, as in ``jastar.core.identifiers``: they can be built before settings
are ready and are rendered in whatever language is active when they are shown.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Final, Literal, cast

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import lazy
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise, StrPromise


# --- Messages -----------------------------------------------------------------------------


def _interpolate(template: StrOrPromise, params: Mapping[str, object]) -> str:
    return str(template) % params


def _join(items: tuple[StrOrPromise, ...], separator: str) -> str:
    return separator.join(str(item) for item in items)


# Django's lazy strings apply ``%`` eagerly (they translate at that moment), so the
# interpolation and the joining of translated labels are wrapped to stay lazy until the
# message is rendered in the reader's language.
_lazy_interpolate = lazy(_interpolate, str)
_lazy_join = lazy(_join, str)


def message(template: StrPromise, **params: object) -> StrPromise:
    """A lazily translated sentence: ``template % params``, rendered when shown.

    Parameter values may themselves be lazy (status labels, :func:`joined` lists); they
    are rendered in the same language as the template.
    """
    if not params:
        return template
    return cast("StrPromise", _lazy_interpolate(template, params))


def joined(items: Iterable[StrOrPromise], separator: str = ", ") -> StrPromise:
    """A lazy list of labels, for messages such as "the program accepts: A, B"."""
    return cast("StrPromise", _lazy_join(tuple(items), separator))


# --- Data in and out ----------------------------------------------------------------------


@dataclass(frozen=True)
class PersonFacts:
    """What the rules may know about a person, loaded by a service from the registry."""

    birth_date: date
    sex: str  # a Sex value: "M" or "F"
    status: str  # a PersonStatus value
    status_since: date
    area: str  # an Area value: "urban" or "rural"
    district_code: str
    education_level_code: str | None = None
    # EducationLevel.order, so "at least TVET" is a comparison, not a list of codes.
    education_order: int | None = None
    graduation_year: int | None = None
    field_code: str | None = None  # ISCED-F code: broad (2 digits), narrow (3) or detailed (4)
    experience_months: int = 0
    groups: frozenset[str] = frozenset()  # vulnerable-group codes, e.g. "large_family"
    completed_programs: frozenset[str] = frozenset()
    active_programs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RuleSpec:
    """One stored rule: a registered type name and its parameters (plain JSON values)."""

    type: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_data(self) -> dict[str, Any]:
        """The JSON form the database stores."""
        return {"type": self.type, "params": dict(self.params)}


@dataclass(frozen=True)
class RuleResult:
    """The outcome of one rule: a sentence for people and plain details for the API."""

    type: str
    passed: bool
    message: StrPromise
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ProgramEligibility:
    """Whether a person may join a program, with every rule's result in stored order."""

    program_code: str
    eligible: bool
    results: tuple[RuleResult, ...]

    @property
    def failures(self) -> tuple[RuleResult, ...]:
        """The results that make the person ineligible (empty when eligible)."""
        return tuple(result for result in self.results if not result.passed)


@dataclass(frozen=True)
class Names:
    """Display names for codes that messages mention; a code without one shows as itself.

    ``programs`` is keyed by program code; ``labels`` by any other code a rule names
    (district, education level, field of study, vulnerable group). Both come from the
    database, which this module never reads.
    """

    programs: Mapping[str, StrOrPromise] = field(default_factory=dict)
    labels: Mapping[str, StrOrPromise] = field(default_factory=dict)


class RuleParams(Mapping[str, Any]):
    """A rule's stored parameters, carrying the caller's :class:`Names` along.

    Rules keep the plain ``(person, params, on)`` signature and can still be called with
    a dict in tests; :func:`program_name` and :func:`label` fall back to codes then.
    """

    def __init__(self, values: Mapping[str, Any], names: Names) -> None:
        self._values = dict(values)
        self.names = names

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def names_of(params: Mapping[str, Any]) -> Names:
    """The names passed along with ``params``, or none when called with a plain dict."""
    return params.names if isinstance(params, RuleParams) else Names()


def program_name(params: Mapping[str, Any], code: str) -> StrOrPromise:
    """A program's display name for a message, or its code when the caller gave none."""
    return names_of(params).programs.get(code, code)


def label(
    params: Mapping[str, Any], code: str, defaults: Mapping[str, StrOrPromise] | None = None
) -> StrOrPromise:
    """A code's display name: the caller's label, else a built-in default, else the code."""
    labels = names_of(params).labels
    if code in labels:
        return labels[code]
    return (defaults or {}).get(code, code)


# --- Rule types ---------------------------------------------------------------------------

RuleFunction = Callable[[PersonFacts, Mapping[str, Any], date], RuleResult]
# Checks across parameters (say min <= max), run once each one has the right type. They get
# the rule's position ("3", or "3.1" inside any_of) so their messages can name it.
Check = Callable[[Mapping[str, Any], str], list["StrPromise"]]
ParamKind = Literal["int", "str", "str_list", "rule_list"]


@dataclass(frozen=True)
class Param:
    """A parameter a rule type needs, so stored rules can be validated before saving.

    ``int`` means a whole number of 0 or more (ages, years, months and orders never go
    below); list kinds must be non-empty, because an empty list would silently make
    nobody (or everybody) eligible. ``choices`` limits the values of a ``str_list``.
    """

    name: str
    kind: ParamKind
    required: bool = True
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    """A rule function with the parameters it declares; called like the function."""

    func: RuleFunction
    params: tuple[Param, ...] = ()
    check: Check | None = None

    def __call__(self, person: PersonFacts, params: Mapping[str, Any], on: date) -> RuleResult:
        return self.func(person, params, on)


def rule(*params: Param, check: Check | None = None) -> Callable[[RuleFunction], Rule]:
    """Decorate a rule function with the parameters it needs (and an optional check)."""

    def wrap(func: RuleFunction) -> Rule:
        return Rule(func=func, params=params, check=check)

    return wrap


# The one place rule types are registered. Stored rules name these keys, so a key is never
# renamed; a function may move if its path here moves with it.
RULE_TYPES: dict[str, str] = {
    "age_range": "jastar.programs.rules.person.age_range",
    "sex_in": "jastar.programs.rules.person.sex_in",
    "rural_resident": "jastar.programs.rules.person.rural_resident",
    "district_in": "jastar.programs.rules.person.district_in",
    "in_group": "jastar.programs.rules.person.in_group",
    "status_in": "jastar.programs.rules.status.status_in",
    "neet": "jastar.programs.rules.status.neet",
    "no_work_experience": "jastar.programs.rules.status.no_work_experience",
    "graduated_within": "jastar.programs.rules.education.graduated_within",
    "education_level_at_least": "jastar.programs.rules.education.education_level_at_least",
    "education_level_in": "jastar.programs.rules.education.education_level_in",
    "field_in": "jastar.programs.rules.education.field_in",
    "completed_program": "jastar.programs.rules.participation.completed_program",
    "not_in_active_program": "jastar.programs.rules.participation.not_in_active_program",
    "any_of": "jastar.programs.rules.combinators.any_of",
}


@functools.cache
def _load(path: str) -> Rule:
    found = import_string(path)
    if not isinstance(found, Rule):
        raise ImproperlyConfigured(f"{path} is not a rule; decorate it with @rule(...).")
    return found


def get_rule(type_name: str) -> Rule | None:
    """The registered rule for a type name, or None when no such type is registered."""
    path = RULE_TYPES.get(type_name)
    return None if path is None else _load(path)


# --- Evaluation ---------------------------------------------------------------------------


def run_rule(
    person: PersonFacts, spec: RuleSpec, on: date, names: Names | None = None
) -> RuleResult:
    """Evaluate one stored rule on the reference date ``on``.

    A rule that does not validate (data edited outside the admin, a type since removed)
    fails closed: nobody is found eligible on a rule nobody can check.
    """
    found = get_rule(spec.type)
    if found is None or _spec_errors(spec, found, ""):
        return RuleResult(
            type=spec.type,
            passed=False,
            message=message(
                _("The rule “%(type)s” is not set up correctly, so it cannot be checked."),
                type=spec.type,
            ),
            details={"invalid": True},
        )
    result = found(person, RuleParams(spec.params, names or Names()), on)
    # The stored name wins: one function may be registered under more than one type.
    return result if result.type == spec.type else replace(result, type=spec.type)


def evaluate(
    person: PersonFacts,
    program_code: str,
    rules: Sequence[RuleSpec],
    on: date,
    *,
    program_names: Mapping[str, StrOrPromise] | None = None,
    labels: Mapping[str, StrOrPromise] | None = None,
) -> ProgramEligibility:
    """Check every rule of one program; eligible when all pass (a program without rules is
    open to everyone).

    ``program_names`` and ``labels`` give display names for the codes messages mention;
    codes are shown as they are when a name is missing.
    """
    names = Names(programs=program_names or {}, labels=labels or {})
    results = tuple(run_rule(person, spec, on, names) for spec in rules)
    return ProgramEligibility(program_code, all(r.passed for r in results), results)


def evaluate_all(
    person: PersonFacts,
    programs: Mapping[str, Sequence[RuleSpec]],
    on: date,
    *,
    program_names: Mapping[str, StrOrPromise] | None = None,
    labels: Mapping[str, StrOrPromise] | None = None,
) -> list[ProgramEligibility]:
    """Evaluate several programs: eligible ones first, then by program code."""
    outcomes = [
        evaluate(person, code, rules, on, program_names=program_names, labels=labels)
        for code, rules in programs.items()
    ]
    return sorted(outcomes, key=lambda outcome: (not outcome.eligible, outcome.program_code))


# --- Validation ---------------------------------------------------------------------------


def _is_count(value: object) -> bool:
    # bool is an int in Python, but "min": true is a mistake, not 1.
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_text_list(value: object) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(_is_text(v) for v in value)


def _is_rule_list(value: object) -> bool:
    return isinstance(value, list | tuple) and bool(value)


_KIND_CHECKS: Final[dict[ParamKind, Callable[[object], bool]]] = {
    "int": _is_count,
    "str": _is_text,
    "str_list": _is_text_list,
    "rule_list": _is_rule_list,
}
_KIND_ERRORS: Final[dict[ParamKind, StrPromise]] = {
    "int": _("Rule %(rule)s (%(type)s): “%(param)s” must be a whole number, 0 or more."),
    "str": _("Rule %(rule)s (%(type)s): “%(param)s” must be a non-empty text."),
    "str_list": _("Rule %(rule)s (%(type)s): “%(param)s” must be a non-empty list of texts."),
    "rule_list": _("Rule %(rule)s (%(type)s): “%(param)s” must be a non-empty list of rules."),
}


def _param_errors(param: Param, spec: RuleSpec, where: str) -> list[StrPromise]:
    where_params = {"rule": where, "type": spec.type, "param": param.name}
    if param.name not in spec.params:
        if not param.required:
            return []
        return [message(_("Rule %(rule)s (%(type)s): “%(param)s” is missing."), **where_params)]
    value = spec.params[param.name]
    if not _KIND_CHECKS[param.kind](value):
        return [message(_KIND_ERRORS[param.kind], **where_params)]
    if not param.choices:
        return []
    return [
        message(
            _(
                "Rule %(rule)s (%(type)s): “%(value)s” is not allowed in “%(param)s”; "
                "use %(allowed)s."
            ),
            value=item,
            allowed=joined(param.choices),
            **where_params,
        )
        for item in value
        if item not in param.choices
    ]


def _spec_errors(spec: RuleSpec, found: Rule, where: str) -> list[StrPromise]:
    errors = [error for param in found.params for error in _param_errors(param, spec, where)]
    declared = {param.name for param in found.params}
    errors += [
        message(
            _("Rule %(rule)s (%(type)s): unknown parameter “%(param)s”."),
            rule=where,
            type=spec.type,
            param=name,
        )
        for name in sorted(set(spec.params) - declared)
    ]
    # Cross-parameter checks assume each parameter already has the right type.
    if not errors and found.check is not None:
        errors += found.check(spec.params, where)
    return errors


def validate_rules(rules: Sequence[RuleSpec], *, prefix: str = "") -> list[StrPromise]:
    """Messages for everything wrong with a program's rules; empty when they can be saved.

    Checks that each rule names a registered type and has exactly the parameters that type
    declares, with the right types and allowed values. Rules are numbered from 1 (nested
    ones as "3.1" via ``prefix``) so an administrator can find them. Messages are lazy:
    pass them to ``ValidationError`` or render them with ``str()``.
    """
    errors: list[StrPromise] = []
    for number, spec in enumerate(rules, start=1):
        where = f"{prefix}{number}"
        found = get_rule(spec.type)
        if found is None:
            errors.append(
                message(
                    _("Rule %(rule)s: unknown rule type “%(type)s”."), rule=where, type=spec.type
                )
            )
        else:
            errors += _spec_errors(spec, found, where)
    return errors


def rules_from_data(data: object, *, prefix: str = "") -> tuple[list[RuleSpec], list[StrPromise]]:
    """Read stored rule JSON into specs, with a message for each item of the wrong shape.

    Each item must be an object with a text ``type`` and, optionally, an object
    ``params`` (absent means no parameters). Items of the wrong shape are left out.
    """
    if not isinstance(data, list | tuple):
        return [], [_("The rules must be a list of objects with a “type” and “params”.")]
    specs: list[RuleSpec] = []
    errors: list[StrPromise] = []
    for number, item in enumerate(data, start=1):
        params = item.get("params", {}) if isinstance(item, Mapping) else None
        kind = item.get("type") if isinstance(item, Mapping) else None
        if not isinstance(kind, str) or not isinstance(params, Mapping):
            errors.append(
                message(
                    _("Rule %(rule)s must be an object with a text “type” and an object “params”."),
                    rule=f"{prefix}{number}",
                )
            )
            continue
        specs.append(RuleSpec(kind, dict(params)))
    return specs, errors


def validate_rule_data(data: object, *, prefix: str = "") -> list[StrPromise]:
    """Validate stored rule JSON as an administrator edited it: shape, then each rule."""
    specs, errors = rules_from_data(data, prefix=prefix)
    if errors:
        # Numbering the remaining rules would no longer match what the editor shows.
        return errors
    return validate_rules(specs, prefix=prefix)


# --- Shipped defaults ---------------------------------------------------------------------

# Plain values, not PersonStatus members: this module stays importable without settings,
# and the data is exactly what is stored. The tests check each one is a real status.
_UNEMPLOYED: Final = "unemployed"
_INACTIVE: Final = "inactive"
_EMPLOYED: Final = "employed"
_NOT_WORKING: Final = [_UNEMPLOYED, _INACTIVE]

# Who may get the business grant (domain.md §3 ◐: "disabled, kandas, migrants, ASP
# recipients, large families…"); ASP recipients are recorded as "low_income". The list in
# the source is open-ended; "orphan" is an assumption. ❌ check against the current rules.
_GRANT_GROUPS: Final = ["disabled", "kandas", "migrant", "low_income", "large_family", "orphan"]


def _r(type_name: str, **params: Any) -> dict[str, Any]:
    # A deep copy, so programs that share a list (say the statuses) never share an object
    # that editing one program's rules could change.
    return {"type": type_name, "params": copy.deepcopy(params)}


# The rules each program ships with (domain.md §3). The programs module stores a copy per
# program-year as data, where administrators edit it; these are only the starting point.
# ❌ marks a parameter no primary source confirmed.
DEFAULT_RULES: Final[dict[str, list[dict[str, Any]]]] = {
    # TVET and university graduates (✅); "within 3 years" follows the "young specialist"
    # definition (Youth Policy Law Art. 1: ≤3 years in the specialty) ◐; age 18–35 ❌.
    # "In their field" concerns the placement, so matching checks it, not eligibility.
    "youth_practice": [
        _r("age_range", min=18, max=35),
        _r("graduated_within", years=3, levels=["tvet", "post_secondary", "bachelor", "master"]),
        _r("status_in", statuses=_NOT_WORKING),
        _r("not_in_active_program"),
    ],
    # Unemployed ≤35 without work experience, NEET included ◐; the minimum of 18 ❌.
    "first_job": [
        _r("age_range", min=18, max=35),
        _r("no_work_experience", max_months=0),
        _r("status_in", statuses=_NOT_WORKING),
        _r("not_in_active_program"),
    ],
    # Only the programme's existence is confirmed; all parameters ❌.
    "generations_contract": [
        _r("age_range", min=18, max=35),
        _r("no_work_experience", max_months=0),
    ],
    # Open to registered unemployed people of any age (✅ social jobs, ◐ public works).
    "social_jobs": [_r("status_in", statuses=[_UNEMPLOYED])],
    "public_works": [_r("status_in", statuses=[_UNEMPLOYED])],
    # The course has no published age limit; 18–35 is this youth system's scope ❌. Open to
    # people not working, or working people from a vulnerable group ❌.
    "bastau_training": [
        _r("age_range", min=18, max=35),
        _r(
            "any_of",
            rules=[_r("status_in", statuses=_NOT_WORKING), _r("in_group", groups=_GRANT_GROUPS)],
        ),
    ],
    # Bastau certificate and a vulnerable group (✅). "Youth" stopped being a category in
    # 2023 (◐), yet the region still reports youth grants; age 18–35 ❌.
    "business_grant": [
        _r("age_range", min=18, max=35),
        _r("completed_program", program="bastau_training"),
        _r("in_group", groups=_GRANT_GROUPS),
    ],
    # Youth 14–35 (◐). Vulnerable families and NEET get priority in selection, which is
    # ranking, not eligibility, so no status or group rule here.
    "zhasyl_el": [_r("age_range", min=14, max=35)],
    # Specialists in education (01), health and welfare (09), culture (021 arts) and sport
    # (1014, ISCED-F detailed), and agriculture (08) (◐). Rural akimat staff also qualify;
    # that is an occupation, which this rule set cannot see ❌. A diploma means TVET or above.
    "diploma_to_village": [
        _r("education_level_at_least", level_code="tvet", order=5),
        _r("field_in", fields=["01", "09", "021", "1014", "08"]),
    ],
    # Regional programme whose parameters are not published ❌: youth 18–35, NEET.
    "training_internship_job": [
        _r("age_range", min=18, max=35),
        _r("neet"),
    ],
    # Self-employed market traders ❌. PersonStatus has no "self-employed", so a trader is
    # "employed" and marked with the "market_trader" group.
    "trader_formalisation": [
        _r("status_in", statuses=[_EMPLOYED]),
        _r("in_group", groups=["market_trader"]),
    ],
}


def default_rules(program_code: str) -> list[RuleSpec]:
    """The shipped default rules of a program as specs (empty for an unknown code)."""
    specs, _errors = rules_from_data(DEFAULT_RULES.get(program_code, []))
    return specs
