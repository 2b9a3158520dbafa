"""Business grants: application, committee scoring, ranking and award within the district's
budget, disbursement, the survival check a year later, and the figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from jastar.core.errors import ApplicationError
from jastar.core.models import AuditEvent
from jastar.programs import services
from jastar.programs.grants import services as grants
from jastar.programs.grants.models import GrantApplication, GrantDecision, GrantScore
from jastar.programs.grants.selectors import grant_figures, grant_ranking
from jastar.programs.lifecycle import ParticipationStatus
from jastar.programs.models import Participation, ProgramEdition
from jastar.programs.selectors import quota_usage
from jastar.programs.tests.factories import applied, edition, graduate, open_edition, quota
from jastar.registry.tests.factories import district

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
S = ParticipationStatus
D = GrantDecision

GRANT_2025 = 1_572_800  # 400 MRP × 3 932 ₸
APPLIED_ON = date(2025, 3, 1)
DECIDED_ON = date(2025, 3, 2)
SUBMITTED_ON = date(2025, 3, 3)
RANKED_ON = date(2025, 4, 1)
DISBURSED_ON = date(2025, 4, 10)
A_YEAR_LATER = date(2026, 4, 10)
NAMES = iter(f"Person{i}" for i in range(1_000))


@pytest.fixture
def grant() -> ProgramEdition:
    """The 2025 business grant, open to any age 14–35 (the registry has no vulnerable groups)."""
    return open_edition("business_grant", 2025)


@pytest.fixture
def committee(django_user_model):
    return [django_user_model.objects.create_user(f"member{i}", is_staff=True) for i in range(3)]


def approved(in_edition: ProgramEdition) -> Participation:
    participation = applied(
        person=graduate(first_name=next(NAMES)), in_edition=in_edition, on=APPLIED_ON
    )
    return services.participation_decide(
        actor=None, participation=participation, approve=True, on=DECIDED_ON
    )


def apply(
    in_edition: ProgramEdition,
    requested: int = GRANT_2025,
    jobs: int = 1,
    on: date = SUBMITTED_ON,
    participation: Participation | None = None,
) -> GrantApplication:
    return grants.grant_apply(
        actor=None,
        participation=participation or approved(in_edition),
        business_name="Тандыр нан",
        business_idea="A bakery with a tandoor oven in the village.",
        market="Two villages without a bakery.",
        costs="Oven 900 000 ₸, rent, flour.",
        revenue_plan="300 loaves a day from the third month.",
        requested_tenge=requested,
        planned_jobs=jobs,
        own_contribution_tenge=200_000,
        on=on,
    )


def score(application: GrantApplication, scorer, value: int = 5, **criteria: int) -> GrantScore:
    values = {"viability": value, "social_impact": value, "jobs": value, "readiness": value}
    values.update(criteria)
    return grants.grant_score(actor=scorer, application=application, scorer=scorer, **values)


def scored(application: GrantApplication, committee, value: int) -> GrantApplication:
    for member in committee:
        score(application, member, value)
    application.refresh_from_db()
    return application


def rank(in_edition: ProgramEdition, **kwargs) -> list[GrantApplication]:
    return grants.grant_rank(
        actor=None, edition=in_edition, district=district(), on=RANKED_ON, **kwargs
    )


def awarded(grant: ProgramEdition, committee) -> GrantApplication:
    quota(grant)
    application = scored(apply(grant), committee, 8)
    rank(grant)
    application.refresh_from_db()
    return application


def disbursed(grant: ProgramEdition, committee) -> GrantApplication:
    return grants.grant_disburse(actor=None, application=awarded(grant, committee), on=DISBURSED_ON)


class GrantApplyTests:
    def test_approved_participant_submits_a_business_plan(self, grant):
        application = apply(grant)
        assert application.decision == D.PENDING
        assert application.requested_tenge == GRANT_2025
        assert application.submitted_on == SUBMITTED_ON
        assert application.score_average is None and application.rank is None
        assert AuditEvent.objects.filter(
            target_type="programs.grantapplication", target_id=str(application.pk)
        ).exists()

    def test_grant_2025_is_400_mrp(self, grant):
        assert grants.grant_amount(grant) == GRANT_2025

    def test_refused_when_the_participation_is_not_approved(self, grant):
        participation = applied(person=graduate(), in_edition=grant, on=APPLIED_ON)
        with pytest.raises(ApplicationError) as err:
            apply(grant, participation=participation)
        assert str(err.value) == (
            "Only an approved participant can apply for the grant; this participation is “Applied”."
        )
        assert not GrantApplication.objects.exists()

    def test_refused_above_the_grant_amount(self, grant):
        with pytest.raises(ValidationError) as err:
            apply(grant, requested=GRANT_2025 + 1)
        assert err.value.message_dict["requested_tenge"] == [
            "The amount requested, 1\u00a0572\u00a0801 ₸, is above the grant of "
            "1\u00a0572\u00a0800 ₸."
        ]

    def test_refused_for_a_program_that_is_not_a_grant(self):
        practice = edition("youth_practice", 2025)
        with pytest.raises(ApplicationError) as err:
            apply(practice, participation=approved(practice))
        assert str(err.value) == "Youth Practice 2025 is not a grant program."

    def test_a_participation_has_one_application(self, grant):
        first = apply(grant)
        with pytest.raises(ApplicationError):
            apply(grant, participation=first.participation)

    def test_submission_before_the_approval_is_refused(self, grant):
        with pytest.raises(ValidationError) as err:
            apply(grant, on=date(2025, 3, 1))
        assert "submitted_on" in err.value.message_dict


class GrantScoreTests:
    def test_average_is_the_mean_of_the_scorers_totals(self, grant, committee):
        application = apply(grant)
        score(application, committee[0], 5)  # 20
        score(application, committee[1], 6)  # 24
        last = score(application, committee[2], 7, readiness=0)  # 21
        assert last.total == 21
        application.refresh_from_db()
        assert application.score_average == Decimal("21.67")

    @pytest.mark.parametrize("value", [-1, 11])
    def test_a_criterion_out_of_range_is_refused(self, grant, committee, value):
        application = apply(grant)
        with pytest.raises(ValidationError) as err:
            score(application, committee[0], 5, jobs=value)
        assert err.value.message_dict["jobs"] == [
            f"A score is from 0 to 10; {value} is out of range."
        ]
        assert not GrantScore.objects.exists()

    def test_a_scorer_scores_once_and_may_revise_before_the_ranking(self, grant, committee):
        application = apply(grant)
        score(application, committee[0], 5)
        score(application, committee[0], 9)
        assert GrantScore.objects.filter(application=application).count() == 1
        application.refresh_from_db()
        assert application.score_average == Decimal("36.00")

    def test_only_committee_members_score(self, grant, django_user_model):
        outsider = django_user_model.objects.create_user("outsider")
        with pytest.raises(ApplicationError) as err:
            score(apply(grant), outsider)
        assert "committee members" in str(err.value)

    def test_scores_are_final_after_the_ranking(self, grant, committee):
        application = awarded(grant, committee)
        with pytest.raises(ApplicationError) as err:
            score(application, committee[0], 1)
        assert str(err.value) == "The application is already ranked; its scores are final."

    def test_the_database_keeps_each_criterion_within_0_to_10(self, grant, committee):
        application = apply(grant)
        with pytest.raises(IntegrityError), transaction.atomic():
            GrantScore.objects.create(
                application=application,
                scorer=committee[0],
                viability=11,
                social_impact=0,
                jobs=0,
                readiness=0,
            )

    def test_the_database_keeps_one_score_per_scorer(self, grant, committee):
        application = apply(grant)
        score(application, committee[0])
        with pytest.raises(IntegrityError), transaction.atomic():
            GrantScore.objects.create(
                application=application,
                scorer=committee[0],
                viability=1,
                social_impact=1,
                jobs=1,
                readiness=1,
            )


class GrantRankTests:
    def test_ranks_by_average_score(self, grant, committee):
        quota(grant)
        low = scored(apply(grant), committee, 4)
        high = scored(apply(grant), committee, 9)
        middle = scored(apply(grant), committee, 6)
        ranked = rank(grant)
        assert [a.pk for a in ranked] == [high.pk, middle.pk, low.pk]
        assert [a.rank for a in ranked] == [1, 2, 3]

    def test_ties_go_to_more_planned_jobs_then_earlier_submission(self, grant, committee):
        quota(grant)
        later = scored(apply(grant, jobs=2, on=date(2025, 3, 5)), committee, 7)
        earlier = scored(apply(grant, jobs=2), committee, 7)
        more_jobs = scored(apply(grant, jobs=4, on=date(2025, 3, 6)), committee, 7)
        assert [a.pk for a in rank(grant)] == [more_jobs.pk, earlier.pk, later.pk]

    def test_budget_for_two_of_three_leaves_the_third_not_awarded(self, grant, committee):
        quota(grant, places=10, budget_tenge=2 * GRANT_2025 + 1_000_000)
        first = scored(apply(grant), committee, 9)
        second = scored(apply(grant), committee, 8)
        third = scored(apply(grant), committee, 7)
        rank(grant)
        for application in (first, second, third):
            application.refresh_from_db()
        assert [first.decision, second.decision, third.decision] == [
            D.AWARDED,
            D.AWARDED,
            D.NOT_AWARDED,
        ]
        assert first.awarded_tenge == second.awarded_tenge == GRANT_2025
        assert third.awarded_tenge is None and third.rank == 3

    def test_places_limit_the_awards(self, grant, committee):
        quota(grant, places=1)
        first = scored(apply(grant), committee, 9)
        second = scored(apply(grant), committee, 8)
        rank(grant)
        assert GrantApplication.objects.get(pk=first.pk).decision == D.AWARDED
        assert GrantApplication.objects.get(pk=second.pk).decision == D.NOT_AWARDED

    def test_nobody_below_the_cut_off_is_awarded_even_if_cheaper(self, grant, committee):
        quota(grant, budget_tenge=GRANT_2025 + 500_000)
        scored(apply(grant), committee, 9)
        scored(apply(grant), committee, 8)
        cheap = scored(apply(grant, requested=400_000), committee, 7)
        rank(grant)
        assert GrantApplication.objects.get(pk=cheap.pk).decision == D.NOT_AWARDED

    def test_awards_enrol_the_participants_and_commit_the_amount_awarded(self, grant, committee):
        quota(grant)
        full = scored(apply(grant), committee, 9)
        partial = scored(apply(grant, requested=1_000_000), committee, 8)
        rank(grant)
        for application, amount in ((full, GRANT_2025), (partial, 1_000_000)):
            participation = Participation.objects.get(pk=application.participation_id)
            assert participation.status == S.ENROLLED
            assert participation.enrolled_on == RANKED_ON
            assert participation.one_off_tenge == amount
        usage = quota_usage(grant, district())
        assert usage.places_used == 2
        assert usage.committed_tenge == GRANT_2025 + 1_000_000

    def test_not_awarded_participants_drop_out_with_the_reason(self, grant, committee):
        quota(grant, places=1)
        scored(apply(grant), committee, 9)
        loser = scored(apply(grant), committee, 8)
        rank(grant)
        participation = Participation.objects.get(pk=loser.participation_id)
        assert participation.status == S.DROPPED_OUT
        assert "below the cut-off" in participation.drop_reason

    def test_needs_the_minimum_number_of_scorers(self, grant, committee):
        quota(grant)
        application = apply(grant)
        for member in committee[:2]:
            score(application, member, 6)
        with pytest.raises(ApplicationError) as err:
            rank(grant)
        assert str(err.value) == (
            "Each application needs at least 3 scores before the ranking; "
            "applications short of scores: 1."
        )
        assert err.value.extra["scores"] == {application.pk: 2}
        assert rank(grant, min_scorers=2)[0].decision == D.AWARDED

    def test_without_a_quota_nothing_is_awarded(self, grant, committee):
        scored(apply(grant), committee, 9)
        with pytest.raises(ApplicationError) as err:
            rank(grant)
        assert "No quota is set" in str(err.value)
        assert GrantApplication.objects.get().decision == D.PENDING

    def test_applying_after_the_ranking_is_refused(self, grant, committee):
        awarded(grant, committee)
        with pytest.raises(ApplicationError) as err:
            apply(grant)
        assert "already ranked" in str(err.value)

    def test_ranking_with_nothing_pending_is_refused(self, grant):
        quota(grant)
        with pytest.raises(ApplicationError):
            rank(grant)


class GrantRankingSelectorTests:
    def test_lists_applications_in_rank_order_with_averages(self, grant, committee):
        quota(grant, places=1)
        second = scored(apply(grant), committee, 6)
        first = scored(apply(grant), committee, 8)
        before = list(grant_ranking(grant, district()))
        assert [a.pk for a in before] == [first.pk, second.pk]
        rank(grant)
        rows = list(grant_ranking(grant, district()))
        scorers = [a.scorers for a in rows]  # type: ignore[attr-defined]
        assert scorers == [3, 3]
        assert [(a.rank, a.score_average, a.decision) for a in rows] == [
            (1, Decimal("32.00"), D.AWARDED),
            (2, Decimal("24.00"), D.NOT_AWARDED),
        ]

    def test_another_district_is_not_listed(self, grant, committee):
        apply(grant)
        assert not grant_ranking(grant, district("talgar")).exists()


class GrantDisburseTests:
    def test_records_the_disbursement(self, grant, committee):
        application = disbursed(grant, committee)
        application.refresh_from_db()
        assert application.disbursed_on == DISBURSED_ON

    def test_a_grant_not_awarded_cannot_be_disbursed(self, grant, committee):
        quota(grant, places=1)
        scored(apply(grant), committee, 9)
        loser = scored(apply(grant), committee, 1)
        rank(grant)
        with pytest.raises(ApplicationError) as err:
            grants.grant_disburse(actor=None, application=loser, on=DISBURSED_ON)
        assert str(err.value) == "Only an awarded grant can be disbursed."

    def test_a_grant_is_disbursed_once(self, grant, committee):
        application = disbursed(grant, committee)
        with pytest.raises(ApplicationError) as err:
            grants.grant_disburse(actor=None, application=application, on=DISBURSED_ON)
        assert str(err.value) == "The grant was already disbursed on 10.04.2025."

    def test_disbursement_before_the_award_is_refused(self, grant, committee):
        with pytest.raises(ValidationError):
            grants.grant_disburse(
                actor=None, application=awarded(grant, committee), on=date(2025, 3, 20)
            )


class GrantSurvivalCheckTests:
    def test_before_12_months_the_check_is_refused(self, grant, committee):
        application = disbursed(grant, committee)
        with pytest.raises(ApplicationError) as err:
            grants.grant_survival_check(
                actor=None, application=application, on=date(2026, 4, 9), survived=True
            )
        assert str(err.value) == (
            "The survival check is due 12 months after disbursement, on 10.04.2026 or later."
        )

    def test_a_surviving_business_completes_the_participation(self, grant, committee):
        application = grants.grant_survival_check(
            actor=None,
            application=disbursed(grant, committee),
            on=A_YEAR_LATER,
            survived=True,
        )
        assert application.survived is True
        assert application.survival_checked_on == A_YEAR_LATER
        participation = Participation.objects.get(pk=application.participation_id)
        assert participation.status == S.COMPLETED
        assert participation.ended_on == A_YEAR_LATER

    def test_a_closed_business_drops_the_participation_out_with_the_reason(self, grant, committee):
        application = grants.grant_survival_check(
            actor=None,
            application=disbursed(grant, committee),
            on=A_YEAR_LATER,
            survived=False,
            note="The bakery closed in January.",
        )
        assert application.survived is False
        participation = Participation.objects.get(pk=application.participation_id)
        assert participation.status == S.DROPPED_OUT
        assert participation.drop_reason == "The bakery closed in January."

    def test_a_closed_business_needs_the_reason(self, grant, committee):
        with pytest.raises(ValidationError) as err:
            grants.grant_survival_check(
                actor=None,
                application=disbursed(grant, committee),
                on=A_YEAR_LATER,
                survived=False,
            )
        assert "survival_note" in err.value.message_dict

    def test_a_grant_not_disbursed_cannot_be_checked(self, grant, committee):
        with pytest.raises(ApplicationError):
            grants.grant_survival_check(
                actor=None,
                application=awarded(grant, committee),
                on=A_YEAR_LATER,
                survived=True,
            )

    def test_the_check_is_recorded_once(self, grant, committee):
        application = disbursed(grant, committee)
        grants.grant_survival_check(
            actor=None, application=application, on=A_YEAR_LATER, survived=True
        )
        with pytest.raises(ApplicationError):
            grants.grant_survival_check(
                actor=None, application=application, on=A_YEAR_LATER, survived=True
            )


class GrantFiguresTests:
    def test_counts_grants_amounts_and_survival(self, grant, committee):
        quota(grant)
        applications = [
            scored(apply(grant, requested=amount), committee, 9 - i)
            for i, amount in enumerate((GRANT_2025, GRANT_2025, 1_000_000))
        ]
        rank(grant)
        for application, survived in zip(applications[:2], (True, False), strict=True):
            grants.grant_disburse(actor=None, application=application, on=DISBURSED_ON)
            grants.grant_survival_check(
                actor=None,
                application=application,
                on=A_YEAR_LATER,
                survived=survived,
                note="" if survived else "Closed.",
            )
        figures = grant_figures(2025)
        assert figures.awarded == 3
        assert figures.awarded_tenge == 2 * GRANT_2025 + 1_000_000
        assert (figures.checked, figures.survived) == (2, 1)
        assert figures.survival_rate == Decimal("0.500")

    def test_a_year_without_grants(self):
        figures = grant_figures(2026)
        assert (figures.awarded, figures.awarded_tenge) == (0, 0)
        assert figures.survival_rate is None


class GrantAdminTests:
    @pytest.fixture
    def admin_client(self, client, django_user_model):
        user = django_user_model.objects.create_superuser("boss", "boss@example.kz", "pw-123456")
        client.force_login(user)
        return client

    def test_list_and_change_pages_render_in_each_language(self, admin_client, grant, committee):
        application = awarded(grant, committee)
        for language in ("", "ru/", "en/"):
            url = f"/{language}admin/programs/grantapplication/"
            assert admin_client.get(url).status_code == 200
            assert admin_client.get(f"{url}{application.pk}/change/").status_code == 200

    def test_applications_are_not_added_in_the_admin(self, admin_client):
        assert admin_client.get("/en/admin/programs/grantapplication/add/").status_code == 403

    def test_disburse_action_goes_through_the_service(self, admin_client, grant, committee):
        application = awarded(grant, committee)
        admin_client.post(
            "/en/admin/programs/grantapplication/",
            {"action": "disburse_selected", "_selected_action": [application.pk]},
        )
        application.refresh_from_db()
        assert application.disbursed_on == date(2026, 6, 15)
        assert AuditEvent.objects.filter(
            target_type="programs.grantapplication", changes__has_key="disbursed_on"
        ).exists()
