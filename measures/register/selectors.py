"""Reads of the measure register: what a user may see, the plan's tree with roll-ups,
one measure for its page, and the measure's timeline."""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import reduce
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Exists,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)

from bodobolig import permissions
from bodobolig.audit import changes_for_display, describe
from bodobolig.models import AuditEntry
from measures.models import FundingRequest, Measure, StatusUpdate
from measures.status import Rollup
from plans.models import Goal, Plan, Strategy
from plans.selectors import plans_visible_to


def measures_visible_to(user) -> QuerySet[Measure]:
    plans = plans_visible_to(user)
    if not plans.query.has_filters():
        # Every plan (the staff): every measure has one, so no subquery to compile and run.
        return Measure.objects.all()
    return Measure.objects.filter(plan__in=plans)


def public_measure_list(user) -> QuerySet[Measure]:
    """The measures of the plans the user may read, with what the public list shows."""
    return measures_visible_to(user).select_related(
        "plan", "strategy__goal", "responsible_department", "responsible_person"
    )


def plan_tree(plan: Plan) -> list[Goal]:
    """The plan's goals → strategies → measures, each goal and strategy with a `rollup`.

    Three queries whatever the plan's size: goals, strategies, measures with owners.
    """
    measures = Measure.objects.select_related(
        "responsible_department", "responsible_person"
    ).order_by("number")
    strategies = Strategy.objects.prefetch_related(
        Prefetch("measures", queryset=measures)
    ).order_by("number")
    goals = list(
        plan.goals.prefetch_related(Prefetch("strategies", queryset=strategies)).order_by("number")
    )
    for goal in goals:
        goal_measures = []
        for strategy in goal.strategies.all():
            strategy_measures = list(strategy.measures.all())
            strategy.rollup = Rollup.of(strategy_measures)
            goal_measures.extend(strategy_measures)
        goal.rollup = Rollup.of(goal_measures)
    return goals


def plan_rollup(goals: list[Goal]) -> Rollup:
    return Rollup.of(
        [m for goal in goals for strategy in goal.strategies.all() for m in strategy.measures.all()]
    )


@dataclass
class FundingYear:
    year: int
    requested: Decimal = Decimal(0)
    granted: Decimal = Decimal(0)
    case_numbers: list[str] = field(default_factory=list)


def funding_by_year(requests) -> list[FundingYear]:
    """Requested vs granted per year, with the decisions' case numbers."""
    years: dict[int, FundingYear] = {}
    for request in requests:
        row = years.setdefault(request.year, FundingYear(request.year))
        row.requested += request.amount
        row.granted += request.granted_amount or 0
        if request.decision_case_number and request.decision_case_number not in row.case_numbers:
            row.case_numbers.append(request.decision_case_number)
    return [years[year] for year in sorted(years)]


def plan_funding_by_year(plan: Plan) -> list[FundingYear]:
    """The plan page's table, summed by the database in two queries (per year, and the
    decisions' case numbers in the order they were first recorded): reading every request
    of a 2,000-measure plan as a row cost a sixth of the page."""
    requests = FundingRequest.objects.filter(measure__plan=plan)
    years = {
        row["year"]: FundingYear(
            row["year"],
            requested=row["requested"] or Decimal(0),
            granted=row["granted"] or Decimal(0),
        )
        for row in requests.values("year")
        .annotate(requested=Sum("amount"), granted=Sum("granted_amount"))
        .order_by("year")
    }
    cases = (
        requests.exclude(decision_case_number="")
        .values_list("year", "decision_case_number")
        .annotate(first=Min("pk"))
        .order_by("year", "first")
    )
    for year, case_number, _first in cases:
        years[year].case_numbers.append(case_number)
    return list(years.values())


def measure_for_page(user, pk: int) -> Measure:
    """One measure with what every page about it shows (its plan, strategy, owner,
    delegate, predecessor, implementation plan); 404 when the user may not see it. The
    measure page's lists of related rows come from `measure_lists`."""
    queryset = Measure.objects.select_related(
        "plan",
        "strategy__goal",
        "responsible_department",  # its parent_id is enough for the permission rule
        "responsible_person",
        "reporting_delegate",
        "carried_over_from__plan",
        "implementation_plan",  # the page links to it (a LEFT JOIN, no extra query)
    )
    return permissions.get_object_for_user(queryset, user, pk=pk)


@dataclass
class MeasureLists:
    """The measure page's lists of related rows."""

    legal_bases: list = field(default_factory=list)
    challenges: list = field(default_factory=list)
    contributing_departments: list = field(default_factory=list)
    # The plan's life: where it was carried on, its funding, the projects serving it.
    carried_over_to: list = field(default_factory=list)
    funding: list = field(default_factory=list)
    ongoing_projects: list = field(default_factory=list)
    hearing_points: list = field(default_factory=list)


# Reverse relations from the hearings (the register does not import that app).
HEARING_POINT_RELATIONS = (
    "hearing_points_added",
    "hearing_points_changed",
    "hearing_points_rejected",
)


def _has(relation: str) -> Exists:
    return Exists(Measure.objects.filter(pk=OuterRef("pk"), **{f"{relation}__isnull": False}))


def measure_lists(measure: Measure) -> MeasureLists:
    """The lists, each read only when it has rows: one query asks which have, then one
    query a list. Most measures have few of the seven, and a query per empty list was a
    third of the page's time."""
    readers = {
        "legal_bases": lambda: measure.legal_bases.all(),
        "challenges": lambda: measure.challenges.all(),
        "contributing_departments": lambda: measure.contributing_departments.all(),
        "carried_over_to": lambda: measure.carried_over_to.select_related("plan"),
        "funding": lambda: measure.funding.all(),
        "ongoing_projects": lambda: measure.ongoing_projects.select_related(
            "department", "contact"
        ),
        "hearing_points": lambda: hearing_points(measure),
    }
    # Each list's "has rows?" (an annotation may not take a relation's name); the hearing
    # points come by three relations.
    has_rows = {f"has_{name}": _has(name) for name in readers if name != "hearing_points"}
    has_rows["has_hearing_points"] = reduce(operator.or_, map(_has, HEARING_POINT_RELATIONS))
    present = Measure.objects.filter(pk=measure.pk).values(**has_rows).first() or {}
    return MeasureLists(
        **{name: list(read()) for name, read in readers.items() if present.get(f"has_{name}")}
    )


# --- The measure page's timeline ------------------------------------------------

# What politicians and the public see of the trail: the owner's status updates.
# Comments, drafts, plan feedback and the register's edits stay internal.
PUBLIC_ACTIONS = ("status_update.submitted", "status_update.corrected")


@dataclass
class TimelineEntry:
    when: dt.datetime
    kind: str  # the action's entity: status_update, implementation_plan, comment, measure, …
    title: str  # the plain sentence, naming who acted
    who: str = ""  # the actor's name as it was when they acted
    text: str = ""  # their words: the update's text, the feedback, the reason, the comment
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)
    action: str = ""
    obj: Any = None  # the status update, for the status tag, round and risks
    data: dict = field(default_factory=dict)


def measure_timeline(measure: Measure, *, internal: bool) -> list[TimelineEntry]:
    """The measure's audit trail, newest first, each entry worded with its actor.

    Only status updates for those who may not see internals. Two queries whatever
    the trail's length: the entries, and the status updates they are about.
    """
    entries = AuditEntry.objects.filter(measure=measure).order_by("-created_at", "-pk")
    if not internal:
        entries = entries.filter(action__in=PUBLIC_ACTIONS)
    entries = list(entries)
    update_type = ContentType.objects.get_for_model(StatusUpdate)  # cached after the first
    update_ids = {
        int(e.target_id) for e in entries if e.target_type_id == update_type.pk and e.target_id
    }
    updates = (
        StatusUpdate.objects.filter(pk__in=update_ids).select_related("reporting_round").in_bulk()
        if update_ids
        else {}
    )
    timeline = []
    shown_updates: set[int] = set()
    for entry in entries:
        is_update = entry.target_type_id == update_type.pk and entry.target_id
        update = updates.get(int(entry.target_id)) if is_update else None
        text = entry.text
        if not internal and update is not None:
            # The public reads each update once, as it stands now: a correction replaces
            # the words (it may have taken out what should never have been published).
            if update.pk in shown_updates:
                continue
            shown_updates.add(update.pk)
            text = update.text
        timeline.append(
            TimelineEntry(
                when=entry.created_at,
                kind=entry.action.split(".")[0],
                title=describe(entry),
                who=entry.actor_name,
                text=text,
                changes=changes_for_display(entry),
                action=entry.action,
                obj=update,
                data=entry.data,
            )
        )
    return timeline


def hearing_points(measure: Measure) -> list:
    """Hearing points that added, changed or rejected a change to the measure (one query).

    Read through the reverse relation's model: the register sits below hearings and
    does not import it. The measure page shows them as "endret etter høring".
    """
    points = measure.hearing_points_added.model.objects
    # Three key sets rather than a join of the three relations with DISTINCT, which
    # multiplied every point's rows before removing the copies.
    linked = (
        Q(pk__in=points.filter(measures_added=measure).values("pk"))
        | Q(pk__in=points.filter(measures_changed=measure).values("pk"))
        | Q(pk__in=points.filter(measures_rejected=measure).values("pk"))
    )
    return list(
        points.filter(linked)
        .exclude(response__hearing__status="planned")
        .select_related("response__hearing")
        .order_by("response__hearing__starts_on", "response_id", "number")
    )
