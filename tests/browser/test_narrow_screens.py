"""Phone (390 px) and laptop (1366 px): the pages the accessibility statement lists fit
the screen without sideways page scrolling and pass axe-core, and the implementation-plan
form adds and removes activity rows with the keyboard alone, with and without JavaScript.

The pages checked here are the statement's CHECKED_PAGES (bodobolig/accessibility.py);
tests/bodobolig/test_accessibility.py keeps the two lists equal.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from bodobolig.accessibility import CHECKED_PAGES, KNOWN_DEVIATIONS, WIDTHS
from demo import bodo
from measures.models import ImplementationPlan, Measure, ReportingRound
from tests.browser.conftest import check_axe, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = bodo.DEMO_PASSWORD


@pytest.fixture
def demo_data():
    bodo.load_demo()
    return Measure.objects.filter(plan__slug=bodo.CURRENT_SLUG)


def _lead_measure(demo_data):
    """The lead's measure with an open implementation plan and a place in the open round."""
    ip = ImplementationPlan.objects.filter(
        measure__in=demo_data,
        measure__responsible_person__username="leder",
        status__in=["ordered", "draft", "returned"],
    ).select_related("measure")[0]
    return ip.measure


def _checked_page_urls(demo_data) -> dict[str, tuple[str | None, str]]:
    """Each checked page: (user to log in as, or None for the public; URL)."""
    measure = _lead_measure(demo_data)
    round_ = ReportingRound.objects.filter(status="open", measures=measure).first()
    return {
        "measure_list": ("koordinator", reverse("measures:measure_list")),
        "measure_detail": ("koordinator", measure.get_absolute_url()),
        "my_measures": ("leder", reverse("measures:my_measures")),
        "status_update_form": (
            "leder",
            reverse("measures:status_update", kwargs={"round_pk": round_.pk, "pk": measure.pk}),
        ),
        "implementation_plan_edit": (
            "leder",
            reverse("measures:implementation_plan_edit", args=[measure.pk]),
        ),
        "accessibility_statement": (None, reverse("accessibility_statement")),
    }


# The browser tests' own list, compared with the statement's by test_accessibility.py.
CHECKED_PAGE_KEYS = (
    "measure_list",
    "measure_detail",
    "my_measures",
    "status_update_form",
    "implementation_plan_edit",
    "accessibility_statement",
)
KNOWN_RULES = {d.rule for d in KNOWN_DEVIATIONS if d.rule}


def _context(browser, width, *, javascript=True):
    context = browser.new_context(
        locale="nb-NO", viewport={"width": width, "height": 800}, java_script_enabled=javascript
    )
    context.set_default_timeout(10_000)
    return context


def _scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_checked_pages_fit_the_screen_and_pass_axe(browser, live_server, demo_data, width):
    urls = _checked_page_urls(demo_data)
    assert set(urls) == set(CHECKED_PAGE_KEYS) == {p.key for p in CHECKED_PAGES}
    pages = {}
    try:
        for key, (username, path) in urls.items():
            if username not in pages:
                pages[username] = _context(browser, width).new_page()
                if username:
                    login(pages[username], live_server, username, PASSWORD)
            page = pages[username]
            response = page.goto(live_server.url + path)
            assert response.ok, f"{key}: {path} answered {response.status}"
            assert _scroll_width(page) == width, (
                f"{key} ({path}) is {_scroll_width(page)} px wide at {width} px"
            )
            # Long compounds hyphenate in the page's language.
            assert page.evaluate("document.documentElement.lang") == "nb"
            assert page.evaluate("getComputedStyle(document.body).hyphens") == "auto"
            violations = check_axe(page)  # fails on serious/critical
            unlisted = {v["id"] for v in violations} - KNOWN_RULES
            assert not unlisted, (
                f"{key} at {width} px: axe finds {unlisted}, which the accessibility "
                "statement does not list (bodobolig/accessibility.py KNOWN_DEVIATIONS)"
            )
    finally:
        for page in pages.values():
            page.context.close()


def test_measure_list_at_1366_px_shows_every_column(browser, live_server, demo_data):
    page = _context(browser, 1366).new_page()
    login(page, live_server, "koordinator", PASSWORD)
    page.goto(live_server.url + reverse("measures:measure_list"))
    region = page.locator(".table-wrap").first
    assert region.evaluate("e => e.scrollWidth <= e.clientWidth"), "the last column is cut"
    page.context.close()


def test_menu_collapses_on_a_phone_and_opens_with_the_keyboard(browser, live_server, demo_data):
    page = _context(browser, 390).new_page()
    login(page, live_server, "koordinator", PASSWORD)
    menu = page.get_by_role("button", name="Meny")
    assert menu.get_attribute("aria-expanded") == "false"
    expect(page.get_by_role("link", name="Rapporteringsrunder")).not_to_be_visible()
    menu.focus()
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    expect(page.get_by_role("link", name="Rapporteringsrunder")).to_be_visible()
    check_axe(page)
    page.context.close()

    # Without JavaScript there is no button and the menu is simply open.
    page = _context(browser, 390, javascript=False).new_page()
    login(page, live_server, "koordinator", PASSWORD)
    expect(page.get_by_role("button", name="Meny")).not_to_be_visible()
    expect(page.get_by_role("link", name="Rapporteringsrunder")).to_be_visible()
    assert _scroll_width(page) == 390
    page.context.close()


def test_footer_links_the_accessibility_statement_on_every_page(page, live_server, demo_data):
    page.goto(live_server.url + reverse("plan_list"))
    page.get_by_role("contentinfo").get_by_role("link", name="Tilgjengelighetserklæring").click()
    page.get_by_role("heading", name="Tilgjengelighetserklæring", level=1).wait_for()
    assert page.locator("#checked-pages li").count() == len(CHECKED_PAGE_KEYS)
    check_axe(page)


# --- adding and removing activity rows with the keyboard ------------------------------------

_FOCUSED_ID = "() => document.activeElement && document.activeElement.id"
_FOCUSED_TEXT = "() => (document.activeElement.textContent || '').replace(/\\s+/g, ' ').trim()"


def _tab_until(page, predicate, what, max_presses=200):
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if predicate():
            return
    raise AssertionError(f"Tab never reached {what}")


def _tab_to_id(page, element_id):
    _tab_until(page, lambda: page.evaluate(_FOCUSED_ID) == element_id, element_id)


def _tab_to_text(page, text):
    _tab_until(page, lambda: page.evaluate(_FOCUSED_TEXT).startswith(text), text)


def _activity_titles(measure):
    ip = ImplementationPlan.objects.get(measure=measure)
    return list(ip.activities.order_by("position").values_list("title", flat=True))


@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_adds_and_removes_activity_rows_with_javascript(
    browser, live_server, demo_data, width
):
    measure = _lead_measure(demo_data)
    before = _activity_titles(measure)
    page = _context(browser, width).new_page()
    login(page, live_server, "leder", PASSWORD)
    page.goto(live_server.url + reverse("measures:implementation_plan_edit", args=[measure.pk]))
    rows_before = page.locator("#activities-table [data-formset-row]").count()

    # Add two rows with the "Legg til aktivitet" button; focus lands in each new row.
    for title in ("Første nye aktivitet", "Andre nye aktivitet"):
        _tab_to_text(page, "Legg til aktivitet")
        page.keyboard.press("Enter")
        number = page.locator("#activities-table [data-formset-row]").count()
        assert page.evaluate(_FOCUSED_ID) == f"id_activities-{number - 1}-title"
        page.keyboard.type(title)
    assert page.get_by_role("status").filter(has_text="Ny rad lagt til").count() == 1

    # Remove the first new row: its "Fjern" button, then Enter.
    first_new = rows_before + 1
    _tab_to_text(page, f"Fjern aktivitet {first_new}")
    page.keyboard.press("Enter")
    expect(page.get_by_label(f"Aktivitet {first_new}: aktivitet")).not_to_be_visible()
    assert page.evaluate(_FOCUSED_ID) == f"id_activities-{first_new}-title"
    assert _scroll_width(page) == width
    check_axe(page)

    _tab_to_text(page, "Lagre utkast")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_text("Utkastet er lagret.").wait_for()
    titles = _activity_titles(measure)
    assert "Andre nye aktivitet" in titles
    assert "Første nye aktivitet" not in titles
    assert len(titles) == len([t for t in before if t]) + 1
    page.context.close()


def test_keyboard_adds_and_removes_activity_rows_without_javascript(
    browser, live_server, demo_data
):
    measure = _lead_measure(demo_data)
    page = _context(browser, 390, javascript=False).new_page()
    login(page, live_server, "leder", PASSWORD)
    url = live_server.url + reverse("measures:implementation_plan_edit", args=[measure.pk])
    page.goto(url)
    expect(page.get_by_role("button", name="Legg til aktivitet")).not_to_be_visible()
    rows = page.locator("#activities-table [data-formset-row]").count()

    # The empty last row takes a new activity; "Lagre og legg til rader" gives another.
    _tab_to_id(page, f"id_activities-{rows - 1}-title")
    page.keyboard.type("Uten JavaScript 1")
    _tab_to_text(page, "Lagre og legg til rader")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_text("Utkastet er lagret.").wait_for()
    assert page.locator("#activities-table [data-formset-row]").count() == rows + 1
    _tab_to_id(page, f"id_activities-{rows}-title")
    page.keyboard.type("Uten JavaScript 2")

    # Remove the first one: tick its "Fjern" checkbox with Space, then save.
    _tab_to_id(page, f"id_activities-{rows - 1}-DELETE")
    page.keyboard.press("Space")
    assert page.locator(f"#id_activities-{rows - 1}-DELETE").is_checked()
    assert _scroll_width(page) == 390
    _tab_to_text(page, "Lagre utkast")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.get_by_text("Utkastet er lagret.").wait_for()
    titles = _activity_titles(measure)
    assert "Uten JavaScript 2" in titles
    assert "Uten JavaScript 1" not in titles
    page.context.close()
