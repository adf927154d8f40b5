"""The coordinator's pages on the demo data, in Chromium, each checked with axe."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from demo.bodo import load_demo
from measures.models import Measure
from tests.browser.conftest import check_axe, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_pages_are_accessible(page, live_server):
    load_demo()
    login(page, live_server, "koordinator", "bolig2014")

    page.goto(live_server.url + reverse("measures:dashboard"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Oppfølging")
    check_axe(page)

    # From a dashboard number to its filtered list.
    page.get_by_role("link", name="gjennomføringsplaner over frist").click()
    page.wait_for_url("**/tiltak/?*overdue=implementation_plan*")
    assert page.locator("tbody tr").count() >= 1
    check_axe(page)

    # Sorting by keyboard: focus the column heading's link and press Enter.
    page.get_by_role("link", name="Framdrift").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**sort=progress*")
    assert page.locator("th[aria-sort='ascending']").inner_text().startswith("Framdrift")
    check_axe(page)

    measure = Measure.objects.filter(comments__isnull=False).first()
    page.goto(live_server.url + measure.get_absolute_url())
    expect(page.get_by_role("heading", name="Tidslinje")).to_be_visible()
    check_axe(page)

    page.goto(live_server.url + reverse("measures:measure_edit", args=[measure.pk]))
    page.get_by_label("Planlagt slutt").fill("2000-01-01")
    page.get_by_role("button", name="Lagre").click()
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_visible()
    assert "Planlagt slutt kan ikke være før planlagt start." in summary.inner_text()
    assert page.locator("#id_planned_end").get_attribute("aria-invalid") == "true"
    expect(page.locator("#id_planned_end_error")).to_be_visible()
    check_axe(page)
