"""The audit trail of the demo and the generator: one entry per event their data records
(orders, submissions, approvals and returns, status updates, rounds, reports, comments),
by the person who acted, dated when it happened, so timelines and feeds read true.

Built from the rows after they are created, in a few queries, and written with one
bulk insert and one bulk update of the times (`created_at` is set on insert).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from bodobolig.audit import entry_for
from bodobolig.models import AuditEntry
from demo.dates import aware
from measures.models import (
    Comment,
    CouncilReport,
    ImplementationPlan,
    ImplementationPlanVersion,
    MeasureStatus,
    ReportingRound,
    StatusUpdate,
)

# When the coordinator answered a submission that has no answer time of its own.
ANSWERED_AFTER = dt.timedelta(days=2)
# Loaders create orders and rounds "now"; the event is dated this long before its due
# date when that is earlier (the coordinator gives owners a month, a round three weeks).
ORDER_LEAD = dt.timedelta(days=30)
ROUND_LEAD = dt.timedelta(days=21)
BATCH = 1000


def delete_audit_trail(plans) -> None:
    """Remove the entries of `plans` (before the plans go: the links are SET_NULL)."""
    AuditEntry.objects.filter(plan__in=plans).delete()
    AuditEntry.objects.filter(measure__plan__in=plans).delete()


def write_audit_trail(plans, *, coordinator) -> int:
    """Write the trail of `plans`' events; `coordinator` answered submitted plans."""
    now = timezone.now()
    events: list[tuple[dt.datetime, AuditEntry]] = []
    events += _rounds_and_reports(plans)
    events += _implementation_plans(plans, coordinator, now)
    events += _status_updates(plans)
    for comment in Comment.objects.filter(measure__plan__in=plans).select_related(
        "author", "measure__plan"
    ):
        events.append(
            (
                comment.created_at,
                entry_for(
                    "comment.added",
                    actor=comment.author,
                    target=comment,
                    measure=comment.measure,
                    plan=comment.measure.plan,
                    text=comment.text,
                ),
            )
        )
    # Oldest first, so the ids follow the time as they do in the running app.
    events.sort(key=lambda event: event[0])
    entries = AuditEntry.objects.bulk_create([entry for _when, entry in events], batch_size=BATCH)
    for (when, _entry), entry in zip(events, entries, strict=True):
        entry.created_at = min(when, now)
    AuditEntry.objects.bulk_update(entries, ["created_at"], batch_size=BATCH)
    return len(entries)


def _rounds_and_reports(plans):
    for round_ in ReportingRound.objects.filter(plan__in=plans).select_related("plan", "opened_by"):
        data = {"due_date": round_.due_date}
        yield (
            min(round_.opened_at, aware(round_.due_date - ROUND_LEAD, 9)),
            entry_for(
                "reporting_round.opened",
                actor=round_.opened_by,
                target=round_,
                plan=round_.plan,
                text=round_.message,
                data=data,
            ),
        )
        if round_.closed_at:
            yield (
                round_.closed_at,
                entry_for(
                    "reporting_round.closed",
                    actor=round_.opened_by,
                    target=round_,
                    plan=round_.plan,
                ),
            )
    for report in CouncilReport.objects.filter(plan__in=plans).select_related(
        "plan", "requested_by", "published_by"
    ):
        yield (
            report.requested_at,
            entry_for(
                "council_report.requested",
                actor=report.requested_by,
                target=report,
                plan=report.plan,
            ),
        )
        if report.published_at:
            yield (
                report.published_at,
                entry_for(
                    "council_report.published",
                    actor=report.published_by,
                    target=report,
                    plan=report.plan,
                ),
            )


def _implementation_plans(plans, coordinator, now):
    ips = {
        ip.pk: ip
        for ip in ImplementationPlan.objects.filter(measure__plan__in=plans).select_related(
            "measure__plan", "ordered_by", "approved_by"
        )
    }
    for ip in ips.values():
        ordered_at = min(ip.ordered_at, aware(ip.due_date - ORDER_LEAD, 9))
        if ip.submitted_at:
            ordered_at = min(ordered_at, ip.submitted_at - dt.timedelta(days=7))
        yield (
            ordered_at,
            entry_for(
                "implementation_plan.ordered",
                actor=ip.ordered_by,
                target=ip,
                measure=ip.measure,
                plan=ip.measure.plan,
                text=ip.order_message,
                data={"due_date": ip.due_date},
            ),
        )
    versions = (
        ImplementationPlanVersion.objects.filter(implementation_plan_id__in=ips)
        .select_related("submitted_by")
        .order_by("implementation_plan_id", "number")
    )
    versions = list(versions)
    Outcome = ImplementationPlanVersion.Outcome
    for index, version in enumerate(versions):
        following = versions[index + 1] if index + 1 < len(versions) else None
        ip = ips[version.implementation_plan_id]
        where = {"target": ip, "measure": ip.measure, "plan": ip.measure.plan}
        number = {"version": version.number}
        yield (
            version.submitted_at,
            entry_for(
                "implementation_plan.submitted", actor=version.submitted_by, data=number, **where
            ),
        )
        answered = version.submitted_at + ANSWERED_AFTER
        if following is not None and following.implementation_plan_id == ip.pk:
            answered = min(answered, following.submitted_at - dt.timedelta(hours=1))
        if version.outcome == Outcome.APPROVED:
            yield (
                ip.approved_at or answered,
                entry_for(
                    "implementation_plan.approved",
                    actor=ip.approved_by or coordinator,
                    data=number,
                    **where,
                ),
            )
        elif version.outcome == Outcome.RETURNED:
            yield (
                min(answered, now),
                entry_for(
                    "implementation_plan.returned",
                    actor=coordinator,
                    text=version.feedback or ip.feedback,
                    data=number,
                    **where,
                ),
            )


def _status_updates(plans):
    labels = dict(MeasureStatus.choices)
    updates = (
        StatusUpdate.objects.filter(measure__plan__in=plans)
        .select_related("measure__plan", "submitted_by", "reporting_round")
        .order_by("measure_id", "submitted_at", "pk")
    )
    previous = None
    for update in updates:
        before = previous if previous and previous.measure_id == update.measure_id else None
        status = str(labels.get(update.status, update.status))
        yield (
            update.submitted_at,
            entry_for(
                "status_update.submitted",
                actor=update.submitted_by,
                target=update,
                measure=update.measure,
                plan=update.measure.plan,
                text=update.text,
                data={
                    "status": status,
                    "progress": update.progress,
                    "round": update.reporting_round.name if update.reporting_round else "",
                    "is_late": update.is_late,
                },
                # The measure's state before its first update is not in the demo: no change shown.
                changes=(
                    {
                        "Status": (str(labels.get(before.status, "")), status),
                        "Framdrift": (f"{before.progress} %", f"{update.progress} %"),
                    }
                    if before
                    else {}
                ),
            ),
        )
        previous = update
