"""Benchmark: the measure list and the coordinator's dashboard at 2,000 generated measures.

    .venv/bin/python benchmarks/follow_up_pages.py [--measures 2000] [--repeat 7]

Uses its own throw-away SQLite database (a temp file, migrated here), so it never
touches the development data. Builds one plan with `demo.generate.generate()`, logs a
coordinator in with the test client and prints, per page, the median and best wall time
of `--repeat` requests (after one warm-up) and the number of SQL queries.

To see that nothing grows quadratically it also times a run at a quarter of the size
(`--no-scale` skips it): a page that is linear or better takes at most ~4× as long at
4× the measures (a paginated list should take about the same time).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    ("measure list", "measures:measure_list", {}),
    (
        "measure list, sorted by last reported",
        "measures:measure_list",
        {"sort": "-last_reported_at"},
    ),
    ("measure list, stale filter", "measures:measure_list", {"stale": "1"}),
    ("dashboard", "measures:dashboard", {}),
]


def _setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bodobolig.settings")
    os.environ.setdefault("MEDIA_ROOT", str(db_path.parent / "media"))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _time_pages(measures: int, repeat: int, seed: int) -> dict[str, tuple[float, float, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from demo.generate import generate
    from plans.models import Plan

    started = time.perf_counter()
    result = generate(measures=measures, hearings=0, responses_per_hearing=0, seed=seed)
    plan = Plan.objects.get(pk=result.plan_id)
    print(
        f"Data: {plan.measures.count()} measures in the plan "
        f"({time.perf_counter() - started:.1f} s to build, not counted)"
    )
    from django.contrib.auth import get_user_model

    coordinator = (
        get_user_model()
        .objects.filter(groups__name="Boligkoordinator", username__startswith=f"gen-s{seed}")
        .first()
    )
    client = Client()
    client.force_login(coordinator)
    results = {}
    for name, url_name, params in PAGES:
        query = {"plan": plan.pk, **params}
        url = reverse(url_name)
        response = client.get(url, query)  # warm-up: templates, imports, caches
        assert response.status_code == 200, (name, response.status_code)
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                t0 = time.perf_counter()
                client.get(url, query)
                times.append((time.perf_counter() - t0) * 1000)
        results[name] = (statistics.median(times), min(times), len(queries))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-scale", action="store_true", help="skip the quarter-size run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-follow-up-") as tmp:
        _setup_django(Path(tmp) / "bench.sqlite3")
        sizes = [args.measures] if args.no_scale else [max(args.measures // 4, 1), args.measures]
        runs = {}
        for seed, size in enumerate(sizes, start=1):
            runs[size] = _time_pages(size, args.repeat, seed)
    for size, results in runs.items():
        print(f"\n{size} measures (median / best of {args.repeat}, SQL queries):")
        for name, (median, best, queries) in results.items():
            print(f"  {name:40} {median:8.1f} ms  {best:8.1f} ms  {queries:3d} queries")
    if len(runs) == 2:
        small, large = sizes
        print(f"\nGrowth from {small} to {large} measures ({large / small:.0f}× the data):")
        worst = 0.0
        for name in runs[large]:
            ratio = runs[large][name][0] / runs[small][name][0]
            worst = max(worst, ratio)
            print(f"  {name:40} ×{ratio:.2f}")
        quadratic = worst > (large / small) * 1.5
        print("Result: " + ("GROWS FASTER THAN LINEAR" if quadratic else "linear or better"))
        return 1 if quadratic else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
