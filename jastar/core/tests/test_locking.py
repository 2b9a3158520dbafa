"""Optimistic locking: a change made on a stale copy is refused and writes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from jastar.core.models import AuditEvent
from jastar.registry.models import Person
from jastar.registry.services import person_update, vacancy_set_status, vacancy_update
from jastar.registry.tests.factories import aigerim_neet_graduate, make_vacancy

pytestmark = pytest.mark.django_db


class PersonVersionTests:
    def test_every_change_raises_the_version(self) -> None:
        person = aigerim_neet_graduate()
        assert person.version == 1
        person_update(actor=None, person=person, data={"phone": "+77011234567"})
        assert Person.objects.get(pk=person.pk).version == 2

    def test_a_change_from_a_stale_form_is_refused_and_names_who_changed_it(self) -> None:
        person = aigerim_neet_graduate()
        first = User.objects.create_user("asel", password="x-Long-pass-1")
        seen = person.version
        person_update(
            actor=first, person=person, data={"phone": "+77011234567"}, expected_version=seen
        )
        stale = Person.objects.get(pk=person.pk)
        stale.version = seen  # the second officer's form still shows the old version
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            person_update(actor=None, person=stale, data={"skills": "Excel"}, expected_version=seen)
        message = refused.value.message_dict["version"][0]
        assert "asel changed this record" in message
        stored = Person.objects.get(pk=person.pk)
        assert (stored.skills, stored.phone, stored.version) == ("", "+77011234567", 2)

    def test_a_service_call_without_a_version_still_raises_it(self) -> None:
        person = aigerim_neet_graduate()
        person_update(actor=None, person=person, data={"skills": "Excel"})
        person_update(actor=None, person=person, data={"skills": "Word"})
        assert Person.objects.get(pk=person.pk).version == 3


class VacancyVersionTests:
    def test_closing_a_vacancy_makes_an_open_edit_form_stale(self) -> None:
        vacancy = make_vacancy()
        seen = vacancy.version
        vacancy_set_status(actor=None, vacancy=vacancy, status="closed")
        vacancy.refresh_from_db()
        vacancy.version = seen
        with pytest.raises(ValidationError):
            vacancy_update(actor=None, vacancy=vacancy, data={"places": 3}, expected_version=seen)


class AuditAddressTests:
    def test_audit_events_written_while_serving_a_request_record_the_address(self) -> None:
        from jastar.core.audit import AuditRequestMiddleware, audit_record
        from jastar.core.models import AuditAction

        person = aigerim_neet_graduate()

        def view(request: object) -> object:
            audit_record(actor=None, action=AuditAction.VIEW, target=person)
            return object()

        request = Client().get("/").wsgi_request
        request.META["REMOTE_ADDR"] = "10.1.2.3"
        AuditRequestMiddleware(view)(request)  # type: ignore[arg-type]
        event = AuditEvent.objects.filter(action="view").latest("id")
        assert event.ip_address == "10.1.2.3"
        # Outside a request the address is unknown.
        audit_record(actor=None, action=AuditAction.VIEW, target=person)
        assert AuditEvent.objects.filter(action="view").latest("id").ip_address is None


class ClientAddressTests:
    def test_behind_a_proxy_the_address_the_proxy_appended_is_taken(self, settings) -> None:
        from django.test import RequestFactory

        from jastar.core.audit import client_ip

        request = RequestFactory().get(
            "/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.7", REMOTE_ADDR="127.0.0.1"
        )
        settings.JASTAR_TRUST_X_FORWARDED_FOR = True
        assert client_ip(request) == "10.0.0.7"  # the client wrote 6.6.6.6 itself
        settings.JASTAR_TRUST_X_FORWARDED_FOR = False
        assert client_ip(request) == "127.0.0.1"
