"""Reads of the registry: lists, search, and status on any past date."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from jastar.core.identifiers import only_digits
from jastar.core.translit import search_key
from jastar.registry.models import (
    NEET_STATUSES,
    District,
    Person,
    PersonStatusChange,
    Placement,
)
from jastar.registry.rules import years_before


def district_find(name: str) -> District:
    """The district named by its code or by any of its names, in any script or spelling.

    "karasai", "Қарасай ауданы", "Карасайский район" and "Qarasai" all find Karasai.
    Raises ValidationError naming the input when no district, or more than one, matches.
    """
    wanted = search_key(name)
    if wanted:
        matches = [d for d in District.objects.all() if wanted in _district_keys(d)]
        if len(matches) == 1:
            return matches[0]
    raise ValidationError(
        _("Unknown district “%(name)s”.") % {"name": name}, code="unknown_district"
    )


def _district_keys(district: District) -> set[str]:
    names = (district.name_kk, district.name_ru, district.name_kk_latn, district.name_en)
    keys = {search_key(district.code)} | {search_key(n) for n in names}
    # Also the bare name without "ауданы", "район", "District", "City", "қаласы", "город".
    keys |= {" ".join(k.split()[:-1]) for k in keys if len(k.split()) > 1}
    keys |= {" ".join(k.split()[1:]) for k in keys if k.startswith("gorod ")}
    return keys


def person_list(
    *,
    district: District | None = None,
    status: str | None = None,
    neet: bool | None = None,
    query: str = "",
) -> QuerySet[Person]:
    """People filtered as in the registry list; ``query`` is an IIN or a name in any script."""
    people = Person.objects.select_related("district", "settlement", "education_level")
    if district is not None:
        people = people.filter(district=district)
    if status:
        people = people.filter(status=status)
    if neet is not None:
        people = people.filter(is_neet=neet)
    query = query.strip()
    if query:
        digits = only_digits(query)
        if digits and len(digits) == len(query.replace(" ", "")):
            people = people.filter(iin__startswith=digits)
        else:
            for word in search_key(query).split():
                people = people.filter(name_key__contains=word)
    return people


def person_get(person_id: int) -> Person | None:
    """One person with the relations their record shows, or None."""
    return person_list().filter(pk=person_id).first()


def status_on_subquery(on: date) -> Subquery:
    """The status in force on ``on`` for the outer Person row (None before any record)."""
    latest = PersonStatusChange.objects.filter(person=OuterRef("pk"), valid_from__lte=on)
    return Subquery(latest.order_by("-valid_from").values("status")[:1])


def youth_birth_bounds(on: date) -> tuple[date, date]:
    """Birth dates of youth (14–35) on ``on``: after the first, up to the second inclusive."""
    oldest = years_before(on, settings.JASTAR_YOUTH_MAX_AGE + 1)
    youngest = years_before(on, settings.JASTAR_YOUTH_MIN_AGE)
    return oldest, youngest


def youth_on(on: date, *, district: District | None = None) -> QuerySet[Person]:
    """People aged 14–35 on ``on`` who were in the registry then, with ``status_on``."""
    oldest, youngest = youth_birth_bounds(on)
    people = Person.objects.filter(birth_date__gt=oldest, birth_date__lte=youngest)
    if district is not None:
        people = people.filter(district=district)
    people = people.annotate(status_on=status_on_subquery(on))
    return people.filter(status_on__isnull=False)


def neet_count_on(on: date, *, district: District | None = None) -> int:
    """Young people who were NEET (ILO definition) on ``on``."""
    statuses = [s.value for s in NEET_STATUSES]
    youth = youth_on(on, district=district)
    # django-stubs cannot see fields added by annotate().
    return youth.filter(status_on__in=statuses).count()  # type: ignore[misc]


def person_status_on(person: Person, on: date) -> str | None:
    """The status ``person`` had on ``on``, or None before their first record."""
    change = (
        PersonStatusChange.objects.filter(person=person, valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )
    return change.status if change else None


def placements_by_channel(year: int) -> dict[str, int]:
    """Number of placements that started in ``year``, per channel."""
    rows = (
        Placement.objects.filter(start_date__year=year)
        .values("channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["channel"]: row["n"] for row in rows}
