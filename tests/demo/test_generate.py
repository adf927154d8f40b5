"""The data generator (demo/generate/) and `manage.py generate_data`."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from analyses.models import Indicator, IndicatorValue
from bodobolig.models import AuditEntry
from bodobolig.permissions import GROUP_NAMES, Action, Role, can
from demo.generate import GenerateError, generate_small
from hearings.models import Hearing, HearingResponse, ResponsePoint
from measures.models import (
    ACTIVE_STATUSES,
    Comment,
    CouncilReport,
    ImplementationPlan,
    Measure,
    MeasureStatus,
    ReportingRound,
    StatusUpdate,
)
from plans.models import Department, Plan

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 5, 4)
User = get_user_model()


def _snapshot(**kwargs) -> list[tuple]:
    """Generate inside a savepoint that is rolled back; return what was built."""
    with transaction.atomic():
        result = generate_small(today=TODAY, **kwargs)
        measures = list(
            Measure.objects.filter(plan_id=result.plan_id)
            .with_last_reported()
            .order_by("code")
            .values_list(
                "code",
                "title",
                "status",
                "progress",
                "planned_end",
                "responsible_department__name",
                "responsible_person__username",
                "last_reported_at",
            )
        )
        updates = list(
            StatusUpdate.objects.filter(measure__plan_id=result.plan_id)
            .order_by("measure__code", "submitted_at")
            .values_list("measure__code", "progress", "text", "submitted_at", "is_late")
        )
        transaction.set_rollback(True)
    return [*measures, *updates, tuple(result.counts.items())]


def test_small_run_builds_the_expected_counts():
    result = generate_small(today=TODAY)

    plan = result.plan
    assert plan.status == Plan.Status.ADOPTED
    assert plan.predecessor.status == Plan.Status.COMPLETED
    assert Measure.objects.filter(plan=plan).count() == 30
    assert result.counts["tiltak"] == 30
    assert Department.objects.filter(name__endswith="(gen-s1)").count() == 5
    generated = User.objects.filter(username__startswith="gen-s1-")
    assert generated.count() == 20 + 2 + 3  # staff, coordinators, politicians
    assert generated.filter(groups__name=GROUP_NAMES[Role.LEAD]).count() == 20
    assert generated.filter(groups__name=GROUP_NAMES[Role.COORDINATOR]).count() == 2
    assert generated.filter(groups__name=GROUP_NAMES[Role.POLITICIAN]).count() == 3
    assert StatusUpdate.objects.filter(measure__plan=plan).count() == 30 * 2
    assert Hearing.objects.filter(title__contains="gen-s1").count() == 1
    assert HearingResponse.objects.filter(hearing__title__contains="gen-s1").count() == 10
    assert ResponsePoint.objects.filter(response__hearing__title__contains="gen-s1").count() >= 10
    indicators = Indicator.objects.filter(code__startswith="gen-s1-")
    assert indicators.count() == 8
    assert (
        IndicatorValue.objects.filter(indicator__in=indicators).count()
        == result.counts["indikatorverdier"]
    )
    assert plan.goals.count() == 3
    assert all(4 <= goal.strategies.count() <= 6 for goal in plan.goals.all())


def test_every_measure_has_an_owner_department_and_a_person_who_may_report():
    result = generate_small(today=TODAY)

    measures = Measure.objects.filter(plan_id=result.plan_id).select_related(
        "responsible_department__parent", "responsible_person"
    )
    for measure in measures:
        department = measure.responsible_department
        assert department.lead_id is not None
        assert department.members.filter(pk=measure.responsible_person_id).exists()
        assert can(measure.responsible_person, Action.SUBMIT_STATUS_UPDATE, measure)


def test_departments_form_a_hierarchy_with_external_partners():
    generate_small(today=TODAY, owners=60, departments=20)

    departments = Department.objects.filter(name__endswith="(gen-s1)")
    assert departments.count() == 20
    assert departments.filter(is_external=True).count() == 2
    offices = departments.filter(parent__isnull=False)
    assert offices.exists()
    assert all(not office.parent.is_external for office in offices)
    assert not departments.filter(lead__isnull=True).exists()


def test_follow_up_state_is_varied_and_relative_to_today():
    result = generate_small(today=TODAY, measures=300, owners=60, departments=12)
    plan = result.plan

    statuses = set(Measure.objects.filter(plan=plan).values_list("status", flat=True))
    assert statuses == set(MeasureStatus.values)
    ips = ImplementationPlan.objects.filter(measure__plan=plan)
    assert set(ips.values_list("status", flat=True)) == set(ImplementationPlan.Status.values)
    open_ips = ips.filter(status__in=["ordered", "draft", "returned"])
    assert open_ips.filter(due_date__lt=TODAY).exists()  # overdue
    assert open_ips.filter(due_date__gte=TODAY, due_date__lte=TODAY + dt.timedelta(7)).exists()
    assert ips.filter(activities__due_date__isnull=False).exists()
    assert ips.filter(measure__funding__isnull=False).exists()
    stale = (
        Measure.objects.filter(plan=plan, status__in=ACTIVE_STATUSES)
        .with_last_reported()
        .filter(last_reported_at__date__lt=TODAY - dt.timedelta(90))
    )
    assert stale.exists()
    assert Measure.objects.filter(plan=plan, carried_over_from__isnull=False).exists()
    assert Measure.objects.filter(plan=plan, challenges__isnull=False).exists()


def test_the_open_round_includes_every_active_measure_and_some_have_answered():
    result = generate_small(today=TODAY, measures=100, owners=30)

    round_ = ReportingRound.objects.get(plan_id=result.plan_id, status=ReportingRound.Status.OPEN)
    active = set(
        Measure.objects.filter(plan_id=result.plan_id).active().values_list("pk", flat=True)
    )
    assert set(round_.measures.values_list("pk", flat=True)) == active
    assert round_.due_date > TODAY
    answered = round_.status_updates.count()
    assert 0 < answered < len(active)


def test_same_seed_gives_the_same_data_and_another_seed_different_data():
    first = _snapshot(seed=7)
    again = _snapshot(seed=7)
    other = _snapshot(seed=8)

    assert first == again
    # Labels differ with the seed, so compare what the seed chose, not the names.
    assert [row[1:5] for row in first[:30]] != [row[1:5] for row in other[:30]]


def test_a_second_run_with_the_same_seed_is_refused_and_another_seed_adds_a_dataset():
    generate_small(today=TODAY)

    with pytest.raises(GenerateError, match="seed 1"):
        generate_small(today=TODAY)
    generate_small(today=TODAY, seed=2)

    assert Plan.objects.filter(slug__startswith="gen-").count() == 4  # two plans per dataset
    assert Measure.objects.filter(plan__slug__in=["gen-s1-plan", "gen-s2-plan"]).count() == 60


def test_generated_data_lives_beside_the_demo():
    call_command("load_demo", force=True, stdout=io.StringIO())
    demo_measures = Measure.objects.exclude(plan__slug__startswith="gen-").count()

    generate_small(today=TODAY)
    call_command("load_demo", force=True, stdout=io.StringIO())

    assert Measure.objects.exclude(plan__slug__startswith="gen-").count() == demo_measures
    assert Measure.objects.filter(plan__slug="gen-s1-plan").count() == 30


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"measures": 0}, "--measures må være mellom 1"),
        ({"measures": -3}, "--measures må være mellom 1"),
        ({"measures": "abc"}, "--measures må være et helt tall"),
        ({"owners": 3, "departments": 5}, "hver virksomhet har en leder"),
        ({"updates_per_measure": 99}, "--updates_per_measure må være mellom"),
    ],
)
def test_generate_refuses_bad_arguments_with_a_clear_message(arguments, message):
    with pytest.raises(GenerateError, match=message):
        generate_small(**arguments)
    assert not Plan.objects.exists()


def test_generate_writes_a_fixed_number_of_queries_whatever_the_size():
    # bulk_create: the statements do not grow with the number of measures until a batch
    # fills (2,000 rows, or SQLite's parameter limit); these sizes stay under both (40
    # measures' status updates no longer do since the updates carry the reopen columns).
    # 1 "same seed?" check, 1 users + 3 groups + 1 group links, 2 + 3 department inserts,
    # plans/goals/strategies/analysis/challenges, measures and their links, the work plan,
    # implementation plans with activities/versions/funding, rounds, updates,
    # hearings, indicators: each one or two statements, plus savepoints;
    # the audit trail: six reads, one insert, one update of the times.
    for name in GROUP_NAMES.values():
        Group.objects.get_or_create(name=name)
    # The content types the trail names, cached as in a running process.
    ContentType.objects.get_for_models(
        ReportingRound, CouncilReport, ImplementationPlan, StatusUpdate, Comment
    )
    # The fixed-size indicator series (276 values of 8 columns) takes three INSERTs under
    # SQLite's limit.
    queries = QUERIES + (2 if connection.vendor == "sqlite" else 0)
    for measures, seed in ((20, 1), (30, 2)):
        with CaptureQueriesContext(connection) as captured:
            result = generate_small(
                today=TODAY, measures=measures, seed=seed, responses_per_hearing=5
            )
        # The trail has many rows per measure: under SQLite's 999 parameters an INSERT
        # takes 83 of them, so its inserts (alone) grow with the size there.
        inserts = [q for q in captured if q["sql"].startswith('INSERT INTO "bodobolig_auditentry"')]
        batch = connection.ops.bulk_batch_size(AUDIT_COLUMNS, [None] * 10_000)
        assert len(inserts) == -(-result.counts["logginnslag"] // min(batch, 1000))
        assert len(captured) - len(inserts) + 1 == queries
        # Every table got rows (an empty bulk_create would skip its query).
        assert all(result.counts.values()), result.counts


AUDIT_COLUMNS = [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]
QUERIES = 48  # "last reported" is derived: no bulk_update of the measures


def test_command_reports_counts_and_time():
    out = io.StringIO()
    call_command(
        "generate_data",
        "--measures",
        "12",
        "--owners",
        "10",
        "--departments",
        "4",
        "--seed",
        "5",
        "--force",
        stdout=out,
    )

    text = out.getvalue()
    assert "«gen-s5»" in text
    assert "12 tiltak" in text
    assert " s: " in text  # the time it took
    assert Measure.objects.filter(plan__slug="gen-s5-plan").count() == 12


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--measures", "0"], "må være mellom 1 og"),
        (["--measures", "-1"], "må være mellom 1 og"),
        (["--measures", "abc"], "«abc» er ikke et helt tall"),
        (["--measures", "10", "--owners", "x"], "«x» er ikke et helt tall"),
        (["--measures", "10", "--owners", "2", "--departments", "3"], "hver virksomhet"),
        ([], "--measures"),
    ],
)
def test_command_bad_arguments_give_a_command_error(argv, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_data", *argv, "--force", stdout=io.StringIO())
    assert not Plan.objects.exists()


def test_command_refuses_a_second_run_with_the_same_seed():
    argv = ["--measures", "5", "--owners", "5", "--departments", "2", "--force"]
    call_command("generate_data", *argv, stdout=io.StringIO())

    with pytest.raises(CommandError, match="Velg et annet --seed"):
        call_command("generate_data", *argv, stdout=io.StringIO())


def test_command_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG er av"):
        call_command("generate_data", "--measures", "5", stdout=io.StringIO())
    assert not Plan.objects.exists()
