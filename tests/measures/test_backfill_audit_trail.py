"""The migration that backfills the audit trail of a database from before the trail."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from bodobolig.audit import describe
from bodobolig.models import AuditEntry
from bodobolig.permissions import Role
from measures.models import Comment, ImplementationPlan, ImplementationPlanVersion
from tests.factories import (
    CouncilReportFactory,
    ImplementationPlanFactory,
    MeasureFactory,
    ReportingRoundFactory,
    StatusUpdateFactory,
    make_user,
)

pytestmark = pytest.mark.django_db

backfill = importlib.import_module("measures.migrations.0005_backfill_audit_trail").backfill


def _old_world():
    """Rows written before the trail existed (factories write no audit entries)."""
    coordinator, owner = make_user(Role.COORDINATOR), make_user(Role.LEAD)
    measure = MeasureFactory(responsible_person=owner)
    plan = ImplementationPlanFactory(measure=measure, ordered_by=coordinator)
    submitted = timezone.now() - dt.timedelta(days=5)
    ImplementationPlanVersion.objects.create(
        implementation_plan=plan,
        number=1,
        submitted_by=owner,
        submitted_at=submitted,
        content={},
        outcome=ImplementationPlanVersion.Outcome.RETURNED,
        feedback="Mangler frister.",
    )
    plan.status = ImplementationPlan.Status.RETURNED
    plan._history_user = coordinator
    plan.save()
    round_ = ReportingRoundFactory(plan=measure.plan, opened_by=coordinator)
    round_.closed_at = timezone.now()
    round_.save()
    StatusUpdateFactory(measure=measure, submitted_by=owner, text="Godt i gang.")
    Comment.objects.create(measure=measure, author=coordinator, text="Husk fristen.")
    CouncilReportFactory(plan=measure.plan, requested_by=coordinator)
    AuditEntry.objects.all().delete()
    return coordinator, owner, measure


def test_backfill_writes_one_entry_per_recorded_event_by_the_right_person():
    coordinator, owner, measure = _old_world()

    backfill(apps, None)

    entries = {e.action: e for e in AuditEntry.objects.filter(measure=measure)}
    assert set(entries) >= {
        "measure.created",
        "implementation_plan.ordered",
        "implementation_plan.submitted",
        "implementation_plan.returned",
        "status_update.submitted",
        "comment.added",
    }
    assert entries["implementation_plan.ordered"].actor == coordinator
    assert entries["implementation_plan.submitted"].actor == owner
    returned = entries["implementation_plan.returned"]
    assert returned.actor == coordinator and returned.text == "Mangler frister."
    assert describe(returned).startswith(f"{coordinator.get_full_name()} sendte")
    assert "(versjon 1)" in describe(returned)
    update = entries["status_update.submitted"]
    assert (update.actor, update.text) == (owner, "Godt i gang.")
    assert "leverte statusoppdatering" in describe(update)
    plan_level = set(
        AuditEntry.objects.filter(plan=measure.plan, measure=None).values_list("action", flat=True)
    )
    assert plan_level == {
        "reporting_round.opened",
        "reporting_round.closed",
        "council_report.requested",
    }
    closed = AuditEntry.objects.get(action="reporting_round.closed")
    assert closed.actor is None and "ukjent" in closed.actor_name


def test_backfill_dates_entries_when_the_events_happened():
    _coordinator, _owner, measure = _old_world()
    backfill(apps, None)
    version = ImplementationPlanVersion.objects.get()
    submitted = AuditEntry.objects.get(action="implementation_plan.submitted")
    assert submitted.created_at == version.submitted_at
    assert AuditEntry.objects.get(action="status_update.submitted").created_at == (
        measure.status_updates.get().submitted_at
    )


def test_backfill_runs_only_on_an_empty_trail():
    _old_world()
    backfill(apps, None)
    count = AuditEntry.objects.count()
    backfill(apps, None)
    assert AuditEntry.objects.count() == count
