"""The plan page's scorecard: counts by status as a drawn bar, progress, and what changed
since the last published council report, on data where every figure is known."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from bodobolig.permissions import Role
from measures.models import CouncilReport, Measure
from measures.register.scorecard import Change, plan_board
from measures.reports.snapshot import build_snapshot
from tests.factories import (
    CouncilReportFactory,
    GoalFactory,
    MeasureFactory,
    PlanFactory,
    StatusUpdateFactory,
    StrategyFactory,
    make_user,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 27)
REPORT_DAY = TODAY - dt.timedelta(days=30)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@pytest.fixture
def world():
    """A plan as the council last saw it (a published report 30 days ago), then moved on.

    Goal 1: strategy 1.1 with a (in progress → completed) and b (in progress, its planned
    end passed after the report); strategy 1.2 with c (in progress → postponed), g (asked
    for help then and now) and h (new since the report, completed).
    Goal 2: strategy 2.1 with d (no risk then, a risk now), e (postponed then and now)
    and f (completed then and now).
    """
    plan = PlanFactory()
    goal1, goal2 = GoalFactory(plan=plan, number=1), GoalFactory(plan=plan, number=2)
    s11 = StrategyFactory(goal=goal1, number=1)
    s12 = StrategyFactory(goal=goal1, number=2)
    s21 = StrategyFactory(goal=goal2, number=1)
    m = {
        "a": MeasureFactory(strategy=s11),
        "b": MeasureFactory(strategy=s11, planned_end=TODAY - dt.timedelta(days=10)),
        "c": MeasureFactory(strategy=s12),
        "g": MeasureFactory(strategy=s12),
        "d": MeasureFactory(strategy=s21),
        "e": MeasureFactory(strategy=s21, status=Measure.Status.POSTPONED),
        "f": MeasureFactory(strategy=s21, status=Measure.Status.COMPLETED),
    }
    before = _at(REPORT_DAY - dt.timedelta(days=5))
    StatusUpdateFactory(measure=m["d"], submitted_at=before)
    StatusUpdateFactory(measure=m["g"], submitted_at=before, needs_help=True)
    report = CouncilReportFactory(
        plan=plan,
        as_of=REPORT_DAY,
        status=CouncilReport.Status.READY,
        published_at=_at(REPORT_DAY),
        snapshot=build_snapshot(plan=plan, as_of=REPORT_DAY),
    )
    # A newer report that is not published: not what the politicians saw.
    CouncilReportFactory(plan=plan, as_of=TODAY, status=CouncilReport.Status.READY)

    # After the report.
    Measure.objects.filter(pk=m["a"].pk).update(status=Measure.Status.COMPLETED, progress=100)
    Measure.objects.filter(pk=m["c"].pk).update(status=Measure.Status.POSTPONED)
    StatusUpdateFactory(measure=m["d"], submitted_at=_at(TODAY), risks="Tomten er ikke regulert.")
    StatusUpdateFactory(measure=m["g"], submitted_at=_at(TODAY), needs_help=True)
    m["h"] = MeasureFactory(strategy=s12, status=Measure.Status.COMPLETED)
    return plan, report, {"1.1": s11, "1.2": s12, "2.1": s21}, m


def test_since_last_report_counts_new_completed_delayed_and_newly_at_risk(world):
    plan, report, strategies, _m = world
    board = plan_board(plan, today=TODAY)
    assert board.report == report
    assert board.card.change == Change(new=1, completed=2, delayed=2, at_risk=1)
    goal1, goal2 = board.goals
    assert goal1.card.change == Change(new=1, completed=2, delayed=2, at_risk=0)
    assert goal2.card.change == Change(new=0, completed=0, delayed=0, at_risk=1)
    s11, s12 = goal1.strategies.all()
    assert s11.card.change == Change(new=0, completed=1, delayed=1, at_risk=0)
    assert s12.card.change == Change(new=1, completed=1, delayed=1, at_risk=0)


def test_scorecard_counts_by_status_and_draws_a_bar_that_adds_up(world):
    plan, _report, _strategies, _m = world
    card = plan_board(plan, today=TODAY).card
    assert card.rollup.count == 8
    assert card.rollup.counts()["completed"] == 3
    assert card.rollup.counts()["postponed"] == 2
    segments = card.segments
    assert [s.count for s in segments] == [3, 3, 2]  # in progress, completed, postponed
    assert segments[0].x == 0
    assert segments[-1].x + segments[-1].width == pytest.approx(100, abs=0.05)


def test_without_a_published_report_no_change_is_claimed():
    measure = MeasureFactory()
    CouncilReportFactory(plan=measure.plan, status=CouncilReport.Status.READY)  # unpublished
    board = plan_board(measure.plan)
    assert board.report is None
    assert board.card.change is None


def test_politician_reads_the_since_last_report_figures_on_the_plan_page(client, world):
    plan, report, _strategies, _m = world
    client.force_login(make_user(Role.POLITICIAN))
    with time_machine.travel(_at(TODAY), tick=False):
        response = client.get(plan.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert f"«{report.title}»" in html
    assert "Siden forrige rapport:" in html
    # The plan line on the scorecard: 1 new, 2 completed, 2 delayed, 1 newly at risk.
    plan_line = html[
        html.index("Hele planen</h3>") : html.index("Målområde 1 –", html.index("Hele planen</h3>"))
    ]
    for words in ("1 nytt", "2 fullført", "2 forsinket", "1 med ny risiko"):
        assert words in plan_line
    assert 'class="statusbar"' in html and "style=" not in html
