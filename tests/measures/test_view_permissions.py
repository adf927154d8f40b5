"""Every coordinator-page view × role, and the role × action matrix of permissions.can."""

import pytest
from django.urls import reverse

from bodobolig.permissions import Role
from plans.models import Plan
from tests.factories import make_department_with_lead, make_user
from tests.measures.coordinator_data import make_plan_with_measures

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "politician", "owner_lead", "other_lead", "coordinator"]
LOGIN = "login"  # expected: redirect to the login page
OK, DONE, FORBIDDEN, NOT_FOUND = 200, "done", 403, 404


@pytest.fixture
def world():
    data = make_plan_with_measures(3)
    _dept, other_lead = make_department_with_lead()
    measure = data.measures[0]
    draft = make_plan_with_measures(1)
    draft.plan.status = Plan.Status.DRAFT
    draft.plan.save()
    users = {
        "anonymous": None,
        "politician": make_user(Role.POLITICIAN),
        "owner_lead": data.leads[0],
        "other_lead": other_lead,
        "coordinator": data.coordinator,
    }
    goal = data.plan.goals.first()
    strategy = measure.strategy
    slug = data.plan.slug
    urls = {
        "dashboard": ("get", reverse("measures:dashboard")),
        "measure_list": ("get", reverse("measures:measure_list") + "?stale=1"),
        "export_xlsx": ("get", reverse("measures:measure_export", args=["xlsx"])),
        "export_csv": ("get", reverse("measures:measure_export", args=["csv"])),
        "measure_detail": ("get", reverse("measures:measure_detail", args=[measure.pk])),
        "measure_detail_draft_plan": (
            "get",
            reverse("measures:measure_detail", args=[draft.measures[0].pk]),
        ),
        "measure_create": ("get", reverse("measures:measure_create", args=[slug])),
        "measure_edit": ("get", reverse("measures:measure_edit", args=[measure.pk])),
        "measure_reassign": ("get", reverse("measures:measure_reassign", args=[measure.pk])),
        "comment_add": ("post", reverse("measures:comment_add", args=[measure.pk])),
        "goal_create": ("get", reverse("plans:goal_create", args=[slug])),
        "goal_edit": ("get", reverse("plans:goal_edit", args=[slug, goal.pk])),
        "strategy_create": ("get", reverse("plans:strategy_create", args=[slug])),
        "strategy_edit": ("get", reverse("plans:strategy_edit", args=[slug, strategy.pk])),
    }
    return users, urls


COORDINATOR_ONLY = {
    "anonymous": LOGIN,
    "politician": FORBIDDEN,
    "owner_lead": FORBIDDEN,
    "other_lead": FORBIDDEN,
    "coordinator": OK,
}
STAFF = {
    "anonymous": LOGIN,
    "politician": FORBIDDEN,
    "owner_lead": OK,
    "other_lead": OK,
    "coordinator": OK,
}
EXPECTED = {
    "dashboard": COORDINATOR_ONLY,
    "measure_list": STAFF,
    "export_xlsx": STAFF,
    "export_csv": STAFF,
    "measure_detail": dict.fromkeys(ROLES, OK),
    "measure_detail_draft_plan": {
        "anonymous": NOT_FOUND,
        "politician": NOT_FOUND,
        "owner_lead": OK,
        "other_lead": OK,
        "coordinator": OK,
    },
    "measure_create": COORDINATOR_ONLY,
    "measure_edit": COORDINATOR_ONLY,
    "measure_reassign": COORDINATOR_ONLY,
    "comment_add": {
        "anonymous": LOGIN,
        "politician": FORBIDDEN,
        "owner_lead": DONE,
        "other_lead": FORBIDDEN,
        "coordinator": DONE,
    },
    "goal_create": COORDINATOR_ONLY,
    "goal_edit": COORDINATOR_ONLY,
    "strategy_create": COORDINATOR_ONLY,
    "strategy_edit": COORDINATOR_ONLY,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", list(EXPECTED))
def test_view_answers_each_role(client, world, view, role):
    users, urls = world
    if users[role] is not None:
        client.force_login(users[role])
    method, url = urls[view]
    if method == "post":
        response = client.post(url, {"text": "Et spørsmål om framdriften."})
    else:
        response = client.get(url)

    expected = EXPECTED[view][role]
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
    elif expected == DONE:
        assert response.status_code == 302
        assert not response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected
