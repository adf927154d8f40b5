"""Fixtures for the follow-up tests: a fixed clock, the sweep, people in roles, a dead broker."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from bodobolig.permissions import Role
from measures.models import FollowUpSettings
from tests.factories import make_department_with_lead, make_user

OSLO = ZoneInfo("Europe/Oslo")
# A Monday: FollowUpSettings.digest_weekday defaults to 0 (Monday).
MONDAY = dt.date(2026, 3, 2)


def at_seven(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 7, 0, tzinfo=OSLO)


@pytest.fixture
def follow_up(db):
    """N=7 days before, repeat every M=7 days, escalate after K=14 days, digest on Monday."""
    settings = FollowUpSettings.load()
    settings.due_soon_days = 7
    settings.overdue_repeat_days = 7
    settings.escalate_after_days = 14
    settings.digest_weekday = 0
    settings.save()
    return settings


@pytest.fixture
def coordinator(db):
    return make_user(Role.COORDINATOR, username="koordinator", first_name="Kari")


@pytest.fixture
def department_and_lead(db):
    return make_department_with_lead(name="Helse- og omsorgsavdelingen")


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """Run the beat task on `day` at 07:00 Oslo time (clock fixed); return that day's e-mails."""
    from measures.followup.tasks import run_reminder_sweep

    def run(day: dt.date) -> list:
        before = len(mail.outbox)
        with time_machine.travel(at_seven(day), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                run_reminder_sweep.delay()
        return mail.outbox[before:]

    return run


def recipients_of(messages) -> list[str]:
    return sorted(address for message in messages for address in message.to)


@pytest.fixture
def broker_down():
    """Tasks are published to a broker nobody listens on (redis://127.0.0.1:1/0)."""
    from bodobolig.celery import app

    saved = {
        "task_always_eager": app.conf.task_always_eager,
        "broker_url": app.conf.broker_url,
    }
    app.conf.task_always_eager = False
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    _reset_connections(app)
    try:
        yield app
    finally:
        for name, value in saved.items():
            app.conf[name] = value
        _reset_connections(app)


def _reset_connections(app) -> None:
    """Drop pooled connections and the result backend so the URLs now configured apply."""
    from kombu import pools

    app._backend_cache = None
    app._local.__dict__.pop("backend", None)
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()
