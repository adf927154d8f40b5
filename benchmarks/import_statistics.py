"""Benchmark: importing a JSON-stat 2.0 dataset of 100,000 values (target: ≤ 10 s).

    DJANGO_SETTINGS_MODULE=bodobolig.settings .venv/bin/python benchmarks/import_statistics.py

Runs on a throw-away SQLite database in a temporary directory (migrated here; set
DATABASE_URL to a PostgreSQL test database to measure there). The dataset is built in
SSB's json-stat2 shape: 20 indicators (ContentsCode) × 50 regions × 100 years, dense
`value` with every 50th cell null and a status symbol. It prints, for (a) the first
import (all values new), (b) the same file again (nothing changes) and (c) a newer
file where every 10th value differs: wall time for reading and for writing, SQL
queries, the process's CPU time (wall time on a shared machine also counts waiting),
and the counts the import reports. This is a measurement, not a test.
"""

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="bodobolig-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")
os.environ["REDIS_URL"] = ""
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bodobolig.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from analyses import importing, services  # noqa: E402
from analyses.models import Indicator, IndicatorValue, Region  # noqa: E402

INDICATORS, REGIONS, YEARS = 20, 50, 100


def dataset(revision: int = 0) -> bytes:
    contents = [f"KOSbench{i:02d}" for i in range(INDICATORS)]
    regions = [f"R{r:03d}" for r in range(REGIONS)]
    years = [str(1925 + y) for y in range(YEARS)]
    total = INDICATORS * REGIONS * YEARS
    values, status = [], {}
    for flat in range(total):
        if flat % 50 == 49:
            values.append(None)
            status[str(flat)] = ".." if flat % 100 == 49 else ":"
        else:
            values.append(flat % 997 + (revision if flat % 10 == 0 else 0))
    document = {
        "version": "2.0",
        "class": "dataset",
        "label": "Benchmark dataset in SSB's json-stat2 shape",
        "source": "Statistisk sentralbyrå (shape only)",
        "id": ["ContentsCode", "Region", "Tid"],
        "size": [INDICATORS, REGIONS, YEARS],
        "role": {"time": ["Tid"], "metric": ["ContentsCode"], "geo": ["Region"]},
        "dimension": {
            "ContentsCode": {"category": {"index": {c: i for i, c in enumerate(contents)}}},
            "Region": {"category": {"index": regions}},
            "Tid": {"category": {"index": {y: i for i, y in enumerate(years)}}},
        },
        "value": values,
        "status": status,
    }
    return json.dumps(document).encode()


def run(label: str, data: bytes) -> None:
    cpu = time.process_time()
    with CaptureQueriesContext(connection) as read_queries:
        started = time.perf_counter()
        plan = importing.read_file("bench.json", data)
        read_s = time.perf_counter() - started
    assert not plan.errors, plan.errors[:5]
    with CaptureQueriesContext(connection) as write_queries:
        started = time.perf_counter()
        services.statistics_import_apply(by=None, plan=plan, file_name="bench.json")
        write_s = time.perf_counter() - started
    cpu = time.process_time() - cpu
    print(
        f"{label:<28} {len(plan.rows):>7} values  read {read_s:6.2f} s ({len(read_queries)} queries)"
        f"  write {write_s:6.2f} s ({len(write_queries)} queries)  total {read_s + write_s:6.2f} s"
        f" (CPU {cpu:5.2f} s)"
        f"  → {plan.created} new, {plan.updated} updated, {plan.unchanged} unchanged"
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    Region.objects.bulk_create(
        [Region(code=f"R{r:03d}", name=f"Region {r}", kind="municipality") for r in range(REGIONS)],
        ignore_conflicts=True,
    )
    Indicator.objects.bulk_create(
        Indicator(
            code=f"bench-{i:02d}",
            name=f"Bench {i}",
            unit="n",
            source="ssb",
            source_code=f"KOSbench{i:02d}",
        )
        for i in range(INDICATORS)
    )
    print(f"Database: {connection.vendor}; file {len(dataset()) / 1_048_576:.1f} MB")
    first = dataset()
    run("first import", first)
    run("same file again", first)
    run("newer file (10 % changed)", dataset(revision=1))
    print(f"Stored values: {IndicatorValue.objects.count()}")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
