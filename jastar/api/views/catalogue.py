"""The program catalogue and a person's eligibility for its programs."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from jastar.api.permissions import IsOfficeStaff
from jastar.api.serializers.catalogue import (
    EligibilityInputSerializer,
    PersonEligibilityOutputSerializer,
    ProgramOutputSerializer,
)
from jastar.api.views.base import INPUT_ERRORS, READ_ERRORS, LocalizedAPIView, person_in_scope
from jastar.programs.eligibility_display import eligibility_rows
from jastar.programs.selectors import program_catalogue
from jastar.registry.models import Person
from jastar.registry.services import person_record_view


class ProgramListApi(LocalizedAPIView):
    """The program catalogue with every edition's parameters and stored rules.

    No personal data: open to any signed-in user; a few dozen rows, so not paged.
    """

    @extend_schema(responses={200: ProgramOutputSerializer(many=True), **READ_ERRORS})
    def get(self, request: Request) -> Response:
        programs = program_catalogue()
        return Response(ProgramOutputSerializer(programs, many=True).data)


def person_read(request: Request, person_id: int) -> Person:
    """The person ``person_id`` in the caller's scope (else 404), the read audited as
    opening their record."""
    person = person_in_scope(request, person_id)
    person_record_view(actor=request.user, person=person)
    return person


class PersonEligibilityApi(LocalizedAPIView):
    """Whether a person may join each program of the year, with every rule's sentence.

    Reading it is reading the person's record, so each call is audited.
    """

    permission_classes = [IsOfficeStaff]

    @extend_schema(
        parameters=[EligibilityInputSerializer],
        responses={200: PersonEligibilityOutputSerializer, **INPUT_ERRORS},
    )
    def get(self, request: Request, person_id: int) -> Response:
        params = EligibilityInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        on = params.validated_data.get("on") or timezone.localdate()
        person = person_read(request, person_id)
        rows = eligibility_rows(person, on)
        data = {"person_id": person.pk, "on": on, "programs": rows}
        return Response(PersonEligibilityOutputSerializer(data).data)
