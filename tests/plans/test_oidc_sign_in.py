"""Signing in with the municipality's identity provider, end to end over HTTP.

The provider is real: django-oidc-provider in its own process and database
(tests/oidc_provider/), signing RS256 ID tokens with its own key. The app runs in
`live_server` with mozilla-django-oidc configured as an installation would be, and a
`requests` session plays the browser: app → provider's login form → app's callback →
the app exchanges the code, checks the token against the provider's JWKS and reads
the userinfo.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session

from bodobolig.permissions import Role, role_of
from plans.models import Department
from tests.factories import make_user
from tests.oidc_provider.people import PASSWORD

BASE_DIR = Path(__file__).resolve().parents[2]
CLIENT_ID = "bodobolig-test"

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Provider:
    url: str
    client_secret: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    """Start the test provider on a free port, with the app registered as its client."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    secret = secrets.token_urlsafe(32)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OIDC_TEST_DB": str(tmp_path_factory.mktemp("idp") / "idp.sqlite3"),
        "OIDC_TEST_SITE_URL": url,
    }
    redirect_uri = live_server.url + "/oidc/callback/"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.oidc_provider.setup_provider",
            CLIENT_ID,
            secret,
            redirect_uri,
            live_server.url + "/",
        ],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(url + "/openid/jwks", timeout=2).raise_for_status()
                break
            except requests.RequestException:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the test OIDC provider did not start") from None
                time.sleep(0.3)
        yield Provider(url=url, client_secret=secret)
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def oidc_settings(settings, oidc_provider):
    """The app configured for the provider, as the OIDC_* environment variables would."""
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = oidc_provider.client_secret
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = oidc_provider.url + "/openid/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = oidc_provider.url + "/openid/token"
    settings.OIDC_OP_USER_ENDPOINT = oidc_provider.url + "/openid/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = oidc_provider.url + "/openid/jwks"
    settings.OIDC_OP_LOGOUT_ENDPOINT = oidc_provider.url + "/openid/end-session"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_RP_SCOPES = "openid email profile groups"
    settings.OIDC_ROLE_GROUPS = {
        "coordinator": ["bolig-koordinatorer"],
        "lead": ["bolig-virksomhetsledere"],
        "politician": ["bystyret", "formannskapet"],
    }
    return settings


def sign_in(live_server, oidc_provider, username: str) -> requests.Response:
    """Click "Logg inn med kommunen", sign in at the provider, come back to the app."""
    browser = requests.Session()
    login_page = browser.get(live_server.url + "/logg-inn/", timeout=30)
    assert "/oidc/authenticate/" in login_page.text
    provider_form = browser.get(live_server.url + "/oidc/authenticate/", timeout=30)
    assert provider_form.url.startswith(oidc_provider.url + "/login/")
    answer = browser.post(
        provider_form.url,
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": browser.cookies["idp_csrftoken"],
        },
        headers={"Referer": provider_form.url},
        timeout=30,
    )
    answer.browser = browser
    return answer


def _came_back_signed_in(answer) -> bool:
    """Through the app's callback to the home page (not back to the login page)."""
    paths = [urlsplit(step.url).path for step in answer.history] + [urlsplit(answer.url).path]
    return "/oidc/callback/" in paths and paths[-1] != "/logg-inn/"


def _signed_in_as(answer, live_server) -> str | None:
    """Who the app says is signed in, from a fresh page with the session the flow left."""
    home = answer.browser.get(live_server.url + "/tiltak/varsler/", timeout=30)
    return urlsplit(home.url).path if home.history else "signed in"


def test_a_new_user_is_created_with_role_department_and_name(
    live_server, oidc_provider, oidc_settings
):
    department = Department.objects.create(name="Samfunnskontoret")

    answer = sign_in(live_server, oidc_provider, "kari.nordmann@bodo.kommune.no")

    assert answer.status_code == 200
    assert _came_back_signed_in(answer)
    assert _signed_in_as(answer, live_server) == "signed in"
    user = get_user_model().objects.get(username="kari.nordmann@bodo.kommune.no")
    assert (user.first_name, user.last_name) == ("Kari", "Nordmann")
    assert user.email == "kari.nordmann@bodo.kommune.no"
    assert role_of(user) == Role.COORDINATOR
    assert list(department.members.all()) == [user]
    assert not user.has_usable_password()


def test_a_returning_user_is_found_and_updated_not_duplicated(
    live_server, oidc_provider, oidc_settings
):
    department = Department.objects.create(name="Helse- og omsorgsavdelingen", short_name="HOA")
    users = get_user_model().objects
    existing = users.create_user("ola.leder@bodo.kommune.no", email="gammel@bodo.kommune.no")
    sign_in(live_server, oidc_provider, "ola.leder@bodo.kommune.no")
    count_after_first = users.count()

    answer = sign_in(live_server, oidc_provider, "ola.leder@bodo.kommune.no")

    assert _came_back_signed_in(answer)
    assert users.count() == count_after_first
    existing.refresh_from_db()
    assert existing.email == "ola.leder@bodo.kommune.no"
    assert role_of(existing) == Role.LEAD
    assert list(department.members.all()) == [existing]


@pytest.mark.parametrize(
    ("username", "role"),
    [
        ("kari.nordmann@bodo.kommune.no", Role.COORDINATOR),
        ("ola.leder@bodo.kommune.no", Role.LEAD),
        ("siri.politiker@bodo.kommune.no", Role.POLITICIAN),
    ],
)
def test_the_role_comes_from_the_group_claim(
    live_server, oidc_provider, oidc_settings, username, role
):
    sign_in(live_server, oidc_provider, username)

    assert role_of(get_user_model().objects.get(username=username)) == role


def test_a_role_the_provider_no_longer_gives_is_removed(live_server, oidc_provider, oidc_settings):
    sign_in(live_server, oidc_provider, "siri.politiker@bodo.kommune.no")
    oidc_settings.OIDC_ROLE_GROUPS = {**oidc_settings.OIDC_ROLE_GROUPS, "lead": ["bystyret"]}
    oidc_settings.OIDC_ROLE_GROUPS["politician"] = []

    sign_in(live_server, oidc_provider, "siri.politiker@bodo.kommune.no")

    user = get_user_model().objects.get(username="siri.politiker@bodo.kommune.no")
    assert [group.name for group in user.groups.all()] == ["Virksomhetsleder"]


def test_a_person_in_no_known_group_is_refused_with_a_message(
    live_server, oidc_provider, oidc_settings
):
    answer = sign_in(live_server, oidc_provider, "per.ansatt@bodo.kommune.no")

    assert urlsplit(answer.url).path == "/logg-inn/"
    assert "har ikke tilgang til Bodø bolig" in answer.text
    assert not get_user_model().objects.filter(username="per.ansatt@bodo.kommune.no").exists()
    assert _signed_in_as(answer, live_server) != "signed in"


def test_without_oidc_settings_the_sign_in_urls_are_404_and_no_button(client, settings):
    settings.OIDC_ENABLED = False

    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404
    assert "/oidc/authenticate/" not in client.get("/logg-inn/").content.decode()


def _sign_out(browser: requests.Session, live_server) -> requests.Response:
    """Press "Logg ut" (a POST with the CSRF token of the page it is on)."""
    page = browser.get(live_server.url + "/tiltak/varsler/", timeout=30)
    assert "/logg-ut/" in page.text
    return browser.post(
        live_server.url + "/logg-ut/",
        data={"csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        headers={"Referer": page.url},
        allow_redirects=False,
        timeout=30,
    )


def test_signing_out_also_signs_out_at_the_provider_and_comes_back(
    live_server, oidc_provider, oidc_settings
):
    answer = sign_in(live_server, oidc_provider, "kari.nordmann@bodo.kommune.no")
    browser = answer.browser
    assert _signed_in_as(answer, live_server) == "signed in"

    signed_out = _sign_out(browser, live_server)

    # To the provider's end-session endpoint, with the ID token and the way back.
    assert signed_out.status_code == 302
    end_session = urlsplit(signed_out.headers["Location"])
    assert f"{end_session.scheme}://{end_session.netloc}{end_session.path}" == (
        oidc_provider.url + "/openid/end-session"
    )
    query = parse_qs(end_session.query)
    assert query["post_logout_redirect_uri"] == [live_server.url + "/"]
    assert query["client_id"] == ["bodobolig-test"]
    assert query["id_token_hint"][0].count(".") == 2  # a JWT
    # Out of the app at once, before the provider answers.
    assert _signed_in_as(answer, live_server) != "signed in"

    back = browser.get(signed_out.headers["Location"], timeout=30)

    assert [urlsplit(step.url).netloc for step in back.history][0] == urlsplit(
        oidc_provider.url
    ).netloc
    assert back.url == live_server.url + "/"
    # Signed out at the provider too: signing in again asks for the password.
    again = browser.get(live_server.url + "/oidc/authenticate/", timeout=30)
    assert again.url.startswith(oidc_provider.url + "/login/")


def test_a_local_password_user_signs_out_of_the_app_only(client, oidc_settings):
    user = make_user(Role.COORDINATOR)
    client.force_login(user)

    answer = client.post("/logg-ut/")

    assert answer.status_code == 302
    assert answer.headers["Location"] == "/"
    assert not Session.objects.exists()
    assert client.get("/tiltak/varsler/").status_code == 302  # to the login page


def test_signing_out_is_post_only(client):
    assert client.get("/logg-ut/").status_code == 405
