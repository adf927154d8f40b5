"""Two requests at the same moment (PostgreSQL: real row locks across connections)."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from bodobolig.errors import ConflictError, DomainError
from measures.followup import reporting
from measures.followup import services as followup_services
from measures.models import ImplementationPlan, StatusUpdate
from tests.factories import ReportingRoundFactory
from tests.measures.workflow_world import make_world

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(*calls):
    """Run the calls in threads released together; return each one's result or exception."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_simultaneous_status_updates_give_one_update_and_one_clear_refusal():
    w = make_world()
    round_ = ReportingRoundFactory(plan=w.plan)
    round_.measures.set([w.measure])

    def submit(user, text):
        return lambda: reporting.status_update_submit(
            measure=w.measure,
            reporting_round=round_,
            by=user,
            status="in_progress",
            progress=50,
            text=text,
        )

    results = _race(submit(w.lead, "Lars"), submit(w.colleague, "Hilde"))

    refusals = [r for r in results if isinstance(r, DomainError)]
    assert len(refusals) == 1 and refusals[0].code == "duplicate", results
    assert StatusUpdate.objects.filter(measure=w.measure).count() == 1


def test_two_simultaneous_draft_saves_keep_one_and_refuse_the_other():
    w = make_world()
    ip = followup_services.implementation_plan_order(
        measures=[w.measure], due_date=timezone.localdate(), by=w.coordinator
    ).ordered[0]

    def save(user, text):
        return lambda: followup_services.implementation_plan_save_draft(
            implementation_plan=ip, by=user, expected_version=ip.version, expected_result=text
        )

    results = _race(save(w.lead, "Lars"), save(w.colleague, "Hilde"))

    conflicts = [r for r in results if isinstance(r, ConflictError)]
    saved = [r for r in results if isinstance(r, ImplementationPlan)]
    assert len(conflicts) == 1 and len(saved) == 1, results
    ip.refresh_from_db()
    assert ip.expected_result == saved[0].expected_result
