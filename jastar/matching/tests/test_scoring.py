"""Each feature's documented value, the exclusions, the weighted score and its explanation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest

from jastar.matching.batch import recommend
from jastar.matching.engine import Engine
from jastar.matching.features import (
    FEATURES,
    PLACE_DISTRICT,
    PLACE_DISTRICT_CENTRE,
    PLACE_NEIGHBOUR,
    PLACE_SETTLEMENT,
    EngineSettings,
    Geography,
    PersonInput,
    VacancyInput,
    Weights,
)
from jastar.matching.occupations import OccupationLookup, OccupationNames
from jastar.matching.scoring import (
    EXCLUDED,
    Block,
    excluded,
    explain,
    feature_matrix,
    score_block,
)

LOOKUP = OccupationLookup(
    [
        OccupationNames("8322", ("водитель", "жүргізуші", "driver")),
        OccupationNames("2411", ("бухгалтер", "есепші", "accountant")),
        OccupationNames("5223", ("продавец", "сатушы", "shop salesperson")),
        OccupationNames("2512", ("программист", "бағдарламашы", "software developer")),
        OccupationNames("5120", ("повар", "аспаз", "cook")),
    ]
)
# A and B are neighbours (listed one way only); C is far from both.
GEOGRAPHY = Geography({"A": frozenset({"B"}), "C": frozenset()})

# The person most tests score: a driver in settlement 1 of district A.
DRIVER = PersonInput(id=1, district="A", settlement=1, occupations=("8322",), text="водитель")


def vacancy(id: int, **fields: object) -> VacancyInput:
    """A vacancy in settlement 3 of district A unless told otherwise."""
    defaults: dict[str, object] = {"district": "A", "settlement": 3}
    return VacancyInput(id=id, **{**defaults, **fields})  # type: ignore[arg-type]


VACANCIES = [
    # Place.
    vacancy(1, settlement=1, occupation="8322", title="Водитель такси"),
    vacancy(2, settlement=2, at_district_centre=True, occupation="8322"),
    vacancy(3, occupation="8322"),
    vacancy(4, district="B", settlement=10, occupation="8322"),
    vacancy(5, district="C", settlement=20, occupation="8322"),
    # Occupation.
    vacancy(11, occupation="8322"),
    vacancy(12, occupation="8321"),
    vacancy(13, occupation="8331"),
    vacancy(14, occupation="8111"),
    vacancy(15, occupation="2411", title="Бухгалтер"),
    vacancy(16, title="Жүргізуші"),  # occupation guessed from the title
    vacancy(17, title="Космонавт"),  # nothing to guess from
    # Education, experience, salary.
    vacancy(21, education_order=3),
    vacancy(22, education_order=None),
    vacancy(31, experience_months=12),
    vacancy(32, experience_months=0),
    vacancy(41, salary_max=200_000, salary_min=120_000),
    vacancy(42, salary_min=150_000),
    vacancy(43),
    # Employment type.
    vacancy(51, employment_type="full_time"),
    vacancy(52, employment_type="part_time"),
    vacancy(53),
    # Program places.
    vacancy(61, program="youth_practice", occupation="8322"),
    vacancy(62, program="first_job", occupation="8322"),
    # Text.
    vacancy(71, title="Повар горячего цеха"),
    vacancy(72, title="Программист Python"),
    vacancy(73, title="Продавец-консультант"),
]


def build(vacancies: list[VacancyInput] | None = None, **settings: object) -> Engine:
    return Engine.build(
        VACANCIES if vacancies is None else vacancies,
        geography=GEOGRAPHY,
        lookup=LOOKUP,
        settings=EngineSettings(**settings),  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def engine() -> Engine:
    return build()


def rows(engine: Engine, *ids: int) -> np.ndarray:
    position = {int(vid): row for row, vid in enumerate(engine.vacancies.ids.tolist())}
    return np.array([position[i] for i in ids], dtype=np.int64)


def block(engine: Engine, people: list[PersonInput], *ids: int) -> Block:
    encoded = engine.encode_people(people)
    vacancy_rows = rows(engine, *ids) if ids else np.arange(len(engine.vacancies))
    return Block(encoded, np.arange(len(people), dtype=np.int64), vacancy_rows)


def value(engine: Engine, person: PersonInput, vacancy_id: int, name: str) -> float:
    return float(feature_matrix(engine, block(engine, [person], vacancy_id), name)[0, 0])


def score(engine: Engine, person: PersonInput, vacancy_id: int) -> float:
    return float(score_block(engine, block(engine, [person], vacancy_id))[0, 0])


class OccupationFeatureTests:
    @pytest.mark.parametrize(
        ("vacancy_id", "expected"),
        [
            (11, 1.0),  # same unit group
            (12, 0.7),  # same minor group
            (13, 0.5),  # same sub-major group
            (14, 0.2),  # same major group
            (15, 0.0),  # unrelated
            (17, 0.0),  # vacancy's occupation unknown
        ],
    )
    def test_the_code_hierarchy_decides(
        self, engine: Engine, vacancy_id: int, expected: float
    ) -> None:
        assert value(engine, DRIVER, vacancy_id, "occupation") == pytest.approx(expected)

    def test_a_vacancy_without_a_code_gets_one_from_its_title(self, engine: Engine) -> None:
        assert value(engine, DRIVER, 16, "occupation") == pytest.approx(1.0)

    def test_a_person_without_occupations_scores_zero(self, engine: Engine) -> None:
        nobody = replace(DRIVER, occupations=(), skills="")
        for vacancy_id in (11, 12, 16):
            assert value(engine, nobody, vacancy_id, "occupation") == 0.0

    def test_the_best_of_the_persons_occupations_counts(self, engine: Engine) -> None:
        both = replace(DRIVER, occupations=("2411", "8321"))
        assert value(engine, both, 11, "occupation") == pytest.approx(0.7)
        assert value(engine, both, 15, "occupation") == pytest.approx(1.0)

    def test_only_the_first_three_occupations_count(self, engine: Engine) -> None:
        many = replace(DRIVER, occupations=("2411", "5223", "2512", "8322"))
        assert value(engine, many, 11, "occupation") == 0.0
        assert value(engine, many, 15, "occupation") == pytest.approx(1.0)


class PlaceFeatureTests:
    @pytest.mark.parametrize(
        ("vacancy_id", "expected"),
        [
            (1, PLACE_SETTLEMENT),
            (2, PLACE_DISTRICT_CENTRE),
            (3, PLACE_DISTRICT),
            (4, PLACE_NEIGHBOUR),
            (5, 0.0),
        ],
    )
    def test_closer_places_score_higher(
        self, engine: Engine, vacancy_id: int, expected: float
    ) -> None:
        assert value(engine, DRIVER, vacancy_id, "place") == pytest.approx(expected)

    def test_the_documented_values(self) -> None:
        assert (PLACE_SETTLEMENT, PLACE_DISTRICT_CENTRE, PLACE_DISTRICT, PLACE_NEIGHBOUR) == (
            1.0,
            0.75,
            0.6,
            0.3,
        )

    def test_a_far_district_is_excluded_and_near_ones_are_not(self, engine: Engine) -> None:
        scores = score_block(engine, block(engine, [DRIVER], 1, 2, 3, 4, 5))[0]
        assert scores[4] == EXCLUDED
        assert (scores[:4] >= 0).all()

    def test_neighbours_work_the_other_way_round(self, engine: Engine) -> None:
        in_b = replace(DRIVER, district="B", settlement=10)
        assert value(engine, in_b, 3, "place") == pytest.approx(PLACE_NEIGHBOUR)
        assert value(engine, in_b, 4, "place") == pytest.approx(PLACE_SETTLEMENT)
        assert score(engine, in_b, 5) == EXCLUDED

    def test_unknown_settlements_never_match_each_other(self, engine: Engine) -> None:
        homeless = replace(DRIVER, settlement=None)
        engine_no_settlement = build([vacancy(1, settlement=None), *VACANCIES[1:]])
        assert value(engine_no_settlement, homeless, 1, "place") == pytest.approx(PLACE_DISTRICT)

    def test_a_person_in_an_unknown_district_is_offered_nothing(self, engine: Engine) -> None:
        lost = replace(DRIVER, district="Z", settlement=None)
        scores = score_block(engine, block(engine, [lost]))
        assert (scores == EXCLUDED).all()

    def test_a_neighbour_listed_one_way_without_vacancies_is_still_near(self) -> None:
        engine = Engine.build(
            [vacancy(1, occupation="8322")],
            geography=Geography({"A": frozenset({"B"})}),
            lookup=LOOKUP,
        )
        in_b = replace(DRIVER, district="B", settlement=10)
        assert "A" in engine.geography.near("B")
        assert value(engine, in_b, 1, "place") == pytest.approx(PLACE_NEIGHBOUR)
        people = engine.encode_people([in_b])
        offered, _ = recommend(engine, people, 0, 5)
        assert engine.vacancies.ids[offered].tolist() == [1]


class EducationFeatureTests:
    @pytest.mark.parametrize(
        ("order", "vacancy_id", "expected"),
        [
            (3, 21, 1.0),  # meets the requirement
            (5, 21, 1.0),  # more than required
            (2, 21, 0.4),  # one level below
            (1, 21, 0.0),  # two levels below
            (0, 21, 0.0),
            (None, 21, 0.5),  # person's education unknown
            (None, 22, 1.0),  # nothing required
            (0, 22, 1.0),
        ],
    )
    def test_education_against_the_requirement(
        self, engine: Engine, order: int | None, vacancy_id: int, expected: float
    ) -> None:
        person = replace(DRIVER, education_order=order)
        assert value(engine, person, vacancy_id, "education") == pytest.approx(expected)

    def test_unknown_education_against_the_lowest_level_is_half(self) -> None:
        engine = build([vacancy(1, education_order=0), *VACANCIES[1:]])
        assert value(engine, replace(DRIVER, education_order=None), 1, "education") == 0.5


class ExperienceFeatureTests:
    @pytest.mark.parametrize(
        ("months", "vacancy_id", "expected"),
        [(12, 31, 1.0), (24, 31, 1.0), (6, 31, 0.5), (3, 31, 0.25), (0, 31, 0.0), (0, 32, 1.0)],
    )
    def test_the_share_of_the_required_experience_capped_at_one(
        self, engine: Engine, months: int, vacancy_id: int, expected: float
    ) -> None:
        person = replace(DRIVER, experience_months=months)
        assert value(engine, person, vacancy_id, "experience") == pytest.approx(expected)


class SalaryFeatureTests:
    @pytest.mark.parametrize(
        ("expected_salary", "vacancy_id", "expected"),
        [
            (200_000, 41, 1.0),  # the offer (salary_max) meets the wage
            (150_000, 41, 1.0),  # more than expected
            (200_000, 42, 0.5),  # only salary_min: 75 % of the wage
            (300_000, 41, 1 / 3),  # two thirds of the wage
            (400_000, 41, 0.0),  # half the wage
            (500_000, 41, 0.0),  # less than half
            (None, 41, 0.5),  # person's wage unknown
            (200_000, 43, 0.5),  # offer unknown
            (None, 43, 0.5),
        ],
    )
    def test_the_offer_against_the_expected_wage(
        self, engine: Engine, expected_salary: int | None, vacancy_id: int, expected: float
    ) -> None:
        person = replace(DRIVER, expected_salary=expected_salary)
        assert value(engine, person, vacancy_id, "salary") == pytest.approx(expected, abs=1e-6)


class EmploymentTypeFeatureTests:
    @pytest.mark.parametrize(
        ("wanted", "vacancy_id", "expected"),
        [
            ("full_time", 51, 1.0),
            ("part_time", 52, 1.0),
            ("part_time", 51, 0.0),
            ("full_time", 52, 0.0),
            ("", 51, 0.5),  # anything will do
            ("", 53, 0.5),
        ],
    )
    def test_the_wanted_type_against_the_vacancys(
        self, engine: Engine, wanted: str, vacancy_id: int, expected: float
    ) -> None:
        person = replace(DRIVER, employment_type=wanted)
        assert value(engine, person, vacancy_id, "employment_type") == pytest.approx(expected)

    def test_a_type_no_vacancy_offers_is_a_mismatch_not_any(self, engine: Engine) -> None:
        person = replace(DRIVER, employment_type="seasonal")
        assert value(engine, person, 51, "employment_type") == 0.0


class ProgramFeatureTests:
    def test_an_eligible_person_gets_the_place_offered(self, engine: Engine) -> None:
        eligible = replace(DRIVER, eligible_programs=frozenset({"youth_practice"}))
        assert value(engine, eligible, 61, "program") == 1.0
        assert 0 <= score(engine, eligible, 61) <= 1
        people = engine.encode_people([eligible])
        offered, _ = recommend(engine, people, 0, len(VACANCIES))
        assert 61 in engine.vacancies.ids[offered].tolist()

    def test_a_person_not_eligible_is_never_offered_the_place(self, engine: Engine) -> None:
        assert value(engine, DRIVER, 61, "program") == 0.0
        assert score(engine, DRIVER, 61) == EXCLUDED
        people = engine.encode_people([DRIVER])
        offered, _ = recommend(engine, people, 0, len(VACANCIES))
        assert 61 not in engine.vacancies.ids[offered].tolist()

    def test_eligibility_for_another_program_does_not_help(self, engine: Engine) -> None:
        other = replace(DRIVER, eligible_programs=frozenset({"first_job"}))
        assert score(engine, other, 61) == EXCLUDED
        assert score(engine, other, 62) >= 0

    def test_a_program_unknown_to_the_engine_is_ignored(self, engine: Engine) -> None:
        unknown = replace(DRIVER, eligible_programs=frozenset({"no_such_program"}))
        assert score(engine, unknown, 61) == EXCLUDED
        assert score(engine, unknown, 11) >= 0

    def test_an_ordinary_vacancy_scores_zero_on_program(self, engine: Engine) -> None:
        eligible = replace(DRIVER, eligible_programs=frozenset({"youth_practice"}))
        assert value(engine, eligible, 11, "program") == 0.0
        assert score(engine, eligible, 11) >= 0

    def test_excluded_marks_far_and_not_eligible_pairs(self, engine: Engine) -> None:
        pairs = block(engine, [DRIVER], 1, 5, 61, 62)
        assert excluded(engine, pairs).tolist() == [[False, True, True, True]]


class TextAndSkillsFeatureTests:
    def test_a_matching_title_is_closer_than_an_unrelated_one(self, engine: Engine) -> None:
        assert value(engine, DRIVER, 1, "text") > value(engine, DRIVER, 15, "text")

    def test_text_lies_between_zero_and_one(self, engine: Engine) -> None:
        values = feature_matrix(engine, block(engine, [DRIVER]), "text")
        assert (values >= 0).all()
        assert (values <= 1 + 1e-6).all()

    def test_skills_is_the_share_of_skill_words_the_vacancy_names(self) -> None:
        titles = ["Водитель такси", "Повар", "Бухгалтер", "Продавец", "Программист"]
        engine = build([vacancy(i, title=t) for i, t in enumerate(titles, start=1)])
        person = replace(DRIVER, skills="водитель, повар")
        assert value(engine, person, 1, "skills") == pytest.approx(0.5)
        assert value(engine, person, 2, "skills") == pytest.approx(0.5)
        assert value(engine, person, 3, "skills") == 0.0

    def test_no_skills_score_zero(self, engine: Engine) -> None:
        assert value(engine, replace(DRIVER, skills=""), 1, "skills") == 0.0

    def test_meaning_is_zero_without_embeddings(self, engine: Engine) -> None:
        assert not feature_matrix(engine, block(engine, [DRIVER]), "meaning").any()

    def test_meaning_is_off_unless_weighted_even_with_an_embed_function(self) -> None:
        def embed(texts: Sequence[str]) -> np.ndarray:
            raise AssertionError("embed called although meaning weighs nothing")

        engine = Engine.build(VACANCIES, geography=GEOGRAPHY, lookup=LOOKUP, embed=embed)
        assert not feature_matrix(engine, block(engine, [DRIVER]), "meaning").any()

    def test_meaning_rescales_the_embedding_cosine(self) -> None:
        def embed(texts: Sequence[str]) -> np.ndarray:
            # Driver-ish texts point one way, the rest another; "такси" leans between.
            vectors = {"водитель": [1.0, 0.0], "такси": [0.9, 0.436]}
            return np.array(
                [next((v for k, v in vectors.items() if k in t.lower()), [0.0, 1.0]) for t in texts]
            )

        engine = Engine.build(
            [
                vacancy(1, title="Водитель"),
                vacancy(2, title="Такси"),
                vacancy(3, title="Бухгалтер"),
            ],
            geography=GEOGRAPHY,
            lookup=LOOKUP,
            settings=EngineSettings(weights=Weights(meaning=1.0)),
            embed=embed,
        )
        values = feature_matrix(engine, block(engine, [DRIVER], 1, 2, 3), "meaning")[0]
        # cosine 1 -> 1; cosine 0.9 -> (0.9 - 0.75) / 0.25 = 0.6; cosine 0 -> 0.
        assert values.tolist() == pytest.approx([1.0, 0.6, 0.0], abs=1e-3)


PEOPLE = [
    DRIVER,
    replace(DRIVER, id=2, education_order=2, experience_months=6, expected_salary=180_000),
    PersonInput(id=3, district="B", settlement=10, occupations=("2411",), text="бухгалтер"),
    PersonInput(id=4, district="C", settlement=20, skills="повар", text="повар"),
    PersonInput(
        id=5,
        district="A",
        employment_type="part_time",
        eligible_programs=frozenset({"youth_practice", "first_job"}),
        text="программист",
    ),
]


class ScoreTests:
    def test_scores_lie_between_zero_and_one_or_are_excluded(self, engine: Engine) -> None:
        scores = score_block(engine, block(engine, PEOPLE))
        assert scores.dtype == np.float32
        offered = scores != EXCLUDED
        assert offered.any()
        assert (scores[offered] >= 0).all()
        assert (scores[offered] <= 1 + 1e-6).all()

    def test_a_perfect_pair_scores_close_to_the_top(self) -> None:
        weights = Weights(text=0, skills=0, meaning=0)
        engine = build(weights=weights)
        person = replace(DRIVER, education_order=5, experience_months=24, expected_salary=100_000)
        # Everything 1 except salary (offer unknown: 0.5), employment_type (any: 0.5) and
        # program (not a program place: 0).
        missing = 0.5 * weights.salary + 0.5 * weights.employment_type + weights.program
        expected = 1 - missing / weights.total
        assert score(engine, person, 1) == pytest.approx(expected, abs=1e-6)

    def test_the_score_is_the_sum_of_the_explained_contributions(self, engine: Engine) -> None:
        pairs = block(engine, PEOPLE)
        scores = score_block(engine, pairs)
        for row in range(len(PEOPLE)):
            explained = explain(engine, pairs.people, row, pairs.vacancies)
            for column, items in enumerate(explained):
                if scores[row, column] != EXCLUDED:
                    total = sum(item.contribution for item in items)
                    assert total == pytest.approx(float(scores[row, column]), abs=1e-3)

    def test_the_score_is_the_weighted_mean_of_the_features(self, engine: Engine) -> None:
        pairs = block(engine, PEOPLE)
        weights = engine.settings.weights.as_dict()
        weighted = np.zeros((len(PEOPLE), len(VACANCIES)), dtype=np.float64)
        for name, weight in weights.items():
            weighted += weight * feature_matrix(engine, pairs, name)
        mean = weighted / sum(weights.values())
        scores = score_block(engine, pairs)
        offered = scores != EXCLUDED
        assert np.allclose(scores[offered], mean[offered], atol=1e-5)

    def test_explain_lists_weighted_features_largest_first(self, engine: Engine) -> None:
        pairs = block(engine, [DRIVER], 1, 3)
        explained = explain(engine, pairs.people, 0, pairs.vacancies)
        assert len(explained) == 2
        for items in explained:
            contributions = [item.contribution for item in items]
            assert contributions == sorted(contributions, reverse=True)
            names = {item.feature for item in items}
            assert names == {name for name in FEATURES if name != "meaning"}
            for item in items:
                assert 0 <= item.value <= 1

    def test_explain_values_equal_the_feature_values(self, engine: Engine) -> None:
        pairs = block(engine, [DRIVER], 4)
        (items,) = explain(engine, pairs.people, 0, pairs.vacancies)
        place = next(item for item in items if item.feature == "place")
        assert place.value == pytest.approx(PLACE_NEIGHBOUR)
        assert place.contribution == pytest.approx(
            PLACE_NEIGHBOUR * engine.settings.weights.place / engine.settings.weights.total,
            abs=1e-4,
        )


class WeightTests:
    def test_a_zero_weight_drops_the_feature(self) -> None:
        engine = build(weights=Weights(text=0))
        pairs = block(engine, [DRIVER], 1, 3)
        for items in explain(engine, pairs.people, 0, pairs.vacancies):
            assert "text" not in {item.feature for item in items}
        # The person's text no longer moves the score.
        other_text = replace(DRIVER, text="программист бухгалтер")
        assert score(engine, DRIVER, 1) == pytest.approx(score(engine, other_text, 1))

    def test_with_only_one_weight_the_score_is_that_feature(self) -> None:
        only = Weights(**{name: 0.0 for name in FEATURES} | {"occupation": 2.0})
        engine = build(weights=only)
        for vacancy_id, expected in ((11, 1.0), (12, 0.7), (13, 0.5), (14, 0.2), (15, 0.0)):
            assert score(engine, DRIVER, vacancy_id) == pytest.approx(expected)

    def test_far_places_stay_excluded_when_place_weighs_nothing(self) -> None:
        engine = build(weights=Weights(place=0))
        assert score(engine, DRIVER, 5) == EXCLUDED
        assert score(engine, DRIVER, 4) >= 0

    def test_all_zero_weights_score_zero_but_keep_exclusions(self) -> None:
        engine = build(weights=Weights(**{name: 0.0 for name in FEATURES}))
        scores = score_block(engine, block(engine, [DRIVER], 1, 5))[0]
        assert scores.tolist() == [0.0, EXCLUDED]

    def test_as_dict_follows_the_feature_order(self) -> None:
        assert tuple(Weights().as_dict()) == FEATURES
        assert Weights().total == pytest.approx(sum(Weights().as_dict().values()))

    def test_from_mapping_keeps_defaults_for_missing_names(self) -> None:
        weights = Weights.from_mapping({"text": 0, "meaning": 1})
        assert weights.text == 0.0
        assert weights.meaning == 1.0
        assert weights.occupation == Weights().occupation
        assert isinstance(weights.text, float)

    def test_from_mapping_refuses_unknown_names(self) -> None:
        with pytest.raises(ValueError, match="unknown matching features: colour"):
            Weights.from_mapping({"colour": 1.0, "text": 1.0})

    @pytest.mark.parametrize("bad", [-1, -0.01, float("nan"), "2", None])
    def test_from_mapping_refuses_negative_and_non_numbers(self, bad: object) -> None:
        with pytest.raises(ValueError, match="the weight of salary"):
            Weights.from_mapping({"salary": bad})  # type: ignore[dict-item]

    def test_from_mapping_refuses_an_infinite_weight(self) -> None:
        with pytest.raises(ValueError):
            Weights.from_mapping({"text": float("inf")})


class GeographyTests:
    def test_near_includes_the_district_itself(self) -> None:
        assert "C" in GEOGRAPHY.near("C")
        assert GEOGRAPHY.near("C") == frozenset({"C"})

    def test_near_is_symmetric(self) -> None:
        assert GEOGRAPHY.near("A") == frozenset({"A", "B"})
        assert GEOGRAPHY.near("B") == frozenset({"A", "B"})
        for district in ("A", "B", "C"):
            for other in GEOGRAPHY.near(district):
                assert district in GEOGRAPHY.near(other)

    def test_an_unknown_district_is_near_only_itself(self) -> None:
        assert GEOGRAPHY.near("Z") == frozenset({"Z"})
        assert Geography().near("A") == frozenset({"A"})
