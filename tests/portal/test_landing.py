"""Where each role lands after logging in, and the 403 page's words per case."""

import pytest
from django.urls import reverse

from bodobolig.permissions import Role
from tests.factories import (
    MeasureFactory,
    ReportingRoundFactory,
    make_department_with_lead,
    make_user,
)

pytestmark = pytest.mark.django_db

OLD_403_TEXT = "Du kan se denne siden, men ikke gjøre denne endringen"


def _log_in(client, user, **extra):
    return client.post(
        reverse("login"), {"username": user.username, "password": "passord", **extra}
    )


@pytest.fixture
def plan():
    return MeasureFactory().plan


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        (Role.COORDINATOR, "/tiltak/oversikt/"),
        (Role.LEAD, "/tiltak/mine/"),
        (Role.ADMIN, "/tiltak/oversikt/"),
        (None, "/"),  # logged in without a role: the front page
    ],
)
def test_each_role_lands_on_its_own_start_page(client, plan, role, landing):
    response = _log_in(client, make_user(role))
    assert response.status_code == 302
    assert response.url == landing


def test_politician_lands_on_the_current_plans_scorecard(client, plan):
    response = _log_in(client, make_user(Role.POLITICIAN))
    assert response.url == f"{plan.get_absolute_url()}#resultattavle"
    page = client.get(plan.get_absolute_url())
    assert 'id="resultattavle"' in page.content.decode()


def test_politician_without_a_readable_plan_lands_on_the_front_page(client):
    assert _log_in(client, make_user(Role.POLITICIAN)).url == "/"


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.LEAD, Role.POLITICIAN])
def test_next_is_honoured_for_every_role(client, plan, role):
    response = _log_in(client, make_user(role), next="/tiltak/rapporter/")
    assert response.url == "/tiltak/rapporter/"


def test_an_unsafe_next_is_ignored_and_the_role_decides(client, plan):
    response = _log_in(client, make_user(Role.LEAD), next="https://example.com/")
    assert response.url == "/tiltak/mine/"


def test_politician_on_a_staff_page_is_told_what_the_page_is_for(client):
    client.force_login(make_user(Role.POLITICIAN))
    response = client.get(reverse("measures:dashboard"))
    assert response.status_code == 403
    html = response.content.decode()
    assert OLD_403_TEXT not in html
    assert "Som folkevalgt kan du lese planene" in html
    assert reverse("home") in html


def test_politician_on_the_staff_measure_list_is_sent_to_the_public_one(client):
    client.force_login(make_user(Role.POLITICIAN))
    response = client.get(reverse("measures:measure_list"), {"status": "completed"})
    assert response.status_code == 302
    assert response.url == reverse("measures:public_measure_list") + "?status=completed"


def test_lead_on_a_coordinator_page_is_told_only_the_coordinator_may(client):
    _department, lead = make_department_with_lead()
    client.force_login(lead)
    response = client.get(reverse("measures:follow_up_settings"))
    assert response.status_code == 403
    assert "Dette kan bare boligkoordinatoren gjøre" in response.content.decode()


def test_lead_on_another_departments_measure_is_told_who_may(client):
    _department, other_lead = make_department_with_lead()
    measure = MeasureFactory()
    reporting_round = ReportingRoundFactory(plan=measure.plan)
    reporting_round.measures.add(measure)
    client.force_login(other_lead)
    response = client.get(
        reverse("measures:status_update", kwargs={"round_pk": reporting_round.pk, "pk": measure.pk})
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "Bare hovedansvarlig og virksomheten som har ansvar for tiltaket" in html
    assert OLD_403_TEXT not in html


def test_public_on_a_staff_page_behind_no_login_gets_its_own_words(client, plan):
    response = client.get(reverse("measures:council_report_request", kwargs={"slug": plan.slug}))
    assert response.status_code == 403
    assert "Denne siden er for ansatte i kommunen" in response.content.decode()
