"""One home for each rule (issue 8): status agrees with progress (form, service, database),
correcting a submitted status update, "last reported" derived from status updates, one
stale rule everywhere, funding years inside the plan period, a second open round asks
first, and the status form shows what the owner needs."""

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from bodobolig.errors import DomainError
from bodobolig.models import AuditEntry
from bodobolig.permissions import Action, Role, can
from demo.generate import generate_small
from measures import status
from measures.followup import dashboard, reminders, reporting, selectors
from measures.followup import services as followup_services
from measures.followup.forms import FundingForm, ReportingRoundForm, StatusUpdateForm
from measures.models import FollowUpSettings, Measure, ReportingRound, StatusUpdate
from measures.notifications import notices
from measures.register import services as register_services
from measures.register.forms import MeasureForm
from measures.reports.snapshot import build_snapshot
from plans.models import Plan
from tests.factories import (
    ImplementationActivityFactory,
    ImplementationPlanFactory,
    MeasureFactory,
    ReportingRoundFactory,
    StatusUpdateFactory,
    make_user,
)
from tests.measures.workflow_world import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return make_world()


def _round(w, **kwargs):
    round_ = ReportingRoundFactory(plan=w.plan, **kwargs)
    round_.measures.set([w.measure, w.other_measure])
    return round_


# --- 1. Status and progress agree -------------------------------------------------------------


@pytest.mark.parametrize(("state", "progress"), [("completed", 40), ("not_started", 30)])
def test_status_form_refuses_a_mismatch_on_the_progress_field(state, progress):
    form = StatusUpdateForm({"status": state, "progress": progress, "text": "Ferdig."})
    assert not form.is_valid()
    assert list(form.errors) == ["progress"]
    assert form.errors["progress"] == [status.progress_error(state, progress)]


def test_status_form_accepts_completed_at_100():
    form = StatusUpdateForm({"status": "completed", "progress": 100, "text": "Ferdig."})
    assert form.is_valid(), form.errors


def test_measure_form_refuses_a_mismatch_on_the_progress_field(w):
    form = MeasureForm(
        {
            "strategy": w.measure.strategy_id,
            "code": "1.1.9",
            "title": "Nytt",
            "responsible_department": w.department.pk,
            "responsible_person": w.lead.pk,
            "status": "completed",
            "progress": "40",
        },
        plan=w.plan,
    )
    assert not form.is_valid()
    assert "progress" in form.errors and "«Fullført»" in form.errors["progress"][0]


def test_status_update_service_refuses_a_mismatch(w):
    round_ = _round(w)
    with pytest.raises(DomainError) as error:
        reporting.status_update_submit(
            measure=w.measure,
            reporting_round=round_,
            by=w.lead,
            status="completed",
            progress=40,
            text="Ferdig.",
        )
    assert error.value.field == "progress"
    assert not StatusUpdate.objects.exists()


def test_measure_services_refuse_a_mismatch(w):
    with pytest.raises(DomainError) as error:
        register_services.measure_create(
            plan=w.plan,
            user=w.coordinator,
            strategy=w.measure.strategy,
            code="1.1.9",
            title="Nytt",
            responsible_department=w.department,
            responsible_person=w.lead,
            status="not_started",
            progress=20,
        )
    assert error.value.field == "progress"
    with pytest.raises(DomainError) as error:
        register_services.measure_update(
            measure_id=w.measure.pk,
            version=w.measure.version,
            user=w.coordinator,
            strategy=w.measure.strategy,
            code=w.measure.code,
            title=w.measure.title,
            status="completed",
        )  # kept progress 40 disagrees with "Fullført"
    assert error.value.field == "progress"


def test_model_clean_names_the_progress_field(w):
    w.measure.status = "completed"
    w.measure.progress = 40
    with pytest.raises(Exception) as error:
        w.measure.full_clean()
    assert "progress" in error.value.message_dict


def test_database_refuses_a_mismatch_on_measures_and_status_updates(w):
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=w.measure.pk).update(status="completed", progress=40)
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusUpdate.objects.create(
            measure=w.measure,
            status="not_started",
            progress=10,
            text="x",
            submitted_at=timezone.now(),
        )
    w.measure.refresh_from_db()
    w.measure.status, w.measure.progress = "completed", 40
    with pytest.raises(IntegrityError), transaction.atomic():
        w.measure.save()


# --- 2. Correcting a submitted status update ------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("coordinator", True), ("lead", False), ("politician", False), ("public", False)],
)
def test_only_the_coordinator_may_reopen_a_status_update(w, role, allowed):
    user = {
        "coordinator": w.coordinator,
        "lead": w.lead,
        "politician": w.politician,
        "public": None,
    }[role]
    assert can(user, Action.REOPEN_STATUS_UPDATE, w.measure) is allowed


def _submitted(w):
    round_ = _round(w)
    update = reporting.status_update_submit(
        measure=w.measure,
        reporting_round=round_,
        by=w.lead,
        status="in_progress",
        progress=40,
        text="Godt i gang.",
    )
    return round_, update


def test_reopen_needs_a_reason(w):
    _round_, update = _submitted(w)
    with pytest.raises(DomainError) as error:
        reporting.status_update_reopen(status_update=update, by=w.coordinator, reason="  ")
    assert error.value.field == "reason"


def test_a_submitted_update_cannot_be_edited_until_reopened(client, w):
    round_, update = _submitted(w)
    with pytest.raises(DomainError):
        reporting.status_update_correct(
            status_update=update, by=w.lead, status="completed", progress=100, text="Ferdig."
        )
    client.force_login(w.lead)
    url = reverse("measures:status_update", args=[round_.pk, w.measure.pk])
    page = client.get(url).content.decode()
    assert "Lagre rettet statusoppdatering" not in page and "Lever statusoppdatering" not in page
    response = client.post(url, {"status": "completed", "progress": "100", "text": "Ferdig."})
    assert response.status_code == 400
    update.refresh_from_db()
    assert (update.status, update.progress) == ("in_progress", 40)


def test_lead_cannot_reopen_through_the_page(client, w):
    round_, update = _submitted(w)
    client.force_login(w.lead)
    url = reverse("measures:status_update_reopen", args=[round_.pk, w.measure.pk])
    assert client.post(url, {"reason": "Feil"}).status_code == 403
    update.refresh_from_db()
    assert not update.is_reopened


def test_reopen_and_correct_through_the_pages(client, w):
    round_, update = _submitted(w)
    status_url = reverse("measures:status_update", args=[round_.pk, w.measure.pk])
    client.force_login(w.coordinator)
    assert "Åpne statusoppdateringen for retting" in client.get(status_url).content.decode()
    response = client.post(
        reverse("measures:status_update_reopen", args=[round_.pk, w.measure.pk]),
        {"reason": "Tiltaket er fullført, ikke 40 %."},
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.is_reopened and update.reopened_by == w.coordinator
    reopened = AuditEntry.objects.get(action="status_update.reopened")
    assert reopened.text == "Tiltaket er fullført, ikke 40 %."

    client.force_login(w.lead)
    page = client.get(status_url).content.decode()
    assert "Tiltaket er fullført, ikke 40 %." in page and "Lagre rettet statusoppdatering" in page
    # The rule holds for a correction too.
    bad = client.post(status_url, {"status": "completed", "progress": "40", "text": "Ferdig."})
    assert bad.status_code == 400
    good = client.post(status_url, {"status": "completed", "progress": "100", "text": "Ferdig."})
    assert good.status_code == 302
    update.refresh_from_db()
    w.measure.refresh_from_db()
    assert (update.status, update.progress, update.is_reopened) == ("completed", 100, False)
    assert update.corrected_at is not None
    assert (w.measure.status, w.measure.progress) == ("completed", 100)
    assert AuditEntry.objects.filter(action="status_update.corrected", actor=w.lead).exists()
    # Closed again: no further edits.
    with pytest.raises(DomainError):
        reporting.status_update_correct(
            status_update=update, by=w.lead, status="in_progress", progress=50, text="Igjen."
        )


# --- 3 and 4. Last reported is derived; one stale rule ----------------------------------------


def test_last_reported_is_the_newest_status_update(w):
    assert Measure.objects.with_last_reported().get(pk=w.measure.pk).last_reported_at is None
    old = StatusUpdateFactory(measure=w.measure, submitted_at=timezone.now() - dt.timedelta(9))
    new = StatusUpdateFactory(measure=w.measure, submitted_at=timezone.now() - dt.timedelta(2))
    annotated = Measure.objects.with_last_reported().get(pk=w.measure.pk)
    assert annotated.last_reported_at == new.submitted_at
    before = Measure.objects.with_last_reported(before=new.submitted_at).get(pk=w.measure.pk)
    assert before.last_reported_at == old.submitted_at


def test_stale_rule_in_memory_and_in_the_database_agree(w):
    now = timezone.now()
    days = 30
    Measure.objects.filter(pk=w.other_measure.pk).update(created_at=now - dt.timedelta(60))
    StatusUpdateFactory(measure=w.measure, submitted_at=now - dt.timedelta(31))
    finished = MeasureFactory(strategy=w.measure.strategy, status="completed")
    Measure.objects.filter(pk=finished.pk).update(created_at=now - dt.timedelta(60))
    by_query = set(
        Measure.objects.with_last_reported()
        .filter(status.stale_q(now, days))
        .values_list("pk", flat=True)
    )
    in_memory = {
        m.pk
        for m in Measure.objects.with_last_reported()
        if status.is_stale(
            status=m.status,
            last_reported_at=m.last_reported_at,
            created_at=m.created_at,
            as_of=now,
            stale_after_days=days,
        )
    }
    assert by_query == in_memory == {w.measure.pk, w.other_measure.pk}


@pytest.mark.parametrize("days", [1, 30])
def test_the_stale_rule_asked_of_update_sets_names_the_same_measures(w, days):
    """The dashboard's count (`stale_by_update_sets_q`) against the annotated rule, over
    every case: finished or not, created before or after the cutoff, and never reported,
    reported only before the cutoff, only after it, or both."""
    now = timezone.now()
    long_ago, lately = now - dt.timedelta(days + 5), now - dt.timedelta(hours=1)
    for status_value in ("in_progress", "completed"):
        for created in (long_ago, lately):
            for updates in ((), (long_ago,), (lately,), (long_ago, lately)):
                measure = MeasureFactory(strategy=w.measure.strategy, status=status_value)
                Measure.objects.filter(pk=measure.pk).update(created_at=created)
                for submitted_at in updates:
                    StatusUpdateFactory(
                        measure=measure,
                        status=status_value,
                        progress=measure.progress,
                        submitted_at=submitted_at,
                    )
    annotated = set(
        Measure.objects.with_last_reported()
        .filter(status.stale_q(now, days))
        .values_list("pk", flat=True)
    )
    by_sets = set(
        Measure.objects.filter(selectors.stale_by_update_sets_q(now, days)).values_list(
            "pk", flat=True
        )
    )
    assert by_sets == annotated
    assert 0 < len(annotated) < Measure.objects.count()


def test_measure_list_shows_and_sorts_by_the_derived_last_reported_date(client, w):
    StatusUpdateFactory(measure=w.measure, submitted_at=timezone.now() - dt.timedelta(3))
    client.force_login(w.coordinator)
    response = client.get(
        reverse("measures:measure_list"), {"plan": w.plan.pk, "sort": "-last_reported_at"}
    )
    rows = list(response.context["page"])
    assert rows[0].last_reported_at is not None
    assert {r.pk for r in rows if r.last_reported_at is None} == {w.other_measure.pk}
    # Never reported goes last in both directions, on SQLite and PostgreSQL alike.
    ascending = client.get(
        reverse("measures:measure_list"), {"plan": w.plan.pk, "sort": "last_reported_at"}
    )
    assert [r.pk for r in ascending.context["page"]] == [w.measure.pk, w.other_measure.pk]


def test_api_gives_last_reported_and_is_stale(client, w):
    Plan.objects.filter(pk=w.plan.pk).update(status=Plan.Status.ADOPTED)
    update = StatusUpdateFactory(measure=w.measure, submitted_at=timezone.now() - dt.timedelta(200))
    client.force_login(w.coordinator)
    rows = {r["id"]: r for r in client.get("/api/v1/measures/").json()["results"]}
    assert rows[w.measure.pk]["is_stale"] is True
    assert rows[w.measure.pk]["last_reported_at"].startswith(
        timezone.localtime(update.submitted_at).date().isoformat()[:4]
    )
    assert rows[w.other_measure.pk]["is_stale"] is False
    assert rows[w.other_measure.pk]["last_reported_at"] is None


def test_dashboard_and_council_report_name_the_same_stale_measures():
    """The must-show test: on generated data, the same day, the same measures."""
    result = generate_small()
    plan = Plan.objects.get(pk=result.plan_id)
    # One not-yet-started measure without updates, created long ago: stale by the rule,
    # though the old report rule (in-progress measures only) would have left it out.
    silent = Measure.objects.filter(plan=plan).exclude(status__in=status.FINISHED_STATUSES)
    silent = silent.exclude(status="in_progress").first()
    StatusUpdate.objects.filter(measure=silent).delete()
    Measure.objects.filter(pk=silent.pk).update(
        status="not_started", progress=0, created_at=timezone.now() - dt.timedelta(days=400)
    )
    now = timezone.now()
    days = FollowUpSettings.load().stale_after_days
    board = dashboard.dashboard(plan, now=now)
    listed = set(
        dashboard.stale_measures(plan, now=now, stale_after_days=days).values_list(
            "code", flat=True
        )
    )
    snapshot = build_snapshot(plan=plan, as_of=timezone.localdate(now))
    reported = {row["code"] for row in snapshot["measures"] if row["is_stale"]}
    assert board.stale == len(listed) == len(reported) > 0
    assert listed == reported
    assert silent.code in reported


def test_report_and_plan_roll_ups_use_the_same_formula(w):
    Measure.objects.filter(pk=w.measure.pk).update(status="completed", progress=100)
    Measure.objects.filter(pk=w.other_measure.pk).update(status="in_progress", progress=20)
    snapshot = build_snapshot(plan=w.plan, as_of=timezone.localdate())
    expected = status.Rollup.of(Measure.objects.filter(plan=w.plan))
    assert snapshot["summary"]["progress"] == expected.progress == 60
    assert snapshot["summary"]["counts"] == expected.counts()


def test_a_roll_up_from_grouped_counts_equals_the_one_from_each_measure():
    pairs = [
        ("in_progress", 20),
        ("in_progress", 20),
        ("in_progress", 55),
        ("completed", 80),  # counts as 100
        ("cancelled", 30),  # left out of the progress
        ("not_started", 10),  # counts as 0
    ]
    grouped = [("in_progress", 20, 2), ("in_progress", 55, 1), ("completed", 80, 1)]
    grouped += [("cancelled", 30, 1), ("not_started", 10, 1)]
    each, counted = status.Rollup.of_pairs(pairs), status.Rollup.of_counted(grouped)
    assert (counted.count, counted.progress, counted.counts()) == (
        each.count,
        each.progress,
        each.counts(),
    )
    assert counted.progress == round((20 + 20 + 55 + 100 + 0) / 5)
    assert status.Rollup.of_counted([]) == status.Rollup()


def test_weekly_digest_counts_measures_not_updated(w, mailoutbox):
    Plan.objects.filter(pk=w.plan.pk).update(status=Plan.Status.ADOPTED)
    follow_up = FollowUpSettings.load()
    today = timezone.localdate()
    follow_up.digest_weekday = today.weekday()
    follow_up.save()
    Measure.objects.filter(plan=w.plan).update(created_at=timezone.now() - dt.timedelta(400))
    result = reminders.reminder_sweep()
    assert result.recipients == 1
    items = w.coordinator.notifications.get().items
    [item] = [i for i in items if i["section"] == "not_updated"]
    assert item["count"] == 2 and f"plan={w.plan.pk}&stale=1" in item["url"]


# --- 5. Funding years inside the plan period ---------------------------------------------------


def test_funding_form_refuses_a_year_outside_the_plan_period(w):
    form = FundingForm({"year": 2035, "amount": 1000, "source": "operating"}, plan=w.plan)
    assert not form.is_valid()
    assert "2025–2028" in form.errors["year"][0]
    ok = FundingForm({"year": 2027, "amount": 1000, "source": "operating"}, plan=w.plan)
    assert ok.is_valid(), ok.errors


def test_implementation_plan_service_refuses_a_year_outside_the_plan_period(w):
    ip = ImplementationPlanFactory(measure=w.measure)
    with pytest.raises(DomainError) as error:
        followup_services.implementation_plan_save_draft(
            implementation_plan=ip,
            by=w.lead,
            expected_version=ip.version,
            funding=[{"year": 2035, "amount": 1, "source": "operating"}],
        )
    assert error.value.field == "funding" and "2025–2028" in error.value.message


# --- 6. A second open round ------------------------------------------------------------------


def test_opening_a_second_round_needs_confirmation_naming_the_open_one(w):
    due = timezone.localdate() + dt.timedelta(days=30)
    first = reporting.reporting_round_open(
        plan=w.plan, name="Årsrapportering 2026", due_date=due, by=w.coordinator
    )
    with pytest.raises(DomainError) as error:
        reporting.reporting_round_open(
            plan=w.plan, name="Tertial 2", due_date=due, by=w.coordinator
        )
    assert error.value.field == "confirm_parallel"
    assert f"«Årsrapportering 2026» er allerede åpen (frist {due:%d.%m.%Y})" in error.value.message
    second = reporting.reporting_round_open(
        plan=w.plan, name="Tertial 2", due_date=due, by=w.coordinator, confirm_parallel=True
    )
    assert {first.pk, second.pk} == set(
        ReportingRound.objects.filter(status="open").values_list("pk", flat=True)
    )


def test_round_open_page_warns_and_requires_the_checkbox(client, w):
    due = timezone.localdate() + dt.timedelta(days=30)
    reporting.reporting_round_open(
        plan=w.plan, name="Årsrapportering 2026", due_date=due, by=w.coordinator
    )
    client.force_login(w.coordinator)
    url = reverse("measures:round_open", args=[w.plan.slug])
    page = client.get(url).content.decode()
    assert "Denne runden er allerede åpen" in page
    assert f"Årsrapportering 2026</a> (frist {due:%d.%m.%Y})" in page
    data = {
        "name": "Tertial 2",
        "due_date": due.isoformat(),
        "scope": "codes",
        "codes": w.measure.code,
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "confirm_parallel" in refused.context["form"].errors
    assert ReportingRound.objects.count() == 1
    assert client.post(url, {**data, "confirm_parallel": "on"}).status_code == 302
    assert ReportingRound.objects.count() == 2


def test_a_third_round_names_both_open_ones(w):
    due = timezone.localdate() + dt.timedelta(days=30)
    for name in ("Tertial 1", "Tertial 2"):
        reporting.reporting_round_open(
            plan=w.plan, name=name, due_date=due, by=w.coordinator, confirm_parallel=True
        )
    with pytest.raises(DomainError) as refused:
        reporting.reporting_round_open(
            plan=w.plan, name="Tertial 3", due_date=due, by=w.coordinator
        )
    assert refused.value.message == (
        f"Disse rundene er allerede åpne: «Tertial 1» (frist {due:%d.%m.%Y}), "
        f"«Tertial 2» (frist {due:%d.%m.%Y})."
    )


def test_round_form_has_no_checkbox_without_an_open_round(w):
    form = ReportingRoundForm(plan=w.plan, candidates=Measure.objects.none())
    assert "confirm_parallel" not in form.fields


# --- 7. The status form shows the previous text and the approved plan's activities ------------


def test_status_form_shows_the_previous_update_and_the_plans_activities(client, w):
    StatusUpdateFactory(
        measure=w.measure,
        text="Forrige gang: tomt regulert.",
        submitted_at=timezone.now() - dt.timedelta(days=100),
    )
    ip = ImplementationPlanFactory(measure=w.measure, status="approved")
    ImplementationActivityFactory(implementation_plan=ip, title="Kjøpe tomt i Hunstad")
    round_ = _round(w)
    client.force_login(w.lead)
    page = client.get(reverse("measures:status_update", args=[round_.pk, w.measure.pk]))
    body = page.content.decode()
    assert "Forrige gang: tomt regulert." in body
    assert "Kjøpe tomt i Hunstad" in body


def test_public_and_politicians_may_not_reopen(client, w):
    round_, _update = _submitted(w)
    url = reverse("measures:status_update_reopen", args=[round_.pk, w.measure.pk])
    assert client.post(url, {"reason": "x"}).status_code == 302  # to the login page
    client.force_login(make_user(Role.POLITICIAN))
    assert client.post(url, {"reason": "x"}).status_code in {403, 404}
    assert not StatusUpdate.objects.get().is_reopened


def test_reopening_emails_the_owner_the_reason_once(w, django_capture_on_commit_callbacks):
    round_, update = _submitted(w)
    with django_capture_on_commit_callbacks(execute=True):
        reporting.status_update_reopen(
            status_update=update, by=w.coordinator, reason="Framdriften ser for lav ut."
        )

    [message] = [m for m in mail.outbox if "åpnet for retting" in m.subject]
    assert message.to == [w.measure.responsible_person.email]
    assert w.measure.code in message.subject
    assert "Framdriften ser for lav ut." in message.body
    status_url = reverse("measures:status_update", args=[round_.pk, w.measure.pk])
    assert status_url in message.body
    # The same reopening never sends twice (the notice's key).
    with django_capture_on_commit_callbacks(execute=True):
        notices.status_update_reopened(status_update_id=update.pk)
    assert len([m for m in mail.outbox if "åpnet for retting" in m.subject]) == 1


# --- An implementation plan is owed only while its measure is active --------------------------


@pytest.mark.parametrize("finished", ["completed", "postponed", "cancelled"])
def test_a_measure_that_is_not_active_owes_no_implementation_plan(client, w, finished):
    overdue = timezone.localdate() - dt.timedelta(days=5)
    ImplementationPlanFactory(measure=w.measure, due_date=overdue)
    ImplementationPlanFactory(measure=w.other_measure, due_date=overdue)
    Measure.objects.filter(pk=w.measure.pk).update(
        status=finished, progress=100 if finished == "completed" else 50
    )

    data = dashboard.dashboard(w.plan)
    assert data.implementation_plans_overdue == 1
    assert [ip.measure_id for ip in data.overdue_implementation_plans] == [w.other_measure.pk]
    client.force_login(w.coordinator)
    listed = client.get(
        reverse("measures:measure_list"), {"plan": w.plan.pk, "overdue": "implementation_plan"}
    )
    assert [m.pk for m in listed.context["page"]] == [w.other_measure.pk]
    client.force_login(w.lead)
    owed = client.get(reverse("measures:my_measures")).context["owed"]
    assert [(o.kind, o.measure.pk) for o in owed] == []


def test_a_reopened_update_is_on_the_owners_to_do_list(client, w):
    round_, update = _submitted(w)
    reporting.status_update_reopen(status_update=update, by=w.coordinator, reason="Feil tall.")

    client.force_login(w.lead)
    owed = client.get(reverse("measures:my_measures")).context["owed"]
    status_url = reverse("measures:status_update", args=[round_.pk, w.measure.pk])
    assert [(o.label, o.url) for o in owed if o.kind == "status_update"] == [
        (f"Statusoppdatering åpnet for retting: {round_.name}", status_url)
    ]


def test_a_blank_reason_is_a_field_error_on_the_page_and_changes_nothing(client, w):
    round_, update = _submitted(w)
    client.force_login(w.coordinator)
    response = client.post(
        reverse("measures:status_update_reopen", args=[round_.pk, w.measure.pk]), {"reason": " "}
    )
    assert response.status_code == 400
    assert "reason" in response.context["reopen_form"].errors
    assert "Skjemaet har feil som må rettes" in response.content.decode()
    update.refresh_from_db()
    assert not update.is_reopened
    assert not AuditEntry.objects.filter(action="status_update.reopened").exists()
