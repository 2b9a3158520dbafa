"""A young person's own sign-up: record, login and role at once, with consent."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from jastar.accounts.models import Account, Role
from jastar.core.models import AuditAction, AuditEvent
from jastar.registry.models import EducationLevel, Person, PersonStatus
from jastar.registry.tests.factories import (
    aigerim_neet_graduate,
    centre_of,
    district,
    new_iin,
)
from jastar.web.tests.youth.conftest import youth_client

pytestmark = pytest.mark.django_db

URL = "/en/me/register/"
PASSWORD = "Jastar-Qaskeleng-2026"
TAKEN = (
    "This IIN is already registered. To get access to your record, contact the career "
    "centre of your district."
)


def sign_up_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "iin": new_iin(date(2004, 3, 2), "M"),
        "last_name": "Жақсылықов",
        "first_name": "Ерлан",
        "patronymic": "",
        "district": district("karasai").pk,
        "settlement": centre_of("karasai").pk,
        "status": PersonStatus.UNEMPLOYED,
        "education_level": EducationLevel.objects.get(code="bachelor").pk,
        "graduation_year": "",
        "skills": "Excel, 1C, жүргізуші куәлігі",
        "languages": ["kk", "ru"],
        "phone": "+77017654321",
        "email": "erlan@example.kz",
        "username": "erlan04",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent": "on",
    }
    data.update(overrides)
    return data


def post(client: Client, data: dict[str, object]) -> str:
    with translation.override("en"):
        response = client.post(URL, data)
    assert response.status_code == 200
    return response.content.decode()


class RegisterTests:
    def test_shows_the_form_with_the_consent_text(self, client: Client):
        html = client.get(URL).content.decode()
        assert 'name="consent"' in html
        assert "process my personal data" in html
        assert 'name="password1"' in html
        assert 'id="id_settlement"' in html and "<optgroup" in html

    def test_registers_the_person_with_a_login_and_signs_them_in(self, client: Client):
        data = sign_up_data()
        response = client.post(URL, data)
        assert response.status_code == 302
        assert response["Location"] == "/en/me/"
        person = Person.objects.get(iin=data["iin"])
        assert (person.last_name, person.district.code) == ("Жақсылықов", "karasai")
        assert person.consent_given_on == date(2026, 6, 15)
        assert person.languages == ["kk", "ru"]
        assert person.education_level == EducationLevel.objects.get(code="bachelor")
        user = User.objects.get(username="erlan04")
        assert user.check_password(PASSWORD)
        assert not user.is_staff
        account = Account.objects.get(user=user)
        assert (account.role, account.person) == (Role.YOUTH, person)
        created = AuditEvent.objects.get(target_type="registry.person", action=AuditAction.CREATE)
        assert created.actor == user
        page = client.get("/en/me/")
        assert page.status_code == 200
        assert str(data["iin"]) in page.content.decode()

    def test_a_registered_iin_is_refused_without_telling_anything_about_it(self, client: Client):
        existing = aigerim_neet_graduate(phone="+77011234567")
        html = post(client, sign_up_data(iin=existing.iin))
        assert TAKEN in html
        for secret in (
            existing.last_name,
            existing.first_name,
            existing.patronymic,
            existing.phone,
        ):
            assert secret not in html
        assert not User.objects.filter(username="erlan04").exists()
        assert Person.objects.count() == 1

    def test_consent_is_required(self, client: Client):
        data = sign_up_data()
        del data["consent"]
        html = post(client, data)
        assert "Registration needs your consent." in html
        assert not Person.objects.exists() and not User.objects.exists()

    @pytest.mark.parametrize(
        ("password", "message"),
        [
            ("short1!", "This password is too short."),
            ("1234567890123", "This password is entirely numeric."),
            ("password123", "This password is too common."),
            ("erlan04erlan", "The password is too similar to the username."),
        ],
    )
    def test_a_weak_password_is_refused(self, client: Client, password: str, message: str):
        html = post(client, sign_up_data(password1=password, password2=password))
        assert message in html
        assert not Person.objects.exists() and not User.objects.exists()

    def test_the_two_passwords_must_agree(self, client: Client):
        html = post(client, sign_up_data(password2=PASSWORD + "x"))
        assert "The two passwords differ." in html
        assert not User.objects.exists()

    def test_a_taken_user_name_is_refused(self, client: Client):
        User.objects.create_user("Erlan04")
        html = post(client, sign_up_data())
        assert "This user name is taken; choose another." in html
        assert not Person.objects.exists()

    def test_the_registry_rules_apply_and_nothing_is_kept(self, client: Client):
        too_old = new_iin(date(1985, 1, 1), "F")
        html = post(client, sign_up_data(iin=too_old))
        assert 'class="errorlist' in html
        assert not Person.objects.exists() and not User.objects.exists()

    def test_an_iin_with_a_wrong_check_digit_is_refused(self, client: Client):
        iin = new_iin(date(2004, 3, 2), "M")
        wrong = iin[:-1] + str((int(iin[-1]) + 1) % 10)
        html = post(client, sign_up_data(iin=wrong))
        assert 'class="errorlist' in html
        assert not Person.objects.exists() and not User.objects.exists()

    def test_a_signed_in_user_is_sent_to_their_start_page(self):
        client = youth_client(aigerim_neet_graduate())
        response = client.get(URL)
        assert response.status_code == 302
        assert response["Location"] == "/en/start/"
