"""The prizes operations of the schema, fuzzed by schemathesis (as jastar/api's own test):
no 5xx, and every answer within the schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import make_user
from jastar.community.prizes.tests.helpers import apply, eligible, zangar_2025
from jastar.config.wsgi import application
from jastar.registry.tests.factories import aigerim_neet_graduate, nurlan_student


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def records(db: None) -> dict[str, str]:
    call = zangar_2025()
    eligible(call, aigerim_neet_graduate())
    apply(call, nurlan_student())
    token = Token.objects.create(user=make_user("fuzz-officer", Role.REGIONAL_OFFICER))
    return {"Authorization": f"Token {token.key}"}


schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application).include(
    path_regex="^/api/v1/community/prizes/"
)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_prizes_api_answers_within_its_schema(case: Any, records: dict[str, str]) -> None:
    case.call_and_validate(
        headers=records,
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )
