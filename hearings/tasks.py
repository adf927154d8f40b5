"""Celery tasks of hearings: thin, take ids, call a service or the appendix module, safe twice.

The hearing's e-mails are sent by the notification outbox's task
(measures.tasks.send_notification)."""

from __future__ import annotations

from celery import shared_task

from hearings import appendix, services


@shared_task(name="hearings.tasks.send_hearing_reminders")
def send_hearing_reminders() -> int:
    """Daily: remind consultees who have not answered, once per invitation."""
    return services.hearing_reminders_send()


@shared_task(name="hearings.tasks.render_appendix")
def render_appendix(hearing_id: int) -> str:
    """Render and store the appendix PDF; returns the stored file's name."""
    return appendix.render_and_store(hearing_id=hearing_id).appendix_file.name
