#!/usr/bin/env python3
"""Fail when the English catalogue has untranslated, fuzzy or broken entries.

    python scripts/check_translations.py [path/to/django.po]

Exits 1 and lists every msgid whose translation is empty, marked fuzzy, or
whose python-format placeholders differ from the source text. Exits 0 when
the catalogue is complete.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import pofile  # noqa: E402


def problems(entries: list[pofile.Entry]) -> list[tuple[str, str]]:
    """(reason, msgid) for each entry that is not properly translated."""
    found = []
    for entry in pofile.messages(entries):
        if entry.fuzzy:
            found.append(("fuzzy", entry.msgid))
        elif not entry.translated:
            found.append(("empty", entry.msgid))
        elif "python-format" in entry.flags:
            sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
            targets = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
            # In a plural entry the singular may drop the counter ("one measure").
            wanted = set(pofile.placeholders(sources[-1]))
            if any(set(pofile.placeholders(t)) - wanted for t in targets) or (
                pofile.placeholders(targets[-1]) != pofile.placeholders(sources[-1])
            ):
                found.append(("placeholders", entry.msgid))
    return found


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else pofile.EN_PO
    found = problems(pofile.read(path))
    for reason, msgid in found:
        print(f"{reason:12} {msgid!r}")
    if found:
        print(f"{len(found)} message(s) in {path} need a translation.", file=sys.stderr)
        return 1
    print(f"{path}: all messages translated.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
