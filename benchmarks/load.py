"""Load test: 50 concurrent users for 60 s against gunicorn + PostgreSQL + Redis.

    .venv/bin/python benchmarks/load.py                       # the worker model of docker-compose
    .venv/bin/python benchmarks/load.py --model sync:4 --model gthread:2x8   # compare models
    .venv/bin/python benchmarks/load.py --users 50 --seconds 60 --database-url postgres://…

Needs PostgreSQL and Redis running (not part of `make bench`, which runs on SQLite only:
run it deliberately). The database (default: $LOAD_DATABASE_URL or
postgres://postgres@127.0.0.1:5432/bodobolig_load) is migrated and, when it has no
generated data with seed 1, filled with `generate_data --measures 2000`; it is never the
development database unless you point it there. Celery's broker is $LOAD_REDIS_URL
(default redis://127.0.0.1:6379/7): a submitted status update queues its notice there
(no worker runs; the queue is the load database's own).

Each simulated user is a thread with its own session (logged in before the clock starts)
and requests a page, reads it for a think time drawn uniformly from `--think` (default
1-5 s, what a person clicking through the pages does), then the next. `--think 0` makes it
a closed loop with no pause (like wrk -c 50): a saturation test, not 50 users. The offered
load (users ÷ (mean think time + response time)) is printed beside the throughput. The mix:
  * 20 % coordinators: the dashboard of the plan, the measure list (page 1 and a later
    page, and sorted by "Sist rapportert"), a measure page;
  * 40 % department leads (the owners of the most measures in the open round): "Mine
    tiltak", the status form of one of their measures, their measure's page, and
    submitting a status update for the next of their unanswered measures (the form, then
    the POST, timed together). Every submission gives the plan a new revision, so the
    dashboard that follows counts the plan afresh (measures.revisions): the mix writes.
    When fewer than MIN_UNANSWERED of the leads' measures in the open round are left
    unanswered (earlier runs answered them), the database is dropped and made anew;
  * 40 % the public: the completed predecessor plan's page (200 measures), a measure page,
    the adopted plan's key figures, the API's measure list.
It prints throughput, p50/p95/p99 and errors (HTTP status other than 200, or no answer
within 30 s), per model and per page, with the load average. Target (issue 14): 0 errors
and p99 ≤ 500 ms on a 2-core machine. The client runs on the same machine and takes part
of the CPU, as it would not in production: the numbers are pessimistic.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "bolig2014"  # demo.generate.PASSWORD
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/bodobolig_load"
DEFAULT_REDIS = "redis://127.0.0.1:6379/7"
DEFAULT_MODEL = "gthread:2x8"  # keep in step with docker-compose.yml
DEFAULT_THINK = "1-5"  # seconds a simulated user reads a page before the next click
TARGET_P99_MS = 500
# Status updates the leads may still submit in a run (about 100 a minute at the default).
MIN_UNANSWERED = 300
SUBMIT = "submit status update"

DESCRIBE = r"""
import json
from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from measures.models import Measure, ReportingRound
from plans.models import Plan

User = get_user_model()
plan = Plan.objects.get(slug="gen-s1-plan")
predecessor = Plan.objects.get(slug="gen-s1-forrige")
open_round = ReportingRound.objects.filter(plan=plan, status="open").order_by("pk").first()
leads = list(
    User.objects.filter(owned_measures__reporting_rounds=open_round)
    .annotate(n=Count("owned_measures"))
    .order_by("-n", "pk")[:20]
)
own, unanswered = {}, {}
for lead in leads:
    m = open_round.measures.filter(responsible_person=lead).order_by("code").first()
    own[lead.username] = m.pk
    unanswered[lead.username] = list(
        open_round.measures.filter(responsible_person=lead)
        .exclude(status_updates__reporting_round=open_round)
        .exclude(pk=m.pk)
        .order_by("code")
        .values_list("pk", flat=True)
    )
measure_ids = list(Measure.objects.filter(plan=plan).order_by("?").values_list("pk", flat=True)[:50])
print(json.dumps({
    "plan_id": plan.pk,
    "plan_slug": plan.slug,
    "predecessor_slug": predecessor.slug,
    "round_id": open_round.pk,
    "leads": own,
    "unanswered": unanswered,
    "coordinators": list(
        User.objects.filter(groups__name="Boligkoordinator").values_list("username", flat=True)
    ),
    "measure_ids": measure_ids,
}))
"""


def _env(database_url: str, redis_url: str, conn_max_age: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE=str(conn_max_age),
        REDIS_URL=redis_url,
        CELERY_TASK_ALWAYS_EAGER="false",
        DJANGO_SETTINGS_MODULE="bodobolig.settings",
        DEBUG="false",
        SECRET_KEY="load-test-only-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_SSL_REDIRECT="false",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
        # Every simulated user comes from 127.0.0.1; in production the public readers have
        # their own addresses, so the per-address API limit would refuse them here alone.
        API_THROTTLE_ANON="100000/min",
    )
    return env


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    return result.stdout


def _create_database(database_url: str, *, anew: bool = False) -> None:
    """Create the load test's own database when it does not exist yet (a fresh machine),
    or `anew`: dropped first (its data spent by earlier runs)."""
    import psycopg
    from psycopg import sql

    url = urlsplit(database_url)
    name = url.path.lstrip("/")
    server = urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        if anew:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            print(f"Creating database {name} …", flush=True)
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def prepare(env: dict) -> dict:
    facts = _prepared(env)
    if sum(map(len, facts["unanswered"].values())) < MIN_UNANSWERED:
        print("Earlier runs answered the round: the database is made anew …", flush=True)
        facts = _prepared(env, anew=True)
    return facts


def _prepared(env: dict, *, anew: bool = False) -> dict:
    _create_database(env["DATABASE_URL"], anew=anew)
    _manage(env, "migrate", "--no-input", "-v", "0")
    probe = "from plans.models import Plan; print(Plan.objects.filter(slug='gen-s1-plan').exists())"
    if _manage(env, "shell", "-v", "0", "-c", probe).strip().splitlines()[-1] != "True":
        print("Generating 2,000 measures (seed 1) …", flush=True)
        _manage(env, "generate_data", "--measures", "2000", "--seed", "1", "--force")
    _manage(env, "collectstatic", "--no-input", "-v", "0")
    return json.loads(_manage(env, "shell", "-v", "0", "-c", DESCRIBE).strip().splitlines()[-1])


def serve(env: dict, model: str, port: int) -> subprocess.Popen:
    kind, _, count = model.partition(":")
    if kind == "sync":
        options = ["--workers", count, "--worker-class", "sync"]
    elif kind == "gthread":
        workers, _, threads = count.partition("x")
        options = ["--workers", workers, "--threads", threads, "--worker-class", "gthread"]
    else:
        raise SystemExit(f"unknown model {model!r}: sync:N or gthread:NxT")
    process = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "bodobolig.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            # Idle keep-alive connections stay open longer than a user's think time: with
            # gunicorn's 2 s default the server closed them just as the next click reused
            # them (ConnectionError in the client; a browser retries such a request).
            "--keep-alive",
            "10",
            "--log-level",
            "warning",
            *options,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    import requests

    for _ in range(150):
        try:
            requests.get(f"http://127.0.0.1:{port}/logg-inn/", timeout=60)
            return process
        except requests.ConnectionError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def cpu_seconds(process: subprocess.Popen) -> float:
    """User + system CPU of gunicorn's workers so far (Linux /proc), in seconds."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def login(base: str, username: str | None):
    import requests

    session = requests.Session()
    if username:
        page = session.get(base + "/logg-inn/", timeout=60)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = session.post(
            base + "/logg-inn/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            timeout=60,
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise SystemExit(f"login as {username} failed ({response.status_code})")
    return session


def mix(facts: dict, rng: random.Random) -> list[tuple[str, str | None, list[tuple[str, str]]]]:
    """One (role, username, [(page name, path)]) per simulated user."""
    pid, slug, rid = facts["plan_id"], facts["plan_slug"], facts["round_id"]
    measures = facts["measure_ids"]
    coordinators = facts["coordinators"]
    leads = list(facts["leads"].items())

    def coordinator(i):
        m = rng.choice(measures)
        return (
            "coordinator",
            coordinators[i % len(coordinators)],
            [
                ("dashboard", f"/tiltak/oversikt/?plan={pid}"),
                ("measure list", f"/tiltak/?plan={pid}"),
                ("measure list, page 5", f"/tiltak/?plan={pid}&page=5"),
                ("measure list, last reported", f"/tiltak/?plan={pid}&sort=-last_reported_at"),
                ("measure page", f"/tiltak/{m}/"),
            ],
        )

    def lead(i):
        username, own = leads[i % len(leads)]
        return (
            "lead",
            username,
            [
                ("Mine tiltak", "/tiltak/mine/"),
                ("status form", f"/tiltak/runder/{rid}/tiltak/{own}/status/"),
                ("measure page (own)", f"/tiltak/{own}/"),
                (SUBMIT, username),  # the path is the next unanswered measure's form
            ],
        )

    def public(i):
        m = rng.choice(measures)
        return (
            "public",
            None,
            [
                ("plan page (200 measures)", f"/planer/{facts['predecessor_slug']}/"),
                ("measure page (public)", f"/tiltak/{m}/"),
                ("key figures", f"/planer/{slug}/nokkeltall/"),
                ("API measures", f"/api/measures/?plan={pid}"),
            ],
        )

    users = []
    for i in range(10_000):
        r = rng.random()
        users.append(coordinator(i) if r < 0.2 else lead(i) if r < 0.6 else public(i))
    return users


def think_range(text: str) -> tuple[float, float]:
    """ "1-5" → (1.0, 5.0); "0" → (0.0, 0.0)."""
    low, _, high = text.partition("-")
    try:
        bounds = float(low), float(high or low)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--think {text!r}: seconds, e.g. 1-5 or 0") from None
    if bounds[0] < 0 or bounds[1] < bounds[0]:
        raise argparse.ArgumentTypeError(f"--think {text!r}: low-high with 0 ≤ low ≤ high")
    return bounds


def run(
    base: str,
    facts: dict,
    users: int,
    seconds: float,
    seed: int,
    server,
    think: tuple[float, float] = (0.0, 0.0),
):
    import requests

    rng = random.Random(seed)
    plan = mix(facts, rng)[:users]
    # One login per person (password hashing is slow on purpose); users who are the same
    # person share its session cookie, each thread with its own connection.
    cookies = {}
    sessions = []
    for _role, username, _pages in plan:
        if username not in cookies:
            cookies[username] = login(base, username).cookies
        session = requests.Session()
        session.cookies.update(cookies[username])
        sessions.append(session)
    results: list[tuple[str, float, bool]] = []
    lock = threading.Lock()
    # Each lead's unanswered measures, shared by the threads that are that lead.
    unanswered = {name: list(ids) for name, ids in facts.get("unanswered", {}).items()}

    def next_unanswered(username: str) -> int | None:
        with lock:
            left = unanswered.get(username)
            return left.pop(0) if left else None

    def submit(session, username: str):
        """The status form of the lead's next unanswered measure, then its POST: 302."""
        measure = next_unanswered(username)
        if measure is None:  # all answered: the form of their own measure instead
            return session.get(
                base + f"/tiltak/runder/{facts['round_id']}/tiltak/"
                f"{facts['leads'][username]}/status/",
                timeout=30,
            ).status_code
        path = f"/tiltak/runder/{facts['round_id']}/tiltak/{measure}/status/"
        form = session.get(base + path, timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        if form.status_code != 200 or token is None:
            return form.status_code
        response = session.post(
            base + path,
            data={
                "csrfmiddlewaretoken": token.group(1),
                "status": "in_progress",
                "progress": "50",
                "text": "Lasttest: arbeidet går etter planen.",
            },
            headers={"Referer": base + path},
            timeout=30,
            allow_redirects=False,
        )
        return 200 if response.status_code == 302 else response.status_code

    start = threading.Barrier(users + 1)
    deadline = [0.0]

    def user(index: int):
        role, _username, pages = plan[index]
        session = sessions[index]
        local = []
        my_rng = random.Random(seed * 1000 + index)
        start.wait()
        time.sleep(my_rng.uniform(0, think[1]))  # people do not all click at the same instant
        while time.perf_counter() < deadline[0]:
            name, path = my_rng.choice(pages)
            t0 = time.perf_counter()
            try:
                if name == SUBMIT:
                    status = submit(session, path)
                else:
                    status = session.get(base + path, timeout=30).status_code
                ok = status == 200 or status
            except Exception as error:  # noqa: BLE001 — a timeout or reset counts as an error
                ok = type(error).__name__
            local.append((f"{role}: {name}", (time.perf_counter() - t0) * 1000, ok))
            pause = my_rng.uniform(*think)
            if pause:
                time.sleep(min(pause, max(0.0, deadline[0] - time.perf_counter())))
        with lock:
            results.extend(local)

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    for thread in threads:
        thread.start()
    deadline[0] = time.perf_counter() + seconds
    cpu_before = cpu_seconds(server)
    started = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started, cpu_seconds(server) - cpu_before


def pct(values: list[float], q: float) -> float:
    data = sorted(values)
    if not data:
        return 0.0
    return data[min(len(data) - 1, int(round(q * (len(data) - 1))))]


def summary(
    model: str, results, elapsed: float, cpu: float, users: int, think: tuple[float, float]
) -> dict:
    times = [ms for _n, ms, _ok in results]
    errors = sum(1 for _n, _ms, ok in results if ok is not True)
    mean_think = sum(think) / 2
    mean_response = sum(times) / len(times) / 1000 if times else 0.0
    # What the users ask for: each sends one request per (think + response) seconds.
    offered = users / (mean_think + mean_response) if mean_think + mean_response else 0.0
    row = {
        "model": model,
        "requests": len(results),
        "rps": len(results) / elapsed,
        "p50": pct(times, 0.50),
        "p95": pct(times, 0.95),
        "p99": pct(times, 0.99),
        "errors": errors,
        "cpu_ms": cpu * 1000 / len(results) if results else 0.0,
    }
    row["offered"] = offered
    print(
        f"\n{model}: {users} users, think time {think[0]:g}-{think[1]:g} s (mean "
        f"{mean_think:g} s): offered load {offered:.1f} req/s"
        + (" (closed loop: as fast as the server answers)" if not mean_think else "")
    )
    print(
        f"{model}: {row['requests']} requests in {elapsed:.0f} s = {row['rps']:.1f} req/s; "
        f"p50 {row['p50']:.0f} ms, p95 {row['p95']:.0f} ms, p99 {row['p99']:.0f} ms; "
        f"errors {errors}; {_load()}"
    )
    print(
        f"  gunicorn CPU {cpu:.0f} s = {row['cpu_ms']:.0f} ms a request (PostgreSQL's not "
        f"counted): on 2 free cores about {2000 / row['cpu_ms'] if row['cpu_ms'] else 0:.0f} "
        f"req/s; the wall time above is long because the machine is shared"
    )
    by_page = defaultdict(list)
    failed = defaultdict(list)
    for name, ms, ok in results:
        by_page[name].append(ms)
        if ok is not True:
            failed[name].append(str(ok))  # the HTTP status or the exception's name
    print(f"  {'page':<46} {'n':>5} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for name in sorted(by_page):
        t = by_page[name]
        errors_here = Counter(failed[name])
        print(
            f"  {name:<46} {len(t):>5} {pct(t, 0.5):>7.0f} {pct(t, 0.95):>7.0f} {pct(t, 0.99):>7.0f}"
            + (f"  errors: {dict(errors_here)}" if errors_here else "")
        )
    return row


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} on {os.cpu_count()} cores"


def _stop_on_sigterm(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")


def main() -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model",
        action="append",
        help=f"gunicorn worker model, sync:N or gthread:NxT (repeatable; default {DEFAULT_MODEL})",
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--think",
        type=think_range,
        default=think_range(DEFAULT_THINK),
        help=f"seconds between a user's requests, low-high uniform (default {DEFAULT_THINK}; "
        "0 = closed loop, no pause)",
    )
    parser.add_argument("--conn-max-age", type=int, default=60, help="DATABASE_CONN_MAX_AGE")
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis-url", default=os.environ.get("LOAD_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)

    env = _env(args.database_url, args.redis_url, args.conn_max_age)
    print(
        f"Load test: {args.users} users, think {args.think[0]:g}-{args.think[1]:g} s, "
        f"{args.seconds:.0f} s each model, "
        f"PostgreSQL {args.database_url.rsplit('/', 1)[-1]}, Redis {args.redis_url}; {_load()}"
    )
    facts = prepare(env)
    rows = []
    for model in args.model or [DEFAULT_MODEL]:
        process = serve(env, model, args.port)
        try:
            results, elapsed, cpu = run(
                f"http://127.0.0.1:{args.port}",
                facts,
                args.users,
                args.seconds,
                args.seed,
                process,
                args.think,
            )
        finally:
            process.terminate()
            process.wait(timeout=30)
        rows.append(summary(model, results, elapsed, cpu, args.users, args.think))
    print(
        f"\n{'model':<14} {'offered':>7} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6} "
        f"{'CPU ms/req':>10}"
    )
    for row in rows:
        print(
            f"{row['model']:<14} {row['offered']:>7.1f} {row['rps']:>7.1f} {row['p50']:>7.0f} {row['p95']:>7.0f} "
            f"{row['p99']:>7.0f} {row['errors']:>6} {row['cpu_ms']:>10.0f}"
        )
    ok = all(r["errors"] == 0 and r["p99"] <= TARGET_P99_MS for r in rows)
    print(f"Target 0 errors and p99 ≤ {TARGET_P99_MS} ms: " + ("met" if ok else "NOT MET"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
