"""Generator step 5: indicators with yearly series (some by district) and targets."""

from __future__ import annotations

from decimal import Decimal

from analyses.models import Indicator, IndicatorTarget, IndicatorValue
from demo.generate.base import GENERATED, Run
from demo.generate.tables import DISTRICTS, INDICATORS


def indicators(run: Run) -> None:
    rng, today = run.rng, run.today
    goals = {g.number: g for g in run.goals[run.plan.pk]}
    indicators = run.bulk(
        Indicator,
        [
            Indicator(
                code=f"{run.label}-{code}",
                name=f"{name} ({run.label})",
                unit=unit,
                source=source,
                goal=goals[goal],
                is_key=index < 3,
                is_illustrative=True,
                description=GENERATED + "tenkt tallserie.",
            )
            for index, (code, name, unit, source, _base, goal) in enumerate(INDICATORS)
        ],
        "indikatorer",
    )
    values, targets = [], []
    years = range(today.year - 12, today.year)
    for indicator, (*_rest, base, _goal) in zip(indicators, INDICATORS, strict=True):
        breakdowns = [""] + (DISTRICTS if indicator.source == Indicator.Source.SSB else [])
        for breakdown in breakdowns:
            scale = 1 if breakdown == "" else 1 / len(DISTRICTS)
            level = base * scale
            for year in years:
                level *= rng.uniform(0.93, 1.09)
                missing = rng.random() < 0.03
                values.append(
                    IndicatorValue(
                        indicator=indicator,
                        year=year,
                        breakdown=breakdown,
                        value=None
                        if missing
                        else Decimal(round(level, 2)).quantize(Decimal("0.01")),
                        symbol=".." if missing else "",
                    )
                )
        for year in range(run.plan.period_start, run.plan.period_end + 1):
            targets.append(
                IndicatorTarget(
                    indicator=indicator,
                    year=year,
                    value=Decimal(round(base * 1.2)),
                    note="Generert mål.",
                )
            )
    run.bulk(IndicatorValue, values, "indikatorverdier")
    run.bulk(IndicatorTarget, targets, "indikatormål")
