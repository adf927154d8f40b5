"""The notification log, the e-mail choices and the follow-up settings in a real browser."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from demo import bodo
from measures.models import FollowUpSettings, Notification
from tests.browser.conftest import check_axe, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_with_notices():
    bodo.load_demo()
    # Five days from now the demo's plan 2.1.9 is one day overdue: the sweep writes to the log.
    # send_reminders refuses a future --date, so the clock goes there instead.
    with time_machine.travel(dt.datetime.now() + dt.timedelta(days=6), tick=False):
        call_command("send_reminders")


def test_coordinator_reads_the_log_and_edits_the_settings_by_keyboard(
    page, live_server, demo_with_notices
):
    assert Notification.objects.exists()
    login(page, live_server, "koordinator", bodo.DEMO_PASSWORD)
    page.get_by_role("link", name="Varsler").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Varsellogg")
    assert page.locator("table.ds-table tbody tr").count() >= 1
    check_axe(page)

    page.get_by_label("Leveringsstatus").select_option("sent")
    page.get_by_role("button", name="Vis").click()
    assert "state=sent" in page.url
    check_axe(page)

    page.get_by_role("link", name="Innstillinger for oppfølging").click()
    check_axe(page)
    field = page.get_by_label("Purre på nytt hver n-te dag (M)")
    field.fill("0")
    field.press("Enter")
    summary = page.locator(".ds-error-summary")
    assert "Antall dager må være minst 1." in summary.inner_text()
    assert field.get_attribute("aria-invalid") == "true"
    check_axe(page)
    field.fill("3")
    field.press("Enter")
    assert "Innstillingene for oppfølging er lagret." in page.locator(".messages").inner_text()
    assert FollowUpSettings.load().overdue_repeat_days == 3


def test_lead_sees_own_notices_and_opts_out_of_the_digest(page, live_server, demo_with_notices):
    login(page, live_server, "leder", bodo.DEMO_PASSWORD)
    page.get_by_role("link", name="Varsler").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine varsler")
    assert page.get_by_label("Mottaker").count() == 0
    check_axe(page)
    page.get_by_role("link", name="Mine valg for e-post").click()
    check_axe(page)
    page.get_by_label("Ikke send meg ukesammendraget").check()
    page.get_by_role("button", name="Lagre").click()
    assert "Valget ditt er lagret." in page.locator(".messages").inner_text()
    check_axe(page)
