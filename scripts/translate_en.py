#!/usr/bin/env python3
"""Fill the English catalogue from the glossary (locale/en/glossary.json).

The usual round after templates change:

    .venv/bin/python manage.py makemessages -l en --ignore=.venv --ignore=node_modules --ignore=tests
    .venv/bin/python scripts/translate_en.py          # fills what the glossary knows
    # add the msgids it reports to locale/en/glossary.json, run it again
    .venv/bin/python manage.py compilemessages --ignore=.venv
    .venv/bin/python scripts/check_translations.py

The glossary maps a Norwegian msgid to its English text; for a message with a
plural form the value is a list [singular, plural]. Messages with a context
(pgettext / {% translate ... context "x" %}) are looked up as "x|msgid" first,
then as plain msgid.

What it does to locale/en/LC_MESSAGES/django.po, in place:
- fills every empty msgstr whose msgid is in the glossary;
- fuzzy entries (msgmerge's guesses) get the glossary text and lose the flag;
  fuzzy entries the glossary does not know keep the flag and are reported;
- with --overwrite, also replaces existing translations that differ from the
  glossary (otherwise hand edits in the .po win);
- refuses a glossary text whose placeholders differ from the msgid's;
- sets the header's Language and drops its fuzzy flag.
It prints the msgids it could not fill and exits 1 if there are any, 0 otherwise.
--missing-json prints them as a JSON object ready to paste into the glossary.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import pofile  # noqa: E402


def load_glossary(path: Path = pofile.GLOSSARY) -> dict[str, str | list[str]]:
    return json.loads(path.read_text(encoding="utf-8"))


def _lookup(glossary: dict, entry: pofile.Entry):
    if entry.msgctxt is not None and f"{entry.msgctxt}|{entry.msgid}" in glossary:
        return glossary[f"{entry.msgctxt}|{entry.msgid}"]
    return glossary.get(entry.msgid)


def _placeholders_match(entry: pofile.Entry, text: str, source: str) -> bool:
    if "python-format" not in entry.flags and "%(" not in source:
        return True
    return pofile.placeholders(text) == pofile.placeholders(source)


def _update_header(entry: pofile.Entry, changed: bool) -> None:
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    lines = entry.msgstr.splitlines(keepends=True)
    replacements = {
        "Language:": "Language: en\n",
        "Language-Team:": "Language-Team: English\n",
        "Project-Id-Version:": "Project-Id-Version: Bodø bolig\n",
        "Last-Translator:": "Last-Translator: Bodø bolig (scripts/translate_en.py)\n",
    }
    if changed:
        now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000")
        replacements["PO-Revision-Date:"] = f"PO-Revision-Date: {now}\n"
    out = []
    for line in lines:
        for prefix, new in replacements.items():
            if line.startswith(prefix):
                line = new
        out.append(line)
    entry.msgstr = "".join(out)


def translate(
    entries: list[pofile.Entry], glossary: dict, overwrite: bool = False
) -> tuple[int, list[pofile.Entry], list[str]]:
    """Fill entries in place; return (filled count, unfilled entries, errors)."""
    filled, missing, errors = 0, [], []
    for entry in entries:
        if entry.obsolete:
            continue
        if entry.is_header:
            continue
        if entry.translated and not entry.fuzzy and not overwrite:
            continue
        value = _lookup(glossary, entry)
        if value is None:
            if not entry.translated or entry.fuzzy:
                missing.append(entry)
            continue
        if entry.msgid_plural is not None:
            if not (isinstance(value, list) and len(value) == 2):
                errors.append(f"{entry.msgid!r}: plural message needs [singular, plural]")
                continue
            if not _placeholders_match(entry, value[1], entry.msgid_plural):
                errors.append(f"{entry.msgid!r}: placeholders differ in {value[1]!r}")
                continue
            new = {0: value[0], 1: value[1]}
            changed = new != entry.msgstr_plural
            entry.msgstr_plural = new
        else:
            if not isinstance(value, str):
                errors.append(f"{entry.msgid!r}: glossary has a plural, message has none")
                continue
            if not _placeholders_match(entry, value, entry.msgid):
                errors.append(f"{entry.msgid!r}: placeholders differ in {value!r}")
                continue
            changed = value != entry.msgstr
            entry.msgstr = value
        if entry.fuzzy:
            entry.flags.remove("fuzzy")
            # "#| msgid ..." records msgmerge's guess; it goes with the flag.
            entry.comments = [c for c in entry.comments if not c.startswith("#|")]
            changed = True
        filled += changed
    for entry in entries:
        if entry.is_header and not entry.obsolete:
            _update_header(entry, changed=filled > 0)
    return filled, missing, errors


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--po", type=Path, default=pofile.EN_PO)
    parser.add_argument("--glossary", type=Path, default=pofile.GLOSSARY)
    parser.add_argument("--overwrite", action="store_true", help="glossary wins over the .po")
    parser.add_argument("--missing-json", action="store_true", help="print missing as JSON")
    args = parser.parse_args(argv)

    entries = pofile.read(args.po)
    filled, missing, errors = translate(entries, load_glossary(args.glossary), args.overwrite)
    pofile.write(entries, args.po)
    print(f"{args.po}: {filled} message(s) filled from {args.glossary.name}.")
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if missing:
        print(f"{len(missing)} message(s) not in the glossary:", file=sys.stderr)
        if args.missing_json:
            skeleton = {e.msgid: (["", ""] if e.msgid_plural is not None else "") for e in missing}
            print(json.dumps(skeleton, ensure_ascii=False, indent=1))
        else:
            for entry in missing:
                where = next((c[3:] for c in entry.comments if c.startswith("#:")), "")
                print(f"  {entry.msgid!r}  ({where})", file=sys.stderr)
    return 1 if (missing or errors) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
