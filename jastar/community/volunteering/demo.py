"""Synthetic volunteering of the demo region, echoing the office's reports: five
organisations got the international "Volunteer of the Year" award in 2025, and the region
won "Most caring region" in the "Igi ister" marathon."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Final

from django.db import transaction
from django.utils import timezone

from jastar.community.volunteering.models import (
    Award,
    AwardLevel,
    AwardStatus,
    Certificate,
    HoursLog,
    HoursStatus,
    Organisation,
    Volunteer,
    VolunteerEvent,
    VolunteerTask,
)
from jastar.registry.models import District, Person

ORGANISATIONS: Final = (
    "Мейірім жүректер",
    "Жастар еріктілері",
    "Ізгі ниет",
    "Qamqor Jastar",
    "Көмек қолы",
    "Жасыл өлке",
    "Бірлік еріктілері",
    "Шапағат",
    "Aq Niet",
    "Болашақ еріктілері",
)
HEADQUARTERS: Final = "Алматы облысының еріктілер штабы"
EVENTS: Final = ("Өзен жағасын тазалау", "Қарттарға көмек", "Ағаш отырғызу", "Igi ister марафоны")
TASKS: Final = ("Тіркеу", "Ұйымдастыру", "Көмек")


@transaction.atomic
def demo_load(*, seed: int, until: date) -> dict[str, int]:
    """Synthetic organisations, volunteers, events, hours, certificates and awards."""
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not secrets)
    districts = list(District.objects.order_by("code"))
    people = list(
        Person.objects.order_by("pk").values_list("pk", "district_id", "birth_date")[:200]
    )
    if not districts:
        return {}
    organisations = Organisation.objects.bulk_create(
        Organisation(name=name, district=districts[i % len(districts)], contact="+7 727 000 00 00")
        for i, name in enumerate((*ORGANISATIONS, HEADQUARTERS))
    )
    events: list[VolunteerEvent] = []
    for organisation in organisations:
        for title in rng.sample(EVENTS, 3):
            day = until - timedelta(days=rng.randint(-30, 500))
            start = timezone.make_aware(datetime.combine(day, time(10)))
            events.append(
                VolunteerEvent(
                    organisation=organisation,
                    title=title,
                    starts_at=start,
                    ends_at=start + timedelta(hours=6),
                    place=title,
                    district=organisation.district,
                    is_public=True,
                    places=rng.choice((None, 20, 40)),
                )
            )
    events = VolunteerEvent.objects.bulk_create(events)
    tasks = VolunteerTask.objects.bulk_create(
        VolunteerTask(event=event, title=title, planned_hours=Decimal(4))
        for event in events
        for title in TASKS
    )
    volunteers = Volunteer.objects.bulk_create(
        Volunteer(
            person_id=pk,
            joined_on=max(born + timedelta(days=16 * 365), until - timedelta(days=600)),
        )
        for pk, _district, born in people[: max(len(people) * 2 // 3, 0)]
    )
    past = [event for event in events if timezone.localtime(event.starts_at).date() <= until]
    logs: list[HoursLog] = []
    for volunteer in volunteers:
        for event in rng.sample(past, min(len(past), rng.randint(1, 3))):
            status = HoursStatus.CONFIRMED if rng.random() < 0.8 else rng.choice(list(HoursStatus))
            logs.append(
                HoursLog(
                    volunteer=volunteer,
                    event=event,
                    worked_on=timezone.localtime(event.starts_at).date(),
                    hours=Decimal(rng.randint(2, 8)),
                    status=status,
                    confirmed_at=event.ends_at if status != HoursStatus.LOGGED else None,
                )
            )
    logs = HoursLog.objects.bulk_create(logs)
    Volunteer.organisations.through.objects.bulk_create(
        {
            (log.volunteer_id, log.event.organisation_id): Volunteer.organisations.through(
                volunteer_id=log.volunteer_id, organisation_id=log.event.organisation_id
            )
            for log in logs
        }.values()
    )
    certificates = _certificates(logs, until)
    awards = _awards(organisations)
    return {
        "volunteering.organisation": len(organisations),
        "volunteering.volunteerevent": len(events),
        "volunteering.volunteertask": len(tasks),
        "volunteering.volunteer": len(volunteers),
        "volunteering.hourslog": len(logs),
        "volunteering.certificate": certificates,
        "volunteering.award": awards,
    }


def _certificates(logs: list[HoursLog], until: date) -> int:
    """One certificate for each volunteer with confirmed hours in the past year."""
    start = until - timedelta(days=365)
    hours: dict[int, Decimal] = {}
    for log in logs:
        if log.status == HoursStatus.CONFIRMED and start <= log.worked_on <= until:
            hours[log.volunteer_id] = hours.get(log.volunteer_id, Decimal(0)) + log.hours
    rows = Certificate.objects.bulk_create(
        Certificate(
            volunteer_id=volunteer_id,
            number=f"VC-{until.year}-{i:05d}",
            issued_on=until,
            period_from=start,
            period_to=until,
            hours=total,
        )
        for i, (volunteer_id, total) in enumerate(sorted(hours.items()), start=1)
    )
    return len(rows)


def _awards(organisations: list[Organisation]) -> int:
    """The five "Volunteer of the Year" organisations of 2025 and "Most caring region"."""
    rows = [
        Award(
            name_kk="Жыл еріктісі",
            name_ru="Волонтёр года",
            name_en="Volunteer of the Year",
            year=2025,
            level=AwardLevel.INTERNATIONAL,
            status=AwardStatus.AWARDED,
            organisation=organisation,
            district_id=organisation.district_id,
            awarded_on=date(2025, 12, 5),
        )
        for organisation in organisations[:5]
    ]
    rows.append(
        Award(
            name_kk="«Ізгі істер» марафоны: ең қамқор өңір",
            name_ru="Марафон «Игі істер»: самый заботливый регион",
            name_en="“Igi ister” marathon: Most caring region",
            year=2025,
            level=AwardLevel.NATIONAL,
            status=AwardStatus.AWARDED,
            organisation=organisations[-1],
            awarded_on=date(2025, 12, 5),
        )
    )
    return len(Award.objects.bulk_create(rows))


@transaction.atomic
def demo_unload() -> int:
    """Delete every volunteering row; returns how many were deleted."""
    deleted = 0
    for model in (
        Award,
        Certificate,
        HoursLog,
        VolunteerTask,
        VolunteerEvent,
        Volunteer,
        Organisation,
    ):
        deleted += model.objects.all().delete()[0]
    return deleted
