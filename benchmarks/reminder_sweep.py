"""Benchmark: the reminder sweep over 500 and 2,000 generated measures with 300 owners.

    DJANGO_SETTINGS_MODULE=bodobolig.settings .venv/bin/python benchmarks/reminder_sweep.py

Runs on a throw-away SQLite database in a temporary directory (migrated here),
e-mail to memory, tasks in process. For each size it builds the data with
`demo.generate.generate` (the code behind `manage.py generate_data`),
makes the sweep day a digest day, and prints wall time, SQL queries and
e-mails for (a) the sweep that records the notices and (b) sending them. The
sweep's reads must be the same number at both sizes; the script exits 1 if not.
Its inserts are counted apart: SQLite allows 999 parameters a statement, so
Django splits a bulk insert of many notices into batches (one more INSERT per
~99 recipients); on PostgreSQL it is one statement.
This is a measurement, not a test: nothing here asserts a time.
"""

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="bodobolig-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
os.environ["REDIS_URL"] = ""  # tasks in process: the benchmark measures the work, not a broker
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bodobolig.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from measures.followup import reminders  # noqa: E402
from measures.models import FollowUpSettings, Measure  # noqa: E402
from measures.notifications import outbox  # noqa: E402

SIZES = (500, 2000)
OWNERS = 300


def build(measures: int, today) -> None:
    from demo.generate import generate

    generate(
        measures=measures,
        owners=OWNERS,
        seed=1,
        hearings=0,
        responses_per_hearing=0,
        today=today,
    )


def run(measures: int) -> dict:
    call_command("flush", interactive=False, verbosity=0)
    today = timezone.localdate()
    started = time.perf_counter()
    build(measures, today)
    built = time.perf_counter() - started
    follow_up = FollowUpSettings.load()
    follow_up.digest_weekday = today.weekday()  # the heaviest day: the digest too
    follow_up.save()
    mail.outbox = []

    with CaptureQueriesContext(connection) as sweep_queries:
        started = time.perf_counter()
        result = reminders.reminder_sweep(today=today)
        sweep_seconds = time.perf_counter() - started
    with CaptureQueriesContext(connection) as send_queries:
        started = time.perf_counter()
        for notification_id in result.to_send:
            outbox.notification_deliver(notification_id=notification_id)
        send_seconds = time.perf_counter() - started
    return {
        "measures": Measure.objects.count(),
        "build_s": built,
        "sweep_s": sweep_seconds,
        "sweep_queries": len(sweep_queries),
        "sweep_inserts": sum(
            q["sql"].lstrip().upper().startswith("INSERT") for q in sweep_queries.captured_queries
        ),
        "send_s": send_seconds,
        "send_queries": len(send_queries),
        "emails": len(mail.outbox),
        "requested": measures,
    }


def main() -> int:
    call_command("migrate", verbosity=0, interactive=False)
    rows = [run(size) for size in SIZES]
    print(f"Reminder sweep, {OWNERS} owners, SQLite (throw-away, {TMP})")
    print("measures: generate_data --measures N, plus the completed predecessor plan's")
    header = (
        f"{'N':>5} {'measures':>8} {'sweep s':>8} {'sweep SQL':>9} {'inserts':>7} {'send s':>7} "
        f"{'send SQL':>8} {'e-mails':>7} {'SQL/e-mail':>10}"
    )
    print(header)
    for row in rows:
        per_mail = row["send_queries"] / row["emails"] if row["emails"] else 0
        print(
            f"{row['requested']:>5} {row['measures']:>8} {row['sweep_s']:>8.2f} {row['sweep_queries']:>9} "
            f"{row['sweep_inserts']:>7} "
            f"{row['send_s']:>7.2f} {row['send_queries']:>8} {row['emails']:>7} {per_mail:>10.1f}"
        )
    reads = {row["sweep_queries"] - row["sweep_inserts"] for row in rows}
    constant = len(reads) == 1
    print(
        f"Sweep queries other than inserts: {sorted(reads)} — the same at every size."
        if constant
        else f"Sweep queries other than inserts GROW with the number of measures: {sorted(reads)}"
    )
    shutil.rmtree(TMP, ignore_errors=True)
    return 0 if constant else 1


if __name__ == "__main__":
    sys.exit(main())
