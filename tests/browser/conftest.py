"""Browser tests: Playwright driving Debian's Chromium, checked with axe-core.

Writing a browser test:

    import pytest
    from tests.browser.conftest import check_axe, login

    pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

    def test_lead_sees_my_measures(page, live_server, lead_user):
        login(page, live_server, lead_user.username, "passord")
        page.goto(live_server.url + "/tiltak/mine/")
        check_axe(page)

* `live_server` (pytest-django) runs Django in a thread; the test's data must
  be committed for that thread to see it, hence `django_db(transaction=True)`.
* Playwright's sync API runs an event loop in the test's thread, and Django
  refuses database calls from a thread with a running loop; the environment
  variable below lifts that for the tests only.
* Chromium is Debian's (`apt-get install chromium`), launched by path:
  Playwright's own browser download is not used.
* axe-core comes from npm (`make setup`); it is not committed.
"""

import functools
import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import require_service

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 level A and AA: the requirement for Norwegian public bodies.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_FAILING_IMPACTS = {"serious", "critical"}

CHROMIUM_ARGS = [
    "--no-sandbox",  # runs as root in CI containers
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--disable-features=Translate,MediaRouter,OptimizationHints",
]


def pytest_collection_modifyitems(items):
    # Every test in this folder drives the browser, marked or not.
    for item in items:
        if "tests/browser/" in item.nodeid and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser):
    """A fresh page in its own context (no cookies shared between tests)."""
    context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@functools.cache
def _axe_source() -> str:
    return AXE_PATH.read_text()


# What a page evaluation says when the page navigated away while it ran.
_NAVIGATION_SIGNS = (
    "Execution context was destroyed",
    "reading 'documentElement'",
    "Cannot find context",
    "axe is not defined",
)


def _run_axe(page, context) -> dict:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through DevTools, not as a <script> tag: the page's
        # Content-Security-Policy (script-src 'self') blocks inline scripts.
        page.evaluate(_axe_source())
    return page.evaluate(
        """async ([context, tags]) => {
            const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
            return await axe.run(context || document, options);
        }""",
        [context, AXE_TAGS],
    )


def check_axe(page, *, context=None) -> list[dict]:
    """Run axe-core (WCAG 2.1 A/AA) on the page and fail on serious or critical
    violations, listing each rule, its help text and the offending elements.

    `context` is an optional axe context (a CSS selector or include/exclude
    object); default the whole document. Returns all violations, including the
    moderate and minor ones, for tests that want to look closer.
    """
    if not AXE_PATH.is_file():
        require_service("axe-core", f"{AXE_PATH} is missing; run `make setup` (npm ci)")
    for attempt in range(3):
        # A click that loads a page returns before the new document is there;
        # axe started in between sees the old page torn down under it.
        page.wait_for_load_state("load")
        try:
            results = _run_axe(page, context)
            break
        except PlaywrightError as exc:
            if attempt == 2 or not any(sign in str(exc) for sign in _NAVIGATION_SIGNS):
                raise
    violations = results["violations"]
    failing = [v for v in violations if v.get("impact") in AXE_FAILING_IMPACTS]
    if failing:
        lines = [f"axe: {len(failing)} serious/critical WCAG 2.1 AA violation(s) on {page.url}"]
        for violation in failing:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines.append(f"  {violation['helpUrl']}")
            for node in violation["nodes"]:
                target = " ".join(str(part) for part in node["target"])
                summary = node.get("failureSummary", "").replace("\n", "\n      ")
                lines.append(f"    at {target}\n      {summary}")
        raise AssertionError("\n".join(lines))
    return violations


def login(page, live_server, username: str, password: str) -> None:
    """Log in through the real login form, as a user would."""
    login_url = live_server.url + reverse("login")
    page.goto(login_url)
    page.get_by_label("Brukernavn", exact=True).fill(username)
    page.get_by_label("Passord", exact=True).fill(password)
    page.get_by_role("button", name="Logg inn").click()
    try:
        page.wait_for_url(lambda url: not url.startswith(login_url), timeout=5_000)
    except Exception as exc:
        raise AssertionError(f"login as {username!r} did not leave {login_url}") from exc
