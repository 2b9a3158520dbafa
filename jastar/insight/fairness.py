"""Fairness audit of NEET risk scores by sex, urban/rural area and district.

Profiling tools of public employment services have been criticised for treating groups
unequally, so every risk model is audited before its scores reach case workers. The people
with the highest scores (the top ``share``) are *selected for priority outreach*; for each
group the audit compares how many are selected, how many of the people who do stay NEET
are found (true positive rate) or missed (false negative rate), how many selected people
would not have stayed NEET (false positive rate, precision), and whether the scores match
the observed outcomes (calibration). Being selected is a benefit here (earlier help), so a
low selection ratio means a group gets less of it.

Pure functions over plain arrays; groups smaller than SMALL_GROUP are flagged, not
dropped, because their rates are too noisy to judge on their own.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from jastar.insight.risk import Snapshot

SMALL_GROUP: Final = 30
Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class GroupRow:
    """The audit of one value of one attribute (``sex`` = ``F``).

    Rates are shares from 0 to 1. A rate is None when it is undefined for the group:
    recall and the false negative rate without anyone who stayed NEET, the false positive
    rate without anyone who did not, and precision without anyone selected.
    """

    attribute: str
    value: str
    n: int
    small: bool  # fewer than SMALL_GROUP people: read the rates with care
    base_rate: float  # share actually NEET twelve months later
    selection_rate: float  # share selected for priority outreach
    true_positive_rate: float | None  # share of those who stayed NEET who were selected
    false_positive_rate: float | None  # share of those who did not who were selected
    false_negative_rate: float | None  # share of those who stayed NEET who were missed
    precision: float | None  # share of the selected who stayed NEET
    mean_predicted: float
    selection_ratio: float  # selection rate ÷ the attribute's highest selection rate


@dataclass(frozen=True)
class GroupCalibration:
    """Mean predicted probability against the observed NEET rate of one group."""

    attribute: str
    value: str
    n: int
    small: bool
    mean_predicted: float
    observed_rate: float
    gap: float  # mean_predicted − observed_rate: above 0 the model overstates the risk


def _checked(
    probabilities: npt.NDArray[Any], labels: npt.NDArray[Any], groups: Mapping[str, Sequence[str]]
) -> tuple[npt.NDArray[np.float64], Mask]:
    scores = np.asarray(probabilities, dtype=np.float64)
    outcomes = np.asarray(labels)
    if scores.ndim != 1 or outcomes.shape != scores.shape:
        raise ValueError("probabilities and labels must be flat arrays of the same length")
    if not np.isin(outcomes, (0, 1)).all():
        raise ValueError("labels must be 0/1 or booleans")
    for attribute, values in groups.items():
        if len(values) != len(scores):
            raise ValueError(f"group {attribute!r} has {len(values)} values for {len(scores)}")
    return scores, outcomes.astype(np.bool_)


def selected_for_outreach(probabilities: npt.NDArray[Any], share: float) -> Mask:
    """Who is in the top ``share`` of risk: everyone scoring at least the k-th highest
    score, where k = ``share`` × n rounded half up (at least one person).

    Equal scores are treated equally, so ties at the threshold can select a few more.
    """
    if not 0 < share <= 1:
        raise ValueError("share must be above 0 and at most 1")
    scores = np.asarray(probabilities, dtype=np.float64)
    if scores.size == 0:
        return np.zeros(0, dtype=np.bool_)
    k = max(1, math.floor(share * scores.size + 0.5))
    threshold = np.sort(scores)[::-1][k - 1]
    return np.asarray(scores >= threshold, dtype=np.bool_)


def _share(part: Mask, whole: Mask) -> float | None:
    total = int(whole.sum())
    return int((part & whole).sum()) / total if total else None


def _group_row(
    attribute: str,
    value: str,
    member: Mask,
    scores: npt.NDArray[np.float64],
    stayed: Mask,
    chosen: Mask,
) -> GroupRow:
    n = int(member.sum())
    positives, negatives = member & stayed, member & ~stayed
    return GroupRow(
        attribute=attribute,
        value=value,
        n=n,
        small=n < SMALL_GROUP,
        base_rate=int(positives.sum()) / n,
        selection_rate=int((chosen & member).sum()) / n,
        true_positive_rate=_share(chosen, positives),
        false_positive_rate=_share(chosen, negatives),
        false_negative_rate=_share(~chosen, positives),
        precision=_share(stayed, chosen & member),
        mean_predicted=float(scores[member].mean()),
        selection_ratio=0.0,  # set by _with_ratios once all the attribute's rates are known
    )


def _with_ratios(rows: list[GroupRow]) -> list[GroupRow]:
    # Everyone has a value for each attribute and someone is selected, so highest > 0.
    highest = max(row.selection_rate for row in rows)
    return [replace(row, selection_ratio=row.selection_rate / highest) for row in rows]


def audit(
    probabilities: npt.NDArray[Any],
    labels: npt.NDArray[Any],
    groups: Mapping[str, Sequence[str]],
    *,
    share: float = 0.2,
) -> list[GroupRow]:
    """One row per attribute and value (values in sorted order), people in the top
    ``share`` of risk selected for priority outreach (see :func:`selected_for_outreach`).

    ``labels`` are the actual outcomes (NEET twelve months later); ``groups`` maps an
    attribute name to each person's value, for example the result of :func:`groups_of`.
    The selection ratio compares each value with the attribute's highest selection rate,
    small groups included.
    """
    scores, stayed = _checked(probabilities, labels, groups)
    chosen = selected_for_outreach(scores, share)
    result: list[GroupRow] = []
    for attribute, values in groups.items():
        codes = np.asarray(values, dtype=object)
        rows = [
            _group_row(attribute, value, codes == value, scores, stayed, chosen)
            for value in sorted(set(values))
        ]
        result.extend(_with_ratios(rows))
    return result


def calibration_by_group(
    probabilities: npt.NDArray[Any],
    labels: npt.NDArray[Any],
    groups: Mapping[str, Sequence[str]],
) -> list[GroupCalibration]:
    """Mean predicted probability and observed NEET rate per attribute and value.

    A model can rank well overall yet overstate the risk of one group and understate
    another's; a large gap in a group that is not small is a reason to retrain or review
    the features.
    """
    scores, stayed = _checked(probabilities, labels, groups)
    result: list[GroupCalibration] = []
    for attribute, values in groups.items():
        codes = np.asarray(values, dtype=object)
        for value in sorted(set(values)):
            member = codes == value
            predicted, observed = float(scores[member].mean()), float(stayed[member].mean())
            n = int(member.sum())
            result.append(
                GroupCalibration(
                    attribute, value, n, n < SMALL_GROUP, predicted, observed, predicted - observed
                )
            )
    return result


def groups_of(rows: Sequence[Snapshot]) -> dict[str, list[str]]:
    """The audited attributes of each row: ``sex`` (M/F), ``area`` (urban/rural) and
    ``district`` (its code)."""
    return {
        "sex": [row.sex for row in rows],
        "area": ["rural" if row.rural else "urban" for row in rows],
        "district": [row.district for row in rows],
    }
