"""Immediate notices: who gets them, what they say, and that each goes out once."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from bodobolig.permissions import Role
from measures.models import ImplementationPlan, ImplementationPlanVersion, Notification
from measures.notifications import notices
from tests.factories import (
    ImplementationPlanFactory,
    MeasureFactory,
    ReportingRoundFactory,
    StatusUpdateFactory,
    make_user,
)
from tests.measures.conftest import recipients_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run the hook as services do: the send task is queued when the transaction commits."""

    def run(hook, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            hook(**kwargs)

    return run


def test_ordering_plans_for_many_measures_sends_one_email_per_owner(on_commit, settings):
    settings.SITE_BASE_URL = "https://bolig.example.no"
    owner, other = make_user(Role.LEAD), make_user(Role.LEAD)
    plans = [
        ImplementationPlanFactory(measure__responsible_person=owner, order_message="Kort, takk."),
        ImplementationPlanFactory(measure__responsible_person=owner),
        ImplementationPlanFactory(measure__responsible_person=other),
    ]

    on_commit(notices.implementation_plan_ordered, implementation_plan_ids=[p.pk for p in plans])

    assert recipients_of(mail.outbox) == sorted([owner.email, other.email])
    [to_owner] = [m for m in mail.outbox if m.to == [owner.email]]
    assert to_owner.subject == "[Bodø bolig] Gjennomføringsplaner bestilt for 2 tiltak"
    assert to_owner.from_email == "Bodø bolig <bolig@bodo.kommune.no>"
    assert plans[0].measure.code in to_owner.body and plans[1].measure.code in to_owner.body
    assert "Kort, takk." in to_owner.body
    # The link goes to the implementation plan's page (measures:implementation_plan).
    plan_url = f"https://bolig.example.no/tiltak/{plans[0].measure_id}/gjennomforingsplan/"
    assert plan_url in to_owner.body
    html, mimetype = to_owner.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{plan_url}"' in html
    notification = Notification.objects.get(recipient=owner)
    assert set(notification.measures.all()) == {plans[0].measure, plans[1].measure}


def test_the_same_event_twice_is_recorded_and_sent_once(on_commit):
    plan = ImplementationPlanFactory()

    on_commit(notices.implementation_plan_ordered, implementation_plan_ids=[plan.pk])
    on_commit(notices.implementation_plan_ordered, implementation_plan_ids=[plan.pk])

    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


def test_submitted_plan_notifies_every_coordinator(on_commit):
    coordinators = [make_user(Role.COORDINATOR), make_user(Role.COORDINATOR)]
    make_user(Role.LEAD)
    plan = ImplementationPlanFactory(
        status=ImplementationPlan.Status.SUBMITTED, submitted_at=timezone.now()
    )

    on_commit(notices.implementation_plan_submitted, implementation_plan_id=plan.pk)

    assert recipients_of(mail.outbox) == sorted(c.email for c in coordinators)
    assert "levert" in mail.outbox[0].subject


def test_returned_and_resubmitted_plan_notifies_the_owner_for_each_return(on_commit):
    plan = ImplementationPlanFactory(feedback="Mangler risiko.")
    owner = plan.measure.responsible_person
    for number in (1, 2):
        ImplementationPlanVersion.objects.create(
            implementation_plan=plan, number=number, submitted_at=timezone.now(), content={}
        )
        on_commit(notices.implementation_plan_returned, implementation_plan_id=plan.pk)

    assert recipients_of(mail.outbox) == [owner.email, owner.email]
    assert "Mangler risiko." in mail.outbox[0].body


def test_approved_plan_notifies_the_owner(on_commit):
    plan = ImplementationPlanFactory(
        status=ImplementationPlan.Status.APPROVED, approved_at=timezone.now()
    )

    on_commit(notices.implementation_plan_approved, implementation_plan_id=plan.pk)

    [message] = mail.outbox
    assert message.to == [plan.measure.responsible_person.email]
    assert "godkjent" in message.subject


def test_reassigned_measure_notifies_old_and_new_owner(on_commit):
    old, new = make_user(Role.LEAD), make_user(Role.LEAD, first_name="Nora", last_name="Ny")
    measure = MeasureFactory(responsible_person=new)

    on_commit(
        notices.measure_reassigned, measure_id=measure.pk, old_owner_id=old.pk, new_owner_id=new.pk
    )

    assert recipients_of(mail.outbox) == sorted([old.email, new.email])
    [to_old] = [m for m in mail.outbox if m.to == [old.email]]
    assert "Nora Ny" in to_old.body


def test_status_update_notifies_coordinators(on_commit):
    coordinator = make_user(Role.COORDINATOR)
    update = StatusUpdateFactory(needs_help=True)

    on_commit(notices.status_update_submitted, status_update_id=update.pk)

    [message] = mail.outbox
    assert message.to == [coordinator.email]
    assert "Ber om hjelp" in message.body


def test_opened_round_sends_one_email_per_reporter(on_commit):
    owner = make_user(Role.LEAD)
    measures = MeasureFactory.create_batch(3, responsible_person=owner)
    round_ = ReportingRoundFactory(
        plan=measures[0].plan, due_date=dt.date(2026, 4, 1), name="Tertial 1"
    )
    round_.measures.add(*measures)

    on_commit(notices.reporting_round_opened, reporting_round_id=round_.pk)

    [message] = mail.outbox
    assert message.to == [owner.email]
    assert "Tertial 1" in message.subject
    assert all(m.code in message.body for m in measures)


def test_a_user_without_email_is_logged_as_failed_not_retried(on_commit):
    owner = make_user(Role.LEAD, email="")
    plan = ImplementationPlanFactory(measure__responsible_person=owner)

    on_commit(notices.implementation_plan_ordered, implementation_plan_ids=[plan.pk])

    notification = Notification.objects.get()
    assert mail.outbox == []
    assert notification.state == Notification.State.FAILED
    assert notification.attempts == 1
    assert "e-postadresse" in notification.error


def test_notices_are_norwegian_even_when_the_user_browses_in_english(on_commit):
    from django.utils import translation

    plan = ImplementationPlanFactory()
    with translation.override("en"):
        on_commit(notices.implementation_plan_ordered, implementation_plan_ids=[plan.pk])

    [message] = mail.outbox
    assert "Gjennomføringsplan bestilt" in message.subject
    assert Notification.objects.get().items[0]["label"] == "Gjennomføringsplan"


def test_published_council_report_notifies_the_politicians(on_commit):
    from measures.models import CouncilReport
    from tests.factories import PlanFactory

    politicians = [make_user(Role.POLITICIAN), make_user(Role.POLITICIAN)]
    make_user(Role.LEAD)
    report = CouncilReport.objects.create(
        plan=PlanFactory(),
        title="Statusrapport 2026",
        as_of=dt.date(2026, 3, 1),
        status=CouncilReport.Status.READY,
        published_at=timezone.now(),
    )

    on_commit(notices.council_report_published, council_report_id=report.pk)

    assert recipients_of(mail.outbox) == sorted(p.email for p in politicians)
    assert "Statusrapport til bystyret publisert: Statusrapport 2026" in mail.outbox[0].subject


def test_an_unpublished_report_notifies_nobody(on_commit):
    from measures.models import CouncilReport
    from tests.factories import PlanFactory

    make_user(Role.POLITICIAN)
    report = CouncilReport.objects.create(
        plan=PlanFactory(), title="Utkast", as_of=dt.date(2026, 3, 1)
    )

    on_commit(notices.council_report_published, council_report_id=report.pk)

    assert mail.outbox == []
    assert not Notification.objects.exists()
