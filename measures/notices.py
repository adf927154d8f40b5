"""Immediate notices that follow a change of state (the hook between services and e-mail).

Services call these through `transaction.on_commit`, so nothing is sent for a
change that was rolled back. Each function takes ids only. The reminders work
(Celery, e-mail, the notification log) fills them in; until then they record
nothing and send nothing.
"""

from __future__ import annotations


def implementation_plan_ordered(*, implementation_plan_ids: list[int]) -> None:
    """Tell each owner that the coordinator has ordered an implementation plan."""


def implementation_plan_submitted(*, implementation_plan_id: int) -> None:
    """Tell the coordinator(s) that an owner has submitted an implementation plan."""


def implementation_plan_returned(*, implementation_plan_id: int) -> None:
    """Tell the owner that the plan came back with feedback."""


def implementation_plan_approved(*, implementation_plan_id: int) -> None:
    """Tell the owner that the plan was approved."""


def measure_reassigned(*, measure_id: int, old_owner_id: int, new_owner_id: int) -> None:
    """Tell the old and the new owner that the measure changed hands."""


def status_update_submitted(*, status_update_id: int) -> None:
    """Tell the coordinator(s) that an owner has reported on a measure."""


def reporting_round_opened(*, reporting_round_id: int) -> None:
    """Tell every owner in the round what they owe and by when."""


def council_report_published(*, council_report_id: int) -> None:
    """Tell the politicians that a status report is published."""
