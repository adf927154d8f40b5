"""Small-count protection (statistisk konfidensialitet): the one rule, for every output.

Counts of persons or households below a threshold (the setting
SMALL_COUNT_THRESHOLD, default 5; SSB's own minimum is 3) are shown as "<5" to
politicians, the public and in every PDF, export and API answer for them. When a
total is shown beside its parts (a year's districts and the whole municipality),
one hidden part could be found by subtraction, so a second part is hidden as well
(secondary suppression, DOMAIN.md §6). Zero stays zero: "none" reveals nobody.

The rule is applied when a figure is rendered; stored figures never change. It is
pure: numbers in, a decision out; no app, no database.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import Decimal

from django.conf import settings

DEFAULT_THRESHOLD = 5
MINIMUM_THRESHOLD = 3

Number = int | float | Decimal


def threshold() -> int:
    """The configured threshold, never below SSB's minimum of 3."""
    return max(
        int(getattr(settings, "SMALL_COUNT_THRESHOLD", DEFAULT_THRESHOLD)), MINIMUM_THRESHOLD
    )


def hidden_label(limit: int | None = None) -> str:
    """What a hidden count shows instead: "<5"."""
    return f"<{limit or threshold()}"


def is_small(value: Number | None, limit: int | None = None) -> bool:
    """A count that would point out individuals: above zero and below the threshold."""
    if value is None:
        return False
    return 0 < value < (limit or threshold())


def suppressed_cells(
    parts: Mapping[Hashable, Number | None],
    total: Number | None = None,
    *,
    limit: int | None = None,
) -> tuple[set[Hashable], bool]:
    """Which parts to hide, and whether to hide the total.

    Primary: every small part (and a small total). Secondary: when a total is shown
    and exactly one part is hidden, the smallest other non-zero part is hidden too,
    so the hidden one cannot be found as total minus the rest; when no other part
    can be hidden, the total is hidden instead.
    """
    limit = limit or threshold()
    hidden = {key for key, value in parts.items() if is_small(value, limit)}
    hide_total = is_small(total, limit)
    if total is not None and not hide_total and len(hidden) == 1:
        candidates = sorted(
            (value, str(key), key)
            for key, value in parts.items()
            if key not in hidden and value is not None and value > 0
        )
        if candidates:
            hidden.add(candidates[0][2])
        else:
            hide_total = True
    return hidden, hide_total
