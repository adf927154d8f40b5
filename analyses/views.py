from django.shortcuts import get_object_or_404, render

from analyses import charts
from analyses.selectors import indicators_for_plan
from bodobolig import permissions
from plans.models import Plan


def key_figures(request, slug):
    """The plan's key indicators with the same SVG charts as the council report, live."""
    plan = get_object_or_404(Plan, slug=slug)
    permissions.check(request.user, permissions.Action.VIEW, plan)
    indicators = indicators_for_plan(plan)
    chart_list = [
        {"spec": spec, "img": charts.chart_image(spec), "table": charts.chart_table(spec)}
        for spec in charts.indicator_charts(indicators)
    ]
    return render(
        request,
        "analyses/key_figures.html",
        {"plan": plan, "charts": chart_list, "indicators": indicators},
    )
