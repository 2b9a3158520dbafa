"""Named records for volunteering tests."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from jastar.community.volunteering import services
from jastar.community.volunteering.models import HoursLog, Organisation, Volunteer, VolunteerEvent
from jastar.registry.tests.factories import aigerim_neet_graduate, district

ALMATY = ZoneInfo("Asia/Almaty")


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=ALMATY)


def kind_hearts(code: str = "karasai", **overrides: Any) -> Organisation:
    """A volunteer organisation of Karasai district."""
    values: dict[str, Any] = {"name": "Мейірім жүректер", "district": district(code)}
    values.update(overrides)
    return services.organisation_create(actor=None, **values)


def clean_up(organisation: Organisation, **overrides: Any) -> VolunteerEvent:
    """A river-bank clean-up on 10 May 2026."""
    values: dict[str, Any] = {
        "organisation": organisation,
        "title": "Өзен жағасын тазалау",
        "starts_at": at(2026, 5, 10, 9),
        "ends_at": at(2026, 5, 10, 17),
        "place": "Қаскелең өзені",
        "places": 30,
    }
    values.update(overrides)
    return services.event_create(actor=None, **values)


def aigerim_volunteer(**overrides: Any) -> Volunteer:
    person = aigerim_neet_graduate(**overrides)
    return services.volunteer_register(actor=None, person=person, joined_on=person.registered_on)


def logged(volunteer: Volunteer, event: VolunteerEvent, hours: str = "6", **kw: Any) -> HoursLog:
    values: dict[str, Any] = {"worked_on": event.starts_at.date()}
    values.update(kw)
    return services.hours_log(
        actor=None, volunteer=volunteer, event=event, hours=Decimal(hours), **values
    )
