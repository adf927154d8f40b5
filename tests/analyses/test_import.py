"""Importing statistics: SSB JSON-stat 2.0 (dense and sparse) and CSV, all or nothing.

The sample files in tests/analyses/files/ are made for these tests in the format SSB's
statistics bank API returns (`json-stat2`); the figures are not SSB's.
"""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from analyses import importing, services
from analyses.models import Indicator, IndicatorValue, Region
from bodobolig.errors import DomainError
from bodobolig.models import AuditEntry

FILES = Path(__file__).parent / "files"

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicators():
    Region.objects.get_or_create(code="EAK", defaults={"name": "Landet", "kind": "country"})
    return {
        "started": Indicator.objects.create(
            code="igangsatte-boliger",
            name="Igangsatte boliger",
            unit="boliger",
            source="ssb",
            ssb_table="05940",
            source_code="Igangsatte",
        ),
        "completed": Indicator.objects.create(
            code="fullforte-boliger",
            name="Fullførte boliger",
            unit="boliger",
            source="ssb",
            ssb_table="05940",
            source_code="Fullforte",
        ),
        "per_1000": Indicator.objects.create(
            code="kommunale-boliger-per-1000",
            name="Kommunale boliger per 1000",
            unit="per 1000",
            source="kostra",
            ssb_table="12008",
            source_code="KOSboligSper10000000",
        ),
        "temporary": Indicator.objects.create(
            code="husstander-midlertidig",
            name="Husstander i midlertidig botilbud",
            unit="husstander",
            source="kostra",
            counts_people=True,
        ),
        "waiting": Indicator.objects.create(
            code="ventetid",
            name="Ventetid",
            unit="dager",
            source="internal",
            frequency=Indicator.Frequency.QUARTERLY,
        ),
    }


def _read(name, indicator=None):
    return importing.read_file(name, (FILES / name).read_bytes(), indicator)


def _import(name, indicator=None):
    plan = _read(name, indicator)
    assert plan.errors == []
    return services.statistics_import_apply(by=None, plan=plan, file_name=name)


def _cells():
    return {
        (v.indicator.code, v.region, v.year, v.subperiod, v.breakdown): (v.value, v.symbol)
        for v in IndicatorValue.objects.select_related("indicator")
    }


# --- The happy paths -------------------------------------------------------------


def test_dense_json_stat_from_ssb_05940(indicators):
    plan = _import("ssb_05940_dense.json")

    assert (plan.created, plan.updated, plan.unchanged) == (6, 0, 0)
    cells = _cells()
    assert cells[("igangsatte-boliger", "1804", 2016, 0, "")] == (Decimal("330"), "")
    assert cells[("fullforte-boliger", "1804", 2014, 0, "")] == (Decimal("212"), "")
    # A null with status ".." stays missing with its symbol: never 0.
    assert cells[("fullforte-boliger", "1804", 2015, 0, "")] == (None, "..")


def test_sparse_json_stat_with_index_arrays_status_object_and_time_first(indicators):
    plan = _import("kostra_12008_sparse.json")

    assert plan.created == 4
    cells = _cells()
    assert cells[("kommunale-boliger-per-1000", "1804", 2016, 0, "")] == (Decimal("24.1"), "")
    assert cells[("kommunale-boliger-per-1000", "EAK", 2017, 0, "")] == (Decimal("20.6"), "")
    assert cells[("kommunale-boliger-per-1000", "1804", 2017, 0, "")] == (None, ":")


def test_status_as_an_array_and_one_indicator_chosen_for_the_whole_file(indicators):
    document = json.loads((FILES / "kostra_12008_sparse.json").read_text())
    document["value"] = [24.1, 20.7, None, 20.6]
    document["status"] = [None, None, ":", None]
    data = json.dumps(document).encode()

    plan = importing.read_file("x.json", data, "kommunale-boliger-per-1000")

    assert plan.errors == [] and plan.created == 4
    assert sum(1 for row in plan.rows if row.symbol == ":") == 1


def test_dimension_order_does_not_matter(indicators):
    """The same cube with its dimensions listed in another order decodes to the same cells."""
    document = json.loads((FILES / "ssb_05940_dense.json").read_text())
    # Reorder to Tid, ContentsCode, Region, Byggeareal: value re-laid row-major.
    old = {
        (c, t): document["value"][ci * 3 + ti]
        for ci, c in enumerate(["Igangsatte", "Fullforte"])
        for ti, t in enumerate(["2014", "2015", "2016"])
    }
    document["id"] = ["Tid", "ContentsCode", "Region", "Byggeareal"]
    document["size"] = [3, 2, 1, 1]
    document["value"] = [
        old[(c, t)] for t in ["2014", "2015", "2016"] for c in ["Igangsatte", "Fullforte"]
    ]
    document["status"] = {"3": ".."}  # 2015 × Fullforte

    reordered = importing.read_file("x.json", json.dumps(document).encode())
    original = _read("ssb_05940_dense.json")

    def cells(plan):
        return {(r.indicator.code, r.year, r.value, r.symbol) for r in plan.rows}

    assert reordered.errors == []
    assert cells(reordered) == cells(original)


def test_csv_with_breakdown_symbols_quarters_and_decimal_comma(indicators):
    plan = _import("statistics.csv")

    assert plan.created == 6
    cells = _cells()
    assert cells[("husstander-midlertidig", "1804", 2016, 0, "Sentrum")] == (Decimal("3"), "")
    assert cells[("husstander-midlertidig", "1804", 2017, 0, "")] == (None, ":")
    assert cells[("ventetid", "1804", 2017, 1, "")] == (Decimal("84.5"), "")
    assert cells[("ventetid", "1804", 2017, 2, "")] == (None, "..")


def test_the_downloadable_template_imports(indicators):
    Indicator.objects.create(code="x", name="x", unit="x", source="internal")
    template = importing.CSV_TEMPLATE.encode()
    plan = importing.read_file("mal.csv", template)
    assert plan.errors == [] and plan.created == 2


def test_reimporting_the_same_file_changes_nothing(indicators):
    _import("ssb_05940_dense.json")
    before = _cells()
    entries = AuditEntry.objects.count()

    again = _import("ssb_05940_dense.json")

    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    assert _cells() == before
    assert AuditEntry.objects.count() == entries + 1  # the import itself is logged


def test_a_newer_file_updates_values_and_says_how_many(indicators):
    _import("ssb_05940_dense.json")
    document = json.loads((FILES / "ssb_05940_dense.json").read_text())
    document["value"] = [250, 281, 331, 212, 240, 290]  # 2016 revised, 2015 now published
    document["status"] = {}

    plan = importing.read_file("new.json", json.dumps(document).encode())
    preview = (plan.created, plan.updated, plan.unchanged)
    services.statistics_import_apply(by=None, plan=plan, file_name="new.json")

    assert preview == (0, 2, 4)
    assert _cells()[("fullforte-boliger", "1804", 2015, 0, "")] == (Decimal("240"), "")


# --- Every class of bad input: listed with its row or cell, nothing written ------------


def _bad_csv(text):
    return importing.read_file("bad.csv", text.encode())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("indikator;periode;verdi\nventetid;2017K1;3\n", "Kolonner mangler: region"),
        (
            "indikator;region;periode;verdi;farge\nventetid;1804;2017K1;3;rød\n",
            "Ukjente kolonner: farge",
        ),
        (
            "indikator;region;periode;verdi\nventetid;1804;2017K1;tre\n",
            "Rad 2: verdien «tre» er ikke et tall",
        ),
        ("indikator;region;periode;verdi\nventetid;9999;2017K1;3\n", "Rad 2: ukjent region «9999»"),
        (
            "indikator;region;periode;verdi\nukjent;1804;2017;3\n",
            "Rad 2: ukjent indikator «ukjent»",
        ),
        (
            "indikator;region;periode;verdi\nventetid;1804;2017;3\n",
            "Rad 2: perioden «2017» passer ikke",
        ),
        (
            "indikator;region;periode;verdi;symbol\nventetid;1804;2017K1;;?\n",
            "Rad 2: ukjent SSB-symbol «?»",
        ),
        (
            "indikator;region;periode;verdi\nventetid;1804;2017K1;\n",
            "Rad 2: verdi eller SSB-symbol mangler",
        ),
        (
            "indikator;region;periode;verdi\nventetid;1804;2017K1;3\nventetid;1804;2017K1;4\n",
            "Rad 3: samme indikator, region, periode og inndeling som Rad 2",
        ),
        ("", "Filen er tom"),
    ],
)
def test_bad_csv_is_refused_with_the_row(indicators, text, expected):
    plan = _bad_csv(text)
    assert any(expected in error for error in plan.errors), plan.errors
    with pytest.raises(DomainError):
        services.statistics_import_apply(by=None, plan=plan, file_name="bad.csv")
    assert not IndicatorValue.objects.exists()


def test_every_bad_row_is_listed_and_the_good_ones_are_not_written(indicators):
    text = (
        "indikator;region;periode;verdi\n"
        "ventetid;1804;2017K1;3\n"
        "ventetid;1804;2017K2;x\n"
        "ventetid;0000;2017K3;4\n"
        "ventetid;1804;2017K4;5\n"
    )
    plan = _bad_csv(text)
    assert [e.split(":")[0] for e in plan.errors] == ["Rad 3", "Rad 4"]
    assert not IndicatorValue.objects.exists()


def _dense():
    return json.loads((FILES / "ssb_05940_dense.json").read_text())


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d.update(value=[1, 2, 3]),
            "«value» har 3 elementer, men dimensjonene gir 6 celler",
        ),
        (
            lambda d: d["dimension"].pop("Tid"),
            "Dimensjonen Tid står i «id», men mangler i «dimension»",
        ),
        (lambda d: d.update(status={"1": "?"}), "ukjent statussymbol «?»"),
        (
            lambda d: d.update(size=[1, 1, 2, 4]),
            "Dimensjonen Tid har 3 kategorier, men «size» sier 4",
        ),
        (lambda d: d.update(value={"7": 3}), "«value»: nøkkelen 7 er ikke en celle"),
        (lambda d: d.update({"class": "collection"}), "ikke et JSON-stat 2.0-datasett"),
        (lambda d: d.update(value=[1, 2, "x", 4, None, 6]), "verdien er ikke et tall"),
    ],
)
def test_malformed_json_stat_is_refused_with_the_cell(indicators, change, expected):
    document = _dense()
    change(document)
    plan = importing.read_file("bad.json", json.dumps(document).encode())
    assert any(expected in error for error in plan.errors), plan.errors
    assert not IndicatorValue.objects.exists()


def test_json_stat_with_an_unknown_contents_code_names_it(indicators):
    indicators["started"].delete()
    plan = importing.read_file("x.json", (FILES / "ssb_05940_dense.json").read_bytes())
    assert any("ukjent indikator «ContentsCode=Igangsatte»" in e for e in plan.errors)


def test_json_that_does_not_parse(indicators):
    plan = importing.read_file("x.json", b'{"class": "dataset", ')
    assert plan.errors and "ikke gyldig JSON" in plan.errors[0]


def test_a_file_too_large_is_refused_before_it_is_read(indicators, settings):
    settings.STATISTICS_IMPORT_MAX_BYTES = 100
    plan = _read("ssb_05940_dense.json")
    assert plan.errors and "for stor" in plan.errors[0]
    assert plan.rows == []


# --- The command line ---------------------------------------------------------------


def test_command_imports_and_prints_the_counts(indicators, capsys):
    call_command("import_statistics", str(FILES / "ssb_05940_dense.json"))
    assert "6 nye verdier, 0 oppdatert og 0 uendret ble importert" in capsys.readouterr().out
    assert IndicatorValue.objects.count() == 6


def test_command_dry_run_writes_nothing(indicators, capsys):
    call_command("import_statistics", str(FILES / "statistics.csv"), "--dry-run")
    assert "6 nye verdier" in capsys.readouterr().out
    assert not IndicatorValue.objects.exists()


def test_command_with_a_chosen_indicator(indicators):
    call_command(
        "import_statistics",
        str(FILES / "kostra_12008_sparse.json"),
        "--indicator",
        "kommunale-boliger-per-1000",
    )
    assert IndicatorValue.objects.filter(indicator=indicators["per_1000"]).count() == 4


def test_command_fails_with_every_error_listed(indicators, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("indikator;region;periode;verdi\nventetid;1804;2017K1;x\nventetid;9;2017K2;1\n")
    with pytest.raises(CommandError, match="2 feil"):
        call_command("import_statistics", str(bad))
    err = capsys.readouterr().err
    assert "Rad 2" in err and "Rad 3" in err
    assert not IndicatorValue.objects.exists()
