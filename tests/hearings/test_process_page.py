"""The plan's process page and the coordinator's editing of milestones and meetings."""

import pytest
from django.urls import reverse

from bodobolig.permissions import Role
from hearings.models import EngagementMeeting
from plans.models import Milestone
from tests.factories import HearingFactory, PlanFactory, make_user

pytestmark = pytest.mark.django_db


def test_process_page_shows_steps_meetings_presentations_and_the_hearing(client):
    plan = PlanFactory()
    Milestone.objects.create(
        plan=plan, step=1, step_title="Oppstart", date="2013-01-15", title="Bystyret vedtok"
    )
    EngagementMeeting.objects.create(
        plan=plan, held_on="2013-09-02", title="Møte med ungdom", participants="Ungdomsrådet"
    )
    EngagementMeeting.objects.create(
        plan=plan,
        kind=EngagementMeeting.Kind.PRESENTATION,
        held_on="2013-10-02",
        title="Presentasjon for eldrerådet",
        participants="Eldrerådet",
    )
    hearing = HearingFactory(plan=plan, status="closed")
    page = client.get(reverse("hearings:process", args=[plan.slug])).content.decode()
    assert "Trinn 1: Oppstart" in page and "Bystyret vedtok" in page
    assert "Møte med ungdom" in page and "Presentasjon for eldrerådet" in page
    assert reverse("hearings:detail", args=[hearing.pk]) in page
    # Linked from the plan page, with the open hearing.
    open_hearing = HearingFactory(plan=plan)
    plan_page = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("hearings:process", args=[plan.slug]) in plan_page
    assert reverse("hearings:detail", args=[open_hearing.pk]) in plan_page


def test_coordinator_adds_and_edits_milestones_and_meetings(client):
    plan = PlanFactory()
    client.force_login(make_user(Role.COORDINATOR))
    answer = client.post(
        reverse("hearings:milestone_create", args=[plan.slug]),
        {
            "step": 2,
            "step_title": "Kartlegging",
            "date": "2013-03-01",
            "date_precision": "month",
            "title": "Boligbehov kartlagt",
        },
    )
    assert answer.status_code == 302
    milestone = Milestone.objects.get(plan=plan)
    client.post(
        reverse("hearings:milestone_edit", args=[plan.slug, milestone.pk]),
        {
            "step": 2,
            "step_title": "Kartlegging",
            "date": "2013-03-05",
            "date_precision": "day",
            "title": "Boligbehov kartlagt",
        },
    )
    milestone.refresh_from_db()
    assert milestone.date_precision == "day"
    answer = client.post(
        reverse("hearings:meeting_create", args=[plan.slug]),
        {
            "kind": "user_meeting",
            "held_on": "2013-09-09",
            "title": "Brukerperspektivmøte med NAV-brukere",
            "participants": "Brukere",
            "topics": "Startlån",
            "summary": "",
        },
    )
    assert answer.status_code == 302
    assert EngagementMeeting.objects.get(plan=plan).topics == "Startlån"
    bad = client.post(reverse("hearings:meeting_create", args=[plan.slug]), {"title": ""})
    assert bad.status_code == 400
