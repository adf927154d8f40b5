"""The generated annex "Hvem gjør hva" (who does what) as an Excel sheet and a PDF."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import asdict

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from bodobolig.pdf import RenderedPdf, render_pdf
from measures.planning.selectors import WhoDoesWhatRow
from plans.models import Plan

PDF_TEMPLATE = "measures/pdf/who_does_what.html"
# The template says <html lang="nb">: the annex is written in bokmål whoever asks for it.
PDF_LANGUAGE = "nb"


def _headings() -> list[str]:
    return [
        _("Kode"),
        _("Tiltak"),
        _("Ansvarlig virksomhet"),
        _("Hovedansvarlig"),
        _("Medvirkende virksomheter"),
        _("Samarbeidspartnere"),
        _("Status"),
    ]


def who_does_what_xlsx(plan: Plan, rows: list[WhoDoesWhatRow]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Hvem gjør hva")[:31]
    sheet.append([_("Hvem gjør hva – %(plan)s") % {"plan": plan}])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(_headings())
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [
                row.code,
                row.title,
                row.department,
                row.owner,
                ", ".join(row.contributing),
                ", ".join(row.partners),
                row.status,
            ]
        )
    for column, width in zip("ABCDEFG", (9, 60, 32, 26, 40, 30, 14), strict=True):
        sheet.column_dimensions[column].width = width
    for line in sheet.iter_rows(min_row=4):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A4"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def who_does_what_snapshot(plan: Plan, rows: list[WhoDoesWhatRow]) -> dict:
    """What the PDF shows, frozen as JSON: the plan's name, the municipality and the rows."""
    return {
        "plan": str(plan),
        "municipality": settings.MUNICIPALITY_NAME,
        "rows": [asdict(row) for row in rows],
    }


def who_does_what_pdf(snapshot: dict, *, generated: dt.date) -> RenderedPdf:
    """The annex (one row per measure) from its snapshot, in bokmål like the template's
    `lang`, through the one PDF pipeline. Reads no rows."""
    with translation.override(PDF_LANGUAGE):
        return render_pdf(
            PDF_TEMPLATE,
            {
                "plan": snapshot["plan"],
                "rows": snapshot["rows"],
                "municipality": snapshot["municipality"],
                "generated": generated,
            },
        )
