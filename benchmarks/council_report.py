"""Benchmark: the council report for a generated plan of 400 measures.

    .venv/bin/python benchmarks/council_report.py [--measures 400] [--heap]

Uses its own throw-away SQLite database (a temp file, migrated here), so it
never touches the development data. Prints wall time, peak memory, page count
and the share of time spent gathering data (the snapshot) vs rendering.
Target on a 2-core machine (issue 14): ≤ 5 s in all, data gathering ≤ 15 %.

The plan comes from `demo.generate.generate()` when that module exists;
otherwise a small local builder below makes an equivalent plan.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 5.0
TARGET_GATHER_SHARE = 0.15


def _setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bodobolig.settings")
    os.environ.setdefault("MEDIA_ROOT", str(db_path.parent / "media"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _build_plan(measures: int):
    try:
        from demo.generate import generate
    except ImportError:
        return _local_plan(measures), "local builder"
    from plans.models import Plan

    result = generate(measures=measures, hearings=0, responses_per_hearing=0)
    return Plan.objects.get(pk=result.plan_id), "demo.generate"


def _local_plan(n: int):
    """A plan of `n` measures in 3 goals × 4 strategies, 30 departments, 2 updates each."""
    import random
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from analyses.models import Challenge, Indicator, IndicatorTarget, IndicatorValue
    from measures.models import FundingRequest, ImplementationPlan, Measure, StatusUpdate
    from plans.models import Department, Goal, Plan, Strategy

    rng = random.Random(1)
    today = timezone.localdate()
    plan = Plan.objects.create(
        title="Generert boligplan",
        slug="bench-plan",
        municipality="Benchkommune",
        period_start=today.year - 1,
        period_end=today.year + 2,
        status=Plan.Status.ADOPTED,
    )
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"bench{i}", first_name="Eier", last_name=str(i)) for i in range(300)
    )
    departments = Department.objects.bulk_create(
        Department(name=f"Avdeling {i}") for i in range(30)
    )
    strategies = []
    for g in range(1, 4):
        goal = Goal.objects.create(
            plan=plan,
            number=g,
            title=f"Målområde {g}",
            statement=f"Hovedmål {g} for boligpolitikken i kommunen.",
        )
        for c in range(5):
            Challenge.objects.create(goal=goal, area="general", title=f"Utfordring {g}.{c}")
        for s in range(1, 5):
            strategies.append(
                Strategy.objects.create(goal=goal, number=s, title=f"Strategi {g}.{s}")
            )
    statuses = [s for s, _ in Measure.Status.choices]
    rows = []
    for i in range(n):
        strategy = strategies[i % len(strategies)]
        number = i // len(strategies) + 1
        rows.append(
            Measure(
                plan=plan,
                strategy=strategy,
                number=number,
                code=f"{strategy.goal.number}.{strategy.number}.{number}",
                title=f"Tiltak {i} for flere egnede boliger og bedre oppfølging",
                responsible_department=rng.choice(departments),
                responsible_person=rng.choice(users),
                status=rng.choice(statuses),
                progress=rng.randint(0, 100),
                planned_start=today - dt.timedelta(days=400),
                planned_end=today + dt.timedelta(days=rng.randint(-100, 600)),
                last_reported_at=timezone.now() - dt.timedelta(days=rng.randint(0, 200)),
            )
        )
    measures = Measure.objects.bulk_create(rows)
    StatusUpdate.objects.bulk_create(
        StatusUpdate(
            measure=m,
            status=m.status,
            progress=m.progress,
            text="Arbeidet går etter planen. " * rng.randint(1, 20),
            risks="Usikker finansiering." if rng.random() < 0.2 else "",
            needs_help=rng.random() < 0.1,
            submitted_at=timezone.now() - dt.timedelta(days=rng.randint(1, 300)),
        )
        for m in measures
        for _ in range(2)
    )
    ImplementationPlan.objects.bulk_create(
        ImplementationPlan(
            measure=m,
            due_date=today + dt.timedelta(days=rng.randint(-30, 60)),
            status=rng.choice([s for s, _ in ImplementationPlan.Status.choices]),
        )
        for m in measures
        if rng.random() < 0.6
    )
    FundingRequest.objects.bulk_create(
        FundingRequest(
            measure=m,
            year=today.year + rng.randint(-1, 2),
            amount=Decimal(rng.randint(1, 50) * 100000),
            granted_amount=Decimal(rng.randint(0, 20) * 100000),
            source="operating",
            status="granted",
        )
        for m in measures
        if rng.random() < 0.3
    )
    done = Indicator.objects.create(
        code="bench-fullforte",
        name="Fullførte boliger",
        unit="boliger",
        source="internal",
        is_key=True,
    )
    planned = Indicator.objects.create(
        code="bench-plantall",
        name="Planlagte boliger",
        unit="boliger",
        source="internal",
        is_key=True,
    )
    done.compare_with = planned
    done.save(update_fields=["compare_with"])
    for year in range(today.year - 5, today.year + 1):
        IndicatorValue.objects.create(indicator=done, year=year, value=rng.randint(140, 260))
        IndicatorValue.objects.create(indicator=planned, year=year, value=300)
        IndicatorTarget.objects.create(indicator=done, year=year, value=300)
    return plan


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=400)
    parser.add_argument(
        "--heap", action="store_true", help="also measure the Python heap peak (tracemalloc)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-council-report-") as tmp:
        _setup_django(Path(tmp) / "bench.sqlite3")
        from django.utils import timezone

        from measures.reports.rendering import render_report
        from measures.reports.snapshot import build_snapshot

        started = time.perf_counter()
        plan, source = _build_plan(args.measures)
        print(
            f"Data: {plan.measures.count()} measures from {source} "
            f"({time.perf_counter() - started:.1f} s to build, not counted)"
        )
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

        # Warm-up outside the measurement: fonts, templates, imports (a worker does this once).
        render_report(build_snapshot(plan=plan, as_of=timezone.localdate()))

        cpu0 = time.process_time()
        t0 = time.perf_counter()
        snapshot = build_snapshot(plan=plan, as_of=timezone.localdate())
        t1 = time.perf_counter()
        rendered = render_report(snapshot)
        t2 = time.perf_counter()
        cpu = time.process_time() - cpu0
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

        heap_peak = None
        if args.heap:
            # A second pass under tracemalloc (slow) for the Python heap peak of one report.
            tracemalloc.start()
            render_report(build_snapshot(plan=plan, as_of=timezone.localdate()))
            heap_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()

    total = t2 - t0
    gather = t1 - t0
    share = gather / total
    print(f"Pages:            {rendered.page_count}")
    print(f"PDF size:         {len(rendered.content) / 1024:.0f} KiB")
    print(f"Wall time:        {total:.2f} s (target ≤ {TARGET_SECONDS:.0f} s)")
    print(f"CPU time:         {cpu:.2f} s (wall time above CPU time means other load)")
    print(f"Load average:     {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"  gathering data: {gather:.2f} s = {share:.1%} (target ≤ {TARGET_GATHER_SHARE:.0%})")
    print(f"  HTML template:  {rendered.html_seconds:.2f} s")
    print(f"  WeasyPrint:     {rendered.layout_seconds:.2f} s")
    print(
        f"Peak RSS:         {rss_after / 1024:.0f} MiB (process; {rss_before / 1024:.0f} MiB before the report)"
    )
    if heap_peak is not None:
        print(f"Python heap peak: {heap_peak / 1024 / 1024:.0f} MiB for one report (tracemalloc)")
    ok = total <= TARGET_SECONDS and share <= TARGET_GATHER_SHARE
    print("Result:           " + ("within target" if ok else "OVER TARGET"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
