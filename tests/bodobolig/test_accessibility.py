"""The accessibility statement tells the truth about the checks the tests run, and every
page links it; numbers and their units are joined by a no-break space."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from bodobolig.accessibility import CHECKED_PAGES, KNOWN_DEVIATIONS, WIDTHS
from tests.browser.test_narrow_screens import CHECKED_PAGE_KEYS


def test_the_statement_lists_exactly_the_pages_the_browser_tests_check():
    assert [p.key for p in CHECKED_PAGES] == list(CHECKED_PAGE_KEYS)
    assert WIDTHS == (390, 1366)


def test_every_known_deviation_names_a_wcag_criterion():
    for deviation in KNOWN_DEVIATIONS:
        assert deviation.criterion.count(".") == 2, deviation


@pytest.mark.django_db
def test_the_statement_page_has_the_uustatus_sections(client):
    body = client.get(reverse("accessibility_statement")).content.decode()
    for heading in (
        "Hvor godt oppfyller nettstedet kravene?",
        "Hva har vi testet?",
        "Hvordan har vi testet?",
        "Tilbakemelding og kontakt",
    ):
        assert heading in body
    for page in CHECKED_PAGES:
        assert str(page.name) in body
    assert "390 og 1366" in body
    assert "mailto:bolig@bodo.kommune.no" in body


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/planer/", "/logg-inn/", "/finnes-ikke/"])
def test_every_page_footer_links_the_statement(client, url):
    body = client.get(url).content.decode()
    footer = body[body.index('<footer class="site-footer">') :]
    assert f'href="{reverse("accessibility_statement")}"' in footer


def _render(source: str, **context) -> str:
    return Template("{% load bolig %}" + source).render(Context(context))


def test_numbers_and_units_are_joined_by_a_no_break_space():
    assert _render("{{ v|percent }}", v=60) == "60\xa0%"
    assert _render('{{ v|unit:"kr" }}', v="1 200") == "1 200\xa0kr"
    assert _render("{{ v|percent }}", v=None) == ""
    progress = _render("{% progress_bar 60 %}")
    assert "60\xa0%" in progress and "60 %" not in progress
