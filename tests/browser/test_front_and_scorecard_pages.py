"""The front page, the plan page with its scorecard, the whole plan and the public measure
list in a real browser, on a 390 px phone and a 1366 px laptop: the page never scrolls
sideways, and axe-core finds nothing serious or critical."""

import os

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import expect

from bodobolig.permissions import GROUP_NAMES, Role
from demo import bodo
from demo.generate import generate
from demo.generate.base import PASSWORD
from plans.models import Plan
from tests.browser.conftest import check_axe, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [390, 1366]
SCREENSHOTS = os.environ.get("BROWSER_SCREENSHOTS", "")  # a folder, to look at the pages


# The elements that stick out of the viewport, for the failure message.
TOO_WIDE_JS = """() => [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
    .slice(0, 8)
    .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.trim().slice(0, 40)}`)"""


@pytest.fixture
def demo_data():
    bodo.load_demo()


def _fits_and_passes_axe(page, name: str) -> None:
    page.wait_for_load_state("load")  # after a click: the style sheets are in
    scroll_width, viewport = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}-{viewport}.png", full_page=True)
    if scroll_width != viewport:
        too_wide = page.evaluate(TOO_WIDE_JS)
        raise AssertionError(f"{page.url} is {scroll_width} px wide at {viewport} px: {too_wide}")
    check_axe(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages_fit_the_screen_and_pass_axe(page, live_server, demo_data, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Boligpolitisk")
    assert page.get_by_text("Gjeldende plan").count() == 1
    _fits_and_passes_axe(page, "front")

    page.get_by_text("Gjeldende plan").locator("xpath=../..").get_by_role("link").first.click()
    expect(page.locator("#resultattavle .statusbar").first).to_be_visible()
    _fits_and_passes_axe(page, "plan")

    page.get_by_role("link", name="Hele planen (for lesing og utskrift)").click()
    _fits_and_passes_axe(page, "plan-full")

    page.goto(live_server.url + reverse("measures:public_measure_list"))
    page.get_by_label("Søk i kode, tittel og beskrivelse").fill("Foyer")
    page.get_by_role("button", name="Vis tiltak").click()
    expect(page.locator("table")).to_contain_text("Foyer")
    _fits_and_passes_axe(page, "measure-list")


@pytest.mark.parametrize("width", WIDTHS)
def test_politician_lands_on_the_scorecard_of_a_big_plan(page, live_server, width):
    result = generate(measures=400, owners=40, hearings=0, responses_per_hearing=0, seed=7)
    plan = Plan.objects.get(pk=result.plan_id)
    politician = get_user_model().objects.filter(
        groups__name=GROUP_NAMES[Role.POLITICIAN], username__startswith=result.label
    )[0]
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, politician.username, PASSWORD)
    assert page.url.endswith(f"{plan.get_absolute_url()}#resultattavle")
    # Collapsed: every strategy has an "open" link instead of its table.
    opener = page.get_by_role("link", name="Vis de ").first
    assert page.locator("table.measure-table").count() == 0
    _fits_and_passes_axe(page, "plan-big")
    opener.click()
    # The link loads a new page: wait for its one open table (a bare count() may run
    # while the old page is still shown).
    expect(page.locator("table.measure-table")).to_have_count(1)
    _fits_and_passes_axe(page, "plan-big-open")
