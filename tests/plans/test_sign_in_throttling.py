"""Login throttling (django-axes): per user name and per client address, a Norwegian
message, and the coordinator's page that lifts a lockout."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from bodobolig.models import AuditEntry
from bodobolig.permissions import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db

LOGIN = "/logg-inn/"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 3


def _try(client, username, password="feil-passord", ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_a_user_name_is_locked_after_too_many_wrong_passwords(client):
    user = make_user(Role.LEAD, username="kari", password="Riktig-Hest-Batteri-42")
    assert [_try(client, "kari").status_code for _ in range(3)] == [200, 200, 429]

    locked = _try(client, "kari", password="Riktig-Hest-Batteri-42", ip="10.0.0.2")

    assert locked.status_code == 429
    page = locked.content.decode()
    assert "For mange mislykkede forsøk" in page
    assert "sperret i 15 minutter" in page
    assert "_auth_user_id" not in client.session
    assert user.is_active


def test_an_address_is_locked_whatever_user_name_it_tries(client):
    make_user(Role.LEAD, username="ola", password="Riktig-Hest-Batteri-42")
    for name in ["a", "b", "c"]:
        _try(client, name, ip="10.9.9.9")

    assert _try(client, "ola", "Riktig-Hest-Batteri-42", ip="10.9.9.9").status_code == 429
    assert _try(client, "ola", "Riktig-Hest-Batteri-42", ip="10.1.1.1").status_code == 302


def test_a_right_password_before_the_limit_resets_the_count(client):
    make_user(Role.LEAD, username="per", password="Riktig-Hest-Batteri-42")
    _try(client, "per")
    _try(client, "per")
    assert _try(client, "per", "Riktig-Hest-Batteri-42").status_code == 302
    client.logout()
    _try(client, "per")
    _try(client, "per")

    assert _try(client, "per", "Riktig-Hest-Batteri-42").status_code == 302


def test_behind_the_proxy_the_address_is_the_one_the_proxy_added(client, settings):
    settings.BEHIND_PROXY = True
    for name in ["a", "b", "c"]:
        client.post(
            LOGIN,
            {"username": name, "password": "x"},
            REMOTE_ADDR="172.18.0.1",
            HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7",
        )

    assert AccessAttempt.objects.filter(ip_address="192.0.2.7").exists()
    assert not AccessAttempt.objects.filter(ip_address="172.18.0.1").exists()


def test_the_coordinator_sees_the_lockout_and_lifts_it(client):
    make_user(Role.LEAD, username="kari", password="Riktig-Hest-Batteri-42")
    for _ in range(3):
        _try(client, "kari")
    coordinator = make_user(Role.COORDINATOR)
    client.force_login(coordinator)

    page = client.get(reverse("login_lockouts"))
    assert page.status_code == 200
    assert "kari" in page.content.decode()
    assert "Opphev sperren" in page.content.decode()

    answer = client.post(
        reverse("login_lockout_unlock"), {"username": "kari", "ip_address": "10.0.0.1"}, follow=True
    )
    assert "Sperren er opphevet" in answer.content.decode()
    assert "Ingen er sperret nå" in answer.content.decode()
    assert AuditEntry.objects.filter(action="sign_in.unlocked", actor=coordinator).count() == 1
    client.logout()

    assert _try(client, "kari", "Riktig-Hest-Batteri-42").status_code == 302


@pytest.mark.parametrize("role", [Role.LEAD, Role.POLITICIAN])
def test_only_the_coordinator_may_lift_a_lockout(client, role):
    client.force_login(make_user(role))

    assert client.get(reverse("login_lockouts")).status_code == 403
    assert client.post(reverse("login_lockout_unlock"), {"username": "x"}).status_code == 403
