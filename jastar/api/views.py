"""API v1 views: one APIView per operation; each parses input, calls a selector or
service, and renders (STYLE rule 6). Errors take the one format of ``exceptions``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jastar.api.permissions import IsActiveStaff
from jastar.api.serializers import (
    EligibilityInputSerializer,
    ErrorOutputSerializer,
    MatchLimitInputSerializer,
    MatchRunInputSerializer,
    MatchRunOutputSerializer,
    OccupationLookupInputSerializer,
    OccupationLookupOutputSerializer,
    PersonEligibilityOutputSerializer,
    ProgramOutputSerializer,
    ProgramRecommendationOutputSerializer,
    VacancyCandidateOutputSerializer,
    VacancyRecommendationOutputSerializer,
)
from jastar.matching.selectors import (
    occupation_search,
    person_recommendations,
    program_recommendations,
    run_list,
    vacancy_candidates,
)
from jastar.matching.services import match_run_start
from jastar.programs.eligibility_display import eligibility_rows
from jastar.programs.selectors import program_catalogue
from jastar.registry.models import Person, Vacancy
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


def _person_read(request: Request, person_id: int) -> Person:
    """The person ``person_id``, the read audited as opening their record (404 if unknown)."""
    person = person_get(person_id)
    if person is None:
        raise NotFound(_("There is no person with this id."))
    person_record_view(
        actor=request.user, person=person, ip_address=request.META.get("REMOTE_ADDR")
    )
    return person


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
        person = _person_read(request, person_id)
        rows = eligibility_rows(person, on)
        data = {"person_id": person.pk, "on": on, "programs": rows}
        return Response(PersonEligibilityOutputSerializer(data).data)


# --- Matching -----------------------------------------------------------------------------


class PersonRecommendationsApi(LocalizedAPIView):
    """The open vacancies that suit a person best, best first, each with its reasons.

    Reading it is reading the person's record, so each call is audited.
    """

    permission_classes = [IsActiveStaff]

    @extend_schema(
        parameters=[MatchLimitInputSerializer],
        responses={200: VacancyRecommendationOutputSerializer(many=True), **_ERRORS},
    )
    def get(self, request: Request, person_id: int) -> Response:
        params = MatchLimitInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        person = _person_read(request, person_id)
        matches = person_recommendations(
            person, timezone.localdate(), limit=params.validated_data["limit"]
        )
        return Response(VacancyRecommendationOutputSerializer(matches, many=True).data)


class PersonProgramsApi(LocalizedAPIView):
    """The programs of the year for a person, the ones to suggest first at the top.

    Reading it is reading the person's record, so each call is audited.
    """

    permission_classes = [IsActiveStaff]

    @extend_schema(responses={200: ProgramRecommendationOutputSerializer(many=True), **_ERRORS})
    def get(self, request: Request, person_id: int) -> Response:
        person = _person_read(request, person_id)
        matches = program_recommendations(person, timezone.localdate())
        return Response(ProgramRecommendationOutputSerializer(matches, many=True).data)


class VacancyCandidatesApi(LocalizedAPIView):
    """A vacancy's best candidates from the last batch run's lists, with reasons.

    People are given by id, district and age only; their records stay behind the
    person endpoints.
    """

    permission_classes = [IsActiveStaff]

    @extend_schema(
        parameters=[MatchLimitInputSerializer],
        responses={200: VacancyCandidateOutputSerializer(many=True), **_ERRORS},
    )
    def get(self, request: Request, vacancy_id: int) -> Response:
        params = MatchLimitInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        vacancy = Vacancy.objects.filter(pk=vacancy_id).first()
        if vacancy is None:
            raise NotFound(_("There is no vacancy with this id."))
        on = timezone.localdate()
        matches = vacancy_candidates(vacancy, on, limit=params.validated_data["limit"])
        data = VacancyCandidateOutputSerializer(matches, many=True, context={"on": on}).data
        return Response(data)


class OccupationLookupApi(LocalizedAPIView):
    """Occupations whose names are closest to a text in any language or script."""

    @extend_schema(
        parameters=[OccupationLookupInputSerializer],
        responses={
            200: OccupationLookupOutputSerializer(many=True),
            400: ErrorOutputSerializer,
            403: ErrorOutputSerializer,
        },
    )
    def get(self, request: Request) -> Response:
        params = OccupationLookupInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        found = occupation_search(params.validated_data["q"], limit=params.validated_data["limit"])
        return Response(OccupationLookupOutputSerializer(found, many=True).data)


class MatchRunStartApi(LocalizedAPIView):
    """Queue a batch run over the whole region or one district (one task per district)."""

    permission_classes = [IsActiveStaff]

    @extend_schema(
        request=MatchRunInputSerializer,
        responses={
            202: MatchRunOutputSerializer,
            400: ErrorOutputSerializer,
            403: ErrorOutputSerializer,
        },
    )
    def post(self, request: Request) -> Response:
        params = MatchRunInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        run = match_run_start(
            actor=request.user,
            on=timezone.localdate(),
            district=params.validated_data.get("district"),
        )
        return Response(MatchRunOutputSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class MatchRunDetailApi(LocalizedAPIView):
    """A batch run's progress and figures."""

    permission_classes = [IsActiveStaff]

    @extend_schema(
        responses={
            200: MatchRunOutputSerializer,
            403: ErrorOutputSerializer,
            404: ErrorOutputSerializer,
        }
    )
    def get(self, request: Request, run_id: int) -> Response:
        run = run_list().filter(pk=run_id).first()
        if run is None:
            raise NotFound(_("There is no matching run with this id."))
        return Response(MatchRunOutputSerializer(run).data)
