"""Young people's records: list, register, read (audited), edit, record a status."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from jastar.api.filters import PersonFilter
from jastar.api.permissions import PeopleAccess
from jastar.api.serializers.people import (
    PersonListOutputSerializer,
    PersonOutputSerializer,
    PersonRegisterInputSerializer,
    PersonStatusInputSerializer,
    PersonStatusOutputSerializer,
    PersonUpdateInputSerializer,
)
from jastar.api.views.base import (
    CREATE_ERRORS,
    INPUT_ERRORS,
    LIST_ERRORS,
    RECORD_ERRORS,
    UPDATE_ERRORS,
    ListAPIView,
    LocalizedAPIView,
    person_in_scope,
    render,
)
from jastar.core.access import can_edit_person, people_for
from jastar.registry.models import Person
from jastar.registry.selectors import person_list
from jastar.registry.services import (
    person_change_status,
    person_record_view,
    person_register,
    person_update,
)

_MANY = ("skill_occupations", "desired_occupations", "vulnerable_groups")


def _split(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Plain fields, and the many-to-many ones the services take as separate arguments."""
    plain = {k: v for k, v in data.items() if k not in _MANY}
    return plain, {k: v for k, v in data.items() if k in _MANY}


class PersonListApi(ListAPIView):
    """GET: the people the caller reaches, filtered and paged. POST: register a person."""

    permission_classes = [PeopleAccess]
    filterset_class = PersonFilter
    queryset = Person.objects.none()

    @extend_schema(responses={200: PersonListOutputSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request) -> Response:
        """The people the caller reaches, filtered and paged; IINs masked, names only for
        those who may see personal data."""
        return self.page(people_for(request.user, person_list()), PersonListOutputSerializer)

    @extend_schema(
        request=PersonRegisterInputSerializer,
        responses={201: PersonOutputSerializer, **CREATE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        """Register a young person (in the caller's district, for a case worker). Birth date
        and sex come from the IIN when left out."""
        params = PersonRegisterInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        # The new person must be one the caller could edit: in their district, for a case worker.
        if not can_edit_person(request.user, Person(district=data["district"])):
            raise PermissionDenied(_("You may not register people in this district."))
        person = person_register(actor=request.user, **data)
        return render(PersonOutputSerializer, person, request, status.HTTP_201_CREATED)


class PersonDetailApi(LocalizedAPIView):
    """GET: a person's record, the read audited. PATCH: change some of its fields."""

    permission_classes = [PeopleAccess]

    @extend_schema(responses={200: PersonOutputSerializer, **RECORD_ERRORS})
    def get(self, request: Request, person_id: int) -> Response:
        """A person's record. Each read is audited as opening the record."""
        person = person_in_scope(request, person_id)
        person_record_view(actor=request.user, person=person)
        return render(PersonOutputSerializer, person, request)

    @extend_schema(
        request=PersonUpdateInputSerializer,
        responses={200: PersonOutputSerializer, **UPDATE_ERRORS},
    )
    def patch(self, request: Request, person_id: int) -> Response:
        """Change some fields of a person's record. ``version`` is the one read; if someone
        changed the record since, the answer is 409 and nothing is written."""
        person = person_in_scope(request, person_id)
        self.check_object_permissions(request, person)
        params = PersonUpdateInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = dict(params.validated_data)
        version = data.pop("version")
        plain, many = _split(data)
        person = person_update(
            actor=request.user, person=person, data=plain, expected_version=version, **many
        )
        return render(PersonOutputSerializer, person, request)


class PersonStatusApi(LocalizedAPIView):
    """Record a person's status from a day on (today by default)."""

    permission_classes = [PeopleAccess]

    @extend_schema(
        request=PersonStatusInputSerializer,
        responses={201: PersonStatusOutputSerializer, **INPUT_ERRORS},
    )
    def post(self, request: Request, person_id: int) -> Response:
        """Record the person's status from ``valid_from`` (today by default) on."""
        person = person_in_scope(request, person_id)
        self.check_object_permissions(request, person)
        params = PersonStatusInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        change = person_change_status(
            actor=request.user,
            person=person,
            status=data["status"],
            valid_from=data.get("valid_from") or timezone.localdate(),
            note=data["note"],
        )
        return render(PersonStatusOutputSerializer, change, request, status.HTTP_201_CREATED)
