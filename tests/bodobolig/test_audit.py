"""Every change of state writes one audit entry, with the right action, actor, target and
changes; an unregistered action raises; a rolled-back change leaves no entry."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bodobolig.audit import describe, log_action
from bodobolig.errors import DomainError
from bodobolig.models import AuditEntry
from bodobolig.permissions import Role
from measures.followup import reporting as followup_reporting
from measures.followup import services as followup_services
from measures.models import FollowUpSettings, FundingRequest, ImplementationPlan, Measure
from measures.register import services as register_services
from measures.reports import services as report_services
from plans import services as plan_services
from tests.factories import CouncilReportFactory, GoalFactory, StrategyFactory, make_user
from tests.measures.workflow_world import make_world

pytestmark = pytest.mark.django_db

IN_TWO_WEEKS = timezone.localdate() + dt.timedelta(days=14)


@pytest.fixture
def w():
    return make_world()


def _ordered(w):
    return followup_services.implementation_plan_order(
        measures=[w.measure], due_date=IN_TWO_WEEKS, by=w.coordinator
    ).ordered[0]


def _drafted(w):
    ip = _ordered(w)
    return followup_services.implementation_plan_save_draft(
        implementation_plan=ip,
        by=w.lead,
        expected_version=ip.version,
        expected_result="Ti nye boliger.",
        activities=[{"title": "Kartlegge tomter"}],
    )


def _submitted(w):
    ip = _drafted(w)
    followup_services.implementation_plan_submit(
        implementation_plan=ip, by=w.lead, expected_version=ip.version
    )
    ip.refresh_from_db()
    return ip


def _round(w):
    return followup_reporting.reporting_round_open(
        plan=w.plan, name="Tertial 1", due_date=IN_TWO_WEEKS, by=w.coordinator
    )


# Each case: (prepare the world, do the one change) -> (action, actor, target, changes ⊇).
def case_measure_create(w):
    measure = register_services.measure_create(
        plan=w.plan,
        user=w.coordinator,
        strategy=w.measure.strategy,
        code="9.9.9",
        title="Nytt tiltak",
        responsible_department=w.department,
        responsible_person=w.lead,
    )
    return "measure.created", w.coordinator, measure, {}


def case_measure_update(w):
    m = Measure.objects.get(pk=w.measure.pk)
    register_services.measure_update(
        measure_id=m.pk,
        version=m.version,
        user=w.coordinator,
        strategy=m.strategy,
        code=m.code,
        title="Ny tittel",
        description=m.description,
        planned_start=m.planned_start,
        planned_end=m.planned_end,
        cost_estimate=Decimal("1000"),
    )
    expected = {"Tiltak": [m.title, "Ny tittel"], "Kostnadsanslag": ["", "1000"]}
    if m.cost_estimate is not None:
        expected.pop("Kostnadsanslag")
    return "measure.updated", w.coordinator, m, expected


def case_measure_reassign(w):
    register_services.measure_reassign(
        measure_id=w.measure.pk,
        user=w.coordinator,
        department=w.other_department,
        person=w.other_lead,
        reason="Ny organisering",
    )
    return (
        "measure.reassigned",
        w.coordinator,
        w.measure,
        {"Ansvarlig virksomhet": [w.department.name, w.other_department.name]},
    )


def case_measure_delegate_reporting(w):
    register_services.measure_delegate_reporting(measure=w.measure, delegate=w.colleague, by=w.lead)
    return "measure.reporting_delegated", w.lead, w.measure, {}


def case_comment_add(w):
    comment = register_services.comment_add(measure=w.measure, author=w.lead, text="Hei")
    return "comment.added", w.lead, comment, {}


def case_implementation_plan_save_draft(w):
    ip = _ordered(w)
    followup_services.implementation_plan_save_draft(
        implementation_plan=ip, by=w.lead, expected_version=ip.version, expected_result="Mer."
    )
    return (
        "implementation_plan.draft_saved",
        w.lead,
        ip,
        {"Status": ["Bestilt", "Under arbeid"], "Forventet resultat": ["", "Mer."]},
    )


def case_implementation_plan_submit(w):
    ip = _drafted(w)
    followup_services.implementation_plan_submit(
        implementation_plan=ip, by=w.lead, expected_version=ip.version
    )
    return "implementation_plan.submitted", w.lead, ip, {"Status": ["Under arbeid", "Levert"]}


def case_implementation_plan_approve(w):
    ip = _submitted(w)
    followup_services.implementation_plan_approve(
        implementation_plan=ip, by=w.coordinator, expected_version=ip.version
    )
    return "implementation_plan.approved", w.coordinator, ip, {"Status": ["Levert", "Godkjent"]}


def case_implementation_plan_return(w):
    ip = _submitted(w)
    followup_services.implementation_plan_return(
        implementation_plan=ip, by=w.coordinator, expected_version=ip.version, feedback="Mer."
    )
    return (
        "implementation_plan.returned",
        w.coordinator,
        ip,
        {"Status": ["Levert", "Sendt tilbake"]},
    )


def case_reporting_round_open(w):
    round_ = _round(w)
    return "reporting_round.opened", w.coordinator, round_, {}


def case_reporting_round_close(w):
    round_ = _round(w)
    followup_reporting.reporting_round_close(reporting_round=round_, by=w.coordinator)
    return "reporting_round.closed", w.coordinator, round_, {}


def case_status_update_submit(w):
    Measure.objects.filter(pk=w.measure.pk).update(status="in_progress", progress=10)
    w.measure.refresh_from_db()
    update = followup_reporting.status_update_submit(
        measure=w.measure, by=w.lead, status="in_progress", progress=40, text="Godt i gang."
    )
    return (
        "status_update.submitted",
        w.lead,
        update,
        {"Framdrift": ["10 %", "40 %"]},  # the status did not change: not listed
    )


def case_follow_up_settings_update(w):
    settings = FollowUpSettings.load()
    followup_services.follow_up_settings_update(
        by=w.coordinator,
        due_soon_days=settings.due_soon_days,
        overdue_repeat_days=settings.overdue_repeat_days,
        escalate_after_days=settings.escalate_after_days,
        stale_after_days=settings.stale_after_days + 10,
        digest_weekday=settings.digest_weekday,
    )
    label = "Tiltak regnes som ikke oppdatert etter antall dager"
    before = settings.stale_after_days
    return "follow_up_settings.updated", w.coordinator, settings, {label: [before, before + 10]}


def case_council_report_request(w):
    report = report_services.council_report_request(
        plan=w.plan, user=w.coordinator, as_of=timezone.localdate(), queue_render=False
    )
    return "council_report.requested", w.coordinator, report, {}


def case_council_report_retry(w):
    report = CouncilReportFactory(plan=w.plan, status="failed", error="Disk full")
    report_services.council_report_retry(report=report, user=w.coordinator)
    return "council_report.retried", w.coordinator, report, {}


def case_council_report_publish(w):
    report = CouncilReportFactory(plan=w.plan, status="ready")
    report_services.council_report_publish(report=report, user=w.coordinator)
    return "council_report.published", w.coordinator, report, {}


def case_goal_create(w):
    # A number the plan does not hold yet (the factories number goals by a sequence).
    number = max(w.plan.goals.values_list("number", flat=True), default=0) + 1
    goal = plan_services.goal_create(
        plan=w.plan, by=w.coordinator, number=number, title="Nytt mål", statement="Godt."
    )
    return "goal.created", w.coordinator, goal, {}


def case_goal_update(w):
    goal = GoalFactory(plan=w.plan, number=7, title="Gammelt")
    plan_services.goal_update(
        goal_id=goal.pk, by=w.coordinator, number=7, title="Nytt", statement="Utsagn"
    )
    return "goal.updated", w.coordinator, goal, {"Tittel": ["Gammelt", "Nytt"]}


def case_strategy_create(w):
    strategy = plan_services.strategy_create(
        goal=w.measure.strategy.goal, by=w.coordinator, number=42, title="Ny strategi"
    )
    return "strategy.created", w.coordinator, strategy, {}


def case_strategy_update(w):
    strategy = StrategyFactory(goal=w.measure.strategy.goal, number=8, title="Gammel")
    plan_services.strategy_update(
        strategy_id=strategy.pk, by=w.coordinator, goal=strategy.goal, number=8, title="Ny"
    )
    return "strategy.updated", w.coordinator, strategy, {"Tittel": ["Gammel", "Ny"]}


CASES = [value for name, value in dict(globals()).items() if name.startswith("case_")]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.__name__.removeprefix("case_"))
def test_every_service_writes_one_entry(w, case):
    before = AuditEntry.objects.values_list("pk", flat=True).order_by("-pk").first() or 0
    # The case's preparation writes entries too: count only those of the case's action.
    action, actor, target, changes = case(w)
    entries = list(AuditEntry.objects.filter(pk__gt=before, action=action))
    assert len(entries) == 1, [e.action for e in AuditEntry.objects.filter(pk__gt=before)]
    entry = entries[0]
    assert entry.actor == actor and entry.actor_name
    assert (entry.target_type.model_class(), entry.target_id) == (type(target), str(target.pk))
    # The settings are the whole follow-up's, not one plan's.
    assert entry.plan_id == (None if isinstance(target, FollowUpSettings) else w.plan.pk)
    measure_id = getattr(target, "measure_id", target.pk if isinstance(target, Measure) else None)
    assert entry.measure_id == measure_id
    for label, values in changes.items():
        assert entry.changes[label] == [str(v) if isinstance(v, Decimal) else v for v in values]
    assert describe(entry).startswith(entry.actor_name)


def test_ordering_writes_one_entry_per_ordered_plan(w):
    ImplementationPlan.objects.create(measure=w.other_measure, due_date=IN_TWO_WEEKS)
    third = Measure.objects.create(
        plan=w.plan,
        strategy=w.measure.strategy,
        number=99,
        code="9.9.99",
        title="Tredje",
        responsible_department=w.department,
        responsible_person=w.lead,
    )
    result = followup_services.implementation_plan_order(
        measures=[w.measure, w.other_measure, third],
        due_date=IN_TWO_WEEKS,
        by=w.coordinator,
        message="Frist om to uker.",
    )
    entries = AuditEntry.objects.filter(action="implementation_plan.ordered")
    assert sorted(e.measure_id for e in entries) == sorted(ip.measure_id for ip in result.ordered)
    assert len(result.ordered) == 2
    assert {e.text for e in entries} == {"Frist om to uker."}
    assert all(e.data["due_date"] == f"{IN_TWO_WEEKS:%d.%m.%Y}" for e in entries)


def test_the_round_entries_belong_to_the_plan_not_a_measure(w):
    round_ = _round(w)
    entry = AuditEntry.objects.get(action="reporting_round.opened")
    assert (entry.plan_id, entry.measure_id, entry.target_label) == (w.plan.pk, None, str(round_))


def test_an_unregistered_action_raises(w):
    with pytest.raises(KeyError):
        log_action("measure.teleported", actor=w.coordinator, target=w.measure)
    assert not AuditEntry.objects.exists()


def test_a_refused_change_writes_nothing(w):
    with pytest.raises(DomainError):
        register_services.comment_add(measure=w.measure, author=w.lead, text="  ")
    assert not AuditEntry.objects.exists()


def test_a_rolled_back_change_leaves_no_entry(w):
    with pytest.raises(RuntimeError), transaction.atomic():
        register_services.comment_add(measure=w.measure, author=w.lead, text="Hei")
        assert AuditEntry.objects.count() == 1
        raise RuntimeError("the caller's transaction fails later")
    assert not AuditEntry.objects.exists()


def test_a_funding_decision_in_the_admin_is_audited(client, w):
    ip = _ordered(w)
    request = FundingRequest.objects.create(
        measure=w.measure, implementation_plan=ip, year=2027, amount=500000, source="operating"
    )
    admin = make_user(Role.ADMIN, first_name="Ada", last_name="Admin")
    client.force_login(admin)
    url = reverse("admin:measures_fundingrequest_change", args=[request.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        measure=w.measure.pk,
        implementation_plan=ip.pk,
        status="granted",
        granted_amount="500000",
        decision_body="Bystyret",
        decided_on="10.12.2026",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action="funding_request.decided")
    assert entry.actor == admin and entry.measure_id == w.measure.pk
    assert entry.changes["Vedtatt av"] == ["", "Bystyret"]
    assert describe(entry) == "Ada Admin registrerte vedtak om finansiering for 2027"


def test_the_audit_admin_is_read_only(client, w):
    register_services.comment_add(measure=w.measure, author=w.lead, text="Hei")
    client.force_login(make_user(Role.ADMIN))
    entry = AuditEntry.objects.get()
    assert (
        client.get(reverse("admin:bodobolig_auditentry_changelist"), {"q": "Hei"}).status_code
        == 200
    )
    assert (
        client.get(reverse("admin:bodobolig_auditentry_change", args=[entry.pk])).status_code == 200
    )
    assert client.get(reverse("admin:bodobolig_auditentry_add")).status_code == 403
    assert (
        client.post(reverse("admin:bodobolig_auditentry_delete", args=[entry.pk])).status_code
        == 403
    )
    assert AuditEntry.objects.count() == 1
