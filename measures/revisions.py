"""A plan's revision, and the counts pages keep under it.

The dashboard and the plan page count every measure of a plan: at 20,000 measures that
was most of their time, and it grew with the plan. What they count changes only when
something is saved, so they keep their counts in the cache (`counted`) under a key that
names the plan's revision token (`PlanRevision`), today's date (the overdue and stale
rules move at midnight) and whatever else the counts depend on.

The plan gets a new token when a transaction that saved or deleted one of the rows they
count commits (the signals below, so the admin's edits count too):

- a measure, an implementation plan, a funding request, a status update, a reporting
  round or its members, a goal or a strategy of the plan;
- a department or a person's name (pages show them): every plan.

Bulk writes (`bulk_create`, `QuerySet.update`) send no signals: a service that writes
such rows calls `changed(plan_id)` itself.

Why after the commit: a page that counts while the transaction runs reads the old rows
and keeps them under the old token; the first page after the commit finds a new token
and counts the new rows. (A new token written inside the transaction would hold a lock
on the plan's row until the commit, and two services locking rows in another order
would deadlock.) A count is also dropped after `KEEP_SECONDS`, so a change made past the
signals (raw SQL, a process killed between its commit and the new token) shows within
that time.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from measures.models import (
    FundingRequest,
    ImplementationPlan,
    Measure,
    PlanRevision,
    ReportingRound,
    StatusUpdate,
)
from plans.models import Department, Goal, Strategy

T = TypeVar("T")

KEEP_SECONDS = 10 * 60

# A person's fields that pages show; a login saves `last_login` alone and changes nothing.
SHOWN_PERSON_FIELDS = frozenset({"first_name", "last_name", "username"})


def token(plan_id: int) -> str:
    """The plan's current token (one query; the first ask makes the row)."""
    current = PlanRevision.objects.filter(plan_id=plan_id).values_list("token", flat=True)
    value = current.first()
    if value is None:
        value = uuid.uuid4()
        try:
            with transaction.atomic():
                PlanRevision.objects.create(plan_id=plan_id, token=value)
        except IntegrityError:  # another request made the row first: use theirs
            value = current.first() or value
    return value.hex


def counted(
    plan_id: int, name: str, compute: Callable[[], T], *, today: dt.date, depends_on=()
) -> T:
    """`compute()`, or what it returned for the same plan revision, day and `depends_on`
    (values the counts depend on besides the plan's rows, such as a setting)."""
    parts = ["plan-counts", name, str(plan_id), token(plan_id), today.isoformat()]
    key = ":".join([*parts, *(str(value) for value in depends_on)])
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, KEEP_SECONDS)
    return value


def _new_tokens(plan_ids: set[int], every_plan: bool) -> None:
    if every_plan:
        PlanRevision.objects.update(token=uuid.uuid4())
        return
    for plan_id in plan_ids:
        PlanRevision.objects.filter(plan_id=plan_id).update(token=uuid.uuid4())


class NewTokens:
    """The on-commit callback of one transaction: the plans it changed get new tokens."""

    def __init__(self) -> None:
        self.plan_ids: set[int] = set()
        self.every_plan = False
        # measure id -> plan id, for the rows that name only their measure: deleting a
        # plan deletes thousands of status updates, and each would ask for its plan.
        self.plan_of_measure: dict[int, int | None] = {}

    def __call__(self) -> None:
        _new_tokens(self.plan_ids, self.every_plan)


def _this_transaction() -> NewTokens:
    """The callback queued for the running transaction, queued once per savepoint: a
    transaction that saves 2,000 measures writes one new token, not 2,000."""
    connection = transaction.get_connection()
    queued = connection.run_on_commit
    savepoints = set(connection.savepoint_ids)
    pending = getattr(connection, "_plan_new_tokens", None)
    # A callback from an ended transaction or savepoint is not at its place in the queue
    # with these savepoints (a commit or a rollback empties the queue; a savepoint's
    # rollback drops what was queued inside it).
    if pending is not None:
        place, callback = pending
        if place < len(queued) and queued[place][1] is callback and queued[place][0] == savepoints:
            return callback
    callback = NewTokens()
    connection._plan_new_tokens = (len(queued), callback)
    transaction.on_commit(callback)
    return callback


def changed(plan_id: int | None) -> None:
    """The plan's counted rows changed: a new token when this transaction commits (at
    once outside a transaction)."""
    if plan_id is None:
        return
    if transaction.get_connection().in_atomic_block:
        _this_transaction().plan_ids.add(plan_id)
    else:
        _new_tokens({plan_id}, every_plan=False)


def every_plan_changed() -> None:
    """A name that every plan may show changed (a department's, a person's)."""
    if transaction.get_connection().in_atomic_block:
        _this_transaction().every_plan = True
    else:
        _new_tokens(set(), every_plan=True)


# --- What changes a plan's counts ------------------------------------------------------


def _plan_of_measure(measure_id: int | None) -> int | None:
    return Measure.objects.filter(pk=measure_id).values_list("plan_id", flat=True).first()


def _measure_saved(sender, instance: Measure, **kwargs) -> None:
    changed(instance.plan_id)


def _row_of_measure_saved(sender, instance, **kwargs) -> None:
    """An implementation plan, a funding request or a status update: its measure's plan
    (read once a transaction unless the measure is at hand; gone with a deleted measure,
    whose own signal counts)."""
    measure = instance._state.fields_cache.get("measure")
    if measure is not None:
        changed(measure.plan_id)
    elif not transaction.get_connection().in_atomic_block:
        changed(_plan_of_measure(instance.measure_id))
    else:
        known = _this_transaction().plan_of_measure
        if instance.measure_id not in known:
            known[instance.measure_id] = _plan_of_measure(instance.measure_id)
        changed(known[instance.measure_id])


def _round_saved(sender, instance: ReportingRound, **kwargs) -> None:
    changed(instance.plan_id)


def _round_members_changed(sender, instance, action: str, **kwargs) -> None:
    # `instance` is the round, or the measure when added from its side: both have a plan.
    if action.startswith("post_"):
        changed(instance.plan_id)


def _goal_saved(sender, instance: Goal, **kwargs) -> None:
    changed(instance.plan_id)


def _strategy_saved(sender, instance: Strategy, **kwargs) -> None:
    goal = instance._state.fields_cache.get("goal")
    if goal is not None:
        changed(goal.plan_id)
    else:
        changed(Goal.objects.filter(pk=instance.goal_id).values_list("plan_id", flat=True).first())


def _department_saved(sender, instance, **kwargs) -> None:
    every_plan_changed()


def _person_saved(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is None or SHOWN_PERSON_FIELDS & set(update_fields):
        every_plan_changed()


def connect() -> None:
    """Called once, from the app's `ready()`."""
    for signal in (post_save, post_delete):
        signal.connect(_measure_saved, sender=Measure, dispatch_uid="revision-measure")
        signal.connect(_row_of_measure_saved, sender=ImplementationPlan, dispatch_uid="revision-ip")
        signal.connect(_row_of_measure_saved, sender=StatusUpdate, dispatch_uid="revision-update")
        signal.connect(
            _row_of_measure_saved, sender=FundingRequest, dispatch_uid="revision-funding"
        )
        signal.connect(_round_saved, sender=ReportingRound, dispatch_uid="revision-round")
        signal.connect(_goal_saved, sender=Goal, dispatch_uid="revision-goal")
        signal.connect(_strategy_saved, sender=Strategy, dispatch_uid="revision-strategy")
        signal.connect(_department_saved, sender=Department, dispatch_uid="revision-department")
    post_delete.connect(_person_saved, sender=get_user_model(), dispatch_uid="revision-person-gone")
    post_save.connect(_person_saved, sender=get_user_model(), dispatch_uid="revision-person")
    m2m_changed.connect(
        _round_members_changed,
        sender=ReportingRound.measures.through,
        dispatch_uid="revision-round-members",
    )
