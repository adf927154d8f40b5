"""Step 4 of the Bodø demo: the three analysis annexes and the indicators."""

from __future__ import annotations

from decimal import Decimal

from analyses.models import Analysis, Indicator, IndicatorTarget, IndicatorValue
from demo.bodo.tables import ANALYSES, INDICATORS
from plans.models import Plan


def create_analyses(historic: Plan) -> None:
    for row in ANALYSES:
        Analysis.objects.create(
            plan=historic,
            kind=row["kind"],
            title=row["title"],
            year=row["year"],
            author=row["author"],
            sections=row["sections"],
            summary="Vedlegg til boligpolitisk handlingsplan 2014–2017.",
        )
    goals = {g.number: g for g in historic.goals.all()}
    created = {}
    for row in INDICATORS:
        indicator = Indicator.objects.create(
            code=row["code"],
            name=row["name"],
            unit=row["unit"],
            source=row["source"],
            ssb_table=row.get("ssb_table", ""),
            goal=goals[row["goal"]],
            is_illustrative=row["illustrative"],
            source_note=row["note"],
            is_key=row.get("key", False),
            direction=row.get("direction", Indicator.Direction.UP),
        )
        # TOML keys are strings: the years come back as "2014".
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=indicator, year=int(year), value=Decimal(value))
            for year, value in row.get("values", {}).items()
        )
        IndicatorTarget.objects.bulk_create(
            IndicatorTarget(
                indicator=indicator, year=int(year), value=Decimal(value), note=row["target_note"]
            )
            for year, value in row.get("targets", {}).items()
        )
        created[row["code"]] = (indicator, row.get("compare_with"))
    for indicator, compare_with in created.values():
        if compare_with:
            indicator.compare_with = created[compare_with][0]
            indicator.save(update_fields=["compare_with"])
