"""What every API view shares: the request's language, lists (filters and pagination),
the serializer context and the documented error responses."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from jastar.api.pagination import ApiPagination
from jastar.api.parsers import NUL_REFUSED, has_nul
from jastar.api.serializers.common import ErrorOutputSerializer
from jastar.core.access import person_for, vacancy_for
from jastar.registry.models import Person, Vacancy
from jastar.registry.selectors import person_list

# Error responses for the schema: every endpoint but the schema needs a signed-in caller.
READ_ERRORS = {401: ErrorOutputSerializer, 403: ErrorOutputSerializer}
LIST_ERRORS = {400: ErrorOutputSerializer, **READ_ERRORS}
CREATE_ERRORS = LIST_ERRORS
RECORD_ERRORS = {**READ_ERRORS, 404: ErrorOutputSerializer}
INPUT_ERRORS = {400: ErrorOutputSerializer, **RECORD_ERRORS}
UPDATE_ERRORS = {**INPUT_ERRORS, 409: ErrorOutputSerializer}


class LocalizedAPIView(APIView):
    """An APIView answering in the language the client asks for.

    The API lives outside ``i18n_patterns``, where LocaleMiddleware (with
    ``prefix_default_language=False``) always activates the default language; so the
    language is chosen here from the language cookie or the Accept-Language header.
    """

    # No OPTIONS: DRF's metadata answer serves its browsable API, which Jastar does not use
    # (the schema documents every operation); other methods get a 405 in the error format.
    http_method_names = ["get", "post", "patch", "head"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        translation.activate(translation.get_language_from_request(request))
        return super().dispatch(request, *args, **kwargs)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        # PostgreSQL cannot store or even compare text holding a NUL character; refuse it
        # in a parameter before it reaches a lookup (bodies: jastar.api.parsers).
        if has_nul(dict(request.query_params.lists())):
            raise ValidationError(NUL_REFUSED)


class ListAPIView(LocalizedAPIView, GenericAPIView):  # type: ignore[type-arg]
    """A view whose GET lists rows: its ``filterset_class`` filters them (a bad value is a
    400) and ``ApiPagination`` pages them.

    ``queryset`` names the model for the schema's filter parameters only; the rows always
    come from the access layer, in the view's ``get``.
    """

    pagination_class = ApiPagination
    filter_backends = [DjangoFilterBackend]

    def page(self, rows: QuerySet[Any], serializer_class: Any) -> Response:
        """The page of ``rows`` the query asks for, filtered, as a paginated response."""
        page = self.paginate_queryset(self.filter_queryset(rows))
        serializer = serializer_class(page, many=True, context=context(self.request))
        return self.get_paginated_response(serializer.data)


@extend_schema(exclude=True)
class UnknownPathApi(LocalizedAPIView):
    """Any path under ``/api/v1/`` that no endpoint matches (``/api/v1/people/abc/``): a
    404 in the error format, whatever the method or credentials."""

    permission_classes: list[Any] = []
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options", "trace"]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        raise NotFound(_("There is no such endpoint."))


def context(request: Request) -> dict[str, Any]:
    """The serializer context: the caller (for personal data) and today (for ages)."""
    return {"request": request, "on": timezone.localdate()}


def render(output: Any, obj: Model | Any, request: Request, status: int = 200) -> Response:
    """``obj`` through the ``output`` serializer (the caller in its context) as a response."""
    return Response(output(obj, context=context(request)).data, status=status)


def person_in_scope(request: Request, person_id: int) -> Person:
    """The person ``person_id``, with their relations, if the caller reaches them; else 404
    (the same answer as for a missing record)."""
    try:
        person: Person = person_for(request.user, person_id, person_list())
    except Http404:
        raise NotFound(_("There is no person with this id.")) from None
    return person


def vacancy_in_scope(request: Request, vacancy_id: int) -> Vacancy:
    """The vacancy ``vacancy_id`` if the caller sees it; else 404."""
    related = ("employer", "district", "occupation", "education_required", "program")
    rows = Vacancy.objects.select_related(*related)
    try:
        vacancy: Vacancy = vacancy_for(request.user, vacancy_id, rows)
    except Http404:
        raise NotFound(_("There is no vacancy with this id.")) from None
    return vacancy
