"""Just enough of the gettext .po format for our translation scripts.

polib is not a dependency; the files we read are the ones `makemessages`
writes (entries separated by blank lines). Each entry keeps its original
comment lines so that writing a file back changes only the msgstr lines and
the `fuzzy` flag.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EN_PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
EN_MO = EN_PO.with_suffix(".mo")
GLOSSARY = ROOT / "locale" / "en" / "glossary.json"

_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")\s*$")
_STRING = re.compile(r"^(\".*\")\s*$")


@dataclass
class Entry:
    comments: list[str] = field(default_factory=list)  # "#..." lines except flags
    flags: list[str] = field(default_factory=list)  # from "#, a, b"
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    obsolete: bool = False
    lineno: int = 0
    id_lines: list[str] = field(default_factory=list)  # msgctxt/msgid/msgid_plural as read

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural.values())
        return bool(self.msgstr)

    @property
    def key(self) -> str:
        """The key gettext uses in a .mo (context EOT msgid)."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"


def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def _quote(text: str) -> str:
    out = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\t", "\\t")
        .replace("\r", "\\r")
        .replace("\n", "\\n")
    )
    return f'"{out}"'


def _format_string(keyword: str, text: str, width: int = 79) -> list[str]:
    """Like gettext: one line if it fits, else "" then pieces broken after spaces."""
    single = f"{keyword} {_quote(text)}"
    if len(single) <= width and "\n" not in text.rstrip("\n"):
        return [single]
    lines = [f'{keyword} ""']
    for part in text.splitlines(keepends=True):
        words = re.findall(r"\S*\s*", part)
        chunk = ""
        for word in filter(None, words):
            if chunk and len(_quote(chunk + word)) > width:
                lines.append(_quote(chunk))
                chunk = ""
            chunk += word
        if chunk:
            lines.append(_quote(chunk))
    return lines


def parse(text: str) -> list[Entry]:
    entries: list[Entry] = []
    current: Entry | None = None
    target: str | None = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            current, target = None, None
            continue
        if current is None:
            current = Entry(lineno=lineno)
            entries.append(current)
        if line.startswith("#~"):
            current.obsolete = True
            current.comments.append(raw)
            continue
        if line.startswith("#,"):
            current.flags += [f.strip() for f in line[2:].split(",") if f.strip()]
            continue
        if line.startswith("#"):
            current.comments.append(raw)
            continue
        match = _KEYWORD.match(line)
        if match:
            target, value = match.group(1), _unquote(match.group(2))
        else:
            cont = _STRING.match(line)
            if not cont or target is None:
                raise ValueError(f"line {lineno}: cannot parse {raw!r}")
            value = _unquote(cont.group(1))
        if not target.startswith("msgstr"):
            current.id_lines.append(raw)
        _append(current, target, value)
    return entries


def _append(entry: Entry, target: str, value: str) -> None:
    if target == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + value
    elif target == "msgid":
        entry.msgid += value
    elif target == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + value
    elif target == "msgstr":
        entry.msgstr += value
    else:
        index = int(target[7:-1])
        entry.msgstr_plural[index] = entry.msgstr_plural.get(index, "") + value


def serialize(entries: list[Entry]) -> str:
    blocks = []
    for entry in entries:
        if entry.obsolete:
            blocks.append("\n".join(entry.comments))
            continue
        lines = list(entry.comments)
        # gettext puts the flags after the #. and #: comments, before #| lines.
        if entry.flags:
            at = next(
                (i for i, c in enumerate(lines) if c.startswith("#|")),
                len(lines),
            )
            lines.insert(at, "#, " + ", ".join(entry.flags))
        if entry.id_lines:
            lines += entry.id_lines
        else:
            if entry.msgctxt is not None:
                lines += _format_string("msgctxt", entry.msgctxt)
            lines += _format_string("msgid", entry.msgid)
            if entry.msgid_plural is not None:
                lines += _format_string("msgid_plural", entry.msgid_plural)
        if entry.msgid_plural is not None:
            for index in sorted(entry.msgstr_plural):
                lines += _format_string(f"msgstr[{index}]", entry.msgstr_plural[index])
        else:
            lines += _format_string("msgstr", entry.msgstr)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def read(path: Path = EN_PO) -> list[Entry]:
    return parse(path.read_text(encoding="utf-8"))


def write(entries: list[Entry], path: Path = EN_PO) -> None:
    path.write_text(serialize(entries), encoding="utf-8")


def messages(entries: list[Entry]) -> list[Entry]:
    """The real messages: no header, no obsolete (#~) entries."""
    return [e for e in entries if not e.is_header and not e.obsolete]


def placeholders(text: str) -> list[str]:
    """Python-format placeholders, sorted (order may change in a translation)."""
    return sorted(re.findall(r"%(?:\(\w+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]", text))
