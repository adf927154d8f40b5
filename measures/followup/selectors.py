"""Follow-up reads: the conditions the dashboard counts and the measure list filters by,
implementation plans, reporting rounds and "Mine tiltak".

The dashboard's numbers and the list behind each link come from the same
expressions, so a number and the length of its list always agree.
"""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, models
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bodobolig import permissions
from measures.models import (
    FundingRequest,
    ImplementationActivity,
    ImplementationPlan,
    ImplementationPlanVersion,
    Measure,
    ReportingRound,
    StatusUpdate,
    WorkPlanItem,
)
from measures.register.selectors import measures_visible_to
from measures.status import (
    FINISHED_STATUSES,
    implementation_plan_owed,
    implementation_plan_owed_q,
)
from plans.models import Plan
from plans.selectors import department_with_children_ids, plans_visible_to


class ImplementationPlanState(models.TextChoices):
    """The implementation-plan side of a measure, as the list filters it."""

    MISSING = "missing", gettext_lazy("Ikke bestilt")
    NOT_APPROVED = "not_approved", gettext_lazy("Ikke godkjent (alle)")
    ORDERED = "ordered", gettext_lazy("Bestilt")
    DRAFT = "draft", gettext_lazy("Under arbeid")
    SUBMITTED = "submitted", gettext_lazy("Levert")
    RETURNED = "returned", gettext_lazy("Sendt tilbake")
    APPROVED = "approved", gettext_lazy("Godkjent")


class Overdue(models.TextChoices):
    IMPLEMENTATION_PLAN = "implementation_plan", gettext_lazy("Gjennomføringsplan over frist")
    STATUS_UPDATE = "status_update", gettext_lazy("Statusoppdatering over frist")


def filter_implementation_plan_state(queryset: QuerySet[Measure], state: str) -> QuerySet:
    if state == ImplementationPlanState.MISSING:
        return queryset.filter(implementation_plan__isnull=True)
    if state == ImplementationPlanState.NOT_APPROVED:
        return queryset.exclude(implementation_plan__status=ImplementationPlan.Status.APPROVED)
    return queryset.filter(implementation_plan__status=state)


def implementation_plan_overdue_q(today: dt.date) -> Q:
    """On measures: the owner still owes the plan (`status.implementation_plan_owed`)
    and its due date has passed."""
    return implementation_plan_owed_q(plan="implementation_plan__") & Q(
        implementation_plan__due_date__lt=today
    )


def status_update_overdue(today: dt.date) -> Exists:
    """The measure is in an open reporting round past its due date and has not answered it."""
    membership = ReportingRound.measures.through.objects
    answered = StatusUpdate.objects.filter(
        measure_id=OuterRef("measure_id"), reporting_round_id=OuterRef("reportinground_id")
    )
    return Exists(
        membership.filter(
            measure_id=OuterRef("pk"),
            reportinground__status=ReportingRound.Status.OPEN,
            reportinground__due_date__lt=today,
        ).filter(~Exists(answered))
    )


def round_answered(round_id: int) -> Exists:
    return Exists(
        StatusUpdate.objects.filter(measure_id=OuterRef("pk"), reporting_round_id=round_id)
    )


def filter_round(queryset: QuerySet[Measure], round_id: int, answered: bool | None) -> QuerySet:
    queryset = queryset.filter(reporting_rounds=round_id)
    if answered is None:
        return queryset
    condition = round_answered(round_id)
    return queryset.filter(condition if answered else ~condition)


def measure_list(user) -> QuerySet[Measure]:
    """The measures the user may list, with the joins of the list and its exports, and
    `last_reported_at` derived from their status updates."""
    return (
        measures_visible_to(user)
        .select_related(
            "plan",
            "strategy__goal",
            "responsible_department",
            "responsible_person",
            "implementation_plan",
        )
        .with_last_reported()
    )


# One API measure row (`measure_api_rows`): the measure, its strategy and goal numbers, owner
# department and person, its implementation plan's state, and its newest status update
# (the same rule as `Measure.objects.with_last_reported()`: latest `submitted_at`, then
# highest id). Plain SQL, the same on SQLite and PostgreSQL; the tables and columns are
# the models' (`measures.models`, `plans.models`, `auth.User`).
_MEASURE_API_SQL = """
SELECT
    m.id, m.plan_id, m.strategy_id, s.number, s.goal_id, g.number,
    m.code, m.title, m.description,
    m.responsible_department_id, d.name,
    m.responsible_person_id, p.first_name, p.last_name, p.username,
    m.status, m.progress, m.planned_start, m.planned_end, m.cost_estimate,
    m.is_illustrative, m.created_at, m.version, m.updated_at,
    ip.id, ip.status, ip.due_date,
    u.id, u.status, u.progress, u.text, u.submitted_at
FROM measures_measure m
JOIN plans_strategy s ON s.id = m.strategy_id
JOIN plans_goal g ON g.id = s.goal_id
JOIN plans_department d ON d.id = m.responsible_department_id
JOIN auth_user p ON p.id = m.responsible_person_id
LEFT JOIN measures_implementationplan ip ON ip.measure_id = m.id
LEFT JOIN measures_statusupdate u ON u.id = (
    SELECT newest.id FROM measures_statusupdate newest
    WHERE newest.measure_id = m.id
    ORDER BY newest.submitted_at DESC, newest.id DESC
    LIMIT 1
)
WHERE m.id IN ({placeholders})
"""

# The names of the measure's part of a row, as the serializer reads them.
MEASURE_API_COLUMNS = (
    "id",
    "plan_id",
    "strategy_id",
    "strategy__number",
    "strategy__goal_id",
    "strategy__goal__number",
    "code",
    "title",
    "description",
    "responsible_department_id",
    "responsible_department__name",
    "responsible_person_id",
    "responsible_person__first_name",
    "responsible_person__last_name",
    "responsible_person__username",
    "status",
    "progress",
    "planned_start",
    "planned_end",
    "cost_estimate",
    "is_illustrative",
    "created_at",
    "version",
    "updated_at",
    "implementation_plan__id",
    "implementation_plan__status",
    "implementation_plan__due_date",
)
MeasureApiRow = namedtuple("MeasureApiRow", MEASURE_API_COLUMNS)
_UPDATE_KEYS = ("id", "status", "progress", "text", "submitted_at")

_CREATED_AT = MEASURE_API_COLUMNS.index("created_at")
_UPDATED_AT = MEASURE_API_COLUMNS.index("updated_at")
_COST = MEASURE_API_COLUMNS.index("cost_estimate")
_COST_QUANTUM = Decimal(1).scaleb(-Measure._meta.get_field("cost_estimate").decimal_places)


def _aware(value: dt.datetime | None, zone) -> dt.datetime | None:
    """What the ORM makes of a datetime column: SQLite hands back naive values in the
    connection's time zone (UTC), PostgreSQL aware ones."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=zone)


def measure_api_rows(ids: list[int]) -> list[tuple]:
    """The API's rows of these measures (already filtered for the reader), in the order of
    `ids`: pairs of a `MeasureApiRow` and the measure's newest status update (a dict, or
    None).

    One query whatever the count, with no ORM in between: model instances cost most of a
    100-row page, and compiling the equivalent queryset and converting its columns one by
    one cost more than the query itself (benchmarks/api.py). The conversions the ORM would
    make are done here: aware datetimes, the cost rounded as the field stores it (SQLite
    returns dates and booleans already converted; PostgreSQL everything)."""
    if not ids:
        return []
    width = len(MEASURE_API_COLUMNS)
    zone = connection.timezone
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(_MEASURE_API_SQL.format(placeholders=", ".join(["%s"] * len(ids))), ids)
        for values in cursor.fetchall():
            measure = list(values[:width])
            measure[_CREATED_AT] = _aware(measure[_CREATED_AT], zone)
            measure[_UPDATED_AT] = _aware(measure[_UPDATED_AT], zone)
            if measure[_COST] is not None:
                measure[_COST] = Decimal(measure[_COST]).quantize(_COST_QUANTUM)
            update = None
            if values[width] is not None:
                update = dict(zip(_UPDATE_KEYS, values[width:], strict=True))
                update["submitted_at"] = _aware(update["submitted_at"], zone)
            found[measure[0]] = (MeasureApiRow._make(measure), update)
    return [found[pk] for pk in ids]


def implementation_plan_for_page(
    user, measure_pk: int, action: permissions.Action = permissions.Action.VIEW
) -> ImplementationPlan:
    """The measure's implementation plan with activities, funding and versions.

    404 when there is none or the user may not see it (drafts and returned plans
    are internal); 403 when they may see it but not do `action`.
    """

    queryset = ImplementationPlan.objects.select_related(
        "measure__plan",
        "measure__strategy__goal",
        "measure__responsible_department__parent",
        "measure__responsible_person",
        "measure__reporting_delegate",
        "ordered_by",
        "approved_by",
    ).prefetch_related(
        "activities__responsible",
        "funding",
        Prefetch(
            "versions",
            queryset=ImplementationPlanVersion.objects.select_related("submitted_by").order_by(
                "-number"
            ),
        ),
    )
    return permissions.get_object_for_user(queryset, user, action, measure_id=measure_pk)


def _count(queryset) -> Subquery:
    """COUNT(*) of a correlated queryset, as a subquery column (0 when empty)."""
    return Coalesce(
        Subquery(
            queryset.order_by().values(group=Value(1)).annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def reporting_rounds_with_counts(user) -> QuerySet:
    """Rounds in the plans the user may see, each with `measure_count` and `answered_count`.

    Each count is its own subquery: two `Count(..., distinct=True)` over two joins
    would multiply the rows (measures × updates) before counting.
    """
    membership = ReportingRound.measures.through.objects.filter(reportinground_id=OuterRef("pk"))
    answers = StatusUpdate.objects.filter(reporting_round_id=OuterRef("pk"))
    return (
        ReportingRound.objects.filter(plan__in=plans_visible_to(user))
        .select_related("plan")
        .annotate(
            measure_count=_count(membership),
            answered_count=_count(answers),
        )
        .order_by("status", "-due_date", "-pk")
    )


def open_rounds_of(plan: Plan) -> list[ReportingRound]:
    """The plan's open reporting rounds, earliest due date first."""
    return list(
        plan.reporting_rounds.filter(status=ReportingRound.Status.OPEN).order_by("due_date", "pk")
    )


def open_rounds_warning(open_rounds: list[ReportingRound]) -> str:
    """Names every open round: "«Årsrapportering 2026» er allerede åpen (frist 01.12.2026)."."""
    if len(open_rounds) == 1:
        [open_round] = open_rounds
        return _("«%(name)s» er allerede åpen (frist %(due)s).") % {
            "name": open_round.name,
            "due": f"{open_round.due_date:%d.%m.%Y}",
        }
    return _("Disse rundene er allerede åpne: %(rounds)s.") % {
        "rounds": ", ".join(
            _("«%(name)s» (frist %(due)s)") % {"name": r.name, "due": f"{r.due_date:%d.%m.%Y}"}
            for r in open_rounds
        )
    }


def reporting_round_counts(reporting_round) -> tuple[int, int]:
    """(measures in the round, measures that have answered it): one query."""
    counts = reporting_round.measures.order_by().aggregate(
        total=Count("pk"), answered=Count("pk", filter=round_answered(reporting_round.pk))
    )
    return counts["total"], counts["answered"]


def round_missing_measures(reporting_round) -> QuerySet[Measure]:
    """The round's measures that have not answered it, by code, with their owners."""
    return (
        reporting_round.measures.filter(~round_answered(reporting_round.pk))
        .select_related(
            "plan", "responsible_department__parent", "responsible_person", "reporting_delegate"
        )
        .order_by("code")
    )


def round_answers(reporting_round) -> QuerySet[StatusUpdate]:
    """The round's status updates, by the measure's code, with the measure and who sent it."""
    return (
        StatusUpdate.objects.filter(reporting_round=reporting_round)
        .select_related("measure", "submitted_by")
        .order_by("measure__code", "pk")
    )


@dataclass
class Owed:
    """One thing a lead owes: an implementation plan or a status update, and by when."""

    kind: str  # "implementation_plan" or "status_update"
    measure: Measure
    due_date: object
    label: str
    url: str
    overdue: bool


def my_measures(user) -> list[Measure]:
    """Measures the user owns, reports on, or their departments (with units below) own."""
    department_ids = department_with_children_ids(permissions._department_ids_of(user))
    open_rounds = ReportingRound.objects.filter(status=ReportingRound.Status.OPEN).order_by(
        "due_date"
    )
    return list(
        Measure.objects.filter(
            Q(responsible_person=user)
            | Q(reporting_delegate=user)
            | Q(responsible_department__in=department_ids)
        )
        .exclude(plan__status="completed")
        .select_related(
            "plan",
            "implementation_plan",
            "responsible_department__parent",
            "responsible_person",
            "reporting_delegate",
        )
        .prefetch_related(
            Prefetch("reporting_rounds", queryset=open_rounds, to_attr="open_rounds"),
        )
        .distinct()
        .order_by("plan__period_start", "code")
    )


def owed_by(measures: list[Measure], today) -> list[Owed]:
    """What the measures still owe: open implementation plans, missing round answers, and
    status updates the coordinator reopened for correction. One query."""
    round_ids = {r.pk for m in measures for r in m.open_rounds}
    updates = StatusUpdate.objects.filter(
        Q(reporting_round_id__in=round_ids) | Q(reopened_at__isnull=False),
        measure__in=[m.pk for m in measures],
    ).select_related("reporting_round")
    answered = set()
    reopened = {}
    for update in updates:
        answered.add((update.measure_id, update.reporting_round_id))
        if update.reopened_at is not None:
            reopened.setdefault(update.measure_id, []).append(update)
    owed = []
    for measure in measures:
        for update in reopened.get(measure.pk, []):
            round_ = update.reporting_round
            owed.append(
                Owed(
                    "status_update",
                    measure,
                    timezone.localdate(update.reopened_at),
                    _("Statusoppdatering åpnet for retting: %(round)s")
                    % {"round": round_.name if round_ else measure.code},
                    reverse(
                        "measures:status_update",
                        kwargs={"round_pk": update.reporting_round_id, "pk": measure.pk},
                    )
                    if round_
                    else measure.get_absolute_url(),
                    False,
                )
            )
        try:
            ip = measure.implementation_plan
        except ImplementationPlan.DoesNotExist:
            ip = None
        if ip is not None and implementation_plan_owed(
            plan_status=ip.status, measure_status=measure.status
        ):
            owed.append(
                Owed(
                    "implementation_plan",
                    measure,
                    ip.due_date,
                    _("Gjennomføringsplan (%(status)s)") % {"status": ip.get_status_display()},
                    reverse("measures:implementation_plan", kwargs={"pk": measure.pk}),
                    ip.due_date < today,
                )
            )
        for round_ in measure.open_rounds:
            if (measure.pk, round_.pk) in answered:
                continue
            owed.append(
                Owed(
                    "status_update",
                    measure,
                    round_.due_date,
                    _("Statusoppdatering: %(round)s") % {"round": round_.name},
                    reverse(
                        "measures:status_update",
                        kwargs={"round_pk": round_.pk, "pk": measure.pk},
                    ),
                    round_.due_date < today,
                )
            )
    owed.sort(key=lambda o: (o.due_date, o.measure.code))
    return owed


def previous_status_update(
    measure: Measure, reporting_round: ReportingRound
) -> StatusUpdate | None:
    """The measure's newest status update outside this round: what the owner wrote last."""
    return (
        StatusUpdate.objects.filter(measure=measure)
        .exclude(reporting_round=reporting_round)
        .select_related("reporting_round", "submitted_by")
        .order_by("-submitted_at")
        .first()
    )


def approved_activities(measure: Measure) -> list:
    """The activities of the measure's approved implementation plan (empty without one)."""
    return list(
        ImplementationActivity.objects.filter(
            implementation_plan__measure=measure,
            implementation_plan__status=ImplementationPlan.Status.APPROVED,
        )
        .select_related("responsible")
        .order_by("position", "id")
    )


def unconfirmed_measures(plan) -> QuerySet[Measure]:
    """Unfinished measures of the plan whose owner has not accepted the responsibility."""
    return (
        Measure.objects.filter(plan=plan, owner_confirmed_at__isnull=True)
        .exclude(status__in=FINISHED_STATUSES)
        .select_related("responsible_person", "responsible_department")
        .order_by("code")
    )


def measures_to_confirm(user) -> QuerySet[Measure]:
    """The user's own measures still waiting for their confirmation."""
    return (
        Measure.objects.filter(responsible_person=user, owner_confirmed_at__isnull=True)
        .exclude(plan__status="completed")
        .select_related("plan")
        .order_by("plan__period_start", "code")
    )


def my_work_plan_items(user, year: int) -> QuerySet[WorkPlanItem]:
    """The year's work plan lines the user is responsible for or whose measure they own."""
    return (
        WorkPlanItem.objects.filter(work_plan__year=year)
        .filter(Q(responsible=user) | Q(measure__responsible_person=user))
        .exclude(work_plan__plan__status="completed")
        .select_related("work_plan__plan", "measure")
        .order_by("work_plan__plan__period_start", "measure__code")
    )


# --- What the API lists: the same rules as the pages, as querysets ----------------------


def owner_side_q(user, prefix: str = "") -> Q:
    """Measures on the user's side (`permissions.is_measure_owner_side` as a condition, with
    every unit below the user's departments): named owner, delegate, or their departments.
    `prefix` is the lookup path to the measure ("measure__" from its implementation plan)."""
    if permissions.role_of(user) not in {
        permissions.Role.LEAD,
        permissions.Role.COORDINATOR,
        permissions.Role.ADMIN,
    }:
        return Q(pk__in=[])
    department_ids = department_with_children_ids(permissions._department_ids_of(user))
    return (
        Q(**{f"{prefix}responsible_person": user})
        | Q(**{f"{prefix}reporting_delegate": user})
        | Q(**{f"{prefix}responsible_department__in": department_ids})
    )


def implementation_plans_visible_to(user) -> QuerySet[ImplementationPlan]:
    """`permissions.can_view_implementation_plan` for a list: approved plans for whoever sees
    the measure; the others for the coordinator and the measure's owner side."""
    plans = ImplementationPlan.objects.filter(measure__plan__in=plans_visible_to(user))
    if permissions.is_coordinator(user):
        return plans
    return plans.filter(
        Q(status=ImplementationPlan.Status.APPROVED) | owner_side_q(user, "measure__")
    )


def funding_requests_visible_to(user) -> QuerySet[FundingRequest]:
    """Funding needs are part of the implementation plan: visible where the plan is; a row
    without a plan only to the coordinator and the owner side."""
    rows = FundingRequest.objects.filter(measure__plan__in=plans_visible_to(user))
    if permissions.is_coordinator(user):
        return rows
    return rows.filter(
        Q(implementation_plan__in=implementation_plans_visible_to(user))
        | (Q(implementation_plan__isnull=True) & owner_side_q(user, "measure__"))
    )
