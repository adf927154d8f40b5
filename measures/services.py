"""Changes of state for measures and their follow-up.

Every function here is one change: keyword-only arguments, one transaction,
validation with DomainError/ConflictError, named columns saved, notices queued
with `transaction.on_commit` (measures/notices.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bodobolig import permissions
from bodobolig.errors import ConflictError, DomainError
from measures import notices
from measures.models import (
    FollowUpSettings,
    FundingRequest,
    ImplementationActivity,
    ImplementationPlan,
    ImplementationPlanVersion,
    Measure,
    MeasureStatus,
    NotificationPreference,
    ReportingRound,
    StatusUpdate,
)
from plans.models import Plan
from plans.selectors import department_users

MAX_TEXT = 20_000
MIN_YEAR, MAX_YEAR = 2000, 2100

# --- Helpers ------------------------------------------------------------------------------


def _name(user) -> str:
    if user is None:
        return _("ukjent")
    return user.get_full_name() or user.username


def _text(value, *, field: str, label: str, required: bool = False) -> str:
    text = (value or "").strip()
    if required and not text:
        raise DomainError(_("%(label)s må fylles ut.") % {"label": label}, field=field)
    if len(text) > MAX_TEXT:
        raise DomainError(
            _("%(label)s kan ikke være lengre enn %(max)s tegn.")
            % {"label": label, "max": MAX_TEXT},
            field=field,
        )
    return text


# --- Implementation plans -------------------------------------------------------------------


@dataclass
class OrderResult:
    ordered: list[ImplementationPlan] = field(default_factory=list)
    # Measures that already had a plan, with that plan (reported, not duplicated).
    already: list[ImplementationPlan] = field(default_factory=list)


OPEN_STATES = {
    ImplementationPlan.Status.ORDERED,
    ImplementationPlan.Status.DRAFT,
    ImplementationPlan.Status.RETURNED,
}


@transaction.atomic
def implementation_plan_order(
    *, measures: Iterable[Measure], due_date: dt.date, message: str = "", by
) -> OrderResult:
    """Order an implementation plan for each measure.

    Creates one ImplementationPlan (status ordered) per measure that has none;
    measures that already have a plan (open or approved) are returned in
    `already`, untouched. Raises DomainError for no measures or a past due date.
    Queues `notices.implementation_plan_ordered` for the new plans.
    """
    measure_ids = sorted({m.pk for m in measures})
    if not measure_ids:
        raise DomainError(_("Velg minst ett tiltak."), field="measures")
    if due_date is None:
        raise DomainError(_("Fristen må fylles ut."), field="due_date")
    if due_date < timezone.localdate():
        raise DomainError(_("Fristen kan ikke være tilbake i tid."), field="due_date")
    message = _text(message, field="message", label=_("Melding"))
    # Locking the measures serialises two coordinators ordering at the same time.
    locked = list(Measure.objects.select_for_update().filter(pk__in=measure_ids).order_by("pk"))
    existing = {
        ip.measure_id: ip
        for ip in ImplementationPlan.objects.filter(measure_id__in=measure_ids).select_related(
            "measure"
        )
    }
    result = OrderResult()
    for measure in locked:
        if measure.pk in existing:
            result.already.append(existing[measure.pk])
            continue
        ip = ImplementationPlan(
            measure=measure,
            status=ImplementationPlan.Status.ORDERED,
            ordered_by=by,
            due_date=due_date,
            order_message=message,
        )
        ip._history_user = by
        ip.save()
        result.ordered.append(ip)
    if result.ordered:
        ids = [ip.pk for ip in result.ordered]
        transaction.on_commit(
            partial(notices.implementation_plan_ordered, implementation_plan_ids=ids)
        )
    return result


def _lock_plan(implementation_plan: ImplementationPlan) -> ImplementationPlan:
    return (
        ImplementationPlan.objects.select_for_update()
        .select_related("measure__responsible_department")
        .get(pk=implementation_plan.pk)
    )


def _check_version(locked: ImplementationPlan, expected_version: int | None) -> None:
    if expected_version is not None and locked.version != expected_version:
        changed_by = locked.history.select_related("history_user").first()
        who = _name(changed_by.history_user) if changed_by else _("en annen bruker")
        when = timezone.localtime(locked.updated_at)
        raise ConflictError(
            _(
                "Gjennomføringsplanen ble endret av %(who)s %(when)s etter at du åpnet den. "
                "Endringene dine er ikke lagret. Se hva som er endret, og lagre på nytt."
            )
            % {"who": who, "when": date_format(when, "d.m.Y \\k\\l. H:i")},
            current=locked,
        )


def _parse_date(value, *, field: str, label: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DomainError(
            _("%(label)s må være en dato (dd.mm.åååå).") % {"label": label}, field=field
        ) from None


def _clean_activities(ip: ImplementationPlan, activities: list[dict]) -> list[dict]:
    allowed = set(department_users(ip.measure.responsible_department).values_list("pk", flat=True))
    cleaned = []
    for index, row in enumerate(activities, start=1):
        title = _text(row.get("title"), field="activities", label=_("Aktivitet"))
        if not title:
            raise DomainError(_("Aktivitet %(n)s mangler navn.") % {"n": index}, field="activities")
        if len(title) > 300:
            raise DomainError(
                _("Aktivitet %(n)s: navnet kan ikke være lengre enn 300 tegn.") % {"n": index},
                field="activities",
            )
        responsible = row.get("responsible")
        responsible_id = getattr(responsible, "pk", responsible) or None
        if responsible_id is not None and responsible_id not in allowed:
            raise DomainError(
                _("Aktivitet %(n)s: ansvarlig må høre til %(dept)s.")
                % {"n": index, "dept": ip.measure.responsible_department.name},
                field="activities",
            )
        start = _parse_date(row.get("start_date"), field="activities", label=_("Start"))
        due = _parse_date(row.get("due_date"), field="activities", label=_("Frist"))
        if start and due and due < start:
            raise DomainError(
                _("Aktivitet %(n)s: fristen kan ikke være før start.") % {"n": index},
                field="activities",
            )
        cleaned.append(
            {
                "id": row.get("id") or None,
                "title": title,
                "responsible_id": responsible_id,
                "start_date": start,
                "due_date": due,
            }
        )
    return cleaned


def _clean_funding(funding: list[dict]) -> list[dict]:
    cleaned = []
    sources = set(FundingRequest.Source.values)
    for index, row in enumerate(funding, start=1):
        try:
            year = int(row.get("year"))
        except (TypeError, ValueError):
            raise DomainError(
                _("Finansiering %(n)s: år må være et tall.") % {"n": index}, field="funding"
            ) from None
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise DomainError(
                _("Finansiering %(n)s: år må være mellom %(min)s og %(max)s.")
                % {"n": index, "min": MIN_YEAR, "max": MAX_YEAR},
                field="funding",
            )
        try:
            amount = Decimal(str(row.get("amount")))
        except (InvalidOperation, TypeError):
            raise DomainError(
                _("Finansiering %(n)s: beløpet må være et tall.") % {"n": index}, field="funding"
            ) from None
        if not amount.is_finite() or amount < 0 or amount >= Decimal("1e14"):
            raise DomainError(
                _("Finansiering %(n)s: beløpet må være 0 kr eller mer.") % {"n": index},
                field="funding",
            )
        source = row.get("source")
        if source not in sources:
            raise DomainError(
                _("Finansiering %(n)s: velg finansieringskilde.") % {"n": index}, field="funding"
            )
        cleaned.append(
            {
                "id": row.get("id") or None,
                "year": year,
                "amount": amount.quantize(1),
                "source": source,
            }
        )
    return cleaned


@transaction.atomic
def implementation_plan_save_draft(
    *,
    implementation_plan: ImplementationPlan,
    by,
    expected_version: int | None,
    expected_result: str = "",
    resources: str = "",
    risks: str = "",
    activities: list[dict] | None = None,
    funding: list[dict] | None = None,
) -> ImplementationPlan:
    """Save the owner's draft: texts, activities and the funding need per year.

    Activities and funding rows are dicts (`id` for existing rows). Funding rows
    that already carry a decision are kept as they are. Raises ConflictError
    when the plan changed since `expected_version` (the caller keeps the user's
    text), DomainError when the plan is submitted/approved or a row is invalid.
    An ordered plan becomes a draft; a returned plan stays returned until resubmitted.
    """
    locked = _lock_plan(implementation_plan)
    _check_version(locked, expected_version)
    if locked.status not in OPEN_STATES:
        raise DomainError(
            _("Planen er %(status)s og kan ikke endres nå.")
            % {"status": locked.get_status_display().lower()}
        )
    texts = {
        "expected_result": _text(
            expected_result, field="expected_result", label=_("Forventet resultat")
        ),
        "resources": _text(resources, field="resources", label=_("Ressurser")),
        "risks": _text(risks, field="risks", label=_("Risiko")),
    }
    if activities is not None:
        _replace_activities(locked, _clean_activities(locked, activities))
    if funding is not None:
        _replace_funding(locked, _clean_funding(funding))
    for name, value in texts.items():
        setattr(locked, name, value)
    if locked.status == ImplementationPlan.Status.ORDERED:
        locked.status = ImplementationPlan.Status.DRAFT
    locked.version += 1  # the row is locked
    locked._history_user = by
    locked.save(update_fields=[*texts, "status", "version", "updated_at"])
    locked.refresh_from_db()
    return locked


def _replace_activities(ip: ImplementationPlan, rows: list[dict]) -> None:
    existing = {a.pk: a for a in ip.activities.all()}
    keep = set()
    for position, row in enumerate(rows):
        activity = existing.get(_int_or_none(row["id"])) or ImplementationActivity(
            implementation_plan=ip
        )
        activity.title = row["title"]
        activity.responsible_id = row["responsible_id"]
        activity.start_date = row["start_date"]
        activity.due_date = row["due_date"]
        activity.position = position
        activity.save()
        keep.add(activity.pk)
    ip.activities.exclude(pk__in=keep).delete()


def _replace_funding(ip: ImplementationPlan, rows: list[dict]) -> None:
    # Only requests without a decision are the owner's to change.
    editable = {f.pk: f for f in ip.funding.filter(status=FundingRequest.Status.REQUESTED)}
    keep = set()
    for row in rows:
        request = editable.get(_int_or_none(row["id"])) or FundingRequest(
            measure_id=ip.measure_id, implementation_plan=ip
        )
        request.year = row["year"]
        request.amount = row["amount"]
        request.source = row["source"]
        request.save()
        keep.add(request.pk)
    ip.funding.filter(status=FundingRequest.Status.REQUESTED).exclude(pk__in=keep).delete()


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def implementation_plan_content(ip: ImplementationPlan) -> dict:
    """The plan as frozen JSON: what a version keeps and what the diff compares."""
    activities = ip.activities.select_related("responsible").order_by("position", "pk")
    return {
        "expected_result": ip.expected_result,
        "resources": ip.resources,
        "risks": ip.risks,
        "activities": [
            {
                "title": a.title,
                "responsible": _name(a.responsible) if a.responsible else "",
                "start_date": a.start_date.isoformat() if a.start_date else "",
                "due_date": a.due_date.isoformat() if a.due_date else "",
            }
            for a in activities
        ],
        "funding": [
            {
                "year": f.year,
                "amount": str(f.amount),
                "source": str(f.get_source_display()),
                "status": str(f.get_status_display()),
            }
            for f in ip.funding.order_by("year", "source", "pk")
        ],
    }


@transaction.atomic
def implementation_plan_submit(
    *, implementation_plan: ImplementationPlan, by, expected_version: int | None
) -> ImplementationPlanVersion:
    """Submit the plan to the coordinator and freeze its content as a new version.

    Raises ConflictError on a stale version, DomainError when the plan is not
    open or lacks an expected result or activities. Queues
    `notices.implementation_plan_submitted`.
    """
    locked = _lock_plan(implementation_plan)
    _check_version(locked, expected_version)
    if locked.status not in OPEN_STATES:
        raise DomainError(
            _("Planen er %(status)s og kan ikke leveres på nytt.")
            % {"status": locked.get_status_display().lower()}
        )
    if not locked.expected_result.strip():
        raise DomainError(
            _("Fyll ut forventet resultat før du leverer planen."), field="expected_result"
        )
    if not locked.activities.exists():
        raise DomainError(
            _("Legg inn minst én aktivitet før du leverer planen."), field="activities"
        )
    now = timezone.now()
    number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ImplementationPlanVersion.objects.create(
        implementation_plan=locked,
        number=number,
        submitted_by=by,
        submitted_at=now,
        content=implementation_plan_content(locked),
    )
    locked.status = ImplementationPlan.Status.SUBMITTED
    locked.submitted_at = now
    locked.version += 1  # the row is locked
    locked._history_user = by
    locked.save(update_fields=["status", "submitted_at", "version", "updated_at"])
    transaction.on_commit(
        partial(notices.implementation_plan_submitted, implementation_plan_id=locked.pk)
    )
    return version


def _decide(
    locked: ImplementationPlan, expected_version, refusal: str
) -> ImplementationPlanVersion:
    _check_version(locked, expected_version)
    if locked.status != ImplementationPlan.Status.SUBMITTED:
        raise DomainError(refusal % {"status": locked.get_status_display().lower()})
    return locked.versions.order_by("-number").first()


@transaction.atomic
def implementation_plan_approve(
    *, implementation_plan: ImplementationPlan, by, expected_version: int | None
) -> ImplementationPlan:
    """Approve a submitted plan; its latest version is marked approved.

    Raises ConflictError on a stale version, DomainError unless submitted.
    Queues `notices.implementation_plan_approved`.
    """
    locked = _lock_plan(implementation_plan)
    latest = _decide(
        locked, expected_version, _("Bare en levert plan kan godkjennes. Planen er %(status)s.")
    )
    now = timezone.now()
    locked.status = ImplementationPlan.Status.APPROVED
    locked.approved_at = now
    locked.approved_by = by
    locked.version += 1  # the row is locked
    locked._history_user = by
    locked.save(update_fields=["status", "approved_at", "approved_by", "version", "updated_at"])
    if latest:
        latest.outcome = ImplementationPlanVersion.Outcome.APPROVED
        latest.save(update_fields=["outcome"])
    transaction.on_commit(
        partial(notices.implementation_plan_approved, implementation_plan_id=locked.pk)
    )
    locked.refresh_from_db()
    return locked


@transaction.atomic
def implementation_plan_return(
    *, implementation_plan: ImplementationPlan, by, expected_version: int | None, feedback: str
) -> ImplementationPlan:
    """Send a submitted plan back to the owner with feedback (required).

    Raises DomainError without feedback or unless submitted, ConflictError on a
    stale version. Queues `notices.implementation_plan_returned`.
    """
    feedback = _text(feedback, field="feedback", label=_("Tilbakemelding"))
    if not feedback:
        raise DomainError(
            _("Skriv en tilbakemelding som forteller hva som må endres."), field="feedback"
        )
    locked = _lock_plan(implementation_plan)
    latest = _decide(
        locked,
        expected_version,
        _("Bare en levert plan kan sendes tilbake. Planen er %(status)s."),
    )
    locked.status = ImplementationPlan.Status.RETURNED
    locked.feedback = feedback
    locked.version += 1  # the row is locked
    locked._history_user = by
    locked.save(update_fields=["status", "feedback", "version", "updated_at"])
    if latest:
        latest.outcome = ImplementationPlanVersion.Outcome.RETURNED
        latest.feedback = feedback
        latest.save(update_fields=["outcome", "feedback"])
    transaction.on_commit(
        partial(notices.implementation_plan_returned, implementation_plan_id=locked.pk)
    )
    locked.refresh_from_db()
    return locked


# --- Reporting rounds -----------------------------------------------------------------------


@transaction.atomic
def reporting_round_open(
    *,
    plan: Plan,
    name: str,
    due_date: dt.date,
    by,
    measures: Iterable[Measure] | None = None,
    message: str = "",
) -> ReportingRound:
    """Open a reporting round; by default every active measure of the plan is in it.

    Raises DomainError for an empty name, a past due date, measures of another
    plan or no measures. Queues `notices.reporting_round_opened`.
    """
    name = _text(name, field="name", label=_("Navn"), required=True)
    if len(name) > 200:
        raise DomainError(_("Navnet kan ikke være lengre enn 200 tegn."), field="name")
    if due_date is None:
        raise DomainError(_("Fristen må fylles ut."), field="due_date")
    if due_date < timezone.localdate():
        raise DomainError(_("Fristen kan ikke være tilbake i tid."), field="due_date")
    message = _text(message, field="message", label=_("Melding"))
    if measures is None:
        chosen = list(plan.measures.active().values_list("pk", flat=True))
    else:
        chosen = sorted({m.pk for m in measures})
        if Measure.objects.filter(pk__in=chosen).exclude(plan=plan).exists():
            raise DomainError(_("Alle tiltakene må høre til planen."), field="measures")
    if not chosen:
        raise DomainError(_("Runden må ha minst ett tiltak."), field="measures")
    round_ = ReportingRound.objects.create(
        plan=plan, name=name, due_date=due_date, message=message, opened_by=by
    )
    round_.measures.set(chosen)
    transaction.on_commit(partial(notices.reporting_round_opened, reporting_round_id=round_.pk))
    return round_


@transaction.atomic
def reporting_round_close(*, reporting_round: ReportingRound, by) -> ReportingRound:
    """Close an open round. Answers after this are still accepted, marked late."""
    locked = ReportingRound.objects.select_for_update().get(pk=reporting_round.pk)
    if locked.status == ReportingRound.Status.CLOSED:
        raise DomainError(_("Runden er allerede lukket."))
    locked.status = ReportingRound.Status.CLOSED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    return locked


def _existing_update_error(existing: StatusUpdate) -> DomainError:
    return DomainError(
        _(
            "Det er allerede levert en statusrapport for dette tiltaket i denne runden "
            "(%(when)s av %(who)s). Ta kontakt med koordinator om den må rettes."
        )
        % {
            "when": date_format(timezone.localtime(existing.submitted_at), "d.m.Y H:i"),
            "who": _name(existing.submitted_by),
        },
        code="duplicate",
    )


@transaction.atomic
def status_update_submit(
    *,
    measure: Measure,
    by,
    status: str,
    progress: int,
    text: str,
    risks: str = "",
    needs_help: bool = False,
    reporting_round: ReportingRound | None = None,
) -> StatusUpdate:
    """Record one status update and carry status/progress over to the measure.

    One update per measure per round: a second gives DomainError (code
    "duplicate"), never an IntegrityError. Late answers (after the due date or
    after the round closed) are accepted and marked `is_late`. The measure row
    is locked while its status, progress, last_reported_at and version change.
    Queues `notices.status_update_submitted`.
    """
    if status not in MeasureStatus.values:
        raise DomainError(_("Velg en gyldig status."), field="status")
    try:
        progress = int(progress)
    except (TypeError, ValueError):
        raise DomainError(_("Framdrift må være et helt tall."), field="progress") from None
    if not 0 <= progress <= 100:
        raise DomainError(_("Framdrift må være mellom 0 og 100 prosent."), field="progress")
    text = _text(text, field="text", label=_("Status og resultater"), required=True)
    risks = _text(risks, field="risks", label=_("Risiko og behov for hjelp"))
    locked = Measure.objects.select_for_update().get(pk=measure.pk)
    now = timezone.now()
    is_late = False
    if reporting_round is not None:
        round_ = ReportingRound.objects.get(pk=reporting_round.pk)
        if not round_.measures.filter(pk=locked.pk).exists():
            raise DomainError(_("Tiltaket er ikke med i denne rapporteringsrunden."))
        existing = (
            StatusUpdate.objects.filter(measure=locked, reporting_round=round_)
            .select_related("submitted_by")
            .first()
        )
        if existing:
            raise _existing_update_error(existing)
        is_late = (
            round_.status == ReportingRound.Status.CLOSED
            or timezone.localdate(now) > round_.due_date
        )
    update = StatusUpdate(
        measure=locked,
        reporting_round=reporting_round,
        status=status,
        progress=progress,
        text=text,
        risks=risks,
        needs_help=bool(needs_help),
        submitted_by=by,
        submitted_at=now,
        is_late=is_late,
    )
    update._history_user = by
    try:
        # The unique constraint is the last word if two requests race past the check.
        with transaction.atomic():
            update.save()
    except IntegrityError:
        existing = StatusUpdate.objects.get(measure=locked, reporting_round=reporting_round)
        raise _existing_update_error(existing) from None
    locked.status = status
    locked.progress = progress
    locked.last_reported_at = now
    # A status update changes the measure: an edit form opened before it must not overwrite it.
    locked.version += 1  # the row is locked
    locked._history_user = by
    locked._change_reason = _("Statusrapport")
    locked.save(update_fields=["status", "progress", "last_reported_at", "version", "updated_at"])
    transaction.on_commit(partial(notices.status_update_submitted, status_update_id=update.pk))
    return update


# --- Delegation -----------------------------------------------------------------------------


@transaction.atomic
def measure_delegate_reporting(*, measure: Measure, delegate, by) -> Measure:
    """Hand one measure's reporting to a colleague in the responsible department (None: take
    it back). Logged in the measure's history with who did it.

    Raises DomainError when the colleague is outside the department or cannot
    log in as a department lead.
    """
    locked = (
        Measure.objects.select_for_update()
        .select_related("responsible_department")
        .get(pk=measure.pk)
    )
    if delegate is not None:
        if not department_users(locked.responsible_department).filter(pk=delegate.pk).exists():
            raise DomainError(
                _("%(who)s hører ikke til %(dept)s.")
                % {"who": _name(delegate), "dept": locked.responsible_department.name},
                field="delegate",
            )
        if not permissions.is_staff_member(delegate):
            raise DomainError(
                _("%(who)s har ikke tilgang til å rapportere i løsningen.")
                % {"who": _name(delegate)},
                field="delegate",
            )
        if delegate.pk == locked.responsible_person_id:
            delegate = None
    if locked.reporting_delegate_id == (delegate.pk if delegate else None):
        return locked
    locked.reporting_delegate = delegate
    locked.version += 1  # the row is locked
    locked._history_user = by
    locked._change_reason = (
        _("Rapportering delegert til %(who)s") % {"who": _name(delegate)}
        if delegate
        else _("Delegering av rapportering opphevet")
    )
    locked.save(update_fields=["reporting_delegate", "version", "updated_at"])
    locked.refresh_from_db()
    return locked


# --- Follow-up settings and notification preferences ------------------------------------


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
