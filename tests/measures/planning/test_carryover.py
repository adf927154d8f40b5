"""Videreføring: the unfinished measures of a plan carried into its successor, in one
transaction, with a query count that does not grow with the number of measures."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from analyses.models import Challenge
from bodobolig.audit import describe
from bodobolig.errors import DomainError
from bodobolig.models import AuditEntry
from bodobolig.permissions import Role
from measures import revisions
from measures.models import FundingRequest, Measure, MeasureStatus
from measures.planning import carryover
from plans.models import Plan, Strategy
from plans.services import plan_create_successor
from tests.factories import (
    DepartmentFactory,
    GoalFactory,
    MeasureFactory,
    PlanFactory,
    StrategyFactory,
    make_department_with_lead,
    make_user,
)

pytestmark = pytest.mark.django_db


def make_source(n: int, *, finished: int = 0):
    """An adopted plan with one goal, two strategies and `n` unfinished measures (plus
    `finished` completed ones), each with a contributing department, a challenge and an
    open funding request."""
    plan = PlanFactory(status=Plan.Status.ADOPTED, period_start=2014, period_end=2017)
    goal = GoalFactory(plan=plan, number=1)
    strategies = [StrategyFactory(goal=goal, number=k) for k in (1, 2)]
    department, owner = make_department_with_lead()
    partner = DepartmentFactory(is_external=True)
    challenge = Challenge.objects.create(goal=goal, area="general", title="Press på boliger")
    measures = []
    for i in range(n + finished):
        measure = MeasureFactory(
            plan=plan,
            strategy=strategies[i % 2],
            number=i + 1,
            code=f"1.{i % 2 + 1}.{i + 1}",
            responsible_department=department,
            responsible_person=owner,
            status=MeasureStatus.COMPLETED if i >= n else MeasureStatus.IN_PROGRESS,
            progress=100 if i >= n else 40,
        )
        measure.contributing_departments.add(partner)
        measure.challenges.add(challenge)
        FundingRequest.objects.create(measure=measure, year=2018, amount=1000, source="operating")
        measures.append(measure)
    return plan, measures


@pytest.fixture
def coordinator():
    return make_user(Role.COORDINATOR, first_name="Kari", last_name="Koordinator")


def successor(source, coordinator):
    return plan_create_successor(
        source=source, by=coordinator, title="Boligplan", period_start=2018, period_end=2021
    )


def test_carry_over_moves_the_unfinished_measures_with_their_links(coordinator):
    source, measures = make_source(3, finished=1)
    target = successor(source, coordinator)
    selection = carryover.default_selection(Measure.objects.filter(plan=source))
    assert sorted(selection) == sorted(m.pk for m in measures[:3])  # completed not chosen
    result = carryover.plan_carry_over(
        source_plan_id=source.pk,
        target_plan_id=target.pk,
        by=coordinator,
        measure_ids=selection,
        strategy_map=carryover.default_strategy_map(source, target),
        final_report="Perioden er over.",
    )
    assert (result.measures, result.funding_requests, result.challenges) == (3, 3, 3)
    carried = list(Measure.objects.filter(plan=target).order_by("code"))
    assert [m.carried_over_from for m in carried] == sorted(measures[:3], key=lambda m: m.code)
    for old, new in zip(sorted(measures[:3], key=lambda m: m.code), carried, strict=True):
        assert new.code == old.code and new.responsible_person_id == old.responsible_person_id
        assert new.owner_confirmed_at is None  # the owner must confirm again
        assert new.strategy.goal.plan_id == target.pk
        assert list(new.contributing_departments.all()) == list(old.contributing_departments.all())
        assert new.challenges.get().goal.plan_id == target.pk
        assert list(old.carried_over_to.all()) == [new]
        assert new.funding.get().carried_over_from == old.funding.get()
        assert new.history.count() == 1  # its own history starts; the old one keeps its own
    source.refresh_from_db()
    assert source.status == Plan.Status.COMPLETED and source.final_report == "Perioden er over."
    assert AuditEntry.objects.filter(action="measure.carried_over").count() == 3
    assert AuditEntry.objects.filter(action="measure.carried_forward").count() == 3
    forward = AuditEntry.objects.filter(action="measure.carried_forward").first()
    assert forward.plan_id == source.pk
    assert describe(forward).startswith("Kari Koordinator videreførte tiltaket som 1.")
    assert AuditEntry.objects.filter(action="plan.completed", plan_id=source.pk).exists()


@pytest.mark.parametrize("size", [4, 40])
def test_carry_over_query_count_does_not_grow_with_the_number_of_measures(
    size, coordinator, django_assert_num_queries
):
    source, measures = make_source(size)
    target = successor(source, coordinator)
    mapping = carryover.default_strategy_map(source, target)
    ids = [m.pk for m in measures]
    # The audit trail's content types are cached per process; warm them so the count
    # does not depend on which test ran first.
    ContentType.objects.get_for_models(Measure, Plan)
    # savepoint; lock both plans; the chosen measures with owners; already carried?;
    # target strategies; taken codes; insert measures; insert their
    # history; contributing departments (read, insert); legal bases (read, none to insert);
    # challenges (links, old challenges, new goals, existing, insert copies, insert links);
    # funding (read, insert); audit entries (one insert); completing the old plan
    # (savepoint, lock, update, its entry, release); release.
    with django_assert_num_queries(26):
        carryover.plan_carry_over(
            source_plan_id=source.pk,
            target_plan_id=target.pk,
            by=coordinator,
            measure_ids=ids,
            strategy_map=mapping,
        )
    assert Measure.objects.filter(plan=target).count() == size


def test_carry_over_into_a_plan_that_already_holds_the_measure_is_refused(coordinator):
    source, measures = make_source(2)
    target = successor(source, coordinator)
    mapping = carryover.default_strategy_map(source, target)
    carryover.plan_carry_over(
        source_plan_id=source.pk,
        target_plan_id=target.pk,
        by=coordinator,
        measure_ids=[measures[0].pk],
        strategy_map=mapping,
    )
    count = AuditEntry.objects.count()
    with pytest.raises(DomainError) as error:
        carryover.plan_carry_over(
            source_plan_id=source.pk,
            target_plan_id=target.pk,
            by=coordinator,
            measure_ids=[m.pk for m in measures],
            strategy_map=mapping,
        )
    assert error.value.field == "measures"
    assert measures[0].code in error.value.message and "allerede" in error.value.message
    assert Measure.objects.filter(plan=target).count() == 1
    assert AuditEntry.objects.count() == count


def test_unmapped_strategy_or_a_completed_target_is_refused_and_nothing_is_saved(coordinator):
    source, measures = make_source(2)
    target = successor(source, coordinator)
    with pytest.raises(DomainError) as error:
        carryover.plan_carry_over(
            source_plan_id=source.pk,
            target_plan_id=target.pk,
            by=coordinator,
            measure_ids=[m.pk for m in measures],
            strategy_map={},
        )
    assert error.value.field == "strategies"
    target.status = Plan.Status.COMPLETED
    target.save()
    with pytest.raises(DomainError) as error:
        carryover.plan_carry_over(
            source_plan_id=source.pk,
            target_plan_id=target.pk,
            by=coordinator,
            measure_ids=[m.pk for m in measures],
            strategy_map=carryover.default_strategy_map(source, target),
        )
    assert error.value.field == "target_plan"
    assert not Measure.objects.filter(plan=target).exists()
    source.refresh_from_db()
    assert source.status == Plan.Status.ADOPTED


def test_the_preview_shows_what_will_happen_and_confirm_does_it(client, coordinator):
    source, measures = make_source(2, finished=1)
    target = successor(source, coordinator)
    client.force_login(coordinator)
    url = reverse("planning:carry_over", kwargs={"slug": source.slug, "target": target.slug})
    page = client.get(url)
    form = page.context["form"]
    assert sorted(form.initial["measures"]) == sorted(m.pk for m in measures[:2])
    data = {"measures": [m.pk for m in measures[:2]], "final_report": "Slutt."}
    for field in form.strategy_fields():
        data[field.html_name] = form.initial[field.name]
    preview = client.post(url, {**data, "preview": "1"})
    assert preview.status_code == 200
    assert "Bekreft videreføringen" in preview.content.decode()
    assert not Measure.objects.filter(plan=target).exists()  # the preview changes nothing
    done = client.post(url, {**data, "confirm": "1"})
    assert done.status_code == 302 and done["Location"] == target.get_absolute_url()
    assert Measure.objects.filter(plan=target).count() == 2
    plan_page = client.get(target.get_absolute_url()).content.decode()
    new = Measure.objects.filter(plan=target).first()
    assert new.get_absolute_url() in plan_page
    measure_page = client.get(new.get_absolute_url()).content.decode()
    assert "Videreført fra" in measure_page and str(source) in measure_page


def test_a_successor_must_start_after_the_plan_it_continues(coordinator):
    source, _measures = make_source(1)
    with pytest.raises(DomainError) as error:
        plan_create_successor(
            source=source, by=coordinator, title="X", period_start=2014, period_end=2017
        )
    assert error.value.field == "period_start"
    plan = plan_create_successor(
        source=source, by=coordinator, title="X", period_start=2018, period_end=2021
    )
    assert plan.predecessor == source and plan.status == Plan.Status.DRAFT
    assert Strategy.objects.filter(goal__plan=plan).count() == 2
    assert dt.date.today()  # the copy is independent of the old plan
    assert not Strategy.objects.filter(goal__plan=plan, measures__isnull=False).exists()


def test_a_code_already_used_in_the_new_plan_gets_the_next_free_number(coordinator):
    source, measures = make_source(1)
    target = successor(source, coordinator)
    new_strategy = Strategy.objects.get(goal__plan=target, number=1)
    MeasureFactory(plan=target, strategy=new_strategy, number=1, code="1.1.1")
    MeasureFactory(plan=target, strategy=new_strategy, number=4, code="1.1.4")
    carryover.plan_carry_over(
        source_plan_id=source.pk,
        target_plan_id=target.pk,
        by=coordinator,
        measure_ids=[measures[0].pk],
        strategy_map=carryover.default_strategy_map(source, target),
    )
    carried = Measure.objects.get(plan=target, carried_over_from=measures[0])
    assert (carried.code, carried.number) == ("1.1.5", 5)


def test_carry_over_gives_the_target_plan_a_new_revision(
    coordinator, django_capture_on_commit_callbacks
):
    """Its bulk insert sends no signals; the dashboard's kept counts must still go."""
    source, _measures = make_source(2)
    target = successor(source, coordinator)
    before = revisions.token(target.pk)
    with django_capture_on_commit_callbacks(execute=True):
        carryover.plan_carry_over(
            source_plan_id=source.pk,
            target_plan_id=target.pk,
            by=coordinator,
            measure_ids=carryover.default_selection(Measure.objects.filter(plan=source)),
            strategy_map=carryover.default_strategy_map(source, target),
            final_report="Perioden er over.",
        )
    assert revisions.token(target.pk) != before
