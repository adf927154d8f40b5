"""The plan's scorecard: per goal and strategy the measures by status, the progress roll-up
and what changed since the last published council report.

"Since the last report" compares the measures as they stand now with the frozen
snapshot of the plan's latest *published* council report (what the politicians last
saw), measure by measure:

- *new*: the measure was not in the report;
- *completed*: it is "Fullført" now and was not then (or is new);
- *delayed*: it is behind now and was not then — postponed ("Utsatt"), or still active
  with its planned end passed (judged on the report's date then, on today now), the
  same two reasons the council report gives;
- *newly at risk*: its latest status update names a risk or asks the coordinator for
  help, and the update the report printed did not.

The page stays a fixed number of queries whatever the plan's size: goals with their
strategies, one row of facts per measure (values only, no model instances), the
report's snapshot, and — only for the strategies shown open — their measures. The counts
are kept under the plan's revision (measures.revisions): a repeat view between two
changes reads the revision instead of the facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from measures import revisions
from measures.models import CouncilReport, Measure, MeasureStatus, StatusUpdate
from measures.status import ACTIVE_STATUSES, Rollup, color
from plans.models import Goal, Plan, Strategy

# Plans up to this size show every measure on the plan page; bigger ones show the
# strategies collapsed, each opened on request (the whole plan is one link away).
INLINE_MEASURES_LIMIT = 150


@dataclass
class Change:
    """What changed in a group of measures since the last published report."""

    new: int = 0
    completed: int = 0
    delayed: int = 0
    at_risk: int = 0

    def add(self, other: Change) -> None:
        self.new += other.new
        self.completed += other.completed
        self.delayed += other.delayed
        self.at_risk += other.at_risk

    @property
    def any(self) -> bool:
        return bool(self.new or self.completed or self.delayed or self.at_risk)


@dataclass
class Segment:
    """One status's part of the drawn bar: x and width in percent of the bar."""

    status: str
    label: str
    count: int
    x: float
    width: float
    color: str


@dataclass
class Card:
    """A goal's, a strategy's or the whole plan's line on the scorecard."""

    rollup: Rollup
    change: Change | None  # None when the plan has no published report

    @property
    def segments(self) -> list[Segment]:
        total = self.rollup.count
        segments, x = [], 0.0
        for value, label, count in self.rollup.status_counts:
            width = round(100 * count / total, 2)
            segments.append(Segment(value, str(label), count, round(x, 2), width, color(value)))
            x += width
        return segments


@dataclass
class Board:
    """The plan page's data: goals → strategies, each with a `card`; the plan's card; the
    report compared with; and which strategies show their measures."""

    plan: Plan
    goals: list[Goal]
    card: Card
    report: CouncilReport | None
    show_all: bool
    expanded: set[int] = field(default_factory=set)

    @property
    def collapsed(self) -> bool:
        return not self.show_all


@dataclass(frozen=True)
class _Facts:
    """What the scorecard needs of one measure."""

    pk: int
    strategy_id: int
    status: str
    progress: int
    planned_end: dt.date | None
    at_risk: bool


def latest_published_report(plan: Plan) -> CouncilReport | None:
    """The plan's newest published council report (without its snapshot): what the
    politicians last saw."""
    return (
        CouncilReport.objects.filter(plan=plan, published_at__isnull=False)
        .order_by("-as_of", "-published_at", "-pk")
        .defer("snapshot")
        .first()
    )


def _report_states(report: CouncilReport) -> dict[int, tuple[str, bool, bool]]:
    """Per measure id: (status, delayed, at risk) as the report printed them.

    A report's snapshot is frozen, so this digest of it never changes: it is computed
    once per process and kept in the cache (decoding the snapshot of 2,000 measures
    costs more than the rest of the page's data). The key names the report's row and
    when it was requested and published.
    """
    stamps = f"{report.requested_at.timestamp()}:{report.published_at.timestamp()}"
    key = f"scorecard:{report.pk}:{stamps}"
    states = cache.get(key)
    if states is None:
        snapshot = (
            CouncilReport.objects.filter(pk=report.pk).values_list("snapshot", flat=True).first()
        )
        states = {
            row["id"]: _snapshot_row_state(row, report.as_of)
            for row in (snapshot or {}).get("measures", [])
            if "id" in row
        }
        cache.set(key, states, timeout=None)
    return states


def _measure_facts(plan: Plan) -> list[_Facts]:
    newest = StatusUpdate.objects.filter(measure=OuterRef("pk")).order_by("-submitted_at", "-pk")
    risk_flag = ExpressionWrapper(Q(needs_help=True) | ~Q(risks=""), output_field=BooleanField())
    rows = (
        Measure.objects.filter(plan=plan)
        .annotate(latest_at_risk=Subquery(newest.annotate(flag=risk_flag).values("flag")[:1]))
        .order_by()
        .values_list("pk", "strategy_id", "status", "progress", "planned_end", "latest_at_risk")
    )
    return [_Facts(*row[:5], bool(row[5])) for row in rows]


def is_delayed(*, status: str, planned_end: dt.date | None, day: dt.date) -> bool:
    """Behind schedule on `day`: postponed, or active with the planned end passed."""
    if status == MeasureStatus.POSTPONED:
        return True
    return status in ACTIVE_STATUSES and planned_end is not None and planned_end < day


def _snapshot_row_state(row: dict, as_of: dt.date) -> tuple[str, bool, bool]:
    """(status, delayed, at risk) of one measure as the report printed it."""
    planned_end = dt.date.fromisoformat(row["planned_end"]) if row.get("planned_end") else None
    update = row.get("update") or {}
    return (
        row.get("status", ""),
        is_delayed(status=row.get("status", ""), planned_end=planned_end, day=as_of),
        bool((update.get("risks") or "").strip() or update.get("needs_help")),
    )


def _changes(
    facts: list[_Facts], report: CouncilReport | None, today: dt.date
) -> dict[int, Change] | None:
    """Per measure id, what changed since `report` (None without a report)."""
    if report is None:
        return None
    before = _report_states(report)
    changes = {}
    for f in facts:
        old = before.get(f.pk)
        delayed = is_delayed(status=f.status, planned_end=f.planned_end, day=today)
        change = Change()
        if old is None:
            change.new = 1
            change.completed = int(f.status == MeasureStatus.COMPLETED)
            change.delayed = int(delayed)
            change.at_risk = int(f.at_risk)
        else:
            old_status, old_delayed, old_at_risk = old
            change.completed = int(
                f.status == MeasureStatus.COMPLETED and old_status != MeasureStatus.COMPLETED
            )
            change.delayed = int(delayed and not old_delayed)
            change.at_risk = int(f.at_risk and not old_at_risk)
        changes[f.pk] = change
    return changes


def _card(facts: list[_Facts], change: Change | None) -> Card:
    return Card(Rollup.of_pairs((f.status, f.progress) for f in facts), change)


def _sum_changes(facts: list[_Facts], changes: dict[int, Change] | None) -> Change | None:
    """The change of a group of measures; None without a report to compare with."""
    if changes is None:
        return None
    total = Change()
    for f in facts:
        total.add(changes[f.pk])
    return total


def _sum_cards(cards: list[Card], *, compared: bool) -> Change | None:
    """The change of a group of groups (a goal's strategies, the plan's goals)."""
    if not compared:
        return None
    total = Change()
    for card in cards:
        total.add(card.change)
    return total


@dataclass
class _Cards:
    """The scorecard's counts, kept under the plan's revision (measures.revisions)."""

    by_strategy: dict[int, Card]
    by_goal: dict[int, Card]
    plan: Card
    measures: int


def _count_cards(
    plan: Plan, goals: list[Goal], report: CouncilReport | None, today: dt.date
) -> _Cards:
    facts = _measure_facts(plan)
    changes = _changes(facts, report, today)
    by_strategy: dict[int, list[_Facts]] = {}
    for f in facts:
        by_strategy.setdefault(f.strategy_id, []).append(f)
    compared = changes is not None
    strategy_cards: dict[int, Card] = {}
    goal_cards: dict[int, Card] = {}
    for goal in goals:
        goal_facts = []
        for strategy in goal.strategies.all():
            strategy_facts = by_strategy.get(strategy.pk, [])
            strategy_cards[strategy.pk] = _card(
                strategy_facts, _sum_changes(strategy_facts, changes)
            )
            goal_facts += strategy_facts
        goal_cards[goal.pk] = _card(
            goal_facts,
            _sum_cards([strategy_cards[s.pk] for s in goal.strategies.all()], compared=compared),
        )
    plan_card = _card(facts, _sum_cards(list(goal_cards.values()), compared=compared))
    return _Cards(strategy_cards, goal_cards, plan_card, len(facts))


def _cards(
    plan: Plan,
    goals: list[Goal],
    strategy_ids: set[int],
    report: CouncilReport | None,
    today: dt.date,
) -> _Cards:
    """The counts kept under the plan's revision, the day and the report compared with
    (counted afresh if the plan's goals and strategies are not the ones counted: never
    after a saved change, which gives a new revision)."""
    compared_with = (report.pk, report.published_at.isoformat()) if report else ()
    cards = revisions.counted(
        plan.pk,
        "scorecard",
        lambda: _count_cards(plan, goals, report, today),
        today=today,
        depends_on=compared_with,
    )
    if strategy_ids != set(cards.by_strategy) or {g.pk for g in goals} != set(cards.by_goal):
        cards = _count_cards(plan, goals, report, today)
    return cards


def plan_board(
    plan: Plan,
    *,
    expand: Iterable[int] = (),
    show_all: bool | None = None,
    today: dt.date | None = None,
) -> Board:
    """The plan's goals and strategies with their cards. Measures (with department and
    owner) are attached as `strategy.measure_rows` for the strategies shown open: all of
    them when the plan is small or `show_all`, else those in `expand`; the others get
    `measure_rows = None`."""
    today = today or timezone.localdate()
    goals = list(
        plan.goals.prefetch_related(
            Prefetch("strategies", queryset=Strategy.objects.order_by("number"))
        ).order_by("number")
    )
    strategy_ids = {s.pk for goal in goals for s in goal.strategies.all()}
    report = latest_published_report(plan)
    cards = _cards(plan, goals, strategy_ids, report, today)
    if show_all is None:
        show_all = cards.measures <= INLINE_MEASURES_LIMIT
    expanded = strategy_ids if show_all else set(expand) & strategy_ids
    rows_by_strategy: dict[int, list[Measure]] = {pk: [] for pk in expanded}
    if expanded:
        for measure in (
            Measure.objects.filter(plan=plan, strategy_id__in=expanded)
            .select_related("responsible_department", "responsible_person")
            .order_by("number", "pk")
        ):
            rows_by_strategy[measure.strategy_id].append(measure)

    for goal in goals:
        for strategy in goal.strategies.all():
            strategy.goal = goal  # for strategy.code without a query
            strategy.card = cards.by_strategy[strategy.pk]
            strategy.rollup = strategy.card.rollup
            strategy.measure_rows = rows_by_strategy.get(strategy.pk)
        goal.card = cards.by_goal[goal.pk]
        goal.rollup = goal.card.rollup
    return Board(
        plan=plan,
        goals=goals,
        card=cards.plan,
        report=report,
        show_all=show_all,
        expanded=expanded,
    )
