"""The coordinator's spreadsheet of a hearing's responses and points (Excel).

Submitted text is data, never a formula: a cell that starts with `=`, `+`, `-`, `@`
(or a tab or carriage return, which some programs strip before reading) gets a
leading apostrophe, the OWASP advice against CSV/formula injection.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from hearings.models import Hearing, ResponsePoint

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """`value` as a spreadsheet shows it literally (strings only; numbers and dates pass)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def responses_xlsx(hearing: Hearing) -> bytes:
    """One row per point (a response without points gets one row), sender data included:
    the file is for the administration, not for publication."""
    headings = [
        _("Innspill"),
        _("Mottatt"),
        _("Kanal"),
        _("Avsender"),
        _("Organisasjon"),
        _("Kategori"),
        _("Publisering"),
        _("Punkt"),
        _("Innspillspunkt"),
        _("Administrasjonens kommentar"),
        _("Utfall"),
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Innspill"))
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    responses = hearing.responses.prefetch_related("points").order_by("received_on", "pk")
    for response in responses:
        base = [
            response.receipt_number,
            response.received_on,
            response.get_channel_display(),
            response.sender_name,
            response.organisation,
            response.get_sender_category_display(),
            response.get_publication_display(),
        ]
        points: list[ResponsePoint | None] = list(response.points.all()) or [None]
        for point in points:
            tail = (
                [
                    point.number,
                    point.text,
                    point.administration_comment,
                    point.get_outcome_display(),
                ]
                if point
                else [None, response.text, "", ""]
            )
            sheet.append([spreadsheet_safe(v) for v in base + tail])
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        row[0].number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
