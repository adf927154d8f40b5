"""The Bodø demo: loaded by `make run`, the first thing a new user sees."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from analyses.models import Challenge, Indicator, IndicatorTarget, IndicatorValue
from bodobolig.models import AuditEntry
from demo import bodo
from demo.bodo.common import CURRENT_SLUG
from demo.bodo.tables import INDICATORS
from hearings.models import Consultee, EngagementMeeting, Hearing
from measures.models import (
    FundingRequest,
    ImplementationPlan,
    Measure,
    MeasureStatus,
    ReportingRound,
    StatusUpdate,
)
from measures.register.selectors import measure_timeline
from plans.models import Department, Goal, Milestone, Plan, Strategy

pytestmark = pytest.mark.django_db

STATEMENTS = [statement for _number, _title, statement in bodo.GOALS]


def _fingerprint():
    """Everything the demo creates, by natural keys (ids change between loads)."""
    return {
        "plans": sorted(Plan.objects.values_list("slug", "status", "period_start", "period_end")),
        "goals": sorted(Goal.objects.values_list("plan__slug", "number", "statement")),
        "strategies": Strategy.objects.count(),
        "measures": sorted(
            Measure.objects.values_list(
                "plan__slug",
                "code",
                "title",
                "status",
                "progress",
                "responsible_department__name",
                "responsible_person__username",
            )
        ),
        "implementation_plans": sorted(
            ImplementationPlan.objects.values_list("measure__code", "status", "due_date")
        ),
        "departments": sorted(Department.objects.values_list("name", "lead__username")),
        "milestones": Milestone.objects.count(),
        "rounds": sorted(ReportingRound.objects.values_list("name", "due_date")),
        "consultees": Consultee.objects.count(),
    }


def test_load_demo_twice_leaves_the_same_data(settings):
    settings.DEBUG = True  # the test runner turns it off; the command refuses without it
    call_command("load_demo")
    first = _fingerprint()
    call_command("load_demo")
    assert _fingerprint() == first
    assert first["measures"]


def test_demo_has_what_the_seed_describes():
    bodo.load_demo(today=dt.date(2026, 11, 24))
    historic = Plan.objects.get(slug=bodo.HISTORIC_SLUG)
    assert historic.adopted_on == dt.date(2014, 2, 13)
    assert list(historic.goals.values_list("statement", flat=True)) == STATEMENTS
    assert historic.goals.get(number=1).strategies.count() >= 3
    assert all(goal.strategies.count() >= 3 for goal in historic.goals.all())
    assert historic.measures.count() >= 15
    assert set(historic.milestones.values_list("step", flat=True)) == {1, 2, 3, 4, 5, 6}
    assert Department.objects.get(name="Husbanken").is_external
    assert Department.objects.get(name="Helse- og omsorgsavdelingen").lead.username == "leder"
    assert Measure.objects.filter(responsible_person__username="leder").count() >= 3
    assert historic.measures.filter(title__startswith="Bolig Nu").exists()
    assert historic.measures.filter(title__startswith="Foyer Bodø").exists()
    hearing = Hearing.objects.get(plan=historic)
    assert hearing.ends_on.year == 2013 and hearing.ends_on.month == 12
    assert hearing.invitations.filter(consultee__name="Eldrerådet").exists()
    assert EngagementMeeting.objects.filter(plan=historic, kind="user_meeting").count() == 10
    # Measures the sources do not give are labelled illustrative in their text.
    for measure in historic.measures.filter(is_illustrative=True):
        assert measure.description.startswith(bodo.ILLUSTRATIVE)


def test_demo_follow_up_is_live_relative_to_today():
    today = dt.date(2030, 3, 1)
    bodo.load_demo(today=today)
    current = Plan.objects.get(slug=bodo.CURRENT_SLUG)
    assert current.is_illustrative and current.predecessor.slug == bodo.HISTORIC_SLUG
    assert current.measures.filter(carried_over_from__isnull=False).count() >= 10
    open_round = current.reporting_rounds.get(status="open")
    assert open_round.due_date > today
    plans = ImplementationPlan.objects.filter(measure__plan=current)
    assert plans.filter(status="ordered", due_date__lt=today).exists()  # overdue
    assert plans.filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=7)).exists()
    stale_before = bodo.aware(today - dt.timedelta(days=120))
    assert current.measures.with_last_reported().filter(last_reported_at__lt=stale_before).exists()
    # Statuses vary.
    assert current.measures.values("status").distinct().count() >= 4


def test_load_demo_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG er av"):
        call_command("load_demo")
    call_command("load_demo", "--force")
    assert Plan.objects.filter(slug=bodo.HISTORIC_SLUG).exists()


def test_load_demo_rejects_unknown_arguments():
    with pytest.raises(CommandError):
        call_command("load_demo", "--measures", "3")


@pytest.mark.parametrize("username", ["koordinator", "leder", "politiker"])
def test_each_demo_user_can_log_in(client, username):
    bodo.load_demo()
    response = client.post(
        "/logg-inn/", {"username": username, "password": bodo.DEMO_PASSWORD}, follow=True
    )
    assert response.context["user"].username == username


def test_plan_page_shows_the_three_goal_statements(client):
    bodo.load_demo()
    current = client.get("/").context["current"]  # the front page names the current plan
    html = client.get(current.get_absolute_url()).content.decode()
    for statement in STATEMENTS:
        assert statement in html


# -- The demo tells the truth (seed and shared/DOMAIN.md) ------------------------------------

SOURCED_MEASURES = {"Bolig Nu", "Foyer Bodø", "Boligkoordinator ved plan- og samfunnsseksjonen"}
SOURCED_INDICATORS = {"befolkning", "nav-midlertidig-husstander", "nav-midlertidig-over-3-mnd"}


def test_the_160_dwellings_are_a_baseline_before_the_plan_not_a_2013_figure():
    bodo.load_demo()
    completed = Indicator.objects.get(code="fullforte-boliger")
    assert not completed.values.filter(year__lt=2014).exists()
    assert "160" in completed.source_note and "før 2014" in completed.source_note
    assert "300–400" in completed.source_note
    assert not IndicatorValue.objects.filter(value=160).exists()


def test_the_realised_dwellings_are_illustrative_and_labelled_per_value():
    bodo.load_demo()
    completed = Indicator.objects.get(code="fullforte-boliger")
    assert completed.is_illustrative and bodo.ILLUSTRATIVE in completed.source_note
    assert completed.values.count() > 1
    assert all(v.note == "Illustrativt eksempel" for v in completed.values.all())


def test_targets_and_plantall_the_sources_do_not_give_are_illustrative():
    bodo.load_demo()
    targets = IndicatorTarget.objects.filter(indicator__code__in=[i["code"] for i in INDICATORS])
    assert targets.exists()
    assert all(t.note.startswith(bodo.ILLUSTRATIVE) for t in targets)
    plantall = Indicator.objects.get(code="plantall-boliger")
    assert plantall.is_illustrative and plantall.source_note.startswith(bodo.ILLUSTRATIVE)
    # Every value is either from a cited source or its indicator says it is illustrative.
    with_values = Indicator.objects.filter(
        code__in=[i["code"] for i in INDICATORS], values__isnull=False
    ).distinct()
    unsourced = with_values.exclude(code__in=SOURCED_INDICATORS)
    assert unsourced.exists()
    assert all(indicator.is_illustrative for indicator in unsourced)
    for indicator in unsourced:
        assert bodo.ILLUSTRATIVE in indicator.source_note


def test_the_indicator_set_of_the_domain_notes_is_seeded_with_honest_sources():
    bodo.load_demo()
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert {"kommunale-boliger-per-1000", "venteliste", "midlertidig-botilbud"} <= codes
    assert len([i for i in INDICATORS]) >= 22
    per_1000 = Indicator.objects.get(code="kommunale-boliger-per-1000")
    assert (per_1000.ssb_table, per_1000.source_code) == ("12008", "KOSboligSper10000000")
    assert not per_1000.values.exists()  # no Bodø figure in the sources checked


def test_the_successor_inherits_the_challenges_and_holds_one_no_measure_answers():
    bodo.load_demo()
    historic = Plan.objects.get(slug=bodo.HISTORIC_SLUG)
    current = Plan.objects.get(slug=bodo.CURRENT_SLUG)
    old = Challenge.objects.filter(goal__plan=historic)
    new = Challenge.objects.filter(goal__plan=current)
    assert new.count() == old.count() > 0
    assert set(new.values_list("carried_over_from", flat=True)) == set(
        old.values_list("pk", flat=True)
    )
    # Carried measures answer the successor's own copies, not the old plan's challenges.
    assert not Challenge.objects.filter(goal__plan=historic, measures__plan=current).exists()
    # Measures finished in 2014–2017 are not carried over: their challenges stay open.
    assert new.filter(measures__isnull=True).exists()


def test_bolig_nu_is_an_ongoing_service_with_an_unattributed_operating_budget():
    bodo.load_demo()
    historic = Plan.objects.get(slug=bodo.HISTORIC_SLUG)
    bolig_nu = historic.measures.get(title__startswith="Bolig Nu")
    assert bolig_nu.status == MeasureStatus.IN_PROGRESS
    final = bolig_nu.status_updates.get()
    assert final.status == MeasureStatus.IN_PROGRESS
    assert "løpende tjeneste" in final.text and bodo.ILLUSTRATIVE in final.text
    budget = bolig_nu.funding.get()
    assert (budget.year, budget.amount) == (2015, 2880000)
    assert budget.source == FundingRequest.Source.OPERATING
    assert budget.decision_body == "" and budget.decision_case_number == ""
    assert budget.decided_on is None


def test_the_invitation_date_is_marked_illustrative():
    bodo.load_demo()
    hearing = Hearing.objects.get(plan__slug=bodo.HISTORIC_SLUG)
    sent = set(hearing.invitations.values_list("sent_at__date", flat=True))
    assert sent == {dt.date(2013, 11, 1)}
    assert hearing.announcement.startswith(bodo.ILLUSTRATIVE)
    assert "invitasjonene" in hearing.announcement and "01.11.2013" in hearing.announcement


def test_the_boligsosial_radgiver_works_at_plan_og_samfunnsseksjonen():
    bodo.load_demo()
    section = Department.objects.get(name="Plan- og samfunnsseksjonen")
    assert section.members.filter(username="demo-boligsosial").exists()
    assert not Department.objects.filter(
        members__username="demo-boligsosial", name="Helse- og omsorgsavdelingen"
    ).exists()
    # The helse colleague the journeys use is no rådgiver any more, and a reload of an older
    # demo leaves no orphan of the old username behind.
    assert not get_user_model().objects.filter(username="demo-helse-radgiver").exists()


def test_everything_the_sources_do_not_give_is_marked_illustrative():
    bodo.load_demo()
    historic = Plan.objects.get(slug=bodo.HISTORIC_SLUG)
    current = Plan.objects.get(slug=bodo.CURRENT_SLUG)
    assert current.is_illustrative and not historic.is_illustrative
    for measure in historic.measures.all():
        sourced = any(measure.title.startswith(title) for title in SOURCED_MEASURES)
        assert measure.is_illustrative is not sourced, measure.title
        if measure.is_illustrative:
            assert measure.description.startswith(bodo.ILLUSTRATIVE), measure.title
    assert current.measures.filter(is_illustrative=False).count() == 0
    for strategy in Strategy.objects.filter(goal__plan__in=[historic, current]):
        assert strategy.description.startswith(bodo.ILLUSTRATIVE)
    for update in StatusUpdate.objects.filter(measure__plan__in=[historic, current]):
        assert bodo.ILLUSTRATIVE in update.text
    meetings = EngagementMeeting.objects.filter(plan=historic)  # 10 meetings, 4 presentations
    assert meetings.count() == 14 and all(m.is_illustrative for m in meetings)


def test_the_demo_writes_its_audit_trail_once_with_the_right_actors():
    bodo.load_demo()
    count = AuditEntry.objects.count()
    bodo.load_demo()
    assert AuditEntry.objects.count() == count > 20
    returned = AuditEntry.objects.get(
        action="implementation_plan.returned", plan__slug=CURRENT_SLUG
    )
    assert returned.actor.username == "koordinator" and "frister" in returned.text
    timeline = [
        e
        for e in measure_timeline(returned.measure, internal=True)
        if e.kind == "implementation_plan"
    ]
    assert [e.action for e in timeline][:2] == [
        "implementation_plan.returned",
        "implementation_plan.submitted",
    ]
    assert timeline[1].who != timeline[0].who  # the owner submitted, the coordinator returned
    assert AuditEntry.objects.filter(
        plan__slug=CURRENT_SLUG, action="reporting_round.opened"
    ).exists()
