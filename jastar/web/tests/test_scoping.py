"""Every URL and API endpoint, asked for another district's or employer's records.

The test walks the whole URL configuration, fills each route's parameters with the ids of
records the user must not reach, and asks for it with GET and with an empty POST. Nothing
of those records may come back, nothing may change, and no read of them may be audited. A
new route with a parameter this test does not know fails it, so it cannot be forgotten.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch
from django.utils import translation

from jastar.accounts.models import Role
from jastar.accounts.services import account_assign
from jastar.community.centres.models import Centre
from jastar.community.centres.services import visit_record
from jastar.community.centres.tests.helpers import kaskelen_centre
from jastar.community.prizes.tests.helpers import apply, zangar_2025
from jastar.community.talent import services as talent
from jastar.community.talent.tests.helpers import criteria, intake_2025, nominee
from jastar.community.traders.models import Contract, Trader
from jastar.community.traders.tests.factories import make_market, make_trader, sign
from jastar.community.volunteering import services as volunteering
from jastar.community.volunteering.tests.helpers import clean_up, kind_hearts, logged
from jastar.core.models import AuditEvent
from jastar.matching.engines import forget_engine
from jastar.matching.models import Match
from jastar.matching.services import match_run_start
from jastar.programs.models import Participation
from jastar.programs.tests.factories import applied, open_edition
from jastar.registry.models import (
    EmploymentType,
    Occupation,
    Person,
    PlacementChannel,
    Vacancy,
)
from jastar.registry.services import person_update, placement_record
from jastar.registry.tests.factories import (
    aigerim_neet_graduate,
    district,
    make_employer,
    make_vacancy,
    nurlan_student,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(django_capture_on_commit_callbacks: Any) -> Iterator[World]:
    with django_capture_on_commit_callbacks(execute=True):
        made = _world()
    # The matching run (a task run on commit) stored the other district's candidates.
    assert Match.objects.filter(vacancy=made.their_vacancy, person=made.theirs).exists()
    yield made
    forget_engine()


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    params: tuple[str, ...]


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            params = tuple(entry.pattern.regex.groupindex)
            yield Route(f"{namespace}{entry.name}", params)


def routes() -> list[Route]:
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns):
        seen.setdefault(route.name, route)
    return sorted(seen.values(), key=lambda r: r.name)


@dataclass
class World:
    worker: User  # case worker of Karasai
    employer_user: User  # login of employer A
    mine: Person  # in Karasai
    theirs: Person  # in Enbekshikazakh
    my_vacancy: Vacancy
    their_vacancy: Vacancy
    their_participation: Participation
    their_centre: Centre
    their_trader: Trader
    their_contract: Contract
    community_ids: dict[str, int]  # route parameter -> a record of the other district
    secrets: dict[str, list[str]]  # user name -> strings that must never reach them


def _world() -> World:
    mine = aigerim_neet_graduate(phone="+77010000001")
    theirs = nurlan_student(
        last_name="Zheldybayev", first_name="Temirlan", phone="+77019998877", status="unemployed"
    )
    employer_a = make_employer(name="Alpha Agro LLP")
    employer_b = make_employer(name="Bravo Logistics LLP", district=district("enbekshikazakh"))
    driver = Occupation.objects.get(code="8322")
    my_vacancy = make_vacancy(employer=employer_a, title_ru="Agronomist Alpha", occupation=driver)
    their_vacancy = make_vacancy(
        employer=employer_b, title_ru="Dispatcher Bravo", occupation=driver
    )
    placement_record(
        actor=None,
        person=theirs,
        start_date=date(2026, 5, 4),
        channel=PlacementChannel.OWN_INITIATIVE,
        employment_type=EmploymentType.PERMANENT,
        employer=employer_b,
    )
    person_update(actor=None, person=theirs, data={"phone": "+77019998877"})
    participation = applied(person=theirs, in_edition=open_edition("youth_practice"))
    person_update(actor=None, person=theirs, data={}, desired_occupations=[driver])
    person_update(actor=None, person=mine, data={}, desired_occupations=[driver])
    # Stored candidate lists, so candidate pages and endpoints have people to leak.
    forget_engine()
    match_run_start(actor=None, on=date(2026, 6, 15))
    worker = User.objects.create_user("worker-a", password="x-Long-pass-1")
    account_assign(actor=None, user=worker, role=Role.CASE_WORKER, district=district("karasai"))
    employer_user = User.objects.create_user("employer-a", password="x-Long-pass-1")
    account_assign(actor=None, user=employer_user, role=Role.EMPLOYER, employer=employer_a)
    # Community work of the other district: a youth centre their person visited, a market
    # where they trade under a contract.
    their_centre = kaskelen_centre(
        district=district("enbekshikazakh"), name_kk="Есік жастар орталығы", name_ru="Есик"
    )
    visit_record(
        actor=None,
        centre=their_centre,
        visited_on=date(2026, 5, 5),
        purpose="consultation",
        person=theirs,
    )
    market = make_market(district=district("enbekshikazakh"), name="Esik bazaar")
    their_trader = make_trader(market=market, person=theirs)
    their_contract = sign(their_trader, employer=employer_b)
    community_ids = _their_community_records(theirs)
    other_people = Person.objects.exclude(district=district("karasai"))
    person_secrets = [p.iin for p in other_people] + ["Zheldybayev", "+77019998877"]
    return World(
        worker=worker,
        employer_user=employer_user,
        mine=mine,
        theirs=theirs,
        my_vacancy=my_vacancy,
        their_vacancy=their_vacancy,
        their_participation=participation,
        their_centre=their_centre,
        their_trader=their_trader,
        their_contract=their_contract,
        community_ids=community_ids,
        secrets={
            "worker-a": person_secrets,
            "employer-a": [
                *person_secrets,
                mine.iin,
                "+77010000001",
                "Bravo Logistics",
                "Dispatcher Bravo",
                employer_b.bin,
            ],
        },
    )


def _their_community_records(theirs: Person) -> dict[str, int]:
    """A volunteer with hours, a certificate and an award; a talent reserve member; a prize
    application: all of the other district's person, named by route parameter."""
    organisation = kind_hearts("enbekshikazakh", name="Esik volunteers")
    event = clean_up(organisation, district=organisation.district)
    volunteer = volunteering.volunteer_register(
        actor=None, person=theirs, joined_on=date(2026, 5, 1)
    )
    log = logged(volunteer, event)
    volunteering.hours_confirm(actor=None, log=log)
    certificate = volunteering.certificate_issue(
        actor=None, volunteer=volunteer, period_from=date(2026, 1, 1), period_to=date(2026, 6, 1)
    )
    award = volunteering.award_nominate(
        actor=None,
        name_kk="Жыл еріктісі",
        name_ru="Волонтёр года",
        name_en="Volunteer of the Year",
        year=2026,
        level="regional",
        volunteer=volunteer,
    )
    intake = intake_2025()
    leadership, _education = criteria(intake)
    nomination = nominee(intake, theirs)
    talent.score_record(actor=None, nomination=nomination, criterion=leadership, score=8)
    (membership,) = talent.selection_decide(actor=None, intake=intake, starts_on=date(2025, 5, 1))
    call = zangar_2025()
    application = apply(call, theirs)
    return {
        "organisation_id": organisation.pk,
        "event_id": event.pk,
        "log_id": log.pk,
        "volunteer_id": volunteer.pk,
        "certificate_id": certificate.pk,
        "award_id": award.pk,
        "intake_id": intake.pk,
        "membership_id": membership.pk,
        "prize_id": call.prize_id,
        "call_id": call.pk,
        "application_id": application.pk,
    }


def _values(world: World) -> dict[str, Any]:
    """Route parameters, each naming a record outside the user's reach."""
    return {
        "person_id": world.theirs.pk,
        "vacancy_id": world.their_vacancy.pk,
        "participation_id": world.their_participation.pk,
        "employer_id": world.their_vacancy.employer_id,
        "object_id": world.theirs.pk,
        "pk": world.theirs.pk,
        "id": world.theirs.pk,
        "program_code": "youth_practice",
        "app_label": "registry",
        "content_type_id": 1,
        "run_id": 1,
        "followup_id": 1,
        "score_id": 1,
        "fmt": "csv",
        "centre_id": world.their_centre.pk,
        "market_id": world.their_trader.market_id,
        "trader_id": world.their_trader.pk,
        "contract_id": world.their_contract.pk,
        # Volunteering, talent reserve and prizes of the other district's person.
        **world.community_ids,
        "job_id": _their_job(world),
    }


def _their_job(world: World) -> int:
    """A background job of the other district (a matching shard), left queued."""
    from jastar.jobs.models import Job

    district = world.theirs.district
    job = Job.objects.create(
        kind="matching.shard", params={"run": 1, "district": district.code}, district=district
    )
    return job.pk


# Routes that would end the session midway (signing out, changing one's password) or only
# switch the language.
_SKIP = {
    "set_language",
    "web:logout",
    "admin:logout",
    "admin:password_change",
    "admin:view_on_site",
}


def _urls(world: World) -> list[tuple[str, str]]:
    values = _values(world)
    urls: list[tuple[str, str]] = []
    unknown: list[str] = []
    for route in routes():
        if route.name in _SKIP:
            continue
        missing = [p for p in route.params if p not in values]
        if missing:
            unknown.append(f"{route.name}: {missing}")
            continue
        try:
            url = reverse(route.name, kwargs={p: values[p] for p in route.params})
        except NoReverseMatch:
            continue  # e.g. a str parameter given an int it does not accept
        urls.append((route.name, url))
    assert not unknown, f"routes with parameters this check does not know: {unknown}"
    return urls


def _ask_everything(user: User, world: World) -> list[str]:
    client = Client()
    client.force_login(user)
    leaks: list[str] = []
    answered: list[str] = []
    secrets = world.secrets[user.username]
    urls = _urls(world)
    assert len(urls) > 60, "the walk found too few routes to be a real check"
    for name, url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code < 500, f"{method.upper()} {url} ({name}) failed"
            if method == "get" and response.status_code == 200:
                answered.append(name)
            body = response.content.decode("utf-8", "replace") if response.content else ""
            for secret in secrets:
                if secret and secret in body:
                    leaks.append(f"{method.upper()} {url} ({name}) shows {secret!r}")
    # Not vacuous: the user's own pages (lists, forms, the API's lists) did answer.
    print(f"{user.username}: {len(urls)} routes, {len(answered)} answered 200: {answered}")
    assert len(answered) >= 8, answered
    return leaks


class CaseWorkerScopeTests:
    def test_a_case_worker_gets_nothing_of_another_district_from_any_url(
        self, world: World
    ) -> None:
        before = world.theirs.version
        with translation.override("en"):
            leaks = _ask_everything(world.worker, world)
        assert leaks == []
        world.theirs.refresh_from_db()
        assert world.theirs.version == before
        assert not AuditEvent.objects.filter(
            actor=world.worker, target_type="registry.person", target_id=str(world.theirs.pk)
        ).exists()

    def test_the_same_walk_reaches_their_own_district(self, world: World) -> None:
        # The check above is not vacuous: the same user opens their own person's page.
        client = Client()
        client.force_login(world.worker)
        response = client.get(reverse("web:person", kwargs={"person_id": world.mine.pk}))
        assert response.status_code == 200
        assert world.mine.iin in response.content.decode()


class EmployerScopeTests:
    def test_an_employer_gets_nothing_of_another_employer_or_any_iin(self, world: World) -> None:
        before = world.their_vacancy.version
        with translation.override("en"):
            leaks = _ask_everything(world.employer_user, world)
        assert leaks == []
        world.their_vacancy.refresh_from_db()
        assert world.their_vacancy.version == before

    def test_the_same_walk_reaches_their_own_vacancy(self, world: World) -> None:
        client = Client()
        client.force_login(world.employer_user)
        url = reverse("web:employer-vacancy", kwargs={"vacancy_id": world.my_vacancy.pk})
        response = client.get(url)
        assert response.status_code == 200
        assert "Agronomist Alpha" in response.content.decode()
