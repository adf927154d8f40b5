"""A side effect that fails after commit never undoes or hides a saved action."""

import pytest

from bodobolig.permissions import Role
from measures import revisions
from measures.followup import reporting
from measures.models import StatusUpdate
from measures.notifications import notices
from tests.factories import MeasureFactory, make_user

pytestmark = pytest.mark.django_db


def test_a_failing_notice_does_not_break_a_saved_status_update(
    monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def broken(**kwargs):
        raise RuntimeError("e-posttjenesten er nede")

    monkeypatch.setattr(notices, "status_update_submitted", broken)
    measure = MeasureFactory()
    coordinator = make_user(Role.COORDINATOR)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        reporting.status_update_submit(
            measure=measure, by=coordinator, status="in_progress", progress=55, text="Godt i gang."
        )
    # The notice; the rest give the plan a new revision token (measures.revisions).
    assert len([c for c in callbacks if not isinstance(c, revisions.NewTokens)]) == 1
    assert StatusUpdate.objects.get(measure=measure).progress == 55
    assert "e-posttjenesten er nede" in caplog.text
