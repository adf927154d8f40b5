"""A plan's revision token (measures.revisions): every committed change to what the
plan's summaries count gives it a new token, so a count kept under the old one is never
read again; nothing else does."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from measures import revisions
from measures.followup import dashboard
from measures.models import FundingRequest, Measure, PlanRevision, StatusUpdate
from tests.factories import (
    GoalFactory,
    ImplementationPlanFactory,
    MeasureFactory,
    ReportingRoundFactory,
    StatusUpdateFactory,
    StrategyFactory,
)
from tests.measures.coordinator_data import make_plan_with_measures

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure():
    return MeasureFactory()


def _committed(capture, change):
    """Run `change` in a transaction and its on-commit callbacks as a commit would."""
    with capture(execute=True), transaction.atomic():
        change()


def _change_of(kind: str, measure: Measure):
    plan = measure.plan
    return {
        "measure saved": lambda: Measure.objects.get(pk=measure.pk).save(),
        "measure deleted": lambda: Measure.objects.get(pk=measure.pk).delete(),
        "implementation plan": lambda: ImplementationPlanFactory(measure=measure),
        "status update": lambda: StatusUpdateFactory(measure=measure),
        "funding request": lambda: FundingRequest.objects.create(
            measure=measure, year=2026, amount=1000, source="operating"
        ),
        "reporting round": lambda: ReportingRoundFactory(plan=plan),
        "round members": lambda: (
            ReportingRoundFactory.build(plan=plan).save()
            or plan.reporting_rounds.get().measures.add(measure)
        ),
        "goal": lambda: GoalFactory(plan=plan, number=measure.strategy.goal.number + 1),
        "strategy": lambda: StrategyFactory(
            goal=measure.strategy.goal, number=measure.strategy.number + 1
        ),
        "department renamed": lambda: _rename(measure.responsible_department, "name"),
        "person renamed": lambda: _rename(measure.responsible_person, "last_name"),
    }[kind]


def _rename(row, field):
    setattr(row, field, "Nytt navn")
    row.save()


@pytest.mark.parametrize(
    "kind",
    [
        "measure saved",
        "measure deleted",
        "implementation plan",
        "status update",
        "funding request",
        "reporting round",
        "round members",
        "goal",
        "strategy",
        "department renamed",
        "person renamed",
    ],
)
def test_a_committed_change_gives_the_plan_a_new_token(
    kind, measure, django_capture_on_commit_callbacks
):
    before = revisions.token(measure.plan_id)
    _committed(django_capture_on_commit_callbacks, _change_of(kind, measure))
    assert revisions.token(measure.plan_id) != before


def test_a_login_and_another_plans_change_keep_the_token(
    measure, client, django_capture_on_commit_callbacks
):
    other = MeasureFactory()
    before = revisions.token(measure.plan_id)
    _committed(django_capture_on_commit_callbacks, lambda: other.save())
    user = get_user_model().objects.get(pk=measure.responsible_person_id)
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(user)  # saves last_login only
    assert revisions.token(measure.plan_id) == before


def test_the_token_changes_only_when_the_transaction_commits(
    measure, django_capture_on_commit_callbacks
):
    before = revisions.token(measure.plan_id)
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        measure.save()
        assert revisions.token(measure.plan_id) == before  # pages still count the old rows
    assert revisions.token(measure.plan_id) == before  # never committed


def test_a_transaction_saving_many_measures_queues_one_new_token(
    django_capture_on_commit_callbacks,
):
    data = make_plan_with_measures(30)
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for row in Measure.objects.filter(plan=data.plan):
            row.save()
    queued = [c for c in callbacks if isinstance(c, revisions.NewTokens)]
    assert len(queued) == 1
    assert queued[0].plan_ids == {data.plan.pk}


def test_a_change_after_a_rolled_back_one_still_gets_its_token(
    measure, django_capture_on_commit_callbacks
):
    """The rolled-back savepoint drops the queued callback; the next change must not take
    it for queued and skip its own."""
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            measure.save()
            raise RuntimeError
        with transaction.atomic():
            measure.save()
    queued = [c for c in callbacks if isinstance(c, revisions.NewTokens)]
    assert [c.plan_ids for c in queued] == [{measure.plan_id}]


def test_a_kept_count_is_counted_again_on_another_day_or_setting(measure):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    assert revisions.counted(measure.plan_id, "t", compute, today=today, depends_on=[90]) == 1
    assert revisions.counted(measure.plan_id, "t", compute, today=today, depends_on=[90]) == 1
    assert revisions.counted(measure.plan_id, "t", compute, today=tomorrow, depends_on=[90]) == 2
    assert revisions.counted(measure.plan_id, "t", compute, today=today, depends_on=[30]) == 3


def test_two_first_views_make_one_revision_row(measure):
    assert revisions.token(measure.plan_id) == revisions.token(measure.plan_id)
    assert PlanRevision.objects.filter(plan_id=measure.plan_id).count() == 1


def test_the_dashboard_shows_a_committed_change_at_once(client, django_capture_on_commit_callbacks):
    data = make_plan_with_measures(20)
    client.force_login(data.coordinator)
    url = reverse("measures:dashboard") + f"?plan={data.plan.pk}"
    first = client.get(url).context["dashboard"]
    row = Measure.objects.filter(plan=data.plan).exclude(status=Measure.Status.CANCELLED).first()
    cancelled = first.by_goal.totals[list(Measure.Status.values).index("cancelled")][0]

    def cancel():
        row.status = Measure.Status.CANCELLED
        row.save()

    _committed(django_capture_on_commit_callbacks, cancel)
    after = client.get(url).context["dashboard"]
    assert after.by_goal.totals[list(Measure.Status.values).index("cancelled")][0] == (
        cancelled + 1
    )
    # And what the service computes without the cache agrees with the page.
    fresh = dashboard._counted(
        data.plan,
        now=timezone.now(),
        today=timezone.localdate(),
        stale_after_days=after.stale_after_days,
    )
    assert fresh.by_goal.totals == after.by_goal.totals
    assert fresh.stale == after.stale


def test_rows_of_one_measure_deleted_together_ask_for_its_plan_once(measure):
    """Deleting a plan deletes thousands of status updates; each names only its measure."""
    for _ in range(10):
        StatusUpdateFactory(measure=measure)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        for update in StatusUpdate.objects.filter(measure=measure):  # no measure loaded
            update.delete()
    asked = [q for q in queries if 'SELECT "measures_measure"."plan_id"' in q["sql"]]
    assert len(asked) == 1


def test_kept_counts_are_shown_in_the_readers_language(client):
    """The kept dashboard holds its labels untranslated: a reader in English after one in
    Norwegian gets English, from the same counts."""
    data = make_plan_with_measures(10)
    client.force_login(data.coordinator)
    url = reverse("measures:dashboard") + f"?plan={data.plan.pk}"
    assert "Ikke bestilt" in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(url)
    assert english.context["dashboard"].implementation_plan_states  # the kept counts
    assert "Not ordered" in english.content.decode()
