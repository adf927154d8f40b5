"""Benchmark: the plan page at 2,000 generated measures, against the login page.

    .venv/bin/python benchmarks/plan_page.py [--measures 2000] [--repeat 21] [--gunicorn]

Uses its own throw-away SQLite database (a temp file, migrated here). Builds one plan
with `demo.generate.generate()` and a published council report of it (so the scorecard
compares with a real snapshot of every measure), then times, as a politician with the
test client, after one warm-up each: the login page (the yardstick: a page that reads
nothing), the plan page (strategies collapsed), the plan page with one strategy open,
the front page, the public measure list, and the whole plan on one page (every measure,
as the plan page rendered before it was collapsed). Prints p50 and p95 in ms, the SQL
queries, and each page's p50 as a multiple of the login page's.

`--gunicorn` also times the same pages over HTTP from a gunicorn (one sync worker,
DEBUG off) serving the same database, as a user's browser would meet them.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "benchmark-only-secret-key-not-for-production"
sys.path.insert(0, str(ROOT))


def _setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bodobolig.settings")
    os.environ.setdefault("MEDIA_ROOT", str(db_path.parent / "media"))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    # The same key as the gunicorn run below, so the politician's session is valid there.
    os.environ["SECRET_KEY"] = SECRET_KEY
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _print(title: str, rows: list[tuple[str, float, float, int | None]]) -> None:
    login_p50 = rows[0][1]
    print(f"\n{title}")
    print(f"  {'page':32} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'× login':>8}")
    for name, p50, p95, queries in rows:
        shown = "" if queries is None else queries
        print(f"  {name:32} {p50:8.1f} {p95:8.1f} {shown:>8} {p50 / login_p50:8.1f}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _time_over_http(pages, session: str, repeat: int, db_path: Path) -> list:
    """The pages from a gunicorn worker serving the benchmark's database."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db_path}",
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    # DEBUG off serves hashed static file names: they need collectstatic (into staticfiles/).
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "bodobolig.wsgi",
            "-w",
            "1",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)

        def get(url: str) -> int:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", url, headers={"Cookie": f"sessionid={session}"})
            response = connection.getresponse()
            response.read()
            connection.close()
            return response.status

        rows = []
        for name, url, query in pages:
            full = url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
            assert get(full) == 200, name  # warm-up
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                get(full)
                times.append((time.perf_counter() - t0) * 1000)
            rows.append((name, statistics.median(times), _percentile(times, 0.95), None))
        return rows
    finally:
        server.terminate()
        server.wait(timeout=10)


def _run(measures: int, repeat: int, db_path: Path, gunicorn: bool) -> int:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from bodobolig.permissions import GROUP_NAMES, Role
    from demo.generate import generate
    from measures.models import CouncilReport
    from measures.reports.snapshot import build_snapshot
    from plans.models import Plan

    started = time.perf_counter()
    result = generate(measures=measures, hearings=0, responses_per_hearing=0, seed=1)
    plan = Plan.objects.get(pk=result.plan_id)
    today = timezone.localdate()
    CouncilReport.objects.create(
        plan=plan,
        title="Statusrapport (benchmark)",
        as_of=today,
        status=CouncilReport.Status.READY,
        published_at=timezone.now(),
        snapshot=build_snapshot(plan=plan, as_of=today),
    )
    print(
        f"Data: {plan.measures.count()} measures, one published report "
        f"({time.perf_counter() - started:.1f} s to build, not counted)"
    )
    politician = (
        get_user_model()
        .objects.filter(
            groups__name=GROUP_NAMES[Role.POLITICIAN], username__startswith=result.label
        )
        .first()
    )
    client = Client()
    client.force_login(politician)
    strategy = plan.goals.order_by("number").first().strategies.order_by("number").first()
    pages = [
        ("login page (yardstick)", reverse("login"), {}),
        ("plan page (collapsed)", plan.get_absolute_url(), {}),
        ("plan page, one strategy open", plan.get_absolute_url(), {"strategi": strategy.pk}),
        ("front page", reverse("home"), {}),
        ("public measure list", reverse("measures:public_measure_list"), {}),
        ("whole plan (every measure)", reverse("plan_full", kwargs={"slug": plan.slug}), {}),
    ]
    rows = []
    for name, url, query in pages:
        response = client.get(url, query)  # warm-up: templates, imports, caches
        assert response.status_code == 200, (name, response.status_code)
        times = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                t0 = time.perf_counter()
                client.get(url, query)
                times.append((time.perf_counter() - t0) * 1000)
        rows.append((name, statistics.median(times), _percentile(times, 0.95), len(queries)))
    _print(f"{measures} measures, {repeat} requests each, as a politician (test client):", rows)
    if gunicorn:
        from django.db import connections

        connections.close_all()
        session = client.cookies["sessionid"].value
        rows = _time_over_http(pages, session, repeat, db_path)
        _print("The same over HTTP from gunicorn (1 sync worker, DEBUG off):", rows)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--gunicorn", action="store_true", help="also time over HTTP")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-plan-page-") as tmp:
        db_path = Path(tmp) / "bench.sqlite3"
        _setup_django(db_path)
        return _run(args.measures, args.repeat, db_path, args.gunicorn)


if __name__ == "__main__":
    sys.exit(main())
