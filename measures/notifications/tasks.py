"""Celery tasks of the notification outbox: thin, take ids, call the outbox, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from measures.notifications import outbox

SEND_MAX_RETRIES = 5


@shared_task(
    name="measures.tasks.send_notification",
    bind=True,
    autoretry_for=outbox.TRANSIENT_SEND_ERRORS,
    retry_backoff=30,  # 30 s, 60 s, 120 s, ... with jitter
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=SEND_MAX_RETRIES,
)
def send_notification(self, notification_id: int) -> bool:
    """Send one notice at most once: claim queued/failed -> sending, send, mark sent.

    SMTP and network errors mark the row failed with the reason and are retried
    with exponential backoff; when retries run out the row stays failed, shown
    in the log. A redelivered or duplicate task finds the row claimed and does
    nothing.
    """
    return outbox.notification_deliver(notification_id=notification_id)


@shared_task(name="measures.tasks.requeue_stale_notifications")
def requeue_stale_notifications() -> int:
    """Queue every notice still `queued` after a few minutes (the broker was down when it was
    made), and mark failed every notice stuck in `sending` (its worker was killed), so the
    coordinator sees it with "Send på nytt" within minutes rather than after the next
    morning's sweep. Runs every two minutes from beat."""
    now = timezone.now()
    outbox.fail_uncertain(now=now, older_than=outbox.SENDING_TIMEOUT)
    ids = outbox.stale_queued(now=now, older_than=outbox.REQUEUE_AFTER)
    outbox.queue(ids)
    return len(ids)
