"""Side-by-side comparison of two implementation-plan contents (difflib), for the templates.

The content is the frozen JSON of ImplementationPlanVersion (or the live plan
through `content.implementation_plan_content`). Each section becomes rows of
(old line, new line, kind) where kind is equal / changed / added / removed.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _


@dataclass
class Row:
    old: str
    new: str
    kind: str  # "equal", "changed", "added", "removed"


@dataclass
class Section:
    title: str
    rows: list[Row]

    @property
    def changed(self) -> bool:
        return any(row.kind != "equal" for row in self.rows)


def _date(iso: str) -> str:
    try:
        return dt.date.fromisoformat(iso).strftime("%d.%m.%Y")
    except (TypeError, ValueError):
        return iso or ""


def _amount(value) -> str:
    try:
        return f"{int(Decimal(str(value))):,}".replace(",", "\u00a0")
    except (InvalidOperation, ValueError):
        return str(value)


def _activity_line(activity: dict) -> str:
    parts = [activity.get("title", "")]
    if activity.get("responsible"):
        parts.append(_("ansvarlig %(who)s") % {"who": activity["responsible"]})
    start, due = _date(activity.get("start_date")), _date(activity.get("due_date"))
    if start or due:
        parts.append(f"{start or '…'}–{due or '…'}")
    return "; ".join(parts)


def _funding_line(row: dict) -> str:
    return f"{row.get('year')}: {_amount(row.get('amount'))} kr ({row.get('source', '')})"


def _lines(content: dict, key: str) -> list[str]:
    if key == "activities":
        return [_activity_line(a) for a in content.get("activities", [])]
    if key == "funding":
        return [_funding_line(f) for f in content.get("funding", [])]
    text = content.get(key) or ""
    return text.splitlines()


def sections() -> list[tuple[str, str]]:
    return [
        ("expected_result", _("Forventet resultat")),
        ("resources", _("Ressurser")),
        ("risks", _("Risiko")),
        ("activities", _("Aktiviteter")),
        ("funding", _("Finansieringsbehov")),
    ]


def side_by_side(old: list[str], new: list[str]) -> list[Row]:
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(Row(line, line, "equal") for line in old[i1:i2])
        elif tag == "delete":
            rows.extend(Row(line, "", "removed") for line in old[i1:i2])
        elif tag == "insert":
            rows.extend(Row("", line, "added") for line in new[j1:j2])
        else:
            left, right = old[i1:i2], new[j1:j2]
            for index in range(max(len(left), len(right))):
                a = left[index] if index < len(left) else ""
                b = right[index] if index < len(right) else ""
                kind = "changed" if a and b else ("removed" if a else "added")
                rows.append(Row(a, b, kind))
    return rows


def compare(old: dict | None, new: dict) -> list[Section]:
    """Every section of the plan, old beside new; `old` None compares against nothing."""
    old = old or {}
    return [
        Section(title, side_by_side(_lines(old, key), _lines(new, key)))
        for key, title in sections()
    ]
