"""Who may see what: the one place pages, exports and the API ask.

A user's **scope** follows from their role (``jastar.accounts.models.Account``):

| role | people | personal data | employers, vacancies |
|---|---|---|---|
| administrator, regional officer | every district | yes | all |
| analyst | every district | no: de-identified | all (read) |
| case worker | own district only | yes | all (read); edits in own district |
| employer | none, only candidates proposed (names, no IIN) | no | own employer only |
| young person | own record | own record | open vacancies |

Staff users without an account (made with ``createsuperuser`` or in the administration)
act region-wide: a superuser sees everything, other staff what their Django permissions
allow. Everyone else without an account sees no one.

Every query of access-controlled rows goes through the ``*_for`` helpers here; pages, the
API and exports never filter by role themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, overload

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, PermissionsMixin
from django.db.models import Model, Q, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from jastar.registry.models import Employer, Person, Placement, Vacancy

PERSONAL_DATA_PERMISSION = "registry.view_personal_data"
IMPORT_PERMISSION = "bulk.add_importjob"
IMPORTS_VIEW_PERMISSION = "bulk.view_importjob"

AnyUser = AbstractBaseUser | AnonymousUser | None
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Scope:
    """What one user may reach. ``district_id`` None with ``all_districts`` means everywhere."""

    role: str = ""
    all_districts: bool = False
    district_id: int | None = None
    employer_id: int | None = None
    person_id: int | None = None
    personal_data: bool = False
    # May register, edit and record for people in scope (not only read).
    edits_people: bool = False
    # May create and edit vacancies and employers in scope.
    edits_vacancies: bool = False

    @property
    def is_staff_side(self) -> bool:
        """Office staff (not an employer's or a young person's own login)."""
        return self.all_districts or self.district_id is not None


NOBODY = Scope()


def _has_perm(user: AnyUser, permission: str) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return isinstance(user, PermissionsMixin) and user.has_perm(permission)


def _account(user: AbstractBaseUser) -> Any:
    from jastar.accounts.models import Account

    cached = getattr(user, "_jastar_account", False)
    if cached is False:
        cached = Account.objects.filter(user_id=user.pk).first()
        user._jastar_account = cached  # type: ignore[attr-defined]
    return cached


def scope_of(user: AnyUser) -> Scope:
    """The scope of ``user`` (cached on the user object for the request)."""
    from jastar.accounts.models import Role

    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    account = _account(user)
    if account is None:
        if getattr(user, "is_superuser", False):
            return Scope(
                "administrator", True, personal_data=True, edits_people=True, edits_vacancies=True
            )
        if getattr(user, "is_staff", False):
            personal = _has_perm(user, PERSONAL_DATA_PERMISSION)
            return Scope(
                "staff",
                True,
                personal_data=personal,
                edits_people=personal,
                edits_vacancies=_has_perm(user, "registry.change_vacancy"),
            )
        return NOBODY
    role = account.role
    if role in (Role.ADMINISTRATOR, Role.REGIONAL_OFFICER):
        return Scope(role, True, personal_data=True, edits_people=True, edits_vacancies=True)
    if role == Role.ANALYST:
        return Scope(role, True)
    if role == Role.CASE_WORKER:
        return Scope(
            role,
            district_id=account.district_id,
            personal_data=True,
            edits_people=True,
            edits_vacancies=True,
        )
    if role == Role.EMPLOYER:
        return Scope(role, employer_id=account.employer_id, edits_vacancies=True)
    if role == Role.YOUTH:
        return Scope(role, person_id=account.person_id, personal_data=True)
    return NOBODY


# --- People --------------------------------------------------------------------------------


def people_filter(scope: Scope, prefix: str = "") -> Q:
    """The condition on a person (``prefix`` leads to it, e.g. ``"person__"``) for ``scope``."""
    if scope.all_districts:
        return Q()
    if scope.district_id is not None:
        return Q(**{f"{prefix}district_id": scope.district_id})
    if scope.person_id is not None:
        return Q(**{f"{prefix}pk" if prefix == "" else f"{prefix}id": scope.person_id})
    return Q(pk__in=[])


@overload
def people_for(user: AnyUser) -> QuerySet[Person]: ...
@overload
def people_for(user: AnyUser, people: QuerySet[M]) -> QuerySet[M]: ...
def people_for(user: AnyUser, people: QuerySet[Any] | None = None) -> QuerySet[Any]:
    """The people ``user`` may reach, narrowing ``people`` (all people by default)."""
    from jastar.registry.models import Person

    rows: QuerySet[Any] = people if people is not None else Person.objects.all()
    return rows.filter(people_filter(scope_of(user)))


@overload
def person_for(user: AnyUser, person_id: int | str) -> Person: ...
@overload
def person_for(user: AnyUser, person_id: int | str, people: QuerySet[M]) -> M: ...
def person_for(user: AnyUser, person_id: int | str, people: QuerySet[Any] | None = None) -> Any:
    """One person ``user`` may reach, or 404 (the same answer as for a missing record)."""
    rows = people_for(user) if people is None else people_for(user, people)
    found = rows.filter(pk=person_id).first()
    if found is None:
        raise Http404
    return found


def can_reach_person(user: AnyUser, person: Model) -> bool:
    scope = scope_of(user)
    if scope.all_districts:
        return True
    if scope.district_id is not None:
        return getattr(person, "district_id", None) == scope.district_id
    return scope.person_id is not None and scope.person_id == person.pk


def can_edit_person(user: AnyUser, person: Model) -> bool:
    """Register, edit, record status, enrol and place: case workers in their district and up."""
    return scope_of(user).edits_people and can_reach_person(user, person)


def can_see_personal_data(user: AnyUser, person: Model | None = None) -> bool:
    """Whether ``user`` may see IINs, names and contacts (of ``person``, when given)."""
    if person is None:
        scope = scope_of(user)
        return scope.personal_data and scope.is_staff_side
    return scope_of(user).personal_data and can_reach_person(user, person)


def related_to_people_for(
    user: AnyUser, rows: QuerySet[M], prefix: str = "person__"
) -> QuerySet[M]:
    """Rows about a person (participations, placements, …) whose person ``user`` may reach."""
    return rows.filter(people_filter(scope_of(user), prefix))


# --- Employers and vacancies ----------------------------------------------------------------


@overload
def employers_for(user: AnyUser) -> QuerySet[Employer]: ...
@overload
def employers_for(user: AnyUser, employers: QuerySet[M]) -> QuerySet[M]: ...
def employers_for(user: AnyUser, employers: QuerySet[Any] | None = None) -> QuerySet[Any]:
    """Employers ``user`` may see: an employer's login sees only its own."""
    from jastar.registry.models import Employer

    rows: QuerySet[Any] = employers if employers is not None else Employer.objects.all()
    scope = scope_of(user)
    if scope.employer_id is not None:
        return rows.filter(pk=scope.employer_id)
    if scope.is_staff_side:
        return rows
    return rows.none()


@overload
def vacancies_for(user: AnyUser) -> QuerySet[Vacancy]: ...
@overload
def vacancies_for(user: AnyUser, vacancies: QuerySet[M]) -> QuerySet[M]: ...
def vacancies_for(user: AnyUser, vacancies: QuerySet[Any] | None = None) -> QuerySet[Any]:
    """Vacancies ``user`` may see: own for an employer, open ones for a young person."""
    from jastar.registry.models import Vacancy, VacancyStatus

    rows: QuerySet[Any] = vacancies if vacancies is not None else Vacancy.objects.all()
    scope = scope_of(user)
    if scope.employer_id is not None:
        return rows.filter(employer_id=scope.employer_id)
    if scope.is_staff_side:
        return rows
    if scope.person_id is not None:
        return rows.filter(status=VacancyStatus.OPEN)
    return rows.none()


@overload
def vacancy_for(user: AnyUser, vacancy_id: int | str) -> Vacancy: ...
@overload
def vacancy_for(user: AnyUser, vacancy_id: int | str, vacancies: QuerySet[M]) -> M: ...
def vacancy_for(
    user: AnyUser, vacancy_id: int | str, vacancies: QuerySet[Any] | None = None
) -> Any:
    rows = vacancies_for(user) if vacancies is None else vacancies_for(user, vacancies)
    found = rows.filter(pk=vacancy_id).first()
    if found is None:
        raise Http404
    return found


def can_edit_vacancy(user: AnyUser, vacancy: Model) -> bool:
    """Employers their own; case workers in their district; officers and administrators all."""
    scope = scope_of(user)
    if not scope.edits_vacancies:
        return False
    if scope.employer_id is not None:
        return getattr(vacancy, "employer_id", None) == scope.employer_id
    if scope.all_districts:
        return True
    return getattr(vacancy, "district_id", None) == scope.district_id


def can_see_candidates(user: AnyUser, vacancy: Model) -> bool:
    """The candidates proposed for ``vacancy``: its employer, and office staff."""
    scope = scope_of(user)
    if scope.employer_id is not None:
        return getattr(vacancy, "employer_id", None) == scope.employer_id
    return scope.is_staff_side


def can_edit_employer(user: AnyUser, employer: Employer) -> bool:
    """An employer's details: its own login; office staff who edit vacancies, in their
    district (a case worker) or anywhere (region-wide staff), as for its vacancies."""
    scope = scope_of(user)
    if not scope.edits_vacancies:
        return False
    if scope.employer_id is not None:
        return employer.pk == scope.employer_id
    return scope.all_districts or employer.district_id == scope.district_id


def placements_for(user: AnyUser, placements: QuerySet[Placement]) -> QuerySet[Placement]:
    """Placements ``user`` may see: an employer's login those at its employer, office
    staff those of the people they reach (``related_to_people_for``)."""
    scope = scope_of(user)
    if scope.employer_id is not None:
        return placements.filter(employer_id=scope.employer_id)
    return related_to_people_for(user, placements)


# --- Office-wide capabilities --------------------------------------------------------------


# --- Records kept per district (youth centres, markets, …) ----------------------------------


def district_filter(scope: Scope, field: str = "district") -> Q:
    """The condition on a district-bound row (``field`` leads to its district) for ``scope``:
    office staff of every district see all, a case worker their own district, others none."""
    if scope.all_districts:
        return Q()
    if scope.district_id is not None:
        return Q(**{f"{field}_id": scope.district_id})
    return Q(pk__in=[])


def in_districts_for(user: AnyUser, rows: QuerySet[M], field: str = "district") -> QuerySet[M]:
    """The district-bound ``rows`` ``user`` may see (see :func:`district_filter`)."""
    return rows.filter(district_filter(scope_of(user), field))


def can_manage_in_district(user: AnyUser, district_id: int | None) -> bool:
    """Record and change community work of a district: a case worker there, regional
    officers and administrators (not analysts, employers or young people)."""
    scope = scope_of(user)
    if not scope.edits_people:
        return False
    return scope.all_districts or (district_id is not None and district_id == scope.district_id)


def is_administrator(user: AnyUser) -> bool:
    """Users, roles, reference data, the program catalogue, and the audit log."""
    return scope_of(user).role in ("administrator",)


def sees_region(user: AnyUser) -> bool:
    """Dashboards and reports of the whole region: office staff of every district."""
    return scope_of(user).all_districts


def can_import(user: AnyUser) -> bool:
    """Whether ``user`` may upload files and start, confirm or cancel imports."""
    return _has_perm(user, IMPORT_PERMISSION)


def can_see_all_imports(user: AnyUser) -> bool:
    """Whether ``user`` sees everyone's imports, not only the ones they started."""
    return _has_perm(user, IMPORTS_VIEW_PERMISSION)


def can_see_imports(user: AnyUser) -> bool:
    """Whether the imports pages are open to ``user`` at all."""
    return can_import(user) or can_see_all_imports(user)
