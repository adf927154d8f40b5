"""Benchmark: carrying a generated plan's unfinished measures into its successor
(videreføring) at 500 and 2,000 measures.

    .venv/bin/python benchmarks/carry_over.py

Runs on a throw-away SQLite database in a temporary directory (migrated here). For each
size it builds the data with `demo.generate.generate` (the code behind
`manage.py generate_data`), creates the successor (goals and strategies copied), and
times `measures.planning.carryover.plan_carry_over` with every unfinished measure chosen
and the strategies mapped by number. It prints wall time and SQL queries; the reads must
be the same number at both sizes (the script exits 1 if not). Inserts are counted apart:
SQLite allows a limited number of parameters a statement, so Django splits a bulk insert
of thousands of rows into batches; on PostgreSQL each is one statement per 500 rows.
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
os.environ["REDIS_URL"] = ""
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bodobolig.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from demo.generate import generate  # noqa: E402
from measures.models import Measure  # noqa: E402
from measures.planning import carryover  # noqa: E402
from plans.models import Plan  # noqa: E402
from plans.services import plan_create_successor  # noqa: E402

SIZES = (500, 2000)


def run(measures: int) -> dict:
    call_command("flush", interactive=False, verbosity=0)
    generate(
        measures=measures,
        owners=300,
        seed=1,
        hearings=0,
        responses_per_hearing=0,
        updates_per_measure=1,
        today=timezone.localdate(),
    )
    source = Plan.objects.get(slug="gen-s1-plan")
    coordinator = get_user_model().objects.filter(is_superuser=False).first()
    target = plan_create_successor(
        source=source,
        by=coordinator,
        title="Neste plan",
        period_start=source.period_end + 1,
        period_end=source.period_end + 4,
    )
    chosen = carryover.default_selection(Measure.objects.filter(plan=source).only("pk", "status"))
    mapping = carryover.default_strategy_map(source, target)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = carryover.plan_carry_over(
            source_plan_id=source.pk,
            target_plan_id=target.pk,
            by=coordinator,
            measure_ids=chosen,
            strategy_map=mapping,
            final_report="Benchmark.",
        )
        seconds = time.perf_counter() - started
    inserts = sum(q["sql"].lstrip().upper().startswith("INSERT") for q in queries.captured_queries)
    return {
        "requested": measures,
        "carried": result.measures,
        "funding": result.funding_requests,
        "seconds": seconds,
        "queries": len(queries),
        "inserts": inserts,
    }


def main() -> int:
    call_command("migrate", verbosity=0, interactive=False)
    rows = [run(size) for size in SIZES]
    print(f"Carry-over (videreføring), SQLite (throw-away, {TMP})")
    print(f"{'N':>5} {'carried':>8} {'funding':>8} {'seconds':>8} {'SQL':>5} {'inserts':>7}")
    for row in rows:
        print(
            f"{row['requested']:>5} {row['carried']:>8} {row['funding']:>8} "
            f"{row['seconds']:>8.2f} {row['queries']:>5} {row['inserts']:>7}"
        )
    reads = {row["queries"] - row["inserts"] for row in rows}
    constant = len(reads) == 1
    print(
        f"Queries other than inserts: {sorted(reads)} — the same at every size."
        if constant
        else f"Queries other than inserts GROW with the number of measures: {sorted(reads)}"
    )
    shutil.rmtree(TMP, ignore_errors=True)
    return 0 if constant else 1


if __name__ == "__main__":
    sys.exit(main())
