# Business grants: applications with their plans, and the committee's scores.

import django.db.models.deletion
import django.db.models.expressions
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0004_default_editions"),
        ("registry", "0002_load_reference_data"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="GrantApplication",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, db_index=True, verbose_name="created at"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("business_name", models.CharField(max_length=200, verbose_name="business name")),
                ("business_idea", models.TextField(verbose_name="business idea")),
                (
                    "planned_jobs",
                    models.PositiveSmallIntegerField(default=0, verbose_name="jobs planned"),
                ),
                (
                    "own_contribution_tenge",
                    models.PositiveBigIntegerField(default=0, verbose_name="own contribution, ₸"),
                ),
                (
                    "requested_tenge",
                    models.PositiveBigIntegerField(verbose_name="amount requested, ₸"),
                ),
                ("market", models.TextField(verbose_name="market and customers")),
                ("costs", models.TextField(verbose_name="costs")),
                ("revenue_plan", models.TextField(verbose_name="revenue plan")),
                ("submitted_on", models.DateField(verbose_name="submitted on")),
                (
                    "score_average",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=5,
                        null=True,
                        verbose_name="average score",
                    ),
                ),
                ("rank", models.PositiveIntegerField(blank=True, null=True, verbose_name="rank")),
                (
                    "decision",
                    models.CharField(
                        choices=[
                            ("pending", "Pending"),
                            ("awarded", "Awarded"),
                            ("not_awarded", "Not awarded"),
                        ],
                        db_index=True,
                        default="pending",
                        max_length=16,
                        verbose_name="decision",
                    ),
                ),
                (
                    "awarded_tenge",
                    models.PositiveBigIntegerField(
                        blank=True, null=True, verbose_name="amount awarded, ₸"
                    ),
                ),
                (
                    "disbursed_on",
                    models.DateField(blank=True, null=True, verbose_name="disbursed on"),
                ),
                (
                    "survival_checked_on",
                    models.DateField(blank=True, null=True, verbose_name="survival checked on"),
                ),
                (
                    "survived",
                    models.BooleanField(
                        blank=True, null=True, verbose_name="business still operating"
                    ),
                ),
                (
                    "survival_note",
                    models.CharField(
                        blank=True, max_length=500, verbose_name="survival check note"
                    ),
                ),
                (
                    "activity",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="registry.industry",
                        verbose_name="type of activity",
                    ),
                ),
                (
                    "participation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="grant_application",
                        to="programs.participation",
                        verbose_name="participation",
                    ),
                ),
            ],
            options={
                "verbose_name": "grant application",
                "verbose_name_plural": "grant applications",
                "ordering": ["rank", "-submitted_on", "id"],
            },
        ),
        migrations.CreateModel(
            name="GrantScore",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, db_index=True, verbose_name="created at"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("viability", models.PositiveSmallIntegerField(verbose_name="viability")),
                ("social_impact", models.PositiveSmallIntegerField(verbose_name="social impact")),
                ("jobs", models.PositiveSmallIntegerField(verbose_name="jobs created")),
                ("readiness", models.PositiveSmallIntegerField(verbose_name="readiness to start")),
                (
                    "total",
                    models.GeneratedField(
                        db_persist=True,
                        expression=django.db.models.expressions.CombinedExpression(
                            django.db.models.expressions.CombinedExpression(
                                django.db.models.expressions.CombinedExpression(
                                    models.F("viability"), "+", models.F("social_impact")
                                ),
                                "+",
                                models.F("jobs"),
                            ),
                            "+",
                            models.F("readiness"),
                        ),
                        output_field=models.PositiveSmallIntegerField(),
                        verbose_name="total",
                    ),
                ),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scores",
                        to="programs.grantapplication",
                        verbose_name="grant application",
                    ),
                ),
                (
                    "scorer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="scorer",
                    ),
                ),
            ],
            options={
                "verbose_name": "grant score",
                "verbose_name_plural": "grant scores",
                "ordering": ["application", "id"],
            },
        ),
        migrations.AddConstraint(
            model_name="grantapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(("decision__in", ["pending", "awarded", "not_awarded"])),
                name="grant_decision_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="grantapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(("requested_tenge__gt", 0)), name="grant_requested_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="grantapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("score_average__isnull", True), ("score_average__gte", 0), _connector="OR"
                    ),
                    models.Q(
                        ("score_average__isnull", True), ("score_average__lte", 40), _connector="OR"
                    ),
                ),
                name="grant_average_in_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="grantapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(("rank__isnull", True), ("rank__gte", 1), _connector="OR"),
                name="grant_rank_positive",
            ),
        ),
        migrations.AddConstraint(
            model_name="grantapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("awarded_tenge__gt", 0),
                        ("awarded_tenge__lte", models.F("requested_tenge")),
                        ("decision", "awarded"),
                    ),
                    models.Q(
                        models.Q(("decision", "awarded"), _negated=True),
                        ("awarded_tenge__isnull", True),
                    ),
                    _connector="OR",
                ),
                name="grant_award_has_amount",
            ),
        ),
        migrations.AddConstraint(
            model_name="grantapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("disbursed_on__isnull", True), ("decision", "awarded"), _connector="OR"
                ),
                name="grant_disbursed_only_if_awarded",
            ),
        ),
        migrations.AddConstraint(
            model_name="grantapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("disbursed_on__isnull", True),
                    ("disbursed_on__gte", models.F("submitted_on")),
                    _connector="OR",
                ),
                name="grant_disbursed_after_submitted",
            ),
        ),
        migrations.AddConstraint(
            model_name="grantapplication",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("survival_checked_on__isnull", True), ("survived__isnull", True)),
                    models.Q(
                        ("disbursed_on__isnull", False),
                        ("survival_checked_on__gt", models.F("disbursed_on")),
                        ("survival_checked_on__isnull", False),
                        ("survived__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="grant_survival_check_answered",
            ),
        ),
        migrations.AddConstraint(
            model_name="grantscore",
            constraint=models.UniqueConstraint(
                fields=("application", "scorer"), name="grant_score_one_per_scorer"
            ),
        ),
        migrations.AddConstraint(
            model_name="grantscore",
            constraint=models.CheckConstraint(
                condition=models.Q(("viability__gte", 0), ("viability__lte", 10)),
                name="grant_score_viability_in_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="grantscore",
            constraint=models.CheckConstraint(
                condition=models.Q(("social_impact__gte", 0), ("social_impact__lte", 10)),
                name="grant_score_social_impact_in_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="grantscore",
            constraint=models.CheckConstraint(
                condition=models.Q(("jobs__gte", 0), ("jobs__lte", 10)),
                name="grant_score_jobs_in_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="grantscore",
            constraint=models.CheckConstraint(
                condition=models.Q(("readiness__gte", 0), ("readiness__lte", 10)),
                name="grant_score_readiness_in_range",
            ),
        ),
    ]
