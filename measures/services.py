"""Changes of state in measures and their follow-up (STYLE.md: `<entity>_<action>`)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodobolig import permissions
from bodobolig.errors import ConflictError, DomainError
from measures import notices, reports
from measures.models import (
    Comment,
    CouncilReport,
    FollowUpSettings,
    Measure,
    NotificationPreference,
    ReportingRound,
)
from plans.models import Department, Plan, Strategy

COMMENT_MAX_LENGTH = 5000
# simple_history keeps the change reason in a 100-character column.
HISTORY_REASON_LENGTH = 100

# The measure's own columns the edit form changes, with the labels a conflict shows.
MEASURE_EDIT_FIELDS = {
    "strategy": gettext_lazy("Strategi"),
    "code": gettext_lazy("Kode"),
    "title": gettext_lazy("Tiltak"),
    "description": gettext_lazy("Beskrivelse"),
    "planned_start": gettext_lazy("Planlagt start"),
    "planned_end": gettext_lazy("Planlagt slutt"),
    "cost_estimate": gettext_lazy("Kostnadsanslag"),
}
MEASURE_M2M_FIELDS = ("contributing_departments", "legal_bases", "challenges")


@dataclass
class FieldChange:
    field: str
    label: str
    old: Any
    new: Any


def _validate_measure(
    *,
    plan: Plan,
    strategy: Strategy,
    code: str,
    title: str,
    planned_start: dt.date | None,
    planned_end: dt.date | None,
    cost_estimate: Decimal | None,
    exclude_pk: int | None = None,
) -> None:
    if not code.strip():
        raise DomainError(_("Skriv en kode, for eksempel 2.3.1."), field="code")
    if not title.strip():
        raise DomainError(_("Skriv hva tiltaket går ut på."), field="title")
    if strategy.goal.plan_id != plan.pk:
        raise DomainError(_("Strategien hører til en annen plan."), field="strategy")
    taken = Measure.objects.filter(plan=plan, code=code.strip()).exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(
            _("Koden %(code)s er allerede brukt av et annet tiltak i planen.")
            % {"code": code.strip()},
            field="code",
        )
    if planned_start and planned_end and planned_end < planned_start:
        raise DomainError(
            _("Planlagt slutt kan ikke være før planlagt start."), field="planned_end"
        )
    if cost_estimate is not None and cost_estimate < 0:
        raise DomainError(_("Kostnadsanslaget kan ikke være negativt."), field="cost_estimate")


def _number_for(code: str, strategy: Strategy, current: int | None = None) -> int:
    """The measure's number under its strategy: the code's last part, else the next free."""
    match = re.search(r"(\d+)\s*$", code)
    if match and 0 < int(match.group(1)) < 32768:
        return int(match.group(1))
    if current:
        return current
    return (strategy.measures.aggregate(n=Max("number"))["n"] or 0) + 1


def _check_owner(department: Department, person) -> None:
    if person is None:
        raise DomainError(_("Velg hovedansvarlig."), field="responsible_person")
    is_member = department.lead_id == person.pk or department.members.filter(pk=person.pk).exists()
    if not is_member:
        raise DomainError(
            _("%(person)s er ikke leder eller medarbeider i %(department)s.")
            % {"person": person.get_full_name() or person.get_username(), "department": department},
            field="responsible_person",
        )


@transaction.atomic
def measure_create(
    *,
    plan: Plan,
    user,
    strategy: Strategy,
    code: str,
    title: str,
    responsible_department: Department,
    responsible_person,
    description: str = "",
    planned_start: dt.date | None = None,
    planned_end: dt.date | None = None,
    cost_estimate: Decimal | None = None,
    contributing_departments=(),
    legal_bases=(),
    challenges=(),
) -> Measure:
    """Create a measure with its one owner. Raises DomainError (field-level) on bad input."""
    _validate_measure(
        plan=plan,
        strategy=strategy,
        code=code,
        title=title,
        planned_start=planned_start,
        planned_end=planned_end,
        cost_estimate=cost_estimate,
    )
    _check_owner(responsible_department, responsible_person)
    measure = Measure(
        plan=plan,
        strategy=strategy,
        number=_number_for(code, strategy),
        code=code.strip(),
        title=title.strip(),
        description=description,
        responsible_department=responsible_department,
        responsible_person=responsible_person,
        planned_start=planned_start,
        planned_end=planned_end,
        cost_estimate=cost_estimate,
    )
    measure._history_user = user
    measure.save()
    measure.contributing_departments.set(contributing_departments)
    measure.legal_bases.set(legal_bases)
    measure.challenges.set(challenges)
    return measure


# Related rows a conflict names by their label rather than their id.
_CONFLICT_RELATIONS = {
    "strategy": (Strategy, gettext_lazy("Strategi")),
    "responsible_department": (Department, gettext_lazy("Ansvarlig virksomhet")),
}


def measure_changes_since(measure: Measure, version: int) -> tuple[list[FieldChange], Any]:
    """What changed in the measure's edit fields and owner since `version`, and who
    saved last. Compares the history record of that version with the current row."""
    records = list(measure.history.select_related("history_user").order_by("-history_date"))
    started = next((r for r in records if r.version == version), None)
    who = records[0].history_user if records else None
    if started is None:
        return [], who
    changes = [
        FieldChange(name, str(label), getattr(started, name), getattr(measure, name))
        for name, label in MEASURE_EDIT_FIELDS.items()
        if name not in _CONFLICT_RELATIONS and getattr(started, name) != getattr(measure, name)
    ]
    for name, (model, label) in _CONFLICT_RELATIONS.items():
        old, new = getattr(started, f"{name}_id"), getattr(measure, f"{name}_id")
        if old != new:
            names = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=[old, new])}
            changes.append(FieldChange(name, str(label), names.get(old, old), names.get(new, new)))
    if started.responsible_person_id != measure.responsible_person_id:
        people = {
            u.pk: u.get_full_name() or u.get_username()
            for u in type(measure.responsible_person).objects.filter(
                pk__in=[started.responsible_person_id, measure.responsible_person_id]
            )
        }
        changes.append(
            FieldChange(
                "responsible_person",
                str(gettext_lazy("Hovedansvarlig")),
                people.get(started.responsible_person_id),
                people.get(measure.responsible_person_id),
            )
        )
    return changes, who


@transaction.atomic
def measure_update(
    *,
    measure_id: int,
    version: int,
    user,
    strategy: Strategy,
    code: str,
    title: str,
    description: str = "",
    planned_start: dt.date | None = None,
    planned_end: dt.date | None = None,
    cost_estimate: Decimal | None = None,
    contributing_departments=None,
    legal_bases=None,
    challenges=None,
) -> Measure:
    """Save the coordinator's edit of a measure, unless someone saved it in between.

    Raises ConflictError (with `current` = (changes, who)) when `version` is not the
    measure's current version: the caller keeps the user's text and shows the changes.
    Raises DomainError for invalid input. Owner changes go through `measure_reassign`.
    """
    # The row lock makes the version check and the save one step.
    measure = Measure.objects.select_for_update().select_related("plan").get(pk=measure_id)
    if measure.version != version:
        changes, who = measure_changes_since(measure, version)
        name = (who.get_full_name() or who.get_username()) if who else _("en annen bruker")
        raise ConflictError(
            _(
                "%(name)s lagret tiltaket etter at du åpnet det, så endringene dine er ikke "
                "lagret. Teksten din står fortsatt i skjemaet. Se hva som ble endret, og lagre "
                "på nytt hvis du vil beholde dine endringer."
            )
            % {"name": name},
            current=(changes, who),
        )
    _validate_measure(
        plan=measure.plan,
        strategy=strategy,
        code=code,
        title=title,
        planned_start=planned_start,
        planned_end=planned_end,
        cost_estimate=cost_estimate,
        exclude_pk=measure.pk,
    )
    measure.strategy = strategy
    measure.number = _number_for(code, strategy, current=measure.number)
    measure.code = code.strip()
    measure.title = title.strip()
    measure.description = description
    measure.planned_start = planned_start
    measure.planned_end = planned_end
    measure.cost_estimate = cost_estimate
    measure.version += 1
    measure._history_user = user
    measure.save(
        update_fields=[
            "strategy",
            "number",
            "code",
            "title",
            "description",
            "planned_start",
            "planned_end",
            "cost_estimate",
            "version",
            "updated_at",
        ]
    )
    # A relation left out (None) is left as it is.
    for name, values in (
        ("contributing_departments", contributing_departments),
        ("legal_bases", legal_bases),
        ("challenges", challenges),
    ):
        if values is not None:
            getattr(measure, name).set(values)
    return measure


@transaction.atomic
def measure_reassign(
    *, measure_id: int, user, department: Department, person, reason: str
) -> Measure:
    """Give the measure a new owner (department + person), with the reason in its history.

    The person must lead or belong to the department. A reporting delegate from
    the old owner is cleared. Queues `notices.measure_reassigned` on commit.
    Raises DomainError (field-level) for an invalid owner, a missing reason or no change.
    """
    measure = Measure.objects.select_for_update().get(pk=measure_id)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Skriv hvorfor tiltaket får ny hovedansvarlig."), field="reason")
    _check_owner(department, person)
    if (measure.responsible_department_id, measure.responsible_person_id) == (
        department.pk,
        person.pk,
    ):
        raise DomainError(
            _("Dette er allerede tiltakets hovedansvarlig."), field="responsible_person"
        )
    old_owner_id = measure.responsible_person_id
    measure.responsible_department = department
    measure.responsible_person = person
    measure.reporting_delegate = None
    measure.version += 1
    measure._history_user = user
    measure._change_reason = reason[:HISTORY_REASON_LENGTH]
    measure.save(
        update_fields=[
            "responsible_department",
            "responsible_person",
            "reporting_delegate",
            "version",
            "updated_at",
        ]
    )
    transaction.on_commit(
        lambda: notices.measure_reassigned(
            measure_id=measure.pk, old_owner_id=old_owner_id, new_owner_id=person.pk
        )
    )
    return measure


@transaction.atomic
def comment_add(*, measure: Measure, author, text: str) -> Comment:
    """A message in the measure's thread between the coordinator and the owner.

    Raises DomainError (field "text") when the text is empty or too long.
    """
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Skriv en kommentar."), field="text")
    if len(text) > COMMENT_MAX_LENGTH:
        raise DomainError(
            _("Kommentaren kan ikke være lengre enn %(max)s tegn.") % {"max": COMMENT_MAX_LENGTH},
            field="text",
        )
    return Comment.objects.create(measure=measure, author=author, text=text)


@transaction.atomic
def follow_up_settings_update(
    *,
    due_soon_days: int,
    overdue_repeat_days: int,
    escalate_after_days: int,
    stale_after_days: int,
    digest_weekday: int,
) -> FollowUpSettings:
    """Save the coordinator's reminder settings (N, M, K, stale days, digest weekday).

    Raises DomainError for values the sweep cannot work with. The next sweep
    uses the new values; nothing is queued.
    """
    if overdue_repeat_days < 1:
        raise DomainError(_("Purring må gjentas minst hver dag."), field="overdue_repeat_days")
    if escalate_after_days < 1:
        raise DomainError(
            _("Eskalering kan tidligst skje første dag etter fristen."),
            field="escalate_after_days",
        )
    if not 0 <= digest_weekday <= 6:
        raise DomainError(_("Velg en ukedag fra listen."), field="digest_weekday")
    settings = FollowUpSettings.objects.select_for_update().get(pk=FollowUpSettings.load().pk)
    settings.due_soon_days = due_soon_days
    settings.overdue_repeat_days = overdue_repeat_days
    settings.escalate_after_days = escalate_after_days
    settings.stale_after_days = stale_after_days
    settings.digest_weekday = digest_weekday
    settings.save(
        update_fields=[
            "due_soon_days",
            "overdue_repeat_days",
            "escalate_after_days",
            "stale_after_days",
            "digest_weekday",
        ]
    )
    return settings


@transaction.atomic
def notification_preference_update(*, user, digest_opt_out: bool) -> NotificationPreference:
    """Save the user's choice about the weekly digest (the only optional e-mail)."""
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user=user
    )
    preference.digest_opt_out = digest_opt_out
    preference.save(update_fields=["digest_opt_out"])
    return preference


logger = logging.getLogger(__name__)

# A row left in "rendering" longer than this (a worker killed mid-render) may be claimed again.
RENDER_CLAIM_TIMEOUT = dt.timedelta(minutes=10)
# The same report requested twice within this window (a double click) is created once.
DOUBLE_SUBMIT_WINDOW = dt.timedelta(minutes=1)


class TransientRenderError(Exception):
    """Rendering failed for a reason that may pass (disk, database); the task retries it."""


# Errors worth a retry: the storage or the database hiccuped. Everything else (a template
# error, WeasyPrint refusing the document, bad data) fails the same way again.
TRANSIENT_ERRORS = (OSError, DatabaseError)


# --- Council report -------------------------------------------------------------------------


@transaction.atomic
def council_report_request(
    *,
    plan: Plan,
    user,
    as_of: dt.date,
    reporting_round: ReportingRound | None = None,
    title: str = "",
    introduction: str = "",
    case_number: str = "",
    committee: str = "",
    meeting_date: dt.date | None = None,
    queue_render: bool = True,
) -> CouncilReport:
    """Create a report row with its parameters and the frozen snapshot of its figures.

    Raises DomainError when the user may not request reports, the round belongs to another
    plan or the date is in the future. `user=None` is the management command (no permission
    check). The same request repeated within a minute while the first is still pending
    returns the first report (double submit). Queues the render task on commit (unless
    `queue_render` is false: the management command renders synchronously).
    """
    if user is not None and not permissions.can(user, permissions.Action.REQUEST_REPORT, plan):
        raise DomainError(_("Bare boligkoordinatoren kan bestille statusrapporter."))
    if as_of > timezone.localdate():
        raise DomainError(_("Datoen for status kan ikke være fram i tid."), field="as_of")
    if reporting_round is not None and reporting_round.plan_id != plan.pk:
        raise DomainError(
            _("Rapporteringsrunden hører til en annen plan."), field="reporting_round"
        )
    if meeting_date is not None and meeting_date < as_of:
        raise DomainError(
            _("Møtedatoen kan ikke være før datoen rapporten viser status for."),
            field="meeting_date",
        )
    with translation.override(reports.REPORT_LANGUAGE):
        default_title = _("Statusrapport %(plan)s %(start)s–%(end)s per %(date)s") % {
            "plan": plan.title,
            "start": plan.period_start,
            "end": plan.period_end,
            "date": f"{as_of:%d.%m.%Y}",
        }
    title = title.strip() or default_title
    # A double submit of the form: the same request, still in the works, is returned as is.
    # Locking the plan row serialises two concurrent requests for the same plan.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    duplicate = CouncilReport.objects.filter(
        plan=plan,
        as_of=as_of,
        reporting_round=reporting_round,
        title=title,
        case_number=case_number.strip(),
        requested_by=user,
        status__in=[CouncilReport.Status.QUEUED, CouncilReport.Status.RENDERING],
        requested_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
    ).first()
    if duplicate is not None:
        return duplicate
    report = CouncilReport(
        plan=plan,
        title=title,
        as_of=as_of,
        reporting_round=reporting_round,
        introduction=introduction.strip(),
        case_number=case_number.strip(),
        committee=committee.strip(),
        meeting_date=meeting_date,
        requested_by=user,
    )
    try:
        report.full_clean(exclude=["snapshot", "file", "requested_by"])
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(messages[0], field=None if field == NON_FIELD_ERRORS else field) from exc
    report.snapshot = reports.build_snapshot(
        plan=plan,
        as_of=as_of,
        reporting_round=reporting_round,
        parameters={
            "title": report.title,
            "case_number": report.case_number,
            "committee": report.committee,
            "meeting_date": meeting_date.isoformat() if meeting_date else "",
            "introduction": report.introduction,
        },
    )
    report.save()
    if queue_render:
        _queue_render(report.pk)
    return report


def _queue_render(report_id: int) -> None:
    def send():
        from measures.tasks import render_council_report

        try:
            render_council_report.delay(report_id)
        except Exception:  # the broker is down: the row stays queued, a retry re-sends it
            logger.exception("Could not queue council report %s for rendering", report_id)

    transaction.on_commit(send)


def council_report_render(*, report_id: int, final_attempt: bool = True) -> CouncilReport | None:
    """Render a queued report from its snapshot and mark it ready, or failed with the reason.

    Claims the row with a conditional update (queued → rendering), so a second run of the
    same task does nothing and returns None. Rendering happens outside any transaction.
    A transient error (OSError, DatabaseError) puts the row back in the queue and raises
    TransientRenderError unless this is the `final_attempt`; any other error marks the
    report failed with its reason.
    """
    now = timezone.now()
    claimable = CouncilReport.objects.filter(pk=report_id, status=CouncilReport.Status.QUEUED)
    stale = CouncilReport.objects.filter(
        pk=report_id,
        status=CouncilReport.Status.RENDERING,
        rendered_at__lt=now - RENDER_CLAIM_TIMEOUT,
    )
    # While rendering, rendered_at holds the start time (for the stale-claim rule above).
    claimed = claimable.update(
        status=CouncilReport.Status.RENDERING, error="", rendered_at=now
    ) or stale.update(rendered_at=now)
    if not claimed:
        return None
    report = CouncilReport.objects.select_related("plan").get(pk=report_id)
    try:
        rendered = reports.render_report(report.snapshot)
        report.file.save(
            reports.report_file_name(report), ContentFile(rendered.content), save=False
        )
    except TRANSIENT_ERRORS as exc:
        if not final_attempt:
            CouncilReport.objects.filter(
                pk=report_id, status=CouncilReport.Status.RENDERING
            ).update(status=CouncilReport.Status.QUEUED)
            raise TransientRenderError(str(exc)) from exc
        return _mark_failed(report, exc)
    except Exception as exc:
        logger.exception("Council report %s failed to render", report_id)
        return _mark_failed(report, exc)
    CouncilReport.objects.filter(pk=report_id, status=CouncilReport.Status.RENDERING).update(
        status=CouncilReport.Status.READY,
        file=report.file.name,
        page_count=rendered.page_count,
        rendered_at=timezone.now(),
        error="",
    )
    report.refresh_from_db()
    return report


def _mark_failed(report: CouncilReport, exc: Exception) -> CouncilReport:
    reason = f"{type(exc).__name__}: {exc}"[:2000]
    CouncilReport.objects.filter(pk=report.pk, status=CouncilReport.Status.RENDERING).update(
        status=CouncilReport.Status.FAILED, error=reason, rendered_at=None
    )
    report.refresh_from_db()
    return report


def council_reports_stuck(*, now) -> list[int]:
    """Ids of reports queued or rendering for longer than RENDER_CLAIM_TIMEOUT: the broker
    lost the task, or the worker died mid-render. Re-queuing them is safe (the claim)."""
    limit = now - RENDER_CLAIM_TIMEOUT
    return list(
        CouncilReport.objects.filter(
            Q(status=CouncilReport.Status.QUEUED, requested_at__lt=limit)
            | Q(status=CouncilReport.Status.RENDERING, rendered_at__lt=limit)
        ).values_list("pk", flat=True)
    )


@transaction.atomic
def council_report_retry(*, report: CouncilReport, user) -> CouncilReport:
    """Put a failed report back in the queue (same snapshot); queues the task on commit.

    Raises DomainError unless the report has failed.
    """
    if not permissions.can(user, permissions.Action.REQUEST_REPORT, report):
        raise DomainError(_("Bare boligkoordinatoren kan lage rapporten på nytt."))
    updated = CouncilReport.objects.filter(pk=report.pk, status=CouncilReport.Status.FAILED).update(
        status=CouncilReport.Status.QUEUED, error=""
    )
    if not updated:
        raise DomainError(_("Bare en rapport som har feilet, kan lages på nytt."))
    _queue_render(report.pk)
    report.refresh_from_db()
    return report


@transaction.atomic
def council_report_publish(*, report: CouncilReport, user) -> CouncilReport:
    """Publish a ready report to the politicians (and, for adopted plans, the public).

    Raises DomainError when the report is not ready or already published. Calls
    `notices.council_report_published` on commit.
    """
    if not permissions.can(user, permissions.Action.PUBLISH_REPORT, report):
        raise DomainError(_("Bare boligkoordinatoren kan publisere statusrapporter."))
    locked = CouncilReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != CouncilReport.Status.READY:
        raise DomainError(
            _("Rapporten kan ikke publiseres før den er ferdig laget (status: %(status)s).")
            % {"status": locked.get_status_display().lower()}
        )
    if locked.published_at is not None:
        raise DomainError(_("Rapporten er allerede publisert."))
    locked.published_at = timezone.now()
    locked.published_by = user
    locked.save(update_fields=["published_at", "published_by"])
    transaction.on_commit(lambda: notices.council_report_published(council_report_id=locked.pk))
    return locked
