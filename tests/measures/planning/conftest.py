"""What the plan-work tests share: a measure of an adopted plan whose owner leads its
department."""

from plans.models import Plan
from tests.factories import (
    GoalFactory,
    MeasureFactory,
    PlanFactory,
    StrategyFactory,
    make_department_with_lead,
)


def owned_measure(**kwargs):
    """A measure of an adopted 2014–2017 plan, owned by "Ola Eier", who leads its
    department; `kwargs` go to the measure."""
    department, owner = make_department_with_lead()
    owner.first_name, owner.last_name = "Ola", "Eier"
    owner.save()
    plan = PlanFactory(status=Plan.Status.ADOPTED, period_start=2014, period_end=2017)
    return MeasureFactory(
        strategy=StrategyFactory(goal=GoalFactory(plan=plan)),
        responsible_department=department,
        responsible_person=owner,
        **kwargs,
    )
