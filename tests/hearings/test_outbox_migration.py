"""The migration that moves invitations and receipts into the notification outbox."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("hearings", "0002_hearing_process_and_public_responses"),
    ("measures", "0007_owner_confirmation_work_plan_items_funding_decisions_projects"),
]
AFTER = [("hearings", "0003_invitations_and_receipts_in_the_notification_outbox")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_pending_invitations_and_sent_receipts_become_outbox_rows():
    old = _migrate(BEFORE)
    try:
        Plan = old.get_model("plans", "Plan")
        Hearing = old.get_model("hearings", "Hearing")
        Consultee = old.get_model("hearings", "Consultee")
        Invitation = old.get_model("hearings", "Invitation")
        HearingResponse = old.get_model("hearings", "HearingResponse")
        plan = Plan.objects.create(
            title="Plan", municipality="Bodø", period_start=2026, period_end=2029
        )
        today = dt.date.today()
        hearing = Hearing.objects.create(
            plan=plan, title="Høring", starts_on=today, ends_on=today + dt.timedelta(days=42)
        )

        def invite(name, email, **fields):
            consultee = Consultee.objects.create(name=name, category="public_body", email=email)
            return Invitation.objects.create(hearing=hearing, consultee=consultee, **fields)

        failed = invite("A", "a@x.no", status="failed", error="SMTP nede", attempts=2)
        sending = invite("B", "b@x.no", status="sending", attempts=1)
        sent_at = timezone.now() - dt.timedelta(days=3)
        sent = invite("C", "c@x.no", status="sent", sent_at=sent_at, attempts=1)
        no_address = invite("D", "", status="failed", error="Ingen adresse")
        response = HearingResponse.objects.create(
            hearing=hearing,
            channel="web",
            received_on=today,
            sender_name="Kari",
            sender_category="private",
            email="Kari@x.no",
            text="Innspill",
            receipt_sent_at=sent_at,
        )

        new = _migrate(AFTER)
        Invitation = new.get_model("hearings", "Invitation")
        HearingResponse = new.get_model("hearings", "HearingResponse")
        failed = Invitation.objects.select_related("notification").get(pk=failed.pk)
        assert (failed.status, failed.notification.state, failed.notification.error) == (
            "queued",
            "failed",
            "SMTP nede",
        )
        assert (failed.notification.email, failed.notification.attempts) == ("a@x.no", 2)
        assert failed.notification.key == f"hearing-invitation:{failed.pk}:a@x.no"
        sending = Invitation.objects.select_related("notification").get(pk=sending.pk)
        assert sending.notification.state == "failed"
        assert "Usikker levering" in sending.notification.error
        sent = Invitation.objects.get(pk=sent.pk)
        assert (sent.status, sent.sent_at, sent.notification_id) == ("sent", sent_at, None)
        no_address = Invitation.objects.get(pk=no_address.pk)
        assert (no_address.status, no_address.notification_id) == ("queued", None)
        receipt = HearingResponse.objects.select_related("receipt").get(pk=response.pk).receipt
        assert (receipt.state, receipt.sent_at, receipt.email) == ("sent", sent_at, "Kari@x.no")
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
