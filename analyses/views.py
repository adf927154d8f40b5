"""Pages everyone may read (with small counts protected for them): the key figures of a
plan, the challenge coverage, the indicators with their values and CSV export, and the
analysis documents."""

from __future__ import annotations

import csv

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from analyses import charts, selectors
from analyses.importing import period_label
from analyses.models import Analysis, Indicator, Region
from bodobolig import disclosure, permissions
from plans.models import Plan


def _visible_plan(request, slug) -> Plan:
    return permissions.get_object_for_user(Plan.objects.all(), request.user, slug=slug)


def key_figures(request, slug):
    """The plan's indicators for its own period and the years before, drawn by the same
    chart functions as the council report; exact small counts for staff only."""
    plan = _visible_plan(request, slug)
    exact = selectors.exact_for(request.user)
    indicators = selectors.indicators_for_plan(plan, exact=exact)
    first, last = selectors.plan_years(plan)
    return render(
        request,
        "analyses/key_figures.html",
        {
            "plan": plan,
            "charts": charts.render_charts(charts.indicator_charts(indicators)),
            "indicators": indicators,
            "first_year": first,
            "last_year": last,
            "exact": exact,
            "threshold": disclosure.threshold(),
            "can_manage": permissions.can(request.user, permissions.Action.MANAGE_STATISTICS),
        },
    )


def coverage(request, slug):
    """Challenges × measures: challenges no measure answers and measures that answer
    none are highlighted."""
    plan = _visible_plan(request, slug)
    measures = plan.measures.prefetch_related("challenges").order_by(
        "strategy__goal__number", "strategy__number", "number"
    )
    return render(
        request,
        "analyses/coverage.html",
        {
            "plan": plan,
            "coverage": selectors.coverage(plan, measures),
            "can_edit": permissions.can(request.user, permissions.Action.EDIT_PLAN, plan),
        },
    )


def indicator_list(request):
    return render(
        request,
        "analyses/indicator_list.html",
        {
            "indicators": selectors.indicator_list(),
            "can_manage": permissions.can(request.user, permissions.Action.MANAGE_STATISTICS),
        },
    )


def _value_rows(indicator: Indicator, rows: list[dict]) -> list[dict]:
    regions = dict(Region.objects.values_list("code", "name"))
    return [
        {
            **row,
            "period": period_label(row["year"], row["subperiod"], indicator.frequency),
            "region_name": regions.get(row["region"], row["region"]),
        }
        for row in rows
    ]


def indicator_detail(request, code):
    indicator = get_object_or_404(
        Indicator.objects.select_related("goal__plan", "compare_with"), code=code
    )
    rows = selectors.indicator_values_for_user(request.user, indicator=indicator)
    value_ids = {}
    can_manage = permissions.can(request.user, permissions.Action.MANAGE_STATISTICS)
    if can_manage:
        value_ids = {
            (v.region, v.year, v.subperiod, v.breakdown): v.pk for v in indicator.values.all()
        }
    rows = _value_rows(indicator, rows)
    for row in rows:
        row["pk"] = value_ids.get((row["region"], row["year"], row["subperiod"], row["breakdown"]))
    return render(
        request,
        "analyses/indicator_detail.html",
        {
            "indicator": indicator,
            "rows": rows,
            "targets": indicator.targets.order_by("year"),
            "can_manage": can_manage,
            "exact": selectors.exact_for(request.user),
            "threshold": disclosure.threshold(),
        },
    )


def indicator_export(request, code):
    """The indicator's values as CSV in the import format, protected as the reader sees them."""
    indicator = get_object_or_404(Indicator, code=code)
    rows = selectors.indicator_values_for_user(request.user, indicator=indicator)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(indicator.code)}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a byte order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["indikator", "region", "periode", "inndeling", "verdi", "symbol"])
    for row in rows:
        if row["suppressed"]:
            value, symbol = row["display"], ""
        elif row["value"] is not None:
            value, symbol = str(row["value"]).replace(".", ","), row["symbol"]
        else:
            value, symbol = "", row["symbol"]
        writer.writerow(
            [
                indicator.code,
                row["region"],
                period_label(row["year"], row["subperiod"], indicator.frequency),
                row["breakdown"],
                value,
                symbol,
            ]
        )
    return response


def analysis_list(request):
    return render(
        request,
        "analyses/analysis_list.html",
        {
            "analyses": selectors.analyses_visible_to(request.user),
            "can_manage": permissions.can(request.user, permissions.Action.MANAGE_STATISTICS),
        },
    )


def _visible_analysis(request, pk) -> Analysis:
    analysis = selectors.analyses_visible_to(request.user).filter(pk=pk).first()
    if analysis is None or (
        analysis.plan is not None
        and not permissions.can(request.user, permissions.Action.VIEW, analysis.plan)
    ):
        raise Http404
    return analysis


def analysis_detail(request, pk):
    analysis = _visible_analysis(request, pk)
    return render(
        request,
        "analyses/analysis_detail.html",
        {
            "analysis": analysis,
            "can_manage": permissions.can(request.user, permissions.Action.MANAGE_STATISTICS),
        },
    )


def analysis_document(request, pk):
    """The analysis file, after the same visibility check as its page."""
    analysis = _visible_analysis(request, pk)
    if not analysis.document:
        raise Http404
    return FileResponse(analysis.document.open("rb"), as_attachment=False)
