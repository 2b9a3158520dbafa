"""API v1 views: one APIView per operation; each parses input, calls a selector or
service, and renders (STYLE rule 6). Errors take the one format of ``exceptions``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jastar.api.permissions import IsActiveStaff
from jastar.api.serializers import (
    EligibilityInputSerializer,
    ErrorOutputSerializer,
    PersonEligibilityOutputSerializer,
    ProgramOutputSerializer,
)
from jastar.programs.eligibility_display import eligibility_rows
from jastar.programs.selectors import program_catalogue
from jastar.registry.selectors import person_get
from jastar.registry.services import person_record_view

_ERRORS = {400: ErrorOutputSerializer, 403: ErrorOutputSerializer, 404: ErrorOutputSerializer}


class LocalizedAPIView(APIView):
    """An APIView answering in the language the client asks for.

    The API lives outside ``i18n_patterns``, where LocaleMiddleware (with
    ``prefix_default_language=False``) always activates the default language; so the
    language is chosen here from the language cookie or the Accept-Language header.
    """

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        translation.activate(translation.get_language_from_request(request))
        return super().dispatch(request, *args, **kwargs)


class ProgramListApi(LocalizedAPIView):
    """The program catalogue with every edition's parameters and stored rules."""

    @extend_schema(responses={200: ProgramOutputSerializer(many=True), 403: ErrorOutputSerializer})
    def get(self, request: Request) -> Response:
        programs = program_catalogue()
        return Response(ProgramOutputSerializer(programs, many=True).data)


class PersonEligibilityApi(LocalizedAPIView):
    """Whether a person may join each program of the year, with every rule's sentence.

    Reading it is reading the person's record, so each call is audited.
    """

    permission_classes = [IsActiveStaff]

    @extend_schema(
        parameters=[EligibilityInputSerializer],
        responses={200: PersonEligibilityOutputSerializer, **_ERRORS},
    )
    def get(self, request: Request, person_id: int) -> Response:
        params = EligibilityInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        on = params.validated_data.get("on") or timezone.localdate()
        person = person_get(person_id)
        if person is None:
            raise NotFound(_("There is no person with this id."))
        person_record_view(
            actor=request.user, person=person, ip_address=request.META.get("REMOTE_ADDR")
        )
        rows = eligibility_rows(person, on)
        data = {"person_id": person.pk, "on": on, "programs": rows}
        return Response(PersonEligibilityOutputSerializer(data).data)
