"""The carry-over journey in Chromium, by keyboard only: the coordinator creates the next
plan, previews the carry-over, confirms it, and the new plan's page lists the carried
measures linking back to their predecessors. Every page is axe-clean."""

import pytest

from bodobolig.permissions import Role
from measures.models import Measure, MeasureStatus
from plans.models import Plan
from tests.browser.conftest import check_axe, login
from tests.factories import (
    GoalFactory,
    MeasureFactory,
    PlanFactory,
    StrategyFactory,
    make_department_with_lead,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def press(page, locator, key="Enter"):
    locator.focus()
    page.keyboard.press(key)


def test_coordinator_carries_unfinished_measures_into_the_next_plan(page, live_server):
    make_user(Role.COORDINATOR, username="kari")
    department, owner = make_department_with_lead()
    source = PlanFactory(
        title="Boligpolitisk handlingsplan", slug="bph-2014", period_start=2014, period_end=2017
    )
    strategy = StrategyFactory(goal=GoalFactory(plan=source, number=1), number=1)
    unfinished = MeasureFactory(
        plan=source,
        strategy=strategy,
        code="1.1.1",
        number=1,
        title="Bolig Nu",
        responsible_department=department,
        responsible_person=owner,
    )
    MeasureFactory(
        plan=source,
        strategy=strategy,
        code="1.1.2",
        number=2,
        title="Boligforum",
        status=MeasureStatus.COMPLETED,
        progress=100,
        responsible_department=department,
        responsible_person=owner,
    )

    login(page, live_server, "kari", "passord")
    page.goto(live_server.url + "/planer/bph-2014/videreforing/")
    check_axe(page)
    # The next plan: keyboard only, typing into the prefilled form.
    title = page.get_by_label("Tittel")
    title.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Boligplan")
    press(page, page.get_by_role("button", name="Lag ny plan"))
    page.wait_for_url("**/videreforing/boligplan-2018-2021/")
    check_axe(page)
    # Unfinished measures are pre-selected, the completed one not.
    assert page.get_by_label("1.1.1 Bolig Nu", exact=False).is_checked()
    assert not page.get_by_label("1.1.2 Boligforum", exact=False).is_checked()
    report = page.get_by_label("Sluttrapport for planen som avsluttes")
    report.focus()
    page.keyboard.type("Perioden er over; uferdige tiltak videreføres.")
    press(page, page.get_by_role("button", name="Forhåndsvis videreføringen"))
    page.get_by_role("heading", name="Forhåndsvisning av videreføringen").wait_for()
    check_axe(page)
    assert Measure.objects.filter(plan__slug="boligplan-2018-2021").count() == 0
    press(page, page.get_by_role("button", name="Bekreft videreføringen"))
    page.wait_for_url("**/planer/boligplan-2018-2021/")
    check_axe(page)
    link = page.get_by_role("link", name="Bolig Nu")
    assert link.count() == 1
    assert page.get_by_role("link", name="Boligforum").count() == 0
    press(page, link)
    page.get_by_role("heading", name="1.1.1 Bolig Nu").wait_for()
    check_axe(page)
    facts = page.locator("dl.facts").inner_text()
    assert "Videreført fra" in facts and "1.1.1" in facts
    new = Measure.objects.get(plan__slug="boligplan-2018-2021")
    assert new.carried_over_from_id == unfinished.pk
    source.refresh_from_db()
    assert source.status == Plan.Status.COMPLETED


def test_plan_life_pages_are_axe_clean_on_a_phone(page, live_server):
    make_user(Role.COORDINATOR, username="kari")
    plan = PlanFactory(slug="bph", period_start=2014, period_end=2017)
    MeasureFactory(strategy=StrategyFactory(goal=GoalFactory(plan=plan)))
    login(page, live_server, "kari", "passord")
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (
        "/planer/bph/om/",
        "/planer/bph/status/",
        "/planer/bph/arbeidsplaner/",
        "/planer/ny/",
        "/virksomheter/",
        "/tiltak/prosjekter/",
    ):
        page.goto(live_server.url + path)
        check_axe(page)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= 390, f"{path} scrolls sideways ({scroll}px)"
