#!/usr/bin/env python3
"""Fail when the English catalogue has untranslated, fuzzy or broken entries.

    python scripts/check_translations.py [path/to/django.po]

Exits 1 and lists every message whose msgstr is empty, that is marked fuzzy,
or whose python-format placeholders (`%(name)s`, `%s`; the variables of a
{% blocktranslate %}) differ from its msgid's. Exits 0 when the catalogue is
complete. `make messages` runs it between makemessages and compilemessages.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
EN_PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
EN_MO = EN_PO.with_suffix(".mo")

# A printf-style conversion as Python's % operator reads it; "%%" is a literal.
_CONVERSION = re.compile(r"%(?:\(\w+\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")


def placeholders(text: str) -> Counter[str]:
    """The conversions in `text` ("%(title)s", "%d"), each as often as it occurs.

    A lone "%" that starts no conversion counts as "%": in a python-format
    string it breaks the % operator just as a lost placeholder does.
    """
    found = Counter(m.group() for m in _CONVERSION.finditer(text) if m.group() != "%%")
    found["%"] += _CONVERSION.sub("", text).count("%")
    return +found  # drops a zero "%" count


def _is_formatted(entry: polib.POEntry) -> bool:
    if "no-python-format" in entry.flags:
        return False
    return "python-format" in entry.flags or "%(" in entry.msgid


def _placeholders_differ(entry: polib.POEntry) -> bool:
    if not entry.msgid_plural:
        return placeholders(entry.msgstr) != placeholders(entry.msgid)
    wanted = placeholders(entry.msgid_plural)
    forms = [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    # The last form answers msgid_plural; the others may drop the counter
    # ("one measure") but add nothing the source does not pass.
    return placeholders(forms[-1]) != wanted or any(
        placeholders(form) - wanted for form in forms[:-1]
    )


def problems(po: polib.POFile) -> list[tuple[str, str]]:
    """(reason, msgid) for each message that is not properly translated."""
    found = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.fuzzy:
            found.append(("fuzzy", entry.msgid))
        elif not entry.translated():
            found.append(("empty", entry.msgid))
        elif _is_formatted(entry) and _placeholders_differ(entry):
            found.append(("placeholders", entry.msgid))
    return found


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else EN_PO
    found = problems(polib.pofile(str(path)))
    for reason, msgid in found:
        print(f"{reason:12} {msgid!r}")
    if found:
        print(
            f"{len(found)} message(s) in {path} need an English msgstr"
            "; for a fuzzy one, check msgmerge's guess and drop the flag.",
            file=sys.stderr,
        )
        return 1
    print(f"{path}: all messages translated.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
