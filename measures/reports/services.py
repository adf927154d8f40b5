"""Council reports: requesting one (its snapshot frozen at once), rendering it in the
background, retrying, and publishing it to the politicians and the public."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bodobolig import permissions
from bodobolig.audit import log_action
from bodobolig.background import after_commit, queue_task
from bodobolig.errors import DomainError
from measures.models import (
    CouncilReport,
    ReportingRound,
)
from measures.notifications import notices as notifications_notices
from measures.reports import rendering, snapshot
from plans.models import Plan

logger = logging.getLogger(__name__)

# The Celery task that renders one report (measures/reports/tasks.py).
RENDER_TASK = "measures.tasks.render_council_report"

# A render takes seconds (400 measures: well under a minute); a report still "rendering"
# after this long lost its worker, one still "queued" lost its task (broker down).
RENDER_CLAIM_TIMEOUT = dt.timedelta(minutes=3)
# The same report requested twice within this window (a double click) is created once.
DOUBLE_SUBMIT_WINDOW = dt.timedelta(minutes=1)


class TransientRenderError(Exception):
    """Rendering failed for a reason that may pass (disk, database); the task retries it."""


# Errors worth a retry: the storage or the database hiccuped. Everything else (a template
# error, WeasyPrint refusing the document, bad data) fails the same way again.
TRANSIENT_ERRORS = (OSError, DatabaseError)


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
        raise DomainError(_("Bare boligkoordinatoren kan bestille statusrapporter til bystyret."))
    if as_of > timezone.localdate():
        raise DomainError(_("Datoen for status kan ikke være fram i tid."), field="as_of")
    if as_of.year < plan.period_start:
        raise DomainError(
            _("Datoen for status kan ikke være før planperioden (%(year)s).")
            % {"year": plan.period_start},
            field="as_of",
        )
    if reporting_round is not None and reporting_round.plan_id != plan.pk:
        raise DomainError(
            _("Rapporteringsrunden hører til en annen plan."), field="reporting_round"
        )
    if meeting_date is not None and meeting_date < as_of:
        raise DomainError(
            _("Møtedatoen kan ikke være før datoen rapporten viser status for."),
            field="meeting_date",
        )
    with translation.override(snapshot.REPORT_LANGUAGE):
        default_title = _("Statusrapport %(plan)s %(start)s–%(end)s per %(date)s") % {
            "plan": plan.title,
            "start": plan.period_start,
            "end": plan.period_end,
            "date": f"{as_of:%d.%m.%Y}",
        }
    title = title.strip() or default_title
    # A double submit of the form: the same request made moments ago is returned as is
    # (with tasks in process the first may already be ready).
    # Locking the plan row serialises two concurrent requests for the same plan.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    duplicate = (
        CouncilReport.objects.filter(
            plan=plan,
            as_of=as_of,
            reporting_round=reporting_round,
            title=title,
            case_number=case_number.strip(),
            requested_by=user,
            requested_at__gte=timezone.now() - DOUBLE_SUBMIT_WINDOW,
        )
        .exclude(status=CouncilReport.Status.FAILED)
        .first()
    )
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
    report.snapshot = snapshot.build_snapshot(
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
    log_action(
        "council_report.requested",
        actor=user,
        target=report,
        plan=plan,
        data={"as_of": as_of, "round": reporting_round.name if reporting_round else ""},
    )
    if queue_render:
        _queue_render(report.pk)
    return report


def _queue_render(report_id: int) -> None:
    def send():
        try:
            queue_task(RENDER_TASK, report_id)
        except Exception:  # the broker is down: the row stays queued, a retry re-sends it
            logger.exception("Could not queue council report %s for rendering", report_id)

    after_commit(send)


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
        rendered = rendering.render_report(report.snapshot)
        report.file.save(
            rendering.report_file_name(report), ContentFile(rendered.content), save=False
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
    """Recover reports stuck for longer than RENDER_CLAIM_TIMEOUT (beat, every two minutes).

    A report still rendering lost its worker (killed, out of memory): it is marked failed
    with the reason, so the coordinator sees it and its "Lag rapporten på nytt" button at
    once, and a render that kills its worker cannot loop. Returns the ids of reports still
    queued (the broker lost the task): re-queuing them is safe (the render claims its row).
    """
    limit = now - RENDER_CLAIM_TIMEOUT
    with translation.override(settings.LANGUAGE_CODE):
        reason = str(
            _(
                "Arbeidsprosessen stoppet mens rapporten ble laget (for eksempel en omstart "
                "av serveren). Lag rapporten på nytt."
            )
        )
    CouncilReport.objects.filter(
        status=CouncilReport.Status.RENDERING, rendered_at__lt=limit
    ).update(status=CouncilReport.Status.FAILED, error=reason, rendered_at=None)
    return list(
        CouncilReport.objects.filter(
            status=CouncilReport.Status.QUEUED, requested_at__lt=limit
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
    log_action(
        "council_report.retried",
        actor=user,
        target=report,
        text=report.error,
        changes={
            _("Status"): (CouncilReport.Status.FAILED.label, CouncilReport.Status.QUEUED.label)
        },
    )
    _queue_render(report.pk)
    report.refresh_from_db()
    return report


@transaction.atomic
def council_report_publish(*, report: CouncilReport, user) -> CouncilReport:
    """Publish a ready report to the politicians (and, for adopted plans, the public).

    Raises DomainError when the report is not ready or already published. Calls
    `notifications_notices.council_report_published` on commit.
    """
    if not permissions.can(user, permissions.Action.PUBLISH_REPORT, report):
        raise DomainError(_("Bare boligkoordinatoren kan publisere statusrapporter til bystyret."))
    locked = CouncilReport.objects.select_for_update().get(pk=report.pk)
    if locked.status != CouncilReport.Status.READY:
        raise DomainError(
            _("Rapporten kan ikke publiseres før den er ferdig laget (status: %(status)s).")
            % {"status": locked.get_status_display().lower()}
        )
    if locked.published_at is not None:
        raise DomainError(_("Rapporten er allerede publisert."))
    if locked.withdrawn_at is not None:
        raise DomainError(
            _("Rapporten er trukket tilbake og kan ikke publiseres igjen. Bestill en ny rapport.")
        )
    locked.published_at = timezone.now()
    locked.published_by = user
    locked.save(update_fields=["published_at", "published_by"])
    log_action("council_report.published", actor=user, target=locked)
    after_commit(
        lambda: notifications_notices.council_report_published(council_report_id=locked.pk)
    )
    return locked


WITHDRAWAL_REASON_MAX_LENGTH = 2000


@transaction.atomic
def council_report_withdraw(*, report: CouncilReport, user, reason: str) -> CouncilReport:
    """Withdraw a published report: politicians and the public no longer see it; the file
    stays archived for staff. Writes `council_report.withdrawn` with the reason.

    Raises DomainError (field "reason") without a reason, and when the report is not
    published (never, or already withdrawn).
    """
    if not permissions.can(user, permissions.Action.PUBLISH_REPORT, report):
        raise DomainError(
            _("Bare boligkoordinatoren kan trekke tilbake statusrapporter til bystyret.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Skriv hvorfor rapporten trekkes tilbake."), field="reason")
    if len(reason) > WITHDRAWAL_REASON_MAX_LENGTH:
        raise DomainError(
            _("Begrunnelsen kan ikke være lengre enn %(max)s tegn.")
            % {"max": WITHDRAWAL_REASON_MAX_LENGTH},
            field="reason",
        )
    locked = CouncilReport.objects.select_for_update().get(pk=report.pk)
    if locked.withdrawn_at is not None:
        raise DomainError(_("Rapporten er allerede trukket tilbake."))
    if locked.published_at is None:
        raise DomainError(_("Rapporten er ikke publisert, så den kan ikke trekkes tilbake."))
    locked.published_at = None
    locked.published_by = None
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = user
    locked.withdrawal_reason = reason
    locked.save(
        update_fields=[
            "published_at",
            "published_by",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawal_reason",
        ]
    )
    log_action("council_report.withdrawn", actor=user, target=locked, text=reason)
    return locked
