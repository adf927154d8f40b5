"""Generator step 3: implementation plans with activities, versions and funding; reporting
rounds, status updates and comments.

Coherence the app relies on: an update's status and progress agree (completed ⇒ 100, not
started ⇒ 0), "last reported" is derived from the updates (never stored),
funding years lie inside the plan period, and a plan has at most one open round.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from demo.dates import aware
from demo.generate.base import GENERATED, Run, weighted
from demo.generate.plans import final_report_at
from demo.generate.tables import IP, IP_MIX, MEASURE_OBJECTS, MEASURE_VERBS, UPDATE_TEXTS
from measures.models import (
    Comment,
    FundingRequest,
    ImplementationActivity,
    ImplementationPlan,
    ImplementationPlanVersion,
    Measure,
    MeasureStatus,
    ReportingRound,
    StatusUpdate,
)

VERSION_OUTCOME = {
    IP.SUBMITTED: ImplementationPlanVersion.Outcome.PENDING,
    IP.RETURNED: ImplementationPlanVersion.Outcome.RETURNED,
    IP.APPROVED: ImplementationPlanVersion.Outcome.APPROVED,
}


def implementation_plans(run: Run) -> None:
    rng, today = run.rng, run.today
    coordinator = run.coordinators[0]
    chosen = [m for m in run.measures_list if m.is_active and rng.random() < 0.6]
    plans = []
    for measure in chosen:
        status, _weight, (low, high) = weighted(rng, IP_MIX)
        due = today + dt.timedelta(days=rng.randint(low, high))
        fields = {}
        if status != IP.ORDERED:
            fields["expected_result"] = GENERATED + "forventet resultat beskrevet av eieren."
            fields["resources"] = f"{rng.choice([0.2, 0.5, 1, 2])} årsverk"
        if status in (IP.SUBMITTED, IP.RETURNED, IP.APPROVED):
            fields["submitted_at"] = aware(due - dt.timedelta(days=rng.randint(0, 5)))
        if status == IP.RETURNED:
            fields["feedback"] = "Planen mangler frister og finansiering per år."
        if status == IP.APPROVED:
            fields["approved_at"] = fields["submitted_at"] + dt.timedelta(days=3)
            fields["approved_by"] = coordinator
        plans.append(
            ImplementationPlan(
                measure=measure,
                status=status,
                ordered_by=coordinator,
                due_date=due,
                order_message="Vi ber om en gjennomføringsplan for tiltaket ditt.",
                **fields,
            )
        )
    plans = run.bulk(ImplementationPlan, plans, "gjennomføringsplaner")
    activities, versions, funding = [], [], []
    for ip in plans:
        if ip.status == IP.ORDERED:
            continue
        for position in range(rng.randint(1, 4)):
            start = today + dt.timedelta(days=rng.randint(-120, 30))
            due = start + dt.timedelta(days=rng.randint(7, 120))
            activities.append(
                ImplementationActivity(
                    implementation_plan=ip,
                    title=f"Aktivitet {position + 1}: {rng.choice(MEASURE_VERBS).lower()} "
                    f"{rng.choice(MEASURE_OBJECTS)}",
                    responsible_id=ip.measure.responsible_person_id,
                    start_date=start,
                    due_date=due,
                    completed_at=due if due < today and rng.random() < 0.5 else None,
                    position=position,
                )
            )
        if ip.status in VERSION_OUTCOME:
            versions.append(
                ImplementationPlanVersion(
                    implementation_plan=ip,
                    number=1,
                    submitted_by_id=ip.measure.responsible_person_id,
                    submitted_at=ip.submitted_at,
                    outcome=VERSION_OUTCOME[ip.status],
                    feedback=ip.feedback,
                    content={
                        "expected_result": ip.expected_result,
                        "resources": ip.resources,
                        "risks": "",
                        "activities": [],
                        "funding": [],
                    },
                )
            )
        if rng.random() < 0.5:
            funding += _funding(run, ip)
    run.bulk(ImplementationActivity, activities, "aktiviteter")
    run.bulk(ImplementationPlanVersion, versions, "planversjoner")
    run.bulk(FundingRequest, funding, "finansieringsbehov")


def _funding(run: Run, ip: ImplementationPlan) -> list[FundingRequest]:
    """One to three years from the plan's first year: always inside its four-year period."""
    rng, today = run.rng, run.today
    rows = []
    first = run.plan.period_start
    for year in range(first, min(first + rng.randint(1, 3), run.plan.period_end + 1)):
        amount = Decimal(rng.randrange(50_000, 5_000_000, 10_000))
        decided = year < today.year
        status = (
            rng.choice(list(FundingRequest.Status)[1:])
            if decided
            else FundingRequest.Status.REQUESTED
        )
        granted = {
            FundingRequest.Status.GRANTED: amount,
            FundingRequest.Status.PARTLY: (amount * Decimal("0.6")).quantize(1),
            FundingRequest.Status.REJECTED: Decimal(0),
        }.get(status)
        rows.append(
            FundingRequest(
                measure_id=ip.measure_id,
                implementation_plan=ip,
                year=year,
                amount=amount,
                granted_amount=granted,
                source=rng.choice(list(FundingRequest.Source)),
                status=status,
                decision_body="Bystyret" if decided else "",
                decided_on=dt.date(year - 1, 12, 10) if decided else None,
            )
        )
    return rows


def _earlier_state(measure: Measure, k: int) -> tuple[str, int]:
    """Status and progress of the k-th newest update (0 = the measure's current state)."""
    if k == 0:
        return measure.status, measure.progress
    if measure.status == MeasureStatus.NOT_STARTED:
        return MeasureStatus.NOT_STARTED, 0
    progress = max(0, measure.progress - 10 * k)
    if measure.status == MeasureStatus.COMPLETED:
        # Before it was completed it was under way; never "completed" below 100.
        return MeasureStatus.IN_PROGRESS, min(progress, 99)
    return measure.status, progress


def reporting(run: Run, *, updates_per_measure: int) -> None:
    """Closed tertial rounds behind, one open round ahead; N updates per measure."""
    rng, today = run.rng, run.today
    coordinator = run.coordinators[0]
    closed = [
        ReportingRound(
            plan=run.plan,
            name=f"Tertialrapportering {k} ({run.label})",
            due_date=today - dt.timedelta(days=30 + 120 * k),
            status=ReportingRound.Status.CLOSED,
            opened_by=coordinator,
            closed_at=aware(today - dt.timedelta(days=20 + 120 * k)),
        )
        for k in range(updates_per_measure)
    ]
    open_round = ReportingRound(
        plan=run.plan,
        name=f"Tertialrapportering {today.year} ({run.label})",
        due_date=today + dt.timedelta(days=10),
        opened_by=coordinator,
        message="Gi status for tiltakene dine før rapporten til bystyret.",
    )
    rounds = run.bulk(ReportingRound, [open_round, *closed], "rapporteringsrunder")
    open_round, closed = rounds[0], rounds[1:]
    Through = ReportingRound.measures.through
    active = [m for m in run.measures_list if m.is_active]
    links = [Through(reportinground_id=open_round.pk, measure_id=m.pk) for m in active]
    links += [
        Through(reportinground_id=r.pk, measure_id=m.pk) for r in closed for m in run.measures_list
    ]
    run.bulk(Through, links, "tiltak i runder")
    answered = {m.pk for m in active if rng.random() < 0.4}
    stale_before = today - dt.timedelta(days=100)
    # The predecessor's final status, at the moment its measures were created with.
    final = final_report_at(run.predecessor)
    updates = [
        StatusUpdate(
            measure=measure,
            status=measure.status,
            progress=measure.progress,
            text=GENERATED + "sluttstatus for forrige planperiode.",
            submitted_by_id=measure.responsible_person_id,
            submitted_at=final,
        )
        for measure in run.old_measures
    ]
    for measure in run.measures_list:
        last_report = run.last_report[measure.pk]
        stale = last_report < stale_before
        for k in range(updates_per_measure):
            if stale:
                round_, day = None, last_report - dt.timedelta(days=120 * k)
            elif k == 0 and measure.pk in answered:
                round_, day = open_round, today - dt.timedelta(days=rng.randint(0, 5))
            else:
                round_ = closed[k]
                day = round_.due_date + dt.timedelta(days=rng.randint(-10, 8))
            status, progress = _earlier_state(measure, k)
            updates.append(
                StatusUpdate(
                    measure=measure,
                    reporting_round=round_,
                    status=status,
                    progress=progress,
                    text=GENERATED + rng.choice(UPDATE_TEXTS),
                    risks="Kapasitet i avdelingen." if rng.random() < 0.2 else "",
                    needs_help=rng.random() < 0.05,
                    submitted_by_id=measure.responsible_person_id,
                    submitted_at=aware(day, hour=rng.randint(8, 15)),
                    is_late=round_ is not None and day > round_.due_date,
                )
            )
    run.bulk(StatusUpdate, updates, "statusoppdateringer")
    # A comment from the coordinator on every twentieth active measure.
    comments = [
        Comment(
            measure=m,
            author=coordinator,
            text="Kan du si litt mer om framdriften før neste rapport?",
        )
        for m in active[::20]
    ]
    run.bulk(Comment, comments, "kommentarer")
