"""The risk of staying NEET in the admin: the person's risk panel with its contact log and
opinions, the outreach list of a district, and the read-only lists of contacts and opinions.

Scores are written directly (no model is trained): the pages only read them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone, translation

from jastar.insight.display import reason_sentence, reason_sentences, risk_band
from jastar.insight.models import ContactAttempt, RiskModelVersion, RiskOpinion, RiskScore
from jastar.insight.selectors import outreach_list
from jastar.insight.services import contact_record
from jastar.registry.models import Person, PersonStatus
from jastar.registry.tests.factories import district, make_person

pytestmark = pytest.mark.django_db

NEVER_DECIDES = "It never decides eligibility for a program or a service."
OUTREACH = "/en/admin/insight/contactattempt/outreach/"


def a_version() -> RiskModelVersion:
    return RiskModelVersion.objects.create(
        trained_on=date(2024, 6, 30),
        tested_on=date(2025, 6, 30),
        seed=1,
        rows_trained=100,
        rows_tested=100,
        metrics={"roc_auc": 0.8, "brier": 0.1},
        model=b"",
    )


def a_score(
    person: Person,
    version: RiskModelVersion,
    *,
    probability: float = 0.62,
    percentile: int = 95,
    reasons: list[list[Any]] | None = None,
) -> RiskScore:
    return RiskScore.objects.create(
        person=person,
        version=version,
        probability=probability,
        percentile=percentile,
        reasons=[["status=unemployed", 0.4]] if reasons is None else reasons,
        computed_on=timezone.localdate(),
    )


def staff_client(django_user_model: Any, *codenames: str) -> Client:
    """A staff member with only the given permissions (``app_label.codename``)."""
    user = django_user_model.objects.create_user("officer", is_staff=True)
    for name in codenames:
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    client = Client()
    client.force_login(user)
    return client


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def person_url(person: Person) -> str:
    return f"/en/admin/registry/person/{person.pk}/change/"


def contact_url(person: Person) -> str:
    return f"/en/admin/insight/contactattempt/log/{person.pk}/"


def opinion_url(score: RiskScore) -> str:
    return f"/en/admin/insight/contactattempt/opinion/{score.pk}/"


def contact(on: date, **overrides: str) -> dict[str, str]:
    data = {"contact-on": on.isoformat(), "contact-channel": "phone", "contact-outcome": "reached"}
    return data | {f"contact-{key}": value for key, value in overrides.items()}


class ReasonSentenceTests:
    @pytest.fixture(autouse=True)
    def _english(self) -> Iterator[None]:
        with translation.override("en"):
            yield

    def test_names_the_status_by_its_display_name(self) -> None:
        assert reason_sentence("status=unemployed") == "Current status: Unemployed"

    def test_has_one_sentence_per_group(self) -> None:
        assert reason_sentence("age") == "Age"
        assert reason_sentence("never_worked_or_studied") == "Never worked or studied"
        assert reason_sentence("education=basic_or_lower") == "Education: basic or lower"
        assert reason_sentence("area=rural") == "Lives in a rural area"

    def test_names_the_district(self) -> None:
        assert reason_sentences([["district=karasai", 0.2]]) == ["District: Karasai District"]

    def test_keeps_an_unknown_feature_readable(self) -> None:
        assert reason_sentence("shoe_size") == "Another characteristic (shoe_size)"

    @pytest.mark.parametrize(
        ("percentile", "band"), [(0, 1), (9, 1), (10, 2), (89, 9), (90, 10), (99, 10), (100, 10)]
    )
    def test_bands_hold_ten_percentiles_each(self, percentile: int, band: int) -> None:
        assert risk_band(percentile) == band


class RiskPanelTests:
    def test_shows_the_band_the_probability_and_the_reasons(self, admin_client: Client) -> None:
        person = make_person()
        a_score(person, a_version(), reasons=[["status=unemployed", 0.4], ["age", 0.1]])
        html = page(admin_client, person_url(person))
        assert 'id="risk-panel"' in html
        assert "Band 10 of 10" in html
        assert '<td id="risk-probability">62%</td>' in html
        assert "<li>Current status: Unemployed</li>" in html
        assert "<li>Age</li>" in html
        assert NEVER_DECIDES in html

    def test_shows_only_a_score_by_the_latest_version(self, admin_client: Client) -> None:
        person = make_person()
        a_score(person, a_version())
        a_version()  # newer, and it has not scored the person
        assert 'id="risk-panel"' not in page(admin_client, person_url(person))

    def test_renders_in_kazakh_and_russian(self, admin_client: Client) -> None:
        person = make_person()
        a_score(person, a_version())
        for prefix in ("", "/ru"):
            html = page(admin_client, f"{prefix}/admin/registry/person/{person.pk}/change/")
            assert 'id="risk-panel"' in html and 'id="risk-contact-form"' in html

    def test_logs_a_contact_and_goes_back_to_the_person(
        self, admin_client: Client, admin_user: Any
    ) -> None:
        person = make_person()
        a_score(person, a_version())
        yesterday = timezone.localdate() - timedelta(days=1)
        response = admin_client.post(contact_url(person), contact(yesterday, note=" Call back "))
        assert response.status_code == 302 and response["Location"] == person_url(person)
        attempt = ContactAttempt.objects.get(person=person)
        assert (attempt.on, attempt.note, attempt.recorded_by) == (
            yesterday,
            "Call back",
            admin_user,
        )
        html = admin_client.get(person_url(person)).content.decode()
        assert "The contact attempt was logged." in html
        assert 'class="contact-attempt"' in html and "Reached, no interest now" in html

    def test_refuses_a_future_date_with_a_message(self, admin_client: Client) -> None:
        person = make_person()
        a_score(person, a_version())
        tomorrow = timezone.localdate() + timedelta(days=1)
        response = admin_client.post(contact_url(person), contact(tomorrow), follow=True)
        assert "is in the future." in response.content.decode()
        assert not ContactAttempt.objects.exists()

    def test_refuses_an_unknown_channel_with_a_message(self, admin_client: Client) -> None:
        person = make_person()
        a_score(person, a_version())
        data = contact(timezone.localdate(), channel="pigeon")
        response = admin_client.post(contact_url(person), data, follow=True)
        assert "Channel: Select a valid choice." in response.content.decode()
        assert not ContactAttempt.objects.exists()

    def test_records_a_disagreement_and_lists_it(self, admin_client: Client) -> None:
        person = make_person()
        score = a_score(person, a_version())
        data = {"opinion-agrees": "no", "opinion-note": "Starts a job on Monday."}
        response = admin_client.post(opinion_url(score), data)
        assert response.status_code == 302 and response["Location"] == person_url(person)
        opinion = RiskOpinion.objects.get(score=score)
        assert (opinion.agrees, opinion.note) == (False, "Starts a job on Monday.")
        html = page(admin_client, person_url(person))
        assert 'class="risk-opinion"' in html and "Starts a job on Monday." in html

    def test_refuses_a_disagreement_without_a_reason(self, admin_client: Client) -> None:
        score = a_score(make_person(), a_version())
        data = {"opinion-agrees": "no", "opinion-note": ""}
        response = admin_client.post(opinion_url(score), data, follow=True)
        assert "Reason: This field is required." in response.content.decode()
        assert not RiskOpinion.objects.exists()

    def test_hides_the_forms_from_staff_without_the_permissions(
        self, django_user_model: Any
    ) -> None:
        person = make_person()
        a_score(person, a_version())
        client = staff_client(django_user_model, "registry.view_person", "insight.view_riskscore")
        html = page(client, person_url(person))
        assert 'id="risk-panel"' in html and "Band 10 of 10" in html
        assert "risk-contact-form" not in html and "risk-opinion-form" not in html

    def test_refuses_posts_from_staff_without_the_permissions(self, django_user_model: Any) -> None:
        person = make_person()
        score = a_score(person, a_version())
        client = staff_client(django_user_model, "registry.view_person", "insight.view_riskscore")
        today = timezone.localdate()
        assert client.post(contact_url(person), contact(today)).status_code == 403
        data = {"opinion-agrees": "yes", "opinion-note": "Fits."}
        assert client.post(opinion_url(score), data).status_code == 403
        assert not ContactAttempt.objects.exists() and not RiskOpinion.objects.exists()

    def test_shows_no_score_to_staff_who_may_not_see_scores(self, django_user_model: Any) -> None:
        person = make_person()
        a_score(person, a_version())
        client = staff_client(django_user_model, "registry.view_person")
        assert 'id="risk-panel"' not in page(client, person_url(person))


def karasai_people() -> list[Person]:
    """Four NEET people of Karasai with scores and contacts, and two who must not show."""
    version = a_version()
    today = timezone.localdate()
    people = [make_person() for _ in range(4)]
    for person, percentile in zip(people, (95, 92, 50, 99), strict=True):
        a_score(person, version, probability=percentile / 100, percentile=percentile)
    for person, days in ((people[1], 30), (people[3], 5)):
        on = today - timedelta(days=days)
        contact_record(actor=None, person=person, on=on, channel="visit", outcome="interested")
    a_score(make_person(status=PersonStatus.EMPLOYED), version, percentile=100)
    a_score(make_person(district=district("talgar")), version, percentile=100)
    return people


def listed(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'class="outreach-row" data-person="(\d+)"', html)]


class OutreachPageTests:
    def test_lists_people_in_the_selectors_order(self, admin_client: Client) -> None:
        people = karasai_people()
        html = page(admin_client, f"{OUTREACH}?district=karasai")
        expected = [r.person.pk for r in outreach_list(district(), timezone.localdate())]
        assert listed(html) == expected == [people[i].pk for i in (0, 1, 3, 2)]
        assert "never" in html and "Interested, follow-up agreed" in html

    def test_shows_names_and_links_to_those_who_may_see_personal_data(
        self, admin_client: Client
    ) -> None:
        person = karasai_people()[0]
        html = page(admin_client, f"{OUTREACH}?district=karasai")
        assert f'<a href="{person_url(person)}">{person.full_name}</a>' in html

    def test_hides_names_from_others(self, django_user_model: Any) -> None:
        person = karasai_people()[0]
        client = staff_client(django_user_model, "insight.view_riskscore")
        html = page(client, f"{OUTREACH}?district=karasai")
        assert f"Person #{person.pk}" in html
        assert person.last_name not in html and person_url(person) not in html

    def test_asks_for_a_district_first(self, admin_client: Client) -> None:
        karasai_people()
        html = page(admin_client, OUTREACH)
        assert "Choose a district to see whom to contact first." in html
        assert listed(html) == []

    def test_refuses_staff_who_may_not_see_scores(self, django_user_model: Any) -> None:
        client = staff_client(django_user_model, "insight.view_contactattempt")
        assert client.get(f"{OUTREACH}?district=karasai").status_code == 403

    def test_is_linked_from_the_model_versions(self, admin_client: Client) -> None:
        html = page(admin_client, "/en/admin/insight/riskmodelversion/")
        assert f'href="{OUTREACH}"' in html


class ReadOnlyListTests:
    def test_lists_contact_attempts_by_person_number(self, admin_client: Client) -> None:
        person = karasai_people()[1]
        html = page(admin_client, "/en/admin/insight/contactattempt/?channel__exact=visit")
        assert f"Person #{person.pk}" in html and person.last_name not in html
        assert "/en/admin/insight/contactattempt/add/" not in html

    def test_lists_opinions(self, admin_client: Client) -> None:
        score = a_score(make_person(), a_version())
        RiskOpinion.objects.create(score=score, agrees=True, note="Long search, no offers.")
        html = page(admin_client, "/en/admin/insight/riskopinion/")
        assert "Long search, no offers." in html

    def test_adds_nothing_by_hand(self, admin_client: Client) -> None:
        for model in ("contactattempt", "riskopinion", "riskmodelversion"):
            assert admin_client.get(f"/en/admin/insight/{model}/add/").status_code == 403

    def test_does_not_list_scores(self, admin_client: Client) -> None:
        assert admin_client.get("/en/admin/insight/riskscore/").status_code == 404
