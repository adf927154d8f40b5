"""Backfill the audit trail from what the database already records.

Before the audit trail, the measure page's timeline and the dashboard's feed read
the status updates, implementation plans, versions, comments and the
django-simple-history tables directly. They now read `bodobolig.AuditEntry`, so an
upgraded database would show empty timelines. This migration writes one entry per
recorded event, dated when it happened, by the person the rows name:

- measure created (history "+" record, else `created_at`; actor from the history);
- implementation plan ordered (`ordered_by`, `ordered_at`), each version submitted
  (`submitted_by`, `submitted_at`), each approval or return (the history record
  that set the status: `history_user`, `history_date`; the version's feedback);
- status update submitted (`submitted_by`, `submitted_at`, its text);
- comment added; reporting round opened (`opened_by`) and closed; council report
  requested and published.

Where the rows do not say who acted (a round's closing), the entry says so
("ukjent – fra før loggen"). Labels are frozen in bokmål as the services write them.
Runs once, only while the trail is empty; reversing it deletes nothing.
"""

from django.db import migrations

UNKNOWN_ACTOR = "ukjent – fra før loggen"
STATUS_LABELS = {
    "not_started": "Ikke startet",
    "planned": "Planlagt",
    "in_progress": "Pågår",
    "completed": "Fullført",
    "postponed": "Utsatt",
    "cancelled": "Avbrutt",
}


def _name(user) -> str:
    if user is None:
        return UNKNOWN_ACTOR
    full = f"{user.first_name} {user.last_name}".strip()
    return full or user.username


def _day(value) -> str:
    return value.strftime("%d.%m.%Y")


def backfill(apps, schema_editor):
    AuditEntry = apps.get_model("bodobolig", "AuditEntry")
    if AuditEntry.objects.exists():
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    Measure = apps.get_model("measures", "Measure")
    HistoricalMeasure = apps.get_model("measures", "HistoricalMeasure")
    ImplementationPlan = apps.get_model("measures", "ImplementationPlan")
    HistoricalImplementationPlan = apps.get_model("measures", "HistoricalImplementationPlan")
    ImplementationPlanVersion = apps.get_model("measures", "ImplementationPlanVersion")
    StatusUpdate = apps.get_model("measures", "StatusUpdate")
    Comment = apps.get_model("measures", "Comment")
    ReportingRound = apps.get_model("measures", "ReportingRound")
    CouncilReport = apps.get_model("measures", "CouncilReport")

    def content_type(model_name):
        return ContentType.objects.get_or_create(app_label="measures", model=model_name)[0]

    types = {
        name: content_type(name)
        for name in (
            "measure",
            "implementationplan",
            "statusupdate",
            "comment",
            "reportinground",
            "councilreport",
        )
    }
    events = []

    def add(when, action, *, actor, type_name, target_id, label, plan_id, measure_id, **extra):
        events.append(
            (
                when,
                AuditEntry(
                    actor_id=actor.pk if actor is not None else None,
                    actor_name=_name(actor),
                    action=action,
                    target_type=types[type_name],
                    target_id=str(target_id),
                    target_label=label[:400],
                    plan_id=plan_id,
                    measure_id=measure_id,
                    text=extra.get("text", "")[:20_000],
                    data=extra.get("data", {}),
                    changes=extra.get("changes", {}),
                ),
            )
        )

    created = {
        record.id: record
        for record in HistoricalMeasure.objects.filter(history_type="+")
        .select_related("history_user")
        .order_by("history_date")
    }
    for measure in Measure.objects.all():
        record = created.get(measure.pk)
        add(
            record.history_date if record else measure.created_at,
            "measure.created",
            actor=record.history_user if record else None,
            type_name="measure",
            target_id=measure.pk,
            label=f"{measure.code} {measure.title}",
            plan_id=measure.plan_id,
            measure_id=measure.pk,
        )

    plans = ImplementationPlan.objects.select_related("measure", "ordered_by")
    for plan in plans:
        measure = plan.measure
        add(
            plan.ordered_at,
            "implementation_plan.ordered",
            actor=plan.ordered_by,
            type_name="implementationplan",
            target_id=plan.pk,
            label=f"Gjennomføringsplan for {measure.code} {measure.title}",
            plan_id=measure.plan_id,
            measure_id=measure.pk,
            text=plan.order_message,
            data={"due_date": _day(plan.due_date)},
        )
    versions = ImplementationPlanVersion.objects.select_related(
        "implementation_plan__measure", "submitted_by"
    ).order_by("implementation_plan_id", "number")
    by_plan = {}
    for version in versions:
        by_plan.setdefault(version.implementation_plan_id, []).append(version)
        measure = version.implementation_plan.measure
        add(
            version.submitted_at,
            "implementation_plan.submitted",
            actor=version.submitted_by,
            type_name="implementationplan",
            target_id=version.implementation_plan_id,
            label=f"Gjennomføringsplan for {measure.code} {measure.title}",
            plan_id=measure.plan_id,
            measure_id=measure.pk,
            data={"version": version.number},
        )
    # Each approval or return is the history record that moved the plan into that state;
    # it is the answer to the newest version submitted before it.
    previous_status = {}
    decisions = HistoricalImplementationPlan.objects.select_related("history_user").order_by(
        "id", "history_date", "history_id"
    )
    measures = {m.pk: m for m in Measure.objects.all()}
    for record in decisions:
        before = previous_status.get(record.id)
        previous_status[record.id] = record.status
        if record.status not in ("approved", "returned") or before == record.status:
            continue
        answered = [v for v in by_plan.get(record.id, []) if v.submitted_at <= record.history_date]
        version = answered[-1] if answered else None
        measure = measures.get(record.measure_id)
        if measure is None:
            continue
        add(
            record.history_date,
            f"implementation_plan.{record.status}",
            actor=record.history_user,
            type_name="implementationplan",
            target_id=record.id,
            label=f"Gjennomføringsplan for {measure.code} {measure.title}",
            plan_id=measure.plan_id,
            measure_id=measure.pk,
            text=version.feedback if version is not None else record.feedback,
            data={"version": version.number if version is not None else "–"},
        )

    for update in StatusUpdate.objects.select_related("measure", "submitted_by", "reporting_round"):
        add(
            update.submitted_at,
            "status_update.submitted",
            actor=update.submitted_by,
            type_name="statusupdate",
            target_id=update.pk,
            label=f"{update.measure.code} {_day(update.submitted_at)}",
            plan_id=update.measure.plan_id,
            measure_id=update.measure_id,
            text=update.text,
            data={
                "status": STATUS_LABELS.get(update.status, update.status),
                "progress": update.progress,
                "round": update.reporting_round.name if update.reporting_round else "",
                "is_late": update.is_late,
            },
        )
    for comment in Comment.objects.select_related("measure", "author"):
        add(
            comment.created_at,
            "comment.added",
            actor=comment.author,
            type_name="comment",
            target_id=comment.pk,
            label=comment.text[:40],
            plan_id=comment.measure.plan_id,
            measure_id=comment.measure_id,
            text=comment.text,
        )
    for round_ in ReportingRound.objects.select_related("opened_by"):
        common = {
            "type_name": "reportinground",
            "target_id": round_.pk,
            "label": round_.name,
            "plan_id": round_.plan_id,
            "measure_id": None,
        }
        add(
            round_.opened_at,
            "reporting_round.opened",
            actor=round_.opened_by,
            text=round_.message,
            data={"due_date": _day(round_.due_date)},
            **common,
        )
        if round_.closed_at:
            add(round_.closed_at, "reporting_round.closed", actor=None, **common)
    for report in CouncilReport.objects.select_related("requested_by", "published_by"):
        common = {
            "type_name": "councilreport",
            "target_id": report.pk,
            "label": report.title,
            "plan_id": report.plan_id,
            "measure_id": None,
        }
        add(report.requested_at, "council_report.requested", actor=report.requested_by, **common)
        if report.published_at:
            add(
                report.published_at,
                "council_report.published",
                actor=report.published_by,
                **common,
            )

    events.sort(key=lambda event: event[0])
    entries = AuditEntry.objects.bulk_create([entry for _when, entry in events], batch_size=500)
    for (when, _entry), entry in zip(events, entries, strict=True):
        entry.created_at = when
    AuditEntry.objects.bulk_update(entries, ["created_at"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("bodobolig", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("measures", "0004_notification_kind_status_update_reopened"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
