"""Program eligibility rules: pure tests over plain facts (no database).

Messages are lazy; most tests render them in English, where the msgid is the text. The
Kazakh and Russian rendering tests check only that rendering works and keeps the numbers.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from hypothesis import given
from hypothesis import strategies as st

from jastar.programs import eligibility
from jastar.programs.eligibility import (
    DEFAULT_RULES,
    RULE_TYPES,
    PersonFacts,
    ProgramEligibility,
    Rule,
    RuleResult,
    RuleSpec,
    default_rules,
    evaluate,
    evaluate_all,
    get_rule,
    rules_from_data,
    run_rule,
    validate_rule_data,
    validate_rules,
)
from jastar.registry.models.people import PersonStatus
from jastar.registry.rules import age_on

ON = date(2026, 6, 15)
DATA = Path(__file__).resolve().parents[2]
PROGRAMS = json.loads((DATA / "programs" / "data" / "programs.json").read_text("utf-8"))
PROGRAM_NAMES = {item["code"]: item["name_en"] for item in PROGRAMS["items"]}
LEVELS = json.loads((DATA / "registry" / "data" / "education_levels.json").read_text("utf-8"))
LEVEL_ORDER = {item["code"]: item["order"] for item in LEVELS["items"]}


def facts(**overrides: object) -> PersonFacts:
    """A 24-year-old unemployed bachelor graduate of 2024 in a village of Talgar district."""
    base = PersonFacts(
        birth_date=date(2002, 1, 10),
        sex="F",
        status="unemployed",
        status_since=date(2025, 9, 1),
        area="rural",
        district_code="talgar",
        education_level_code="bachelor",
        education_order=7,
        graduation_year=2024,
        field_code="011",
        experience_months=0,
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


def check(type_name: str, person: PersonFacts, *, on: date = ON, **params: object) -> RuleResult:
    """Run one rule through the registry, as evaluate() does."""
    return run_rule(person, RuleSpec(type_name, params), on)


def en(text: object) -> str:
    with translation.override("en"):
        return str(text)


def born_aged(age: int, on: date = ON) -> date:
    """A birth date giving exactly ``age`` on ``on`` (birthday a month earlier)."""
    return date(on.year - age, on.month - 1, 10)


class AgeRangeTests:
    def test_accepts_age_within_range_and_names_the_range(self):
        result = check("age_range", facts(), min=18, max=35)
        assert result.passed
        assert en(result.message) == "Age 24 is within 18–35."
        assert result.details | {"age": 24, "min": 18, "max": 35} == result.details

    def test_rejects_age_above_limit(self):
        result = check("age_range", facts(birth_date=born_aged(36)), min=18, max=35)
        assert not result.passed
        assert en(result.message) == "Age 36 is above the limit of 35."

    def test_rejects_age_below_minimum(self):
        result = check("age_range", facts(birth_date=born_aged(16)), min=18, max=35)
        assert not result.passed
        assert en(result.message) == "Age 16 is below the minimum of 18."

    def test_limits_are_inclusive(self):
        assert check("age_range", facts(birth_date=born_aged(18)), min=18, max=35).passed
        assert check("age_range", facts(birth_date=born_aged(35)), min=18, max=35).passed

    def test_birthday_on_reference_date_counts_the_new_age(self):
        turning_36 = check("age_range", facts(birth_date=date(1990, 6, 15)), min=18, max=35)
        still_35 = check("age_range", facts(birth_date=date(1990, 6, 16)), min=18, max=35)
        assert (turning_36.passed, turning_36.details["age"]) == (False, 36)
        assert (still_35.passed, still_35.details["age"]) == (True, 35)

    def test_leap_day_birthday_comes_on_first_of_march_in_common_years(self):
        person = facts(birth_date=date(2008, 2, 29))
        assert not check("age_range", person, on=date(2026, 2, 28), min=18, max=35).passed
        assert check("age_range", person, on=date(2026, 3, 1), min=18, max=35).passed

    def test_details_give_the_qualifying_birth_dates(self):
        details = check("age_range", facts(), min=18, max=35).details
        assert (details["born_from"], details["born_to"]) == ("1990-06-16", "2008-06-15")

    @given(
        birth=st.dates(date(1980, 1, 1), date(2015, 12, 31)),
        on=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
        low=st.integers(0, 40),
        span=st.integers(0, 30),
    )
    def test_passes_exactly_when_age_and_birth_date_are_within_bounds(self, birth, on, low, span):
        result = check("age_range", facts(birth_date=birth), on=on, min=low, max=low + span)
        age = age_on(birth, on)
        in_dates = result.details["born_from"] <= birth.isoformat() <= result.details["born_to"]
        assert result.passed == (low <= age <= low + span) == in_dates


class SexInTests:
    def test_accepts_listed_sex(self):
        result = check("sex_in", facts(sex="F"), sexes=["F"])
        assert result.passed
        assert en(result.message) == "Sex: Female, as the program requires."

    def test_rejects_other_sex_and_names_who_may_join(self):
        result = check("sex_in", facts(sex="M"), sexes=["F"])
        assert not result.passed
        assert en(result.message) == "Sex: Male; the program is only for: Female."


class RuralResidentTests:
    def test_accepts_village_resident(self):
        result = check("rural_resident", facts(area="rural"))
        assert (result.passed, en(result.message)) == (True, "Lives in a rural settlement.")

    def test_rejects_town_resident(self):
        result = check("rural_resident", facts(area="urban"))
        assert not result.passed
        assert en(result.message) == "Lives in a city or town, not in a rural settlement."


class DistrictInTests:
    def test_accepts_covered_district(self):
        result = check("district_in", facts(), districts=["talgar", "ile"])
        assert result.passed
        assert en(result.message) == "Lives in talgar, which the program covers."

    def test_rejects_other_district_with_display_names(self):
        spec = RuleSpec("district_in", {"districts": ["ile", "kegen"]})
        names = {"talgar": "Talgar district", "ile": "Ile district", "kegen": "Kegen district"}
        outcome = evaluate(facts(), "regional", [spec], ON, labels=names)
        assert not outcome.eligible
        assert en(outcome.results[0].message) == (
            "Lives in Talgar district; the program covers only: Ile district, Kegen district."
        )


class InGroupTests:
    def test_accepts_member_and_names_the_matching_group(self):
        result = check(
            "in_group", facts(groups=frozenset({"large_family"})), groups=["kandas", "large_family"]
        )
        assert result.passed
        assert result.details["matched"] == ["large_family"]
        assert en(result.message) == "Belongs to an eligible group: member of a large family."

    def test_rejects_non_member_and_lists_the_groups(self):
        result = check("in_group", facts(), groups=["disabled", "kandas"])
        assert not result.passed
        assert en(result.message) == (
            "Belongs to none of the eligible groups: person with a disability, "
            "kandas (ethnic Kazakh returnee)."
        )

    def test_unknown_group_code_shows_as_itself(self):
        result = check("in_group", facts(), groups=["veteran_family"])
        assert "veteran_family" in en(result.message)


class StatusInTests:
    def test_accepts_listed_status_in_words(self):
        result = check("status_in", facts(), statuses=["unemployed", "inactive"])
        assert result.passed
        assert en(result.message) == "Status is “Unemployed”, which the program accepts."
        assert result.details["status_since"] == "2025-09-01"

    def test_rejects_other_status_and_lists_accepted_ones(self):
        result = check("status_in", facts(status="employed"), statuses=["unemployed", "inactive"])
        assert not result.passed
        assert en(result.message) == (
            "Status is “Employed”; the program accepts only: Unemployed, Inactive."
        )

    def test_unknown_status_shows_as_its_code(self):
        result = check("status_in", facts(status="retired"), statuses=["unemployed"])
        assert en(result.message) == "Status is “retired”; the program accepts only: Unemployed."


class NeetTests:
    @pytest.mark.parametrize(
        ("status", "expected"),
        [
            ("unemployed", True),
            ("inactive", True),
            ("employed", False),
            ("in_education", False),
            ("in_training", False),
        ],
    )
    def test_neet_means_unemployed_or_inactive(self, status, expected):
        assert check("neet", facts(status=status)).passed is expected

    def test_messages_name_the_status(self):
        passed = check("neet", facts(status="inactive"))
        failed = check("neet", facts(status="in_education"))
        assert en(passed.message) == (
            "Not in employment, education or training (status “Inactive”)."
        )
        assert en(failed.message) == (
            "Status is “In education”; the program is for young people not in "
            "employment, education or training."
        )


class NoWorkExperienceTests:
    def test_accepts_no_experience_by_default(self):
        result = check("no_work_experience", facts(experience_months=0))
        assert (result.passed, en(result.message)) == (True, "Has no work experience.")

    def test_rejects_any_experience_by_default(self):
        result = check("no_work_experience", facts(experience_months=14))
        assert not result.passed
        assert en(result.message) == "Work experience in months: 14, above the limit of 0."

    def test_accepts_experience_up_to_the_given_limit(self):
        result = check("no_work_experience", facts(experience_months=6), max_months=6)
        assert result.passed
        assert en(result.message) == "Work experience in months: 6, within the limit of 6."


class GraduatedWithinTests:
    def test_accepts_recent_graduate(self):
        result = check("graduated_within", facts(graduation_year=2024), years=3)
        assert result.passed
        assert en(result.message) == (
            "Graduated in 2024; the program accepts graduates of 2023 or later."
        )

    def test_limit_counts_calendar_years_inclusively(self):
        assert check("graduated_within", facts(graduation_year=2023), years=3).passed
        assert not check("graduated_within", facts(graduation_year=2022), years=3).passed
        assert check("graduated_within", facts(graduation_year=2026), years=0).passed

    def test_rejects_old_graduate_naming_year_and_cutoff(self):
        result = check("graduated_within", facts(graduation_year=2019), years=3)
        assert not result.passed
        assert en(result.message) == (
            "Graduated in 2019, before 2023, the earliest year the program accepts."
        )

    def test_rejects_expected_graduation(self):
        result = check("graduated_within", facts(graduation_year=2027), years=3)
        assert not result.passed
        assert en(result.message) == "Has not graduated yet: graduation is expected in 2027."

    def test_rejects_missing_graduation_year(self):
        result = check("graduated_within", facts(graduation_year=None), years=3)
        assert (result.passed, en(result.message)) == (False, "No graduation year is recorded.")

    def test_checks_level_when_levels_are_given(self):
        person = facts(education_level_code="general_secondary", education_order=4)
        result = check("graduated_within", person, years=3, levels=["tvet", "bachelor"])
        assert not result.passed
        assert en(result.message) == (
            "Education level “general_secondary” is not one of: tvet, bachelor."
        )
        assert check("graduated_within", facts(), years=3, levels=["tvet", "bachelor"]).passed


class EducationLevelAtLeastTests:
    def test_accepts_higher_and_equal_levels(self):
        spec = RuleSpec("education_level_at_least", {"level_code": "tvet", "order": 5})
        assert run_rule(facts(), spec, ON).passed
        tvet = facts(education_level_code="tvet", education_order=5)
        result = run_rule(tvet, spec, ON)
        assert result.passed
        assert en(result.message) == "Education level “tvet” meets the minimum of “tvet”."

    def test_rejects_lower_level_with_display_names(self):
        person = facts(education_level_code="general_secondary", education_order=4)
        spec = RuleSpec("education_level_at_least", {"level_code": "tvet", "order": 5})
        names = {"general_secondary": "General secondary", "tvet": "TVET"}
        result = evaluate(person, "p", [spec], ON, labels=names).results[0]
        assert not result.passed
        assert (
            en(result.message)
            == "Education level “General secondary” is below the required “TVET”."
        )

    def test_rejects_unknown_level(self):
        person = facts(education_level_code=None, education_order=None)
        result = check("education_level_at_least", person, level_code="tvet", order=5)
        assert (result.passed, en(result.message)) == (False, "No education level is recorded.")


class EducationLevelInTests:
    def test_accepts_listed_level(self):
        result = check("education_level_in", facts(), levels=["bachelor", "master"])
        assert result.passed
        assert en(result.message) == "Education level “bachelor” is one the program accepts."

    def test_rejects_unlisted_or_missing_level(self):
        assert not check("education_level_in", facts(), levels=["tvet"]).passed
        person = facts(education_level_code=None, education_order=None)
        assert not check("education_level_in", person, levels=["tvet"]).passed


class FieldInTests:
    @pytest.mark.parametrize(
        ("field", "accepted", "expected"),
        [
            ("011", ["01"], True),  # narrow within broad
            ("0912", ["091"], True),  # detailed within narrow
            ("01", ["011"], False),  # broad is not known to be that narrow field
            ("101", ["01"], False),  # "10" services does not start with "01"
            ("101", ["10"], True),
            ("081", ["01", "09", "08"], True),
        ],
    )
    def test_narrow_codes_match_their_broad_prefix(self, field, accepted, expected):
        assert check("field_in", facts(field_code=field), fields=accepted).passed is expected

    def test_messages_name_the_fields(self):
        failed = check("field_in", facts(field_code="061"), fields=["01", "09"])
        assert en(failed.message) == "Field of study “061” is not one of: 01, 09."
        passed = check("field_in", facts(field_code="011"), fields=["01"])
        assert en(passed.message) == "Field of study “011” is one the program accepts."

    def test_rejects_missing_field(self):
        result = check("field_in", facts(field_code=None), fields=["01"])
        assert (result.passed, en(result.message)) == (False, "No field of study is recorded.")


class CompletedProgramTests:
    spec = RuleSpec("completed_program", {"program": "bastau_training"})

    def test_rejects_without_completion_naming_the_program(self):
        outcome = evaluate(facts(), "business_grant", [self.spec], ON, program_names=PROGRAM_NAMES)
        assert not outcome.eligible
        assert en(outcome.results[0].message) == "Has not completed Bastau Business training."

    def test_accepts_after_completion(self):
        person = facts(completed_programs=frozenset({"bastau_training"}))
        outcome = evaluate(person, "business_grant", [self.spec], ON, program_names=PROGRAM_NAMES)
        assert outcome.eligible
        assert en(outcome.results[0].message) == "Has completed Bastau Business training."

    def test_shows_the_code_when_no_name_is_given(self):
        result = run_rule(facts(), self.spec, ON)
        assert en(result.message) == "Has not completed bastau_training."


class NotInActiveProgramTests:
    def test_accepts_person_in_no_program(self):
        result = check("not_in_active_program", facts())
        assert (result.passed, en(result.message)) == (
            True,
            "Is not taking part in another program.",
        )

    def test_rejects_person_already_in_a_program(self):
        person = facts(active_programs=frozenset({"first_job"}))
        spec = RuleSpec("not_in_active_program")
        outcome = evaluate(person, "youth_practice", [spec], ON, program_names=PROGRAM_NAMES)
        assert not outcome.eligible
        assert en(outcome.results[0].message) == "Is already in First Job."
        assert outcome.results[0].details["active_programs"] == ["first_job"]

    def test_ignores_programs_that_may_be_combined(self):
        person = facts(active_programs=frozenset({"bastau_training"}))
        spec = RuleSpec("not_in_active_program", {"except": ["bastau_training"]})
        assert run_rule(person, spec, ON).passed


class AnyOfTests:
    rules = [
        {"type": "status_in", "params": {"statuses": ["unemployed"]}},
        {"type": "in_group", "params": {"groups": ["kandas"]}},
    ]

    def test_passes_when_one_alternative_passes(self):
        person = facts(status="employed", groups=frozenset({"kandas"}))
        result = check("any_of", person, rules=self.rules)
        assert result.passed
        assert en(result.message) == (
            "At least one alternative is met: Belongs to an eligible group: "
            "kandas (ethnic Kazakh returnee)."
        )
        assert [r["passed"] for r in result.details["results"]] == [False, True]

    def test_fails_when_none_passes_giving_every_reason(self):
        result = check("any_of", facts(status="employed"), rules=self.rules)
        assert not result.passed
        assert en(result.message) == (
            "None of the alternatives is met: Status is “Employed”; the program accepts only: "
            "Unemployed. Belongs to none of the eligible groups: kandas (ethnic Kazakh returnee)."
        )

    def test_nested_rules_are_validated_with_their_position(self):
        bad = [{"type": "any_of", "params": {"rules": [{"type": "neet"}, {"type": "nope"}]}}]
        assert [en(e) for e in validate_rule_data(bad)] == ["Rule 1.2: unknown rule type “nope”."]


class EvaluateTests:
    rules = [
        RuleSpec("age_range", {"min": 18, "max": 35}),
        RuleSpec("neet"),
        RuleSpec("rural_resident"),
    ]

    def test_eligible_when_every_rule_passes(self):
        outcome = evaluate(facts(), "x", self.rules, ON)
        assert outcome == ProgramEligibility("x", True, outcome.results)
        assert [r.type for r in outcome.results] == ["age_range", "neet", "rural_resident"]
        assert outcome.failures == ()

    def test_one_failing_rule_makes_the_person_ineligible(self):
        outcome = evaluate(facts(area="urban"), "x", self.rules, ON)
        assert not outcome.eligible
        assert [r.passed for r in outcome.results] == [True, True, False]
        assert [r.type for r in outcome.failures] == ["rural_resident"]

    def test_program_without_rules_is_open_to_everyone(self):
        assert evaluate(facts(), "x", [], ON).eligible

    def test_unknown_rule_type_fails_closed(self):
        outcome = evaluate(facts(), "x", [RuleSpec("lives_on_the_moon")], ON)
        assert not outcome.eligible
        assert outcome.results[0].details == {"invalid": True}
        assert en(outcome.results[0].message) == (
            "The rule “lives_on_the_moon” is not set up correctly, so it cannot be checked."
        )

    def test_rule_with_bad_params_fails_closed_instead_of_crashing(self):
        outcome = evaluate(facts(), "x", [RuleSpec("age_range", {"min": "18"})], ON)
        assert not outcome.eligible
        assert outcome.results[0].type == "age_range"

    def test_result_carries_the_stored_type_name(self, monkeypatch):
        monkeypatch.setitem(RULE_TYPES, "village", RULE_TYPES["rural_resident"])
        assert evaluate(facts(), "x", [RuleSpec("village")], ON).results[0].type == "village"

    def test_messages_are_built_before_any_language_is_chosen(self):
        # Built with Kazakh active, rendered later in English: the text follows the reader.
        with translation.override("kk"):
            result = check("status_in", facts(), statuses=["unemployed"])
        assert en(result.message) == "Status is “Unemployed”, which the program accepts."


class EvaluateAllTests:
    def test_lists_eligible_programs_first_then_by_code(self):
        programs = {
            "c_open": [],
            "a_closed": [RuleSpec("rural_resident")],
            "b_open": [RuleSpec("neet")],
            "d_closed": [RuleSpec("sex_in", {"sexes": ["M"]})],
        }
        outcomes = evaluate_all(facts(area="urban"), programs, ON)
        assert [(o.program_code, o.eligible) for o in outcomes] == [
            ("b_open", True),
            ("c_open", True),
            ("a_closed", False),
            ("d_closed", False),
        ]


class RegistryTests:
    @pytest.mark.parametrize("type_name", sorted(RULE_TYPES))
    def test_every_registered_type_resolves_to_a_rule(self, type_name):
        assert isinstance(get_rule(type_name), Rule)

    def test_unknown_type_has_no_rule(self):
        assert get_rule("no_such_rule") is None

    def test_a_path_to_something_else_is_a_configuration_error(self, monkeypatch):
        monkeypatch.setitem(RULE_TYPES, "broken", "jastar.programs.eligibility.evaluate")
        with pytest.raises(ImproperlyConfigured, match="not a rule"):
            get_rule("broken")

    def test_new_rule_types_register_by_dotted_path(self, monkeypatch):
        monkeypatch.setitem(RULE_TYPES, "always", f"{__name__}.always")
        outcome = evaluate(facts(), "x", [RuleSpec("always", {"why": "test"})], ON)
        assert outcome.eligible
        assert validate_rules([RuleSpec("always", {})]) != []


@eligibility.rule(eligibility.Param("why", "str"))
def always(person, params, on):
    return RuleResult("always", True, _("Always."))


def errors_of(*specs: RuleSpec) -> list[str]:
    return [en(error) for error in validate_rules(list(specs))]


class ValidateRulesTests:
    def test_accepts_valid_rules(self):
        assert errors_of(RuleSpec("age_range", {"min": 18, "max": 35}), RuleSpec("neet")) == []

    def test_refuses_unknown_type_with_its_position(self):
        assert errors_of(RuleSpec("neet"), RuleSpec("agerange")) == [
            "Rule 2: unknown rule type “agerange”."
        ]

    def test_refuses_missing_required_params(self):
        assert errors_of(RuleSpec("age_range", {"min": 18})) == [
            "Rule 1 (age_range): “max” is missing."
        ]

    def test_optional_params_may_be_left_out(self):
        assert errors_of(RuleSpec("no_work_experience"), RuleSpec("not_in_active_program")) == []

    @pytest.mark.parametrize(
        ("spec", "expected"),
        [
            (
                RuleSpec("age_range", {"min": "18", "max": 35}),
                "Rule 1 (age_range): “min” must be a whole number, 0 or more.",
            ),
            (
                RuleSpec("age_range", {"min": True, "max": 35}),
                "Rule 1 (age_range): “min” must be a whole number, 0 or more.",
            ),
            (
                RuleSpec("no_work_experience", {"max_months": -1}),
                "Rule 1 (no_work_experience): “max_months” must be a whole number, 0 or more.",
            ),
            (
                RuleSpec("completed_program", {"program": ""}),
                "Rule 1 (completed_program): “program” must be a non-empty text.",
            ),
            (
                RuleSpec("status_in", {"statuses": "unemployed"}),
                "Rule 1 (status_in): “statuses” must be a non-empty list of texts.",
            ),
            (
                RuleSpec("in_group", {"groups": []}),
                "Rule 1 (in_group): “groups” must be a non-empty list of texts.",
            ),
            (
                RuleSpec("field_in", {"fields": ["01", 9]}),
                "Rule 1 (field_in): “fields” must be a non-empty list of texts.",
            ),
            (
                RuleSpec("any_of", {"rules": {}}),
                "Rule 1 (any_of): “rules” must be a non-empty list of rules.",
            ),
        ],
    )
    def test_refuses_params_of_the_wrong_type(self, spec, expected):
        assert errors_of(spec) == [expected]

    def test_refuses_values_outside_the_choices(self):
        assert errors_of(RuleSpec("status_in", {"statuses": ["unemployed", "neet"]})) == [
            "Rule 1 (status_in): “neet” is not allowed in “statuses”; use employed, "
            "in_education, in_training, unemployed, inactive."
        ]

    def test_refuses_unknown_params_such_as_typos(self):
        assert errors_of(RuleSpec("not_in_active_program", {"excpet": ["first_job"]})) == [
            "Rule 1 (not_in_active_program): unknown parameter “excpet”."
        ]

    def test_refuses_minimum_age_above_maximum(self):
        assert errors_of(RuleSpec("age_range", {"min": 36, "max": 18})) == [
            "Rule 1 (age_range): the minimum age 36 is above the maximum 18."
        ]

    def test_refuses_stored_data_of_the_wrong_shape(self):
        assert [en(e) for e in validate_rule_data({"type": "neet"})] == [
            "The rules must be a list of objects with a “type” and “params”."
        ]
        assert [en(e) for e in validate_rule_data([{"type": "neet"}, ["neet"]])] == [
            "Rule 2 must be an object with a text “type” and an object “params”."
        ]

    def test_reads_stored_data_with_params_optional(self):
        specs, errors = rules_from_data(
            [{"type": "neet"}, {"type": "sex_in", "params": {"sexes": ["F"]}}]
        )
        assert (specs, errors) == ([RuleSpec("neet"), RuleSpec("sex_in", {"sexes": ["F"]})], [])
        assert specs[1].to_data() == {"type": "sex_in", "params": {"sexes": ["F"]}}


class DefaultRulesTests:
    def test_every_program_in_the_catalogue_has_defaults(self):
        assert set(DEFAULT_RULES) == set(PROGRAM_NAMES)

    @pytest.mark.parametrize("code", sorted(DEFAULT_RULES))
    def test_defaults_validate(self, code):
        assert [en(e) for e in validate_rule_data(DEFAULT_RULES[code])] == []
        assert len(default_rules(code)) == len(DEFAULT_RULES[code])

    def test_education_levels_named_in_defaults_exist_with_their_order(self):
        for code, items in DEFAULT_RULES.items():
            for spec in default_rules_deep(items):
                if spec.type == "education_level_at_least":
                    assert LEVEL_ORDER[spec.params["level_code"]] == spec.params["order"]
                for level in spec.params.get("levels", []):
                    assert level in LEVEL_ORDER, (code, level)

    def test_default_statuses_are_person_statuses(self):
        statuses = {
            status
            for items in DEFAULT_RULES.values()
            for spec in default_rules_deep(items)
            for status in spec.params.get("statuses", [])
        }
        assert statuses <= set(PersonStatus.values)

    def test_programs_do_not_share_mutable_params(self):
        first = DEFAULT_RULES["youth_practice"][2]["params"]["statuses"]
        second = DEFAULT_RULES["first_job"][2]["params"]["statuses"]
        assert first == second and first is not second


def default_rules_deep(items: list[dict[str, Any]]) -> list[RuleSpec]:
    """Specs including those nested in any_of."""
    specs, _ = rules_from_data(items)
    nested = [default_rules_deep(s.params["rules"]) for s in specs if s.type == "any_of"]
    return specs + [spec for group in nested for spec in group]


def defaults_for(person: PersonFacts) -> dict[str, bool]:
    programs = {code: default_rules(code) for code in DEFAULT_RULES}
    return {o.program_code: o.eligible for o in evaluate_all(person, programs, ON)}


class PersonaTests:
    """Named people through the shipped default rules on 15 June 2026."""

    aigerim = facts()  # 24, unemployed, bachelor 2024 in education (011), village, no job yet

    def test_neet_graduate_qualifies_for_practice_and_first_job(self):
        eligible = defaults_for(self.aigerim)
        assert eligible["youth_practice"]
        assert eligible["first_job"]
        assert eligible["bastau_training"]
        assert eligible["diploma_to_village"]
        assert eligible["zhasyl_el"]

    def test_neet_graduate_needs_bastau_and_a_group_for_the_grant(self):
        outcome = evaluate(
            self.aigerim,
            "business_grant",
            default_rules("business_grant"),
            ON,
            program_names=PROGRAM_NAMES,
        )
        assert not outcome.eligible
        assert [r.type for r in outcome.failures] == ["completed_program", "in_group"]

    def test_after_bastau_a_large_family_member_qualifies_for_the_grant(self):
        person = replace(
            self.aigerim,
            completed_programs=frozenset({"bastau_training"}),
            groups=frozenset({"large_family"}),
        )
        assert defaults_for(person)["business_grant"]

    def test_joining_first_job_closes_youth_practice(self):
        person = replace(self.aigerim, active_programs=frozenset({"first_job"}))
        eligible = defaults_for(person)
        assert not eligible["youth_practice"]
        assert not eligible["first_job"]

    def test_graduate_with_experience_misses_first_job_only(self):
        eligible = defaults_for(replace(self.aigerim, experience_months=8))
        assert (eligible["youth_practice"], eligible["first_job"]) == (True, False)

    def test_36_year_old_fails_every_age_limited_program(self):
        eligible = defaults_for(replace(self.aigerim, birth_date=date(1990, 6, 15)))
        age_limited = {
            code
            for code, items in DEFAULT_RULES.items()
            if any(item["type"] == "age_range" for item in items)
        }
        assert age_limited and not any(eligible[code] for code in age_limited)
        assert eligible["social_jobs"] and eligible["public_works"]

    def test_employed_market_trader_qualifies_only_for_formalisation_and_open_programs(self):
        trader = replace(
            self.aigerim,
            status="employed",
            experience_months=30,
            groups=frozenset({"market_trader"}),
            graduation_year=2015,
            birth_date=date(1994, 3, 2),
        )
        eligible = {code for code, ok in defaults_for(trader).items() if ok}
        assert eligible == {"trader_formalisation", "zhasyl_el", "diploma_to_village"}

    def test_schoolchild_of_15_qualifies_only_for_zhasyl_el(self):
        pupil = facts(
            birth_date=date(2011, 1, 5),
            status="in_education",
            education_level_code="basic_secondary",
            education_order=3,
            graduation_year=None,
            field_code=None,
        )
        eligible = {code for code, ok in defaults_for(pupil).items() if ok}
        assert eligible == {"zhasyl_el"}


def over_age_message() -> object:
    return check("age_range", facts(birth_date=born_aged(36)), min=18, max=35).message


class RenderingTests:
    def test_renders_in_english(self):
        with translation.override("en"):
            assert str(over_age_message()) == "Age 36 is above the limit of 35."

    @pytest.mark.parametrize("language", ["kk", "ru"])
    def test_renders_in_kazakh_and_russian_keeping_the_numbers(self, language):
        # The catalogues get these strings when the translations are merged; until then
        # only check that rendering works and the values survive.
        with translation.override(language):
            text = str(over_age_message())
        assert "36" in text and "35" in text

    def test_translated_labels_inside_messages_follow_the_language(self):
        result = check("status_in", facts(status="employed"), statuses=["unemployed"])
        with translation.override("ru"):
            text, employed = str(result.message), str(PersonStatus.EMPLOYED.label)
        assert employed != "Employed" and employed in text
