"""Sending the hearing's e-mails at most once each, and recording what happened.

Like the notification outbox: a row is claimed with a conditional UPDATE before
its e-mail is sent (queued/failed -> sending), then marked sent or failed with
the reason. A second run of a task finds sent rows unclaimable and sends
nothing twice; failed rows are tried again.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from hearings import emails
from hearings.models import Hearing, HearingResponse, Invitation

logger = logging.getLogger(__name__)

SEND_ERRORS = (smtplib.SMTPException, OSError)
State = Invitation.Status


def invitation_deliver(*, invitation_id: int) -> bool:
    """Claim, send and mark one invitation. True when an e-mail went out now.

    A consultee without an e-mail address, or an SMTP/network error, marks the
    invitation failed with the reason (shown to the coordinator); it is not raised.
    """
    claimed = Invitation.objects.filter(
        pk=invitation_id, status__in=[State.QUEUED, State.FAILED]
    ).update(status=State.SENDING, attempts=F("attempts") + 1)
    if not claimed:
        return False
    invitation = Invitation.objects.select_related("consultee", "hearing").get(pk=invitation_id)
    if not invitation.consultee.email:
        _mark(invitation_id, State.FAILED, error=_("Høringsinstansen har ingen e-postadresse."))
        return False
    try:
        emails.invitation(invitation)
    except SEND_ERRORS as exc:
        logger.warning("Invitation %s failed: %s", invitation_id, exc)
        _mark(invitation_id, State.FAILED, error=f"{type(exc).__name__}: {exc}")
        return False
    _mark(invitation_id, State.SENT, sent_at=timezone.now())
    return True


def _mark(invitation_id: int, status: str, **fields) -> None:
    Invitation.objects.filter(pk=invitation_id, status=State.SENDING).update(
        status=status, error=fields.pop("error", "")[:2000], **fields
    )


def invitations_deliver(*, hearing_id: int) -> dict[str, int]:
    """Send every queued or failed invitation of the hearing; counts of sent and failed."""
    ids = list(
        Invitation.objects.filter(
            hearing_id=hearing_id, status__in=[State.QUEUED, State.FAILED]
        ).values_list("pk", flat=True)
    )
    sent = sum(invitation_deliver(invitation_id=pk) for pk in ids)
    return {"sent": sent, "failed": len(ids) - sent}


def reminders_deliver(*, today: dt.date | None = None) -> int:
    """Remind invited consultees who have not answered, HEARING_REMINDER_DAYS before the
    deadline of an open hearing. Each invitation is claimed once (sent -> reminded)."""
    today = today or timezone.localdate()
    ids = list(
        Invitation.objects.filter(
            status=State.SENT,
            reminded_at__isnull=True,
            hearing__status=Hearing.Status.OPEN,
            hearing__ends_on__gte=today,
            hearing__ends_on__lte=today + dt.timedelta(days=settings.HEARING_REMINDER_DAYS),
        ).values_list("pk", flat=True)
    )
    sent = 0
    for pk in ids:
        if not Invitation.objects.filter(pk=pk, status=State.SENT, reminded_at__isnull=True).update(
            status=State.REMINDED, reminded_at=timezone.now()
        ):
            continue
        invitation = Invitation.objects.select_related("consultee", "hearing").get(pk=pk)
        try:
            emails.invitation(invitation, reminder=True)
            sent += 1
        except SEND_ERRORS as exc:
            Invitation.objects.filter(pk=pk).update(error=f"{type(exc).__name__}: {exc}"[:2000])
    return sent


def receipt_deliver(*, response_id: int) -> bool:
    """Send the receipt once: claimed by setting receipt_sent_at; released again on an error
    (then raised, so the task retries)."""
    now = timezone.now()
    if (
        not HearingResponse.objects.filter(pk=response_id, receipt_sent_at__isnull=True)
        .exclude(email="")
        .update(receipt_sent_at=now)
    ):
        return False
    response = HearingResponse.objects.select_related("hearing").get(pk=response_id)
    try:
        emails.receipt(response)
    except SEND_ERRORS:
        HearingResponse.objects.filter(pk=response_id, receipt_sent_at=now).update(
            receipt_sent_at=None
        )
        raise
    return True
