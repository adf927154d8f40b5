"""A real Celery worker on Redis runs the sweep queued through the broker.

Needs Redis (TEST_REDIS_URL; the `redis_url` fixture skips locally and fails
under CI=true when it is missing). The worker runs in this process, in a
thread, against the test database (SQLite or, in CI's second pass, PostgreSQL),
so the locmem `mail.outbox` is shared with the test.
"""

import datetime as dt
import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.core import mail

from bodobolig.celery import app
from bodobolig.permissions import Role
from measures.followup.tasks import run_reminder_sweep
from measures.models import FollowUpSettings, Notification
from tests.factories import ImplementationPlanFactory, make_user
from tests.measures.conftest import _reset_connections

pytestmark = [pytest.mark.celery, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def celery_worker(redis_url):
    redis.Redis.from_url(redis_url).flushdb()
    saved = {name: app.conf[name] for name in ("task_always_eager", "broker_url", "result_backend")}
    # The app keeps no task results (settings); this test reads the sweep's summary, so it
    # stores results in its own Redis db (and asks for them: `_sweep`).
    app.conf.update(task_always_eager=False, broker_url=redis_url, result_backend=redis_url)
    _reset_connections(app)
    try:
        with start_worker(
            app,
            pool="solo",
            concurrency=1,
            perform_ping_check=False,
            shutdown_timeout=30,
            loglevel="WARNING",
        ) as worker:
            yield worker
    finally:
        app.conf.update(saved)
        _reset_connections(app)


def _sweep(today: dt.date) -> dict:
    result = run_reminder_sweep.apply_async([today.isoformat()], ignore_result=False)
    return result.get(timeout=60)


def wait_until(condition, *, seconds: float = 30.0) -> bool:
    """Poll `condition` (the worker finishes the send tasks after the sweep returns)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_worker_runs_the_sweep_from_the_broker_and_sends_one_email_per_recipient(celery_worker):
    today = dt.date.today()
    settings = FollowUpSettings.load()
    settings.digest_weekday = (today.weekday() + 1) % 7  # not today: no digest in this test
    settings.save()
    make_user(Role.COORDINATOR)
    owner = make_user(Role.LEAD)
    late = [
        ImplementationPlanFactory(
            measure__responsible_person=owner, due_date=today - dt.timedelta(days=1)
        )
        for _ in range(2)
    ]
    mail.outbox = []

    summary = _sweep(today)

    expected = {owner.email}
    assert summary["created"] == len(expected)
    assert wait_until(
        lambda: Notification.objects.filter(state=Notification.State.SENT).count() == len(expected)
    )
    assert {address for message in mail.outbox for address in message.to} == expected
    [to_owner] = [m for m in mail.outbox if m.to == [owner.email]]
    assert all(plan.measure.code in to_owner.body for plan in late)
    notification = Notification.objects.get(recipient=owner)
    assert notification.kind == Notification.Kind.REMINDER
    assert notification.attempts == 1

    # The same sweep again through the broker: nothing new, nothing sent twice.
    again = _sweep(today)
    assert again["created"] == 0
    assert len(mail.outbox) == len(expected)
