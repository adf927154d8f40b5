"""The council status report: the frozen snapshot of its figures, and the PDF made from it.

`build_snapshot` is the selector that gathers *every* figure the report prints
into plain JSON-able dicts. The snapshot is frozen on the report row when the
coordinator requests the report (inside the request's transaction), so:

* the report prints what the plan looked like when it was asked for, however
  long the queue is or however late a retry happens;
* a retry re-renders exactly the same figures;
* `rendering.render_report` reads nothing but the snapshot, so an archived report can be
  rendered again (or re-downloaded) unchanged, even after measures moved on.

"Change since the previous report" is part of the snapshot too: it compares
with the previous *ready* report of the same plan as it stood at request time.

Status and progress are the measures' recorded values at request time; `as_of`
is the report's date, the cut-off for status updates and the day against which
deadlines are judged (a back-dated report does not reconstruct old statuses).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.conf import settings
from django.db.models import Prefetch, Q, Sum
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from analyses import charts
from analyses.models import Challenge
from analyses.selectors import indicators_for_plan
from bodobolig import disclosure
from bodobolig.people import display_name
from measures import status
from measures.models import (
    ACTIVE_STATUSES,
    CouncilReport,
    FollowUpSettings,
    FundingRequest,
    ImplementationPlan,
    Measure,
    MeasureStatus,
    ReportingRound,
    StatusUpdate,
)
from measures.reports.key_messages import key_messages
from plans.models import Plan, Strategy

SNAPSHOT_VERSION = 1
# The report goes into a Norwegian saksframlegg: its text is bokmål whatever the language of
# the request that asked for it (the template's <html lang> says the same).
REPORT_LANGUAGE = "nb"
TEMPLATE = "measures/pdf/council_report.html"
# Latest-update text in the goal chapters' tables.
SHORT_TEXT_CHARS = 100


# --- Gathering -------------------------------------------------------------------------------


def build_snapshot(
    *,
    plan: Plan,
    as_of: dt.date,
    reporting_round: ReportingRound | None = None,
    parameters: dict | None = None,
) -> dict:
    """Every figure the report prints, as plain data (a fixed number of queries, 11–13,
    whatever the plan's size). Labels and reasons are in bokmål."""
    with translation.override(REPORT_LANGUAGE):
        return _build_snapshot(
            plan=plan, as_of=as_of, reporting_round=reporting_round, parameters=parameters
        )


def _build_snapshot(*, plan, as_of, reporting_round, parameters) -> dict:
    parameters = parameters or {}
    measures = list(
        Measure.objects.filter(plan=plan)
        # "Last reported" as it stood at the end of the report's day.
        .with_last_reported(before=_end_of(as_of))
        .select_related(
            "strategy__goal",
            "responsible_department",
            "responsible_person",
            "implementation_plan",
        )
        .order_by("strategy__goal__number", "strategy__number", "number", "code")
    )
    updates = _latest_updates(plan, as_of, reporting_round)
    round_measure_ids = (
        set(reporting_round.measures.values_list("pk", flat=True)) if reporting_round else set()
    )
    stale_days = FollowUpSettings.stale_after_days_setting()

    rows = [
        _measure_row(m, updates.get(m.pk), as_of, reporting_round, round_measure_ids, stale_days)
        for m in measures
    ]
    goals = [
        {
            "number": goal.number,
            "title": goal.title,
            "statement": goal.statement,
            "strategies": [{"code": s.code, "title": s.title} for s in goal.strategies.all()],
        }
        for goal in plan.goals.prefetch_related(
            Prefetch("strategies", queryset=Strategy.objects.order_by("number"))
        ).order_by("number")
    ]
    for goal in goals:
        goal.update(_rollup([r for r in rows if r["goal_number"] == goal["number"]]))

    by_department: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_department[row["department"]].append(row)
    summary = {
        **_rollup(rows),
        "by_goal": [
            {k: g[k] for k in ("number", "title", "total", "counts", "progress")} for g in goals
        ],
        "by_department": [
            {"name": name, **_rollup(dept_rows)}
            for name, dept_rows in sorted(by_department.items())
        ],
    }
    previous = (
        # What the politicians last saw: the latest published report up to this date.
        CouncilReport.objects.filter(
            plan=plan,
            status=CouncilReport.Status.READY,
            published_at__isnull=False,
            as_of__lte=as_of,
        )
        .order_by("-as_of", "-requested_at")
        .only("pk", "title", "as_of", "snapshot")
        .first()
    )
    _mark_status_changes(rows, previous)
    snapshot = {
        "version": SNAPSHOT_VERSION,
        "built_at": timezone.now().isoformat(),
        # For print: the municipality's own date, not the UTC one in built_at.
        "built_on": f"{timezone.localdate():%d.%m.%Y}",
        "municipality": plan.municipality or settings.MUNICIPALITY_NAME,
        "report": {
            "title": parameters.get("title", ""),
            "as_of": as_of.isoformat(),
            "case_number": parameters.get("case_number", ""),
            "committee": parameters.get("committee", ""),
            "meeting_date": parameters.get("meeting_date") or "",
            "introduction": parameters.get("introduction", ""),
        },
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "period": f"{plan.period_start}–{plan.period_end}",
            "status": plan.get_status_display(),
            "adopted_on": plan.adopted_on.isoformat() if plan.adopted_on else "",
            "adopted_by": plan.adopted_by,
            "case_number": plan.case_number,
            "summary": plan.summary,
            "is_illustrative": plan.is_illustrative,
        },
        "round": _round(reporting_round, rows, round_measure_ids),
        "statuses": [[value, str(label)] for value, label in MeasureStatus.choices],
        "summary": summary,
        "previous": _compare_with_previous(previous, rows, summary),
        "goals": goals,
        "measures": rows,
        "attention": [r for r in rows if r["reasons"]],
        "illustrative_measures": sum(1 for r in rows if r["is_illustrative"]),
        "implementation": _implementation_coverage(rows),
        "funding": _funding(plan),
        # The report goes to politicians and the public: small counts always protected.
        "indicators": (indicators := indicators_for_plan(plan, exact=False)),
        "charts": charts.indicator_charts(indicators),
        "small_count_threshold": disclosure.threshold(),
        "unanswered_challenges": _unanswered_challenges(plan),
    }
    snapshot["key_messages"] = key_messages(snapshot, previous.snapshot if previous else None)
    return snapshot


def _end_of(day: dt.date) -> dt.datetime:
    """The first moment after `day` (local time): updates before it count for the report."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))


def _latest_updates(
    plan: Plan, as_of: dt.date, reporting_round: ReportingRound | None
) -> dict[int, StatusUpdate]:
    """Per measure: its update in the round if it has one, else its latest up to `as_of`."""
    cutoff = _end_of(as_of)
    latest: dict[int, StatusUpdate] = {}
    for update in (
        StatusUpdate.objects.filter(measure__plan=plan, submitted_at__lt=cutoff)
        .select_related("reporting_round")
        .order_by("measure_id", "-submitted_at")
    ):
        current = latest.get(update.measure_id)
        in_round = reporting_round is not None and update.reporting_round_id == reporting_round.pk
        if current is None or (
            in_round and current.reporting_round_id != getattr(reporting_round, "pk", None)
        ):
            latest[update.measure_id] = update
    return latest


def _measure_row(
    measure: Measure,
    update: StatusUpdate | None,
    as_of: dt.date,
    reporting_round: ReportingRound | None,
    round_measure_ids: set[int],
    stale_days: int,
) -> dict:
    active = measure.status in ACTIVE_STATUSES
    implementation_plan = getattr(measure, "implementation_plan", None)
    reasons = []
    past_end = bool(active and measure.planned_end and measure.planned_end < as_of)
    if measure.status == MeasureStatus.POSTPONED:
        reasons.append(_("Tiltaket er utsatt."))
    if past_end:
        reasons.append(
            _("Planlagt slutt %(date)s er passert.") % {"date": f"{measure.planned_end:%d.%m.%Y}"}
        )
    if update and update.needs_help:
        reasons.append(_("Hovedansvarlig ber om hjelp fra koordinator."))
    if (
        implementation_plan
        and status.implementation_plan_owed(
            plan_status=implementation_plan.status, measure_status=measure.status
        )
        and implementation_plan.due_date < as_of
    ):
        reasons.append(
            _("Gjennomføringsplanen har frist %(date)s og er ikke levert.")
            % {"date": f"{implementation_plan.due_date:%d.%m.%Y}"}
        )
    if (
        reporting_round
        and measure.pk in round_measure_ids
        and reporting_round.due_date < as_of
        and not (update and update.reporting_round_id == reporting_round.pk)
    ):
        reasons.append(_("Statusoppdatering i runden mangler etter fristen."))
    # The one stale rule (measures.status), judged on the report's day.
    reported = measure.last_reported_at
    stale = status.is_stale(
        status=measure.status,
        last_reported_at=reported,
        created_at=measure.created_at,
        as_of=as_of,
        stale_after_days=stale_days,
    )
    if stale:
        reasons.append(
            _("Ikke rapportert de siste %(days)s dagene.") % {"days": stale_days}
            if reported
            else _("Aldri rapportert.")
        )
    if update and update.risks.strip():
        # Last: the report prints the owner's risk text right after it.
        reasons.append(_("Risiko meldt:"))
    text = update.text.strip() if update else ""
    return {
        "id": measure.pk,
        "code": measure.code,
        "title": measure.title,
        "goal_number": measure.strategy.goal.number,
        "strategy_code": measure.strategy.code,
        "department": measure.responsible_department.name,
        "owner": display_name(measure.responsible_person),
        "status": measure.status,
        "status_label": str(measure.get_status_display()),
        "progress": status.effective_progress(measure.status, measure.progress),
        "is_stale": stale,
        "delayed": past_end or measure.status == MeasureStatus.POSTPONED,
        "last_reported": timezone.localdate(reported).isoformat() if reported else "",
        "planned_start": measure.planned_start.isoformat() if measure.planned_start else "",
        "planned_end": measure.planned_end.isoformat() if measure.planned_end else "",
        "is_illustrative": measure.is_illustrative,
        "implementation_plan": (
            {
                "status": implementation_plan.status,
                "status_label": str(implementation_plan.get_status_display()),
                "due_date": implementation_plan.due_date.isoformat(),
            }
            if implementation_plan
            else None
        ),
        "update": (
            {
                "date": timezone.localdate(update.submitted_at).isoformat(),
                "text": text,
                "short_text": Truncator(text).chars(SHORT_TEXT_CHARS),
                "risks": update.risks.strip(),
                "needs_help": update.needs_help,
                "is_late": update.is_late,
                "round": update.reporting_round.name if update.reporting_round else "",
            }
            if update
            else None
        ),
        "reasons": reasons,
    }


def _rollup(rows: list[dict]) -> dict:
    """Counts by status and progress, by the one roll-up formula (`status.Rollup`)."""
    rollup = status.Rollup.of_pairs((r["status"], r["progress"]) for r in rows)
    return {"total": rollup.count, "counts": rollup.counts(), "progress": rollup.progress}


def _round(reporting_round: ReportingRound | None, rows: list[dict], ids: set[int]) -> dict | None:
    if reporting_round is None:
        return None
    answered = sum(
        1
        for r in rows
        if r["id"] in ids and r["update"] and r["update"]["round"] == reporting_round.name
    )
    return {
        "id": reporting_round.pk,
        "name": reporting_round.name,
        "due_date": reporting_round.due_date.isoformat(),
        "owed": len(ids),
        "answered": answered,
    }


def _compare_with_previous(
    previous: CouncilReport | None, rows: list[dict], summary
) -> dict | None:
    if previous is None or not previous.snapshot:
        return None
    before = {m["code"]: m for m in previous.snapshot.get("measures", [])}
    counts_before = previous.snapshot.get("summary", {}).get("counts", {})
    changes = []
    for row in rows:
        old = before.get(row["code"])
        if old is None:
            changes.append(
                {"code": row["code"], "title": row["title"], "from": "", "to": row["status_label"]}
            )
        elif old["status"] != row["status"] or old["progress"] != row["progress"]:
            changes.append(
                {
                    "code": row["code"],
                    "title": row["title"],
                    "from": f"{old['status_label']} ({old['progress']} %)",
                    "to": f"{row['status_label']} ({row['progress']} %)",
                }
            )
    return {
        "title": previous.title,
        "as_of": previous.as_of.isoformat(),
        "total": previous.snapshot.get("summary", {}).get("total", 0),
        "progress": previous.snapshot.get("summary", {}).get("progress", 0),
        "counts": {value: counts_before.get(value, 0) for value, _l in MeasureStatus.choices},
        "delta": {
            value: summary["counts"][value] - counts_before.get(value, 0)
            for value, _l in MeasureStatus.choices
        },
        "changes": changes,
    }


def _mark_status_changes(rows: list[dict], previous: CouncilReport | None) -> None:
    """`status_changed` on each row: its status differs from the previous published report's
    (a measure new since then has no status to differ from). The goal chapters list these."""
    before = (
        {m["code"]: m["status"] for m in (previous.snapshot or {}).get("measures", [])}
        if previous
        else {}
    )
    for row in rows:
        row["status_changed"] = row["code"] in before and before[row["code"]] != row["status"]


def _implementation_coverage(rows: list[dict]) -> dict:
    active = [r for r in rows if r["status"] in ACTIVE_STATUSES]
    by_status = Counter(
        r["implementation_plan"]["status"] for r in active if r["implementation_plan"]
    )
    return {
        "active": len(active),
        "with_plan": sum(by_status.values()),
        "approved": by_status[ImplementationPlan.Status.APPROVED],
        "by_status": [
            {"label": str(label), "count": by_status[value]}
            for value, label in ImplementationPlan.Status.choices
        ],
        "missing": [
            {"code": r["code"], "title": r["title"], "department": r["department"]}
            for r in active
            if not r["implementation_plan"]
        ],
    }


def _funding(plan: Plan) -> dict:
    years = list(
        FundingRequest.objects.filter(measure__plan=plan)
        .values("year")
        .annotate(
            requested=Sum("amount"),
            granted=Sum("granted_amount"),
            undecided=Sum("amount", filter=Q(status=FundingRequest.Status.REQUESTED)),
        )
        .order_by("year")
    )
    rows = [
        {
            "year": y["year"],
            "requested": int(y["requested"] or 0),
            "granted": int(y["granted"] or 0),
            "undecided": int(y["undecided"] or 0),
        }
        for y in years
    ]
    # Each decision with its case number, so the council can find the saksframlegg.
    decisions = [
        {
            "code": code,
            "year": year,
            "requested": int(amount),
            "granted": int(granted or 0),
            "status": str(FundingRequest.Status(status).label),
            "body": body,
            "decided_on": decided_on.isoformat() if decided_on else "",
            "case_number": case_number,
            "in_economy_plan": in_economy_plan,
        }
        for code, year, amount, granted, status, body, decided_on, case_number, in_economy_plan in (
            FundingRequest.objects.filter(measure__plan=plan)
            .exclude(status=FundingRequest.Status.REQUESTED)
            .order_by("year", "measure__code")
            .values_list(
                "measure__code",
                "year",
                "amount",
                "granted_amount",
                "status",
                "decision_body",
                "decided_on",
                "decision_case_number",
                "in_economy_plan",
            )
        )
    ]
    return {
        "years": rows,
        "decisions": decisions,
        "total_requested": sum(r["requested"] for r in rows),
        "total_granted": sum(r["granted"] for r in rows),
        "total_undecided": sum(r["undecided"] for r in rows),
    }


def _unanswered_challenges(plan: Plan) -> dict:
    """Challenges mapped for the plan's goals (or, for a successor plan without its own,
    its predecessor's) that no measure of this plan answers."""
    challenges = Challenge.objects.filter(goal__plan=plan)
    inherited = False
    if not challenges.exists() and plan.predecessor_id:
        challenges = Challenge.objects.filter(goal__plan_id=plan.predecessor_id)
        inherited = True
    challenges = challenges.select_related("goal").order_by("goal__number", "id")
    answered = set(
        Measure.challenges.through.objects.filter(
            measure__plan=plan, challenge__in=challenges
        ).values_list("challenge_id", flat=True)
    )
    items = list(challenges)
    return {
        "mapped": len(items),
        "inherited": inherited,
        "items": [
            {"goal_number": c.goal.number, "goal_title": c.goal.title, "title": c.title}
            for c in items
            if c.pk not in answered
        ],
    }


def parse_date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
