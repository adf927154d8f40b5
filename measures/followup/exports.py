"""The measure list as a spreadsheet: one definition of the columns for Excel and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from bodobolig.people import display_name
from bodobolig.spreadsheets import append_xlsx_row, safe_cell
from measures.models import Measure


def _person(user) -> str:
    return display_name(user) if user else ""


def measure_columns() -> list[tuple[str, callable]]:
    """(heading, value of a measure) for every column of both exports."""
    return [
        (_("Kode"), lambda m: m.code),
        (_("Tiltak"), lambda m: m.title),
        (_("Plan"), lambda m: str(m.plan)),
        (_("Målområde"), lambda m: str(m.strategy.goal)),
        (_("Strategi"), lambda m: f"{m.strategy.code} {m.strategy.title}"),
        (_("Ansvarlig virksomhet"), lambda m: m.responsible_department.name),
        (_("Hovedansvarlig"), lambda m: _person(m.responsible_person)),
        (_("Status"), lambda m: str(m.get_status_display())),
        (_("Framdrift (%)"), lambda m: m.progress),
        (_("Gjennomføringsplan"), implementation_plan_label),
        (_("Planlagt start"), lambda m: m.planned_start),
        (_("Planlagt slutt"), lambda m: m.planned_end),
        (_("Kostnadsanslag (kr)"), lambda m: int(m.cost_estimate) if m.cost_estimate else None),
        (
            _("Sist rapportert"),
            lambda m: timezone.localtime(m.last_reported_at).date() if m.last_reported_at else None,
        ),
    ]


def implementation_plan_label(measure: Measure) -> str:
    try:
        plan = measure.implementation_plan
    except Measure.implementation_plan.RelatedObjectDoesNotExist:
        return str(_("Ikke bestilt"))
    return str(plan.get_status_display())


def measure_rows(measures: Iterable[Measure]) -> tuple[list[str], list[list]]:
    columns = measure_columns()
    return [str(heading) for heading, _value in columns], [
        [value(m) for _heading, value in columns] for m in measures
    ]


def to_xlsx(headings: list[str], rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Tiltak"))
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_xlsx_row(sheet, row)
    for column, heading in zip(sheet.columns, headings, strict=True):
        if isinstance(heading, str):
            sheet.column_dimensions[column[0].column_letter].width = max(12, len(heading) + 2)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_csv(headings: list[str], rows: list[list]) -> str:
    """Semicolon-separated with a byte-order mark: what Norwegian Excel opens directly."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headings)
    for row in rows:
        writer.writerow(
            [
                ""
                if v is None
                else v.strftime("%d.%m.%Y")
                if isinstance(v, dt.date)
                else safe_cell(v)
                for v in row
            ]
        )
    return buffer.getvalue()
