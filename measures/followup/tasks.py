"""Celery tasks of the follow-up: the daily reminder sweep (beat)."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.db import OperationalError as DatabaseOperationalError
from django.utils import timezone

from measures.followup import reminders
from measures.notifications import outbox

logger = logging.getLogger(__name__)


@shared_task(
    name="measures.tasks.run_reminder_sweep",
    autoretry_for=(DatabaseOperationalError,),
    retry_backoff=60,
    max_retries=5,
)
def run_reminder_sweep(today: str | None = None) -> dict:
    """The daily sweep (beat): record reminders, then queue a send task per row.

    `today` (ISO date) is for tests and reruns; default is today in TIME_ZONE.
    Safe to run twice (unique keys), so a lost database connection is retried.
    """
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    result = reminders.reminder_sweep(today=day)
    outbox.queue(result.to_send)
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
