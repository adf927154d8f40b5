"""Reads of the measure register: what a user may see, the plan's tree with roll-ups,
one measure for its page, and the measure's timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from bodobolig import permissions
from bodobolig.people import display_name
from measures.models import (
    ImplementationPlan,
    ImplementationPlanVersion,
    Measure,
    MeasureStatus,
)
from measures.status import Rollup
from plans.models import Department, Goal, Plan, Strategy
from plans.selectors import plans_visible_to


def measures_visible_to(user) -> QuerySet[Measure]:
    return Measure.objects.filter(plan__in=plans_visible_to(user))


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


def measure_for_page(user, pk: int) -> Measure:
    """One measure with everything its page shows; 404 when the user may not see it."""
    queryset = Measure.objects.select_related(
        "plan",
        "strategy__goal",
        "responsible_department__parent",
        "responsible_person",
        "reporting_delegate",
        "carried_over_from__plan",
        "implementation_plan",  # the page links to it (a LEFT JOIN, no extra query)
    ).prefetch_related("legal_bases", "challenges", "contributing_departments")
    return permissions.get_object_for_user(queryset, user, pk=pk)


# --- The measure page's timeline ------------------------------------------------

# Measure columns whose changes the timeline shows, with their labels.
TIMELINE_FIELDS = {
    "responsible_department_id": _("Ansvarlig virksomhet"),
    "responsible_person_id": _("Hovedansvarlig"),
    "reporting_delegate_id": _("Rapporterer (delegert)"),
    "status": _("Status"),
    "planned_start": _("Planlagt start"),
    "planned_end": _("Planlagt slutt"),
    "code": _("Kode"),
    "title": _("Tittel"),
}


@dataclass
class TimelineEntry:
    when: dt.datetime
    kind: str  # status_update, implementation_plan, version, comment, change, created
    title: str
    who: Any = None
    text: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    obj: Any = None


def _display(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def measure_history_entries(measure: Measure) -> list[TimelineEntry]:
    """Changes of owner, status, dates and title, from consecutive history records.

    Three queries: the records with their users, then the names of the departments
    and people they mention.
    """
    records = list(
        measure.history.select_related("history_user").order_by("history_date", "history_id")
    )
    department_ids = {r.responsible_department_id for r in records}
    user_ids = {r.responsible_person_id for r in records} | {
        r.reporting_delegate_id for r in records if r.reporting_delegate_id
    }
    departments = (
        dict(Department.objects.filter(pk__in=department_ids).values_list("pk", "name"))
        if len(records) > 1
        else {}
    )
    people = (
        {u.pk: display_name(u) for u in get_user_model().objects.filter(pk__in=user_ids)}
        if len(records) > 1
        else {}
    )
    statuses = dict(MeasureStatus.choices)
    names = {
        "responsible_department_id": departments,
        "responsible_person_id": people,
        "reporting_delegate_id": people,
        "status": statuses,
    }
    entries = []
    for previous, record in zip([None, *records], records, strict=False):
        if previous is None:
            if record.history_type != "+":
                continue  # history starts after the row was created (bulk loads)
            entries.append(
                TimelineEntry(
                    when=record.history_date,
                    kind="created",
                    title=_("Tiltaket ble opprettet"),
                    who=record.history_user,
                )
            )
            continue
        changes = []
        for name, label in TIMELINE_FIELDS.items():
            old, new = getattr(previous, name), getattr(record, name)
            if old != new:
                lookup = names.get(name, {})
                changes.append(
                    (str(label), _display(lookup.get(old, old)), _display(lookup.get(new, new)))
                )
        if changes:
            entries.append(
                TimelineEntry(
                    when=record.history_date,
                    kind="change",
                    title=_("Endret"),
                    who=record.history_user,
                    text=record.history_change_reason or "",
                    changes=changes,
                )
            )
    return entries


def measure_timeline(measure: Measure, *, internal: bool) -> list[TimelineEntry]:
    """Status updates for everyone; for those who may see internals also the
    implementation plan and its versions, comments and the change history. Newest first.
    A fixed number of queries whatever the size of the plan."""
    entries = [
        TimelineEntry(
            when=update.submitted_at,
            kind="status_update",
            title=_("Statusrapport"),
            who=update.submitted_by,
            text=update.text,
            obj=update,
        )
        for update in measure.status_updates.select_related("submitted_by", "reporting_round")
    ]
    if internal:
        plan = (
            ImplementationPlan.objects.filter(measure=measure).select_related("ordered_by").first()
        )
        if plan is not None:
            entries.append(
                TimelineEntry(
                    when=plan.ordered_at,
                    kind="implementation_plan",
                    title=_("Gjennomføringsplan bestilt, frist %(date)s")
                    % {"date": plan.due_date.strftime("%d.%m.%Y")},
                    who=plan.ordered_by,
                    text=plan.order_message,
                    obj=plan,
                )
            )
        versions = ImplementationPlanVersion.objects.filter(
            implementation_plan__measure=measure
        ).select_related("submitted_by")
        entries += [
            TimelineEntry(
                when=version.submitted_at,
                kind="version",
                title=_("Gjennomføringsplan versjon %(n)s levert (%(outcome)s)")
                % {"n": version.number, "outcome": version.get_outcome_display()},
                who=version.submitted_by,
                text=version.feedback,
                obj=version,
            )
            for version in versions
        ]
        entries += [
            TimelineEntry(
                when=comment.created_at,
                kind="comment",
                title=_("Kommentar"),
                who=comment.author,
                text=comment.text,
                obj=comment,
            )
            for comment in measure.comments.select_related("author")
        ]
        entries += measure_history_entries(measure)
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
