"""Celery tasks of hearings: thin, take ids, call the delivery or appendix module, safe twice."""

from __future__ import annotations

from celery import shared_task

from hearings import appendix, delivery


@shared_task(name="hearings.tasks.send_invitations")
def send_invitations(hearing_id: int) -> dict:
    """Send each queued or failed invitation once; failures are recorded on the invitation."""
    return delivery.invitations_deliver(hearing_id=hearing_id)


@shared_task(
    name="hearings.tasks.send_receipt",
    autoretry_for=delivery.SEND_ERRORS,
    retry_backoff=30,
    retry_jitter=True,
    max_retries=5,
)
def send_receipt(response_id: int) -> bool:
    """The sender's receipt, at most once (claimed by receipt_sent_at); retried on SMTP errors."""
    return delivery.receipt_deliver(response_id=response_id)


@shared_task(name="hearings.tasks.send_hearing_reminders")
def send_hearing_reminders() -> int:
    """Daily: remind consultees who have not answered, once per invitation."""
    return delivery.reminders_deliver()


@shared_task(name="hearings.tasks.render_appendix")
def render_appendix(hearing_id: int) -> str:
    """Render and store the appendix PDF; returns the stored file's name."""
    return appendix.render_and_store(hearing_id=hearing_id).appendix_file.name
