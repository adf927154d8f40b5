"""The measure page's timeline and the dashboard's feed read the audit trail."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from bodobolig.permissions import Role
from measures.followup import reporting as followup_reporting
from measures.followup import services as followup_services
from measures.models import Measure, Notification
from measures.register import selectors
from measures.register import services as register_services
from measures.reports import services as report_services
from tests.factories import CouncilReportFactory, ReportingRoundFactory, make_user
from tests.measures.coordinator_data import make_plan_with_measures
from tests.measures.workflow_world import make_world

pytestmark = pytest.mark.django_db

FEEDBACK = "Aktivitetene mangler frister. Legg inn datoer."


@pytest.fixture
def w():
    world = make_world()
    for user, (first, last) in (
        (world.coordinator, ("Kari", "Koordinator")),
        (world.lead, ("Lars", "Leder")),
    ):
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])
    return world


def _submitted_plan(w):
    """An implementation plan ordered by the coordinator and submitted by the owner."""
    ip = followup_services.implementation_plan_order(
        measures=[w.measure],
        due_date=timezone.localdate() + dt.timedelta(days=14),
        by=w.coordinator,
    ).ordered[0]
    ip = followup_services.implementation_plan_save_draft(
        implementation_plan=ip,
        by=w.lead,
        expected_version=ip.version,
        expected_result="Ti nye boliger.",
        activities=[{"title": "Kartlegge tomter"}],
    )
    followup_services.implementation_plan_submit(
        implementation_plan=ip, by=w.lead, expected_version=ip.version
    )
    ip.refresh_from_db()
    return ip


def _entry(timeline, action):
    return next(entry for entry in timeline if entry.action == action)


def test_a_returned_plan_names_the_coordinator_and_shows_the_feedback(w):
    ip = _submitted_plan(w)
    followup_services.implementation_plan_return(
        implementation_plan=ip, by=w.coordinator, expected_version=ip.version, feedback=FEEDBACK
    )
    timeline = selectors.measure_timeline(w.measure, internal=True)
    returned = _entry(timeline, "implementation_plan.returned")
    assert returned.who == "Kari Koordinator"
    assert returned.title == "Kari Koordinator sendte gjennomføringsplanen tilbake (versjon 1)"
    assert returned.text == FEEDBACK
    assert ("Status", "Levert", "Sendt tilbake") in returned.changes
    submitted = _entry(timeline, "implementation_plan.submitted")
    assert submitted.who == "Lars Leder" and submitted.text == ""
    assert submitted.title == "Lars Leder leverte gjennomføringsplanen (versjon 1)"
    # Newest first: the return, the submission, the draft, the order.
    assert [e.action for e in timeline] == [
        "implementation_plan.returned",
        "implementation_plan.submitted",
        "implementation_plan.draft_saved",
        "implementation_plan.ordered",
    ]


def test_the_measure_page_shows_the_feedback_under_the_coordinators_name(client, w):
    ip = _submitted_plan(w)
    followup_services.implementation_plan_return(
        implementation_plan=ip, by=w.coordinator, expected_version=ip.version, feedback=FEEDBACK
    )
    client.force_login(w.coordinator)
    html = client.get(w.measure.get_absolute_url()).content.decode()
    assert "Kari Koordinator sendte gjennomføringsplanen tilbake" in html
    assert FEEDBACK in html and "– Kari Koordinator" in html
    assert "versjon 1 levert · Lars Leder" not in html


def test_an_approval_names_the_approver(w):
    ip = _submitted_plan(w)
    followup_services.implementation_plan_approve(
        implementation_plan=ip, by=w.coordinator, expected_version=ip.version
    )
    approved = _entry(
        selectors.measure_timeline(w.measure, internal=True), "implementation_plan.approved"
    )
    assert approved.who == "Kari Koordinator"
    assert approved.title == "Kari Koordinator godkjente gjennomføringsplanen (versjon 1)"


def test_the_public_timeline_shows_status_updates_only(client, w):
    ip = _submitted_plan(w)
    followup_services.implementation_plan_return(
        implementation_plan=ip, by=w.coordinator, expected_version=ip.version, feedback=FEEDBACK
    )
    register_services.comment_add(measure=w.measure, author=w.coordinator, text="Intern merknad")
    followup_reporting.status_update_submit(
        measure=w.measure, by=w.lead, status="in_progress", progress=30, text="Tomter kartlagt."
    )
    public = selectors.measure_timeline(w.measure, internal=False)
    assert [e.action for e in public] == ["status_update.submitted"]
    assert public[0].text == "Tomter kartlagt." and public[0].obj is not None
    assert public[0].title == "Lars Leder leverte statusoppdatering: Pågår, 30 %"
    for user in (w.politician, None):
        client.logout()
        if user:
            client.force_login(user)
        html = client.get(w.measure.get_absolute_url()).content.decode()
        assert "Tomter kartlagt." in html
        assert FEEDBACK not in html and "Intern merknad" not in html
        assert "gjennomføringsplanen" not in html


@pytest.mark.parametrize("size", [20, 300])
def test_measure_page_with_a_long_trail_keeps_its_query_count(
    size, client, django_assert_num_queries
):
    data = make_plan_with_measures(size)
    measure = data.measures[0]
    for n in range(size // 10):
        register_services.comment_add(measure=measure, author=data.coordinator, text=f"Nr {n}")
        followup_reporting.status_update_submit(
            measure=measure,
            by=measure.responsible_person,
            status="in_progress",
            progress=n,
            text=f"Rapport {n}",
        )
    client.force_login(data.coordinator)
    # session, user, groups; the measure with its joins; which of its lists have rows
    # (none here); the audit entries; the status updates they name.
    with django_assert_num_queries(7):
        response = client.get(measure.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["timeline"]) >= 2 * (size // 10)


def test_the_dashboard_feed_names_who_opened_and_closed_a_round_and_published_a_report(client, w):
    round_ = followup_reporting.reporting_round_open(
        plan=w.plan,
        name="Tertial 1",
        due_date=timezone.localdate() + dt.timedelta(days=10),
        by=w.coordinator,
    )
    followup_reporting.reporting_round_close(reporting_round=round_, by=w.coordinator)
    report = CouncilReportFactory(plan=w.plan, title="Statusrapport 2026", status="ready")
    report_services.council_report_publish(report=report, user=w.coordinator)
    followup_reporting.status_update_submit(
        measure=w.measure, by=w.lead, status="in_progress", progress=10, text="I gang."
    )
    client.force_login(w.coordinator)
    response = client.get(reverse("measures:dashboard") + f"?plan={w.plan.pk}")
    activity = [item.text for item in response.context["dashboard"].activity]
    assert activity[:4] == [
        "Lars Leder leverte statusoppdatering: Pågår, 10 %",
        "Kari Koordinator publiserte statusrapporten til bystyret «Statusrapport 2026»",
        "Kari Koordinator lukket rapporteringsrunden «Tertial 1»",
        f"Kari Koordinator åpnet rapporteringsrunden «Tertial 1» med frist "
        f"{timezone.localdate() + dt.timedelta(days=10):%d.%m.%Y}",
    ]
    html = response.content.decode()
    assert "Kari Koordinator lukket rapporteringsrunden «Tertial 1»" in html
    # The status update links to its measure; the round's entries have none.
    assert reverse("measures:measure_detail", args=[w.measure.pk]) in html


def test_a_politician_never_sees_an_audit_entry_of_another_kind(client, w):
    register_services.measure_reassign(
        measure_id=w.measure.pk,
        user=w.coordinator,
        department=w.other_department,
        person=w.other_lead,
        reason="Ny organisering",
    )
    assert selectors.measure_timeline(w.measure, internal=False) == []
    internal = selectors.measure_timeline(w.measure, internal=True)
    assert internal[0].text == "Ny organisering"
    client.force_login(make_user(Role.POLITICIAN))
    assert "Ny organisering" not in client.get(w.measure.get_absolute_url()).content.decode()


def _corrected_update(w):
    round_ = ReportingRoundFactory(plan=w.plan)
    round_.measures.set([w.measure])
    update = followup_reporting.status_update_submit(
        measure=w.measure,
        reporting_round=round_,
        by=w.lead,
        status="in_progress",
        progress=40,
        text="Beboeren Ola Nordmann fikk nøkkel.",
    )
    followup_reporting.status_update_reopen(
        status_update=update, by=w.coordinator, reason="Navn på en beboer."
    )
    followup_reporting.status_update_correct(
        status_update=update,
        by=w.lead,
        status="in_progress",
        progress=50,
        text="Én beboer fikk nøkkel.",
    )
    return update


def test_the_public_reads_a_corrected_update_once_with_its_new_words(w):
    _corrected_update(w)

    public = selectors.measure_timeline(w.measure, internal=False)
    assert [entry.text for entry in public] == ["Én beboer fikk nøkkel."]
    assert all("Ola Nordmann" not in entry.title + entry.text for entry in public)
    internal = selectors.measure_timeline(w.measure, internal=True)
    corrected = _entry(internal, "status_update.corrected")
    assert corrected.text == "Én beboer fikk nøkkel."
    assert ("Framdrift", "40 %", "50 %") in corrected.changes
    assert _entry(internal, "status_update.reopened").text == "Navn på en beboer."


def test_the_coordinators_hear_of_a_correction(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _corrected_update(w)
    corrected = Notification.objects.filter(key__startswith="status_corrected:")
    assert [n.recipient for n in corrected] == [w.coordinator]
    assert "(rettet)" in corrected.get().items[0]["label"]


def test_the_timeline_speaks_the_readers_language(w):
    Measure.objects.filter(pk=w.measure.pk).update(status="planned", progress=10)
    followup_reporting.status_update_submit(
        measure=w.measure, by=w.lead, status="in_progress", progress=40, text="Godt i gang."
    )
    with translation.override("en"):
        [entry] = selectors.measure_timeline(w.measure, internal=False)
        assert entry.title == "Lars Leder submitted a status update: In progress, 40 %"
        assert ("Status", "Planned", "In progress") in entry.changes
        assert ("Progress", "10 %", "40 %") in entry.changes
