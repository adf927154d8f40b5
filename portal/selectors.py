"""Reads for the front page and the plan list, filtered for the user who asks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count

from analyses.selectors import indicators_for_plan
from bodobolig import permissions
from hearings.models import Hearing
from measures.followup.selectors import Owed, owed_items, owed_rows
from measures.models import CouncilReport, Measure
from measures.register.scorecard import Card
from measures.reports.selectors import council_reports_visible_to
from measures.status import Rollup
from plans.models import Plan
from plans.selectors import current_plan, plans_visible_to

HEADLINE_FIGURES = 3
DEADLINES_SHOWN = 5


@dataclass
class PlanCard:
    plan: Plan
    card: Card  # counts by status and progress; no "since last report" here
    is_current: bool


def plan_cards(user) -> list[PlanCard]:
    """The plans the user may read, the current one first, then newest first; each with the
    roll-up of its measures (counts by status, progress). Three queries."""
    plans = list(
        plans_visible_to(user)
        .select_related("predecessor")
        .annotate(goal_count=Count("goals", distinct=True))
        .order_by("-period_start", "title")
    )
    current = current_plan(user)
    # Counted by the database: a few hundred (status, progress) groups rather than a row
    # per measure (20,000 rows made the list 2.8 times slower than at 2,000).
    groups: dict[int, list[tuple[str, int, int]]] = {plan.pk: [] for plan in plans}
    for plan_id, status, progress, n in (
        Measure.objects.filter(plan__in=[p.pk for p in plans])
        .order_by()
        .values_list("plan_id", "status", "progress")
        .annotate(n=Count("pk"))
    ):
        groups[plan_id].append((status, progress, n))
    cards = [
        PlanCard(
            plan,
            Card(Rollup.of_counted(groups[plan.pk]), None),
            current is not None and plan.pk == current.pk,
        )
        for plan in plans
    ]
    cards.sort(key=lambda card: not card.is_current)  # stable: the rest stay newest first
    return cards


def latest_published_report(user) -> CouncilReport | None:
    """The newest council report the user may read that has been published."""
    return (
        council_reports_visible_to(user)
        .filter(published_at__isnull=False)
        .defer("snapshot")
        .order_by("-published_at", "-pk")
        .first()
    )


def headline_figures(plan: Plan | None) -> list[dict]:
    """A few key indicators of the plan with their latest value (the key-figures page has
    all of them)."""
    if plan is None:
        return []
    figures = []
    for indicator in indicators_for_plan(plan):
        values = [v for v in indicator["values"] if v["value"] is not None]
        if indicator["is_key"] and values:
            figures.append({**indicator, "latest": values[-1]})
    return figures[:HEADLINE_FIGURES]


def open_hearing(user) -> Hearing | None:
    """The open hearing of a plan the user may read, the one closing first."""
    return (
        Hearing.objects.filter(status=Hearing.Status.OPEN, plan__in=plans_visible_to(user))
        .select_related("plan")
        .order_by("ends_on", "pk")
        .first()
    )


def next_deadlines(user, today: dt.date) -> list[Owed]:
    """What the user owes next (implementation plans, status updates), soonest first; only
    for those who follow up measures."""
    if not permissions.is_staff_member(user):
        return []
    return owed_items(owed_rows(user)[:DEADLINES_SHOWN], today)
