"""`python manage.py send_reminders [--date YYYY-MM-DD] [--dry-run]`: the reminder sweep, synchronously.

The same work as the daily Celery beat task, but the e-mails are sent here, in
this process, without a broker: useful without Redis and from cron. `--dry-run`
writes nothing (the sweep runs in a transaction that is rolled back) and prints
who would get what. A date in the future is refused unless `--dry-run`: the
sweep would record that day's unique keys and the real sweep that day would
then send nothing.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from measures.followup import reminders
from measures.models import Notification
from measures.notifications import outbox


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"--date må være en dato skrevet ÅÅÅÅ-MM-DD (YYYY-MM-DD, for eksempel 2026-03-01), "
            f"ikke {value!r}."
        ) from None


class Command(BaseCommand):
    help = "Kjør påminnelsessveipet nå og send e-postene i denne prosessen."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Kjør som om i dag var denne datoen (ÅÅÅÅ-MM-DD). Standard: i dag. "
            "En dato fram i tid krever --dry-run.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Vis hva som ville blitt sendt, uten å lagre eller sende noe.",
        )

    def handle(self, *args, date=None, dry_run=False, **options):
        real_today = timezone.localdate()
        today = _date(date) if date else real_today
        if dry_run:
            self._dry_run(today)
            return
        if today > real_today:
            raise CommandError(
                f"--date {today.isoformat()} er fram i tid. Et sveip for en dag som ikke har "
                "kommet ennå, ville stoppet de ekte påminnelsene den dagen. "
                "Bruk --dry-run for å se hva som ville blitt sendt."
            )
        result = reminders.reminder_sweep(today=today)
        sent = failed = 0
        for notification_id in result.to_send:
            try:
                if outbox.notification_deliver(notification_id=notification_id):
                    sent += 1
            except outbox.TRANSIENT_SEND_ERRORS as exc:
                failed += 1
                self.stderr.write(f"Varsel {notification_id} feilet: {exc}")
        self.stdout.write(
            f"Sveip {today.isoformat()}: {result.created} nye varsler til "
            f"{result.recipients} mottakere; {sent} e-poster sendt, {failed} feilet, "
            f"{result.uncertain} markert som usikre."
        )
        if failed:
            raise CommandError(f"{failed} e-poster kunne ikke sendes; se varselloggen.")

    def _dry_run(self, today: dt.date) -> None:
        """Run the sweep in a transaction, list what it would send, roll everything back."""
        with transaction.atomic():
            result = reminders.reminder_sweep(today=today)
            rows = list(
                Notification.objects.filter(pk__in=result.to_send)
                .select_related("recipient")
                .order_by("recipient__email", "pk")
            )
            transaction.set_rollback(True)
        self.stdout.write(
            f"Prøvekjøring {today.isoformat()}: ingenting er lagret eller sendt. "
            f"{len(rows)} e-poster ville blitt sendt:"
        )
        for row in rows:
            self.stdout.write(
                f"  {row.recipient.email or row.recipient.get_username()}: "
                f"{len(row.items)} saker ({row.get_kind_display()})"
            )
