"""The browser harness itself: Chromium starts, axe runs, and axe can fail."""

from pathlib import Path

import pytest

from tests.browser.conftest import check_axe

VENDOR_CSS = Path(__file__).resolve().parents[2] / "static" / "vendor" / "designsystemet"

WELL_FORMED_PAGE = """<!doctype html>
<html lang="nb" data-color-scheme="light" data-size="md">
<head><meta charset="utf-8"><title>Tiltak – Bodø bolig</title></head>
<body>
  <a class="ds-skip-link" href="#main">Hopp til hovedinnhold</a>
  <main id="main">
    <h1 class="ds-heading" data-size="lg">Tiltak</h1>
    <div class="ds-alert" data-color="info"><p class="ds-paragraph">Rapporteringsrunden er åpen.</p></div>
    <form>
      <div class="ds-field">
        <label class="ds-label" for="id_title">Tittel</label>
        <input class="ds-input" id="id_title" name="title" type="text">
      </div>
      <button class="ds-button" data-variant="primary" type="submit">Lagre</button>
    </form>
    <table class="ds-table" data-border>
      <caption>Tiltak per status</caption>
      <thead><tr><th scope="col">Tiltak</th><th scope="col">Status</th></tr></thead>
      <tbody><tr><td>2.3.1 Startlån</td><td><span class="ds-tag" data-color="success">Fullført</span></td></tr></tbody>
    </table>
  </main>
</body>
</html>"""

UNLABELLED_INPUT_PAGE = """<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>Skjema</title></head>
<body><main><h1>Skjema</h1><input type="text" name="title"></main></body></html>"""


def _with_designsystemet(page):
    page.add_style_tag(path=str(VENDOR_CSS / "theme.css"))
    page.add_style_tag(path=str(VENDOR_CSS / "index.css"))


def test_well_formed_page_with_designsystemet_has_no_axe_violations(page):
    page.set_content(WELL_FORMED_PAGE)
    _with_designsystemet(page)

    check_axe(page)

    # The vendored CSS really applied (a primary button gets a filled background).
    background = page.locator(".ds-button").evaluate("b => getComputedStyle(b).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")


def test_unlabelled_input_fails_the_axe_check(page):
    page.set_content(UNLABELLED_INPUT_PAGE)

    with pytest.raises(AssertionError) as failure:
        check_axe(page)

    assert "- label (critical)" in str(failure.value)
    assert "    at input\n" in str(failure.value)


@pytest.mark.django_db(transaction=True)
def test_home_page_loads_and_is_accessible(page, live_server):
    response = page.goto(live_server.url + "/")

    assert response is not None and response.ok, f"GET / answered {response and response.status}"
    assert page.title().strip()
    assert page.locator("h1").first.inner_text().strip()
    check_axe(page)
