"""The Content-Security-Policy holds in a real browser: no page triggers a violation.

Chromium enforces the policy the app sends (settings.CONTENT_SECURITY_POLICY); every
`securitypolicyviolation` event and every CSP console error on a page fails the test,
naming the page and the blocked resource. An inline <script>, a style="" attribute,
an onclick= handler or a <style> block (also inside an inline SVG) would show here.

Lead: when merging a branch with new pages, add them to PAGES (path or a callable
that takes the demo data and returns one), under the role that reaches them.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from bodobolig.permissions import Role
from demo import bodo
from measures.models import Measure, ReportingRound
from measures.reports import snapshot
from plans.models import Plan
from tests.browser.conftest import login
from tests.factories import CouncilReportFactory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Collects violations before any page script runs; DevTools-injected, so the policy
# does not block the collector itself.
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `(${event.sourceFile || ""}:${event.lineNumber || ""})`
  );
});
"""


ADMIN = "csp-admin"


def _a_measure():
    return Measure.objects.filter(plan__slug=bodo.CURRENT_SLUG).order_by("code").first()


def _a_round():
    return ReportingRound.objects.order_by("pk").first()


PAGES: dict[str | None, list] = {
    None: [
        "/",
        "/planer/",
        lambda: reverse("plan_detail", args=[bodo.CURRENT_SLUG]),
        lambda: reverse("plan_detail", args=[bodo.HISTORIC_SLUG]),
        lambda: reverse("key_figures", args=[bodo.HISTORIC_SLUG]),
        lambda: _a_measure().get_absolute_url(),
        lambda: reverse("measures:council_report_list"),
        "/logg-inn/",
    ],
    "koordinator": [
        lambda: reverse("measures:dashboard"),
        lambda: reverse("measures:measure_list"),
        lambda: reverse("measures:round_list"),
        lambda: reverse("measures:round_detail", args=[_a_round().pk]),
        lambda: _a_measure().get_absolute_url(),
        lambda: reverse("measures:measure_edit", args=[_a_measure().pk]),
        lambda: reverse("measures:measure_create", args=[bodo.CURRENT_SLUG]),
        lambda: reverse("measures:notification_list"),
        lambda: reverse("measures:follow_up_settings"),
        lambda: reverse("measures:council_report_request", args=[bodo.CURRENT_SLUG]),
        lambda: reverse("login_lockouts"),
        lambda: reverse("key_figures", args=[bodo.CURRENT_SLUG]),
    ],
    "leder": [
        lambda: reverse("measures:my_measures"),
        lambda: reverse("measures:notification_preferences"),
    ],
    # A superuser made by the test (the demo has none): the Django admin.
    ADMIN: [
        "/admin/",
        "/admin/measures/measure/",
        lambda: reverse("admin:measures_measure_change", args=[_a_measure().pk]),
        "/admin/axes/accessattempt/",
    ],
}


def _violations(page) -> list[str]:
    return page.evaluate("() => window.__cspViolations")


@pytest.mark.parametrize("username", list(PAGES))
def test_no_page_violates_the_content_security_policy(page, live_server, username):
    bodo.load_demo()
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.context.add_init_script(COLLECT_VIOLATIONS)
    if username == ADMIN:
        make_user(Role.ADMIN, username=ADMIN, password=bodo.DEMO_PASSWORD)
    if username:
        login(page, live_server, username, bodo.DEMO_PASSWORD)

    found = {}
    for entry in PAGES[username]:
        path = entry() if callable(entry) else entry
        console.clear()
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "Content-Security-Policy" in response.headers or (
            "content-security-policy" in response.headers
        ), path
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)  # deferred scripts and late reports
        problems = _violations(page) + console
        if problems:
            found[path] = problems
    assert found == {}


def test_a_council_report_page_with_charts_passes_the_policy(page, live_server):
    """The report page polls its status with a script file and shows the report's charts."""
    bodo.load_demo()
    plan = Plan.objects.get(slug=bodo.CURRENT_SLUG)
    report = CouncilReportFactory(
        plan=plan, snapshot=snapshot.build_snapshot(plan=plan, as_of=timezone.localdate())
    )
    page.context.add_init_script(COLLECT_VIOLATIONS)
    login(page, live_server, "koordinator", bodo.DEMO_PASSWORD)

    page.goto(live_server.url + reverse("measures:council_report_detail", args=[report.pk]))
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)

    assert page.locator("img.chart__image").count() >= 1
    assert _violations(page) == []
