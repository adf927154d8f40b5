"""The 403 page's words (`permissions.refusal`): one sentence per case, never the
"you may see this page but not change it" text for someone the page is not for."""

import pytest
from django.contrib.auth.models import AnonymousUser

from bodobolig.permissions import Action, Role, refusal
from tests.factories import MeasureFactory, make_department_with_lead, make_user

pytestmark = pytest.mark.django_db

POLITICIAN = "Som folkevalgt kan du lese"
PUBLIC = "Denne siden er for ansatte i kommunen"
COORDINATOR_ONLY = "Dette kan bare boligkoordinatoren gjøre"
OWNER_SIDE = "Bare hovedansvarlig og virksomheten"


@pytest.mark.parametrize(
    ("role", "action", "on_measure", "words"),
    [
        (Role.POLITICIAN, Action.VIEW_DASHBOARD, False, POLITICIAN),
        (Role.POLITICIAN, Action.VIEW_FOLLOW_UP, False, POLITICIAN),
        (Role.POLITICIAN, Action.SUBMIT_STATUS_UPDATE, True, POLITICIAN),
        (Role.PUBLIC, Action.REQUEST_REPORT, False, PUBLIC),
        (Role.LEAD, Action.EDIT_MEASURE, True, COORDINATOR_ONLY),
        (Role.LEAD, Action.VIEW_DASHBOARD, False, COORDINATOR_ONLY),
        (Role.LEAD, Action.SUBMIT_STATUS_UPDATE, True, OWNER_SIDE),
        (Role.LEAD, Action.DELEGATE_REPORTING, True, OWNER_SIDE),
    ],
)
def test_each_refusal_names_its_case(role, action, on_measure, words):
    if role is Role.LEAD:
        _department, user = make_department_with_lead()
    elif role is Role.PUBLIC:
        user = AnonymousUser()
    else:
        user = make_user(role)
    text = refusal(user, action, MeasureFactory() if on_measure else None)
    assert words in text
    assert "Du kan se denne siden, men ikke gjøre denne endringen" not in text
