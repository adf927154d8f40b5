"""Opening and closing reporting rounds through the API: the same service as the page,
coordinator only, field messages for bad input, 409 for closing a closed round."""

import datetime as dt

import pytest
from django.utils import timezone

from bodobolig.models import AuditEntry
from measures.models import ReportingRound

pytestmark = pytest.mark.django_db


def _post(client, world, url, data=None, role="coordinator"):
    return client.post(url, data or {}, content_type="application/json", **world.auth(role))


def test_the_coordinator_opens_a_round_for_chosen_measures(client, world):
    due = timezone.localdate() + dt.timedelta(days=30)
    response = _post(
        client,
        world,
        "/api/v1/reporting-rounds/",
        {
            "plan": world.plan.pk,
            "name": "Høsten",
            "due_date": due.isoformat(),
            "measures": [world.measure.pk, world.approved_measure.pk],
            "confirm_parallel": True,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["status"], body["measure_count"]) == ("Høsten", "open", 2)
    round_ = ReportingRound.objects.get(pk=body["id"])
    assert round_.due_date == due
    assert AuditEntry.objects.filter(action="reporting_round.opened").exists()


def test_bad_input_gets_field_messages(client, world):
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = _post(
        client,
        world,
        "/api/v1/reporting-rounds/",
        {"plan": world.plan.pk, "name": "Gammel", "due_date": past, "confirm_parallel": True},
    )
    assert response.status_code == 400
    assert response.json()["due_date"] == ["Fristen kan ikke være tilbake i tid."]
    response = _post(client, world, "/api/v1/reporting-rounds/", {"plan": "x", "name": ""})
    assert response.status_code == 400
    assert {"plan", "name", "due_date"} <= set(response.json())
    # another round of the plan is open: the coordinator must confirm a parallel one
    future = (timezone.localdate() + dt.timedelta(days=9)).isoformat()
    response = _post(
        client,
        world,
        "/api/v1/reporting-rounds/",
        {"plan": world.plan.pk, "name": "Ny", "due_date": future},
    )
    assert response.status_code == 400
    assert response.json()["field"] == "confirm_parallel"


def test_closing_then_closing_again_is_a_conflict(client, world):
    url = f"/api/v1/reporting-rounds/{world.round.pk}/close/"
    response = _post(client, world, url)
    assert response.status_code == 200
    assert response.json()["status"] == "closed"
    again = _post(client, world, url)
    assert again.status_code == 409
    assert again.json()["detail"] == "Runden er allerede lukket."


def test_a_lead_may_not_open_or_close(client, world):
    url = f"/api/v1/reporting-rounds/{world.round.pk}/close/"
    assert _post(client, world, url, role="owner_lead").status_code == 403
    assert ReportingRound.objects.get(pk=world.round.pk).status == ReportingRound.Status.OPEN
