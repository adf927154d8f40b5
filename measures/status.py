"""The status rulebook: what each state of a measure and its implementation plan means.

One home for every rule about states, so the dashboard, the measure list's
filters, the reminders, the council report and the API cannot drift apart:

- which statuses exist, and which are *active* (work goes on), *finished*
  (nothing more is owed) or *open* (an implementation plan still owed);
- how status and progress agree, and a measure's *effective progress*;
- the *roll-up* of progress over a group of measures;
- the *stale* rule ("ikke oppdatert"), written once as a database condition
  and once for rows already in memory, with the same meaning;
- the display colour of each state (Designsystemet `data-color`).

This module imports no models: the models import it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bodobolig.errors import DomainError


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Ikke startet")
    PLANNED = "planned", _("Planlagt")
    IN_PROGRESS = "in_progress", _("Pågår")
    COMPLETED = "completed", _("Fullført")
    POSTPONED = "postponed", _("Utsatt")
    CANCELLED = "cancelled", _("Avbrutt")


class ImplementationPlanStatus(models.TextChoices):
    ORDERED = "ordered", _("Bestilt")
    DRAFT = "draft", _("Under arbeid")
    SUBMITTED = "submitted", _("Levert")
    RETURNED = "returned", _("Sendt tilbake")
    APPROVED = "approved", _("Godkjent")


# value -> label, read by `status_label` on the models: `get_status_display()` rebuilds
# the field's choices on every call, a quarter of a 50-row list's rendering.
MEASURE_STATUS_LABELS = dict(MeasureStatus.choices)
IMPLEMENTATION_PLAN_STATUS_LABELS = dict(ImplementationPlanStatus.choices)


# Work goes on: reminders are sent, implementation plans and status updates are owed.
ACTIVE_STATUSES = frozenset(
    {MeasureStatus.NOT_STARTED, MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS}
)
# Nothing more is owed; never stale.
FINISHED_STATUSES = frozenset({MeasureStatus.COMPLETED, MeasureStatus.CANCELLED})
# Left out of the progress roll-up (a cancelled measure is not 0 % of anything).
NOT_COUNTED_IN_PROGRESS = frozenset({MeasureStatus.CANCELLED})

# The owner still owes the implementation plan.
OPEN_IMPLEMENTATION_PLAN_STATUSES = frozenset(
    {
        ImplementationPlanStatus.ORDERED,
        ImplementationPlanStatus.DRAFT,
        ImplementationPlanStatus.RETURNED,
    }
)


def is_active(status: str) -> bool:
    return status in ACTIVE_STATUSES


# --- An implementation plan is owed ------------------------------------------------------
#
# The owner owes the plan while it is ordered, in draft or returned, and only while the
# measure is active: a completed, postponed or cancelled measure owes nothing. The
# dashboard, the measure list's "over frist" filter, "Mine tiltak", the reminder sweep
# and the council report ask this rule.


def implementation_plan_owed(*, plan_status: str, measure_status: str) -> bool:
    return plan_status in OPEN_IMPLEMENTATION_PLAN_STATUSES and measure_status in ACTIVE_STATUSES


def implementation_plan_owed_q(*, plan: str = "", measure: str = "") -> Q:
    """The rule as a condition; `plan` and `measure` are the lookup paths to the
    implementation plan and the measure ("" for the queryset's own model), e.g.
    `implementation_plan_owed_q(plan="implementation_plan__")` on measures."""
    return Q(**{f"{plan}status__in": OPEN_IMPLEMENTATION_PLAN_STATUSES}) & Q(
        **{f"{measure}status__in": ACTIVE_STATUSES}
    )


# --- Status and progress agree ---------------------------------------------------------
#
# "Fullført" is 100 %, "Ikke startet" is 0 %; every other status may carry any
# progress from 0 to 100. Checked in forms and services with a field message and
# in the database by a CHECK constraint on measures and status updates.

FIXED_PROGRESS = {MeasureStatus.COMPLETED: 100, MeasureStatus.NOT_STARTED: 0}

PROGRESS_IN_RANGE = Q(progress__gte=0) & Q(progress__lte=100)
STATUS_AGREES_WITH_PROGRESS = (~Q(status=MeasureStatus.COMPLETED) | Q(progress=100)) & (
    ~Q(status=MeasureStatus.NOT_STARTED) | Q(progress=0)
)
STATUS_PROGRESS_MESSAGE = _(
    "Status og framdrift stemmer ikke: «Fullført» er 100 % og «Ikke startet» er 0 %."
)


def progress_error(status: str, progress: int | None) -> str | None:
    """The message for a status and progress that disagree, or None when they agree."""
    if progress is None:
        return None
    if not 0 <= progress <= 100:
        return str(_("Framdrift må være mellom 0 og 100 prosent."))
    expected = FIXED_PROGRESS.get(status)
    if expected is not None and progress != expected:
        return str(
            _("Når status er «%(status)s», må framdriften være %(progress)s %%.")
            % {"status": MeasureStatus(status).label, "progress": expected}
        )
    return None


def check_status_progress(status: str, progress) -> int:
    """For services: the progress as an int when the status exists and agrees with it;
    DomainError with field "status" or "progress" (the same words as the forms) otherwise."""
    if status not in MeasureStatus.values:
        raise DomainError(_("Velg en gyldig status."), field="status")
    try:
        progress = int(progress)
    except (TypeError, ValueError):
        raise DomainError(_("Framdrift må være et helt tall."), field="progress") from None
    if message := progress_error(status, progress):
        raise DomainError(message, field="progress")
    return progress


def effective_progress(status: str, progress: int) -> int:
    """The progress a page, a roll-up and the council report show for one measure."""
    return FIXED_PROGRESS.get(status, progress)


# --- Roll-up -----------------------------------------------------------------------------


@dataclass
class Rollup:
    """Progress of a group of measures: the mean effective progress, cancelled left out."""

    count: int = 0
    progress: int = 0
    by_status: Counter = field(default_factory=Counter)

    @classmethod
    def of_pairs(cls, pairs: Iterable[tuple[str, int]]) -> Rollup:
        """From (status, progress) pairs, one per measure."""
        return cls.of_counted((status, progress, 1) for status, progress in pairs)

    @classmethod
    def of_counted(cls, rows: Iterable[tuple[str, int, int]]) -> Rollup:
        """From (status, progress, how many measures) rows, as a GROUP BY gives them: the
        one formula every roll-up uses."""
        count = counted = progress_sum = 0
        by_status: Counter = Counter()
        for status, progress, n in rows:
            count += n
            by_status[status] += n
            if status not in NOT_COUNTED_IN_PROGRESS:
                counted += n
                progress_sum += effective_progress(status, progress) * n
        return cls(
            count=count,
            progress=round(progress_sum / counted) if counted else 0,
            by_status=by_status,
        )

    @classmethod
    def of(cls, measures: Iterable) -> Rollup:
        return cls.of_pairs((m.status, m.progress) for m in measures)

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        """(value, label, count) in the order of the status choices, zeros left out."""
        return [
            (value, label, self.by_status[value])
            for value, label in MeasureStatus.choices
            if self.by_status[value]
        ]

    def counts(self) -> dict[str, int]:
        """Every status with its count, zeros kept."""
        return {value: self.by_status[value] for value in MeasureStatus.values}


# --- Stale: "ikke oppdatert" -----------------------------------------------------------------
#
# A measure is stale on a day when it is not finished (postponed ones too: a
# postponed measure still owes a word on why) and its newest status update is
# more than `stale_after_days` days old on that day — or it has none and was
# created more than `stale_after_days` days before that day. Judged in whole
# local days, so every page asked on the same day names the same measures
# whatever the hour. The dashboard, the measure list's filter, the coordinator's
# digest, the council report and the API all ask `stale_q` or `is_stale`.


def stale_cutoff(as_of: dt.date | dt.datetime, stale_after_days: int) -> dt.datetime:
    """Local midnight starting the day `stale_after_days` days before `as_of`'s day:
    an update (or a creation) before this moment is too old."""
    day = timezone.localdate(as_of) if isinstance(as_of, dt.datetime) else as_of
    return timezone.make_aware(
        dt.datetime.combine(day - dt.timedelta(days=stale_after_days), dt.time())
    )


def stale_q(
    as_of: dt.date | dt.datetime,
    stale_after_days: int,
    *,
    last_reported: str = "last_reported_at",
) -> Q:
    """The stale rule as a condition on measures annotated with
    `Measure.objects.with_last_reported()` (`last_reported` names the annotation)."""
    cutoff = stale_cutoff(as_of, stale_after_days)
    return ~Q(status__in=FINISHED_STATUSES) & (
        Q(**{f"{last_reported}__lt": cutoff})
        | Q(**{f"{last_reported}__isnull": True}, created_at__lt=cutoff)
    )


def is_stale(
    *,
    status: str,
    last_reported_at: dt.datetime | None,
    created_at: dt.datetime,
    as_of: dt.date | dt.datetime,
    stale_after_days: int,
) -> bool:
    """The stale rule for one measure already in memory (same meaning as `stale_q`)."""
    return is_stale_at_cutoff(
        status=status,
        last_reported_at=last_reported_at,
        created_at=created_at,
        cutoff=stale_cutoff(as_of, stale_after_days),
    )


def is_stale_at_cutoff(
    *, status: str, last_reported_at: dt.datetime | None, created_at: dt.datetime, cutoff
) -> bool:
    """`is_stale` with the cutoff (`stale_cutoff`) worked out once for a whole list."""
    if status in FINISHED_STATUSES:
        return False
    if last_reported_at is None:
        return created_at < cutoff
    return last_reported_at < cutoff


# --- Display ---------------------------------------------------------------------------------

# Designsystemet colours; the text carries the meaning, the colour only repeats it.
COLORS = {
    MeasureStatus.NOT_STARTED: "neutral",
    MeasureStatus.PLANNED: "info",
    MeasureStatus.IN_PROGRESS: "accent",
    MeasureStatus.COMPLETED: "success",
    MeasureStatus.POSTPONED: "warning",
    MeasureStatus.CANCELLED: "danger",
    ImplementationPlanStatus.ORDERED: "warning",
    ImplementationPlanStatus.DRAFT: "info",
    ImplementationPlanStatus.SUBMITTED: "accent",
    ImplementationPlanStatus.RETURNED: "danger",
    ImplementationPlanStatus.APPROVED: "success",
}


def color(value: str) -> str:
    return COLORS.get(value, "neutral")
