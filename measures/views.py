from django.shortcuts import get_object_or_404, render

from bodobolig import permissions
from measures import selectors
from plans.models import Plan


def plan_detail(request, slug):
    """The plan page: goals → strategies → measures, with owners, status and progress."""
    plan = get_object_or_404(Plan.objects.select_related("predecessor"), slug=slug)
    permissions.check(request.user, permissions.Action.VIEW, plan)
    goals = selectors.plan_tree(plan)
    return render(
        request,
        "plans/plan_detail.html",
        {"plan": plan, "goals": goals, "rollup": selectors.plan_rollup(goals)},
    )


def measure_detail(request, pk):
    measure = selectors.measure_for_page(request.user, pk)
    show_internal = permissions.can(request.user, permissions.Action.VIEW_INTERNAL, measure)
    updates = measure.status_updates.select_related("submitted_by", "reporting_round")
    return render(
        request,
        "measures/measure_detail.html",
        {
            "measure": measure,
            "status_updates": updates[:20],
            "show_internal": show_internal,
        },
    )
