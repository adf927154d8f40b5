"""A small world for the follow-up workflow tests: one plan, two departments, every role."""

from dataclasses import dataclass

from bodobolig.permissions import Role
from tests.factories import (
    MeasureFactory,
    PlanFactory,
    StrategyFactory,
    make_department_with_lead,
    make_user,
)


@dataclass
class World:
    plan: object
    department: object
    lead: object
    colleague: object
    other_department: object
    other_lead: object
    coordinator: object
    politician: object
    measure: object
    other_measure: object


def make_world(suffix: str = "") -> World:
    department, lead = make_department_with_lead(name=f"Helse og omsorg{suffix}")
    colleague = make_user(Role.LEAD, first_name="Hilde", last_name="Kollega")
    department.members.add(colleague)
    other_department, other_lead = make_department_with_lead(name=f"Byplankontoret{suffix}")
    plan = PlanFactory(period_start=2025, period_end=2028)
    strategy = StrategyFactory(goal__plan=plan)
    measure = MeasureFactory(
        strategy=strategy, responsible_department=department, responsible_person=lead
    )
    other_measure = MeasureFactory(
        strategy=strategy, responsible_department=other_department, responsible_person=other_lead
    )
    return World(
        plan=plan,
        department=department,
        lead=lead,
        colleague=colleague,
        other_department=other_department,
        other_lead=other_lead,
        coordinator=make_user(Role.COORDINATOR),
        politician=make_user(Role.POLITICIAN),
        measure=measure,
        other_measure=other_measure,
    )
