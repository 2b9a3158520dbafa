"""The talent reserve of the synthetic demo region: the 2025 intake with about 60
nominations scored on four criteria, 25 members selected, their trainings, and 4 of them
appointed to leading posts (as in the office's report). Written through the services
(audited, validated); deterministic for a seed."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from jastar.community.talent import services
from jastar.community.talent.models import (
    Appointment,
    Criterion,
    Intake,
    Membership,
    Nomination,
    Score,
    Training,
)
from jastar.core.models import AuditEvent
from jastar.registry.models import Person

NOMINATIONS = 60
LEADING_POSTS = 4
OPENS, CLOSES, STARTS = date(2025, 2, 1), date(2025, 3, 31), date(2025, 5, 1)

CRITERIA = (
    ("Кәсіби біліктілік", "Профессиональная квалификация", "Professional competence", 3, 10),
    ("Көшбасшылық қасиеттер", "Лидерские качества", "Leadership", 2, 10),
    ("Білімі", "Образование", "Education", 1, 5),
    ("Қоғамдық белсенділік", "Общественная активность", "Civic engagement", 1, 5),
)
NOMINATORS = (
    "Аудан әкімдігі",
    "Облыстық жастар саясаты басқармасы",
    "«Жас Отан» жастар қанаты",
    "Облыстық денсаулық сақтау басқармасы",
    "Облыстық білім басқармасы",
    "«Атамекен» өңірлік кәсіпкерлер палатасы",
)
POSTS = ("Бас маман", "Жетекші маман", "Сарапшы", "Бөлім басшысының орынбасары")
TRAININGS = (
    ("Мемлекеттік басқару негіздері", "ҚР Президенті жанындағы Мемлекеттік басқару академиясы", 72),
    ("Жобаларды басқару", "Алматы облысы әкімдігінің оқу орталығы", 40),
    ("Цифрлық үкімет", "Astana Hub", 24),
    ("Көшбасшылық мектебі", "«Jas Project» ұлттық жобасы", 36),
)
LEADING = (
    ("Аудан әкімінің орынбасары", "Қарасай ауданының әкімдігі"),
    ("Жастар саясаты бөлімінің басшысы", "Балқаш ауданының әкімдігі"),
    ("Басқарма басшысының орынбасары", "Алматы облысының жастар саясаты басқармасы"),
    ("Ауылдық округ әкімі", "Кеген ауданының әкімдігі"),
)


def _day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, (last - first).days))


def _people(rng: random.Random) -> list[Person]:
    """Young specialists: people 22 to 35 years old at the intake, a fixed sample."""
    ids = list(
        Person.objects.filter(birth_date__range=(date(1990, 3, 1), date(2003, 2, 1)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chosen = sorted(rng.sample(ids, min(NOMINATIONS, len(ids))))
    return list(Person.objects.filter(pk__in=chosen).order_by("pk"))


def _intake(rng: random.Random, until: date) -> tuple[Intake, list[Nomination]]:
    intake = services.intake_create(
        actor=None,
        year=2025,
        title="Жас мамандардың өңірлік кадр резерві – 2025",
        opens_on=OPENS,
        closes_on=CLOSES,
        places=25,
    )
    criteria = [
        services.criterion_add(
            actor=None, intake=intake, name_kk=kk, name_ru=ru, name_en=en, weight=w, max_score=m
        )
        for kk, ru, en, w, m in CRITERIA
    ]
    nominations = []
    for person in _people(rng):
        nominated_on = _day(rng, OPENS, CLOSES)
        if nominated_on > until:
            continue
        nomination = services.nominate(
            actor=None,
            intake=intake,
            person=person,
            nominated_by=rng.choice(NOMINATORS),
            nominated_on=nominated_on,
            position=rng.choice(POSTS),
        )
        nominations.append(nomination)
        if until >= CLOSES:
            for criterion in criteria:
                score = rng.randint(criterion.max_score // 3, criterion.max_score)
                services.score_record(
                    actor=None, nomination=nomination, criterion=criterion, score=score
                )
    return intake, nominations


def _after_selection(rng: random.Random, members: list[Membership], until: date) -> None:
    for membership in members:
        if rng.random() < 0.6:
            title, provider, hours = rng.choice(TRAININGS)
            completed_on = _day(rng, date(2025, 6, 1), date(2025, 11, 30))
            if completed_on <= until:
                services.training_record(
                    actor=None,
                    membership=membership,
                    title=title,
                    provider=provider,
                    completed_on=completed_on,
                    hours=hours,
                )
    for membership, (post, organisation) in zip(
        rng.sample(members, min(LEADING_POSTS, len(members))), LEADING, strict=False
    ):
        appointed_on = _day(rng, date(2025, 8, 1), date(2025, 12, 15))
        if appointed_on <= until:
            services.appointment_record(
                actor=None,
                membership=membership,
                post=post,
                organisation=organisation,
                appointed_on=appointed_on,
                leading_post=True,
            )


@transaction.atomic
def demo_load(*, seed: int, until: date) -> dict[str, int]:
    """Write the demo reserve (only what is dated up to ``until``); counts by table."""
    rng = random.Random(f"talent-{seed}")  # noqa: S311 (synthetic data, not secrets)
    if until < OPENS:
        return {}
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    intake, nominations = _intake(rng, until)
    if until >= STARTS and nominations:
        members = services.selection_decide(actor=None, intake=intake, starts_on=STARTS)
        _after_selection(rng, members, until)
    # Written through the services, so validated; but, like every demo table, generated
    # rows carry no audit trail (no user did anything), and the log stays the users' own.
    AuditEvent.objects.filter(pk__gt=before, target_type__startswith="talent.").delete()
    return {
        "talent.intake": Intake.objects.count(),
        "talent.nomination": Nomination.objects.count(),
        "talent.score": Score.objects.count(),
        "talent.membership": Membership.objects.count(),
        "talent.training": Training.objects.count(),
        "talent.appointment": Appointment.objects.count(),
    }


@transaction.atomic
def demo_unload() -> int:
    """Delete every row of the talent reserve; the number deleted."""
    deleted = 0
    for model in (Appointment, Training, Membership, Score, Nomination, Criterion, Intake):
        count, _by_model = model.objects.all().delete()
        deleted += count
    return deleted
