"""Employers and their vacancies: list, register or post, read, edit, open/fill/close."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from jastar.api.filters import EmployerFilter, VacancyFilter
from jastar.api.permissions import EmployerAccess, VacancyAccess
from jastar.api.serializers.employers import (
    EmployerOutputSerializer,
    EmployerRegisterInputSerializer,
    EmployerUpdateInputSerializer,
    VacancyCreateInputSerializer,
    VacancyOutputSerializer,
    VacancyStatusInputSerializer,
    VacancyUpdateInputSerializer,
)
from jastar.api.views.base import (
    CREATE_ERRORS,
    INPUT_ERRORS,
    LIST_ERRORS,
    RECORD_ERRORS,
    UPDATE_ERRORS,
    ListAPIView,
    LocalizedAPIView,
    render,
    vacancy_in_scope,
)
from jastar.core.access import can_edit_employer, can_edit_vacancy, employers_for, vacancies_for
from jastar.registry.models import Employer, Vacancy
from jastar.registry.services import (
    employer_register,
    employer_update,
    vacancy_create,
    vacancy_set_status,
    vacancy_update,
)


def _employers() -> QuerySet[Employer]:
    return Employer.objects.select_related("district", "industry")


def _vacancies() -> QuerySet[Vacancy]:
    related = ("employer", "district", "occupation", "education_required", "program")
    return Vacancy.objects.select_related(*related)


def _employer(request: Request, employer_id: int) -> Employer:
    """The employer ``employer_id`` if the caller may see it, else 404."""
    employer = employers_for(request.user, _employers()).filter(pk=employer_id).first()
    if employer is None:
        raise NotFound(_("There is no employer with this id."))
    return employer


def _with_version(serializer: Any) -> tuple[dict[str, Any], int]:
    data = dict(serializer.validated_data)
    return data, data.pop("version")


# --- Employers ----------------------------------------------------------------------------


class EmployerListApi(ListAPIView):
    """GET: the employers the caller sees (their own for an employer's login). POST:
    register an employer (office staff)."""

    permission_classes = [EmployerAccess]
    filterset_class = EmployerFilter
    queryset = Employer.objects.none()

    @extend_schema(responses={200: EmployerOutputSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request) -> Response:
        """The employers the caller sees (their own, for an employer's login), paged."""
        return self.page(employers_for(request.user, _employers()), EmployerOutputSerializer)

    @extend_schema(
        request=EmployerRegisterInputSerializer,
        responses={201: EmployerOutputSerializer, **CREATE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        """Register an employer after checking its BIN (office staff)."""
        params = EmployerRegisterInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        if not can_edit_employer(request.user, Employer(district=data["district"])):
            raise PermissionDenied(_("You may not register employers in this district."))
        employer = employer_register(actor=request.user, **data)
        return render(EmployerOutputSerializer, employer, request, status.HTTP_201_CREATED)


class EmployerDetailApi(LocalizedAPIView):
    """GET: an employer's details. PATCH: change some of them."""

    permission_classes = [EmployerAccess]

    @extend_schema(responses={200: EmployerOutputSerializer, **RECORD_ERRORS})
    def get(self, request: Request, employer_id: int) -> Response:
        """An employer's details."""
        return render(EmployerOutputSerializer, _employer(request, employer_id), request)

    @extend_schema(
        request=EmployerUpdateInputSerializer,
        responses={200: EmployerOutputSerializer, **UPDATE_ERRORS},
    )
    def patch(self, request: Request, employer_id: int) -> Response:
        """Change an employer's details; a stale ``version`` is a 409."""
        employer = _employer(request, employer_id)
        self.check_object_permissions(request, employer)
        params = EmployerUpdateInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data, version = _with_version(params)
        employer = employer_update(
            actor=request.user, employer=employer, data=data, expected_version=version
        )
        return render(EmployerOutputSerializer, employer, request)


# --- Vacancies ----------------------------------------------------------------------------


class VacancyListApi(ListAPIView):
    """GET: the vacancies the caller sees (own for an employer, open ones for a young
    person). POST: post a vacancy for an employer the caller may edit."""

    permission_classes = [VacancyAccess]
    filterset_class = VacancyFilter
    queryset = Vacancy.objects.none()

    @extend_schema(responses={200: VacancyOutputSerializer(many=True), **LIST_ERRORS})
    def get(self, request: Request) -> Response:
        """The vacancies the caller sees (own for an employer, open ones for a young person),
        filtered and paged."""
        return self.page(vacancies_for(request.user, _vacancies()), VacancyOutputSerializer)

    @extend_schema(
        request=VacancyCreateInputSerializer,
        responses={201: VacancyOutputSerializer, **CREATE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        """Post a vacancy for an employer the caller may edit vacancies of."""
        employers = employers_for(request.user, Employer.objects.all())
        params = VacancyCreateInputSerializer(data=request.data, scopes={"employer": employers})
        params.is_valid(raise_exception=True)
        values = dict(params.validated_data)
        employer = values.pop("employer")
        values.setdefault("district", employer.district)
        # Checked as the vacancy it would be: own employer, or a district the caller edits.
        would_be = Vacancy(employer=employer, district=values["district"])
        if not can_edit_vacancy(request.user, would_be):
            raise PermissionDenied(_("You may not post vacancies for this employer or district."))
        vacancy = vacancy_create(actor=request.user, employer=employer, **values)
        return render(VacancyOutputSerializer, vacancy, request, status.HTTP_201_CREATED)


class VacancyDetailApi(LocalizedAPIView):
    """GET: a vacancy. PATCH: change its text, place, pay or requirements."""

    permission_classes = [VacancyAccess]

    @extend_schema(responses={200: VacancyOutputSerializer, **RECORD_ERRORS})
    def get(self, request: Request, vacancy_id: int) -> Response:
        """A vacancy."""
        return render(VacancyOutputSerializer, vacancy_in_scope(request, vacancy_id), request)

    @extend_schema(
        request=VacancyUpdateInputSerializer,
        responses={200: VacancyOutputSerializer, **UPDATE_ERRORS},
    )
    def patch(self, request: Request, vacancy_id: int) -> Response:
        """Change a vacancy's text, place, pay or requirements; a stale ``version`` is a 409."""
        vacancy = vacancy_in_scope(request, vacancy_id)
        self.check_object_permissions(request, vacancy)
        params = VacancyUpdateInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data, version = _with_version(params)
        vacancy = vacancy_update(
            actor=request.user, vacancy=vacancy, data=data, expected_version=version
        )
        return render(VacancyOutputSerializer, vacancy, request)


class VacancyStatusApi(LocalizedAPIView):
    """Open, fill or close a vacancy."""

    permission_classes = [VacancyAccess]

    @extend_schema(
        request=VacancyStatusInputSerializer,
        responses={200: VacancyOutputSerializer, **INPUT_ERRORS},
    )
    def post(self, request: Request, vacancy_id: int) -> Response:
        """Open, fill or close a vacancy; filling or closing records the closing date."""
        vacancy = vacancy_in_scope(request, vacancy_id)
        self.check_object_permissions(request, vacancy)
        params = VacancyStatusInputSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        vacancy = vacancy_set_status(actor=request.user, **params.validated_data, vacancy=vacancy)
        return render(VacancyOutputSerializer, vacancy, request)
