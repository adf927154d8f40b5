"""Issue 12's words: one name for an owner's update (statusoppdatering) and one for the
report to the city council (statusrapport til bystyret), in both languages; counts in
singular and plural; links relative to the site; a delegation list without the owner
twice; the menu's "Measures" in English."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bodobolig.people import display_name
from bodobolig.permissions import Role
from measures.followup import services as followup_services
from measures.models import ImplementationPlan
from tests.factories import (
    CouncilReportFactory,
    NotificationFactory,
    ReportingRoundFactory,
    make_user,
)
from tests.measures.workflow_world import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return make_world()


def _english(client):
    client.cookies["django_language"] = "en"


def test_an_owners_update_is_a_statusoppdatering_and_the_council_report_is_named_as_such(client, w):
    round_ = ReportingRoundFactory(plan=w.plan)
    round_.measures.set([w.measure])
    client.force_login(w.lead)
    form = client.get(
        reverse("measures:status_update", kwargs={"round_pk": round_.pk, "pk": w.measure.pk})
    ).content.decode()
    assert "<h1" in form and "Statusoppdatering: " in form
    assert "Lever statusoppdatering" in form
    mine = client.get(reverse("measures:my_measures")).content.decode()
    assert f"Statusoppdatering: {round_.name}" in mine
    assert "Statusrapport:" not in mine
    reports = client.get(reverse("measures:council_report_list")).content.decode()
    assert "Statusrapporter til bystyret" in reports  # the heading and the menu

    _english(client)
    form = client.get(
        reverse("measures:status_update", kwargs={"round_pk": round_.pk, "pk": w.measure.pk})
    ).content.decode()
    assert "Submit status update" in form
    assert (
        "Status reports to the city council"
        in client.get(reverse("measures:council_report_list")).content.decode()
    )


def test_the_menu_says_measures_in_english(client, w):
    client.force_login(w.coordinator)
    _english(client)
    nav = client.get(reverse("plan_list")).content.decode()
    nav = nav[nav.index('<nav class="site-nav"') : nav.index("</nav>", nav.index("site-nav"))]
    assert ">Measures</a>" in nav
    assert ">Measure</a>" not in nav


def test_dashboard_counts_read_right_in_the_singular(client, w):
    ordered = followup_services.implementation_plan_order(
        measures=[w.measure], due_date=timezone.localdate(), by=w.coordinator
    ).ordered
    ImplementationPlan.objects.filter(pk=ordered[0].pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=3)
    )
    client.force_login(w.coordinator)
    body = client.get(reverse("measures:dashboard") + f"?plan={w.plan.pk}").content.decode()
    assert "<strong>1</strong> gjennomføringsplan over frist" in body
    assert "<strong>0</strong> statusoppdateringer over frist" in body
    _english(client)
    body = client.get(reverse("measures:dashboard") + f"?plan={w.plan.pk}").content.decode()
    assert "<strong>1</strong> implementation plan overdue" in body


def test_the_notification_log_links_to_the_site_the_user_is_on(client):
    user = make_user(Role.LEAD)
    NotificationFactory(
        recipient=user,
        items=[
            {
                "type": "measure",
                "id": 7,
                "code": "2.1.3",
                "title": "Bostedsløse",
                "url": "http://127.0.0.1:8000/tiltak/7/?fra=epost#tidslinje",
            }
        ],
    )
    client.force_login(user)
    body = client.get(reverse("measures:notification_list")).content.decode()
    assert 'href="/tiltak/7/?fra=epost#tidslinje"' in body
    assert "http://127.0.0.1:8000/tiltak/7/" not in body


def test_the_delegation_list_offers_the_owner_once(client, w):
    client.force_login(w.lead)
    response = client.get(reverse("measures:measure_delegate", args=[w.measure.pk]))
    choices = [label for _value, label in response.context["form"].fields["delegate"].choices]
    assert choices[0] == "Hovedansvarlig selv (ingen delegering)"
    assert display_name(w.lead) not in [
        str(label) for label in choices
    ]  # the empty choice is the owner
    assert any("Hilde" in str(label) for label in choices)


def test_report_request_message_does_not_say_it_is_being_made(client):
    coordinator = make_user(Role.COORDINATOR)
    report = CouncilReportFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("measures:council_report_request", args=[report.plan.slug]),
        {"as_of": timezone.localdate().isoformat(), "title": "Rapport"},
        follow=True,
    )
    body = response.content.decode()
    assert "Rapporten er bestilt." in body
    assert "lages nå." not in body.split('class="messages"')[1].split("</div>")[0]
