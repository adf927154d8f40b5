"""A worker killed mid-job: council reports and notices recover within minutes.

Before: a report stayed "rendering" 17-19 minutes with no retry button (the retry is only
for failed reports), and a notice stayed "sending" until the next morning's sweep.
Now beat runs every two minutes; a render older than RENDER_CLAIM_TIMEOUT (3 minutes)
is marked failed with the reason and the coordinator's retry, and a notice sending for
longer than SENDING_TIMEOUT is marked failed with "Send på nytt".
"""

import datetime as dt

import pytest
from celery.schedules import crontab
from django.urls import reverse
from django.utils import timezone

from bodobolig.celery import app
from bodobolig.permissions import Role
from measures import background_pdf
from measures.models import CouncilReport, Notification
from measures.notifications import outbox
from measures.notifications.tasks import requeue_stale_notifications
from measures.reports import services as report_services
from measures.reports import tasks as report_tasks
from tests.factories import MeasureFactory, NotificationFactory, make_user

pytestmark = pytest.mark.django_db


def _worst_case_minutes(entry: str, timeout: dt.timedelta) -> float:
    schedule = app.conf.beat_schedule[entry]["schedule"]
    assert isinstance(schedule, crontab)
    every = min(
        b - a for a, b in zip(sorted(schedule.minute), sorted(schedule.minute)[1:], strict=False)
    )
    return timeout.total_seconds() / 60 + every


def test_recovery_is_a_matter_of_minutes():
    assert (
        _worst_case_minutes("requeue-stuck-council-reports", background_pdf.RENDER_CLAIM_TIMEOUT)
        <= 5
    )
    assert _worst_case_minutes("requeue-stale-notices", outbox.SENDING_TIMEOUT) <= 7


def _rendering_since(minutes: int) -> CouncilReport:
    coordinator = make_user(Role.COORDINATOR)
    report = report_services.council_report_request(
        plan=MeasureFactory().plan,
        user=coordinator,
        as_of=timezone.localdate(),
        queue_render=False,
    )
    CouncilReport.objects.filter(pk=report.pk).update(
        status=CouncilReport.Status.RENDERING,
        rendered_at=timezone.now() - dt.timedelta(minutes=minutes),
    )
    return report


def test_a_render_whose_worker_died_fails_with_the_reason_and_can_be_retried(
    client, django_capture_on_commit_callbacks
):
    report = _rendering_since(minutes=4)

    report_tasks.requeue_stuck_council_reports.delay()

    report.refresh_from_db()
    assert report.status == CouncilReport.Status.FAILED
    assert "Arbeidsprosessen stoppet" in report.error
    client.force_login(make_user(Role.COORDINATOR))
    page = client.get(report.get_absolute_url()).content.decode()
    assert reverse("measures:council_report_retry", args=[report.pk]) in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("measures:council_report_retry", args=[report.pk]))

    report.refresh_from_db()
    assert report.status == CouncilReport.Status.READY


def test_a_render_in_progress_is_left_alone():
    report = _rendering_since(minutes=1)

    report_tasks.requeue_stuck_council_reports.delay()

    report.refresh_from_db()
    assert report.status == CouncilReport.Status.RENDERING


def test_a_notice_whose_worker_died_mid_send_is_failed_with_a_resend_button(client):
    stuck = NotificationFactory(state=Notification.State.SENDING)
    fresh = NotificationFactory(state=Notification.State.SENDING)
    Notification.objects.filter(pk=stuck.pk).update(
        sent_at=timezone.now() - outbox.SENDING_TIMEOUT - dt.timedelta(minutes=1)
    )
    Notification.objects.filter(pk=fresh.pk).update(sent_at=timezone.now())

    requeue_stale_notifications.delay()

    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert stuck.state == Notification.State.FAILED
    assert "Usikker levering" in stuck.error
    assert fresh.state == Notification.State.SENDING
    client.force_login(make_user(Role.COORDINATOR))
    page = client.get(reverse("measures:notification_list")).content.decode()
    assert reverse("measures:notification_resend", args=[stuck.pk]) in page
