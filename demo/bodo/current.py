"""Step 3 of the Bodø demo: an illustrative successor plan and its live follow-up state.

The plan carries the unfinished measures over; its follow-up (implementation plans due
soon and overdue, an open reporting round, a measure not updated for months) is laid
relative to `today`, so the dashboard, reminders and reports have work to show. Every
"Sist rapportert" is derived from the status updates (never stored).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from analyses.models import Challenge
from analyses.services import copy_challenges_for_successor
from demo.bodo.common import CURRENT_SLUG, ILLUSTRATIVE
from demo.bodo.historic import create_goals_and_strategies, measure_row
from demo.dates import aware
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
from plans.models import Plan

IP = ImplementationPlan.Status
ORDER_MESSAGE = (
    "Hei! Vi ber om en gjennomføringsplan for tiltaket ditt for inneværende år: aktiviteter, "
    "ansvar, frister og finansieringsbehov."
)
# Illustrative states that differ from "in progress", by title (before " – ").
STATES = {
    "Individkartlegging av vanskeligstilte på boligmarkedet": (MeasureStatus.POSTPONED, 30),
    "Årlig boligpolitisk forum med utbyggere": (MeasureStatus.COMPLETED, 100),
    "Leie-til-eie-modell etter mønster fra Sandnes": (MeasureStatus.PLANNED, 5),
}
# Days since the last status update: most owners reported 40 days ago; one has been silent.
LAST_REPORT_DAYS = 40
STALE_TITLE = "Individkartlegging av vanskeligstilte på boligmarkedet"
STALE_DAYS = 150
# An implementation plan is ordered this many days before it is due.
ORDER_LEAD_DAYS = 30


def create_current_plan(historic: Plan, users: dict, departments: dict, today: dt.date) -> Plan:
    start_year = today.year - 1
    plan = Plan.objects.create(
        slug=CURRENT_SLUG,
        title="Boligpolitisk handlingsplan (illustrativ videreføring)",
        municipality="Bodø kommune",
        period_start=start_year,
        period_end=start_year + 3,
        status=Plan.Status.ADOPTED,
        adopted_on=dt.date(start_year, 2, 13),
        adopted_by="Bystyret",
        predecessor=historic,
        is_illustrative=True,
        summary=ILLUSTRATIVE + "en tenkt videreføring av planen for 2014–2017 som viderefører "
        "de uferdige tiltakene, slik at oppfølgingen i løsningen har levende data. Målområdene "
        "er de samme som i den vedtatte planen.",
    )
    measures = _measures(plan, historic, users, departments, today)
    by_title = {m.title.split(" – ")[0]: m for m in measures}
    _earlier_reports(measures, by_title, today)
    _implementation_plans(by_title, users, today, start_year)
    _open_round(plan, measures, users["koordinator"], today)
    Comment.objects.create(
        measure=by_title["Felles boligsosialt team på tvers av avdelingene"],
        author=users["koordinator"],
        text="Jeg har sendt planen tilbake med noen spørsmål – ta kontakt om du vil ha hjelp.",
    )
    return plan


def _measures(plan, historic, users, departments, today) -> list[Measure]:
    strategies = create_goals_and_strategies(plan)
    start_year = plan.period_start
    # The successor inherits the mapped challenges it carries over (here: all of them).
    copies = copy_challenges_for_successor(
        historic, plan, Challenge.objects.filter(goal__plan=historic).values_list("pk", flat=True)
    )
    inherited = {copy.carried_over_from_id: copy for copy in copies}
    measures = []
    for old in historic.measures.select_related("strategy__goal").order_by("code"):
        g_number, s_number = old.strategy.goal.number, old.strategy.number
        if not measure_row(g_number, s_number, old.number).get("carry"):
            continue
        status, progress = STATES.get(
            old.title.split(" – ")[0], (MeasureStatus.IN_PROGRESS, max(old.progress - 40, 10))
        )
        measure = Measure.objects.create(
            plan=plan,
            strategy=strategies[(g_number, s_number)],
            number=old.number,
            code=old.code,
            title=old.title,
            description=old.description,
            responsible_department=old.responsible_department,
            responsible_person=old.responsible_person,
            status=status,
            progress=progress,
            planned_start=dt.date(start_year, 3, 1),
            planned_end=dt.date(start_year + 3, 12, 31),
            carried_over_from=old,
            is_illustrative=True,
        )
        measure.legal_bases.set(old.legal_bases.all())
        measure.challenges.set(inherited[c.pk] for c in old.challenges.all())
        measures.append(measure)
    # A new measure of this period, not yet started (and not yet reported on).
    measures.append(
        Measure.objects.create(
            plan=plan,
            strategy=strategies[(2, 1)],
            number=9,
            code="2.1.9",
            title="Bostøtteveiledning i NAV og servicetorget",
            description=ILLUSTRATIVE
            + "veiledning om statlig bostøtte for husstander med lav inntekt.",
            responsible_department=departments["nav"],
            responsible_person=users["demo-nav"],
            status=MeasureStatus.NOT_STARTED,
            progress=0,
            planned_start=today + dt.timedelta(days=30),
            planned_end=dt.date(start_year + 3, 6, 30),
            is_illustrative=True,
        )
    )
    return measures


def _earlier_reports(measures, by_title, today) -> None:
    """One status update outside any round for every carried measure (illustrative)."""
    stale = by_title[STALE_TITLE]
    for measure in measures:
        if not measure.carried_over_from_id:
            continue
        days = STALE_DAYS if measure is stale else LAST_REPORT_DAYS
        # create(), not bulk_create(): status updates keep their audit history.
        StatusUpdate.objects.create(
            measure=measure,
            status=measure.status,
            progress=measure.progress,
            text=ILLUSTRATIVE + "tiltaket er videreført fra forrige plan; arbeidet fortsetter.",
            submitted_by=measure.responsible_person,
            submitted_at=aware(today - dt.timedelta(days=days)),
        )


def _implementation_plans(by_title, users, today, start_year) -> None:
    """Implementation plans in every state, due dates relative to today."""
    coordinator = users["koordinator"]

    def order(title, due_in_days, status, **fields):
        ip = ImplementationPlan.objects.create(
            measure=by_title[title],
            status=status,
            ordered_by=coordinator,
            due_date=today + dt.timedelta(days=due_in_days),
            order_message=ORDER_MESSAGE,
            **fields,
        )
        # Ordered a month before the due date (ordered_at is set on insert).
        ip.ordered_at = aware(today + dt.timedelta(days=due_in_days - ORDER_LEAD_DAYS))
        ImplementationPlan.objects.filter(pk=ip.pk).update(ordered_at=ip.ordered_at)
        return ip

    order("Bostøtteveiledning i NAV og servicetorget", 5, IP.ORDERED)
    order("Boliger for unge med funksjonsnedsettelse", -12, IP.ORDERED)
    draft = order(
        "Bostedsløse med rus/psykiatri: bolig med heldøgns oppfølging",
        9,
        IP.DRAFT,
        expected_result=ILLUSTRATIVE + "en bolig med heldøgns oppfølging tatt i bruk.",
    )
    ImplementationActivity.objects.create(
        implementation_plan=draft,
        title="Avklare tomt og finansiering med Husbanken",
        responsible=users["leder"],
        start_date=today - dt.timedelta(days=20),
        due_date=today - dt.timedelta(days=3),
    )
    returned = order(
        "Felles boligsosialt team på tvers av avdelingene",
        -30,
        IP.RETURNED,
        expected_result=ILLUSTRATIVE + "teamet etablert med faste møter.",
        feedback="Planen mangler frister og finansiering per år. Kan du fylle ut dette?",
        submitted_at=aware(today - dt.timedelta(days=35)),
    )
    ImplementationPlanVersion.objects.create(
        implementation_plan=returned,
        number=1,
        submitted_by=returned.measure.responsible_person,
        submitted_at=returned.submitted_at,
        outcome=ImplementationPlanVersion.Outcome.RETURNED,
        feedback=returned.feedback,
        content={
            "expected_result": returned.expected_result,
            "resources": "",
            "risks": "",
            "activities": [],
            "funding": [],
        },
    )
    approved = order(
        "Kjøp av kommunale utleieboliger med tilskudd fra Husbanken",
        -60,
        IP.APPROVED,
        expected_result=ILLUSTRATIVE + "ti nye kommunale utleieboliger i perioden.",
        resources="Boligkontoret 0,5 årsverk; tilskudd fra Husbanken.",
        submitted_at=aware(today - dt.timedelta(days=70)),
        approved_at=aware(today - dt.timedelta(days=65)),
        approved_by=coordinator,
    )
    ImplementationPlanVersion.objects.create(
        implementation_plan=approved,
        number=1,
        submitted_by=users["demo-bolig"],
        submitted_at=approved.submitted_at,
        outcome=ImplementationPlanVersion.Outcome.APPROVED,
        content={
            "expected_result": approved.expected_result,
            "resources": approved.resources,
            "risks": "",
            "activities": [],
            "funding": [],
        },
    )
    # Both years lie inside the plan period (start_year … start_year + 3).
    FundingRequest.objects.create(
        measure=approved.measure,
        implementation_plan=approved,
        year=start_year + 1,
        amount=Decimal("9360000"),
        source=FundingRequest.Source.HUSBANKEN,
        status=FundingRequest.Status.REQUESTED,
    )
    FundingRequest.objects.create(
        measure=approved.measure,
        implementation_plan=approved,
        year=start_year,
        amount=Decimal("4680000"),
        granted_amount=Decimal("3744000"),
        source=FundingRequest.Source.HUSBANKEN,
        status=FundingRequest.Status.PARTLY,
        decision_body="Formannskapet",
    )


def _open_round(plan, measures, coordinator, today) -> None:
    """The plan's one open reporting round, due soon; three owners have answered."""
    round_ = ReportingRound.objects.create(
        plan=plan,
        name=f"Tertialrapportering {today.year}",
        due_date=today + dt.timedelta(days=10),
        opened_by=coordinator,
        message="Gi status for tiltakene dine før rapporten til bystyret.",
    )
    # Opened three weeks before the due date (opened_at is set on insert).
    ReportingRound.objects.filter(pk=round_.pk).update(
        opened_at=aware(today - dt.timedelta(days=11))
    )
    active = [m for m in measures if m.is_active]
    round_.measures.set(active)
    for measure in active[:3]:
        StatusUpdate.objects.create(
            measure=measure,
            reporting_round=round_,
            status=measure.status,
            progress=measure.progress,
            text=ILLUSTRATIVE + "arbeidet går etter planen; neste milepæl er avklart.",
            submitted_by=measure.responsible_person,
            submitted_at=aware(today - dt.timedelta(days=2)),
        )
