"""Redis down: a write that queues a task answers at once, and the notice stays queued.

The Celery result store was Redis too; the app never reads task results, but with Redis
unreachable every `.delay()` waited ~19 s for the result store's 20 reconnect attempts
before failing. With no result backend only the broker is tried, once.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse

from bodobolig.permissions import Role
from measures.models import Notification
from tests.factories import NotificationFactory, make_user

BASE_DIR = Path(__file__).resolve().parents[3]
UNREACHABLE = "redis://127.0.0.1:1/0"

QUEUE_ONE_TASK = """
import time
import django
django.setup()
from bodobolig.celery import app
print("result_backend", app.conf.result_backend)
started = time.monotonic()
try:
    app.tasks["measures.tasks.send_notification"].delay(1)
except Exception as exc:
    print("error", type(exc).__name__)
print("seconds", round(time.monotonic() - started, 2))
"""


def test_with_redis_unreachable_queueing_a_task_fails_within_seconds():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bodobolig.settings", "REDIS_URL": UNREACHABLE}
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)

    result = subprocess.run(
        [sys.executable, "-c", QUEUE_ONE_TASK],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if " " in line)
    assert lines["result_backend"] == "None"
    assert lines["error"] == "OperationalError"  # the broker's error, not the result store's
    assert float(lines["seconds"]) < 5, result.stdout + result.stderr


@pytest.mark.django_db
def test_a_write_answers_at_once_and_the_notice_stays_queued(
    broker_down, client, django_capture_on_commit_callbacks
):
    client.force_login(make_user(Role.COORDINATOR))
    notification = NotificationFactory(state=Notification.State.FAILED, error="SMTP nede")

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("measures:notification_resend", args=[notification.pk]))
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 5
    notification.refresh_from_db()
    assert notification.state == Notification.State.QUEUED
