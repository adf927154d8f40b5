"""API tokens on the integrations page: made with a name and shown once, stored hashed,
listed, revoked by their user (and nobody else)."""

import re

import pytest

from bodobolig.models import AuditEntry
from bodobolig.permissions import Role
from integrations.models import ApiToken, hash_token
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _key(page) -> str:
    return re.search(r'id="new-key" type="text" readonly value="([^"]+)"', page.text).group(1)


def test_a_token_is_shown_once_and_stored_only_as_a_hash(client):
    user = make_user(Role.LEAD)
    client.force_login(user)
    page = client.post("/integrasjoner/nokler/ny/", {"name": "Sak/arkiv"})
    assert page.status_code == 201
    key = _key(page)
    token = ApiToken.objects.get(user=user)
    assert token.name == "Sak/arkiv"
    assert token.key_hash == hash_token(key) != key
    assert key not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    listing = client.get("/integrasjoner/")
    assert "Sak/arkiv" in listing.text and token.prefix in listing.text
    assert key not in listing.text  # never shown again
    assert AuditEntry.objects.filter(action="api_token.created").count() == 1
    api = client.get("/api/v1/reporting-rounds/", HTTP_AUTHORIZATION=f"Token {key}")
    assert api.status_code == 200


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "Dette feltet er påkrevd."), (" " * 5, "Dette feltet er påkrevd."), ("x" * 101, "")],
)
def test_a_bad_name_is_a_field_message(client, name, message):
    client.force_login(make_user(Role.POLITICIAN))
    page = client.post("/integrasjoner/nokler/ny/", {"name": name})
    assert page.status_code == 400
    assert 'aria-invalid="true"' in page.text
    assert message in page.text
    assert not ApiToken.objects.exists()


def test_the_same_name_twice_is_refused_while_the_first_is_active(client):
    user = make_user(Role.COORDINATOR)
    client.force_login(user)
    client.post("/integrasjoner/nokler/ny/", {"name": "Budsjett"})
    again = client.post("/integrasjoner/nokler/ny/", {"name": "Budsjett"})
    assert again.status_code == 400
    assert "allerede en aktiv nøkkel med dette navnet" in again.text
    token = ApiToken.objects.get(user=user)
    client.post(f"/integrasjoner/nokler/{token.pk}/trekk-tilbake/")
    assert client.post("/integrasjoner/nokler/ny/", {"name": "Budsjett"}).status_code == 201


def test_revoking_stops_the_key_and_only_the_owner_may(client):
    owner, other = make_user(Role.LEAD), make_user(Role.LEAD)
    client.force_login(owner)
    key = _key(client.post("/integrasjoner/nokler/ny/", {"name": "Rapport"}))
    token = ApiToken.objects.get(user=owner)
    client.force_login(other)
    assert client.post(f"/integrasjoner/nokler/{token.pk}/trekk-tilbake/").status_code == 404
    client.force_login(owner)
    done = client.post(f"/integrasjoner/nokler/{token.pk}/trekk-tilbake/", follow=True)
    assert "er trukket tilbake" in done.text
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert client.get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    # Twice is harmless and logs once.
    client.force_login(owner)
    client.post(f"/integrasjoner/nokler/{token.pk}/trekk-tilbake/")
    assert AuditEntry.objects.filter(action="api_token.revoked").count() == 1


def test_a_deactivated_user_s_token_stops_working(client):
    user = make_user(Role.COORDINATOR)
    client.force_login(user)
    key = _key(client.post("/integrasjoner/nokler/ny/", {"name": "BI"}))
    client.logout()
    user.is_active = False
    user.save()
    assert client.get("/api/v1/plans/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
