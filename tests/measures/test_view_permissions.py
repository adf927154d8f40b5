"""Every coordinator-page view × role, and the role × action matrix of permissions.can."""

import pytest
from django.urls import reverse

from bodobolig.permissions import Action, Role, can
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


# --- The role × action matrix of bodobolig.permissions.can, for a measure ------------

MATRIX_ROLES = ["public", "politician", "owner_lead", "other_lead", "coordinator", "admin"]
EVERYONE = set(MATRIX_ROLES)
COORDINATORS = {"coordinator", "admin"}
OWNER_SIDE = {"owner_lead", "coordinator", "admin"}
STAFF_ROLES = {"owner_lead", "other_lead", "coordinator", "admin"}
MAY = {
    Action.VIEW: EVERYONE,
    Action.VIEW_INTERNAL: OWNER_SIDE,
    Action.EDIT_MEASURE: COORDINATORS,
    Action.REASSIGN_OWNER: COORDINATORS,
    Action.DELEGATE_REPORTING: OWNER_SIDE,
    Action.ORDER_IMPLEMENTATION_PLAN: COORDINATORS,
    Action.SUBMIT_IMPLEMENTATION_PLAN: OWNER_SIDE,
    Action.APPROVE_IMPLEMENTATION_PLAN: COORDINATORS,
    Action.SUBMIT_STATUS_UPDATE: OWNER_SIDE,
    Action.COMMENT: OWNER_SIDE,
    Action.EDIT_PLAN: COORDINATORS,
    Action.MANAGE_ROUNDS: COORDINATORS,
    Action.REOPEN_STATUS_UPDATE: COORDINATORS,
    Action.MANAGE_HEARING: COORDINATORS,
    Action.REQUEST_REPORT: COORDINATORS,
    Action.PUBLISH_REPORT: COORDINATORS,
    Action.VIEW_NOTIFICATION_LOG: EVERYONE - {"public"},  # one's own notices
    Action.VIEW_ALL_NOTIFICATIONS: COORDINATORS,
    Action.RESEND_NOTIFICATION: COORDINATORS,
    Action.EDIT_FOLLOW_UP_SETTINGS: COORDINATORS,
    Action.VIEW_DASHBOARD: COORDINATORS,
    Action.VIEW_MEASURE_LIST: STAFF_ROLES,
    Action.VIEW_FOLLOW_UP: STAFF_ROLES,  # reporting rounds, "mine tiltak" (h3a)
}


def test_matrix_names_every_action():
    assert set(MAY) == set(Action)


@pytest.fixture
def matrix_world():
    data = make_plan_with_measures(1)
    _dept, other_lead = make_department_with_lead()
    from django.contrib.auth.models import AnonymousUser

    return data.measures[0], {
        "public": AnonymousUser(),
        "politician": make_user(Role.POLITICIAN),
        "owner_lead": data.leads[0],
        "other_lead": other_lead,
        "coordinator": data.coordinator,
        "admin": make_user(Role.ADMIN),
    }


@pytest.mark.parametrize("role", MATRIX_ROLES)
@pytest.mark.parametrize("action", list(MAY), ids=str)
def test_can_matrix_for_a_measure_in_an_adopted_plan(matrix_world, action, role):
    measure, users = matrix_world
    assert can(users[role], action, measure) is (role in MAY[action])
