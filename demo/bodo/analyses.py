"""Step 4 of the Bodø demo: the three analysis annexes, the regions and the indicators."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q

from analyses.models import (
    Analysis,
    Challenge,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Region,
    home_region_code,
)
from demo.bodo.tables import ANALYSES, INDICATORS, REGIONS
from plans.models import Plan

# Which analysis documents the evidence of each goal's challenges comes from.
ANALYSIS_FOR_GOAL = {1: "general", 2: "social", 3: "policy"}


def create_analyses(historic: Plan) -> None:
    for row in REGIONS:
        Region.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "kind": row["kind"], "sort_order": row["sort_order"]},
        )
    analyses = {}
    for row in ANALYSES:
        analyses[row["kind"]] = Analysis.objects.create(
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
            name_en=row.get("name_en", ""),
            unit=row["unit"],
            source=row["source"],
            ssb_table=row.get("ssb_table", ""),
            source_code=row.get("source_code", ""),
            goal=goals[row["goal"]],
            is_illustrative=row["illustrative"],
            counts_people=row.get("counts_people", False),
            source_note=row["note"],
            is_key=row.get("key", False),
            direction=row.get("direction", Indicator.Direction.UP),
            need_low=row["need"][0] if "need" in row else None,
            need_high=row["need"][1] if "need" in row else None,
        )
        IndicatorValue.objects.bulk_create(_values(indicator, row))
        IndicatorTarget.objects.bulk_create(
            IndicatorTarget(
                indicator=indicator, year=int(year), value=Decimal(value), note=row["target_note"]
            )
            for year, value in row.get("targets", {}).items()
        )
        analyses[ANALYSIS_FOR_GOAL[row["goal"]]].indicators.add(indicator)
        created[row["code"]] = (indicator, row.get("compare_with"))
    for indicator, compare_with in created.values():
        if compare_with:
            indicator.compare_with = created[compare_with][0]
            indicator.save(update_fields=["compare_with"])
    # The challenges' evidence: the analysis of their goal's area.
    for number, kind in ANALYSIS_FOR_GOAL.items():
        Challenge.objects.filter(
            Q(goal__plan=historic) | Q(carried_over_from__goal__plan=historic),
            goal__number=number,
        ).update(analysis=analyses[kind])


def _values(indicator: Indicator, row: dict) -> list[IndicatorValue]:
    """The home region's values, other regions' and districts'. TOML keys are strings:
    the years come back as "2014"."""
    note = row.get("values_note", "")
    illustrative_regions = set(row.get("illustrative_regions", []))
    values = [
        IndicatorValue(
            indicator=indicator,
            region=home_region_code(),
            year=int(year),
            value=Decimal(str(value)),
            note=note,
        )
        for year, value in row.get("values", {}).items()
    ]
    for region, series in row.get("region_values", {}).items():
        values += [
            IndicatorValue(
                indicator=indicator,
                region=region,
                year=int(year),
                value=Decimal(str(value)),
                note=note if region in illustrative_regions else "",
            )
            for year, value in series.items()
        ]
    for district, series in row.get("district_values", {}).items():
        values += [
            IndicatorValue(
                indicator=indicator,
                region=home_region_code(),
                year=int(year),
                breakdown=district,
                value=Decimal(str(value)),
                note=note,
            )
            for year, value in series.items()
        ]
    return values
