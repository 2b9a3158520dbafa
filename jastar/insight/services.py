"""Training the NEET risk model on the office's own history and keeping each version;
scores, the outreach log and opinions; and the measured impact of each program.

The model is trained on the registry as it was two years before ``today`` (labels: NEET
one year later) and tested on the registry as it was one year before (labels: NEET now),
a later period it never saw. Each version stores its metrics, its fairness audit by sex,
urban/rural and district, and the model itself.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jastar.core.audit import Actor, actor_user, audit_record
from jastar.core.bulk_insert import insert_rows
from jastar.core.dates import add_months
from jastar.core.models import AuditAction
from jastar.insight.fairness import audit, groups_of
from jastar.insight.impact import HORIZONS, Unit, estimate
from jastar.insight.impact_data import impact_units
from jastar.insight.models import (
    ContactAttempt,
    ProgramImpact,
    RiskModelVersion,
    RiskOpinion,
    RiskScore,
)
from jastar.insight.risk import Snapshot, evaluate, from_bytes, predict, reasons, to_bytes, train
from jastar.insight.snapshots import HORIZON_MONTHS, History, histories, snapshots
from jastar.programs.models import ProgramEdition
from jastar.registry.models import District, Person
from jastar.registry.rules import check_not_future


def _labelled(on: date, today: date, known: dict[int, History]) -> list[Snapshot]:
    return [row for row in snapshots(on, today=today, known=known) if row.label is not None]


@transaction.atomic
def risk_model_train(
    *, actor: Actor, today: date | None = None, seed: int = 2025
) -> RiskModelVersion:
    """Train, test and store a new version of the risk model (see the module docstring)."""
    today = today or timezone.localdate()
    tested_on = add_months(today, -HORIZON_MONTHS)
    trained_on = add_months(tested_on, -HORIZON_MONTHS)
    known = histories(today)  # read once for both snapshots
    training, testing = _labelled(trained_on, today, known), _labelled(tested_on, today, known)
    districts = list(District.objects.order_by("code").values_list("code", flat=True))
    model = train(training, districts=districts, trained_on=trained_on, seed=seed)
    metrics = evaluate(model, testing)
    probabilities = predict(model, testing)
    labels = np.array([bool(row.label) for row in testing])
    fairness = [asdict(row) for row in audit(probabilities, labels, groups_of(testing))]
    version = RiskModelVersion.objects.create(
        trained_on=trained_on,
        tested_on=tested_on,
        seed=seed,
        rows_trained=model.n_train,
        rows_tested=len(testing),
        metrics=metrics,
        fairness=fairness,
        model=to_bytes(model),
    )
    audit_record(actor=actor, action=AuditAction.CREATE, target=version, summary="risk model")
    return version


# --- Scores, the outreach log and case workers' opinions ----------------------------------

CHUNK = 20_000


def latest_version() -> RiskModelVersion | None:
    """The newest trained version (the one whose scores pages show)."""
    return RiskModelVersion.objects.order_by("-created_at", "-id").first()


def _percentiles(probabilities: np.ndarray) -> np.ndarray:
    """Each score's percentile (0-100) among everyone scored at once."""
    if not len(probabilities):
        return np.zeros(0, dtype=np.int64)
    order = probabilities.argsort(kind="stable").argsort(kind="stable")
    return np.floor(100 * order / max(len(probabilities) - 1, 1)).astype(np.int64)


@transaction.atomic
def risk_scores_refresh(
    *, version: RiskModelVersion | None = None, today: date | None = None
) -> int:
    """Score every young person registered today with ``version`` (default: the latest),
    replacing that version's earlier scores; returns how many were scored."""
    version = version or latest_version()
    if version is None:
        raise ValidationError(_("Train a risk model first (jastar risk train)."))
    today = today or timezone.localdate()
    model = from_bytes(bytes(version.model))
    rows = list(snapshots(today, today=today))
    # Rounded as stored, so percentiles order the stored values exactly.
    probabilities = np.round(predict(model, rows), 5) if rows else np.zeros(0)
    percentiles = _percentiles(probabilities)
    RiskScore.objects.filter(version=version).delete()
    for start in range(0, len(rows), CHUNK):
        part = rows[start : start + CHUNK]
        found = reasons(model, part, exclude={"sex"})
        insert_rows(
            RiskScore,
            ("person_id", "version_id", "probability", "percentile", "reasons", "computed_on"),
            (
                (row.person_id, version.pk, float(p), int(q), json.dumps(why), today.isoformat())
                for row, p, q, why in zip(
                    part,
                    probabilities[start : start + CHUNK],
                    percentiles[start : start + CHUNK],
                    found,
                    strict=True,
                )
            ),
        )
    return len(rows)


@transaction.atomic
def contact_record(
    *, actor: Actor, person: Person, on: date, channel: str, outcome: str, note: str = ""
) -> ContactAttempt:
    """Log one attempt to reach ``person`` (audited)."""
    future = check_not_future(on, timezone.localdate())
    if future:
        raise ValidationError({"on": future})
    attempt = ContactAttempt(
        person=person,
        on=on,
        channel=channel,
        outcome=outcome,
        note=note.strip(),
        recorded_by=actor_user(actor),
    )
    attempt.full_clean()
    attempt.save()
    audit_record(actor=actor, action=AuditAction.CREATE, target=attempt, summary="contact")
    return attempt


@transaction.atomic
def risk_opinion_record(*, actor: Actor, score: RiskScore, agrees: bool, note: str) -> RiskOpinion:
    """Record a case worker's view of a score, with their reason (audited)."""
    if not note.strip():
        raise ValidationError({"note": _("Say why, so colleagues can weigh the opinion.")})
    opinion = RiskOpinion.objects.create(
        score=score, agrees=agrees, note=note.strip(), recorded_by=actor_user(actor)
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=opinion,
        summary="agrees" if agrees else "disagrees",
    )
    return opinion


# --- Program impact ------------------------------------------------------------------------


def _stored(edition: ProgramEdition, horizon: int, units: list[Unit], today: date) -> ProgramImpact:
    values: dict[str, object] = {"computed_on": today, "unavailable": "", "caveats": []}
    try:
        found = estimate(units, horizon)
    except ValueError as error:
        treated = sum(1 for u in units if u.treated and u.outcome(horizon) is not None)
        values.update(
            effect=None, ci_low=None, ci_high=None, naive=None, participant_rate=None,
            control_rate=None, participants=treated, matched=0, controls=0,
            unavailable=str(error),
        )  # fmt: skip
    else:
        values.update(
            effect=found.att, ci_low=found.ci[0], ci_high=found.ci[1], naive=found.naive,
            participant_rate=found.participant_rate, control_rate=found.matched_control_rate,
            participants=found.n_treated, matched=found.n_matched,
            controls=found.n_controls_used, caveats=list(found.caveats),
        )  # fmt: skip
    impact, _created = ProgramImpact.objects.update_or_create(
        edition=edition, horizon=horizon, defaults=values
    )
    return impact


@transaction.atomic
def program_impact_compute(
    *, actor: Actor, year: int, program_code: str = "", today: date | None = None
) -> list[ProgramImpact]:
    """Measure each program edition of ``year`` (or one program) at 6 and 12 months and
    store the estimates, replacing earlier ones (see ``jastar.insight.impact_data``)."""
    today = today or timezone.localdate()
    editions = ProgramEdition.objects.filter(year=year).select_related("program")
    if program_code:
        editions = editions.filter(program__code=program_code)
    results = []
    for edition in editions.order_by("program__code"):
        units = impact_units(edition, today)
        for horizon in HORIZONS:
            results.append(_stored(edition, horizon, units, today))
    for impact in results:
        audit_record(actor=actor, action=AuditAction.UPDATE, target=impact, summary="impact")
    return results
