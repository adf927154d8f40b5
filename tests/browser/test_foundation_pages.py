"""The first pages in a real browser: axe-clean, usable by keyboard, Norwegian."""

import pytest
from playwright.sync_api import expect

from demo import bodo
from measures.models import Measure
from tests.browser.conftest import check_axe, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data():
    bodo.load_demo()


def test_public_reads_plan_and_measure_pages_without_axe_findings(page, live_server, demo_data):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "nb"
    check_axe(page)
    # The front page leads to the current plan, which states the three goals.
    page.get_by_text("Gjeldende plan").locator("xpath=../..").get_by_role("link").first.click()
    page.wait_for_load_state("load")
    for _number, _title, statement in bodo.GOALS:
        assert page.get_by_text(statement, exact=False).count() >= 1
    check_axe(page)
    page.goto(live_server.url + "/planer/")
    check_axe(page)
    measure = Measure.objects.filter(plan__slug=bodo.HISTORIC_SLUG, code="2.1.1").get()
    page.goto(live_server.url + measure.get_absolute_url())
    assert "Bolig Nu" in page.get_by_role("heading", level=1).inner_text()
    check_axe(page)


def test_login_page_reports_a_wrong_password_accessibly(page, live_server, demo_data):
    page.goto(live_server.url + "/logg-inn/")
    check_axe(page)
    page.get_by_label("Brukernavn", exact=True).fill("leder")
    page.get_by_label("Passord", exact=True).fill("feil-passord")
    page.get_by_role("button", name="Logg inn").click()
    summary = page.locator(".ds-error-summary")
    assert "Brukernavn eller passord er feil" in summary.inner_text()
    check_axe(page)


def test_keyboard_user_skips_to_content_and_logs_in(page, live_server, demo_data):
    page.goto(live_server.url + "/logg-inn/")
    # The username field has autofocus; the skip link is first for everyone else.
    page.keyboard.type("koordinator")
    page.keyboard.press("Tab")
    page.keyboard.type(bodo.DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/logg-inn/" not in url)
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Hopp til hovedinnholdet"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    check_axe(page)


@pytest.mark.parametrize("username", ["koordinator", "leder", "politiker"])
def test_each_demo_user_logs_in_and_out(page, live_server, demo_data, username):
    login(page, live_server, username, bodo.DEMO_PASSWORD)
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("link", name="Logg inn")).to_be_visible()
