"""NEET risk profiling: who is likely to still be NEET in twelve months, and why.

For each young person in the registry, a :class:`Snapshot` holds what was known at a
reference date; the model estimates the probability that the person is NEET (not in
employment, education or training) twelve months later. The score helps case workers
decide whom to contact first and what to talk about; it never decides anything by itself.

Pure functions over plain data (no database, no Django): a service builds the rows, trains
or loads a model, and stores the probabilities. The model is a logistic regression on
standardized features, calibrated with Platt scaling (see :func:`train` for why), so the
reasons given for a score can be read straight from its coefficients.
"""

from __future__ import annotations

import io
import os
import pickle
from collections.abc import Collection, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import IO, TYPE_CHECKING, Any, Final, TypedDict

import numpy as np
import numpy.typing as npt

# scikit-learn, matplotlib and threadpoolctl are imported by the functions that use them:
# this module is reached from the admin at start-up, where they would cost seconds.
if TYPE_CHECKING:
    from sklearn.calibration import CalibratedClassifierCV

Floats = npt.NDArray[np.float64]

STATUSES: Final = ("employed", "in_education", "in_training", "unemployed", "inactive")
# ILO: NEET = neither in employment nor in education or training (SDG 8.6.1).
NEET_STATUSES: Final = frozenset({"unemployed", "inactive"})
SEXES: Final = ("F", "M")
# Education order (1..9) → bucket: none, primary and basic secondary are "basic_or_lower";
# TVET and post-secondary are "vocational"; bachelor, master and doctorate are "higher".
EDUCATION_BUCKETS: Final = (
    "unknown",
    "basic_or_lower",
    "general_secondary",
    "vocational",
    "higher",
)
_BUCKET_OF_ORDER: Final = {
    1: "basic_or_lower",
    2: "basic_or_lower",
    3: "basic_or_lower",
    4: "general_secondary",
    5: "vocational",
    6: "vocational",
    7: "higher",
    8: "higher",
    9: "higher",
}
# Durations are capped: beyond five years the difference says little and outliers dominate.
MONTHS_CAP: Final = 60
# The middle of the 14–35 age range; the squared term is centred there (see FEATURES).
AGE_CENTRE: Final = 24
OTHER_DISTRICT: Final = "other"

FEATURES: Final[tuple[str, ...]] = (
    "age",  # years at the reference date
    "age_squared",  # (age − 24)²: risk may rise or fall at both ends of the age range
    "sex=F",
    "sex=M",
    "education=unknown",  # no education level recorded
    "education=basic_or_lower",  # none, primary, basic secondary (orders 1–3)
    "education=general_secondary",  # order 4
    "education=vocational",  # TVET, post-secondary (orders 5–6)
    "education=higher",  # bachelor, master, doctorate (orders 7–9)
    "field=known",  # an ISCED-F broad field of study is recorded
    "field=unknown",
    "area=urban",
    "area=rural",
    "status=employed",
    "status=in_education",
    "status=in_training",
    "status=unemployed",
    "status=inactive",
    "months_in_status",  # since the current status began, capped at 60
    "months_since_work_or_study",  # capped at 60; 60 when never recorded (see next)
    "never_worked_or_studied",  # never recorded as employed or in education
    "programs_completed",
    "programs_active",
    "contacts_last_year",  # outreach contacts by the office in the last 12 months
)
"""The fixed model features, in column order. ``district=<code>`` columns follow, one per
district the model knows and ``district=other`` for any other code (see
:func:`feature_names`). Names are codes for the service to translate, not sentences."""

# Columns that, when 1, name the reason for their group (see `reasons`).
_INDICATORS: Final = frozenset({"never_worked_or_studied"})
_GROUP_OF: Final = {"age_squared": "age", "never_worked_or_studied": "months_since_work_or_study"}

# The matrices are small, so BLAS threads only add overhead: on a two-core server a fit
# took about forty times longer with two threads than with one.
BLAS_THREADS: Final = 1
MIN_ROWS: Final = 50
FOLDS: Final = 3
# Each of the FOLDS calibration folds needs both outcomes, with some room to spare.
MIN_PER_CLASS: Final = 10
RELIABILITY_BINS: Final = 10
FORMAT: Final = 1


@dataclass(frozen=True)
class Snapshot:
    """What the registry knew about one young person at the reference date.

    ``label`` is whether the person was NEET twelve months later (None when unknown:
    the period has not ended yet, or the person left the registry).
    """

    person_id: int
    age: int
    sex: str  # "M" or "F"
    education_order: int | None  # 1..9, none .. doctorate; None when unknown
    field_broad: str  # ISCED-F broad field ("04"), "" when unknown
    district: str
    rural: bool
    status: str  # one of STATUSES
    months_in_status: int
    months_since_work_or_study: int | None  # None: never employed or in education
    programs_completed: int
    programs_active: int
    contacts_last_year: int
    neet: bool
    label: bool | None = None

    def __post_init__(self) -> None:
        # A mistake in the service that builds the rows must fail loudly, not skew a model.
        if self.status not in STATUSES:
            raise ValueError(f"person {self.person_id}: unknown status {self.status!r}")
        if self.sex not in SEXES:
            raise ValueError(f"person {self.person_id}: unknown sex {self.sex!r}")
        if self.education_order is not None and self.education_order not in _BUCKET_OF_ORDER:
            raise ValueError(f"person {self.person_id}: education order must be 1..9 or None")
        if self.neet != (self.status in NEET_STATUSES):
            raise ValueError(f"person {self.person_id}: neet does not match status")


def feature_names(districts: Sequence[str]) -> tuple[str, ...]:
    """All column names for a district list: FEATURES, then one column per district."""
    if len(set(districts)) != len(districts) or OTHER_DISTRICT in districts:
        raise ValueError(f"district codes must be unique and not {OTHER_DISTRICT!r}")
    return (*FEATURES, *(f"district={code}" for code in districts), f"district={OTHER_DISTRICT}")


def _one_hot(value: str, values: Sequence[str]) -> list[float]:
    return [float(value == candidate) for candidate in values]


def _capped(months: int) -> float:
    return float(min(max(months, 0), MONTHS_CAP))


def _education_bucket(order: int | None) -> str:
    return "unknown" if order is None else _BUCKET_OF_ORDER[order]


def _fixed_values(row: Snapshot) -> list[float]:
    """The values of FEATURES for one row, in the same order."""
    since = row.months_since_work_or_study
    return [
        float(row.age),
        float((row.age - AGE_CENTRE) ** 2),
        *_one_hot(row.sex, SEXES),
        *_one_hot(_education_bucket(row.education_order), EDUCATION_BUCKETS),
        *_one_hot("known" if row.field_broad else "unknown", ("known", "unknown")),
        *_one_hot("rural" if row.rural else "urban", ("urban", "rural")),
        *_one_hot(row.status, STATUSES),
        _capped(row.months_in_status),
        float(MONTHS_CAP) if since is None else _capped(since),
        float(since is None),
        float(max(row.programs_completed, 0)),
        float(max(row.programs_active, 0)),
        float(max(row.contacts_last_year, 0)),
    ]


def feature_matrix(rows: Sequence[Snapshot], districts: Sequence[str]) -> tuple[Floats, list[str]]:
    """The numeric design matrix of ``rows`` and its column names.

    A district not in ``districts`` goes to ``district=other``; an unknown education level
    to ``education=unknown``.
    """
    names = feature_names(districts)
    column_of = {code: len(FEATURES) + i for i, code in enumerate(districts)}
    other = len(names) - 1
    matrix = np.zeros((len(rows), len(names)), dtype=np.float64)
    for i, row in enumerate(rows):
        matrix[i, : len(FEATURES)] = _fixed_values(row)
        matrix[i, column_of.get(row.district, other)] = 1.0
    return matrix, list(names)


@dataclass
class RiskModel:
    """A trained risk model and what it was trained on.

    ``metrics`` is empty until :func:`evaluate` records the results on held-out rows.
    """

    estimator: CalibratedClassifierCV
    districts: tuple[str, ...]
    features: tuple[str, ...]
    trained_on: date
    seed: int
    n_train: int
    base_rate: float
    metrics: dict[str, Any] = field(default_factory=dict)


def _labelled(rows: Sequence[Snapshot]) -> list[Snapshot]:
    return [row for row in rows if row.label is not None]


def _labels(rows: Sequence[Snapshot]) -> npt.NDArray[np.int_]:
    return np.array([int(bool(row.label)) for row in rows], dtype=np.int_)


def _check_trainable(labels: npt.NDArray[np.int_]) -> None:
    if len(labels) < MIN_ROWS:
        raise ValueError(
            f"too few labelled rows to train: {len(labels)}, at least {MIN_ROWS} are needed"
        )
    positives = int(labels.sum())
    fewer = min(positives, len(labels) - positives)
    if fewer < MIN_PER_CLASS:
        raise ValueError(
            f"both outcomes are needed to train, at least {MIN_PER_CLASS} of each: "
            f"{positives} still NEET, {len(labels) - positives} not"
        )


def _estimator(seed: int) -> CalibratedClassifierCV:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    pipeline = Pipeline(
        [("scale", StandardScaler()), ("logit", LogisticRegression(C=1.0, max_iter=1000))]
    )
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
    return CalibratedClassifierCV(pipeline, method="sigmoid", cv=folds, ensemble=True)


def _blas_threads() -> AbstractContextManager[object]:
    """At most BLAS_THREADS threads for the numeric libraries while the block runs."""
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    limits: AbstractContextManager[object] = threadpool_limits(limits=BLAS_THREADS, user_api="blas")
    return limits


def train(
    rows: Sequence[Snapshot], *, districts: Sequence[str], trained_on: date, seed: int
) -> RiskModel:
    """Train a risk model on the labelled ``rows`` (rows without a label are skipped).

    The rows are split into three stratified folds (shuffled with ``seed``). On each,
    a standardized L2 logistic regression is fitted on two thirds and a Platt sigmoid on the
    remaining third, so the calibration never sees the rows its model was fitted on; the
    three calibrated models are averaged. Every labelled row thus serves both fitting and
    calibration, which matters with a few hundred people per district, whereas a single
    held-out split would spend a third of the data on two calibration parameters.
    Sigmoid rather than isotonic calibration: isotonic overfits on calibration sets below
    about a thousand rows and its steps tie many people at the same score.

    Raises ValueError with fewer than MIN_ROWS labelled rows or fewer than MIN_PER_CLASS
    of either outcome. The same rows, order and seed give the same model.
    """
    labelled = _labelled(rows)
    labels = _labels(labelled)
    _check_trainable(labels)
    matrix, names = feature_matrix(labelled, districts)
    with _blas_threads():
        estimator = _estimator(seed).fit(matrix, labels)
    return RiskModel(
        estimator=estimator,
        districts=tuple(districts),
        features=tuple(names),
        trained_on=trained_on,
        seed=seed,
        n_train=len(labelled),
        base_rate=float(labels.mean()),
    )


def _model_matrix(model: RiskModel, rows: Sequence[Snapshot]) -> Floats:
    matrix, names = feature_matrix(rows, model.districts)
    if tuple(names) != model.features:
        raise ValueError("the model was trained with other features; train a new one")
    return matrix


def predict(model: RiskModel, rows: Sequence[Snapshot]) -> Floats:
    """The probability of each row's person being NEET twelve months later."""
    if not rows:
        return np.zeros(0, dtype=np.float64)
    with _blas_threads():
        probabilities = model.estimator.predict_proba(_model_matrix(model, rows))[:, 1]
    return np.asarray(probabilities, dtype=np.float64)


def contributions(model: RiskModel, rows: Sequence[Snapshot]) -> Floats:
    """Each feature's push on each row's log-odds: coefficient × standardized value.

    Averaged over the calibration folds' logistic regressions. A contribution is relative
    to the average person the model was trained on (whose contributions are all zero).
    """
    if not rows:
        return np.zeros((0, len(model.features)), dtype=np.float64)
    matrix = _model_matrix(model, rows)
    parts = []
    for calibrated in model.estimator.calibrated_classifiers_:
        pipeline = calibrated.estimator
        scaled = pipeline.named_steps["scale"].transform(matrix)
        parts.append(scaled * pipeline.named_steps["logit"].coef_[0])
    return np.asarray(np.mean(parts, axis=0), dtype=np.float64)


def _group(name: str) -> str:
    return _GROUP_OF.get(name, name.split("=", 1)[0])


def _reason_name(columns: Sequence[int], names: Sequence[str], values: Floats) -> str:
    """The group's column that describes the person: the one set to 1, else the first."""
    for column in columns:
        if ("=" in names[column] or names[column] in _INDICATORS) and values[column] == 1.0:
            return names[column]
    return names[columns[0]]


def _person_reasons(
    pushes: Floats, values: Floats, groups: dict[str, list[int]], names: Sequence[str], top: int
) -> list[tuple[str, float]]:
    found = []
    for columns in groups.values():
        push = float(pushes[columns].sum())
        if push > 0:
            found.append((_reason_name(columns, names, values), push))
    found.sort(key=lambda reason: (-reason[1], reason[0]))
    return found[:top]


def reasons(
    model: RiskModel, rows: Sequence[Snapshot], top: int = 3, *, exclude: Collection[str] = ()
) -> list[list[tuple[str, float]]]:
    """For each row, the ``top`` features pushing the risk up most, largest first.

    Each pair is (feature name, contribution to the log-odds), only positive ones (see
    :func:`contributions`). The columns of one variable count together: the status
    columns add up and are named by the person's own status (``status=inactive``); age
    with its square is ``age``; the months since work or study with the "never" flag is
    ``never_worked_or_studied`` for a person never recorded in work or study. A number is
    named as is: ``programs_completed`` may push the risk up because the person completed
    fewer programmes than average, so read the value before phrasing a reason.
    ``exclude`` leaves variables out by group name (``{"sex"}``).
    """
    if not rows:
        return []
    matrix = _model_matrix(model, rows)
    pushes = contributions(model, rows)
    groups: dict[str, list[int]] = {}
    for column, name in enumerate(model.features):
        if _group(name) not in exclude:
            groups.setdefault(_group(name), []).append(column)
    return [
        _person_reasons(pushes[i], matrix[i], groups, model.features, top) for i in range(len(rows))
    ]


class ReliabilityBin(TypedDict):
    """One bin of predicted probability; the means are None when the bin is empty."""

    low: float
    high: float
    count: int
    mean_predicted: float | None
    observed_rate: float | None


def reliability_table(
    probabilities: Floats, labels: npt.NDArray[Any], bins: int = RELIABILITY_BINS
) -> list[ReliabilityBin]:
    """Count, mean prediction and observed NEET rate in ``bins`` equal bins of [0, 1]."""
    index = np.minimum((probabilities * bins).astype(np.int_), bins - 1)
    table: list[ReliabilityBin] = []
    for b in range(bins):
        inside = index == b
        count = int(inside.sum())
        table.append(
            ReliabilityBin(
                low=b / bins,
                high=(b + 1) / bins,
                count=count,
                mean_predicted=float(probabilities[inside].mean()) if count else None,
                observed_rate=float(labels[inside].mean()) if count else None,
            )
        )
    return table


def evaluate(model: RiskModel, rows: Sequence[Snapshot]) -> dict[str, Any]:
    """The model's quality on the labelled ``rows`` (use rows it was not trained on).

    Returns n, base_rate, mean_predicted, roc_auc (None when the rows hold one outcome
    only), brier, log_loss and the reliability table; also records them in
    ``model.metrics``. Plain numbers and lists only, so the result can be stored as JSON.
    """
    from sklearn.metrics import brier_score_loss, log_loss, roc_auc_score

    labelled = _labelled(rows)
    if not labelled:
        raise ValueError("no labelled rows to evaluate on")
    labels = _labels(labelled)
    probabilities = predict(model, labelled)
    both = 0 < labels.sum() < len(labels)
    metrics: dict[str, Any] = {
        "n": len(labelled),
        "base_rate": float(labels.mean()),
        "mean_predicted": float(probabilities.mean()),
        "roc_auc": float(roc_auc_score(labels, probabilities)) if both else None,
        "brier": float(brier_score_loss(labels, probabilities)),
        "log_loss": float(log_loss(labels, probabilities, labels=[0, 1])),
        "reliability": reliability_table(probabilities, labels),
    }
    model.metrics = metrics
    return metrics


def reliability_plot(
    table: Sequence[ReliabilityBin],
    path_or_buffer: str | os.PathLike[str] | IO[bytes],
    title: str,
    *,
    x_label: str = "Predicted probability",
    y_label: str = "Observed rate",
    count_label: str = "People",
) -> None:
    """Draw the reliability table as a PNG: observed against predicted, counts below.

    Points on the diagonal mean the probabilities can be taken at face value. The labels
    are passed in so the caller can translate them. Uses the Agg canvas, never a display.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(5.0, 5.5), layout="constrained")
    FigureCanvasAgg(figure)
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(3, 1))
    shown = [b for b in table if b["count"]]
    top.plot([0, 1], [0, 1], color="#9d9d9d", linestyle="--", linewidth=1)
    top.plot(
        [b["mean_predicted"] for b in shown],
        [b["observed_rate"] for b in shown],
        color="#1f4e79",
        marker="o",
    )
    top.set(xlim=(0, 1), ylim=(0, 1), ylabel=y_label, title=title)
    top.grid(color="#d9d9d9", linewidth=0.5)
    centres = [(b["low"] + b["high"]) / 2 for b in table]
    widths = [(b["high"] - b["low"]) * 0.9 for b in table]
    bottom.bar(centres, [b["count"] for b in table], width=widths, color="#9dc3e6")
    bottom.set(xlabel=x_label, ylabel=count_label)
    figure.savefig(path_or_buffer, format="png", metadata={"Software": None})


def to_bytes(model: RiskModel) -> bytes:
    """The model as bytes for storage, with the format and scikit-learn version."""
    import sklearn

    header = {"format": FORMAT, "sklearn": sklearn.__version__, "model": pickle.dumps(model)}
    return pickle.dumps(header)


def from_bytes(data: bytes) -> RiskModel:
    """A model stored by :func:`to_bytes`.

    Unpickling runs code named in the data: load only models this system trained and
    stored itself, never bytes from an upload or any other untrusted source. Raises
    ValueError for another format or scikit-learn version (a model pickled by one version
    may silently misbehave in another: train a new one).
    """
    import sklearn

    header = pickle.loads(data)  # noqa: S301 - only models this system stored (see above)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError("not a stored risk model of a known format")
    if header.get("sklearn") != sklearn.__version__:
        raise ValueError(
            f"the model was stored with scikit-learn {header.get('sklearn')}, "
            f"this is {sklearn.__version__}: train a new one"
        )
    model = pickle.load(io.BytesIO(header["model"]))  # noqa: S301 - as above
    if not isinstance(model, RiskModel):
        raise ValueError("not a stored risk model")
    return model
