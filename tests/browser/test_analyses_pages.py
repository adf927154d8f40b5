"""The evidence pages in Chromium: indicator, import (upload → preview → confirm) and
coverage pages, axe-core 0 serious/critical, usable at 390 px."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from analyses.models import Challenge, Indicator, IndicatorValue
from bodobolig.permissions import Role
from tests.browser.conftest import check_axe, login
from tests.factories import GoalFactory, MeasureFactory, PlanFactory, StrategyFactory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILES = Path(__file__).resolve().parents[1] / "analyses" / "files"


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_coordinator_imports_a_file_and_reads_the_indicator(page, live_server):
    coordinator = make_user(Role.COORDINATOR, username="kari")
    for code, source_code in [("igangsatte", "Igangsatte"), ("fullforte", "Fullforte")]:
        Indicator.objects.create(
            code=code, name=code.capitalize(), unit="boliger", source="ssb", source_code=source_code
        )
    login(page, live_server, coordinator.username, "passord")

    page.goto(live_server.url + "/analyser/import/")
    check_axe(page)
    page.get_by_label("Fil (CSV eller JSON-stat 2.0)").set_input_files(
        str(FILES / "ssb_05940_dense.json")
    )
    page.get_by_role("button", name="Forhåndsvis").click()
    expect(page.get_by_text("Importen vil legge til 6 nye verdier")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Bekreft importen").click()
    expect(page.get_by_text("Importert: 6 nye verdier")).to_be_visible()
    assert IndicatorValue.objects.count() == 6
    check_axe(page)

    page.goto(live_server.url + "/analyser/indikatorer/fullforte/")
    expect(page.get_by_role("cell", name="..").first).to_be_visible()
    check_axe(page)


def test_a_bad_file_lists_its_errors_accessibly(page, live_server, tmp_path):
    coordinator = make_user(Role.COORDINATOR, username="kari")
    Indicator.objects.create(code="ventetid", name="Ventetid", unit="dager", source="internal")
    bad = tmp_path / "bad.csv"
    bad.write_text("indikator;region;periode;verdi\nventetid;1804;2017;x\n")
    login(page, live_server, coordinator.username, "passord")

    page.goto(live_server.url + "/analyser/import/")
    page.get_by_label("Fil (CSV eller JSON-stat 2.0)").set_input_files(str(bad))
    page.get_by_role("button", name="Forhåndsvis").click()
    expect(page.get_by_text("Rad 2: verdien «x» er ikke et tall.")).to_be_visible()
    check_axe(page)


def test_public_coverage_and_key_figures_pages_at_phone_width(page, live_server):
    plan = PlanFactory()
    goal = GoalFactory(plan=plan, number=2)
    Challenge.objects.create(goal=goal, area="social", title="Bostedsløshet")
    MeasureFactory(strategy=StrategyFactory(goal=goal), title="Informasjonskampanje")
    indicator = Indicator.objects.create(
        code="x",
        name="Barnefamilier",
        unit="husstander",
        source="kostra",
        goal=goal,
        counts_people=True,
    )
    for year, value in [(2015, 12), (2016, 3)]:
        IndicatorValue.objects.create(indicator=indicator, year=year, value=value)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + f"/planer/{plan.slug}/utfordringer/")
    expect(page.locator("#unanswered").get_by_text("Bostedsløshet")).to_be_visible()
    check_axe(page)
    _no_sideways_scroll(page)

    page.goto(live_server.url + f"/planer/{plan.slug}/nokkeltall/")
    check_axe(page)
    _no_sideways_scroll(page)
    page.goto(live_server.url + "/analyser/indikatorer/x/")
    expect(page.get_by_role("cell", name="<5")).to_be_visible()
    check_axe(page)
    _no_sideways_scroll(page)
