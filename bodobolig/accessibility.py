"""What the accessibility statement (tilgjengelighetserklæring) says, as data.

The statement page renders these lists, and the browser tests read the same lists:
tests/browser/test_narrow_screens.py checks exactly CHECKED_PAGES at both WIDTHS with
axe-core, fails on a serious or critical finding, and fails on any other finding whose
rule is not in KNOWN_DEVIATIONS. tests/bodobolig/test_accessibility.py checks that the
two lists agree, so the statement cannot claim a check the tests do not run.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The viewport widths every checked page is tested at: a phone and a common laptop.
WIDTHS = (390, 1366)
# The WCAG success criteria axe-core is asked to test (tags of axe-core's rules).
AXE_STANDARD = "WCAG 2.1 A/AA"
# The statement's own date: bump it when the lists below change.
LAST_REVIEWED = "2026-11-27"


@dataclass(frozen=True)
class CheckedPage:
    key: str  # the browser test's name for the page
    name: Promise
    who: Promise


CHECKED_PAGES: tuple[CheckedPage, ...] = (
    CheckedPage("measure_list", _("Tiltakslisten med filtre og sortering"), _("koordinator")),
    CheckedPage("measure_detail", _("Siden for ett tiltak med tidslinje"), _("koordinator")),
    CheckedPage("my_measures", _("Mine tiltak"), _("virksomhetsleder")),
    CheckedPage("status_update_form", _("Skjema for statusoppdatering"), _("virksomhetsleder")),
    CheckedPage(
        "implementation_plan_edit", _("Skjema for gjennomføringsplan"), _("virksomhetsleder")
    ),
    CheckedPage("accessibility_statement", _("Denne tilgjengelighetserklæringen"), _("alle")),
)


@dataclass(frozen=True)
class KnownDeviation:
    rule: str  # the axe-core rule id the automatic test would report ("" if not automatic)
    criterion: str  # WCAG success criterion, e.g. "1.4.10"
    text: Promise


# Findings we know of and have not fixed yet. An axe finding outside this list fails
# the browser tests; an entry here that no longer happens should be removed.
KNOWN_DEVIATIONS: tuple[KnownDeviation, ...] = (
    KnownDeviation(
        "",
        "1.4.10",
        _(
            "Noen brede tabeller for koordinator (for eksempel rapporteringsrunder og "
            "versjonssammenligninger) rulles sidelengs inne i sitt eget felt på mobil i stedet "
            "for å brytes om. Feltet kan nås og rulles med tastaturet."
        ),
    ),
    KnownDeviation(
        "",
        "1.1.1",
        _(
            "PDF-rapportene til bystyret er merket for skjermleser (PDF/UA), men er ikke "
            "testet manuelt med skjermleser."
        ),
    ),
)
