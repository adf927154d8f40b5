"""The public hearing in a real browser: a response with an attachment sent by keyboard
only, and the hearing and process pages free of serious axe findings, at 1280 and 390 px."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bodobolig.permissions import Role
from hearings.models import EngagementMeeting, HearingResponse
from plans.models import Milestone
from tests.browser.conftest import check_axe, login
from tests.factories import HearingFactory, HearingResponseFactory, make_user
from tests.hearings.files import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, element_id: str, limit: int = 80) -> None:
    """Press Tab until the element with `element_id` has the focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} never got the focus by Tab")


def no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def choose_file_by_keyboard(page):
    """The file dialog of the focused file input, opened with Space, or with Enter when a
    busy machine let the first key press pass without a dialog (as a person would press
    again). Playwright catches the dialog; the browser never shows it."""
    for key in ("Space", "Enter"):
        try:
            with page.expect_file_chooser(timeout=5000) as chooser:
                page.keyboard.press(key)
        except PlaywrightTimeoutError:
            assert page.evaluate("() => document.activeElement.id") == "id_attachments"
            continue
        return chooser.value
    raise AssertionError("the file input opened no file dialog from the keyboard")


def test_public_response_with_attachment_by_keyboard_only(page, live_server, tmp_path):
    hearing = HearingFactory(title="Høring: boligplanen")
    attachment = tmp_path / "innspill.pdf"
    attachment.write_bytes(PDF)
    page.goto(f"{live_server.url}/horing/{hearing.pk}/")
    check_axe(page)

    tab_to(page, "id_sender_name")
    page.keyboard.type("Kari Nordmann")
    page.keyboard.press("Tab")  # organisation: left empty
    page.keyboard.press("Tab")  # the first choice of «Jeg svarer som»: privatperson
    page.keyboard.press("Space")
    tab_to(page, "id_email")
    page.keyboard.type("kari@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("Flere små boliger i sentrum, takk.")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "id_attachments"
    choose_file_by_keyboard(page).set_files(str(attachment))
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # may publish my name
    page.keyboard.press("Tab")  # past the honeypot (tabindex=-1) to the button
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Send innspill"
    page.keyboard.press("Enter")
    page.wait_for_url("**/kvittering/**")

    response = HearingResponse.objects.get()
    assert response.receipt_number in page.locator(".receipt-number").inner_text()
    assert response.consent_to_publish_name and response.attachments.count() == 1
    check_axe(page)


def test_hearing_pages_and_process_page_are_axe_clean_on_phone_and_desktop(page, live_server):
    hearing = HearingFactory(status="closed")
    HearingResponseFactory(hearing=hearing, text="<script>alert(1)</script> Flere boliger.")
    plan = hearing.plan
    Milestone.objects.create(
        plan=plan, step=1, step_title="Oppstart", date="2013-01-15", title="Oppstart vedtatt"
    )
    EngagementMeeting.objects.create(
        plan=plan, held_on="2013-09-02", title="Brukerperspektivmøte", participants="Ungdom"
    )
    open_hearing = HearingFactory(plan=plan)
    urls = [
        "/horing/",
        f"/horing/{hearing.pk}/",
        f"/horing/{open_hearing.pk}/",
        f"/planer/{plan.slug}/prosess/",
    ]
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for url in urls:
            page.goto(live_server.url + url)
            check_axe(page)
            assert no_sideways_scroll(page), f"{url} scrolls sideways at {width} px"
    assert dialogs == []  # the submitted <script> never ran


def test_coordinator_pages_are_axe_clean(page, live_server):
    coordinator = make_user(Role.COORDINATOR, username="koord-hearing")
    hearing = HearingFactory()
    response = HearingResponseFactory(hearing=hearing)
    login(page, live_server, coordinator.username, "passord")
    for url in (
        f"/horing/{hearing.pk}/behandling/",
        f"/horing/{hearing.pk}/innspill/{response.pk}/",
        f"/horing/{hearing.pk}/innspill/ny/",
        f"/horing/{hearing.pk}/invitasjoner/",
        "/horing/instanser/",
        f"/planer/{hearing.plan.slug}/prosess/",
    ):
        page.goto(live_server.url + url)
        check_axe(page)
