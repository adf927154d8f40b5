"""Who sees a hearing (bodobolig.permissions dispatches hearings.hearing for VIEW)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from bodobolig.permissions import Action, Role, can
from plans.models import Plan
from tests.factories import HearingFactory, PlanFactory, make_user

pytestmark = pytest.mark.django_db

ROLES = ["public", "politician", "lead", "coordinator", "admin"]
# status of the hearing (on a plan on hearing) → roles that see it
VISIBLE = {
    "planned": {"lead", "coordinator", "admin"},
    "open": set(ROLES),
    "closed": set(ROLES),
    "processed": set(ROLES),
}


def users():
    return {
        "public": AnonymousUser(),
        "politician": make_user(Role.POLITICIAN),
        "lead": make_user(Role.LEAD),
        "coordinator": make_user(Role.COORDINATOR),
        "admin": make_user(Role.ADMIN),
    }


def test_who_sees_a_hearing_by_its_status():
    people = users()
    for status, allowed in VISIBLE.items():
        hearing = HearingFactory(status=status)
        seen = {role for role, user in people.items() if can(user, Action.VIEW, hearing)}
        assert seen == allowed, status


def test_a_hearing_of_a_draft_plan_is_hidden_like_the_plan():
    people = users()
    hearing = HearingFactory(plan=PlanFactory(status=Plan.Status.DRAFT))
    seen = {role for role, user in people.items() if can(user, Action.VIEW, hearing)}
    assert seen == {"lead", "coordinator", "admin"}


def test_only_coordinators_manage_and_read_attachments():
    people = users()
    hearing = HearingFactory()
    for action in (Action.MANAGE_HEARING, Action.VIEW_HEARING_RESPONSE_FILES):
        allowed = {role for role, user in people.items() if can(user, action, hearing)}
        assert allowed == {"coordinator", "admin"}
