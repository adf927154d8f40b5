"""The REST API answers with the same permission rules as the pages."""

import pytest

from bodobolig.permissions import Role
from plans.models import Plan
from tests.factories import GoalFactory, MeasureFactory, PlanFactory, StrategyFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def measures():
    adopted = MeasureFactory()
    draft_plan = PlanFactory(status=Plan.Status.DRAFT)
    draft = MeasureFactory(strategy=StrategyFactory(goal=GoalFactory(plan=draft_plan)))
    return adopted, draft


@pytest.mark.parametrize(
    ("role", "sees_draft"),
    [(None, False), (Role.POLITICIAN, False), (Role.LEAD, True), (Role.COORDINATOR, True)],
)
def test_measure_list_hides_draft_plans_from_the_public_and_politicians(
    client, measures, role, sees_draft
):
    adopted, draft = measures
    if role:
        client.force_login(make_user(role))
    codes = {row["id"] for row in client.get("/api/measures/").json()["results"]}
    assert adopted.pk in codes
    assert (draft.pk in codes) is sees_draft
    detail = client.get(f"/api/measures/{draft.pk}/")
    assert detail.status_code == (200 if sees_draft else 404)


def test_measure_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    strategy = StrategyFactory()
    for _ in range(30):
        MeasureFactory(strategy=strategy)
    # the stale rule's N, count, page of measures with strategy, goal, department, owner
    # and their last status update's date (a subquery).
    with django_assert_max_num_queries(3):
        assert client.get("/api/measures/").status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_read_api_refuses_writes(client, measures, method):
    client.force_login(make_user(Role.COORDINATOR))
    adopted, _draft = measures
    url = "/api/measures/" if method == "post" else f"/api/measures/{adopted.pk}/"
    assert getattr(client, method)(url, {}, content_type="application/json").status_code in {
        403,
        405,
    }


def test_openapi_schema_is_generated(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/measures/" in response.content
