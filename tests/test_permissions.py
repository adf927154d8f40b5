"""The permission matrix: every role × every action on a measure of the user's own
department and of another department (bodobolig.permissions is the only rule book)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from bodobolig.permissions import Action, Role, can, role_of
from plans.models import Plan
from tests.factories import (
    DepartmentFactory,
    MeasureFactory,
    PlanFactory,
    StrategyFactory,
    make_department_with_lead,
    make_user,
)

pytestmark = pytest.mark.django_db

A = Action
ACTIONS = [
    A.VIEW,
    A.EDIT_MEASURE,
    A.REASSIGN_OWNER,
    A.ORDER_IMPLEMENTATION_PLAN,
    A.SUBMIT_IMPLEMENTATION_PLAN,
    A.APPROVE_IMPLEMENTATION_PLAN,
    A.SUBMIT_STATUS_UPDATE,
]
COORDINATOR_ACTIONS = set(ACTIONS)
OWNER_SIDE_ACTIONS = {A.VIEW, A.SUBMIT_IMPLEMENTATION_PLAN, A.SUBMIT_STATUS_UPDATE}

# role → (allowed on own department's measure, allowed on another department's measure)
EXPECTED = {
    "anonymous": ({A.VIEW}, {A.VIEW}),
    "politician": ({A.VIEW}, {A.VIEW}),
    "lead": (OWNER_SIDE_ACTIONS, {A.VIEW}),
    "member": (OWNER_SIDE_ACTIONS, {A.VIEW}),
    "coordinator": (COORDINATOR_ACTIONS, COORDINATOR_ACTIONS),
    "admin": (COORDINATOR_ACTIONS, COORDINATOR_ACTIONS),
}


@pytest.fixture
def world():
    """Two departments with a lead each, a member of the first, and one measure in each."""
    own_department, lead = make_department_with_lead()
    member = make_user(Role.LEAD)
    own_department.members.add(member)
    other_department, _other_lead = make_department_with_lead()
    strategy = StrategyFactory()
    own = MeasureFactory(
        strategy=strategy, responsible_department=own_department, responsible_person=lead
    )
    other = MeasureFactory(
        strategy=strategy,
        responsible_department=other_department,
        responsible_person=other_department.lead,
    )
    users = {
        "anonymous": AnonymousUser(),
        "politician": make_user(Role.POLITICIAN),
        "lead": lead,
        "member": member,
        "coordinator": make_user(Role.COORDINATOR),
        "admin": make_user(Role.ADMIN),
    }
    return users, own, other


@pytest.mark.parametrize("action", ACTIONS, ids=str)
@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("whose", ["own", "other"])
def test_permission_matrix(world, role, action, whose):
    users, own, other = world
    measure = own if whose == "own" else other
    allowed_own, allowed_other = EXPECTED[role]
    expected = action in (allowed_own if whose == "own" else allowed_other)
    assert can(users[role], action, measure) is expected


@pytest.mark.parametrize(
    ("role", "sees_draft"),
    [("anonymous", False), ("politician", False), ("lead", True), ("coordinator", True)],
)
def test_draft_plans_are_for_staff_only(world, role, sees_draft):
    users, own, _other = world
    Plan.objects.filter(pk=own.plan_id).update(status=Plan.Status.DRAFT)
    own.plan.refresh_from_db()
    assert can(users[role], A.VIEW, own) is sees_draft


def test_named_owner_outside_the_department_may_report():
    lead = make_user(Role.LEAD)
    measure = MeasureFactory(responsible_person=lead, responsible_department=DepartmentFactory())
    assert can(lead, A.SUBMIT_STATUS_UPDATE, measure)
    assert not can(lead, A.APPROVE_IMPLEMENTATION_PLAN, measure)


def test_lead_of_parent_unit_counts_as_owner_side():
    parent, parent_lead = make_department_with_lead()
    office = DepartmentFactory(parent=parent)
    measure = MeasureFactory(responsible_department=office)
    assert can(parent_lead, A.SUBMIT_STATUS_UPDATE, measure)


def test_inactive_user_has_no_role():
    user = make_user(Role.COORDINATOR)
    user.is_active = False
    assert role_of(user) is Role.PUBLIC
    assert not can(user, A.EDIT_MEASURE, MeasureFactory(plan=PlanFactory()))
