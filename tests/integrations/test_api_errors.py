"""The API's refusals: 400 with field messages, 401, 403, 404, 409 for state conflicts,
429 when throttled, and what the old /api/ paths answer."""

import pytest
from django.test import override_settings

from integrations.models import ApiToken
from integrations.services import api_token_revoke
from measures.models import ImplementationPlan

pytestmark = pytest.mark.django_db


def test_an_unknown_and_a_draft_plan_in_a_filter_get_the_same_answer(client, world):
    """Issue 14: a filter must not tell that a draft exists."""
    missing = 10**9
    for role in ("anonymous", "politician"):
        draft = client.get(f"/api/v1/measures/?plan={world.draft_plan.pk}", **world.auth(role))
        unknown = client.get(f"/api/v1/measures/?plan={missing}", **world.auth(role))
        assert draft.status_code == unknown.status_code == 400
        assert draft.json()["plan"] == unknown.json()["plan"]
        for name, value in (("goal", world.draft_goal.pk), ("strategy", world.draft_strategy.pk)):
            hidden = client.get(f"/api/v1/measures/?{name}={value}", **world.auth(role))
            nothing = client.get(f"/api/v1/measures/?{name}={missing}", **world.auth(role))
            assert hidden.status_code == nothing.status_code == 400
    staff = client.get(f"/api/v1/measures/?plan={world.draft_plan.pk}", **world.auth("coordinator"))
    assert [m["id"] for m in staff.json()["results"]] == [world.draft_measure.pk]


def test_the_old_api_redirects_to_v1_with_its_query(client):
    response = client.get("/api/measures/?plan=1&status=completed")
    assert response.status_code == 308
    assert response["Location"] == "/api/v1/measures/?plan=1&status=completed"
    assert client.get("/api/")["Location"] == "/api/v1/"


def test_the_old_schema_download_has_an_ascii_file_name(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="bodobolig-api.yaml"'
    response["Content-Disposition"].encode("latin-1")  # raises on a raw "ø"


def test_a_bad_token_is_a_401_not_anonymous(client, world):
    response = client.get("/api/v1/plans/", HTTP_AUTHORIZATION="Token feil")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_revoked_token_stops_working(client, world):
    token = ApiToken.objects.get(user=world.users["coordinator"], name="test")
    assert client.get("/api/v1/reporting-rounds/", **world.auth("coordinator")).status_code == 200
    api_token_revoke(token=token, by=world.users["coordinator"])
    assert client.get("/api/v1/reporting-rounds/", **world.auth("coordinator")).status_code == 401


def test_writes_without_a_token_are_401(client, world):
    response = client.post(
        "/api/v1/implementation-plans/",
        {"measure": world.unplanned_measure.pk, "due_date": "2099-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 401


def test_a_bad_field_is_a_400_with_the_message_under_the_field(client, world):
    response = client.post(
        "/api/v1/implementation-plans/",
        {"measure": world.unplanned_measure.pk, "due_date": "2001-01-01"},
        content_type="application/json",
        **world.auth("coordinator"),
    )
    assert response.status_code == 400
    assert response.json()["due_date"] == ["Fristen kan ikke være tilbake i tid."]
    wrong_type = client.post(
        "/api/v1/implementation-plans/",
        {"measure": "tolv", "due_date": "i morgen"},
        content_type="application/json",
        **world.auth("coordinator"),
    )
    assert wrong_type.status_code == 400
    assert set(wrong_type.json()) == {"measure", "due_date"}


def test_status_and_progress_that_disagree_are_a_400_on_progress(client, world):
    response = client.post(
        f"/api/v1/measures/{world.unplanned_measure.pk}/status-updates/",
        {"status": "completed", "progress": 40, "text": "Ferdig."},
        content_type="application/json",
        **world.auth("owner_lead"),
    )
    assert response.status_code == 400
    assert response.json()["field"] == "progress"


def test_approving_a_plan_that_is_not_submitted_is_a_409(client, world):
    response = client.post(
        f"/api/v1/implementation-plans/{world.draft_ip.pk}/approve/",
        {"version": world.draft_ip.version},
        content_type="application/json",
        **world.auth("coordinator"),
    )
    assert response.status_code == 409
    assert response.json()["code"] == "state"


def test_a_stale_version_is_a_409_and_nothing_is_saved(client, world):
    response = client.patch(
        f"/api/v1/implementation-plans/{world.draft_ip.pk}/",
        {"version": world.draft_ip.version + 5, "expected_result": "Noe annet."},
        content_type="application/json",
        **world.auth("owner_lead"),
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert ImplementationPlan.objects.get(pk=world.draft_ip.pk).expected_result == "Et resultat."


def test_ordering_a_plan_twice_is_a_409(client, world):
    response = client.post(
        "/api/v1/implementation-plans/",
        {"measure": world.measure.pk, "due_date": "2099-01-01"},
        content_type="application/json",
        **world.auth("coordinator"),
    )
    assert response.status_code == 409


def test_filters_on_internal_follow_up_state_are_for_the_staff(client, world):
    public = client.get("/api/v1/measures/?implementation_plan_state=submitted")
    assert public.status_code == 400
    assert "implementation_plan_state" in public.json()
    staff = client.get(
        "/api/v1/measures/?implementation_plan_state=submitted", **world.auth("other_lead")
    )
    assert [m["id"] for m in staff.json()["results"]] == [world.measure.pk]


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=999",
        "page_size=-1",
        "ordering=nonsense",
        "changed_since=igår",
        "status=ukjent",
        "owner=abc",
        "q=%00",
        "stale=kanskje",
    ],
)
def test_odd_queries_never_give_a_500(client, world, query):
    assert client.get(f"/api/v1/measures/?{query}").status_code in {200, 400, 404}


@override_settings(API_THROTTLE_RATES={"anon": "3/min", "user": "5/min"})
def test_too_many_requests_is_a_429_with_retry_after(client, world):
    answers = [client.get("/api/v1/plans/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    throttled = client.get("/api/v1/plans/")
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    users = [client.get("/api/v1/plans/", **world.auth("politician")).status_code for _ in range(6)]
    assert users[-1] == 429 and users[:5] == [200] * 5


@pytest.mark.parametrize(
    "moment",
    ["0568-07-08T14:07:29%2B18:04", "0001-01-01T00:00:00%2B05:00", "9999-12-31T23:59:59-05:00"],
)
def test_an_extreme_changed_since_is_a_400_or_an_answer_never_a_500(client, world, moment):
    """Found by schemathesis on PostgreSQL: an offset beyond ±15:59 was a DataError."""
    response = client.get(f"/api/v1/measures/?changed_since={moment}")
    assert response.status_code in {200, 400}
