"""Every operation of the schema, fuzzed by schemathesis against the WSGI application.

Signed in as a regional officer (by token), against a small registry: two people, two
employers with a vacancy each, a placement and a participation. Each operation gets the
coverage phase's cases (boundaries, wrong types, unexpected methods) and a bounded number
of random examples; none may answer 5xx, and every answer must match the schema (status
code, content type, headers, body).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from jastar.accounts.models import Role
from jastar.api.tests.helpers import user_with
from jastar.config.wsgi import application
from jastar.programs.tests.factories import participation_at
from jastar.registry.services import placement_record
from jastar.registry.tests.factories import make_employer, make_vacancy, nurlan_student

# Random examples per operation after the coverage phase's cases: 8 keeps the run under a
# minute; JASTAR_FUZZ_EXAMPLES=200 searches deeper. Derandomized, so a run is repeatable.
EXAMPLES = int(os.environ.get("JASTAR_FUZZ_EXAMPLES", "8"))

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    # The WSGI application closes "old" database connections when a request starts and
    # ends; inside the test's transaction that would close the test's own connection on
    # PostgreSQL. Django's test client stands these listeners aside in the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def registry(db: None) -> dict[str, str]:
    """A small registry, and the headers of a regional officer's token."""
    participation = participation_at("enrolled")  # Aigerim in Youth Practice, Karasai
    nurlan_student()
    firm = make_employer()
    make_vacancy(employer=firm)
    make_vacancy(employer=make_employer(name="«Есік» ЖШС"), title_kk="Құрылысшы")
    placement_record(
        actor=None,
        person=participation.person,
        start_date=date(2026, 6, 1),
        channel="enbek",
        employment_type="permanent",
        employer=firm,
    )
    token = Token.objects.create(user=user_with(Role.REGIONAL_OFFICER, "fuzz-officer"))
    return {"Authorization": f"Token {token.key}"}


# Loaded when the module is collected: serving the schema reads no database. (The lazy
# ``schemathesis.pytest.from_fixture`` does not run under pytest 9.)
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
def test_api_answers_every_request_within_its_schema(case: Any, registry: dict[str, str]) -> None:
    case.call_and_validate(headers=registry, checks=CHECKS)
