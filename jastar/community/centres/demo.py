"""Synthetic youth centres of the demo region, echoing the office's reports: youth centres
opened in Balkhash, Kegen, Raiymbek and Karasai districts, a coworking centre in Konaev,
and four centres planned in Enbekshikazakh and Uighur districts (two each). Events and
visits (by the district's demo people, and counts of visitors not named) are made up.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any, Final

from jastar.community.centres.models import (
    Audience,
    Centre,
    CentreEvent,
    CentreKind,
    CentreStatus,
    Visit,
    VisitPurpose,
)
from jastar.registry.models import District, Person

# (district code, kind, open?, name kk, name ru, name en, places)
CENTRES: Final = (
    ("balkhash", CentreKind.YOUTH_CENTRE, True, "Балқаш аудандық жастар орталығы",
     "Молодёжный центр Балхашского района", "Balkhash District Youth Centre", 45),
    ("kegen", CentreKind.YOUTH_CENTRE, True, "Кеген аудандық жастар орталығы",
     "Молодёжный центр Кегенского района", "Kegen District Youth Centre", 35),
    ("raiymbek", CentreKind.YOUTH_CENTRE, True, "Райымбек аудандық жастар орталығы",
     "Молодёжный центр Райымбекского района", "Raiymbek District Youth Centre", 40),
    ("karasai", CentreKind.YOUTH_CENTRE, True, "Қарасай аудандық жастар орталығы",
     "Молодёжный центр Карасайского района", "Karasai District Youth Centre", 80),
    ("konaev", CentreKind.COWORKING, True, "Қонаев жастар коворкингі",
     "Молодёжный коворкинг Конаева", "Konaev Youth Coworking", 60),
    ("enbekshikazakh", CentreKind.YOUTH_CENTRE, False, "Есік жастар орталығы",
     "Молодёжный центр Есика", "Esik Youth Centre", 50),
    ("enbekshikazakh", CentreKind.COWORKING, False, "Түрген жастар коворкингі",
     "Молодёжный коворкинг Тургеня", "Turgen Youth Coworking", 30),
    ("uighur", CentreKind.YOUTH_CENTRE, False, "Шонжы жастар орталығы",
     "Молодёжный центр Чунджи", "Shonzhy Youth Centre", 50),
    ("uighur", CentreKind.YOUTH_CENTRE, False, "Кетпен ауылдық жастар орталығы",
     "Сельский молодёжный центр Кетпена", "Ketpen Rural Youth Centre", 25),
)  # fmt: skip

EVENTS: Final = (
    ("Жастар форумы", Audience.YOUTH, "Аудан әкімдігі"),
    ("Бизнес бастау тренингі", Audience.ENTREPRENEURS, "«Атамекен» палатасы"),
    ("Мансап күні", Audience.NEET, "Халықты жұмыспен қамту орталығы"),
    ("IT-мектеп: бағдарламалау негіздері", Audience.TEENS, "Жергілікті колледж"),
    ("Волонтерлер кездесуі", Audience.EVERYONE, "Жастар ресурстық орталығы"),
    ("Түйіндеме жазу шеберханасы", Audience.NEET, "Еңбек мобильділігі орталығы"),
)
OPENED_IN: Final = 2024
PURPOSES: Final = (VisitPurpose.CONSULTATION, VisitPurpose.TRAINING, VisitPurpose.LEISURE)


def demo_load(*, seed: int, until: date) -> dict[str, int]:
    """Centres, events and visits of the demo region; districts not loaded are skipped."""
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not secrets)
    districts = {d.code: d for d in District.objects.all()}
    centres: list[Centre] = []
    for code, kind, is_open, name_kk, name_ru, name_en, places in CENTRES:
        if code not in districts:
            continue
        # The office reported these centres open early in 2025: opened during 2024.
        opened = min(date(OPENED_IN, rng.randint(2, 11), 1), until) if is_open else None
        centres.append(
            Centre(
                district=districts[code],
                kind=kind,
                status=CentreStatus.OPEN if is_open else CentreStatus.PLANNED,
                name_kk=name_kk,
                name_ru=name_ru,
                name_en=name_en,
                capacity=places,
                opened_on=opened,
                planned_on=None if is_open else date(until.year + 1, rng.choice((3, 6, 9)), 1),
            )
        )
    Centre.objects.bulk_create(centres)
    events = _events(rng, [c for c in centres if c.opened_on], until)
    visits = _visits(rng, events, [c for c in centres if c.opened_on], until)
    return {"centres.Centre": len(centres), "centres.CentreEvent": len(events),
            "centres.Visit": len(visits)}  # fmt: skip


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _events(rng: random.Random, centres: list[Centre], until: date) -> list[CentreEvent]:
    made = []
    for centre in centres:
        assert centre.opened_on is not None  # noqa: S101 (open centres only)
        for title, audience, partner in rng.sample(EVENTS, rng.randint(3, len(EVENTS))):
            made.append(
                CentreEvent(
                    centre=centre,
                    title=title,
                    held_on=_day_between(rng, centre.opened_on, until),
                    audience=audience,
                    partners=partner,
                    anonymous_participants=rng.randint(10, 60),
                )
            )
    return CentreEvent.objects.bulk_create(made)


def _visits(
    rng: random.Random, events: list[CentreEvent], centres: list[Centre], until: date
) -> list[Visit]:
    made: dict[tuple[Any, ...], Visit] = {}
    for centre in centres:
        assert centre.opened_on is not None  # noqa: S101
        people = list(
            Person.objects.filter(district=centre.district, registered_on__lte=until)
            .order_by("pk")
            .values_list("pk", flat=True)[:400]
        )
        mine = [e for e in events if e.centre_id == centre.pk]
        for person_id in rng.sample(people, min(len(people), rng.randint(15, 40))):
            for _ in range(rng.randint(1, 3)):
                event = rng.choice(mine) if mine and rng.random() < 0.4 else None
                day = event.held_on if event else _day_between(rng, centre.opened_on, until)
                purpose = VisitPurpose.EVENT if event else rng.choice(PURPOSES)
                key: tuple[Any, ...] = (centre.pk, person_id, day, event.pk if event else None)
                made.setdefault(
                    key,
                    Visit(centre=centre, person_id=person_id, visited_on=day, event=event,
                          purpose=purpose),
                )  # fmt: skip
        for _ in range(rng.randint(5, 12)):
            day = _day_between(rng, centre.opened_on, until)
            key = (centre.pk, None, day, VisitPurpose.LEISURE)
            made.setdefault(
                key,
                Visit(centre=centre, visited_on=day, anonymous_count=rng.randint(3, 25),
                      purpose=VisitPurpose.LEISURE),
            )  # fmt: skip
    return Visit.objects.bulk_create(made.values())


def demo_unload() -> int:
    """Delete every row of this part's tables; the number deleted."""
    deleted = Visit.objects.all().delete()[0]
    deleted += CentreEvent.objects.all().delete()[0]
    deleted += Centre.objects.all().delete()[0]
    return deleted
