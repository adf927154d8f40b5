"""The reporting rounds list (/tiltak/runder/): right counts and a fixed number of queries
at two sizes, and counts taken by subqueries rather than joined DISTINCT counts.

Two `Count(..., distinct=True)` over the joins to the round's measures and its status
updates multiply the rows (measures × updates) before counting: the answer is still right,
so only the query's shape (and timing at scale, benchmarks/pages.py) shows the difference.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from measures.followup.selectors import reporting_rounds_with_counts
from measures.models import ReportingRound, StatusUpdate
from tests.factories import MeasureFactory, ReportingRoundFactory
from tests.measures.workflow_world import make_world

pytestmark = pytest.mark.django_db


def _round_with(w, *, measures: int, answered: int, status="open"):
    """A round of `measures` measures of which the first `answered` have answered it."""
    rows = [
        MeasureFactory(
            strategy=w.measure.strategy,
            responsible_department=w.department,
            responsible_person=w.lead,
        )
        for _ in range(measures)
    ]
    round_ = ReportingRoundFactory(plan=w.plan, status=status)
    round_.measures.set(rows)
    StatusUpdate.objects.bulk_create(
        StatusUpdate(
            measure=m,
            reporting_round=round_,
            status="in_progress",
            progress=20,
            text="ok",
            submitted_by=w.lead,
            submitted_at=timezone.now(),
        )
        for m in rows[:answered]
    )
    return round_, rows


def _world(size: int):
    """Two rounds sharing measures: an open one (size measures, a third answered) and a
    closed one over the same measures, all answered."""
    w = make_world(suffix=f" {size}")
    open_round, rows = _round_with(w, measures=size, answered=size // 3)
    closed = ReportingRoundFactory(plan=w.plan, status=ReportingRound.Status.CLOSED)
    closed.measures.set(rows)
    StatusUpdate.objects.bulk_create(
        StatusUpdate(
            measure=m,
            reporting_round=closed,
            status="in_progress",
            progress=10,
            text="før",
            submitted_by=w.lead,
            submitted_at=timezone.now(),
        )
        for m in rows
    )
    return w, open_round, closed


@pytest.mark.parametrize("size", [3, 40])
def test_round_list_counts_each_rounds_measures_and_answers(client, size):
    w, open_round, closed = _world(size)
    client.force_login(w.coordinator)
    response = client.get(reverse("measures:round_list"))
    counts = {r.pk: (r.measure_count, r.answered_count) for r in response.context["rounds"]}
    assert counts[open_round.pk] == (size, size // 3)
    assert counts[closed.pk] == (size, size)
    assert f"{size // 3} av {size}" in response.content.decode()


def test_round_list_counts_a_round_without_measures_as_zero(client):
    w = make_world()
    empty = ReportingRoundFactory(plan=w.plan)
    client.force_login(w.coordinator)
    response = client.get(reverse("measures:round_list"))
    [row] = [r for r in response.context["rounds"] if r.pk == empty.pk]
    assert (row.measure_count, row.answered_count) == (0, 0)


@pytest.mark.parametrize("size", [3, 40])
def test_round_list_query_count_is_pinned_at_two_sizes(client, django_assert_num_queries, size):
    w, _open, _closed = _world(size)
    client.force_login(w.coordinator)
    # session, user, groups (role); the plans the coordinator may open rounds in; the
    # rounds with both counts (one query); the nav's role check reads the cached groups.
    with django_assert_num_queries(5):
        response = client.get(reverse("measures:round_list"))
    assert response.status_code == 200


def test_round_counts_are_subqueries_not_joined_distinct_counts():
    w, _open, _closed = _world(5)
    with CaptureQueriesContext(connection) as queries:
        list(reporting_rounds_with_counts(w.coordinator))
    sql = queries.captured_queries[-1]["sql"].upper()
    assert "COUNT(DISTINCT" not in sql
    assert 'JOIN "MEASURES_STATUSUPDATE"' not in sql
    assert 'JOIN "MEASURES_REPORTINGROUND_MEASURES"' not in sql


# --- The round page: one paginated table at a time -----------------------------------


def test_round_page_pages_who_has_not_answered(client):
    w = make_world()
    round_, rows = _round_with(w, measures=70, answered=10)
    client.force_login(w.coordinator)
    url = reverse("measures:round_detail", args=[round_.pk])
    response = client.get(url)
    body = response.content.decode()
    assert "10 av 70 tiltak" in body
    assert "Har ikke svart (60)" in body
    assert len(response.context["missing"]) == 50
    second = client.get(url, {"page": 2}).context["missing"]
    assert len(second) == 10
    assert {m.pk for m in second} <= {m.pk for m in rows[10:]}
    assert "Vis de 10 svarene som er levert" in body


def test_round_page_lists_the_answers_when_asked(client):
    w = make_world()
    round_, rows = _round_with(w, measures=12, answered=5)
    client.force_login(w.coordinator)
    response = client.get(reverse("measures:round_detail", args=[round_.pk]), {"vis": "besvart"})
    answers = list(response.context["page"].object_list)
    assert [u.measure_id for u in answers] == [m.pk for m in sorted(rows[:5], key=lambda m: m.code)]
    assert "Vis de 7 tiltakene som ikke har svart" in response.content.decode()


def test_round_page_shows_the_answers_when_everyone_has_answered(client):
    w = make_world()
    round_, _rows = _round_with(w, measures=3, answered=3)
    client.force_login(w.coordinator)
    response = client.get(reverse("measures:round_detail", args=[round_.pk]))
    assert response.context["show"] == "besvart"
    assert "Alle har svart." in response.content.decode()
    assert len(response.context["page"].object_list) == 3
