"""``jastar risk train [--today DATE] [--seed N] [--plot FILE.png]``: train and test the
NEET risk model on the registry's own history, and print its quality and fairness audit;
``jastar risk score [--today DATE]``: score every young person with the latest version."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jastar.insight.risk import reliability_plot
from jastar.insight.services import risk_model_train, risk_scores_refresh


def _rate(value: float | None) -> str:
    return "  -  " if value is None else f"{value:5.1%}"


class Command(BaseCommand):
    help = "Train the NEET risk model on the registry's history and print its test figures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["train", "score"])
        parser.add_argument("--today", type=date.fromisoformat, help="default: today")
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--plot", type=Path, help="write the reliability plot (PNG)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "score":
            count = risk_scores_refresh(today=options["today"])
            self.stdout.write(f"{count:,} young people scored")
            return
        version = risk_model_train(actor=None, today=options["today"], seed=options["seed"])
        metrics = version.metrics
        auc = metrics["roc_auc"]
        self.stdout.write(
            f"Risk model #{version.pk}: trained on the registry of {version.trained_on} "
            f"({version.rows_trained:,} people), tested on {version.tested_on} "
            f"({version.rows_tested:,} people)"
        )
        self.stdout.write(
            f"ROC AUC {auc if auc is None else f'{auc:.3f}'}, Brier {metrics['brier']:.3f}, "
            f"base rate {metrics['base_rate']:.1%}, mean predicted {metrics['mean_predicted']:.1%}"
        )
        self.stdout.write("group            n   NEET   selected  recall  false pos.  ratio")
        for row in version.fairness:
            flag = " (small)" if row["small"] else ""
            self.stdout.write(
                f"{row['attribute']}={row['value']:<14}{row['n']:>7,} {_rate(row['base_rate'])}"
                f"  {_rate(row['selection_rate'])}   {_rate(row['true_positive_rate'])}"
                f"   {_rate(row['false_positive_rate'])}   {row['selection_ratio']:.2f}{flag}"
            )
        if options["plot"]:
            reliability_plot(metrics["reliability"], options["plot"], "NEET risk: reliability")
            self.stdout.write(f"Reliability plot: {options['plot']}")
