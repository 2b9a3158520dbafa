"""Top-k in bounded memory: per person, per vacancy, per shard, merged, and for one page."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from jastar.matching.batch import (
    TopK,
    candidates_for,
    match_people,
    match_shard,
    merge_candidates,
    recommend,
)
from jastar.matching.engine import OCCUPATION_SLOTS, Engine, People
from jastar.matching.features import EngineSettings, Geography, PersonInput, VacancyInput
from jastar.matching.occupations import OccupationLookup, OccupationNames
from jastar.matching.scoring import EXCLUDED, Block, feature_matrix, score_block

TOP_K = 3

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

VACANCIES = [
    VacancyInput(101, "A", 1, True, "8322", "Водитель такси", salary_max=250_000),
    VacancyInput(102, "A", 1, True, "2411", "Бухгалтер", education_order=3),
    VacancyInput(103, "A", 2, False, "5120", "Повар горячего цеха", experience_months=12),
    VacancyInput(104, "A", 2, False, "5223", "Продавец-консультант", salary_min=120_000),
    VacancyInput(105, "A", 1, True, "8322", "Водитель автобуса", program="youth_practice"),
    VacancyInput(201, "B", 10, True, "", "Жүргізуші, жүк көлігі", salary_max=300_000),
    VacancyInput(202, "B", 10, True, "2512", "Программист Python", education_order=4),
    VacancyInput(203, "B", 11, False, "5120", "Аспаз", employment_type="part_time"),
    VacancyInput(301, "C", 20, True, "8322", "Водитель", employment_type="full_time"),
    VacancyInput(302, "C", 20, True, "2411", "Есепші", salary_max=180_000),
    VacancyInput(303, "C", 21, False, "5223", "Сатушы, дүкен"),
]
DISTRICT_OF_VACANCY = {v.id: v.district for v in VACANCIES}

PEOPLE = [
    PersonInput(1, "A", 1, ("8322",), "водитель такси", "водитель", 2, 24, 200_000),
    PersonInput(2, "A", 2, ("2411",), "бухгалтер 1С", "бухгалтер", 3, 6, 150_000),
    PersonInput(3, "A", 2, ("5120",), "повар", "повар", 1, 14),
    PersonInput(
        4, "A", 1, ("2512", "8322"), "программист", eligible_programs=frozenset({"youth_practice"})
    ),
    PersonInput(5, "A", None),  # knows nothing about themselves
    PersonInput(6, "A", 1, (), "водитель бухгалтер", "водитель, бухгалтер", 3, 3, 170_000),
    PersonInput(11, "B", 10, ("8322",), "жүргізуші", "жүргізуші", 2, 36, 280_000),
    PersonInput(12, "B", 11, ("2512",), "программист Django", "программист", 4, 12),
    PersonInput(13, "B", 10, ("5223",), "сатушы", "сатушы", None, 2, 100_000),
    PersonInput(21, "C", 20, ("8322",), "водитель", employment_type="full_time"),
    PersonInput(22, "C", 21, ("2411",), "есепші", "есепші", 3, 30, 200_000),
    PersonInput(23, "C", 20, ("5120",), "аспаз", "аспаз", 0, 0, 90_000),
]


def build(**settings: object) -> Engine:
    defaults: dict[str, object] = {"top_k": TOP_K}
    return Engine.build(
        VACANCIES,
        geography=GEOGRAPHY,
        lookup=LOOKUP,
        settings=EngineSettings(**{**defaults, **settings}),  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def engine() -> Engine:
    return build()


@pytest.fixture(scope="module")
def people(engine: Engine) -> People:
    return engine.encode_people(PEOPLE)


def everyone() -> np.ndarray:
    return np.arange(len(PEOPLE), dtype=np.int64)


def all_vacancies(engine: Engine) -> np.ndarray:
    return np.arange(len(engine.vacancies), dtype=np.int64)


def brute_force(engine: Engine, people: People) -> np.ndarray:
    """Every person × every vacancy, scored at once."""
    return score_block(engine, Block(people, everyone(), all_vacancies(engine)))


def person_row(person_id: int) -> int:
    return next(row for row, person in enumerate(PEOPLE) if person.id == person_id)


def vacancy_row(engine: Engine, vacancy_id: int) -> int:
    return int(np.flatnonzero(engine.vacancies.ids == vacancy_id)[0])


def real(top: TopK, row: int) -> Iterator[tuple[int, float]]:
    for partner, value in zip(top.ids[row].tolist(), top.scores[row].tolist(), strict=True):
        if partner >= 0:
            yield partner, value


def assert_top_k_of(top: TopK, row: int, scores: np.ndarray, ids: np.ndarray, k: int) -> None:
    """``top`` row ``row`` holds the ``k`` best non-excluded of ``scores`` (ids ``ids``)."""
    offered = scores != EXCLUDED
    expected = np.sort(scores[offered])[::-1][:k]
    got = list(real(top, row))
    assert [value for _, value in got] == pytest.approx(expected.tolist(), abs=1e-5)
    by_id = dict(zip(ids.tolist(), scores.tolist(), strict=True))
    for partner, value in got:
        assert by_id[partner] == pytest.approx(value, abs=1e-5)
    assert len({partner for partner, _ in got}) == len(got)


class MatchPeopleTests:
    def test_each_persons_vacancies_are_sorted_best_first(
        self, engine: Engine, people: People
    ) -> None:
        top, _ = match_people(engine, people, everyone(), all_vacancies(engine))
        assert top.owner.tolist() == [p.id for p in PEOPLE]
        assert top.ids.shape == top.scores.shape == (len(PEOPLE), TOP_K)
        for row in range(len(PEOPLE)):
            scores = top.scores[row].tolist()
            assert scores == sorted(scores, reverse=True)

    def test_each_persons_top_k_equals_brute_force(self, engine: Engine, people: People) -> None:
        top, _ = match_people(engine, people, everyone(), all_vacancies(engine))
        scores = brute_force(engine, people)
        for row in range(len(PEOPLE)):
            assert_top_k_of(top, row, scores[row], engine.vacancies.ids, TOP_K)

    def test_fewer_candidates_than_k_are_padded_with_minus_one(self) -> None:
        engine = build(top_k=20)
        people = engine.encode_people(PEOPLE)
        top, candidates = match_people(engine, people, everyone(), all_vacancies(engine))
        row = person_row(21)  # district C has 3 vacancies
        assert top.ids.shape == (len(PEOPLE), 20)
        assert (top.ids[row, :3] >= 0).all()
        assert (top.ids[row, 3:] == -1).all()
        assert (top.scores[row, 3:] == EXCLUDED).all()
        assert candidates.ids.shape == (len(VACANCIES), 20)
        assert (candidates.ids == -1).any()

    def test_excluded_pairs_are_never_offered(self, engine: Engine, people: People) -> None:
        top, candidates = match_people(engine, people, everyone(), all_vacancies(engine))
        scores = brute_force(engine, people)
        person_of = {p.id: row for row, p in enumerate(PEOPLE)}
        vacancy_of = {int(v): row for row, v in enumerate(engine.vacancies.ids.tolist())}
        for person, vacancy, _, _ in top.pairs():
            assert scores[person_of[person], vacancy_of[vacancy]] != EXCLUDED
        for vacancy, person, _, _ in candidates.pairs():
            assert scores[person_of[person], vacancy_of[vacancy]] != EXCLUDED
        # The program place 105 is offered only to person 4, the one eligible.
        assert {person for vacancy, person, _, _ in candidates.pairs() if vacancy == 105} == {4}

    def test_people_are_offered_only_their_own_and_neighbouring_districts(
        self, engine: Engine, people: People
    ) -> None:
        top, _ = match_people(engine, people, everyone(), all_vacancies(engine))
        allowed = {"A": {"A", "B"}, "B": {"A", "B"}, "C": {"C"}}
        district = {p.id: p.district for p in PEOPLE}
        for person, vacancy, _, _ in top.pairs():
            assert DISTRICT_OF_VACANCY[vacancy] in allowed[district[person]]

    def test_each_vacancys_candidates_equal_brute_force(
        self, engine: Engine, people: People
    ) -> None:
        _, candidates = match_people(engine, people, everyone(), all_vacancies(engine))
        assert candidates.owner.tolist() == engine.vacancies.ids.tolist()
        scores = brute_force(engine, people)
        for column in range(len(VACANCIES)):
            assert_top_k_of(candidates, column, scores[:, column], people.ids, TOP_K)

    @pytest.mark.parametrize("chunk_size", [1, 2, 5])
    def test_chunk_size_does_not_change_the_results(
        self, engine: Engine, people: People, chunk_size: int
    ) -> None:
        small = build(chunk_size=chunk_size)
        assert engine.settings.chunk_size > len(PEOPLE)
        rows, columns = everyone(), all_vacancies(engine)
        top, candidates = match_people(engine, people, rows, columns)
        small_top, small_candidates = match_people(
            small, small.encode_people(PEOPLE), rows, columns
        )
        assert np.array_equal(top.ids, small_top.ids)
        assert np.allclose(top.scores, small_top.scores, atol=1e-6)
        assert np.array_equal(candidates.ids, small_candidates.ids)
        assert np.allclose(candidates.scores, small_candidates.scores, atol=1e-6)

    def test_progress_counts_every_person_once(self, people: People) -> None:
        engine = build(chunk_size=5)
        counted: list[int] = []
        match_people(engine, people, everyone(), all_vacancies(engine), progress=counted.append)
        assert counted == [5, 5, 2]

    def test_a_subset_of_rows_and_vacancies_is_respected(
        self, engine: Engine, people: People
    ) -> None:
        rows = np.array([person_row(1), person_row(11)], dtype=np.int64)
        columns = np.array([vacancy_row(engine, 101), vacancy_row(engine, 201)])
        top, candidates = match_people(engine, people, rows, columns)
        assert top.owner.tolist() == [1, 11]
        assert {v for _, v, _, _ in top.pairs()} <= {101, 201}
        assert candidates.owner.tolist() == [101, 201]
        assert {p for _, p, _, _ in candidates.pairs()} <= {1, 11}

    def test_no_people_give_empty_results(self, engine: Engine, people: People) -> None:
        top, candidates = match_people(engine, people, np.zeros(0, np.int64), all_vacancies(engine))
        assert top.ids.shape == (0, TOP_K)
        assert list(top.pairs()) == []
        assert list(candidates.pairs()) == []

    def test_two_builds_of_the_same_engine_agree_exactly(self, engine: Engine) -> None:
        again = build()
        first = brute_force(engine, engine.encode_people(PEOPLE))
        second = brute_force(again, again.encode_people(PEOPLE))
        assert np.array_equal(first, second)


class ShardTests:
    @staticmethod
    def shard(engine: Engine, district: str) -> tuple[TopK, TopK]:
        return match_shard(engine, district, [p for p in PEOPLE if p.district == district])

    def test_a_shard_scores_only_its_near_vacancies(self, engine: Engine) -> None:
        top, candidates = self.shard(engine, "A")
        near = {101, 102, 103, 104, 105, 201, 202, 203}
        assert set(candidates.owner.tolist()) == near
        assert {vacancy for _, vacancy, _, _ in top.pairs()} <= near
        top, candidates = self.shard(engine, "C")
        assert set(candidates.owner.tolist()) == {301, 302, 303}
        assert {vacancy for _, vacancy, _, _ in top.pairs()} <= {301, 302, 303}

    def test_a_shards_people_get_the_same_top_k_as_in_the_whole_batch(
        self, engine: Engine, people: People
    ) -> None:
        whole, _ = match_people(engine, people, everyone(), all_vacancies(engine))
        for district in ("A", "B", "C"):
            top, _ = self.shard(engine, district)
            for row, person in enumerate(top.owner.tolist()):
                assert top.ids[row].tolist() == whole.ids[person_row(person)].tolist()
                assert np.allclose(top.scores[row], whole.scores[person_row(person)], atol=1e-6)

    def test_merged_shard_candidates_equal_the_whole_batch(
        self, engine: Engine, people: People
    ) -> None:
        _, whole = match_people(engine, people, everyone(), all_vacancies(engine))
        parts = [self.shard(engine, district)[1] for district in ("A", "B", "C")]
        merged = merge_candidates(parts, TOP_K)
        assert merged.owner.tolist() == sorted(engine.vacancies.ids.tolist())
        scores = brute_force(engine, people)
        for row, vacancy in enumerate(merged.owner.tolist()):
            column = vacancy_row(engine, vacancy)
            assert_top_k_of(merged, row, scores[:, column], people.ids, TOP_K)
            assert merged.scores[row] == pytest.approx(whole.scores[column].tolist(), abs=1e-6)

    def test_merging_two_parts_keeps_the_best_of_their_union(self) -> None:
        first = TopK(
            np.array([1, 2]),
            np.array([[10, 11], [20, -1]]),
            np.array([[0.9, 0.5], [0.6, EXCLUDED]], dtype=np.float32),
        )
        second = TopK(
            np.array([2, 3]),
            np.array([[21, 22], [30, -1]]),
            np.array([[0.8, 0.1], [0.7, EXCLUDED]], dtype=np.float32),
        )
        merged = merge_candidates([first, second], 2)
        assert merged.owner.tolist() == [1, 2, 3]
        assert merged.ids.tolist() == [[10, 11], [21, 20], [30, -1]]
        assert np.allclose(merged.scores, [[0.9, 0.5], [0.8, 0.6], [0.7, float(EXCLUDED)]])

    def test_merging_one_part_changes_nothing(self, engine: Engine) -> None:
        _, candidates = self.shard(engine, "C")
        merged = merge_candidates([candidates], TOP_K)
        order = np.argsort(candidates.owner)
        assert merged.owner.tolist() == candidates.owner[order].tolist()
        assert merged.ids.tolist() == candidates.ids[order].tolist()

    def test_merging_nothing_gives_an_empty_top_k(self) -> None:
        merged = merge_candidates([], TOP_K)
        assert merged.owner.shape == (0,)
        assert merged.ids.shape == merged.scores.shape == (0, TOP_K)

    def test_a_shard_is_the_same_on_another_engine_built_alike(self, engine: Engine) -> None:
        again = build()
        for district in ("A", "C"):
            top, candidates = self.shard(engine, district)
            other_top, other_candidates = self.shard(again, district)
            assert np.array_equal(top.ids, other_top.ids)
            assert np.array_equal(top.scores, other_top.scores)
            assert np.array_equal(candidates.ids, other_candidates.ids)

    def test_a_district_without_vacancies_offers_nothing(self, engine: Engine) -> None:
        lost = [PersonInput(90 + i, "Z", occupations=("8322",)) for i in range(5)]
        top, candidates = match_shard(engine, "Z", lost)
        assert top.owner.tolist() == [90, 91, 92, 93, 94]
        assert (top.ids == -1).all()
        assert candidates.owner.shape == (0,)

    def test_a_district_without_people_gives_empty_people_results(self, engine: Engine) -> None:
        top, candidates = match_shard(engine, "C", [])
        assert top.ids.shape == (0, TOP_K)
        assert (candidates.ids == -1).all()


class RecommendTests:
    @pytest.mark.parametrize("person_id", [p.id for p in PEOPLE])
    def test_recommend_agrees_with_match_people(
        self, engine: Engine, people: People, person_id: int
    ) -> None:
        whole, _ = match_people(engine, people, everyone(), all_vacancies(engine))
        row = person_row(person_id)
        offered, scores = recommend(engine, people, row, TOP_K)
        expected = list(real(whole, row))
        assert engine.vacancies.ids[offered].tolist() == [vacancy for vacancy, _ in expected]
        assert scores.tolist() == pytest.approx([value for _, value in expected], abs=1e-6)

    def test_recommend_never_returns_excluded_vacancies(
        self, engine: Engine, people: People
    ) -> None:
        offered, scores = recommend(engine, people, person_row(21), 50)
        assert sorted(engine.vacancies.ids[offered].tolist()) == [301, 302, 303]
        assert (scores >= 0).all()
        assert scores.tolist() == sorted(scores.tolist(), reverse=True)

    def test_a_person_in_an_unknown_district_gets_nothing(self, engine: Engine) -> None:
        lost = engine.encode_people([PersonInput(99, "Z", occupations=("8322",))])
        offered, scores = recommend(engine, lost, 0, TOP_K)
        assert offered.shape == scores.shape == (0,)

    def test_candidates_for_a_vacancy_are_best_people_first(
        self, engine: Engine, people: People
    ) -> None:
        column = vacancy_row(engine, 101)
        rows, scores = candidates_for(engine, people, column, 5)
        assert scores.tolist() == sorted(scores.tolist(), reverse=True)
        brute = brute_force(engine, people)[:, column]
        assert int(rows[0]) == int(np.argmax(brute))
        assert PEOPLE[int(rows[0])].id == 1  # the driver in the same settlement
        assert np.allclose(scores, brute[rows], atol=1e-6)
        assert {PEOPLE[int(r)].district for r in rows} <= {"A", "B"}

    def test_candidates_for_a_program_place_are_only_the_eligible(
        self, engine: Engine, people: People
    ) -> None:
        rows, _ = candidates_for(engine, people, vacancy_row(engine, 105), 10)
        assert [PEOPLE[int(r)].id for r in rows] == [4]

    def test_candidates_for_no_people_is_empty(self, engine: Engine) -> None:
        nobody = engine.encode_people([])
        rows, scores = candidates_for(engine, nobody, 0, 5)
        assert rows.shape == scores.shape == (0,)


class TopKTests:
    def test_pairs_rank_from_one_and_skip_padding(self) -> None:
        top = TopK(
            np.array([7, 8]),
            np.array([[5, 6, -1], [-1, -1, -1]]),
            np.array([[0.9, 0.4, EXCLUDED], [EXCLUDED] * 3], dtype=np.float32),
        )
        pairs = list(top.pairs())
        assert [(owner, partner, rank) for owner, partner, rank, _ in pairs] == [
            (7, 5, 1),
            (7, 6, 2),
        ]
        assert [value for *_, value in pairs] == pytest.approx([0.9, 0.4])

    def test_batch_ranks_are_consecutive_from_one(self, engine: Engine, people: People) -> None:
        top, _ = match_people(engine, people, everyone(), all_vacancies(engine))
        ranks: dict[int, list[int]] = {}
        for owner, _, rank, _ in top.pairs():
            ranks.setdefault(owner, []).append(rank)
        assert ranks
        for found in ranks.values():
            assert found == list(range(1, len(found) + 1))


class InferOccupationTests:
    def test_a_title_gets_the_occupation_the_lookup_is_sure_of(self, engine: Engine) -> None:
        assert engine.infer_occupation("водитель") == "8322"
        assert engine.infer_occupation("Бас есепші") == "2411"
        assert engine.infer_occupation("jürgızuşı") == "8322"

    def test_an_unknown_title_gets_no_occupation(self, engine: Engine) -> None:
        assert engine.infer_occupation("космонавт") == ""
        assert engine.infer_occupation("") == ""

    def test_the_threshold_comes_from_the_settings(self) -> None:
        assert build().infer_occupation("бугалтер") == "2411"
        assert build(infer_occupation_from=0.95).infer_occupation("бугалтер") == ""

    def test_a_vacancy_without_a_code_gets_one_from_its_title(self, engine: Engine) -> None:
        row = vacancy_row(engine, 201)  # "Жүргізуші, жүк көлігі", no code
        assert engine.codes[engine.vacancies.occupation[row]] == "8322"

    def test_skills_give_a_person_without_occupations_their_occupations(
        self, engine: Engine, people: People
    ) -> None:
        row = person_row(6)  # skills "водитель, бухгалтер", no occupations
        codes = [engine.codes[i] for i in people.occupations[row] if i < len(engine.codes)]
        assert codes == ["8322", "2411"]
        block = Block(
            people, np.array([row]), np.array([vacancy_row(engine, v) for v in (101, 102)])
        )
        assert feature_matrix(engine, block, "occupation").tolist() == [[1.0, 1.0]]

    def test_skills_may_be_separated_by_semicolons(self, engine: Engine) -> None:
        encoded = engine.encode_people([PersonInput(1, "A", skills="повар; сатушы")])
        codes = [engine.codes[i] for i in encoded.occupations[0] if i < len(engine.codes)]
        assert codes == ["5120", "5223"]

    def test_stated_occupations_win_over_skills(self, engine: Engine) -> None:
        encoded = engine.encode_people(
            [PersonInput(1, "A", occupations=("5120",), skills="водитель, бухгалтер")]
        )
        codes = [engine.codes[i] for i in encoded.occupations[0] if i < len(engine.codes)]
        assert codes == ["5120"]

    def test_skills_the_lookup_does_not_know_give_no_occupation(self) -> None:
        engine = Engine.build(
            VACANCIES,
            geography=GEOGRAPHY,
            lookup=OccupationLookup([OccupationNames("5120", ("повар",))]),
        )
        encoded = engine.encode_people([PersonInput(1, "A", skills="водитель, космонавт")])
        assert encoded.occupations.shape == (1, OCCUPATION_SLOTS)
        assert (encoded.occupations[0] == len(engine.codes)).all()


class EngineTests:
    def test_near_vacancies_are_the_district_and_its_neighbours(self, engine: Engine) -> None:
        def ids(district: str) -> list[int]:
            return [int(v) for v in engine.vacancies.ids[engine.near_vacancies(district)]]

        assert ids("A") == ids("B") == [101, 102, 103, 104, 105, 201, 202, 203]
        assert ids("C") == [301, 302, 303]
        assert ids("Z") == []

    def test_an_empty_region_builds_an_engine_that_offers_nothing(self) -> None:
        engine = Engine.build([], geography=GEOGRAPHY, lookup=LOOKUP)
        top, candidates = match_shard(engine, "A", PEOPLE[:3])
        assert list(top.pairs()) == []
        assert list(candidates.pairs()) == []
