"""Celery tasks for notices: thin, take ids, safe to run twice."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError as DatabaseOperationalError
from django.utils import timezone

from measures import notices, reminders

logger = logging.getLogger(__name__)

SEND_MAX_RETRIES = 5


@shared_task(
    bind=True,
    autoretry_for=notices.TRANSIENT_SEND_ERRORS,
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
    return notices.notification_deliver(notification_id=notification_id)


@shared_task(
    autoretry_for=(DatabaseOperationalError,),
    retry_backoff=60,
    max_retries=5,
)
def run_reminder_sweep(today: str | None = None) -> dict:
    """The daily sweep (beat): record reminders, then queue a send task per row.

    `today` (ISO date) is for tests and reruns; default is today in TIME_ZONE.
    Safe to run twice (unique keys), so a lost database connection is retried.
    """
    import datetime as dt

    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    result = reminders.reminder_sweep(today=day)
    notices.queue(result.to_send)
    logger.info(
        "Reminder sweep %s: %d new notice(s), %d queued for sending, %d uncertain",
        day,
        result.created,
        len(result.to_send),
        result.uncertain,
    )
    return {
        "today": day.isoformat(),
        "created": result.created,
        "queued": len(result.to_send),
        "requeued": result.requeued,
        "uncertain": result.uncertain,
    }


@shared_task
def requeue_stale_notifications() -> int:
    """Queue every notice still `queued` after a few minutes (the broker was down when it was
    made). Runs often from beat, so notices go out soon after the broker is back."""
    ids = notices.stale_queued(now=timezone.now(), older_than=reminders.REQUEUE_AFTER)
    notices.queue(ids)
    return len(ids)
