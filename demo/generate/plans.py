"""Generator step 2: the adopted plan and its completed predecessor, goals, strategies,
challenges, and the measures of both plans."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from analyses.models import Analysis, Challenge
from demo.dates import aware
from demo.generate.base import GENERATED, Run, weighted
from demo.generate.tables import (
    GOALS,
    MEASURE_OBJECTS,
    MEASURE_VERBS,
    STATUS_MIX,
    STRATEGY_TOPICS,
    STRATEGY_WORDS,
)
from measures.models import Measure, MeasureStatus, WorkPlanItem
from plans.models import Goal, Plan, Strategy, WorkPlan


def plans(run: Run) -> None:
    rng, today = run.rng, run.today
    start = today.year - 1
    run.predecessor = Plan.objects.create(
        slug=f"{run.label}-forrige",
        title=f"Boligpolitisk handlingsplan ({run.label}, forrige periode)",
        municipality="Generert kommune",
        period_start=start - 4,
        period_end=start - 1,
        status=Plan.Status.COMPLETED,
        adopted_on=dt.date(start - 4, 2, 13),
        adopted_by="Bystyret",
        is_illustrative=True,
        summary=GENERATED + "avsluttet plan for forrige periode.",
    )
    run.plan = Plan.objects.create(
        slug=f"{run.label}-plan",
        title=f"Boligpolitisk handlingsplan ({run.label})",
        municipality="Generert kommune",
        period_start=start,
        period_end=start + 3,
        status=Plan.Status.ADOPTED,
        adopted_on=dt.date(start, 2, 13),
        adopted_by="Bystyret",
        predecessor=run.predecessor,
        is_illustrative=True,
        summary=GENERATED + "stor, tenkt kommune for tester og ytelsesmålinger.",
    )
    run.counts["planer"] = 2
    goals = []
    for plan in (run.predecessor, run.plan):
        for number, (title, statement) in enumerate(GOALS, start=1):
            goals.append(Goal(plan=plan, number=number, title=title, statement=statement))
    goals = run.bulk(Goal, goals, "målområder")
    strategies = []
    for goal in goals:
        for number in range(1, rng.randint(4, 6) + 1):
            title = f"{rng.choice(STRATEGY_WORDS)} {rng.choice(STRATEGY_TOPICS)}"
            strategies.append(
                Strategy(goal=goal, number=number, title=title, description=GENERATED)
            )
    strategies = run.bulk(Strategy, strategies, "strategier")
    by_goal = {g.pk: g for g in goals}
    for strategy in strategies:
        strategy.goal = by_goal[strategy.goal_id]
    both = (run.predecessor, run.plan)
    run.strategies = {p.pk: [s for s in strategies if s.goal.plan_id == p.pk] for p in both}
    run.goals = {p.pk: [g for g in goals if g.plan_id == p.pk] for p in both}
    analysis = Analysis.objects.create(
        plan=run.plan,
        kind=Analysis.Kind.SOCIAL,
        title=f"Boligsosial analyse ({run.label})",
        year=start - 1,
        author="Generert kommune",
        summary=GENERATED + "analyse som utfordringene bygger på.",
    )
    run.counts["analyser"] = 1
    challenges = [
        Challenge(
            goal=goal,
            area=list(Challenge.Area)[goal.number - 1],
            title=f"Utfordring {goal.number}.{n}: {rng.choice(STRATEGY_TOPICS)}",
            evidence=GENERATED + "fra den boligsosiale analysen.",
            analysis=analysis,
        )
        for goal in run.goals[run.plan.pk]
        for n in range(1, 5)
    ]
    run.challenges = run.bulk(Challenge, challenges, "utfordringer")


def final_report_at(plan: Plan) -> dt.datetime:
    """When the owners of a completed plan gave their final status update."""
    return aware(dt.date(plan.period_end, 11, 15))


def _measure(run: Run, plan: Plan, strategy: Strategy, number: int, status: str) -> Measure:
    rng = run.rng
    dept = rng.choice(run.all_departments)
    people = run.members[dept.pk]
    # Mostly the lead; sometimes a member of the department carries the measure.
    person = dept.lead if len(people) == 1 or rng.random() < 0.6 else rng.choice(people[1:])
    low, high = next(m[2] for m in STATUS_MIX if m[0] == status)
    start = dt.date(plan.period_start, rng.randint(1, 12), 1)
    return Measure(
        plan=plan,
        strategy=strategy,
        number=number,
        code=f"{strategy.goal.number}.{strategy.number}.{number}",
        title=f"{rng.choice(MEASURE_VERBS)} {rng.choice(MEASURE_OBJECTS)}",
        description=GENERATED + "tiltak laget av generate_data.",
        responsible_department_id=dept.pk,
        responsible_person_id=person.pk,
        reporting_delegate_id=(
            rng.choice(people[1:]).pk if len(people) > 1 and rng.random() < 0.1 else None
        ),
        status=status,
        progress=rng.randint(low, high),
        planned_start=start,
        planned_end=max(start, dt.date(plan.period_end, rng.randint(1, 12), 28)),
        cost_estimate=Decimal(rng.randrange(100_000, 20_000_000, 50_000)),
        is_illustrative=True,
        # Owners accepted their measures when the plan was adopted.
        owner_confirmed_at=aware(dt.date(plan.period_start, 2, 13)),
    )


def measures(run: Run, *, count: int) -> None:
    rng = run.rng
    # The completed predecessor: a tenth as many measures, finished or carried over. Each
    # gets one final status update (reporting step) at the end of its period.
    old = []
    numbers: dict[int, int] = {}
    for _ in range(max(1, count // 10)):
        strategy = rng.choice(run.strategies[run.predecessor.pk])
        numbers[strategy.pk] = numbers.get(strategy.pk, 0) + 1
        status = rng.choice(
            [MeasureStatus.COMPLETED, MeasureStatus.CANCELLED, MeasureStatus.IN_PROGRESS]
        )
        measure = _measure(run, run.predecessor, strategy, numbers[strategy.pk], status)
        old.append(measure)
    old = run.bulk(Measure, old, "tiltak i forrige plan")
    carry = [m for m in old if m.status == MeasureStatus.IN_PROGRESS]

    new = []
    strategies = run.strategies[run.plan.pk]
    numbers = {}
    for index in range(count):
        strategy = (
            strategies[index % len(strategies)]
            if index < len(strategies)
            else rng.choice(strategies)
        )
        numbers[strategy.pk] = numbers.get(strategy.pk, 0) + 1
        status = weighted(rng, STATUS_MIX)[0]
        measure = _measure(run, run.plan, strategy, numbers[strategy.pk], status)
        if carry and rng.random() < 0.1:
            source = carry.pop()
            measure.carried_over_from_id = source.pk
            measure.title = source.title
        new.append(measure)
    # The day each owner last reported (the reporting step writes updates up to it): within
    # the last two months, or months ago for some measures nobody has reported on lately.
    last_report = [run.today - dt.timedelta(days=rng.randint(1, 60)) for _ in new]
    for position in rng.sample(range(len(new)), k=max(1, count // 12)):
        if new[position].status in (MeasureStatus.IN_PROGRESS, MeasureStatus.PLANNED):
            last_report[position] = run.today - dt.timedelta(days=rng.randint(120, 300))
    run.measures_list = run.bulk(Measure, new, "tiltak")
    run.last_report = dict(zip((m.pk for m in run.measures_list), last_report, strict=True))
    run.old_measures = old
    _links(run)


def _links(run: Run) -> None:
    """Contributing departments, challenges and the year's work plan."""
    rng = run.rng
    Contrib = Measure.contributing_departments.through
    Chall = Measure.challenges.through
    contrib, chall = [], []
    by_goal = {}
    for challenge in run.challenges:
        by_goal.setdefault(challenge.goal_id, []).append(challenge)
    for measure in run.measures_list:
        if rng.random() < 0.3:
            other = rng.choice(run.all_departments)
            if other.pk != measure.responsible_department_id:
                contrib.append(Contrib(measure_id=measure.pk, department_id=other.pk))
        for challenge in rng.sample(by_goal[measure.strategy.goal_id], k=rng.randint(0, 2)):
            chall.append(Chall(measure_id=measure.pk, challenge_id=challenge.pk))
    run.bulk(Contrib, contrib, "medvirkninger")
    run.bulk(Chall, chall, "koblinger til utfordringer")
    work_plan = WorkPlan.objects.create(
        plan=run.plan,
        year=run.today.year,
        title=f"Arbeidsplan {run.today.year} ({run.label})",
        description=GENERATED + "årets utvalgte tiltak.",
    )
    run.bulk(
        WorkPlanItem,
        [
            WorkPlanItem(work_plan=work_plan, measure=m, target="Ferdig utredet innen årsskiftet.")
            for m in run.measures_list
            if m.is_active and rng.random() < 0.3
        ],
        "tiltak i arbeidsplan",
    )
