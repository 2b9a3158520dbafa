"""Training the NEET risk model on the office's own history, and keeping each version.

The model is trained on the registry as it was two years before ``today`` (labels: NEET
one year later) and tested on the registry as it was one year before (labels: NEET now),
a later period it never saw. Each version stores its metrics, its fairness audit by sex,
urban/rural and district, and the model itself.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

import numpy as np
from django.db import transaction
from django.utils import timezone

from jastar.core.audit import Actor, audit_record
from jastar.core.dates import add_months
from jastar.core.models import AuditAction
from jastar.insight.fairness import audit, groups_of
from jastar.insight.models import RiskModelVersion
from jastar.insight.risk import Snapshot, evaluate, predict, to_bytes, train
from jastar.insight.snapshots import HORIZON_MONTHS, snapshots
from jastar.registry.models import District


def _labelled(on: date, today: date) -> list[Snapshot]:
    return [row for row in snapshots(on, today=today) if row.label is not None]


@transaction.atomic
def risk_model_train(
    *, actor: Actor, today: date | None = None, seed: int = 2025
) -> RiskModelVersion:
    """Train, test and store a new version of the risk model (see the module docstring)."""
    today = today or timezone.localdate()
    tested_on = add_months(today, -HORIZON_MONTHS)
    trained_on = add_months(tested_on, -HORIZON_MONTHS)
    training, testing = _labelled(trained_on, today), _labelled(tested_on, today)
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
