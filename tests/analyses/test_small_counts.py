"""Small counts of households are hidden on every output path for politicians and the
public (pages, CSV export, the API's read, the council report PDF); staff see them exact."""

import re
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from analyses.models import Indicator, IndicatorValue
from analyses.selectors import indicator_values_for_user
from bodobolig.permissions import Role
from measures.reports import rendering, snapshot
from tests.factories import GoalFactory, PlanFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = PlanFactory(period_start=2014, period_end=2017)
    goal = GoalFactory(plan=plan, number=2)
    indicator = Indicator.objects.create(
        code="barnefamilier",
        name="Barnefamilier i midlertidig botilbud",
        unit="husstander",
        source="kostra",
        goal=goal,
        counts_people=True,
    )
    for year, breakdown, value in [
        (2015, "", 20),
        (2016, "", 12),
        (2016, "Sentrum", 3),  # small: hidden
        (2016, "Rønvik", 9),  # would reveal Sentrum as 12 − 9: hidden too
        (2017, "", 2),  # small total: hidden
    ]:
        IndicatorValue.objects.create(
            indicator=indicator, year=year, breakdown=breakdown, value=Decimal(value)
        )
    return plan


def _login(client, role):
    if role != Role.PUBLIC:
        client.force_login(make_user(role))
    return client


def _table_cells(html):
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    ]


@pytest.mark.parametrize("role", [Role.PUBLIC, Role.POLITICIAN])
def test_indicator_page_hides_small_counts_and_the_cell_that_would_reveal_them(client, plan, role):
    page = _login(client, role).get(reverse("analyses:indicator_detail", args=["barnefamilier"]))
    cells = _table_cells(page.content.decode())

    assert cells.count("&lt;5") == 3  # Sentrum, Rønvik (secondary), 2017's total
    assert "12" in cells and "20" in cells
    assert "3" not in cells and "9" not in cells and "2" not in cells


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.LEAD])
def test_staff_see_the_exact_counts(client, plan, role):
    page = _login(client, role).get(reverse("analyses:indicator_detail", args=["barnefamilier"]))
    cells = _table_cells(page.content.decode())
    assert {"3", "9", "2", "12"} <= set(cells)
    assert "&lt;5" not in cells


@pytest.mark.parametrize(
    ("role", "shown"), [(Role.POLITICIAN, "&lt;5"), (Role.PUBLIC, "&lt;5"), (Role.COORDINATOR, "2")]
)
def test_key_figures_chart_table_for_each_reader(client, plan, role, shown):
    page = _login(client, role).get(reverse("key_figures", args=[plan.slug])).content.decode()
    row_2017 = re.search(r'<th scope="row">2017</th>(.*?)</tr>', page, re.S)[1]
    assert _table_cells(row_2017) == [shown]
    assert "Barnefamilier i midlertidig botilbud" in page


@pytest.mark.parametrize(
    ("role", "exact"), [(Role.PUBLIC, False), (Role.POLITICIAN, False), (Role.COORDINATOR, True)]
)
def test_csv_export_is_protected_for_the_reader(client, plan, role, exact):
    body = (
        _login(client, role)
        .get(reverse("analyses:indicator_export", args=["barnefamilier"]))
        .content.decode("utf-8-sig")
    )
    rows = {
        (line.split(";")[2], line.split(";")[3]): line.split(";")[4]
        for line in body.splitlines()[1:]
    }
    if exact:
        assert rows[("2016", "Sentrum")] == "3" and rows[("2017", "")] == "2"
    else:
        assert rows[("2016", "Sentrum")] == "<5"
        assert rows[("2016", "Rønvik")] == "<5"
        assert rows[("2017", "")] == "<5"
        assert rows[("2016", "")] == "12"


def test_the_api_read_protects_for_politicians_and_not_for_staff(plan):
    politician = indicator_values_for_user(make_user(Role.POLITICIAN))
    staff = indicator_values_for_user(make_user(Role.COORDINATOR))

    sentrum = next(r for r in politician if r["breakdown"] == "Sentrum")
    assert sentrum["value"] is None and sentrum["suppressed"] and sentrum["display"] == "<5"
    assert next(r for r in staff if r["breakdown"] == "Sentrum")["value"] == 3
    # Stored data is never changed by the protection.
    assert IndicatorValue.objects.get(breakdown="Sentrum").value == 3


def test_the_council_report_pdf_shows_small_counts_as_less_than_five(plan, tmp_path):
    data = snapshot.build_snapshot(plan=plan, as_of=timezone.localdate())
    pdf = rendering.render_report(data).content
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    text = re.sub(
        r"\s+",
        " ",
        subprocess.run(
            ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout,
    )

    assert "2017 <5" in text
    assert "2016 12" in text
    assert "vises som «<5»" in text


@pytest.mark.parametrize(
    ("role", "protected"),
    [(Role.PUBLIC, True), (Role.POLITICIAN, True), (Role.LEAD, False), (Role.COORDINATOR, False)],
)
def test_the_rest_api_values_endpoint_protects_for_politicians_and_the_public(
    client, plan, role, protected
):
    """/api/v1/indicators/{id}/values/ goes through the same rule as the pages, one page of
    values at a time: a hidden district and the district that would reveal it by
    subtraction come out as SSB's ":" with no number."""
    indicator = Indicator.objects.get(code="barnefamilier")
    url = f"/api/v1/indicators/{indicator.pk}/values/"
    rows = _login(client, role).get(url, {"page_size": 2}).json()["results"]
    rows += client.get(url, {"page_size": 2, "page": 2}).json()["results"]
    rows += client.get(url, {"page_size": 2, "page": 3}).json()["results"]
    shown = {(r["year"], r["breakdown"]): (r["value"], r["symbol"]) for r in rows}
    assert len(shown) == 5
    if protected:
        assert shown[(2016, "Sentrum")] == (None, ":")
        assert shown[(2016, "Rønvik")] == (None, ":")
        assert shown[(2017, "")] == (None, ":")
        assert shown[(2015, "")][0] == "20.00"
    else:
        assert shown[(2016, "Sentrum")][0] == "3.00"
        assert shown[(2017, "")][0] == "2.00"
