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

    with django_assert_num_queries(4):  # regions, indicators, values, targets
        indicators = indicators_for_plan(plan)
    specs = charts.indicator_charts(indicators)

    plantall = specs[0]
    assert plantall["years"] == [2014, 2015, 2016, 2017]
    by_label = {s["label"]: s for s in plantall["series"]}
    # The realised series has more than one point (illustrative, labelled in the data).
    assert by_label["Fullførte boliger per år"]["values"] == [210, 245, 290, 270]
    assert by_label["Planlagte boliger per år (plantall)"]["values"] == [300, 300, 350, 350]
    assert by_label["Mål"]["kind"] == "target"
    assert by_label["Mål"]["values"] == [300, 300, 300, 300]
    assert plantall["band"]["low"] == 300 and plantall["band"]["high"] == 400
    gap, shortfall = plantall["extra_columns"]
    assert gap["values"] == [-90, -55, -60, -80]
    assert shortfall["values"] == [90, 145, 205, 285]
    assert any(note.startswith("Illustrativt eksempel: mål på 300") for note in plantall["notes"])
    completed = next(i for i in indicators if i["code"] == "fullforte-boliger")
    assert completed["is_illustrative"]
    assert "om lag 160 boliger i året" in completed["note"]
    assert "årene før 2014" in completed["note"]


def test_target_is_a_dashed_line_and_the_need_a_band_without_its_own_legend_entry():
    spec = charts.plantall_spec(
        {
            "name": "Fullført",
            "unit": "boliger",
            "values": [{"year": 2014, "value": 200}, {"year": 2015, "value": 250}],
            "targets": [
                {"year": 2014, "value": 300, "note": ""},
                {"year": 2015, "value": 300, "note": ""},
            ],
            "need": [300, 400],
        },
        {
            "name": "Planlagt",
            "unit": "boliger",
            "values": [{"year": 2014, "value": 300}, {"year": 2015, "value": 300}],
            "targets": [],
        },
    )
    svg = charts.chart_svg(spec)

    assert 'stroke-dasharray="10,6"' in svg  # the target
    assert svg.count('class="legend reactive') == 4  # band, planned, realised, target
    assert "Behov 300–400 boliger i året" in svg
    assert "band-edge" not in svg  # the white cut under the band is no series of its own


def test_hidden_small_counts_print_as_their_label_not_as_a_number():
    spec = charts.trend_spec(
        {
            "name": "Barnefamilier",
            "unit": "husstander",
            "values": [
                {"year": 2016, "value": None, "display": "<5", "suppressed": True},
                {"year": 2017, "value": 9, "display": "9"},
                {"year": 2018, "value": None, "symbol": ":", "display": ":"},
            ],
            "targets": [],
        }
    )
    assert charts.chart_table(spec)["rows"] == [["2016", "<5"], ["2017", "9"], ["2018", ":"]]
    assert "<5 i 2016" in charts.chart_description(spec)
    assert "&lt;5 i 2016" in charts.chart_svg(spec)


def test_a_chart_image_is_drawn_once_per_data_size_and_language(monkeypatch):
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    drawn = []
    real = charts.chart_svg
    monkeypatch.setattr(charts, "chart_svg", lambda spec, **kw: drawn.append(spec) or real(spec))

    first = charts.chart_image(SPEC)
    assert charts.chart_image(SPEC) == first and len(drawn) == 1
    assert first.startswith('<img class="chart__image" src="data:image/svg+xml;base64,')

    changed = {**SPEC, "series": [{"label": "Planlagt", "values": [None, 301]}]}
    assert charts.chart_image(changed) != first and len(drawn) == 2
    charts.chart_image(SPEC, width=360)
    assert len(drawn) == 3
    with translation.override("en"):
        charts.chart_image(SPEC)
    assert len(drawn) == 4
