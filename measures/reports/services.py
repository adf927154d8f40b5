"""Council reports: requesting one (its snapshot frozen at once), rendering it in the
background, retrying, and publishing it to the politicians and the public."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bodobolig import permissions
from bodobolig.audit import log_action
from bodobolig.background import after_commit
from bodobolig.errors import DomainError
from measures import background_pdf
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

# The same report requested twice within this window (a double click) is created once.
DOUBLE_SUBMIT_WINDOW = dt.timedelta(minutes=1)


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
    background_pdf.queue_render(RENDER_TASK, report_id)


def _draw(report: CouncilReport):
    return rendering.render_report(report.snapshot), rendering.report_file_name(report)


def council_report_render(*, report_id: int, final_attempt: bool = True) -> CouncilReport | None:
    """Render a queued report from its snapshot and mark it ready, or failed with the reason
    (`measures.background_pdf.render_claimed`; a report left "rendering" by a dead worker
    may be claimed again). Rendering happens outside any transaction."""
    return background_pdf.render_claimed(
        CouncilReport, report_id, draw=_draw, final_attempt=final_attempt, reclaim_stale=True
    )


def council_reports_stuck(*, now) -> list[int]:
    """Recover reports stuck for longer than RENDER_CLAIM_TIMEOUT (beat, every two minutes):
    one still rendering is marked failed, so the coordinator sees its "Lag rapporten på
    nytt" button at once; returns the ids still queued, to queue again."""
    with translation.override(settings.LANGUAGE_CODE):
        reason = str(
            _(
                "Arbeidsprosessen stoppet mens rapporten ble laget (for eksempel en omstart "
                "av serveren). Lag rapporten på nytt."
            )
        )
    return background_pdf.stuck(CouncilReport, now=now, reason=reason)


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
