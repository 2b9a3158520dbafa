"""The audit log search page and its export: who may open them, filters, pages, masking."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from jastar.accounts.models import Role
from jastar.accounts.tests.factories import make_user
from jastar.core.audit import audit_record
from jastar.core.models import AuditAction, AuditEvent
from jastar.registry import services
from jastar.registry.models import Person
from jastar.registry.tests.factories import district, make_employer, make_person
from jastar.web.audit.search import PAGE_SIZE

pytestmark = pytest.mark.django_db

URL = "/en/audit/"
EXPORT = "/en/audit/export.csv"
ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture
def admin_user() -> User:
    return make_user("gulnar", Role.ADMINISTRATOR)


@pytest.fixture
def admin_client(client: Client, admin_user: User) -> Client:
    client.force_login(admin_user)
    return client


@pytest.fixture
def aigerim() -> Person:
    return make_person()


def event(
    target: Any, action: str = AuditAction.UPDATE, *, actor: User | None = None, **fields: Any
) -> AuditEvent:
    """An audit event about ``target``, with its time and address set as given."""
    recorded = audit_record(actor=actor, action=AuditAction(action), target=target)
    if fields:
        AuditEvent.objects.filter(pk=recorded.pk).update(**fields)
        recorded.refresh_from_db()
    return recorded


def shown_ids(response: Any) -> list[int]:
    return [row.event.pk for row in response.context["rows"]]


def csv_rows(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


class AuditAccessTests:
    def test_visitors_who_are_not_signed_in_are_sent_to_sign_in(self, client: Client):
        for url in (URL, EXPORT):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"] == f"/en/login/?next={url}"

    @pytest.mark.parametrize("role", [Role.REGIONAL_OFFICER, Role.ANALYST, Role.CASE_WORKER, None])
    def test_other_roles_are_refused(self, client: Client, role: str | None):
        links = {"district": district("karasai")} if role == Role.CASE_WORKER else {}
        client.force_login(make_user("someone", role, **links))
        assert client.get(URL).status_code == 403
        assert client.get(EXPORT).status_code == 403
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()

    def test_an_employers_login_is_refused(self, client: Client):
        client.force_login(make_user("boss", Role.EMPLOYER, employer=make_employer()))
        assert client.get(URL).status_code == 403

    def test_a_superuser_without_an_account_may_search(self, client: Client):
        client.force_login(User.objects.create_superuser("root", password="pw-Jastar-2026"))
        assert client.get(URL).status_code == 200

    def test_staff_without_an_administrators_role_is_refused(self, client: Client):
        client.force_login(User.objects.create_user("clerk", is_staff=True))
        assert client.get(URL).status_code == 403


class AuditSearchTests:
    def test_lists_events_newest_first_with_who_what_and_where(
        self, admin_client: Client, admin_user: User, aigerim: Person
    ):
        old = event(aigerim, occurred_at=datetime(2026, 6, 1, 9, 0, tzinfo=ALMATY))
        new = event(aigerim, AuditAction.VIEW, actor=admin_user, ip_address="10.1.2.3")
        response = admin_client.get(URL)
        assert response.status_code == 200
        ids = shown_ids(response)
        assert ids.index(new.pk) < ids.index(old.pk)
        body = response.content.decode()
        assert "<html" in body
        assert "10.1.2.3" in body and "gulnar" in body
        assert "Person" in body  # the record type by its name

    def test_summaries_show_masked_iins_only(self, admin_client: Client, aigerim: Person):
        event(aigerim, summary=f"imported {aigerim.iin}")
        body = admin_client.get(URL).content.decode()
        assert aigerim.iin not in body
        assert f"imported {aigerim.masked_iin}" in body

    def test_shows_the_names_of_changed_fields_but_not_their_values(
        self, admin_client: Client, aigerim: Person
    ):
        event(aigerim, changes={"phone": ["+77011112233", "+77019998877"]})
        body = admin_client.get(URL).content.decode()
        assert "Changed: phone" in body
        assert "+77019998877" not in body

    def test_filters_by_user_action_and_address(
        self, admin_client: Client, admin_user: User, aigerim: Person
    ):
        mine = event(aigerim, AuditAction.VIEW, actor=admin_user, ip_address="10.0.0.7")
        event(aigerim, AuditAction.UPDATE, actor=admin_user, ip_address="10.0.0.7")
        event(aigerim, AuditAction.VIEW, ip_address="10.0.0.8")
        response = admin_client.get(
            URL, {"actor": "GULNAR", "action": "view", "ip_address": "10.0.0.7"}
        )
        assert shown_ids(response) == [mine.pk]

    def test_filters_by_record_type_and_id(self, admin_client: Client, aigerim: Person):
        other = make_person()
        wanted = event(aigerim)
        event(other)
        employer = make_employer()
        event(employer)
        response = admin_client.get(
            URL, {"target_type": "registry.person", "target_id": str(aigerim.pk)}
        )
        assert set(shown_ids(response)) >= {wanted.pk}
        assert all(
            (row.event.target_type, row.event.target_id) == ("registry.person", str(aigerim.pk))
            for row in response.context["rows"]
        )

    def test_an_iin_finds_the_persons_events_and_those_of_their_placements(
        self, admin_client: Client, aigerim: Person
    ):
        other = make_person()
        services.placement_record(
            actor=None,
            person=aigerim,
            start_date=date(2026, 5, 4),
            channel="enbek",
            employment_type="permanent",
        )
        services.person_record_view(actor=None, person=other)
        response = admin_client.get(URL, {"iin": aigerim.iin})
        targets = {(row.event.target_type, row.event.target_id) for row in response.context["rows"]}
        placement = aigerim.placements.get()
        assert ("registry.person", str(aigerim.pk)) in targets
        assert ("registry.placement", str(placement.pk)) in targets
        assert ("registry.person", str(other.pk)) not in targets

    def test_filters_by_dates_in_local_time(self, admin_client: Client, aigerim: Person):
        # 23:30 in Almaty on 10 June is still 10 June, though it is 18:30 UTC.
        late = event(aigerim, occurred_at=datetime(2026, 6, 10, 23, 30, tzinfo=ALMATY))
        event(aigerim, occurred_at=datetime(2026, 6, 11, 0, 30, tzinfo=ALMATY))
        event(aigerim, occurred_at=datetime(2026, 6, 9, 23, 59, tzinfo=ALMATY))
        response = admin_client.get(URL, {"since": "2026-06-10", "until": "2026-06-10"})
        assert shown_ids(response) == [late.pk]

    @pytest.mark.parametrize(
        ("query", "field", "message"),
        [
            ({"actor": "nobody"}, "actor", "There is no user called “nobody”."),
            ({"target_id": "12"}, "target_type", "Choose the type of the record with this id."),
            ({"iin": "12345"}, "iin", "An IIN must have 12 digits, got 5."),
            ({"since": "2026-06-10", "until": "2026-06-01"}, "until", "The end date is before"),
            ({"ip_address": "10.0.0"}, "ip_address", "Enter a valid IPv4 or IPv6 address."),
        ],
    )
    def test_refuses_a_search_it_cannot_run_and_says_why(
        self, admin_client: Client, query: dict[str, str], field: str, message: str
    ):
        with translation.override("en"):
            response = admin_client.get(URL, query)
            # The form's messages are lazy: read them in the page's language.
            errors = " ".join(str(error) for error in response.context["form"].errors[field])
        assert response.status_code == 200
        assert response.context["page"] is None
        assert message in errors
        assert message.replace("“", "&ldquo;")[:10] in response.content.decode() or (
            message[:10] in response.content.decode()
        )

    def test_an_iin_of_nobody_in_the_registry_is_refused(self, admin_client: Client):
        unknown = make_person()
        iin = unknown.iin
        unknown.delete()
        response = admin_client.get(URL, {"iin": iin})
        assert response.context["page"] is None
        assert "No person with this IIN" in response.content.decode()

    def test_htmx_gets_only_the_search_part(self, admin_client: Client, aigerim: Person):
        event(aigerim)
        response = admin_client.get(URL, {"action": "update"}, HTTP_HX_REQUEST="true")
        body = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in body
        assert 'id="id_actor"' in body and "<table" in body
        assert "HX-Request" in response["Vary"]


class AuditPagesTests:
    @pytest.fixture
    def many(self, aigerim: Person) -> list[AuditEvent]:
        """More than two pages of events, several at the very same moment."""
        start = datetime(2026, 6, 1, 9, 0, tzinfo=ALMATY)
        events = [
            AuditEvent(action=AuditAction.VIEW, target_type="registry.person", target_id="1")
            for _ in range(2 * PAGE_SIZE + 5)
        ]
        AuditEvent.objects.bulk_create(events)
        for number, row in enumerate(AuditEvent.objects.order_by("id")):
            # Pairs of events share a time: the order falls back on the id.
            AuditEvent.objects.filter(pk=row.pk).update(
                occurred_at=start + timedelta(minutes=number // 2)
            )
        return list(AuditEvent.objects.order_by("-occurred_at", "-id"))

    def test_pages_through_every_event_once_in_order_and_back(
        self, admin_client: Client, many: list[AuditEvent]
    ):
        expected = [e.pk for e in many]
        first = admin_client.get(URL)
        page = first.context["page"]
        assert page.newer is None and page.older is not None
        seen = shown_ids(first)
        second = admin_client.get(URL, {"before": page.older})
        seen += shown_ids(second)
        third = admin_client.get(URL, {"before": second.context["page"].older})
        seen += shown_ids(third)
        assert seen == expected
        assert third.context["page"].older is None
        back = admin_client.get(URL, {"after": third.context["page"].newer})
        assert shown_ids(back) == shown_ids(second)
        assert back.context["page"].newer == second.context["page"].newer

    def test_the_pager_keeps_the_filters(self, admin_client: Client, many: list[AuditEvent]):
        body = admin_client.get(URL, {"action": "view"}).content.decode()
        assert f"action=view&amp;before={many[PAGE_SIZE - 1].pk}" in body

    def test_a_page_costs_the_same_few_queries(
        self, admin_client: Client, many: list[AuditEvent], django_assert_max_num_queries: Any
    ):
        older = admin_client.get(URL).context["page"].older
        with django_assert_max_num_queries(12):
            assert admin_client.get(URL, {"before": older}).status_code == 200


class AuditExportTests:
    def test_exports_the_filtered_log_with_masked_iins(
        self, admin_client: Client, admin_user: User, aigerim: Person
    ):
        wanted = event(aigerim, AuditAction.VIEW, actor=admin_user, summary=aigerim.iin)
        event(aigerim, AuditAction.UPDATE)
        response = admin_client.get(EXPORT, {"action": "view"})
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert 'filename="jastar-audit-2026-06-15.csv"' in response["Content-Disposition"]
        rows = csv_rows(response)
        assert rows[0] == [
            "Time",
            "User",
            "Action",
            "Record type",
            "Record id",
            "Details",
            "IP address",
        ]
        assert [row[4] for row in rows[1:]] == [wanted.target_id]
        assert rows[1][1:3] == ["gulnar", "view"]
        assert rows[1][5] == aigerim.masked_iin
        assert aigerim.iin not in "".join(rows[1])

    def test_the_export_is_itself_audited(self, admin_client: Client, admin_user: User):
        response = admin_client.get(EXPORT, {"action": "delete"}, REMOTE_ADDR="10.9.8.7")
        assert csv_rows(response)[1:] == []
        recorded = AuditEvent.objects.get(action=AuditAction.EXPORT)
        assert (recorded.actor, recorded.target_type, recorded.target_id) == (
            admin_user,
            "core.auditevent",
            "*",
        )
        assert recorded.changes["filters"] == "action=delete"
        assert recorded.ip_address == "10.9.8.7"

    def test_an_invalid_search_goes_back_to_the_page_and_exports_nothing(
        self, admin_client: Client
    ):
        response = admin_client.get(EXPORT, {"actor": "nobody"})
        assert response.status_code == 302
        assert response["Location"] == "/en/audit/?actor=nobody"
        assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()

    def test_the_page_links_to_the_export_of_its_search(self, admin_client: Client):
        body = admin_client.get(URL, {"action": "view", "before": "5"}).content.decode()
        assert 'href="/en/audit/export.csv?action=view' in body
