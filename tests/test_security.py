"""Production hardening: check --deploy, example secrets, headers, caching, sessions, passwords."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from bodobolig.permissions import Role
from tests.factories import CouncilReportFactory, make_user

BASE_DIR = Path(__file__).resolve().parent.parent


def env_example() -> dict[str, str]:
    """The production settings of .env.example, as docker compose reads them."""
    values = {}
    for line in (BASE_DIR / ".env.example").read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, value = line.partition("=")
        values[name.strip()] = value.strip().strip('"')
    return values


def with_real_secrets(values: dict[str, str]) -> dict[str, str]:
    """.env.example after the operator replaced every "change-me", as its header asks."""
    real = {name: value for name, value in values.items()}
    for name, value in values.items():
        if "change-me" in value:
            real[name] = value.replace("change-me", secrets.token_urlsafe(40))
    return real


def run_manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "bodobolig.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- check --deploy and start-up refusals --------------------------------------


def test_check_deploy_is_clean_with_the_production_settings_of_env_example():
    result = run_manage(
        with_real_secrets(env_example()), "check", "--deploy", "--fail-level", "DEBUG"
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout + result.stderr


def test_env_example_as_copied_is_refused_in_production():
    result = run_manage(env_example(), "check")

    assert result.returncode != 0
    assert "SECRET_KEY still holds the example value 'change-me'" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("EMAIL_HOST_PASSWORD", "change-me", "EMAIL_HOST_PASSWORD still holds the example value"),
        ("DATABASE_URL", "postgres://bodobolig:bodobolig@db/x", "DATABASE_URL still holds"),
        ("SECRET_KEY", "kort-nokkel", "SECRET_KEY is too short"),
    ],
)
def test_other_example_secrets_are_refused_in_production(name, value, message):
    env = {**with_real_secrets(env_example()), name: value}

    result = run_manage(env, "check")

    assert result.returncode != 0
    assert message in result.stderr


def test_the_proxy_header_is_trusted_only_when_behind_the_proxy():
    script = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    env = with_real_secrets(env_example())

    behind = run_manage({**env, "BEHIND_PROXY": "true"}, "shell", "-c", script)
    direct = run_manage({**env, "BEHIND_PROXY": "false"}, "shell", "-c", script)

    assert behind.stdout.strip().endswith("('HTTP_X_FORWARDED_PROTO', 'https')")
    assert direct.stdout.strip().endswith("None")


# --- headers ------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_page_sends_a_strict_csp_and_a_permissions_policy(client):
    response = client.get(reverse("plan_list"))

    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "camera=()" in response.headers["Permissions-Policy"]


@pytest.mark.django_db
def test_a_signed_in_page_is_never_stored_and_a_public_one_may_be(client):
    public = client.get(reverse("plan_list"))
    assert "no-store" not in public.headers.get("Cache-Control", "")

    client.force_login(make_user(Role.COORDINATOR))
    private = client.get(reverse("plan_list"))

    assert "no-store" in private.headers["Cache-Control"]
    assert "private" in private.headers["Cache-Control"]


@pytest.mark.django_db
def test_an_unpublished_report_pdf_is_never_stored(client):
    report = CouncilReportFactory(status="ready")
    report.file.save("rapport.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    client.force_login(make_user(Role.COORDINATOR))

    response = client.get(reverse("measures:council_report_download", args=[report.pk]))

    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


# --- sessions -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_session_ends_with_the_browser_and_after_an_idle_hour(client, settings):
    make_user(Role.LEAD, username="kari", password="Riktig-Hest-Batteri-42")

    client.post(reverse("login"), {"username": "kari", "password": "Riktig-Hest-Batteri-42"})

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    assert client.session.get_expiry_age() == 60 * 60
    assert client.session.get_expire_at_browser_close()


@pytest.mark.django_db
def test_activity_renews_the_idle_limit(client, time_machine):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    time_machine.move_to(start, tick=False)
    client.force_login(make_user(Role.LEAD))
    client.get(reverse("plan_list"))
    key = client.session.session_key
    first = Session.objects.get(pk=key).expire_date

    time_machine.move_to(start + dt.timedelta(minutes=50), tick=False)
    client.get(reverse("plan_list"))

    assert Session.objects.get(pk=key).expire_date - first == dt.timedelta(minutes=50)


# --- passwords ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password", ["Passord1", "sommer2024", "bodo1234", "Bodø1234!", "Vinter2025!", "password1"]
)
def test_common_norwegian_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["Fjell-Kaffe-Tromme-93", "sommerfugl-i-vinterland-7"])
def test_a_strong_password_passes(password):
    validate_password(password)
