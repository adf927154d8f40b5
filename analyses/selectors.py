"""Reads of the analyses: indicators as plain data for the pages, the charts and the report."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Prefetch, Q

from analyses.models import Indicator, IndicatorTarget, IndicatorValue
from plans.models import Plan


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def indicators_for_plan(plan: Plan) -> list[dict]:
    """The plan's indicators and the municipality's key indicators, as JSON-able dicts.

    Values are for the whole municipality (no breakdown). Three queries:
    indicators, values, targets.
    """
    indicators = (
        Indicator.objects.filter(Q(goal__plan=plan) | Q(is_key=True))
        .select_related("compare_with", "goal")
        .prefetch_related(
            Prefetch(
                "values",
                queryset=IndicatorValue.objects.filter(breakdown="").order_by("year"),
            ),
            Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year")),
        )
        .distinct()
        .order_by("name")
    )
    return [
        {
            "code": indicator.code,
            "name": indicator.name,
            "unit": indicator.unit,
            "source": indicator.get_source_display(),
            "ssb_table": indicator.ssb_table,
            "note": indicator.source_note,
            "is_key": indicator.is_key,
            "is_illustrative": indicator.is_illustrative,
            "goal_number": indicator.goal.number if indicator.goal_id else None,
            "compare_with": indicator.compare_with.code if indicator.compare_with_id else None,
            "values": [
                {"year": v.year, "value": _number(v.value), "symbol": v.symbol}
                for v in indicator.values.all()
            ],
            "targets": [
                {"year": t.year, "value": _number(t.value), "note": t.note}
                for t in indicator.targets.all()
            ],
        }
        for indicator in indicators
    ]
