"""Changes of state in the follow-up: implementation plans (order, save, submit,
approve, return), reporting rounds (open, close), status updates, and the
coordinator's follow-up settings (STYLE.md: `<entity>_<action>`).

Every function is one change: keyword-only arguments, one transaction,
validation with DomainError/ConflictError, named columns saved, notices queued
after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bodobolig.background import after_commit
from bodobolig.errors import ConflictError, DomainError
from bodobolig.people import display_name
from measures.followup.content import (
    clean_activities,
    clean_funding,
    clean_text,
    implementation_plan_content,
    replace_activities,
    replace_funding,
)
from measures.models import (
    FollowUpSettings,
    ImplementationPlan,
    ImplementationPlanVersion,
    Measure,
    ReportingRound,
    StatusUpdate,
)
from measures.notifications import notices as notifications_notices
from measures.status import check_status_progress
from plans.models import Plan


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
    Queues `notifications_notices.implementation_plan_ordered` for the new plans.
    """
    measure_ids = sorted({m.pk for m in measures})
    if not measure_ids:
        raise DomainError(_("Velg minst ett tiltak."), field="measures")
    if due_date is None:
        raise DomainError(_("Fristen må fylles ut."), field="due_date")
    if due_date < timezone.localdate():
        raise DomainError(_("Fristen kan ikke være tilbake i tid."), field="due_date")
    message = clean_text(message, field="message", label=_("Melding"))
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
        after_commit(
            partial(notifications_notices.implementation_plan_ordered, implementation_plan_ids=ids)
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
        who = display_name(changed_by.history_user) if changed_by else _("en annen bruker")
        when = timezone.localtime(locked.updated_at)
        raise ConflictError(
            _(
                "Gjennomføringsplanen ble endret av %(who)s %(when)s etter at du åpnet den. "
                "Endringene dine er ikke lagret. Se hva som er endret, og lagre på nytt."
            )
            % {"who": who, "when": date_format(when, "d.m.Y \\k\\l. H:i")},
            current=locked,
        )


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
        "expected_result": clean_text(
            expected_result, field="expected_result", label=_("Forventet resultat")
        ),
        "resources": clean_text(resources, field="resources", label=_("Ressurser")),
        "risks": clean_text(risks, field="risks", label=_("Risiko")),
    }
    if activities is not None:
        replace_activities(locked, clean_activities(locked, activities))
    if funding is not None:
        replace_funding(locked, clean_funding(funding, plan=locked.measure.plan))
    for name, value in texts.items():
        setattr(locked, name, value)
    if locked.status == ImplementationPlan.Status.ORDERED:
        locked.status = ImplementationPlan.Status.DRAFT
    locked.version += 1  # the row is locked
    locked._history_user = by
    locked.save(update_fields=[*texts, "status", "version", "updated_at"])
    locked.refresh_from_db()
    return locked


@transaction.atomic
def implementation_plan_submit(
    *, implementation_plan: ImplementationPlan, by, expected_version: int | None
) -> ImplementationPlanVersion:
    """Submit the plan to the coordinator and freeze its content as a new version.

    Raises ConflictError on a stale version, DomainError when the plan is not
    open or lacks an expected result or activities. Queues
    `notifications_notices.implementation_plan_submitted`.
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
    after_commit(
        partial(
            notifications_notices.implementation_plan_submitted, implementation_plan_id=locked.pk
        )
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
    Queues `notifications_notices.implementation_plan_approved`.
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
    after_commit(
        partial(
            notifications_notices.implementation_plan_approved, implementation_plan_id=locked.pk
        )
    )
    locked.refresh_from_db()
    return locked


@transaction.atomic
def implementation_plan_return(
    *, implementation_plan: ImplementationPlan, by, expected_version: int | None, feedback: str
) -> ImplementationPlan:
    """Send a submitted plan back to the owner with feedback (required).

    Raises DomainError without feedback or unless submitted, ConflictError on a
    stale version. Queues `notifications_notices.implementation_plan_returned`.
    """
    feedback = clean_text(feedback, field="feedback", label=_("Tilbakemelding"))
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
    after_commit(
        partial(
            notifications_notices.implementation_plan_returned, implementation_plan_id=locked.pk
        )
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
    confirm_parallel: bool = False,
) -> ReportingRound:
    """Open a reporting round; by default every active measure of the plan is in it.

    Raises DomainError for an empty name, a past due date, measures of another
    plan, no measures, or an open round of the same name (a double submit); and,
    unless `confirm_parallel`, when another round of the plan is still open
    (field "confirm_parallel", code "parallel", naming the open round).
    Queues `notifications_notices.reporting_round_opened`.
    """
    name = clean_text(name, field="name", label=_("Navn"), required=True)
    if len(name) > 200:
        raise DomainError(_("Navnet kan ikke være lengre enn 200 tegn."), field="name")
    if due_date is None:
        raise DomainError(_("Fristen må fylles ut."), field="due_date")
    if due_date < timezone.localdate():
        raise DomainError(_("Fristen kan ikke være tilbake i tid."), field="due_date")
    message = clean_text(message, field="message", label=_("Melding"))
    if measures is None:
        chosen = list(plan.measures.active().values_list("pk", flat=True))
    else:
        chosen = sorted({m.pk for m in measures})
        if Measure.objects.filter(pk__in=chosen).exclude(plan=plan).exists():
            raise DomainError(_("Alle tiltakene må høre til planen."), field="measures")
    if not chosen:
        raise DomainError(_("Runden må ha minst ett tiltak."), field="measures")
    # Lock the plan row so a double submit cannot open two rounds of the same name.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    if plan.reporting_rounds.filter(status=ReportingRound.Status.OPEN, name__iexact=name).exists():
        raise DomainError(
            _("Det er allerede en åpen rapporteringsrunde med dette navnet i planen."),
            field="name",
            code="duplicate",
        )
    if not confirm_parallel and (open_round := open_round_of(plan)):
        raise DomainError(
            parallel_round_warning(open_round), field="confirm_parallel", code="parallel"
        )
    round_ = ReportingRound.objects.create(
        plan=plan, name=name, due_date=due_date, message=message, opened_by=by
    )
    round_.measures.set(chosen)
    after_commit(
        partial(notifications_notices.reporting_round_opened, reporting_round_id=round_.pk)
    )
    return round_


def open_round_of(plan: Plan) -> ReportingRound | None:
    """The plan's open reporting round with the earliest due date, if any."""
    return (
        plan.reporting_rounds.filter(status=ReportingRound.Status.OPEN)
        .order_by("due_date", "pk")
        .first()
    )


def parallel_round_warning(open_round: ReportingRound) -> str:
    return _("«%(name)s» er allerede åpen (frist %(due)s).") % {
        "name": open_round.name,
        "due": f"{open_round.due_date:%d.%m.%Y}",
    }


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
            "who": display_name(existing.submitted_by) or _("ukjent"),
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
    is locked while its status, progress and version change. "Fullført" must be 100 %
    and "Ikke startet" 0 % (DomainError on field "progress").
    Queues `notifications_notices.status_update_submitted`.
    """
    progress = check_status_progress(status, progress)
    text = clean_text(text, field="text", label=_("Status og resultater"), required=True)
    risks = clean_text(risks, field="risks", label=_("Risiko og behov for hjelp"))
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
    # A status update changes the measure: an edit form opened before it must not overwrite it.
    locked.version += 1  # the row is locked
    locked._history_user = by
    locked._change_reason = _("Statusrapport")
    locked.save(update_fields=["status", "progress", "version", "updated_at"])
    after_commit(partial(notifications_notices.status_update_submitted, status_update_id=update.pk))
    return update
