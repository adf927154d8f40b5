"""Invitations: one e-mail per invited consultee through the notification outbox, failures
recorded, nothing sent twice."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.urls import reverse

from bodobolig.errors import DomainError
from bodobolig.permissions import Role
from hearings import services
from hearings.models import Hearing, Invitation
from measures.models import Notification
from measures.notifications import outbox
from tests.factories import ConsulteeFactory, HearingFactory, make_user

pytestmark = pytest.mark.django_db


def test_the_task_sends_one_email_per_consultee_and_records_failures(
    django_capture_on_commit_callbacks,
):
    hearing = HearingFactory()
    with_email = ConsulteeFactory.create_batch(3)
    without_email = ConsulteeFactory(email="")
    coordinator = make_user(Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(
            hearing=hearing, by=coordinator, consultees=[*with_email, without_email]
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(c.email for c in with_email)
    states = dict(hearing.invitations.values_list("consultee_id", "notification__state"))
    assert [states[c.pk] for c in with_email] == ["sent"] * 3
    assert all(i.state == "sent" for i in hearing.invitations.exclude(consultee=without_email))
    failed = hearing.invitations.get(consultee=without_email)
    assert failed.state == Invitation.Status.FAILED
    assert "ingen e-postadresse" in failed.error

    # Run again (a redelivered task, the coordinator inviting the same ones): nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(hearing=hearing, by=coordinator, consultees=with_email)
    for notification_id in Notification.objects.values_list("pk", flat=True):
        outbox.notification_deliver(notification_id=notification_id)
    assert len(mail.outbox) == 3
    assert hearing.invitations.count() == 4
    assert Notification.objects.filter(kind=Notification.Kind.HEARING_INVITATION).count() == 3


def test_an_smtp_error_marks_the_invitation_failed_and_a_resend_sends_it(settings):
    hearing = HearingFactory()
    services.invitations_send(
        hearing=hearing, by=make_user(Role.COORDINATOR), consultees=[ConsulteeFactory()]
    )
    invitation = Invitation.objects.get()
    settings.EMAIL_BACKEND = "tests.hearings.test_public_response.BrokenBackend"
    with pytest.raises(OSError):
        outbox.notification_deliver(notification_id=invitation.notification_id)
    invitation.refresh_from_db()
    assert invitation.state == Invitation.Status.FAILED
    assert "SMTP server down" in invitation.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.notification_deliver(notification_id=invitation.notification_id)
    invitation.refresh_from_db()
    assert (invitation.state, invitation.attempts, invitation.error) == ("sent", 2, "")
    assert invitation.delivered_at is not None


def test_reminder_goes_once_to_those_who_have_not_answered(django_capture_on_commit_callbacks):
    today = dt.date.today()
    hearing = HearingFactory(ends_on=today + dt.timedelta(days=5))
    silent = Invitation.objects.create(hearing=hearing, consultee=ConsulteeFactory(), status="sent")
    Invitation.objects.create(hearing=hearing, consultee=ConsulteeFactory(), status="answered")
    far = HearingFactory(ends_on=today + dt.timedelta(days=30))
    Invitation.objects.create(hearing=far, consultee=ConsulteeFactory(), status="sent")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.hearing_reminders_send(today=today) == 1
        assert services.hearing_reminders_send(today=today) == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [silent.consultee.email]
    assert "Påminnelse" in mail.outbox[0].subject
    reminder = Notification.objects.get(kind=Notification.Kind.HEARING_REMINDER)
    assert (reminder.recipient, reminder.email, reminder.state) == (
        None,
        silent.consultee.email,
        "sent",
    )


def test_a_reminder_follows_an_invitation_sent_by_the_outbox(django_capture_on_commit_callbacks):
    today = dt.date.today()
    hearing = HearingFactory(ends_on=today + dt.timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(
            hearing=hearing, by=make_user(Role.COORDINATOR), consultees=[ConsulteeFactory()]
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.hearing_reminders_send(today=today) == 1
    assert len(mail.outbox) == 2
    assert Invitation.objects.get().get_state_display() == "Purret"


def test_no_invitations_for_a_closed_hearing():
    hearing = HearingFactory(status=Hearing.Status.CLOSED)
    with pytest.raises(DomainError):
        services.invitations_send(
            hearing=hearing, by=make_user(Role.COORDINATOR), consultees=[ConsulteeFactory()]
        )


def test_coordinator_invites_in_the_browser_and_prints_the_list(
    client, django_capture_on_commit_callbacks
):
    hearing = HearingFactory()
    consultees = ConsulteeFactory.create_batch(2)
    client.force_login(make_user(Role.COORDINATOR))
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            reverse("hearings:invitations", args=[hearing.pk]),
            {"consultees": [c.pk for c in consultees]},
        )
    assert answer.status_code == 302
    assert len(mail.outbox) == 2
    page = client.get(reverse("hearings:invitation_print", args=[hearing.pk])).content.decode()
    assert "Høringen er sendt til følgende høringsinstanser" in page
    assert all(c.name in page for c in consultees)


def test_a_failed_invitation_is_in_the_log_and_the_coordinator_resends_it(
    client, settings, django_capture_on_commit_callbacks
):
    hearing = HearingFactory()
    consultee = ConsulteeFactory()
    coordinator = make_user(Role.COORDINATOR)
    settings.EMAIL_BACKEND = "tests.hearings.test_public_response.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(hearing=hearing, by=coordinator, consultees=[consultee])
    notification = Invitation.objects.get().notification
    assert notification.state == Notification.State.FAILED
    assert (notification.recipient, notification.email) == (None, consultee.email)

    client.force_login(make_user(Role.LEAD))
    log = reverse("measures:notification_list")
    assert consultee.email not in client.get(log).content.decode()
    resend = reverse("measures:notification_resend", args=[notification.pk])
    assert client.post(resend).status_code == 403

    client.force_login(coordinator)
    page = client.get(log).content.decode()
    assert consultee.email in page and hearing.title in page and "Send på nytt" in page
    manage = client.get(reverse("hearings:manage", args=[hearing.pk])).content.decode()
    assert "SMTP server down" in manage
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(resend).status_code == 302
    assert [m.to for m in mail.outbox] == [[consultee.email]]
    assert hearing.title in mail.outbox[0].subject
    assert Invitation.objects.get().state == "sent"


@pytest.mark.parametrize("count", [3, 30])
def test_inviting_takes_the_same_queries_for_few_and_many(django_assert_num_queries, count):
    hearing = HearingFactory(title="Vår & høst")
    consultees = ConsulteeFactory.create_batch(count)
    coordinator = make_user(Role.COORDINATOR)
    # The audit entry names the hearing's content type, which Django caches per process:
    # read it here, or the count depends on whether an earlier test on this worker did.
    ContentType.objects.get_for_model(hearing)
    # savepoint; invited already; insert invitations; those without a row; the outbox in
    # its savepoint (existing keys, insert rows, queued ids); the rows' ids; link them in
    # one UPDATE; audit entry; release
    with django_assert_num_queries(13):
        services.invitations_send(hearing=hearing, by=coordinator, consultees=consultees)
    rows = Notification.objects.filter(kind=Notification.Kind.HEARING_INVITATION)
    assert rows.count() == count
    assert rows.first().subject.startswith("Høring: Vår & høst – frist ")
    assert Invitation.objects.filter(notification__isnull=True).count() == 0
