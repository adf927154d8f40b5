"""Rendering a council report: the template context from a frozen snapshot, the PDF
(through the shared pipeline in bodobolig/pdf.py) and the archive file name.
Reads nothing but the snapshot, so an archived report can be rendered again."""

from __future__ import annotations

from collections import defaultdict

from django.utils import translation

from analyses import charts
from bodobolig.pdf import RenderedPdf, render_pdf
from measures.models import (
    CouncilReport,
)
from measures.reports.snapshot import REPORT_LANGUAGE, TEMPLATE, parse_date


def render_context(snapshot: dict) -> dict:
    """The template's context, made from the snapshot alone (no database reads)."""
    statuses = snapshot["statuses"]
    # Copies: the snapshot itself stays JSON-able and unchanged.
    measures = [
        {
            **row,
            "planned_end_date": parse_date(row["planned_end"]),
            "last_reported_date": parse_date(row["last_reported"]),
            "update": row["update"]
            and {**row["update"], "date_value": parse_date(row["update"]["date"])},
        }
        for row in snapshot["measures"]
    ]
    by_strategy: dict[str, list[dict]] = defaultdict(list)
    for row in measures:
        by_strategy[row["strategy_code"]].append(row)
    goals = []
    for goal in snapshot["goals"]:
        goals.append(
            {
                **goal,
                "status_summary": "; ".join(
                    f"{label}: {goal['counts'][value]}"
                    for value, label in statuses
                    if goal["counts"].get(value)
                ),
                "strategies": [
                    {**s, "measure_count": len(by_strategy.get(s["code"], []))}
                    for s in goal["strategies"]
                ],
                # The measures the council must read; every measure is in the appendix.
                "council_measures": [
                    row
                    for s in goal["strategies"]
                    for row in by_strategy.get(s["code"], [])
                    if council_must_read(row)
                ],
            }
        )
    summary = snapshot["summary"]
    previous = snapshot["previous"]
    chart_list = charts.render_charts(snapshot["charts"], for_pdf=True)
    report = snapshot["report"]
    return {
        "s": snapshot,
        "report": {
            **report,
            "as_of_date": parse_date(report["as_of"]),
            "meeting_date_value": parse_date(report["meeting_date"]),
        },
        "plan": {**snapshot["plan"], "adopted_on_date": parse_date(snapshot["plan"]["adopted_on"])},
        "statuses": statuses,
        "status_totals": _labelled_counts(summary["counts"], statuses),
        "goal_rows": [
            {**g, "cells": [g["counts"].get(value, 0) for value, _l in statuses]}
            for g in summary["by_goal"]
        ],
        "department_rows": [
            {**d, "cells": [d["counts"].get(value, 0) for value, _l in statuses]}
            for d in summary["by_department"]
        ],
        "previous": previous
        and {
            **previous,
            "as_of_date": parse_date(previous["as_of"]),
            "rows": [
                {
                    "label": label,
                    "before": previous["counts"].get(value, 0),
                    "now": summary["counts"].get(value, 0),
                    "delta": previous["delta"].get(value, 0),
                }
                for value, label in statuses
            ],
        },
        "goals": goals,
        "measures": measures,
        "charts": chart_list,
        "round": snapshot["round"]
        and {**snapshot["round"], "due": parse_date(snapshot["round"]["due_date"])},
    }


def council_must_read(row: dict) -> bool:
    """A measure the goal chapter shows with its text: delayed or postponed, not reported
    for too long (the one stale rule, judged in the snapshot), or its status changed since
    the previous published report. Snapshots from before `status_changed` lack the key."""
    return bool(row["delayed"] or row["is_stale"] or row.get("status_changed"))


def _labelled_counts(counts: dict, statuses: list) -> list[dict]:
    return [{"value": v, "label": label, "count": counts.get(v, 0)} for v, label in statuses]


def render_report(snapshot: dict) -> RenderedPdf:
    """The PDF for a snapshot, in bokmål. Reads no rows: an old report renders unchanged."""
    with translation.override(REPORT_LANGUAGE):
        return render_pdf(TEMPLATE, render_context(snapshot))


def report_file_name(report: CouncilReport) -> str:
    return f"statusrapport-{report.plan_id}-{report.pk}-{report.as_of:%Y-%m-%d}.pdf"
