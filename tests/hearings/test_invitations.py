"""Invitations: one e-mail per invited consultee, failures recorded, nothing sent twice."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from bodobolig.errors import DomainError
from bodobolig.permissions import Role
from hearings import delivery, services
from hearings.models import Hearing, Invitation
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
    states = dict(hearing.invitations.values_list("consultee_id", "status"))
    assert [states[c.pk] for c in with_email] == ["sent"] * 3
    failed = hearing.invitations.get(consultee=without_email)
    assert failed.status == Invitation.Status.FAILED
    assert "ingen e-postadresse" in failed.error

    # Run again (a redelivered task, the coordinator inviting the same ones): nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(hearing=hearing, by=coordinator, consultees=with_email)
    delivery.invitations_deliver(hearing_id=hearing.pk)
    assert len(mail.outbox) == 3
    assert hearing.invitations.count() == 4


def test_an_smtp_error_marks_the_invitation_failed_and_a_rerun_sends_it(settings):
    hearing = HearingFactory()
    invitation = Invitation.objects.create(hearing=hearing, consultee=ConsulteeFactory())
    settings.EMAIL_BACKEND = "tests.hearings.test_public_response.BrokenBackend"
    assert delivery.invitations_deliver(hearing_id=hearing.pk) == {"sent": 0, "failed": 1}
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.FAILED
    assert "SMTP server down" in invitation.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert delivery.invitations_deliver(hearing_id=hearing.pk) == {"sent": 1, "failed": 0}
    invitation.refresh_from_db()
    assert (invitation.status, invitation.attempts, invitation.error) == ("sent", 2, "")


def test_reminder_goes_once_to_those_who_have_not_answered():
    today = dt.date.today()
    hearing = HearingFactory(ends_on=today + dt.timedelta(days=5))
    silent = Invitation.objects.create(hearing=hearing, consultee=ConsulteeFactory(), status="sent")
    Invitation.objects.create(hearing=hearing, consultee=ConsulteeFactory(), status="answered")
    far = HearingFactory(ends_on=today + dt.timedelta(days=30))
    Invitation.objects.create(hearing=far, consultee=ConsulteeFactory(), status="sent")
    assert delivery.reminders_deliver(today=today) == 1
    assert delivery.reminders_deliver(today=today) == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [silent.consultee.email]
    assert "Påminnelse" in mail.outbox[0].subject


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
