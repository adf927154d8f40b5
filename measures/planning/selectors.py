"""Reads for the plan's life on the measure side: the carry-over's candidates, funding
requested vs granted per year, work plans a user may read and the "Hvem gjør hva" rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from bodobolig import permissions
from bodobolig.people import display_name_of
from measures.models import Measure, MeasureStatus, OngoingProject, WorkPlanItem
from plans.models import Plan, Strategy, WorkPlan
from plans.selectors import plans_visible_to


def carry_over_candidates(source: Plan) -> list[Measure]:
    """Every measure of the source plan, with what the preview shows; one query."""
    return list(
        Measure.objects.filter(plan=source)
        .select_related("strategy__goal", "responsible_department", "responsible_person")
        .order_by("strategy__goal__number", "strategy__number", "number")
    )


def source_strategies(source: Plan) -> list[Strategy]:
    return list(
        Strategy.objects.filter(goal__plan=source)
        .select_related("goal")
        .order_by("goal__number", "number")
    )


def successor_candidates(source: Plan) -> QuerySet[Plan]:
    """Plans that can receive the source's measures: not completed, not the source, and
    continuing no other plan."""
    return (
        Plan.objects.exclude(pk=source.pk)
        .exclude(status=Plan.Status.COMPLETED)
        .filter(Q(predecessor__isnull=True) | Q(predecessor=source))
        .order_by("-period_start", "title")
    )


def work_plans_readable_by(user) -> QuerySet[WorkPlan]:
    """Staff read every work plan; politicians the published ones; others none (of the
    plans the user may read at all)."""
    if permissions.is_staff_member(user):
        return WorkPlan.objects.filter(plan__in=plans_visible_to(user))
    if permissions.is_politician(user):
        return WorkPlan.objects.filter(plan__in=plans_visible_to(user), published_at__isnull=False)
    return WorkPlan.objects.none()


def work_plans_visible_to(user, plan: Plan) -> QuerySet[WorkPlan]:
    return work_plans_readable_by(user).filter(plan=plan).order_by("-year")


def work_plan_items(work_plan: WorkPlan) -> QuerySet[WorkPlanItem]:
    return work_plan.items.select_related(
        "measure__responsible_department", "responsible"
    ).order_by("measure__strategy__goal__number", "measure__strategy__number", "measure__number")


def ongoing_projects() -> QuerySet[OngoingProject]:
    return OngoingProject.objects.select_related("department", "contact").prefetch_related(
        Prefetch("measures", queryset=Measure.objects.only("pk", "code", "title", "plan_id"))
    )


@dataclass
class WhoDoesWhatRow:
    code: str
    title: str
    department: str
    owner: str
    contributing: list[str]
    partners: list[str]
    status: str


def who_does_what(plan: Plan) -> list[WhoDoesWhatRow]:
    """The annex "Hvem gjør hva": each measure with its owner department, owner,
    contributing departments and external partners. Two queries reading plain values:
    a 2,000-measure plan is read on every request for its PDF (the rows are its key)."""
    measures = list(
        Measure.objects.filter(plan=plan)
        .order_by("strategy__goal__number", "strategy__number", "number")
        .values_list(
            "pk",
            "code",
            "title",
            "status",
            "responsible_department__name",
            "responsible_person__username",
            "responsible_person__first_name",
            "responsible_person__last_name",
        )
    )
    others: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for measure_id, name, is_external in (
        Measure.contributing_departments.through.objects.filter(measure__plan=plan)
        .order_by("department__name")
        .values_list("measure_id", "department__name", "department__is_external")
    ):
        others[measure_id].append((name, is_external))
    status_labels = dict(MeasureStatus.choices)
    rows = []
    for pk, code, title, status, department, username, first_name, last_name in measures:
        rows.append(
            WhoDoesWhatRow(
                code=code,
                title=title,
                department=department,
                owner=display_name_of(first_name, last_name, username),
                contributing=[name for name, external in others[pk] if not external],
                partners=[name for name, external in others[pk] if external],
                status=str(status_labels.get(status, status)),
            )
        )
    return rows


def measures_owned_by(person) -> list[Measure]:
    return list(
        Measure.objects.filter(responsible_person=person)
        .select_related("plan", "responsible_department")
        .order_by("plan__period_start", "code")
    )


def owners_by_plan(measures) -> dict:
    grouped = defaultdict(list)
    for measure in measures:
        grouped[measure.plan].append(measure)
    return dict(grouped)
