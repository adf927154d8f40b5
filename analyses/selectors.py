"""Reads of the analyses: indicators as plain data for the pages, the charts, the
council report and the API, with small-count protection applied for the reader."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from analyses.charts import format_number
from analyses.models import (
    Analysis,
    Challenge,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Region,
    home_region_code,
)
from bodobolig import disclosure, permissions
from plans.models import Plan

# The key figures show the plan's own period and this many years before it.
CONTEXT_YEARS = 4


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def exact_for(user) -> bool:
    """Staff see exact small counts; politicians and the public see them protected."""
    return permissions.can(user, permissions.Action.VIEW_EXACT_COUNTS)


def protected_values(values, *, counts_people: bool, exact: bool) -> list[dict]:
    """The values as dicts with `display`; small counts hidden unless `exact`.

    Values are grouped per region and period: the total (no breakdown) and its parts
    (districts) are protected together (bodobolig.disclosure), so no hidden part can
    be found by subtraction. Stored values are never changed.
    """
    values = list(values)
    hidden: set[int] = set()
    if counts_people and not exact:
        groups: dict[tuple, list[IndicatorValue]] = defaultdict(list)
        for v in values:
            groups[(v.region, v.year, v.subperiod)].append(v)
        for group in groups.values():
            total = next((v for v in group if v.breakdown == ""), None)
            parts = {v.pk: v.value for v in group if v.breakdown != ""}
            hidden_parts, hide_total = disclosure.suppressed_cells(
                parts, total.value if total is not None else None
            )
            hidden |= hidden_parts
            if hide_total and total is not None:
                hidden.add(total.pk)
    label = disclosure.hidden_label()
    rows = []
    for v in values:
        suppressed = v.pk in hidden
        number = None if suppressed else _number(v.value)
        rows.append(
            {
                "id": v.pk,
                "year": v.year,
                "subperiod": v.subperiod,
                "region": v.region,
                "breakdown": v.breakdown,
                "value": number,
                "symbol": v.symbol,
                "suppressed": suppressed,
                "display": label
                if suppressed
                else (format_number(number) if number is not None else v.symbol or "–"),
            }
        )
    return rows


def _indicator_dict(indicator: Indicator, regions: dict[str, str], *, exact, first, last) -> dict:
    home = home_region_code()
    values = protected_values(
        indicator.values.all(), counts_people=indicator.counts_people, exact=exact
    )

    def in_window(v):
        return v["subperiod"] == 0 and v["breakdown"] == "" and first <= v["year"] <= last

    series = [
        {k: v[k] for k in ("year", "value", "symbol", "suppressed", "display")}
        for v in values
        if v["region"] == home and in_window(v)
    ]
    others: dict[str, list] = defaultdict(list)
    for v in values:
        if v["region"] != home and in_window(v):
            others[v["region"]].append(
                {k: v[k] for k in ("year", "value", "symbol", "suppressed", "display")}
            )
    return {
        "code": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "description": indicator.description,
        "source": indicator.get_source_display(),
        "ssb_table": indicator.ssb_table,
        "source_code": indicator.source_code,
        "note": indicator.source_note,
        "is_key": indicator.is_key,
        "is_illustrative": indicator.is_illustrative,
        "counts_people": indicator.counts_people,
        "goal_number": indicator.goal.number if indicator.goal_id else None,
        "compare_with": indicator.compare_with.code if indicator.compare_with_id else None,
        "need": [_number(indicator.need_low), _number(indicator.need_high)]
        if indicator.need_low is not None and indicator.need_high is not None
        else None,
        "region_name": regions.get(home, home),
        "values": series,
        "comparison": [
            {"code": code, "name": regions.get(code, code), "values": rows}
            for code, rows in sorted(
                others.items(),
                key=lambda item: list(regions).index(item[0]) if item[0] in regions else 999,
            )
        ],
        "targets": [
            {"year": t.year, "value": _number(t.value), "note": t.note}
            for t in indicator.targets.all()
            if first <= t.year <= last
        ],
    }


def plan_years(plan: Plan) -> tuple[int, int]:
    """The years the plan's key figures show: its own period and the years before it."""
    return plan.period_start - CONTEXT_YEARS, plan.period_end


def indicators_for_plan(plan: Plan, *, exact: bool = False) -> list[dict]:
    """The plan's indicators and the municipality's key indicators as JSON-able dicts,
    for the plan's years (`plan_years`), every region, small counts protected unless
    `exact`. Four queries: regions, indicators, values, targets."""
    first, last = plan_years(plan)
    regions = dict(Region.objects.values_list("code", "name"))
    indicators = (
        Indicator.objects.filter(Q(goal__plan=plan) | Q(is_key=True))
        .select_related("compare_with", "goal")
        .prefetch_related(
            Prefetch(
                "values",
                queryset=IndicatorValue.objects.filter(
                    year__gte=first, year__lte=last, subperiod=0
                ).order_by("year", "region", "breakdown"),
            ),
            Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year")),
        )
        .distinct()
        .order_by("name")
    )
    return [
        _indicator_dict(indicator, regions, exact=exact, first=first, last=last)
        for indicator in indicators
    ]


def indicator_values_for_user(user, *, indicator: Indicator | None = None) -> list[dict]:
    """Every stored value (all regions, periods and breakdowns) as the `user` may see it:
    exact for staff, small counts of persons and households protected for politicians
    and the public. The one read the pages, the exports and the REST API share.
    Each dict: indicator (code), region, year, subperiod, breakdown, value, symbol,
    suppressed, display. Two queries."""
    exact = exact_for(user)
    indicators = Indicator.objects.order_by("name").prefetch_related(
        Prefetch(
            "values",
            queryset=IndicatorValue.objects.order_by("region", "year", "subperiod", "breakdown"),
        )
    )
    if indicator is not None:
        indicators = indicators.filter(pk=indicator.pk)
    rows = []
    for item in indicators:
        for row in protected_values(
            item.values.all(), counts_people=item.counts_people, exact=exact
        ):
            rows.append({"indicator": item.code, **row})
    return rows


def shown_values_by_id(indicator_id: int, *, user) -> dict[int, dict]:
    """Every value of one indicator as the `user` may see it, by the value's id: what a
    reader of single values (the REST API's pages of values) looks up, so the group a
    value belongs to is protected together even when the page holds only part of it."""
    indicator = Indicator.objects.get(pk=indicator_id)
    rows = protected_values(
        indicator.values.all(), counts_people=indicator.counts_people, exact=exact_for(user)
    )
    return {row["id"]: row for row in rows}


def indicator_list() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("goal__plan").annotate(n_values=Count("values"))


def challenges_for_plan(plan: Plan) -> QuerySet[Challenge]:
    return (
        Challenge.objects.filter(goal__plan=plan)
        .select_related("goal", "analysis")
        .prefetch_related("indicators")
        .order_by("goal__number", "id")
    )


def coverage(plan: Plan, measures) -> dict:
    """Challenges × measures: which measures answer each challenge, the challenges no
    measure answers, and the measures that answer none. `measures` is the plan's
    measures with `challenges` prefetched (measures sit above this app)."""
    challenges = list(challenges_for_plan(plan))
    measures = list(measures)
    answering: dict[int, list] = {c.pk: [] for c in challenges}
    for measure in measures:
        for challenge in measure.challenges.all():
            if challenge.pk in answering:
                answering[challenge.pk].append(measure)
    rows = [{"challenge": c, "measures": answering[c.pk]} for c in challenges]
    mapped = set(answering)
    return {
        "rows": rows,
        "unanswered": [r["challenge"] for r in rows if not r["measures"]],
        "measures_without_challenge": [
            m for m in measures if not any(c.pk in mapped for c in m.challenges.all())
        ],
    }


def analyses_visible_to(user) -> QuerySet[Analysis]:
    """Staff see every analysis; others those of plans they may read that are adopted or
    completed (the analyses behind an adopted plan are public)."""
    qs = Analysis.objects.select_related("plan").prefetch_related("indicators", "challenges")
    if permissions.is_staff_member(user):
        return qs
    return qs.filter(plan__status__in=[Plan.Status.ADOPTED, Plan.Status.COMPLETED])
