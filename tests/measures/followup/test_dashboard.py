import re

import pytest
from django.urls import reverse

from measures.followup import dashboard
from measures.models import ImplementationPlan, Measure
from tests.measures.coordinator_data import make_plan_with_measures

pytestmark = pytest.mark.django_db


def _count(path_and_query, client):
    response = client.get(path_and_query)
    assert response.status_code == 200
    return response.context["page"].paginator.count


@pytest.mark.parametrize("size", [20, 500])
def test_dashboard_query_count_is_the_same_at_20_and_500_measures(
    size, client, django_assert_num_queries
):
    data = make_plan_with_measures(size)
    client.force_login(data.coordinator)
    url = reverse("measures:dashboard") + f"?plan={data.plan.pk}"
    # The first view counts: session, user, groups; plans; follow-up settings; the
    # plan's revision (read, then made: savepoint, insert, release); one count per goal ×
    # status × implementation-plan status with the overdue and stale counts; goals; per
    # department × status; the departments' names; overdue status updates (from the
    # rounds); ten overdue plans; open rounds, their completion, who has not answered;
    # the first measures whose owner has not confirmed, and their count; the plan's
    # newest audit entries.
    with django_assert_num_queries(21):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["dashboard"].by_goal.total == size
    # Later views read the counts kept under the plan's revision: session, user,
    # groups; plans; follow-up settings; the revision; the newest audit entries.
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.context["dashboard"].by_goal.total == size
    assert len(response.context["dashboard"].activity) == 6  # three edits, three comments


def test_every_dashboard_number_matches_the_list_it_links_to(client):
    data = make_plan_with_measures(40)
    client.force_login(data.coordinator)
    response = client.get(reverse("measures:dashboard") + f"?plan={data.plan.pk}")
    html = response.content.decode()
    # A number right after the link's start, or after a label and <strong>.
    links = re.findall(r'href="(/tiltak/\?[^"]+)">(?:[^<\d]*<strong>)?(\d+)', html)
    kinds = {re.sub(r"=[^&]*", "", href) for href, _n in links}
    assert len(links) > 30
    assert any("implementation_plan_state" in kind for kind in kinds)
    assert any("answered" in kind for kind in kinds)
    for href, number in links:
        assert _count(href.replace("&amp;", "&"), client) == int(number), href


def test_dashboard_counts_follow_up_conditions(client):
    data = make_plan_with_measures(40)
    d = dashboard.dashboard(data.plan)
    active = Measure.objects.filter(plan=data.plan).active()
    assert d.active_count == active.count()
    assert (
        d.without_approved_plan
        == active.exclude(implementation_plan__status=ImplementationPlan.Status.APPROVED).count()
    )
    expected_overdue = ImplementationPlan.objects.filter(
        measure__plan=data.plan,
        status__in=["ordered", "draft", "returned"],
        due_date__lt=data.today,
    ).count()
    assert d.implementation_plans_overdue == expected_overdue > 0
    in_round = data.round.measures.count()
    answered = data.round.status_updates.count()
    assert d.status_updates_overdue == in_round - answered > 0
    completion = d.rounds[0]
    assert (completion.answered, completion.total) == (answered, in_round)
    assert sum(o["count"] for o in completion.missing_owners) == in_round - answered
    unfinished = Measure.objects.filter(plan=data.plan).exclude(
        status__in=["completed", "cancelled"]
    )
    assert d.stale == unfinished.filter(pk__in=[m.pk for m in data.measures[::5]]).count() > 0
    assert unfinished.filter(status="postponed", pk__in=[m.pk for m in data.measures[::5]]).exists()


def test_recent_activity_names_who_changed_what(client):
    data = make_plan_with_measures(20)
    activity = dashboard.recent_activity(data.plan)
    changed = [a for a in activity if "endret" in str(a.text)]
    assert len(changed) == 3
    # `who` is the name frozen in the audit entry (the feed links no user).
    assert all(a.who == data.coordinator.get_full_name() for a in changed)
    assert all(a.text.startswith(data.coordinator.get_full_name()) for a in changed)
    assert activity == sorted(activity, key=lambda a: a.when, reverse=True)


def test_dashboard_defaults_to_the_current_adopted_plan(client):
    data = make_plan_with_measures(5)
    client.force_login(data.coordinator)
    response = client.get(reverse("measures:dashboard"))
    assert response.context["plan"] == data.plan


def test_dashboard_link_is_in_the_menu_for_coordinators_only(client):
    data = make_plan_with_measures(3)
    client.force_login(data.coordinator)
    assert reverse("measures:dashboard") in client.get("/planer/").content.decode()
    client.force_login(data.leads[0])
    assert reverse("measures:dashboard") not in client.get("/planer/").content.decode()
