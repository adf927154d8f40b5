"""Reading statistics files (CSV and SSB JSON-stat 2.0) into indicator values.

`read_file(name, data, indicator_slug=None)` parses and checks a whole file and
returns an `ImportPlan`: every row it would write, what it would create, change or
leave alone, and every error with its row or cell. Nothing is written here; the
service `statistics_import_apply` writes a plan without errors in one transaction.

CSV columns (semicolon or comma separated, UTF-8, a decimal comma or point):

    indikator;region;periode;inndeling;verdi;symbol

`indikator` is the indicator's code (slug), `region` a region code (1804, EAK …),
`periode` SSB's period code (2014, 2014K1, 2014M03), `inndeling` optional (a city
district), `verdi` the figure, or empty with an SSB `symbol` (`.`, `..`, `...`,
`:`, `-`). The template is `CSV_TEMPLATE`.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

from analyses import jsonstat
from analyses.models import Indicator, IndicatorValue, Region, Symbol, home_region_code

CSV_COLUMNS = ["indikator", "region", "periode", "inndeling", "verdi", "symbol"]
REQUIRED_COLUMNS = {"indikator", "region", "periode", "verdi"}
CSV_TEMPLATE = (
    ";".join(CSV_COLUMNS)
    + "\r\n"
    + "fullforte-boliger;1804;2014;;312;\r\n"
    + "husstander-midlertidig;1804;2015;Sentrum;;:\r\n"
)
MAX_ERRORS = 500  # a whole file of bad rows: the first 500 are enough to act on

_PERIOD = re.compile(r"^(\d{4})(?:([KM])(\d{1,2}))?$")
_REGION_DIMENSIONS = ("Region", "KOKkommuneregion0000", "region")
_TIME_DIMENSIONS = ("Tid", "tid", "Time")
_METRIC_DIMENSIONS = ("ContentsCode", "contentscode")

Key = tuple[int, str, int, int, str]  # indicator id, region, year, subperiod, breakdown


@dataclass(slots=True)
class ImportRow:
    indicator: Indicator
    region: str
    year: int
    subperiod: int
    breakdown: str
    value: Decimal | None
    symbol: str
    source: object  # "Rad 7", or the JSON-stat cell (its description is built when needed)

    @property
    def where(self) -> str:
        where = self.source if isinstance(self.source, str) else self.source.where
        return where[:1].upper() + where[1:]

    @property
    def key(self) -> Key:
        return (self.indicator.pk, self.region, self.year, self.subperiod, self.breakdown)


@dataclass
class ImportPlan:
    kind: str = ""  # "csv" or "json-stat"
    label: str = ""
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # A sample of what changes, for the preview: (where, indicator, period, before, after).
    changes: list[dict] = field(default_factory=list)

    def error(self, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(message)

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_period(code: str, indicator: Indicator) -> tuple[int, int] | None:
    """(year, subperiod) of an SSB period code that fits the indicator's frequency."""
    return _parse_period(code, indicator.frequency)


@functools.lru_cache(maxsize=4096)
def _parse_period(code: str, frequency: str) -> tuple[int, int] | None:
    match = _PERIOD.match(code.strip())
    if not match:
        return None
    year, letter, number = int(match[1]), match[2], match[3]
    expected = {
        Indicator.Frequency.ANNUAL: None,
        Indicator.Frequency.QUARTERLY: "K",
        Indicator.Frequency.MONTHLY: "M",
    }[frequency]
    if letter != expected:
        return None
    subperiod = int(number) if number else 0
    if letter == "K" and not 1 <= subperiod <= 4 or letter == "M" and not 1 <= subperiod <= 12:
        return None
    return year, subperiod


def period_label(year: int, subperiod: int, frequency: str) -> str:
    """SSB's period code: 2014, 2014K1, 2014M03."""
    if not subperiod:
        return str(year)
    if frequency == Indicator.Frequency.QUARTERLY:
        return f"{year}K{subperiod}"
    return f"{year}M{subperiod:02d}"


def _known_regions() -> set[str]:
    return set(Region.objects.values_list("code", flat=True)) | {home_region_code()}


def _decimal(text: str) -> Decimal | None:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _read_csv(text: str, plan: ImportPlan, indicators: dict[str, Indicator], regions: set[str]):
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    missing = sorted(REQUIRED_COLUMNS - set(header))
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if missing:
        plan.error(_("Kolonner mangler: %(c)s.") % {"c": ", ".join(missing)})
    if unknown:
        plan.error(_("Ukjente kolonner: %(c)s.") % {"c": ", ".join(unknown)})
    if len(set(header)) != len(header):
        plan.error(_("En kolonne står to ganger i overskriftsraden."))
    if plan.errors:
        return
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        where = _("Rad %(n)s") % {"n": number}
        if len(cells) != len(header):
            plan.error(
                _("%(w)s: %(n)s celler, men overskriften har %(h)s kolonner.")
                % {"w": where, "n": len(cells), "h": len(header)}
            )
            continue
        row = dict(zip(header, (c.strip() for c in cells), strict=True))
        _add_row(
            plan,
            indicators,
            regions,
            where=where,
            code=row["indikator"],
            region=row["region"],
            period=row["periode"],
            breakdown=row.get("inndeling", ""),
            raw_value=row["verdi"],
            symbol=row.get("symbol", ""),
        )


def _add_row(
    plan, indicators, regions, *, where, code, region, period, breakdown, raw_value, symbol
):
    indicator = indicators.get(code)
    problems = []
    if indicator is None:
        problems.append(_("ukjent indikator «%(c)s»") % {"c": code})
    if region not in regions:
        problems.append(_("ukjent region «%(r)s»") % {"r": region})
    parsed = parse_period(period, indicator) if indicator else None
    if indicator is not None and parsed is None:
        problems.append(
            _("perioden «%(p)s» passer ikke med hyppigheten (%(f)s)")
            % {"p": period, "f": indicator.get_frequency_display()}
        )
    value = raw_value if isinstance(raw_value, Decimal) else None
    if isinstance(raw_value, str) and raw_value:
        value = _decimal(raw_value)
        if value is None:
            problems.append(_("verdien «%(v)s» er ikke et tall") % {"v": raw_value})
    if symbol and symbol not in Symbol.values:
        problems.append(_("ukjent SSB-symbol «%(s)s»") % {"s": symbol})
    elif raw_value in (None, "") and not symbol:
        problems.append(_("verdi eller SSB-symbol mangler"))
    elif raw_value not in (None, "") and symbol and symbol != Symbol.NIL:
        problems.append(_("en verdi kan ikke ha symbolet «%(s)s»") % {"s": symbol})
    if len(breakdown) > 100:
        problems.append(_("inndelingen er lengre enn 100 tegn"))
    if problems:
        where = where if isinstance(where, str) else where.where
        plan.error(f"{where[:1].upper()}{where[1:]}: {'; '.join(problems)}.")
        return
    year, subperiod = parsed
    plan.rows.append(ImportRow(indicator, region, year, subperiod, breakdown, value, symbol, where))


def _pick(ids: list[str], preferred: list[str], names: tuple[str, ...]) -> str | None:
    for name in [*preferred, *names]:
        if name in ids:
            return name
    return None


def _read_jsonstat(
    document, plan: ImportPlan, indicators: dict[str, Indicator], regions, indicator_slug
):
    try:
        meta, cells = jsonstat.decode(document)
    except jsonstat.JsonStatError as error:
        for message in error.errors:
            plan.error(message)
        return
    plan.label = meta["label"]
    ids = meta["ids"]
    time = _pick(ids, meta["time"], _TIME_DIMENSIONS)
    region_dim = _pick(ids, meta["geo"], _REGION_DIMENSIONS)
    metric = _pick(ids, meta["metric"], _METRIC_DIMENSIONS)
    if time is None:
        plan.error(_("Datasettet har ingen tidsdimensjon (Tid)."))
    if indicator_slug is None and metric is None:
        plan.error(_("Datasettet har ingen ContentsCode; velg indikatoren det gjelder."))
    if plan.errors:
        return
    by_source_code = {i.source_code: i for i in indicators.values() if i.source_code}
    chosen = indicators.get(indicator_slug) if indicator_slug else None
    if indicator_slug and chosen is None:
        plan.error(_("Ukjent indikator «%(c)s».") % {"c": indicator_slug})
        return
    labels = {
        name: (document["dimension"][name].get("category", {}).get("label") or {}) for name in ids
    }
    extra = [d for d, size in zip(ids, document["size"], strict=True) if size > 1]
    extra = [d for d in extra if d not in {time, region_dim, metric}]
    home = home_region_code()
    for cell in cells:
        if chosen is not None:
            code = chosen.code
        else:
            indicator = by_source_code.get(cell.codes[metric])
            code = indicator.code if indicator else f"{metric}={cell.codes[metric]}"
        breakdown = ", ".join(str(labels[d].get(cell.codes[d], cell.codes[d])) for d in extra)
        _add_row(
            plan,
            indicators,
            regions,
            where=cell,
            code=code,
            region=cell.codes[region_dim] if region_dim else home,
            period=cell.codes[time],
            breakdown=breakdown,
            raw_value=cell.value,
            symbol=cell.symbol,
        )


def _compare(plan: ImportPlan) -> None:
    """Duplicates, then what the rows would create, change or leave alone."""
    seen: dict[Key, ImportRow] = {}
    for row in plan.rows:
        key = row.key
        if key in seen:
            plan.error(
                _("%(w)s: samme indikator, region, periode og inndeling som %(o)s.")
                % {"w": row.where, "o": seen[key].where}
            )
        else:
            seen[key] = row
    if plan.errors:
        return
    existing = {
        (v["indicator_id"], v["region"], v["year"], v["subperiod"], v["breakdown"]): (
            v["value"],
            v["symbol"],
        )
        for v in IndicatorValue.objects.filter(
            indicator__in={row.indicator.pk for row in plan.rows}
        ).values("indicator_id", "region", "year", "subperiod", "breakdown", "value", "symbol")
    }
    for row in plan.rows:
        before = existing.get(row.key)
        if before is None:
            plan.created += 1
            change = None
        elif before[0] == row.value and before[1] == row.symbol:
            plan.unchanged += 1
            continue
        else:
            plan.updated += 1
            change = before[0] if before[0] is not None else before[1]
        if len(plan.changes) < 50:
            plan.changes.append(
                {
                    "where": row.where,
                    "indicator": row.indicator.name,
                    "region": row.region,
                    "period": period_label(row.year, row.subperiod, row.indicator.frequency),
                    "breakdown": row.breakdown,
                    "before": change,
                    "after": row.value if row.value is not None else row.symbol,
                }
            )


def read_file(name: str, data: bytes, indicator_slug: str | None = None) -> ImportPlan:
    """Parse and check a CSV or JSON-stat file (chosen by content) without writing."""
    plan = ImportPlan()
    if len(data) > settings.STATISTICS_IMPORT_MAX_BYTES:
        plan.error(
            _("Filen er for stor (%(size)s MB); største tillatte er %(max)s MB.")
            % {
                "size": round(len(data) / 1_048_576, 1),
                "max": round(settings.STATISTICS_IMPORT_MAX_BYTES / 1_048_576, 1),
            }
        )
        return plan
    if not data.strip():
        plan.error(_("Filen er tom."))
        return plan
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        plan.error(_("Filen er ikke UTF-8-tekst."))
        return plan
    indicators = {i.code: i for i in Indicator.objects.all()}
    regions = _known_regions()
    if text.lstrip().startswith("{"):
        plan.kind = "json-stat"
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            plan.error(_("Filen er ikke gyldig JSON (linje %(l)s).") % {"l": error.lineno})
            return plan
        _read_jsonstat(document, plan, indicators, regions, indicator_slug)
    else:
        plan.kind = "csv"
        if indicator_slug:
            plan.error(_("Indikatoren velges bare for JSON-stat; CSV har en kolonne for den."))
            return plan
        _read_csv(text, plan, indicators, regions)
    if not plan.errors and not plan.rows:
        plan.error(_("Filen har ingen verdier."))
    if plan.errors:
        return plan
    _compare(plan)
    return plan
