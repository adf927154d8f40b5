"""Step 2 of the Bodø demo: the 2014–2017 plan as the sources describe it.

Goals, challenges, process steps and the sourced measures come from the data tables;
the numbered strategies and most measures are illustrative and marked so.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from analyses.models import Challenge
from demo.bodo.common import HISTORIC_SLUG, ILLUSTRATIVE
from demo.bodo.tables import CHALLENGES, GOALS, MILESTONES, STRATEGIES
from demo.dates import aware
from measures.models import FundingRequest, Measure, MeasureStatus, StatusUpdate, WorkPlanItem
from plans.models import Goal, Milestone, Plan, Strategy, WorkPlan

AREA = {1: Challenge.Area.GENERAL, 2: Challenge.Area.SOCIAL, 3: Challenge.Area.ORGANISATION}
# The day the owners gave their final status for the period (illustrative).
FINAL_REPORT_DAY = dt.date(2017, 11, 15)
FINAL_REPORT = ILLUSTRATIVE + "sluttstatus for planperioden 2014–2017."


def create_goals_and_strategies(plan: Plan) -> dict:
    """The three goals and their strategies in `plan`, by (goal number, strategy number)."""
    strategies = {}
    for number, title, statement in GOALS:
        goal = Goal.objects.create(plan=plan, number=number, title=title, statement=statement)
        for s_number, strategy in enumerate(STRATEGIES[number], start=1):
            strategies[(number, s_number)] = Strategy.objects.create(
                goal=goal,
                number=s_number,
                title=strategy["title"],
                description=ILLUSTRATIVE + "strategien er formulert for demoen.",
            )
    return strategies


def measure_row(goal_number: int, strategy_number: int, measure_number: int) -> dict:
    """The data-table row behind a demo measure."""
    return STRATEGIES[goal_number][strategy_number - 1]["measures"][measure_number - 1]


def create_historic_plan(users: dict, departments: dict, bases: dict) -> Plan:
    plan = Plan.objects.create(
        slug=HISTORIC_SLUG,
        title="Boligpolitisk handlingsplan",
        municipality="Bodø kommune",
        period_start=2014,
        period_end=2017,
        status=Plan.Status.COMPLETED,
        adopted_on=dt.date(2014, 2, 13),
        adopted_by="Bystyret",
        summary="Bodøs første helhetlige plan for boligpolitikken. Den omfatter generell "
        "boligutvikling, boligsosiale utfordringer og organisering, og skal styrke kommunens "
        "rolle som premissgiver og aktiv tilrettelegger for boligutviklingen.",
    )
    Milestone.objects.bulk_create(
        Milestone(
            plan=plan,
            step=row["step"],
            step_title=row["step_title"],
            date=dt.date(row["year"], row["month"], 1),
            title=row["title"],
        )
        for row in MILESTONES
    )
    strategies = create_goals_and_strategies(plan)
    challenges = _challenges(plan)
    work_plan = WorkPlan.objects.create(
        plan=plan,
        year=2014,
        title="Boligpolitisk arbeidsplan 2014",
        description="Vedtatt april 2014 (prosessteg 6).",
    )
    for (g_number, s_number), strategy in strategies.items():
        for m_number, row in enumerate(STRATEGIES[g_number][s_number - 1]["measures"], start=1):
            measure = _measure(plan, strategy, m_number, row, users, departments)
            measure.legal_bases.set([bases[s] for s in row.get("legal_bases", [])])
            measure.challenges.set([challenges[g_number][i] for i in row.get("challenges", [])])
            if measure.status != MeasureStatus.CANCELLED:
                WorkPlanItem.objects.create(
                    work_plan=work_plan,
                    measure=measure,
                    target=ILLUSTRATIVE + "årets mål settes i arbeidsplanen.",
                )
            StatusUpdate.objects.create(
                measure=measure,
                status=measure.status,
                progress=measure.progress,
                text=row.get("historic_report", FINAL_REPORT),
                submitted_by=measure.responsible_person,
                submitted_at=aware(FINAL_REPORT_DAY),
            )
            for funding in row.get("funding", []):
                FundingRequest.objects.create(
                    measure=measure,
                    year=funding["year"],
                    amount=Decimal(funding["amount"]),
                    granted_amount=Decimal(funding["granted_amount"]),
                    source=funding["source"],
                    status=funding["status"],
                )
    return plan


def _challenges(plan: Plan) -> dict:
    for goal in plan.goals.all():
        Challenge.objects.bulk_create(
            Challenge(
                goal=goal,
                area=AREA[goal.number],
                title=text,
                evidence="Kilde: saksbeskrivelsen (Veiviseren).",
            )
            for text in CHALLENGES[goal.number]
        )
    return {goal.number: list(goal.challenges.order_by("id")) for goal in plan.goals.all()}


def _measure(plan, strategy, number: int, row: dict, users, departments) -> Measure:
    sourced = row.get("sourced", False)
    return Measure.objects.create(
        plan=plan,
        strategy=strategy,
        number=number,
        code=f"{strategy.goal.number}.{strategy.number}.{number}",
        title=row["title"],
        description=row["description"] if sourced else ILLUSTRATIVE + row["description"],
        responsible_department=departments[row["department"]],
        responsible_person=users[row["owner"]],
        status=row["historic_status"],
        progress=row["historic_progress"],
        # Bolig Nu opened 5 May 2014 (sourced); other start dates are illustrative.
        planned_start=dt.date(2014, 5, 5) if "Bolig Nu" in row["title"] else dt.date(2014, 3, 1),
        planned_end=dt.date(2017, 12, 31),
        is_illustrative=not sourced,
    )
