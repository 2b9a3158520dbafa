"""Matching: vacancies and programs for a person, candidates for a vacancy, occupation
lookup, and batch runs."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from jastar.api.permissions import CandidatesAccess, IsOfficeStaff, SeesRegion
from jastar.api.serializers.matching import (
    MatchLimitInputSerializer,
    MatchRunInputSerializer,
    MatchRunOutputSerializer,
    OccupationLookupInputSerializer,
    OccupationLookupOutputSerializer,
    ProgramRecommendationOutputSerializer,
    VacancyCandidateOutputSerializer,
    VacancyRecommendationOutputSerializer,
)
from jastar.api.views.base import (
    INPUT_ERRORS,
    LIST_ERRORS,
    RECORD_ERRORS,
    LocalizedAPIView,
    context,
    vacancy_in_scope,
)
from jastar.api.views.catalogue import person_read
from jastar.matching.selectors import (
    occupation_search,
    person_recommendations,
    program_recommendations,
    run_list,
    vacancy_candidates,
)
from jastar.matching.services import match_run_start


class PersonRecommendationsApi(LocalizedAPIView):
    """The open vacancies that suit a person best, best first, each with its reasons.

    Reading it is reading the person's record, so each call is audited.
    """

    permission_classes = [IsOfficeStaff]

    @extend_schema(
        parameters=[MatchLimitInputSerializer],
        responses={200: VacancyRecommendationOutputSerializer(many=True), **INPUT_ERRORS},
    )
    def get(self, request: Request, person_id: int) -> Response:
        params = MatchLimitInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        person = person_read(request, person_id)
        matches = person_recommendations(
            person, timezone.localdate(), limit=params.validated_data["limit"]
        )
        return Response(VacancyRecommendationOutputSerializer(matches, many=True).data)


class PersonProgramsApi(LocalizedAPIView):
    """The programs of the year for a person, the ones to suggest first at the top.

    Reading it is reading the person's record, so each call is audited.
    """

    permission_classes = [IsOfficeStaff]

    @extend_schema(
        responses={200: ProgramRecommendationOutputSerializer(many=True), **RECORD_ERRORS}
    )
    def get(self, request: Request, person_id: int) -> Response:
        person = person_read(request, person_id)
        matches = program_recommendations(person, timezone.localdate())
        return Response(ProgramRecommendationOutputSerializer(matches, many=True).data)


class VacancyCandidatesApi(LocalizedAPIView):
    """A vacancy's best candidates from the last batch run's lists, with reasons.

    For the vacancy's employer and office staff (``can_see_candidates``). People are given
    by id, district and age; names to the employer and to staff with personal data, the
    masked IIN to those staff only.
    """

    permission_classes = [CandidatesAccess]

    @extend_schema(
        parameters=[MatchLimitInputSerializer],
        responses={200: VacancyCandidateOutputSerializer(many=True), **INPUT_ERRORS},
    )
    def get(self, request: Request, vacancy_id: int) -> Response:
        params = MatchLimitInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        vacancy = vacancy_in_scope(request, vacancy_id)
        self.check_object_permissions(request, vacancy)
        matches = vacancy_candidates(
            vacancy, timezone.localdate(), limit=params.validated_data["limit"]
        )
        data = VacancyCandidateOutputSerializer(matches, many=True, context=context(request)).data
        return Response(data)


class OccupationLookupApi(LocalizedAPIView):
    """Occupations whose names are closest to a text in any language or script."""

    @extend_schema(
        parameters=[OccupationLookupInputSerializer],
        responses={200: OccupationLookupOutputSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        params = OccupationLookupInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        found = occupation_search(params.validated_data["q"], limit=params.validated_data["limit"])
        return Response(OccupationLookupOutputSerializer(found, many=True).data)


class MatchRunStartApi(LocalizedAPIView):
    """Queue a batch run over the whole region or one district (one task per district).

    For office staff of the whole region.
    """

    permission_classes = [SeesRegion]

    @extend_schema(
        request=MatchRunInputSerializer,
        responses={202: MatchRunOutputSerializer, **LIST_ERRORS},
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

    permission_classes = [SeesRegion]

    @extend_schema(responses={200: MatchRunOutputSerializer, **RECORD_ERRORS})
    def get(self, request: Request, run_id: int) -> Response:
        run = run_list().filter(pk=run_id).first()
        if run is None:
            raise NotFound(_("There is no matching run with this id."))
        return Response(MatchRunOutputSerializer(run).data)
