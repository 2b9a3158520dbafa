"""The NEET risk model: features, training, probabilities, reasons, evaluation, storage."""

from __future__ import annotations

import io
import math
import pickle
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from jastar.insight.risk import (
    FEATURES,
    MONTHS_CAP,
    RiskModel,
    Snapshot,
    contributions,
    evaluate,
    feature_matrix,
    from_bytes,
    predict,
    reasons,
    reliability_plot,
    reliability_table,
    to_bytes,
    train,
)

DISTRICTS = ("D01", "D02", "D03", "D04")
TRAINED_ON = date(2026, 1, 1)
STATUS_WEIGHTS = {
    "employed": 0.25,
    "in_education": 0.15,
    "in_training": 0.05,
    "unemployed": 0.35,
    "inactive": 0.20,
}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def person(**changes: object) -> Snapshot:
    """An unemployed 22-year-old woman with general secondary education, never in work."""
    base = Snapshot(
        person_id=1,
        age=22,
        sex="F",
        education_order=4,
        field_broad="",
        district="D01",
        rural=True,
        status="unemployed",
        months_in_status=10,
        months_since_work_or_study=None,
        programs_completed=0,
        programs_active=0,
        contacts_last_year=1,
        neet=True,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _true_logit(education: int | None, status: str, since: int | None) -> float:
    """Risk rises with NEET status and time out of work or study, falls with education."""
    logit = -1.2 + (1.6 if status in ("unemployed", "inactive") else 0.0)
    logit -= 0.45 * ((education if education is not None else 3) - 4)
    logit += 2.8 if since is None else 0.04 * min(since, MONTHS_CAP)
    return logit


def _status_and_since(rng: np.random.Generator) -> tuple[str, int | None]:
    status = str(rng.choice(list(STATUS_WEIGHTS), p=list(STATUS_WEIGHTS.values())))
    if status not in ("unemployed", "inactive"):
        return status, 0
    return status, None if rng.random() < 0.2 else int(rng.integers(1, 80))


def synthetic(n: int, seed: int, *, random_labels: bool = False) -> list[Snapshot]:
    """``n`` people whose true risk depends on education, status and time out of work."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        education = None if rng.random() < 0.05 else int(rng.integers(1, 10))
        status, since = _status_and_since(rng)
        chance = (
            0.4 if random_labels else 1 / (1 + math.exp(-_true_logit(education, status, since)))
        )
        rows.append(
            Snapshot(
                person_id=i,
                age=int(rng.integers(14, 36)),
                sex=str(rng.choice(["M", "F"])),
                education_order=education,
                field_broad=str(rng.choice(["04", "06", "07"])) if (education or 0) >= 5 else "",
                district=str(rng.choice(DISTRICTS)),
                rural=bool(rng.random() < 0.45),
                status=status,
                months_in_status=int(rng.integers(0, 90)),
                months_since_work_or_study=since,
                programs_completed=int(rng.poisson(0.4)),
                programs_active=int(rng.poisson(0.2)),
                contacts_last_year=int(rng.poisson(1.5)),
                neet=status in ("unemployed", "inactive"),
                label=bool(rng.random() < chance),
            )
        )
    return rows


@pytest.fixture(scope="module")
def training_rows() -> list[Snapshot]:
    return synthetic(3000, seed=1)


@pytest.fixture(scope="module")
def held_out() -> list[Snapshot]:
    return synthetic(4000, seed=2)


@pytest.fixture(scope="module")
def model(training_rows: list[Snapshot]) -> RiskModel:
    return train(training_rows, districts=DISTRICTS, trained_on=TRAINED_ON, seed=7)


class SnapshotTests:
    def test_refuses_an_unknown_status(self) -> None:
        with pytest.raises(ValueError, match="unknown status"):
            person(status="retired")

    def test_refuses_neet_that_contradicts_the_status(self) -> None:
        with pytest.raises(ValueError, match="neet does not match"):
            person(status="employed", neet=True)

    def test_refuses_an_education_order_outside_one_to_nine(self) -> None:
        with pytest.raises(ValueError, match="1..9"):
            person(education_order=10)


class FeatureMatrixTests:
    def test_names_the_fixed_features_then_each_district_and_other(self) -> None:
        _, names = feature_matrix([person()], DISTRICTS)
        assert names == [*FEATURES, *(f"district={code}" for code in DISTRICTS), "district=other"]

    def test_puts_an_unknown_district_under_other(self) -> None:
        matrix, names = feature_matrix([person(district="D99")], DISTRICTS)
        values = dict(zip(names, matrix[0], strict=True))
        assert values["district=other"] == 1
        assert sum(values[f"district={code}"] for code in DISTRICTS) == 0

    def test_puts_a_missing_education_under_unknown(self) -> None:
        matrix, names = feature_matrix([person(education_order=None)], DISTRICTS)
        values = dict(zip(names, matrix[0], strict=True))
        assert values["education=unknown"] == 1
        assert sum(v for k, v in values.items() if k.startswith("education=")) == 1

    def test_buckets_education_orders(self) -> None:
        rows = [person(education_order=order) for order in (3, 4, 5, 6, 7, 9)]
        matrix, names = feature_matrix(rows, DISTRICTS)
        buckets = [
            next(n for n, v in zip(names, row, strict=True) if n.startswith("education=") and v)
            for row in matrix
        ]
        assert buckets == [
            "education=basic_or_lower",
            "education=general_secondary",
            "education=vocational",
            "education=vocational",
            "education=higher",
            "education=higher",
        ]

    def test_caps_months_and_flags_never_worked_or_studied(self) -> None:
        rows = [
            person(months_in_status=200, months_since_work_or_study=None),
            person(months_in_status=-3, months_since_work_or_study=75),
            person(months_since_work_or_study=12),
        ]
        matrix, names = feature_matrix(rows, DISTRICTS)
        column = names.index
        assert matrix[:, column("months_in_status")].tolist() == [60, 0, 10]
        assert matrix[:, column("months_since_work_or_study")].tolist() == [60, 60, 12]
        assert matrix[:, column("never_worked_or_studied")].tolist() == [1, 0, 0]

    def test_encodes_age_with_a_centred_square(self) -> None:
        matrix, names = feature_matrix([person(age=14), person(age=30)], DISTRICTS)
        assert matrix[:, names.index("age")].tolist() == [14, 30]
        assert matrix[:, names.index("age_squared")].tolist() == [100, 36]

    def test_one_hots_status_sex_area_and_field(self) -> None:
        row = person(status="inactive", sex="M", rural=False, field_broad="04")
        matrix, names = feature_matrix([row], DISTRICTS)
        on = {
            name for name, value in zip(names, matrix[0], strict=True) if value == 1 and "=" in name
        }
        assert on == {
            "status=inactive",
            "sex=M",
            "area=urban",
            "field=known",
            "education=general_secondary",
            "district=D01",
        }

    def test_refuses_duplicate_district_codes(self) -> None:
        with pytest.raises(ValueError, match="unique"):
            feature_matrix([person()], ["D01", "D01"])

    def test_gives_an_empty_matrix_for_no_rows(self) -> None:
        matrix, names = feature_matrix([], DISTRICTS)
        assert matrix.shape == (0, len(names))


class TrainTests:
    def test_records_what_it_was_trained_on(self, training_rows) -> None:
        model = train(training_rows, districts=DISTRICTS, trained_on=TRAINED_ON, seed=7)
        labels = [row.label for row in training_rows]
        assert model.trained_on == TRAINED_ON
        assert model.seed == 7
        assert model.n_train == 3000
        assert model.districts == DISTRICTS
        assert model.base_rate == pytest.approx(sum(labels) / len(labels))
        assert model.metrics == {}

    def test_gives_identical_probabilities_for_the_same_seed(
        self, model, training_rows, held_out
    ) -> None:
        again = train(training_rows, districts=DISTRICTS, trained_on=TRAINED_ON, seed=7)
        assert np.array_equal(predict(again, held_out), predict(model, held_out))

    def test_skips_rows_without_a_label(self, training_rows) -> None:
        rows = training_rows[:200] + [replace(row, label=None) for row in training_rows[200:260]]
        assert train(rows, districts=DISTRICTS, trained_on=TRAINED_ON, seed=1).n_train == 200

    def test_refuses_too_few_labelled_rows(self, training_rows) -> None:
        rows = training_rows[:49] + [replace(row, label=None) for row in training_rows[49:100]]
        with pytest.raises(ValueError, match="too few labelled rows"):
            train(rows, districts=DISTRICTS, trained_on=TRAINED_ON, seed=1)

    def test_refuses_too_few_of_either_outcome(self, training_rows) -> None:
        rows = [replace(row, label=i < 9) for i, row in enumerate(training_rows[:100])]
        with pytest.raises(ValueError, match="9 still NEET, 91 not"):
            train(rows, districts=DISTRICTS, trained_on=TRAINED_ON, seed=1)

    def test_refuses_a_single_outcome(self, training_rows) -> None:
        rows = [replace(row, label=True) for row in training_rows[:100]]
        with pytest.raises(ValueError, match="both outcomes"):
            train(rows, districts=DISTRICTS, trained_on=TRAINED_ON, seed=1)


class PredictTests:
    def test_gives_probabilities_between_zero_and_one(self, model, held_out) -> None:
        probabilities = predict(model, held_out)
        assert probabilities.shape == (len(held_out),)
        assert ((probabilities >= 0) & (probabilities <= 1)).all()

    def test_ranks_held_out_people_well(self, model, held_out) -> None:
        assert evaluate(model, held_out)["roc_auc"] > 0.7

    def test_is_calibrated_overall(self, model, held_out) -> None:
        metrics = evaluate(model, held_out)
        assert metrics["mean_predicted"] == pytest.approx(metrics["base_rate"], abs=0.03)

    def test_rates_the_long_term_unemployed_above_the_employed_graduate(self, model) -> None:
        risky = person(education_order=2, months_since_work_or_study=None)
        safe = person(
            education_order=7, status="employed", neet=False, months_since_work_or_study=0
        )
        high, low = predict(model, [risky, safe])
        assert high > low + 0.3

    def test_is_no_better_than_chance_on_random_labels(self) -> None:
        noise = train(
            synthetic(1500, seed=3, random_labels=True),
            districts=DISTRICTS,
            trained_on=TRAINED_ON,
            seed=7,
        )
        auc = evaluate(noise, synthetic(2000, seed=4, random_labels=True))["roc_auc"]
        assert auc == pytest.approx(0.5, abs=0.05)

    def test_handles_a_district_the_model_never_saw(self, model) -> None:
        assert 0 < predict(model, [person(district="D99")])[0] < 1

    def test_gives_nothing_for_no_rows(self, model) -> None:
        assert predict(model, []).shape == (0,)

    def test_refuses_a_model_trained_with_other_features(self, model) -> None:
        older = replace(model, features=model.features[1:])
        with pytest.raises(ValueError, match="other features"):
            predict(older, [person()])


class ReasonsTests:
    def test_gives_only_positive_contributions_largest_first(self, model, held_out) -> None:
        for found in reasons(model, held_out[:200]):
            pushes = [push for _, push in found]
            assert len(found) <= 3
            assert all(push > 0 for push in pushes)
            assert pushes == sorted(pushes, reverse=True)

    def test_names_the_persons_own_status_and_never_having_worked(self, model) -> None:
        risky = person(education_order=1, months_since_work_or_study=None)
        names = [name for name, _ in reasons(model, [risky], top=5)[0]]
        assert "status=unemployed" in names
        assert "never_worked_or_studied" in names
        assert "education=basic_or_lower" in names
        assert "status=employed" not in names

    def test_gives_nothing_for_no_rows(self, model) -> None:
        assert reasons(model, []) == []
        assert contributions(model, []).shape == (0, len(model.features))

    def test_gives_at_most_top_reasons(self, model, held_out) -> None:
        assert all(len(found) <= 1 for found in reasons(model, held_out[:50], top=1))

    def test_leaves_out_excluded_variables(self, model, held_out) -> None:
        for found in reasons(model, held_out[:200], top=30, exclude={"sex", "district"}):
            assert not any(name.startswith(("sex=", "district=")) for name, _ in found)

    def test_finds_smaller_pushes_for_a_low_risk_person(self, model) -> None:
        risky = person(education_order=1, months_since_work_or_study=None)
        safe = person(
            education_order=8, status="employed", neet=False, months_since_work_or_study=0
        )
        risky_reasons, safe_reasons = reasons(model, [risky, safe], top=30)
        assert sum(p for _, p in safe_reasons) < sum(p for _, p in risky_reasons)


class EvaluateTests:
    def test_reports_the_scores_and_records_them_in_the_model(
        self, training_rows, held_out
    ) -> None:
        model = train(training_rows, districts=DISTRICTS, trained_on=TRAINED_ON, seed=7)
        metrics = evaluate(model, held_out)
        assert model.metrics == metrics
        assert metrics["n"] == len(held_out)
        assert 0 < metrics["brier"] < 0.25
        assert 0 < metrics["log_loss"] < math.log(2)
        assert set(metrics) == {
            "n",
            "base_rate",
            "mean_predicted",
            "roc_auc",
            "brier",
            "log_loss",
            "reliability",
        }

    def test_reliability_bins_add_up_to_n(self, model, held_out) -> None:
        table = evaluate(model, held_out)["reliability"]
        assert len(table) == 10
        assert sum(b["count"] for b in table) == len(held_out)

    def test_reliability_bins_observed_rate_follows_prediction(self, model, held_out) -> None:
        table = evaluate(model, held_out)["reliability"]
        for b in table:
            if b["count"] >= 200:
                assert b["observed_rate"] == pytest.approx(b["mean_predicted"], abs=0.08)

    def test_has_no_auc_when_the_rows_hold_one_outcome(self, model, held_out) -> None:
        rows = [row for row in held_out if row.label][:100]
        assert evaluate(model, rows)["roc_auc"] is None

    def test_refuses_rows_without_labels(self, model) -> None:
        with pytest.raises(ValueError, match="no labelled rows"):
            evaluate(model, [person()])


class ReliabilityTableTests:
    def test_bins_by_predicted_probability(self) -> None:
        probabilities = np.array([0.05, 0.08, 0.55, 1.0])
        labels = np.array([0, 1, 1, 1])
        table = reliability_table(probabilities, labels)
        assert [b["count"] for b in table] == [2, 0, 0, 0, 0, 1, 0, 0, 0, 1]
        assert table[0]["mean_predicted"] == pytest.approx(0.065)
        assert table[0]["observed_rate"] == 0.5
        assert table[1]["mean_predicted"] is None
        assert (table[9]["low"], table[9]["high"]) == (0.9, 1.0)


class ReliabilityPlotTests:
    def test_writes_a_png(self, model, held_out) -> None:
        buffer = io.BytesIO()
        reliability_plot(evaluate(model, held_out)["reliability"], buffer, "Reliability")
        assert buffer.getvalue().startswith(PNG_SIGNATURE)


class StorageTests:
    def test_round_trip_gives_identical_predictions(self, model, held_out) -> None:
        loaded = from_bytes(to_bytes(model))
        assert np.array_equal(predict(loaded, held_out), predict(model, held_out))
        assert (loaded.trained_on, loaded.seed, loaded.features) == (
            model.trained_on,
            model.seed,
            model.features,
        )

    def test_refuses_bytes_of_another_kind(self) -> None:
        with pytest.raises(ValueError, match="known format"):
            from_bytes(pickle.dumps({"format": 99}))

    def test_refuses_a_model_from_another_scikit_learn(self, model) -> None:
        data = pickle.dumps({"format": 1, "sklearn": "0.1", "model": b""})
        with pytest.raises(ValueError, match="scikit-learn 0.1"):
            from_bytes(data)
