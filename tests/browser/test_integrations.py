"""The integrations page in Chromium: a coordinator makes a token, sees it once, revokes
it and renews the calendar address; axe finds nothing serious at 1366 and 390 px."""

import pytest

from bodobolig.permissions import Role
from integrations.models import ApiToken
from tests.browser.conftest import check_axe, login
from tests.factories import PlanFactory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tokens_and_calendar_on_the_integrations_page(page, live_server):
    make_user(Role.COORDINATOR, username="kari", password="bolig2014")
    PlanFactory(title="Boligpolitisk handlingsplan")
    login(page, live_server, "kari", "bolig2014")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/integrasjoner/")
        check_axe(page)
        scroll = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll <= width, f"sideways scroll at {width} px"

    page.get_by_label("Navn på nøkkelen").fill("Sak/arkiv")
    page.get_by_role("button", name="Lag nøkkel").click()
    key = page.get_by_label("Ny nøkkel").input_value()
    assert len(key) > 30
    check_axe(page)
    page.goto(live_server.url + "/integrasjoner/")
    assert page.get_by_label("Ny nøkkel").count() == 0  # shown once
    page.get_by_role("button", name="Trekk tilbake – Sak/arkiv").click()
    page.get_by_text("er trukket tilbake").wait_for()
    assert ApiToken.objects.get(name="Sak/arkiv").revoked_at is not None

    old = page.get_by_label("Din kalenderadresse").input_value()
    page.get_by_role("button", name="Lag ny kalenderadresse").click()
    page.get_by_text("Du har fått en ny kalenderadresse").wait_for()
    assert page.get_by_label("Din kalenderadresse").input_value() != old
