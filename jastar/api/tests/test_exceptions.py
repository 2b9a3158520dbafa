"""The one error format for every kind of error an API view may raise."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from rest_framework import exceptions

from jastar.api.exceptions import exception_handler
from jastar.core.errors import ApplicationError


def handled(exc: Exception) -> tuple[int, dict[str, Any]]:
    with translation.override("en"):
        response = exception_handler(exc, {})
        assert response is not None
        return response.status_code, {
            "message": str(response.data["message"]),
            "extra": response.data["extra"],
        }


class ExceptionHandlerTests:
    def test_application_error_is_400_with_its_message_and_extra(self):
        error = ApplicationError("The quota is used up.", {"places": 0})
        assert handled(error) == (400, {"message": "The quota is used up.", "extra": {"places": 0}})

    def test_django_validation_error_lists_fields(self):
        error = DjangoValidationError({"birth_date": ["Too young."]})
        assert handled(error) == (
            400,
            {"message": "Validation error", "extra": {"fields": {"birth_date": ["Too young."]}}},
        )

    def test_validation_error_without_a_field_goes_under_non_field_errors(self):
        status, body = handled(DjangoValidationError("Nothing to do."))
        assert status == 400
        assert body["extra"] == {"fields": {"non_field_errors": ["Nothing to do."]}}

    def test_drf_validation_error_lists_fields(self):
        status, body = handled(exceptions.ValidationError({"on": ["Bad date."]}))
        assert (status, body["extra"]) == (400, {"fields": {"on": ["Bad date."]}})

    def test_other_drf_errors_give_their_detail(self):
        with translation.override("en"):  # DRF renders the detail when it is raised.
            error = exceptions.MethodNotAllowed("POST")
        assert handled(error) == (
            405,
            {"message": 'Method "POST" not allowed.', "extra": {}},
        )

    def test_a_stale_change_is_409_with_the_message(self):
        error = DjangoValidationError({"version": ["ana changed this record at 10:00."]})
        assert handled(error) == (
            409,
            {
                "message": "ana changed this record at 10:00.",
                "extra": {"fields": {"version": ["ana changed this record at 10:00."]}},
            },
        )

    def test_a_version_error_among_others_stays_a_400(self):
        error = DjangoValidationError({"version": ["Stale."], "phone": ["Bad."]})
        assert handled(error)[0] == 400

    def test_http404_is_404(self):
        assert handled(Http404()) == (404, {"message": "Not found.", "extra": {}})

    def test_unexpected_errors_are_left_to_django(self):
        assert exception_handler(RuntimeError("bug"), {}) is None


@pytest.mark.django_db
class NulCharacterTests:
    def test_a_nul_character_in_a_body_or_a_parameter_is_a_400_on_any_database(self):
        from rest_framework.test import APIClient

        from jastar.accounts.models import Role
        from jastar.api.tests.helpers import user_with

        client = APIClient()
        client.force_authenticate(user_with(Role.REGIONAL_OFFICER, "nul-officer"))
        posted = client.post(
            "/api/v1/employers/",
            {"name": "a\x00b", "industry": "x\x00"},
            format="json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
        listed = client.get(
            "/api/v1/employers/", {"district": "kara\x00sai"}, HTTP_ACCEPT_LANGUAGE="en"
        )
        for response in (posted, listed):
            assert response.status_code == 400
            assert "NUL character" in str(response.json()), response.json()
