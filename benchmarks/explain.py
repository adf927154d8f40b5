"""EXPLAIN ANALYZE, on PostgreSQL, of each page's heaviest query at 20,000 measures.

    .venv/bin/python benchmarks/explain.py [--database-url postgres://…] [--measures 20000]
    .venv/bin/python benchmarks/explain.py --only dashboard --full   # whole plans

Needs PostgreSQL (not part of `make bench`). The database (default $EXPLAIN_DATABASE_URL
or postgres://postgres@127.0.0.1:5432/bodobolig_load) is migrated; when it holds no
generated plan of `--measures` measures (`generate_data --seed 2`), one is generated
(a few minutes). Every page of benchmarks/pages.py is requested once in process (DEBUG
off); its slowest SQL query is run again under `EXPLAIN (ANALYZE, BUFFERS)`. Printed per
page: the query's time, its first words, the scans it uses, and a verdict: the big tables
(measures, status updates, audit entries, round memberships) must be read through an
index, not a sequential scan that throws most rows away (reading all 20,000 measures of
the plan is a sequential scan, rightly). `--full` prints the whole plan.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/bodobolig_load"
READS = ("SELECT", "WITH", "DECLARE")
# Tables that grow with the number of measures: a sequential scan over one is a finding.
BIG_TABLES = (
    "measures_measure",
    "measures_statusupdate",
    "measures_reportinground_measures",
    "bodobolig_auditentry",
    "measures_implementationplan",
    "measures_implementationactivity",
    "measures_measure_contributing_departments",
    "measures_measure_challenges",
)
SCAN = re.compile(
    r"(Seq Scan|Index Only Scan|Index Scan|Bitmap Heap Scan|Bitmap Index Scan)"
    r"(?: using (\S+))? on (\S+)"
)


ROWS = re.compile(r"actual time=\S+ rows=(\d+)")
REMOVED = re.compile(r"Rows Removed by Filter: (\d+)")


def selective_seq_scans(plan: list[str]) -> set[str]:
    """Big tables read by a sequential scan that throws most rows away: an index would
    serve them. A scan that keeps most of the table (all measures of a 20,000-measure
    plan) is what the planner should do, and is not a finding."""
    found = set()
    for i, line in enumerate(plan):
        match = SCAN.search(line)
        if not match or match.group(1) != "Seq Scan" or match.group(3) not in BIG_TABLES:
            continue
        kept = ROWS.search(line)
        removed = next((REMOVED.search(x) for x in plan[i + 1 : i + 4] if REMOVED.search(x)), None)
        kept_rows = int(kept.group(1)) if kept else 0
        removed_rows = int(removed.group(1)) if removed else 0
        loops = re.search(r"loops=(\d+)", line)
        if (
            removed_rows > 1000
            and removed_rows > 4 * kept_rows
            or (loops and int(loops.group(1)) > 1)
        ):
            found.add(match.group(3))
    return found


def setup(database_url: str) -> None:
    os.environ.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bodobolig.settings",
        DEBUG="false",
        SECRET_KEY="explain-only-" + "x" * 50,
        ALLOWED_HOSTS="testserver",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        REDIS_URL="",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="ERROR",
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def ensure_data(measures: int, seed: int) -> str:
    from django.db import connection

    from demo.generate import generate, label_for
    from plans.models import Plan

    label = label_for(seed)
    if not Plan.objects.filter(slug=f"{label}-plan").exists():
        print(f"Generating {measures} measures (seed {seed}) …", flush=True)
        generate(measures=measures, seed=seed)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would have by now
    return label


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("EXPLAIN_DATABASE_URL", DEFAULT_DB)
    )
    parser.add_argument("--measures", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--only", default="", help="only pages whose name contains this")
    parser.add_argument("--full", action="store_true", help="print the whole plan")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    if not args.database_url.startswith("postgres"):
        raise SystemExit("EXPLAIN here is for PostgreSQL: give --database-url postgres://…")
    setup(args.database_url)

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pages import describe, pages

    label = ensure_data(args.measures, args.seed)
    facts = describe(label)
    print(
        f"EXPLAIN (ANALYZE, BUFFERS) of each page's slowest query; {facts['measures']} "
        f"measures in {facts['plan_slug']}; PostgreSQL {connection.pg_version // 10000}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    User = get_user_model()
    clients = {"public": Client()}
    for role, username in facts["users"].items():
        clients[role] = Client()
        clients[role].force_login(User.objects.get(username=username))
    seen = set()
    findings = []
    for page in pages(facts):
        if page.path in seen or args.only not in page.name:
            continue
        seen.add(page.path)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = clients[page.role].get(page.path)
            elapsed = (time.perf_counter() - started) * 1000
        # Reads only: EXPLAIN ANALYZE would run a write again, and a page's first view
        # may write (the plan's revision row, measures.revisions) and commit.
        reads = [q for q in queries.captured_queries if q["sql"].lstrip().startswith(READS)]
        if not reads:
            continue
        slowest = max(reads, key=lambda q: float(q["time"]))
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
            plan = [row[0] for row in cursor.fetchall()]
        scans = [m for m in map(SCAN.search, plan) if m]
        seq_big = sorted(selective_seq_scans(plan))
        jit = next((line.strip() for line in plan if "Timing: Generation" in line), "")
        indexes = sorted({m.group(2) for m in scans if m.group(2)})
        executed = next((line for line in plan if line.startswith("Execution Time")), "")
        verdict = "index use" if not seq_big else "SEQ SCAN on " + ", ".join(seq_big)
        if seq_big:
            findings.append(f"{page.role} {page.name}: {verdict}")
        print(
            f"\n== {page.role} / {page.name} ({page.path}): HTTP {response.status_code}, "
            f"{elapsed:.0f} ms, {len(queries)} queries; slowest {float(slowest['time']) * 1000:.1f} ms"
        )
        print("   " + re.sub(r"\s+", " ", slowest["sql"])[:160] + " …")
        print(f"   {executed}; indexes: {', '.join(indexes) or '–'}; {verdict}")
        if jit:
            print(f"   JIT: {jit}")
        if args.full or seq_big:
            print("\n".join("     " + line for line in plan))
    print(
        "\nFindings:" if findings else "\nEvery page's slowest query reads the big tables by index."
    )
    for finding in findings:
        print("  " + finding)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
