import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from measures.followup.exports import measure_rows
from measures.models import Measure
from tests.measures.coordinator_data import make_plan_with_measures

pytestmark = pytest.mark.django_db

LIST = reverse("measures:measure_list")


def _codes(response):
    return [m.code for m in response.context["page"].object_list]


@pytest.mark.parametrize("size", [20, 500])
def test_measure_list_query_count_is_the_same_at_20_and_500_measures(
    size, client, django_assert_num_queries
):
    data = make_plan_with_measures(size)
    client.force_login(data.coordinator)
    url = f"{LIST}?plan={data.plan.pk}&active=1&q=tiltak&sort=-department"
    # session, user, groups; follow-up settings; the filter form's choices (plan,
    # goal, strategy, department, owner, round) and the chosen plan's validation;
    # the page's count, its keys, and its rows with their joins.
    with django_assert_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(50, data.plan.measures.active().count())


def test_filters_narrow_the_list(client):
    data = make_plan_with_measures(30)
    client.force_login(data.coordinator)
    plan = f"plan={data.plan.pk}"
    dept = data.departments[1]
    response = client.get(f"{LIST}?{plan}&responsible_department={dept.pk}&status=planned")
    expected = Measure.objects.filter(plan=data.plan, responsible_department=dept, status="planned")
    assert response.context["page"].paginator.count == expected.count() > 0

    response = client.get(f"{LIST}?{plan}&q=unge")
    assert response.context["page"].paginator.count == len(data.measures[::7])

    response = client.get(f"{LIST}?{plan}&implementation_plan_state=missing")
    assert set(_codes(response)) == set(
        Measure.objects.filter(plan=data.plan, implementation_plan__isnull=True).values_list(
            "code", flat=True
        )
    )

    goal = data.plan.goals.get(number=2)
    response = client.get(f"{LIST}?{plan}&goal={goal.pk}")
    assert {m.strategy.goal_id for m in response.context["page"].object_list} == {goal.pk}


def test_round_filter_lists_who_has_not_answered(client):
    data = make_plan_with_measures(20)
    client.force_login(data.coordinator)
    response = client.get(f"{LIST}?plan={data.plan.pk}&round={data.round.pk}&answered=0")
    answered = set(data.round.status_updates.values_list("measure__code", flat=True))
    assert (
        set(_codes(response)) == set(data.round.measures.values_list("code", flat=True)) - answered
    )


def test_sorting_by_code_follows_the_numbers_and_can_be_reversed(client):
    data = make_plan_with_measures(12)
    client.force_login(data.coordinator)
    response = client.get(f"{LIST}?plan={data.plan.pk}")
    codes = _codes(response)
    key = [tuple(int(p) for p in c.split(".")) for c in codes]
    assert key == sorted(key)
    html = response.content.decode()
    assert 'aria-sort="ascending"' in html and "sort=-code" in html

    response = client.get(f"{LIST}?plan={data.plan.pk}&sort=-code")
    assert _codes(response) == list(reversed(codes))
    assert 'aria-sort="descending"' in response.content.decode()


def test_list_is_paginated(client):
    data = make_plan_with_measures(60)
    client.force_login(data.coordinator)
    first = client.get(f"{LIST}?plan={data.plan.pk}")
    second = client.get(f"{LIST}?plan={data.plan.pk}&page=2")
    assert len(_codes(first)) == 50 and len(_codes(second)) == 10
    assert 'class="ds-pagination"' in first.content.decode()
    assert not set(_codes(first)) & set(_codes(second))


def test_bad_filter_values_show_a_message_not_an_error(client):
    data = make_plan_with_measures(5)
    client.force_login(data.coordinator)
    response = client.get(f"{LIST}?plan={data.plan.pk}&status=nonsense&round=abc&page=x")
    assert response.status_code == 200
    assert "ds-error-summary" in response.content.decode()


def test_excel_export_has_the_rows_of_the_filtered_list(client):
    data = make_plan_with_measures(120)
    client.force_login(data.coordinator)
    query = f"plan={data.plan.pk}&active=1&sort=-progress"
    export = client.get(reverse("measures:measure_export", args=["xlsx"]) + "?" + query)
    assert export.status_code == 200
    assert export["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))

    listed = []
    page = 1
    while True:
        response = client.get(f"{LIST}?{query}&page={page}")
        listed += list(response.context["page"].object_list)
        if not response.context["page"].has_next():
            break
        page += 1
    headings, expected = measure_rows(listed)
    assert list(rows[0]) == headings
    assert [row[0] for row in rows[1:]] == [m.code for m in listed]
    assert len(rows) - 1 == data.plan.measures.active().count() > 50
    # Cell by cell, dates and numbers as values rather than text.
    for got, want in zip(rows[1:], expected, strict=True):
        assert [v.date() if hasattr(v, "date") else v for v in got] == want


def test_csv_export_has_the_same_columns_and_rows(client):
    data = make_plan_with_measures(20)
    client.force_login(data.coordinator)
    query = f"plan={data.plan.pk}&status=in_progress"
    xlsx = load_workbook(
        io.BytesIO(
            client.get(reverse("measures:measure_export", args=["xlsx"]) + "?" + query).content
        )
    ).active
    response = client.get(reverse("measures:measure_export", args=["csv"]) + "?" + query)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    xlsx_rows = list(xlsx.iter_rows(values_only=True))
    assert rows[0] == list(xlsx_rows[0])
    assert [r[0] for r in rows[1:]] == [r[0] for r in xlsx_rows[1:]]


def test_unknown_export_format_is_not_found(client):
    data = make_plan_with_measures(1)
    client.force_login(data.coordinator)
    assert client.get(reverse("measures:measure_export", args=["pdf"])).status_code == 404


def test_staff_filters_are_the_public_ones_and_more(client):
    """The staff list's filter form has every field of the public list's, and narrows the
    department choices to the chosen plan's the same way."""
    data = make_plan_with_measures(10)
    client.force_login(data.coordinator)
    query = f"?plan={data.plan.pk}"
    staff = client.get(LIST + query).context["filter"].form
    public = client.get(reverse("measures:public_measure_list") + query).context["filter"].form

    assert set(public.fields) < set(staff.fields)
    assert list(staff.fields)[:4] == ["q", "plan", "goal", "strategy"]
    owning = set(data.plan.measures.values_list("responsible_department", flat=True))
    for form in (staff, public):
        choices = {d.pk for d in form.fields["responsible_department"].queryset}
        assert choices == owning
