"""The council report pages in Chromium: request, watch the state change, publish; axe on each."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bodobolig.permissions import Role
from measures.models import CouncilReport
from measures.reports import services as report_services
from tests.browser.conftest import check_axe, login
from tests.factories import MeasureFactory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_requests_a_report_and_publishes_it(page, live_server):
    coordinator = make_user(Role.COORDINATOR, username="kari")
    plan = MeasureFactory().plan
    login(page, live_server, coordinator.username, "passord")

    page.goto(live_server.url + "/tiltak/rapporter/")
    check_axe(page)
    page.get_by_role("link", name="Bestill rapport for").click()
    check_axe(page)
    page.get_by_label("Arkivsaksnummer").fill("feil")
    page.get_by_role("button", name="Bestill rapport").click()
    expect(page.get_by_text("Saksnummer skrives som år/løpenummer").first).to_be_visible()
    check_axe(page)
    page.get_by_label("Arkivsaksnummer").fill("2024/77")
    page.get_by_role("button", name="Bestill rapport").click()

    # Tasks run eagerly here: the report is ready when the page opens.
    page.wait_for_url("**/tiltak/rapporter/*/")
    expect(page.get_by_role("status").filter(has_text="Rapporten er klar")).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Publiser …").click()
    # The confirmation says who will see it: the politicians and, for an adopted plan, everyone.
    expect(page.get_by_text("Folkevalgte:")).to_be_visible()
    expect(page.get_by_text("Publikum:")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Publiser for").click()
    expect(page.get_by_text("Rapporten er publisert")).to_be_visible()
    report = CouncilReport.objects.get(plan=plan)
    assert report.is_published

    # Withdraw it: the reason is required, the page says what happens, axe on each step.
    page.get_by_role("link", name="Trekk tilbake").click()
    check_axe(page)
    page.get_by_role("button", name="Trekk tilbake rapporten").click()
    expect(page.get_by_text("Skriv hvorfor rapporten trekkes tilbake.").first).to_be_visible()
    check_axe(page)
    page.get_by_label("Hvorfor trekkes rapporten tilbake?").fill("Feil tall i kapittel 4.")
    page.get_by_role("button", name="Trekk tilbake rapporten").click()
    expect(page.get_by_text("Rapporten er trukket tilbake.")).to_be_visible()
    expect(page.get_by_text("Feil tall i kapittel 4.")).to_be_visible()
    check_axe(page)
    report.refresh_from_db()
    assert report.is_withdrawn and not report.is_published


def test_detail_page_updates_itself_when_the_report_is_ready(page, live_server):
    coordinator = make_user(Role.COORDINATOR, username="kari")
    plan = MeasureFactory().plan
    report = report_services.council_report_request(
        plan=plan, user=coordinator, as_of=timezone.localdate(), queue_render=False
    )
    login(page, live_server, coordinator.username, "passord")

    page.goto(live_server.url + report.get_absolute_url())
    status = page.get_by_role("status").filter(has_text="Rapporten")
    assert "står i kø" in status.inner_text()
    check_axe(page)

    report_services.council_report_render(report_id=report.pk)

    page.get_by_role("link", name="Last ned PDF").wait_for(timeout=20_000)
    assert "Rapporten er klar" in status.inner_text()
    check_axe(page)


def test_key_figures_page_with_charts_passes_axe(page, live_server):
    from demo import bodo

    bodo.load_demo()
    page.goto(live_server.url + f"/planer/{bodo.HISTORIC_SLUG}/nokkeltall/")
    chart = page.get_by_role("img", name="Planlagte boliger per år (plantall) og Fullførte boliger")
    expect(chart).to_be_visible()
    page.get_by_text("Vis tallene som tabell").first.click()
    expect(page.get_by_role("cell", name="350").first).to_be_visible()
    check_axe(page)
