"""SVG line charts made on the server with pygal, the same for the web pages and the PDFs.

A chart is described by a plain JSON-able *spec* (title, years, series), which
the council report freezes in its snapshot; `chart_svg(spec)` draws it. The
SVG has no script (pygal's JavaScript is switched off), carries `role="img"`
with a <title> and a <desc> that states every figure, and every chart is shown
beside a data table built from the same spec (`chart_table`).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re

import pygal
from django.core.cache import cache
from django.utils.html import escape
from django.utils.translation import get_language
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
_BAND = "#d5e6f5"  # the need band: a light fill behind the lines
_BAND_EDGE = "band-edge"
_ids = itertools.count(1)
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


def format_number(value) -> str:
    """Norwegian style: a no-break space between thousands, a decimal comma."""
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return text.replace(",", "\u00a0").replace(".", ",")
    return f"{value:,.0f}".replace(",", "\u00a0")


def _points(rows: list[dict]) -> dict[int, dict]:
    return {row["year"]: row for row in rows}


def _series(label: str, rows: list[dict], kind: str = "value") -> dict:
    """A series: year → number (None where hidden or missing) and year → what to print."""
    points = _points(rows)
    return {
        "label": label,
        "kind": kind,
        "values": {year: p.get("value") for year, p in points.items()},
        "labels": {
            year: p.get("display") or (p.get("symbol") or "")
            for year, p in points.items()
            if p.get("value") is None
        },
    }


def _target_series(indicator: dict) -> list[dict]:
    if not indicator["targets"]:
        return []
    return [_series(_("Mål"), indicator["targets"], kind="target")]


def _band(indicator: dict, *more: dict | None) -> dict | None:
    for source in (indicator, *more):
        if source and source.get("need"):
            low, high = source["need"]
            return {
                "label": _("Behov %(low)s–%(high)s %(unit)s i året")
                % {"low": format_number(low), "high": format_number(high), "unit": source["unit"]},
                "low": low,
                "high": high,
            }
    return None


def plantall_spec(realised: dict, planned: dict | None) -> dict:
    """Planned vs realised (plantall): both series, the target as a line, the need as a
    band, and per year the gap (realised − planned) and the cumulative shortfall."""
    series = []
    if planned:
        series.append(_series(planned["name"], planned["values"]))
    series.append(_series(realised["name"], realised["values"]))
    series += _target_series(realised)
    notes = sorted({t["note"] for t in realised["targets"] if t["note"]})
    title = (
        _("%(planned)s og %(realised)s")
        % {"planned": planned["name"], "realised": realised["name"]}
        if planned
        else realised["name"]
    )
    spec = _spec(title, realised["unit"], series, notes, band=_band(realised, planned))
    if planned:
        gaps, shortfall, running = [], [], 0
        done = dict(zip(spec["years"], spec["series"][1]["values"], strict=True))
        plan = dict(zip(spec["years"], spec["series"][0]["values"], strict=True))
        for year in spec["years"]:
            if done[year] is None or plan[year] is None:
                gaps.append(None)
                shortfall.append(None)
                continue
            gaps.append(done[year] - plan[year])
            running += plan[year] - done[year]
            shortfall.append(running)
        spec["extra_columns"] = [
            {"label": _("Avvik (fullført − planlagt)"), "values": gaps},
            {"label": _("Akkumulert underskudd"), "values": shortfall},
        ]
    return spec


# Kept for callers that used the earlier name.
comparison_spec = plantall_spec


def trend_spec(indicator: dict) -> dict:
    """One indicator over time; with values for other regions (KOSTRA group, county,
    the country) one line per region, the municipality first; the target as a line."""
    series = [_series(indicator.get("region_name") or indicator["name"], indicator["values"])]
    for region in indicator.get("comparison", []):
        series.append(_series(region["name"], region["values"]))
    if len(series) == 1:
        series[0]["label"] = indicator["name"]
    series += _target_series(indicator)
    notes = sorted({t["note"] for t in indicator["targets"] if t["note"]})
    return _spec(indicator["name"], indicator["unit"], series, notes, band=_band(indicator))


def _spec(title: str, unit: str, series: list[dict], notes: list[str], band=None) -> dict:
    years = sorted({year for s in series for year in s["values"]})
    return {
        "title": title,
        "unit": unit,
        "years": years,
        # JSON keys must be strings: values are lists aligned with `years`.
        "series": [
            {
                "label": s["label"],
                "kind": s.get("kind", "value"),
                "values": [s["values"].get(year) for year in years],
                "labels": [s.get("labels", {}).get(year, "") for year in years],
            }
            for s in series
        ],
        "band": band,
        "extra_columns": [],
        "notes": notes,
    }


def indicator_charts(indicators: list[dict]) -> list[dict]:
    """Chart specs for a list of indicator dicts: each planned/realised pair, then each
    other indicator with at least two values or values for other regions."""
    by_code = {i["code"]: i for i in indicators}
    paired = set()
    specs = []
    for indicator in indicators:
        if indicator["compare_with"]:
            planned = by_code.get(indicator["compare_with"])
            specs.append(plantall_spec(indicator, planned))
            paired.update({indicator["code"], indicator["compare_with"]})
    for indicator in indicators:
        if indicator["code"] in paired:
            continue
        if len(indicator["values"]) >= 2 or indicator.get("comparison"):
            specs.append(trend_spec(indicator))
    return specs


def _cell(series: dict, i: int) -> str:
    value = series["values"][i]
    if value is None:
        labels = series.get("labels") or []
        return (labels[i] if i < len(labels) else "") or "–"
    return format_number(value)


def chart_description(spec: dict) -> str:
    """Every figure in words, for the SVG's <desc> and the text under the chart."""
    parts = []
    if spec.get("band"):
        parts.append(f"{spec['band']['label']}.")
    for series in spec["series"]:
        figures = ", ".join(
            _("%(value)s i %(year)s") % {"value": _cell(series, i), "year": year}
            for i, year in enumerate(spec["years"])
            if series["values"][i] is not None or (series.get("labels") or [""] * (i + 1))[i]
        )
        if figures:
            parts.append(f"{series['label']} ({spec['unit']}): {figures}.")
    return " ".join(parts)


def chart_table(spec: dict) -> dict:
    """The data-table alternative: header and rows of formatted figures (hidden small
    counts as "<5", SSB symbols as they are)."""
    extra = spec.get("extra_columns") or []
    return {
        "header": [_("År")] + [s["label"] for s in spec["series"]] + [c["label"] for c in extra],
        "rows": [
            [str(year)]
            + [_cell(s, i) for s in spec["series"]]
            + [format_number(c["values"][i]) for c in extra]
            for i, year in enumerate(spec["years"])
        ],
    }


def render_charts(specs: list[dict], *, for_pdf: bool = False) -> list[dict]:
    """What a page or the PDF shows per chart: the spec, the drawing, the text description
    and the data table. Pages get the chart as an <img> (`img`: the Content-Security-Policy
    blocks pygal's inline styles in page markup); the PDF gets inline SVG (`svg`)."""
    return [
        {
            "spec": spec,
            "svg": chart_svg(spec) if for_pdf else "",
            "img": "" if for_pdf else chart_image(spec),
            "description": chart_description(spec),
            "table": chart_table(spec),
        }
        for spec in specs
    ]


def _axis_top(spec: dict) -> float:
    values = [v for s in spec["series"] for v in s["values"] if v is not None]
    if spec.get("band"):
        values.append(spec["band"]["high"])
    return max(values) * 1.1 if values and max(values) > 0 else 1


def chart_svg(spec: dict, *, width: int = 720, height: int = 340) -> str:
    """The chart as inline SVG markup: a line per series, the target dashed, the need
    as a shaded band (drawn as an upper area covered below its lower edge)."""
    band = spec.get("band")
    series = spec["series"]
    colours = list(_STYLE.colors)
    line_colours = [colours[i % len(colours)] for i in range(len(series))]
    band_colours = [_BAND, "#ffffff"] if band else []
    style = Style(
        **{
            **_STYLE.to_dict(),
            "colors": tuple(band_colours + line_colours),
            "opacity": "1",
            "opacity_hover": "1",
            "stroke_width": "3",
            "stroke_width_hover": "3",
        }
    )
    chart = pygal.Line(
        js=[],
        style=style,
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
        allow_interruptions=True,
        dots_size=4,
        no_data_text=_("Ingen tall"),
    )
    chart.x_labels = [str(year) for year in spec["years"]]
    if band:
        years = len(spec["years"])
        chart.add(band["label"], [band["high"]] * years, fill=True, show_dots=False)
        chart.add(_BAND_EDGE, [band["low"]] * years, fill=True, show_dots=False)
    targets = []
    for s in series:
        if s.get("kind") == "target":
            # A target holds between the years it names: one unbroken dashed line.
            targets.append(len(chart.raw_series))
            chart.add(s["label"], s["values"], show_dots=False, allow_interruptions=False)
        else:
            chart.add(s["label"], s["values"])
    number = next(_ids)
    # pygal reuses element ids in every chart; several charts share one page or PDF.
    svg = chart.render(is_unicode=True).replace("activate-serie-", f"c{number}-activate-serie-")
    # pygal writes an inline config <script> even with js=[]; the charts are static.
    svg = _SCRIPT.sub("", svg)
    for index in targets:
        # A presentation attribute, not a style: pygal's own CSS sets no dash on lines.
        svg = svg.replace(
            f'<g class="series serie-{index} color-{index}"><path ',
            f'<g class="series serie-{index} color-{index}"><path stroke-dasharray="10,6" ',
        )
    if band:
        # The white area that cuts the band's lower edge is no series: no legend entry.
        svg = re.sub(
            rf'<g id="c{number}-activate-serie-1" class="legend[^"]*">.*?</g>',
            "",
            svg,
            flags=re.DOTALL,
        )
    title_id, desc_id = f"chart-title-{number}", f"chart-desc-{number}"
    head, rest = svg.split(">", 1)
    return (
        f'{head} role="img" aria-labelledby="{title_id} {desc_id}">'
        f'<title id="{title_id}">{escape(spec["title"])}</title>'
        f'<desc id="{desc_id}">{escape(chart_description(spec))}</desc>{rest}'
    )


# How long a drawn chart is kept: its cache key holds everything it is drawn from (the
# figures, the labels, the size, the language), so a change of data draws it anew at once.
CHART_CACHE_SECONDS = 24 * 60 * 60


def chart_image(spec: dict, *, width: int = 720, height: int = 340) -> str:
    """`_chart_image`, drawn once and kept in the cache: pygal took 70 % of the key figures
    page (eight charts, ~5 ms each) while the figures behind them change a few times a year."""
    facts = json.dumps([spec, width, height, get_language()], sort_keys=True, default=str)
    key = "chart-image:" + hashlib.sha256(facts.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = _chart_image(spec, width=width, height=height)
        cache.set(key, html, timeout=CHART_CACHE_SECONDS)
    return html


def _chart_image(spec: dict, *, width: int, height: int) -> str:
    """The chart as an <img> of the same SVG, for web pages under the Content-Security-Policy.

    pygal styles its SVG with a <style> element and style attributes, which the policy
    (no inline styles) blocks in markup that is part of the page; an SVG loaded as an
    image is a document of its own, drawn without scripts, so its styles apply. The alt
    text is the chart's title: the description that states every figure is printed
    under the chart, and the data table follows it.
    """
    svg = chart_svg(spec, width=width, height=height)
    data = base64.b64encode(svg.encode()).decode("ascii")
    alt = spec["title"]
    return (
        f'<img class="chart__image" src="data:image/svg+xml;base64,{data}" '
        f'width="{width}" height="{height}" alt="{escape(alt)}">'
    )
