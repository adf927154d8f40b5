"""Delivery faults: SMTP failures, a crash between "sent" and "logged", a broker that is down."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from bodobolig.permissions import Role
from measures.followup import reminders
from measures.models import Notification
from measures.notifications import notices, outbox
from measures.notifications.tasks import SEND_MAX_RETRIES, send_notification
from tests.factories import ImplementationPlanFactory, NotificationFactory, make_user
from tests.measures.backends import FlakySMTPBackend
from tests.measures.conftest import MONDAY, at_seven

pytestmark = pytest.mark.django_db


@pytest.fixture
def flaky_smtp(settings):
    settings.EMAIL_BACKEND = "tests.measures.backends.FlakySMTPBackend"
    FlakySMTPBackend.calls = 0
    FlakySMTPBackend.failures = 0
    yield FlakySMTPBackend
    FlakySMTPBackend.failures = 0


def test_smtp_failure_is_retried_then_marked_failed_with_the_reason(flaky_smtp):
    flaky_smtp.failures = -1
    notification = NotificationFactory()

    result = send_notification.apply(args=[notification.pk])

    notification.refresh_from_db()
    assert result.failed()
    assert flaky_smtp.calls == SEND_MAX_RETRIES + 1
    assert notification.state == Notification.State.FAILED
    assert notification.attempts == SEND_MAX_RETRIES + 1
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in notification.error
    assert mail.outbox == []


def test_smtp_failure_then_success_sends_exactly_once(flaky_smtp):
    flaky_smtp.failures = 2
    notification = NotificationFactory()

    send_notification.apply(args=[notification.pk])

    notification.refresh_from_db()
    assert len(mail.outbox) == 1
    assert notification.state == Notification.State.SENT
    assert notification.attempts == 3
    assert notification.error == ""


def test_task_retried_after_a_crash_between_sent_and_logged_sends_no_duplicate(monkeypatch):
    notification = NotificationFactory()

    def crash(notification_id):
        raise RuntimeError("worker killed after the SMTP server accepted the message")

    monkeypatch.setattr(outbox, "_mark_sent", crash)
    first = send_notification.apply(args=[notification.pk])
    monkeypatch.undo()
    # acks_late: the broker redelivers the task to another worker.
    second = send_notification.apply(args=[notification.pk])

    notification.refresh_from_db()
    assert first.failed()
    assert second.get() is False
    assert len(mail.outbox) == 1
    assert notification.state == Notification.State.SENDING


def test_a_send_that_never_finished_is_shown_as_uncertain_and_not_resent():
    with time_machine.travel(at_seven(MONDAY), tick=False):
        notification = NotificationFactory()
        assert outbox.notification_claim(notification_id=notification.pk)
    with time_machine.travel(at_seven(MONDAY) + dt.timedelta(hours=1), tick=False):
        result = reminders.reminder_sweep()

    notification.refresh_from_db()
    assert result.uncertain == 1
    assert notification.pk not in result.to_send
    assert notification.state == Notification.State.FAILED
    assert "Usikker levering" in notification.error
    assert mail.outbox == []


def test_two_workers_claiming_the_same_notice_only_one_wins():
    notification = NotificationFactory()

    assert outbox.notification_claim(notification_id=notification.pk) is True
    assert outbox.notification_claim(notification_id=notification.pk) is False


def test_broker_down_the_hook_does_not_fail_and_the_next_sweep_sends(
    broker_down, django_capture_on_commit_callbacks, caplog
):
    plan = ImplementationPlanFactory()
    with time_machine.travel(at_seven(MONDAY), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            notices.implementation_plan_ordered(implementation_plan_ids=[plan.pk])

    notification = Notification.objects.get()
    assert notification.state == Notification.State.QUEUED
    assert mail.outbox == []
    assert "Broker unreachable" in caplog.text

    # The broker is back; the sweep a few minutes later picks the notice up.
    broker_down.conf.task_always_eager = True
    with time_machine.travel(at_seven(MONDAY) + dt.timedelta(minutes=10), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            from measures.followup.tasks import run_reminder_sweep

            run_reminder_sweep.delay()

    notification.refresh_from_db()
    assert notification.state == Notification.State.SENT
    assert [m.to for m in mail.outbox] == [[plan.measure.responsible_person.email]]


def test_broker_down_coordinator_resend_is_saved_and_the_page_answers(
    broker_down, client, django_capture_on_commit_callbacks
):
    coordinator = make_user(Role.COORDINATOR)
    notification = NotificationFactory(state=Notification.State.FAILED, error="SMTP nede")
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("measures:notification_resend", args=[notification.pk]), follow=True
        )

    notification.refresh_from_db()
    assert response.status_code == 200
    assert response.redirect_chain[-1][1] == 302
    assert "lagt i kø" in response.content.decode()
    assert notification.state == Notification.State.QUEUED
    assert mail.outbox == []

    broker_down.conf.task_always_eager = True
    with django_capture_on_commit_callbacks(execute=True):
        outbox.queue(
            reminders.reminder_sweep(now=notification.created_at + dt.timedelta(minutes=10)).to_send
        )
    notification.refresh_from_db()
    assert notification.state == Notification.State.SENT
    assert len(mail.outbox) == 1


def test_notices_left_queued_by_a_down_broker_go_out_when_it_is_back(
    broker_down, django_capture_on_commit_callbacks
):
    from measures.notifications.tasks import requeue_stale_notifications

    plan = ImplementationPlanFactory()
    with time_machine.travel(at_seven(MONDAY), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            notices.implementation_plan_ordered(implementation_plan_ids=[plan.pk])
    assert Notification.objects.get().state == Notification.State.QUEUED

    broker_down.conf.task_always_eager = True
    with time_machine.travel(at_seven(MONDAY) + dt.timedelta(minutes=2), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert requeue_stale_notifications.delay().get() == 0  # too fresh: maybe in flight
    with time_machine.travel(at_seven(MONDAY) + dt.timedelta(minutes=10), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert requeue_stale_notifications.delay().get() == 1

    assert Notification.objects.get().state == Notification.State.SENT
    assert len(mail.outbox) == 1


def test_beat_schedule_has_the_daily_sweep_and_the_requeue():
    from celery.schedules import crontab

    from bodobolig.celery import app

    schedule = app.conf.beat_schedule
    assert schedule["reminder-sweep-daily"]["task"] == "measures.tasks.run_reminder_sweep"
    assert schedule["reminder-sweep-daily"]["schedule"] == crontab(hour=7, minute=0)
    assert schedule["requeue-stale-notices"]["task"] in app.tasks
    assert schedule["reminder-sweep-daily"]["task"] in app.tasks
