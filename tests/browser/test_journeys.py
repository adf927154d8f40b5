"""The follow-up journeys of issue 3 in a real browser, on the Bodø demo data.

(a) the coordinator orders implementation plans for three measures and opens a round;
(b) the lead drafts, saves, comes back and submits a plan, then a status update;
(c) the coordinator returns the plan, the lead revises, the coordinator approves and
    reads the diff — done with the keyboard only (Tab, Enter, Space; no clicks);
(d) the politician reads an approved plan and finds no way to edit it.
Every page visited is checked with axe-core (0 serious/critical WCAG 2.1 AA findings).
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from demo import bodo
from measures.followup import services as followup_services
from measures.models import ImplementationPlan, Measure, ReportingRound, StatusUpdate
from tests.browser.conftest import check_axe, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = bodo.DEMO_PASSWORD


@pytest.fixture
def demo_data():
    bodo.load_demo()
    return Measure.objects.filter(plan__slug=bodo.CURRENT_SLUG)


def _visit(page, url):
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    check_axe(page)


def _plan_of(demo_data, title_start):
    return ImplementationPlan.objects.get(
        measure__in=demo_data, measure__title__startswith=title_start
    )


def _new_page(browser):
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    return context.new_page()


# --- keyboard helpers -------------------------------------------------------------------

_FOCUSED = r"""() => {
  const e = document.activeElement;
  const text = (e.tagName === "TEXTAREA" || e.tagName === "INPUT") ? e.value : e.textContent;
  return {id: e.id || "", text: (text || "").replace(/\s+/g, " ").trim(), tag: e.tagName};
}"""


def tab_to(page, *, text=None, element_id=None, max_presses=250):
    """Press Tab until the focused element has this id or starts with this text."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if element_id is not None and focused["id"] == element_id:
            return
        if text is not None and focused["text"].startswith(text):
            return
    raise AssertionError(f"Tab never reached {text or element_id!r} on {page.url}")


def press_link(page, text):
    """Tab to a link or button and follow it with Enter; then check the new page."""
    tab_to(page, text=text)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_axe(page)


def keyboard_login(page, live_server, username):
    page.goto(live_server.url + reverse("login"))
    check_axe(page)
    # The username field has autofocus.
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


# --- (a) ------------------------------------------------------------------------------------


def test_coordinator_orders_three_plans_and_opens_a_round(page, live_server, demo_data):
    unplanned = list(demo_data.filter(implementation_plan__isnull=True).order_by("code")[:3])
    assert len(unplanned) == 3
    login(page, live_server, "koordinator", PASSWORD)
    check_axe(page)

    page.get_by_role("link", name="Rapporteringsrunder").click()
    check_axe(page)
    page.get_by_role("link", name="Bestill gjennomføringsplaner").first.click()
    page.wait_for_url("**/bestill-gjennomforingsplan/**")
    check_axe(page)

    # Three measures by code (the page has no row per measure: it stays small at 2,000).
    page.get_by_label("Bare tiltakene jeg skriver inn koden til").check()
    page.get_by_label("Tiltakskoder").fill(", ".join(m.code for m in unplanned))
    due = timezone.localdate() + dt.timedelta(days=21)
    page.get_by_label("Frist for gjennomføringsplanen").fill(due.isoformat())
    page.get_by_label("Melding til hovedansvarlige").fill("Lever innen tre uker, takk.")
    page.get_by_role("button", name="Bestill gjennomføringsplaner").click()
    page.get_by_text("bestilt for 3 tiltak").wait_for()
    check_axe(page)
    ordered = ImplementationPlan.objects.filter(measure__in=unplanned)
    assert ordered.count() == 3
    assert set(ordered.values_list("due_date", flat=True)) == {due}

    # An existing plan is reported, not ordered twice.
    approved = _plan_of(demo_data, "Kjøp av kommunale")
    page.get_by_label("Bare tiltakene jeg skriver inn koden til").check()
    page.get_by_label("Tiltakskoder").fill(approved.measure.code)
    page.get_by_label("Frist for gjennomføringsplanen").fill(due.isoformat())
    page.get_by_role("button", name="Bestill gjennomføringsplaner").click()
    page.get_by_text("har allerede en gjennomføringsplan").wait_for()
    check_axe(page)

    _visit(page, live_server.url + reverse("measures:round_list"))
    page.get_by_role("link", name="Åpne ny rapporteringsrunde").first.click()
    page.wait_for_url("**/runder/ny/**")
    check_axe(page)
    page.get_by_label("Navn på runden").fill("Årsrapportering")
    page.get_by_label("Frist", exact=False).first.fill((due + dt.timedelta(days=7)).isoformat())
    open_round = ReportingRound.objects.filter(status="open", plan__slug=bodo.CURRENT_SLUG)
    if open_round.exists():
        # The demo's round is still open: the form names it and asks to confirm a second one.
        page.get_by_text("er allerede åpen").first.wait_for()
        page.get_by_label("Ja, åpne en runde til mens den andre er åpen").check()
    # Every active measure (the default); the preview names how many before opening.
    page.get_by_role("button", name="Vis utvalget").click()
    page.get_by_role("heading", name=f"Utvalget: {demo_data.active().count()} tiltak").wait_for()
    check_axe(page)
    page.get_by_role("button", name="Åpne runden").click()
    page.get_by_role("heading", name="Årsrapportering").wait_for()
    check_axe(page)
    round_ = ReportingRound.objects.get(name="Årsrapportering")
    assert round_.measures.count() == demo_data.active().count()
    page.get_by_text(f"0 av {round_.measures.count()} tiltak").wait_for()


# --- (b) ------------------------------------------------------------------------------------


def test_lead_drafts_saves_returns_and_submits_then_reports_status(page, live_server, demo_data):
    ip = _plan_of(demo_data, "Boliger for unge")
    assert ip.status == ImplementationPlan.Status.ORDERED
    login(page, live_server, "leder", PASSWORD)
    page.get_by_role("link", name="Mine tiltak").click()
    page.wait_for_url(live_server.url + reverse("measures:my_measures"))
    check_axe(page)
    assert page.locator(".overdue-row").count() >= 1  # the ordered plan is overdue

    page.get_by_role("link", name=f"Gjennomføringsplan (Bestilt) – {ip.measure.code}").click()
    page.wait_for_url(live_server.url + ip.get_absolute_url())
    check_axe(page)
    page.get_by_role("link", name="Rediger planen").click()
    page.get_by_label("Forventet resultat").wait_for()
    check_axe(page)
    page.get_by_label("Forventet resultat").fill("Seks tilrettelagte boliger tatt i bruk.")
    page.get_by_label("Aktivitet 1: aktivitet").fill("Kartlegge behov sammen med brukerne")
    page.get_by_label("Aktivitet 1: ansvarlig").select_option(label="Hilde Helse")
    page.get_by_label("Aktivitet 1: start").fill("2027-01-04")
    page.get_by_label("Aktivitet 1: frist").fill("2027-03-31")
    page.get_by_label("Finansiering 1: år").fill("2027")
    page.get_by_label("Finansiering 1: beløp (kr)").fill("1200000")
    page.get_by_label("Finansiering 1: finansieringskilde").select_option(label="Driftsbudsjett")
    page.get_by_role("button", name="Lagre utkast").click()
    page.get_by_text("Utkastet er lagret.").wait_for()
    check_axe(page)
    ip.refresh_from_db()
    assert ip.status == ImplementationPlan.Status.DRAFT

    # Comes back later: the draft is there, adds a risk, then saves and submits.
    _visit(page, live_server.url + reverse("measures:my_measures"))
    page.get_by_role("link", name=f"Gjennomføringsplan (Under arbeid) – {ip.measure.code}").click()
    page.get_by_role("link", name="Rediger planen").click()
    check_axe(page)
    assert page.get_by_label("Forventet resultat").input_value().startswith("Seks")
    assert page.get_by_label("Aktivitet 1: aktivitet").input_value().startswith("Kartlegge")
    page.get_by_label("Risiko").fill("Usikker tomtetilgang.")
    page.get_by_role("button", name="Lagre og lever til koordinator").click()
    page.get_by_text("Planen er levert til koordinator.").wait_for()
    check_axe(page)
    ip.refresh_from_db()
    assert ip.status == ImplementationPlan.Status.SUBMITTED
    assert ip.versions.get().content["risks"] == "Usikker tomtetilgang."
    assert ip.funding.get().amount == 1200000

    # A status update in the open round.
    _visit(page, live_server.url + reverse("measures:my_measures"))
    page.get_by_role("link", name="Statusoppdatering:").first.click()
    check_axe(page)
    page.get_by_label("Status (må fylles ut)", exact=True).select_option(label="Pågår")
    page.get_by_label("Framdrift (%)").fill("45")
    page.get_by_label("Status og resultater").fill("Kartleggingen er i gang.")
    page.get_by_label("Jeg trenger hjelp fra koordinator").check()
    page.get_by_role("button", name="Lever statusoppdatering").click()
    page.get_by_text("Statusoppdateringen er levert. Takk!").wait_for()
    check_axe(page)
    update = StatusUpdate.objects.get(text="Kartleggingen er i gang.")
    assert update.needs_help and update.progress == 45 and not update.is_late


# --- (c) keyboard only -------------------------------------------------------------------


def test_return_revise_approve_and_diff_with_the_keyboard_only(
    browser, page, live_server, demo_data
):
    ip = _plan_of(demo_data, "Bostedsløse med rus")
    followup_services.implementation_plan_submit(
        implementation_plan=ip, by=ip.measure.responsible_person, expected_version=ip.version
    )
    plan_url = live_server.url + ip.get_absolute_url()

    keyboard_login(page, live_server, "koordinator")
    # The coordinator lands on the follow-up dashboard: Tab to the plans, the current plan
    # (listed first), the measure, then its implementation plan.
    check_axe(page)
    press_link(page, "Planer")
    press_link(page, "Boligpolitisk handlingsplan")
    press_link(page, ip.measure.title)
    press_link(page, "Gjennomføringsplan (levert)")
    assert page.url == plan_url
    tab_to(page, element_id="id_feedback")
    page.keyboard.type("Legg til finansieringsbehov per år.")
    tab_to(page, text="Send tilbake med tilbakemelding")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_text("Planen er sendt tilbake").wait_for()
    check_axe(page)
    ip.refresh_from_db()
    assert ip.status == ImplementationPlan.Status.RETURNED

    lead = _new_page(browser)
    keyboard_login(lead, live_server, "leder")
    check_axe(lead)
    press_link(lead, "Mine tiltak")
    press_link(lead, f"Gjennomføringsplan (Sendt tilbake) – {ip.measure.code}")
    lead.get_by_text("Legg til finansieringsbehov per år.").wait_for()
    press_link(lead, "Rediger planen")
    tab_to(lead, element_id="id_expected_result")
    lead.keyboard.press("End")
    lead.keyboard.type(" Tatt i bruk innen utgangen av året.")
    tab_to(lead, element_id="id_funding-0-year")
    lead.keyboard.type("2027")
    lead.keyboard.press("Tab")
    lead.keyboard.type("800000")
    lead.keyboard.press("Tab")
    lead.keyboard.press("ArrowDown")  # past "Velg kilde" to the first source: Driftsbudsjett
    tab_to(lead, text="Lagre og lever til koordinator")
    with lead.expect_navigation():
        lead.keyboard.press("Space")
    lead.get_by_text("Planen er levert til koordinator.").wait_for()
    check_axe(lead)
    lead.context.close()
    ip.refresh_from_db()
    assert ip.status == ImplementationPlan.Status.SUBMITTED
    assert ip.versions.count() == 2

    page.reload()  # the coordinator comes back to the page (F5 is a key too)
    check_axe(page)
    tab_to(page, text="Godkjenn planen")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_text("Planen er godkjent.").wait_for()
    check_axe(page)
    tab_to(page, text="Versjon 2")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_axe(page)
    assert "Endringer i versjon 2" in page.locator("h1").inner_text()
    added = [t.replace("\xa0", " ") for t in page.locator("table.diff ins").all_inner_texts()]
    assert any("Tatt i bruk innen utgangen av året." in text for text in added)
    assert any("800 000 kr" in text for text in added)
    ip.refresh_from_db()
    assert ip.status == ImplementationPlan.Status.APPROVED


# --- (d) --------------------------------------------------------------------------------


def test_politician_reads_the_approved_plan_and_finds_no_way_to_edit(page, live_server, demo_data):
    approved = _plan_of(demo_data, "Kjøp av kommunale")
    draft = _plan_of(demo_data, "Bostedsløse med rus")
    login(page, live_server, "politiker", PASSWORD)
    check_axe(page)
    page.get_by_role("link", name=approved.measure.title).first.click()
    check_axe(page)
    page.get_by_role("link", name="Gjennomføringsplan (godkjent)").click()
    check_axe(page)
    page.get_by_role("heading", name="Forventet resultat").wait_for()
    assert "ti nye kommunale utleieboliger" in page.content()

    main = page.locator("main")
    assert main.locator("form").count() == 0
    assert main.locator("button").count() == 0
    for name in ["Rediger", "Lever", "Godkjenn", "Send tilbake", "versjoner"]:
        assert main.get_by_role("link", name=name).count() == 0
    assert page.get_by_role("link", name="Mine tiltak").count() == 0

    measure_pk = approved.measure_id
    for url_name, expected in [
        ("measures:implementation_plan_edit", 403),
        ("measures:implementation_plan_versions", 403),
    ]:
        response = page.goto(live_server.url + reverse(url_name, args=[measure_pk]))
        assert response.status == expected, url_name
    response = page.goto(live_server.url + draft.get_absolute_url())
    assert response.status == 404
    response = page.request.post(
        live_server.url + reverse("measures:implementation_plan_review", args=[measure_pk]),
        form={"decision": "approve", "version": "1"},
    )
    assert response.status in (403, 404)


def test_edit_errors_and_a_lost_update_are_accessible(browser, page, live_server, demo_data):
    ip = _plan_of(demo_data, "Boliger for unge")
    edit_url = live_server.url + reverse("measures:implementation_plan_edit", args=[ip.measure_id])
    login(page, live_server, "leder", PASSWORD)
    _visit(page, edit_url)

    # Field errors: summary at the top, focused, each message linking to its cell.
    page.get_by_label("Finansiering 1: år").fill("1800")
    page.get_by_label("Finansiering 1: beløp (kr)").fill("10")
    page.get_by_label("Finansiering 1: finansieringskilde").select_option(label="Driftsbudsjett")
    page.get_by_role("button", name="Lagre utkast").click()
    summary = page.locator(".ds-error-summary")
    summary.wait_for()
    check_axe(page)
    assert summary.evaluate("e => e === document.activeElement")
    summary.get_by_role("link", name="Finansiering 1, år").click()
    assert page.evaluate("document.activeElement.id") == "id_funding-0-year"

    # A colleague saves first; this save is refused and shows both texts.
    _visit(page, edit_url)
    colleague = _new_page(browser)
    login(colleague, live_server, "demo-helse", PASSWORD)
    colleague.goto(edit_url)
    colleague.get_by_label("Forventet resultat").fill("Hildes tekst")
    colleague.get_by_role("button", name="Lagre utkast").click()
    colleague.get_by_text("Utkastet er lagret.").wait_for()
    colleague.context.close()

    page.get_by_label("Forventet resultat").fill("Lars sin tekst")
    page.get_by_role("button", name="Lagre utkast").click()
    page.get_by_role("heading", name="Noen andre har lagret planen mens du skrev").wait_for()
    check_axe(page)
    assert page.get_by_label("Forventet resultat").input_value() == "Lars sin tekst"
    assert "Hildes tekst" in page.locator(".conflict").inner_text()
    ip.refresh_from_db()
    assert ip.expected_result == "Hildes tekst"
