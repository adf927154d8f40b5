"""The Celery app: Redis as broker (REDIS_URL), tasks autodiscovered from each app.

Configuration comes from the CELERY_* settings in `bodobolig/settings.py`.
Without REDIS_URL the broker is in memory and tasks run in process
(CELERY_TASK_ALWAYS_EAGER), so the embedded default needs no server.

    celery -A bodobolig worker -l info
    celery -A bodobolig beat -l info
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bodobolig.settings")

app = Celery("bodobolig")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _beat_schedule() -> dict:
    from django.conf import settings

    return {
        # Daily reminder sweep: due-soon and overdue implementation plans and status
        # updates, overdue activities, escalation, and the coordinator's weekly digest
        # (on FollowUpSettings.digest_weekday). Safe to run twice: one unique key per
        # recipient and day. Also re-queues notices a down broker never delivered.
        "reminder-sweep-daily": {
            "task": "measures.tasks.run_reminder_sweep",
            "schedule": crontab(hour=settings.REMINDER_SWEEP_HOUR, minute=0),
        },
        # Every 2 minutes: queue notices left `queued` because the broker was down when
        # they were made (one indexed query), so they go out soon after Redis is back
        # rather than at the next morning's sweep; mark failed the notices stuck in
        # `sending` (a killed worker), shown in the log with "Send på nytt".
        "requeue-stale-notices": {
            "task": "measures.tasks.requeue_stale_notifications",
            "schedule": crontab(minute="*/2"),
        },
        # Every 2 minutes: re-queue council reports still queued (the broker was down when
        # they were requested); mark failed the ones stuck rendering (a worker died), so
        # the coordinator can retry them within minutes. The render task claims its row,
        # so a report already being rendered is not rendered twice.
        "requeue-stuck-council-reports": {
            "task": "measures.tasks.requeue_stuck_council_reports",
            "schedule": crontab(minute="*/2"),
        },
        # Every 2 minutes: the same recovery for "Hvem gjør hva" PDFs: fail the renders
        # stuck rendering (a worker died; the page offers "Prøv igjen"), re-queue the ones
        # still queued. The render claims its row, so none is rendered twice.
        "recover-stuck-who-does-what-pdfs": {
            "task": "measures.tasks.recover_stuck_who_does_what_pdfs",
            "schedule": crontab(minute="*/2"),
        },
        # Daily: remind invited consultees who have not answered HEARING_REMINDER_DAYS before
        # an open hearing's deadline. Each invitation is claimed once (reminded_at), so a
        # second run the same day sends nothing.
        "hearing-reminders-daily": {
            "task": "hearings.tasks.send_hearing_reminders",
            "schedule": crontab(hour=settings.REMINDER_SWEEP_HOUR, minute=30),
        },
    }


@app.on_after_configure.connect
def _setup_beat(sender, **kwargs):
    sender.conf.beat_schedule = _beat_schedule()
