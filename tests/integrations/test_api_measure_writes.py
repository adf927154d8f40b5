"""Creating and editing a measure through the API: the same services as the pages,
coordinator only, field messages for bad input, 409 when someone saved in between."""

import pytest

from measures.models import Measure

pytestmark = pytest.mark.django_db


def _send(client, world, method, url, data):
    call = getattr(client, method)
    return call(url, data, content_type="application/json", **world.auth("coordinator"))


def _new(world, **changes) -> dict:
    return {
        "plan": world.plan.pk,
        "strategy": world.strategy.pk,
        "code": "7.7.7",
        "title": "Flere utleieboliger",
        "responsible_department": world.department.pk,
        "responsible_person": world.owner_lead.pk,
        "cost_estimate": "250000",
        **changes,
    }


def test_the_coordinator_creates_a_measure(client, world):
    response = _send(client, world, "post", "/api/v1/measures/", _new(world))
    assert response.status_code == 201, response.content
    body = response.json()
    measure = Measure.objects.get(pk=body["id"])
    assert (measure.code, measure.responsible_person) == ("7.7.7", world.owner_lead)
    assert body["responsible_person"]["id"] == world.owner_lead.pk
    assert body["cost_estimate"] == "250000"


def test_bad_input_gets_field_messages(client, world):
    taken = _send(client, world, "post", "/api/v1/measures/", _new(world, code=world.measure.code))
    assert taken.status_code == 400
    assert taken.json()["field"] == "code"
    stranger = _send(
        client,
        world,
        "post",
        "/api/v1/measures/",
        _new(world, responsible_department=world.other_department.pk),
    )
    assert stranger.status_code == 400
    assert stranger.json()["field"] == "responsible_person"
    missing = _send(client, world, "post", "/api/v1/measures/", {"title": ""})
    assert missing.status_code == 400
    assert {"plan", "strategy", "code", "title"} <= set(missing.json())


def test_an_edit_from_a_stale_version_is_a_conflict(client, world):
    measure = world.measure
    url = f"/api/v1/measures/{measure.pk}/"
    version = measure.version
    saved = _send(client, world, "patch", url, {"version": version, "title": "Nytt navn"})
    assert saved.status_code == 200, saved.content
    assert saved.json()["title"] == "Nytt navn"
    assert saved.json()["code"] == measure.code  # left out: kept
    stale = _send(client, world, "patch", url, {"version": version, "title": "Et annet"})
    assert stale.status_code == 409
    assert Measure.objects.get(pk=measure.pk).title == "Nytt navn"
    bad = _send(
        client,
        world,
        "patch",
        url,
        {"version": version + 1, "status": "not_started", "progress": 50},
    )
    assert bad.status_code == 400  # "not started" at 50 %: status and progress disagree
    assert bad.json()["field"] == "progress"
