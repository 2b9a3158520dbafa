"""Synthetic prizes and grants for the demo region: the "Täuelsızdık ūrpaqtary" grants and
the "Zañğar" prize with their 2025 calls, applications from demo people, jury scores,
winners and amounts.

Rows are written directly (not through the services) so the demo loads fast; the winners
come from the same pure ranking the services use. The jury is three synthetic juror
logins without a password (``demo-juror-1`` … ``-3``), removed with the demo.
(The "Bastau Business" grant is a program of :mod:`jastar.programs`, not repeated here.)
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Final

from django.contrib.auth.models import User
from django.db import transaction

from jastar.community.prizes.models import (
    Application,
    Award,
    Call,
    CallStatus,
    JuryScore,
    Prize,
    PrizeApplicationStatus,
    PrizeKind,
)
from jastar.community.prizes.ranking import Candidate, rank_candidates, winners_of
from jastar.registry.models import Person, YearlyRates
from jastar.registry.rules import age_on, years_before

JURORS: Final = ("demo-juror-1", "demo-juror-2", "demo-juror-3")
Status = PrizeApplicationStatus


@dataclass(frozen=True)
class DemoCall:
    code: str
    name_kk: str
    name_ru: str
    name_en: str
    kind: str
    opens_on: date
    closes_on: date
    decided_on: date
    places: int
    amount_mrp: Decimal
    applications: int
    categories: tuple[str, ...]


CALLS: Final = (
    DemoCall(
        "tauelsizdik",
        "«Тәуелсіздік ұрпақтары» гранты",
        "Грант «Поколение Независимости»",
        "Täuelsızdık ūrpaqtary grant",
        PrizeKind.GRANT,
        date(2025, 2, 1),
        date(2025, 4, 30),
        date(2025, 5, 30),
        10,
        Decimal("300"),
        48,
        ("Ғылым", "Білім", "Әлеуметтік жоба", "IT"),
    ),
    DemoCall(
        "zangar",
        "«Заңғар» жастар сыйлығы",
        "Молодёжная премия «Заңғар»",
        "Zañğar youth prize",
        PrizeKind.PRIZE,
        date(2025, 6, 1),
        date(2025, 9, 30),
        date(2025, 11, 14),
        5,
        Decimal("100"),
        30,
        ("Мәдениет", "Спорт", "Еріктілік", "Кәсіпкерлік"),
    ),
)
PROJECTS: Final = (
    "Ауыл жастарына арналған коворкинг",
    "Мектеп оқушыларына робототехника",
    "Экологиялық акция «Таза өзен»",
    "Жастар театры",
    "Мобильді қосымша: аудан вакансиялары",
    "Қолөнер шеберханасы",
    "Спорт алаңы жобасы",
    "Ерікті жастар орталығы",
)
REJECTED: Final = "Өтінім талаптарға сай емес"


def _jurors() -> list[User]:
    jurors = []
    for username in JURORS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        jurors.append(user)
    return jurors


def _applicants(rng: random.Random, spec: DemoCall, count: int) -> list[tuple[int, int, date]]:
    """(person, district, submitted on) for ``count`` young people of the right age."""
    rows = Person.objects.filter(
        birth_date__gt=years_before(spec.opens_on, 36),
        birth_date__lte=years_before(spec.opens_on, 14),
    ).order_by("pk")
    people = list(rows.values_list("pk", "district_id", "birth_date")[:5000])
    chosen = rng.sample(people, min(count, len(people)))
    days = (spec.closes_on - spec.opens_on).days
    found = []
    for pk, district_id, birth_date in chosen:
        on = spec.opens_on + timedelta(days=rng.randint(0, days))
        if 14 <= age_on(birth_date, on) <= 35:
            found.append((pk, district_id, on))
    return found


def _load_call(
    rng: random.Random, spec: DemoCall, until: date, jurors: list[User]
) -> dict[str, int]:
    if spec.opens_on > until:
        return {}
    prize = Prize.objects.create(
        code=spec.code,
        name_kk=spec.name_kk,
        name_ru=spec.name_ru,
        name_en=spec.name_en,
        kind=spec.kind,
    )
    decided = spec.decided_on <= until
    judging = spec.closes_on < until
    status = CallStatus.DECIDED if decided else CallStatus.JUDGING if judging else CallStatus.OPEN
    call = Call.objects.create(
        prize=prize,
        year=spec.opens_on.year,
        opens_on=spec.opens_on,
        closes_on=spec.closes_on,
        places=spec.places,
        amount_mrp=spec.amount_mrp,
        status=status,
    )
    applications = _write_applications(rng, spec, call, until, judging)
    scores = _write_scores(rng, applications, jurors, spec.closes_on) if judging else []
    awards = _write_awards(spec, call, applications, scores, until) if decided else []
    return {
        "prizes.Prize": 1,
        "prizes.Call": 1,
        "prizes.Application": len(applications),
        "prizes.JuryScore": len(scores),
        "prizes.Award": len(awards),
    }


def _write_applications(
    rng: random.Random, spec: DemoCall, call: Call, until: date, screened: bool
) -> list[Application]:
    rows = []
    for person_id, district_id, on in _applicants(rng, spec, spec.applications):
        if on > until:
            continue
        rejected = screened and rng.random() < 0.15
        status = Status.REJECTED if rejected else Status.ELIGIBLE if screened else Status.SUBMITTED
        rows.append(
            Application(
                call=call,
                person_id=person_id,
                district_id=district_id,
                submitted_on=on,
                project_title=rng.choice(PROJECTS),
                summary=rng.choice(PROJECTS),
                category=rng.choice(spec.categories),
                status=status,
                reject_reason=REJECTED if rejected else "",
                screened_on=spec.closes_on + timedelta(days=3) if screened else None,
            )
        )
    return Application.objects.bulk_create(rows)


def _write_scores(
    rng: random.Random, applications: list[Application], jurors: list[User], closed: date
) -> list[JuryScore]:
    rows = []
    for application in applications:
        if application.status != Status.ELIGIBLE:
            continue
        merit = rng.randint(45, 90)
        marks = [max(0, min(100, merit + rng.randint(-8, 8))) for _ in jurors]
        rows += [
            JuryScore(
                application=application,
                juror=juror,
                score=mark,
                scored_on=closed + timedelta(days=10),
            )
            for juror, mark in zip(jurors, marks, strict=True)
        ]
        application.jurors = len(marks)
        application.score_mean = (Decimal(sum(marks)) / len(marks)).quantize(Decimal("0.01"))
    Application.objects.bulk_update(applications, ["jurors", "score_mean"])
    return JuryScore.objects.bulk_create(rows)


def _write_awards(
    spec: DemoCall,
    call: Call,
    applications: list[Application],
    scores: list[JuryScore],
    until: date,
) -> list[Award]:
    marks: dict[int, list[int]] = {}
    for row in scores:
        marks.setdefault(row.application_id, []).append(row.score)
    candidates = [
        Candidate(a.pk, a.submitted_on, tuple(marks.get(a.pk, ())))
        for a in applications
        if a.status == Status.ELIGIBLE
    ]
    chosen = winners_of(rank_candidates(candidates, min_jurors=call.min_jurors), call.places)
    rates = YearlyRates.objects.filter(year=call.year).first()
    if rates is None:
        return []
    amount = rates.mrp_to_tenge(float(spec.amount_mrp))
    paid = spec.decided_on + timedelta(days=21)
    awards = Award.objects.bulk_create(
        Award(
            application_id=ranked.application_id,
            rank=ranked.rank,
            amount_mrp=spec.amount_mrp,
            amount_tenge=amount,
            decided_on=spec.decided_on,
            paid_on=paid if paid <= until else None,
        )
        for ranked in chosen
    )
    won = [ranked.application_id for ranked in chosen]
    eligible = Application.objects.filter(call=call, status=Status.ELIGIBLE)
    eligible.filter(pk__in=won).update(status=Status.WINNER)
    eligible.exclude(pk__in=won).update(status=Status.NOT_SELECTED)
    Call.objects.filter(pk=call.pk).update(budget_tenge=amount * call.places)
    return awards


@transaction.atomic
def demo_load(*, seed: int, until: date) -> dict[str, int]:
    """Write the demo's prizes, 2025 calls, applications, scores and winners; counts by table."""
    rng = random.Random(seed)  # noqa: S311 (synthetic demo data, not secrets)
    jurors = _jurors()
    counts: dict[str, int] = {}
    for spec in CALLS:
        for table, n in _load_call(rng, spec, until, jurors).items():
            counts[table] = counts.get(table, 0) + n
    return counts


@transaction.atomic
def demo_unload() -> int:
    """Delete every row of the prizes tables and the demo jurors; the number deleted."""
    deleted = 0
    for model in (Award, JuryScore, Application, Call, Prize):
        deleted += model.objects.all().delete()[0]
    User.objects.filter(username__in=JURORS).delete()
    return deleted
