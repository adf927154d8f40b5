"""The shared SVG charts: static, accessible, and fed from plain data."""

import pytest

from analyses import charts
from analyses.selectors import indicators_for_plan
from demo import bodo
from plans.models import Plan

SPEC = {
    "title": "Planlagte og fullførte boliger",
    "unit": "boliger",
    "years": [2013, 2014],
    "series": [
        {"label": "Planlagt", "values": [None, 300]},
        {"label": "Fullført", "values": [160, None]},
    ],
    "notes": [],
}


def test_chart_svg_is_static_and_labelled_for_screen_readers():
    svg = charts.chart_svg(SPEC)

    assert svg.startswith("<svg")
    assert "<script" not in svg
    assert 'role="img"' in svg
    assert "<title id=" in svg and "Planlagte og fullførte boliger</title>" in svg
    assert "Planlagt (boliger): 300 i 2014. Fullført (boliger): 160 i 2013." in svg
    assert "http://" not in svg.split("-->")[-1]  # no external references after the comments


def test_two_charts_on_one_page_do_not_share_element_ids():
    first, second = charts.chart_svg(SPEC), charts.chart_svg(SPEC)
    first_ids = {part.split('"')[0] for part in first.split(' id="')[1:]}
    second_ids = {part.split('"')[0] for part in second.split(' id="')[1:]}
    assert not first_ids & second_ids


def test_chart_table_is_the_data_alternative():
    table = charts.chart_table(SPEC)
    assert table["header"] == ["År", "Planlagt", "Fullført"]
    assert table["rows"] == [["2013", "–", "160"], ["2014", "300", "–"]]


def test_number_format_is_norwegian():
    assert charts.format_number(1234567) == "1\u00a0234\u00a0567"
    assert charts.format_number(2.5) == "2,5"
    assert charts.format_number(None) == "–"


@pytest.mark.django_db
def test_demo_planned_vs_realised_dwellings_chart(django_assert_num_queries):
    bodo.load_demo()
    plan = Plan.objects.get(slug=bodo.HISTORIC_SLUG)

    with django_assert_num_queries(3):  # indicators, values, targets
        indicators = indicators_for_plan(plan)
    specs = charts.indicator_charts(indicators)

    plantall = specs[0]
    # The sources give no yearly completions for Bodø: only the level before the plan
    # (about 160 a year before 2014), which is a note on the indicator, not a 2013 value.
    assert plantall["years"] == [2014, 2015, 2016, 2017]
    by_label = {s["label"]: s["values"] for s in plantall["series"]}
    assert by_label["Fullførte boliger per år"] == [None, None, None, None]
    assert by_label["Planlagte boliger per år (plantall)"] == [300, 300, 350, 350]
    assert by_label["Mål"] == [300, 300, 300, 300]
    assert any(note.startswith("Illustrativt eksempel: mål på 300") for note in plantall["notes"])
    completed = next(i for i in indicators if i["code"] == "fullforte-boliger")
    assert completed["values"] == []
    assert "om lag 160 boliger i året" in completed["note"]
    assert "årene før 2014" in completed["note"]
