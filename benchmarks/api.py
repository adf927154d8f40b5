"""Benchmark: the API's measure list (100 per page) at 2,000 generated measures against a
trivial DRF endpoint over the same table, in the same run.

    .venv/bin/python benchmarks/api.py [--measures 2000] [--seconds 5]

The trivial endpoint is the floor of what DRF costs here: a plain `ListAPIView` of the
same measures (id, code, title), the same page size, the same middleware and token
authentication, no filters, no rules, no computed fields. The measure list is the real
`/api/v1/measures/?page_size=100` as a coordinator with a token (the stale rule, the
owner, the latest status update and the implementation-plan state on every row).

Prints requests per second for both and the ratio (measures ÷ trivial); the target is
≥ 0.5: the real list may cost at most twice the bare one. Uses a throw-away SQLite
database (a temp file, migrated here).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = 0.5


def _setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bodobolig.settings")
    os.environ.setdefault("MEDIA_ROOT", str(db_path.parent / "media"))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    # Throttling would stop a benchmark; it is measured by the tests, not here.
    os.environ.setdefault("API_THROTTLE_USER", "1000000/min")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _trivial_urlconf():
    """The project's URLs plus /bench/trivial/: a bare DRF list of the same measures."""
    import types

    from django.urls import include, path
    from rest_framework import generics, permissions, serializers

    from bodobolig.api_limits import Pagination
    from measures.models import Measure

    class TrivialSerializer(serializers.ModelSerializer):
        class Meta:
            model = Measure
            fields = ["id", "code", "title"]

    class TrivialList(generics.ListAPIView):
        queryset = Measure.objects.order_by("pk")
        serializer_class = TrivialSerializer
        permission_classes = [permissions.AllowAny]
        pagination_class = Pagination
        filter_backends: list = []
        throttle_classes: list = []

    module = types.ModuleType("bench_urls")
    module.urlpatterns = [
        path("bench/trivial/", TrivialList.as_view()),
        path("", include("bodobolig.urls")),
    ]
    sys.modules["bench_urls"] = module
    return "bench_urls"


def _rates(client, urls: list[str], headers: dict, seconds: float, rounds: int = 5):
    """Requests per second of each URL, measured in alternating slices (`rounds` slices of
    `seconds / rounds` each, after a warm-up), so that a change in the machine's load or
    clock during the run falls on both alike; and how many requests each made."""
    for url in urls:
        response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
    counts = dict.fromkeys(urls, 0)
    spent = dict.fromkeys(urls, 0.0)
    for _ in range(rounds):
        for url in urls:
            started = time.perf_counter()
            while (elapsed := time.perf_counter() - started) < seconds / rounds:
                client.get(url, **headers)
                counts[url] += 1
            spent[url] += elapsed
    return [(counts[url] / spent[url], counts[url]) for url in urls]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        _setup_django(Path(tmp) / "bench.sqlite3")
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import clear_url_caches

        from demo.generate import generate
        from integrations.services import api_token_create
        from plans.models import Plan

        settings.ROOT_URLCONF = _trivial_urlconf()
        clear_url_caches()
        started = time.perf_counter()
        result = generate(measures=args.measures, hearings=0, responses_per_hearing=0, seed=1)
        plan = Plan.objects.get(pk=result.plan_id)
        print(
            f"Data: {plan.measures.count()} measures "
            f"({time.perf_counter() - started:.1f} s to build, not counted)"
        )
        coordinator = (
            get_user_model().objects.filter(groups__name="Boligkoordinator").order_by("pk").first()
        )
        _token, key = api_token_create(user=coordinator, name="benchmark")
        headers = {"HTTP_AUTHORIZATION": f"Token {key}"}
        client = Client()
        (measures_rps, n1), (trivial_rps, n2) = _rates(
            client,
            [f"/api/v1/measures/?plan={plan.pk}&page_size=100", "/bench/trivial/?page_size=100"],
            headers,
            args.seconds,
        )
    ratio = measures_rps / trivial_rps
    print(f"  /api/v1/measures/ (100 per page)   {measures_rps:8.1f} requests/s  ({n1} requests)")
    print(f"  trivial DRF list (100 per page)    {trivial_rps:8.1f} requests/s  ({n2} requests)")
    print(f"  ratio measures / trivial           {ratio:8.2f}  (target ≥ {TARGET})")
    print("Result: " + ("meets the target" if ratio >= TARGET else "BELOW THE TARGET"))
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
