"""A synthetic population with a known program effect, to check :mod:`jastar.insight.impact`.

Each person has five covariates, in this order: age (18-29), education order (0 = basic
school, 1 = general secondary, 2 = vocational, 3 = higher), rural (0/1), months unemployed
(0-36) and prior employment (0/1). From them the generator sets:

* the baseline probability of being employed 12 months after the start, a logistic function
  of the covariates (more education, prior work and a town address help; long unemployment
  hurts), and at 6 months the same with a lower intercept;
* the probability of taking part, a logistic function of the *same* covariates pushed in the
  same direction, scaled by ``selection``: at 1.0 offices enrol the people who would find work
  anyway, so a naive comparison overstates the program; at 0 participation is random;
* for participants, ``effect`` added to both employment probabilities, clipped to [0, 1].

Outcomes are drawn from those probabilities with one uniform number per person; as the
6-month probability is never above the 12-month one, whoever is employed at 6 months is
employed at 12 months too.

The returned true effect is the ATT at 12 months computed from the generating
probabilities: the mean over participants of ``clip(p12 + effect) - p12``. It is not simply
``effect``, because clipping trims the gain of people already near 0 or 1.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
import numpy.typing as npt

from jastar.insight.impact import Unit

FloatArray = npt.NDArray[np.float64]

COVARIATES: Final = ("age", "education", "rural", "months_unemployed", "prior_employment")

# Log-odds weights of each covariate, centred on a typical young jobseeker.
_EMPLOYMENT_WEIGHTS: Final = np.array([0.06, 0.6, -0.5, -0.07, 1.0])
_PARTICIPATION_WEIGHTS: Final = np.array([0.05, 0.7, -0.4, -0.08, 1.2])
_CENTRE: Final = np.array([23.5, 1.5, 0.5, 8.0, 0.5])
_EMPLOYED_12_INTERCEPT: Final = 0.2
_EMPLOYED_6_INTERCEPT: Final = -0.5
_PARTICIPATION_INTERCEPT: Final = -1.4  # about one person in five takes part


def planted_population(
    *, seed: int, n: int = 20000, effect: float = 0.10, selection: float = 1.0
) -> tuple[list[Unit], float]:
    """``n`` people with a planted program ``effect``, and the true ATT at 12 months.

    ``selection`` scales how strongly participation follows the covariates (0 = random
    assignment). Deterministic for a ``seed``. See the module docstring for the model.
    """
    rng = np.random.default_rng(seed)
    x = _covariates(rng, n)
    centred = x - _CENTRE
    treated = rng.random(n) < _sigmoid(
        _PARTICIPATION_INTERCEPT + selection * centred @ _PARTICIPATION_WEIGHTS
    )
    base_12 = _sigmoid(_EMPLOYED_12_INTERCEPT + centred @ _EMPLOYMENT_WEIGHTS)
    base_6 = _sigmoid(_EMPLOYED_6_INTERCEPT + centred @ _EMPLOYMENT_WEIGHTS)
    p12 = np.where(treated, np.clip(base_12 + effect, 0, 1), base_12)
    p6 = np.where(treated, np.clip(base_6 + effect, 0, 1), base_6)
    draw = rng.random(n)
    units = [
        Unit(
            person_id=i + 1,
            treated=bool(treated[i]),
            covariates=tuple(float(v) for v in x[i]),
            outcome_6=bool(draw[i] < p6[i]),
            outcome_12=bool(draw[i] < p12[i]),
        )
        for i in range(n)
    ]
    true_att = float((p12 - base_12)[treated].mean()) if treated.any() else math.nan
    return units, true_att


def _covariates(rng: np.random.Generator, n: int) -> FloatArray:
    """Columns as in :data:`COVARIATES`; education and months unemployed depend on age."""
    age = rng.integers(18, 30, n).astype(np.float64)
    older = (age - 18) / 11
    education = np.minimum(rng.binomial(3, 0.3 + 0.3 * older), 3).astype(np.float64)
    rural = (rng.random(n) < 0.45).astype(np.float64)
    months = np.minimum(rng.geometric(1 / (4 + 8 * rural + 4 * older)) - 1, 36)
    prior = (rng.random(n) < 0.2 + 0.5 * older).astype(np.float64)
    return np.column_stack([age, education, rural, months.astype(np.float64), prior])


def _sigmoid(z: FloatArray) -> FloatArray:
    return np.asarray(1 / (1 + np.exp(-z)), dtype=np.float64)
