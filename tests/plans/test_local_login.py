"""Password login is kept for the demo and for administrators, and can be switched off."""

import pytest

from bodobolig.permissions import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "Riktig-Hest-Batteri-42"


def _login(client, username):
    return client.post("/logg-inn/", {"username": username, "password": PASSWORD})


def test_all_lets_everyone_use_a_password(client, settings):
    settings.LOCAL_LOGIN = "all"
    make_user(Role.LEAD, username="leder", password=PASSWORD)

    assert _login(client, "leder").status_code == 302


def test_admins_only_lets_superusers_use_a_password(client, settings):
    settings.LOCAL_LOGIN = "admins"
    make_user(Role.COORDINATOR, username="koordinator", password=PASSWORD)
    make_user(Role.ADMIN, username="admin", password=PASSWORD)

    assert _login(client, "koordinator").status_code == 200
    assert "_auth_user_id" not in client.session
    assert _login(client, "admin").status_code == 302


def test_off_refuses_every_password_and_hides_the_form(client, settings):
    settings.LOCAL_LOGIN = "off"
    make_user(Role.ADMIN, username="admin", password=PASSWORD)

    assert _login(client, "admin").status_code == 200
    assert "_auth_user_id" not in client.session
    assert 'name="password"' not in client.get("/logg-inn/").content.decode()
