"""The sign-in pages in Chromium: the provider's button, the lockout message, the unlock page."""

import pytest
from playwright.sync_api import expect

from bodobolig.permissions import Role
from tests.browser.conftest import check_axe, login
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Riktig-Hest-Batteri-42"


@pytest.fixture
def oidc_on(settings):
    settings.OIDC_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 2


def test_a_locked_out_user_reads_why_and_the_coordinator_lifts_it(
    page, live_server, oidc_on, browser
):
    make_user(Role.LEAD, username="kari", password=PASSWORD)
    make_user(Role.COORDINATOR, username="koord", password=PASSWORD)
    # The coordinator is already signed in (on a phone): the lock is on kari's name and on
    # this machine's address, which the test server shares with the coordinator.
    context = browser.new_context(locale="nb-NO", viewport={"width": 390, "height": 844})
    coordinator_page = context.new_page()
    login(coordinator_page, live_server, "koord", PASSWORD)

    page.goto(live_server.url + "/logg-inn/")
    expect(page.get_by_role("link", name="Logg inn med Bodø kommune")).to_be_visible()
    check_axe(page)
    for _ in range(2):
        page.get_by_label("Brukernavn", exact=True).fill("kari")
        page.get_by_label("Passord", exact=True).fill("feil")
        page.get_by_role("button", name="Logg inn").click()
    assert "For mange mislykkede forsøk" in page.locator("#login-locked").inner_text()
    check_axe(page)

    try:
        coordinator_page.goto(live_server.url + "/innlogging/sperrer/")
        check_axe(coordinator_page)
        assert coordinator_page.evaluate(
            "() => document.documentElement.scrollWidth <= window.innerWidth"
        ), "sideways scroll at 390 px"
        coordinator_page.get_by_role("button", name="Opphev sperren").first.click()
        assert "Sperren er opphevet" in coordinator_page.content()
    finally:
        context.close()

    page.get_by_label("Brukernavn", exact=True).fill("kari")
    page.get_by_label("Passord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(lambda url: "/logg-inn/" not in url)
