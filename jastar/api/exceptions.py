"""The API's one error format: ``{"message": ..., "extra": {...}}`` (STYLE rule 7).

- ``ApplicationError`` (a business rule refused): 400 with its message and extra.
- Django's or DRF's ``ValidationError``: 400, ``"Validation error"`` and the field errors
  in ``extra["fields"]``.
- A stale change (``jastar.core.locking``: someone else changed the record since the
  caller read its ``version``): 409, the message naming who and when, and the same
  sentence under ``extra["fields"]["version"]``.
- Any other DRF error (401, 403, 404, 405, 429 …): its status, ``detail`` as the message.

Anything else is left to Django, so a real bug still gives a 500 and a logged traceback.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from jastar.core.errors import ApplicationError


def _fields(detail: Any) -> dict[str, Any]:
    # A ValidationError raised without a field carries a list; it belongs to no field.
    if isinstance(detail, dict):
        return dict(detail)
    return {api_settings.NON_FIELD_ERRORS_KEY: detail}


class Conflict(exceptions.APIException):
    """409: the change was based on an old version of the record (optimistic locking)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Someone else changed this record after you read it.")
    default_code = "conflict"

    def __init__(self, messages: list[str]) -> None:
        super().__init__(messages[0] if messages else None)
        self.fields = {"version": messages}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map an exception raised in an API view to a response in the one error format."""
    if isinstance(exc, ApplicationError):
        set_rollback()
        return Response(
            {"message": exc.message, "extra": exc.extra}, status=status.HTTP_400_BAD_REQUEST
        )
    exc = _as_api_exception(exc)
    # DRF's handler sets the status and headers (WWW-Authenticate, Retry-After) and marks
    # the transaction for rollback; only the body is replaced here.
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"message": _("Validation error"), "extra": {"fields": _fields(exc.detail)}}
    elif isinstance(exc, Conflict):
        response.data = {"message": exc.detail, "extra": {"fields": exc.fields}}
    else:
        response.data = {"message": exc.detail, "extra": {}}
    return response


def _is_stale(exc: DjangoValidationError) -> bool:
    # jastar.core.locking refuses a stale change with an error on "version" alone.
    return hasattr(exc, "error_dict") and set(exc.error_dict) == {"version"}


def _as_api_exception(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError) and _is_stale(exc):
        return Conflict([str(message) for message in exc.messages])
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound(*exc.args)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(*exc.args)
    return exc
