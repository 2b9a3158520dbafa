"""The demo logins created with the synthetic demo region: one per role."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

DEMO_USERNAME = "demo"
# Printed by ``jastar demo``; the accounts exist only beside synthetic data.
DEMO_PASSWORD = "jastar-demo"  # noqa: S105
# The district the case worker and the young person of the demo belong to.
DEMO_DISTRICT = "karasai"


def _user(username: str, *, superuser: bool = False) -> User:
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(username=username)
    user.is_staff = superuser
    user.is_superuser = superuser
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def demo_user_ensure() -> list[tuple[str, str]]:
    """Create (or reset) the demo logins; returns (user name, what it is) for each.

    ``demo`` is an administrator; ``demo-caseworker`` works in Karasai district,
    ``demo-officer`` and ``demo-analyst`` see the region, ``demo-employer`` is the login of
    the Karasai employer with the most open vacancies, ``demo-youth`` a NEET young person
    of Karasai. Logins whose record is missing (an empty registry) are skipped.
    """
    from django.db.models import Count, Q

    from jastar.accounts.models import Role
    from jastar.accounts.services import account_assign
    from jastar.registry.models import District, Employer, Person, VacancyStatus

    made = [(DEMO_USERNAME, "administrator")]
    _user(DEMO_USERNAME, superuser=True)
    district = District.objects.filter(code=DEMO_DISTRICT).first()
    if district is None:
        return made
    for username, role in (
        ("demo-caseworker", Role.CASE_WORKER),
        ("demo-officer", Role.REGIONAL_OFFICER),
        ("demo-analyst", Role.ANALYST),
    ):
        account_assign(actor=None, user=_user(username), role=role, district=district)
        made.append((username, str(role.label)))
    employer = (
        Employer.objects.filter(district=district)
        .annotate(open=Count("vacancies", filter=Q(vacancies__status=VacancyStatus.OPEN)))
        .order_by("-open", "id")
        .first()
    )
    if employer is not None:
        user = _user("demo-employer")
        account_assign(actor=None, user=user, role=Role.EMPLOYER, employer=employer)
        made.append(("demo-employer", f"{Role.EMPLOYER.label}: {employer.name}"))
    person = Person.objects.filter(account__user__username="demo-youth").first() or (
        Person.objects.filter(district=district, is_neet=True, account__isnull=True)
        .order_by("id")
        .first()
    )
    if person is not None:
        user = _user("demo-youth")
        account_assign(actor=None, user=user, role=Role.YOUTH, person=person)
        made.append(("demo-youth", str(Role.YOUTH.label)))
    return made
