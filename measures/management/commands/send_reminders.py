"""`python manage.py send_reminders [--date YYYY-MM-DD]`: the reminder sweep, synchronously.

The same work as the daily Celery beat task, but the e-mails are sent here, in
this process, without a broker: useful without Redis and from cron.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from measures import notices, reminders


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--date must be a date written YYYY-MM-DD (for example 2026-03-01), not {value!r}."
        ) from None


class Command(BaseCommand):
    help = "Run the reminder sweep now and send its e-mails in this process."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Sweep as if today were this date (YYYY-MM-DD). Default: today.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Record the notices but send nothing (they stay queued for the worker).",
        )

    def handle(self, *args, date=None, dry_run=False, **options):
        today = _date(date) if date else timezone.localdate()
        result = reminders.reminder_sweep(today=today)
        sent = failed = 0
        if not dry_run:
            for notification_id in result.to_send:
                try:
                    if notices.notification_deliver(notification_id=notification_id):
                        sent += 1
                except notices.TRANSIENT_SEND_ERRORS as exc:
                    failed += 1
                    self.stderr.write(f"Notice {notification_id} failed: {exc}")
        self.stdout.write(
            f"Sweep {today.isoformat()}: {result.created} new notice(s) for "
            f"{result.recipients} recipient(s); {sent} e-mail(s) sent, {failed} failed, "
            f"{result.uncertain} marked uncertain."
        )
        if failed:
            raise CommandError(f"{failed} e-mail(s) could not be sent; see the notification log.")
