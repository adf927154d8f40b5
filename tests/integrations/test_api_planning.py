"""The plan's life resources of the API: work plans with their lines (staff all, politicians
the published ones, the public none) and ongoing projects (staff), with their filters."""

import datetime as dt

import pytest

from measures.models import OngoingProject

pytestmark = pytest.mark.django_db


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_work_plans_by_role_with_their_lines(client, world):
    both = {world.work_plan.pk, world.published_work_plan.pk}
    assert set(_ids(client.get("/api/v1/work-plans/", **world.auth("coordinator")))) == both
    assert _ids(client.get("/api/v1/work-plans/", **world.auth("politician"))) == [
        world.published_work_plan.pk
    ]
    assert _ids(client.get("/api/v1/work-plans/")) == []
    body = client.get(
        f"/api/v1/work-plans/{world.work_plan.pk}/", **world.auth("owner_lead")
    ).json()
    [line] = body["items"]
    assert line["measure"] == world.measure.pk
    assert line["measure_code"] == world.measure.code
    assert line["responsible"]["id"] == world.users["owner_lead"].pk
    assert line["state"] == "planned"


def test_work_plan_filters(client, world):
    auth = world.auth("coordinator")
    assert _ids(client.get("/api/v1/work-plans/?year=2024", **auth)) == [
        world.published_work_plan.pk
    ]
    lead = world.users["owner_lead"].pk
    assert _ids(client.get(f"/api/v1/work-plans/?responsible={lead}", **auth)) == [
        world.work_plan.pk
    ]
    assert _ids(client.get(f"/api/v1/work-plans/?plan={world.draft_plan.pk}", **auth)) == []
    assert client.get("/api/v1/work-plans/?year=x", **auth).status_code == 400


def test_projects_and_their_filters(client, world):
    auth = world.auth("other_lead")
    old = OngoingProject.objects.create(
        name="Avsluttet prosjekt",
        department=world.other_department,
        start=dt.date(2010, 1, 1),
        end=dt.date(2012, 12, 31),
    )
    assert _ids(client.get("/api/v1/projects/?ordering=name", **auth)) == [
        old.pk,
        world.project.pk,
    ]
    assert _ids(client.get(f"/api/v1/projects/?measure={world.measure.pk}", **auth)) == [
        world.project.pk
    ]
    # open-ended (no start or end) runs on any day
    assert _ids(client.get("/api/v1/projects/?active_on=2011-06-01", **auth)) == [
        old.pk,
        world.project.pk,
    ]
    assert _ids(client.get("/api/v1/projects/?active_on=2030-01-01", **auth)) == [world.project.pk]
    assert _ids(client.get("/api/v1/projects/?q=bolig", **auth)) == [world.project.pk]
    row = client.get(f"/api/v1/projects/{world.project.pk}/", **auth).json()
    assert row["department"] == {"id": world.department.pk, "name": world.department.name}
    assert row["measures"] == [world.measure.pk]
    assert client.get("/api/v1/projects/?active_on=i-går", **auth).status_code == 400
