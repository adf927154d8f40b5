"""SVG charts made on the server with pygal, the same for the web pages and the PDFs.

A chart is described by a plain JSON-able *spec* (title, years, series), which
the council report freezes in its snapshot; `chart_svg(spec)` draws it. The
SVG has no script (pygal's JavaScript is switched off), carries `role="img"`
with a <title> and a <desc> that states every figure, and every chart is shown
beside a data table built from the same spec (`chart_table`).
"""

from __future__ import annotations

import base64
import itertools
import re

import pygal
from django.utils.html import escape
from django.utils.translation import gettext as _
from pygal.style import Style

# Designsystemet-like colours with enough contrast on white; the legend repeats them in text.
_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1e2b3c",
    foreground_strong="#1e2b3c",
    foreground_subtle="#68707c",
    colors=("#1e6fb8", "#c2410c", "#3f7d20", "#7e3fa8", "#4b5563"),
    font_family="DejaVu Sans, Liberation Sans, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    value_font_size=12,
    title_font_size=16,
)
_ids = itertools.count(1)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


def format_number(value) -> str:
    """Norwegian style: a no-break space between thousands, a decimal comma."""
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "\u00a0").replace(".", ",")
    return f"{value:,.0f}".replace(",", "\u00a0")


def comparison_spec(realised: dict, planned: dict | None) -> dict:
    """Planned vs realised (plantall): both series and the targets of the realised one."""
    series = []
    if planned:
        series.append(
            {"label": planned["name"], "values": {v["year"]: v["value"] for v in planned["values"]}}
        )
    series.append(
        {"label": realised["name"], "values": {v["year"]: v["value"] for v in realised["values"]}}
    )
    if realised["targets"]:
        series.append(
            {
                "label": _("Mål"),
                "values": {t["year"]: t["value"] for t in realised["targets"]},
            }
        )
    notes = sorted({t["note"] for t in realised["targets"] if t["note"]})
    title = (
        _("%(planned)s og %(realised)s")
        % {"planned": planned["name"], "realised": realised["name"]}
        if planned
        else realised["name"]
    )
    return _spec(title, realised["unit"], series, notes)


def trend_spec(indicator: dict) -> dict:
    series = [
        {"label": indicator["name"], "values": {v["year"]: v["value"] for v in indicator["values"]}}
    ]
    return _spec(indicator["name"], indicator["unit"], series, [])


def _spec(title: str, unit: str, series: list[dict], notes: list[str]) -> dict:
    years = sorted({year for s in series for year in s["values"]})
    return {
        "title": title,
        "unit": unit,
        "years": years,
        # JSON keys must be strings: values are lists aligned with `years`.
        "series": [
            {
                "label": s["label"],
                "values": [s["values"].get(year) for year in years],
            }
            for s in series
        ],
        "notes": notes,
    }


def indicator_charts(indicators: list[dict]) -> list[dict]:
    """Chart specs for a list of indicator dicts: each planned/realised pair, then each
    other indicator with at least two values."""
    by_code = {i["code"]: i for i in indicators}
    paired = set()
    specs = []
    for indicator in indicators:
        if indicator["compare_with"]:
            planned = by_code.get(indicator["compare_with"])
            specs.append(comparison_spec(indicator, planned))
            paired.update({indicator["code"], indicator["compare_with"]})
    for indicator in indicators:
        if indicator["code"] not in paired and len(indicator["values"]) >= 2:
            specs.append(trend_spec(indicator))
    return specs


def chart_description(spec: dict) -> str:
    """Every figure in words, for the SVG's <desc> (screen readers, PDF alternative text)."""
    parts = []
    for series in spec["series"]:
        figures = ", ".join(
            _("%(value)s i %(year)s") % {"value": format_number(value), "year": year}
            for year, value in zip(spec["years"], series["values"], strict=True)
            if value is not None
        )
        parts.append(f"{series['label']} ({spec['unit']}): {figures}.")
    return " ".join(parts)


def chart_table(spec: dict) -> dict:
    """The data-table alternative: header and rows of formatted figures."""
    return {
        "header": [_("År")] + [s["label"] for s in spec["series"]],
        "rows": [
            [str(year)] + [format_number(s["values"][i]) for s in spec["series"]]
            for i, year in enumerate(spec["years"])
        ],
    }


def _axis_top(spec: dict) -> float:
    values = [v for s in spec["series"] for v in s["values"] if v is not None]
    return max(values) * 1.1 if values and max(values) > 0 else 1


def chart_svg(spec: dict, *, width: int = 720, height: int = 340) -> str:
    """The chart as inline SVG markup: one bar per series and year."""
    chart = pygal.Bar(
        js=[],
        style=_STYLE,
        width=width,
        height=height,
        explicit_size=True,
        disable_xml_declaration=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=1,
        range=(0, _axis_top(spec)),
        print_values=False,
        show_y_guides=True,
        margin=12,
        value_formatter=format_number,
        y_title=spec["unit"],
        truncate_legend=-1,
        no_data_text=_("Ingen tall"),
    )
    chart.x_labels = [str(year) for year in spec["years"]]
    for series in spec["series"]:
        chart.add(series["label"], series["values"])
    number = next(_ids)
    # pygal reuses element ids in every chart; several charts share one page or PDF.
    svg = chart.render(is_unicode=True).replace("activate-serie-", f"c{number}-activate-serie-")
    # pygal writes an inline config <script> even with js=[]; the charts are static.
    svg = _SCRIPT.sub("", svg)
    title_id, desc_id = f"chart-title-{number}", f"chart-desc-{number}"
    head, rest = svg.split(">", 1)
    return (
        f'{head} role="img" aria-labelledby="{title_id} {desc_id}">'
        f'<title id="{title_id}">{escape(spec["title"])}</title>'
        f'<desc id="{desc_id}">{escape(chart_description(spec))}</desc>{rest}'
    )


def chart_image(spec: dict, *, width: int = 720, height: int = 340) -> str:
    """The chart as an <img> of the same SVG, for web pages under the Content-Security-Policy.

    pygal styles its SVG with a <style> element and style attributes, which the policy
    (no inline styles) blocks in markup that is part of the page; an SVG loaded as an
    image is a document of its own, drawn without scripts, so its styles apply. The alt
    text is the chart's title and the description that states every figure.
    """
    svg = chart_svg(spec, width=width, height=height)
    data = base64.b64encode(svg.encode()).decode("ascii")
    alt = f"{spec['title']}. {chart_description(spec)}"
    return (
        f'<img class="chart__image" src="data:image/svg+xml;base64,{data}" '
        f'width="{width}" height="{height}" alt="{escape(alt)}">'
    )
