"""Changes of state in reporting: reporting rounds (open, close), status updates
(submit), and correcting a submitted update (the coordinator reopens it with a
reason, the owner corrects it). STYLE.md: `<entity>_<action>`; every function is one
transaction that validates, saves named columns, writes its audit entry and queues
notices after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bodobolig.audit import log_action
from bodobolig.background import after_commit
from bodobolig.errors import DomainError, StateError
from bodobolig.people import display_name
from measures.followup.content import clean_text
from measures.followup.selectors import open_rounds_of, open_rounds_warning
from measures.models import (
    Measure,
    ReportingRound,
    StatusUpdate,
)
from measures.notifications import notices as notifications_notices
from measures.status import MeasureStatus, check_status_progress
from plans.models import Plan


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
    if not confirm_parallel and (open_rounds := open_rounds_of(plan)):
        raise DomainError(
            open_rounds_warning(open_rounds), field="confirm_parallel", code="parallel"
        )
    round_ = ReportingRound.objects.create(
        plan=plan, name=name, due_date=due_date, message=message, opened_by=by
    )
    round_.measures.set(chosen)
    log_action(
        "reporting_round.opened",
        actor=by,
        target=round_,
        plan=plan,
        text=message,
        data={"due_date": due_date, "measures": len(chosen)},
    )
    after_commit(
        partial(notifications_notices.reporting_round_opened, reporting_round_id=round_.pk)
    )
    return round_


@transaction.atomic
def reporting_round_close(*, reporting_round: ReportingRound, by) -> ReportingRound:
    """Close an open round. Answers after this are still accepted, marked late."""
    locked = ReportingRound.objects.select_for_update().get(pk=reporting_round.pk)
    if locked.status == ReportingRound.Status.CLOSED:
        raise StateError(_("Runden er allerede lukket."))
    locked.status = ReportingRound.Status.CLOSED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at"])
    log_action("reporting_round.closed", actor=by, target=locked)
    return locked


def _measure_follows(measure: Measure, *, status: str, progress: int, by, reason: str) -> None:
    """The measure (locked by the caller) takes the status and progress of its newest update.

    Its version goes up: an edit form opened before the update must not overwrite it.
    """
    measure.status = status
    measure.progress = progress
    measure.version += 1
    measure._history_user = by
    measure._change_reason = reason
    measure.save(update_fields=["status", "progress", "version", "updated_at"])


def _existing_update_error(existing: StatusUpdate) -> DomainError:
    return DomainError(
        _(
            "Det er allerede levert en statusoppdatering for dette tiltaket i denne runden "
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
    status_before, progress_before = str(locked.get_status_display()), locked.progress
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
    _measure_follows(locked, status=status, progress=progress, by=by, reason=_("Statusoppdatering"))
    log_action(
        "status_update.submitted",
        actor=by,
        target=update,
        measure=locked,
        text=text,
        data={
            "status": str(MeasureStatus(status).label),
            "progress": progress,
            "round": reporting_round.name if reporting_round else "",
            "is_late": is_late,
        },
        changes={
            _("Status"): (status_before, str(MeasureStatus(status).label)),
            _("Framdrift"): (f"{progress_before} %", f"{progress} %"),
        },
    )
    after_commit(partial(notifications_notices.status_update_submitted, status_update_id=update.pk))
    return update


@transaction.atomic
def status_update_reopen(*, status_update: StatusUpdate, by, reason: str) -> StatusUpdate:
    """The coordinator opens a submitted status update for correction by its owner.

    A reason is required (DomainError on field "reason"); an update already open for
    correction gives DomainError. Logged as "status_update.reopened" with the reason.
    Queues an e-mail to the owner (and whoever reported) with the reason after commit.
    """
    reason = clean_text(reason, field="reason", label=_("Begrunnelse"), required=True)
    locked = (
        StatusUpdate.objects.select_for_update().select_related("measure").get(pk=status_update.pk)
    )
    if locked.is_reopened:
        raise DomainError(_("Statusoppdateringen er allerede åpnet for retting."))
    locked.reopened_at = timezone.now()
    locked.reopened_by = by
    locked.reopen_reason = reason
    locked._history_user = by
    locked.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    log_action("status_update.reopened", actor=by, target=locked, text=reason)
    after_commit(partial(notifications_notices.status_update_reopened, status_update_id=locked.pk))
    return locked


@transaction.atomic
def status_update_correct(
    *,
    status_update: StatusUpdate,
    by,
    status: str,
    progress: int,
    text: str,
    risks: str = "",
    needs_help: bool = False,
) -> StatusUpdate:
    """The owner corrects a status update the coordinator reopened; it closes again.

    Only a reopened update can be corrected (DomainError otherwise); status and
    progress must agree (field "progress"). When it is the measure's newest update,
    the measure's status and progress follow it. Logged as "status_update.corrected"
    with the new text; the coordinators get a notice after commit.
    """
    progress = check_status_progress(status, progress)
    text = clean_text(text, field="text", label=_("Status og resultater"), required=True)
    risks = clean_text(risks, field="risks", label=_("Risiko og behov for hjelp"))
    measure = Measure.objects.select_for_update().get(pk=status_update.measure_id)
    locked = StatusUpdate.objects.select_for_update().get(pk=status_update.pk)
    if not locked.is_reopened:
        raise DomainError(
            _("Statusoppdateringen er levert og kan bare rettes når koordinator har åpnet den.")
        )
    before = {"status": locked.get_status_display(), "progress": locked.progress}
    locked.status = status
    locked.progress = progress
    locked.text = text
    locked.risks = risks
    locked.needs_help = bool(needs_help)
    locked.reopened_at = None
    locked.corrected_at = timezone.now()
    locked._history_user = by
    locked.save(
        update_fields=[
            "status",
            "progress",
            "text",
            "risks",
            "needs_help",
            "reopened_at",
            "corrected_at",
        ]
    )
    newest = StatusUpdate.objects.filter(measure=measure).order_by("-submitted_at", "-pk").first()
    if newest is not None and newest.pk == locked.pk:
        _measure_follows(
            measure, status=status, progress=progress, by=by, reason=_("Statusoppdatering rettet")
        )
    log_action(
        "status_update.corrected",
        actor=by,
        target=locked,
        text=text,
        changes={
            str(_("Status")): (before["status"], locked.get_status_display()),
            str(_("Framdrift")): (f"{before['progress']} %", f"{progress} %"),
        },
        data={"status": str(locked.get_status_display()), "progress": progress},
    )
    after_commit(
        partial(
            notifications_notices.status_update_submitted,
            status_update_id=locked.pk,
            corrected=True,
        )
    )
    return locked
