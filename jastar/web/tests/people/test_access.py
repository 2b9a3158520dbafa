"""Who may open which of the young people pages: a case worker only their district's
people (404 for the others, as for a record that does not exist), analysts no person's
page, visitors who are not signed in go to sign in, and nothing is written by anyone
out of scope."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from jastar.accounts.models import Role
from jastar.core.models import AuditAction, AuditEvent
from jastar.programs.lifecycle import ParticipationStatus
from jastar.programs.tests.factories import participation_at
from jastar.registry.models import Person
from jastar.web.tests.people.conftest import make_user

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Karasai:
    """A Karasai person placed through Youth Practice, with their follow-ups."""

    person: Person
    urls: list[str]


@pytest.fixture
def karasai() -> Karasai:
    participation = participation_at(ParticipationStatus.PLACED)
    person = participation.person
    followup = participation.followups.first()
    assert followup is not None
    ids = [person.pk]
    both = [person.pk, participation.pk]
    urls = [
        reverse("web:person", args=ids),
        reverse("web:person-edit", args=ids),
        reverse("web:person-status", args=ids),
        reverse("web:person-eligibility", args=ids),
        reverse("web:person-recommendations", args=ids),
        reverse("web:person-enrol", args=ids),
        reverse("web:participation", args=both),
        reverse("web:followup-record", args=[*both, followup.pk]),
        reverse("web:person-placement-new", args=ids),
    ]
    return Karasai(person, urls)


def unchanged(person: Person) -> bool:
    before = person.version
    person.refresh_from_db()
    return person.version == before


class OutOfDistrictTests:
    def test_case_worker_of_another_district_gets_404_everywhere(
        self, other_worker: Client, karasai: Karasai
    ):
        for url in karasai.urls:
            assert other_worker.get(url).status_code in (404, 405), url
            assert other_worker.post(url, {"step": "complete"}).status_code == 404, url
        assert unchanged(karasai.person)
        assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()

    def test_case_worker_of_the_district_opens_every_page(
        self, karasai_worker: Client, karasai: Karasai
    ):
        for url in karasai.urls[:-2]:
            assert karasai_worker.get(url).status_code == 200, url
        assert karasai_worker.get(karasai.urls[-1]).status_code == 200


class AnalystTests:
    def test_analyst_gets_404_for_every_page_of_a_person(self, analyst: Client, karasai):
        for url in karasai.urls:
            assert analyst.get(url).status_code in (404, 405), url
            assert analyst.post(url, {"step": "complete"}).status_code == 404, url
        assert unchanged(karasai.person)


class AnonymousTests:
    def test_anonymous_visitor_is_sent_to_sign_in_from_every_page(
        self, client: Client, karasai: Karasai
    ):
        login = reverse("web:login")
        for url in [reverse("web:people"), reverse("web:person-new"), *karasai.urls]:
            for response in (client.get(url), client.post(url)):
                assert response.status_code == 302, url
                assert response["Location"].startswith(login), url
        assert unchanged(karasai.person)


class OtherLoginsTests:
    def test_a_young_person_cannot_open_the_office_pages_even_for_themself(self, karasai):
        user = make_user("aigerim", Role.YOUTH, person=karasai.person)
        client = Client()
        client.force_login(user)
        assert client.get(reverse("web:people")).status_code == 403
        assert client.get(karasai.urls[0]).status_code == 403
