"""static/css/app.css defines each selector once per @media context."""

import re
from collections import Counter
from pathlib import Path

from django.conf import settings

APP_CSS = Path(settings.BASE_DIR) / "static" / "css" / "app.css"
COMMENT = re.compile(r"/\*.*?\*/", re.S)
# A prelude ("selector {" or "@media … {"), a closing brace, or a declaration's end.
TOKEN = re.compile(r"([^{};]+)\{|\}|[^{};]*;")


def _split_selector_list(prelude: str) -> list[str]:
    """`a, b:is(c, d)` → ["a", "b:is(c, d)"]: commas at parenthesis depth 0 only."""
    parts, depth, current = [], 0, ""
    for ch in prelude:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [" ".join(p.split()) for p in [*parts, current] if p.strip()]


def selectors_by_context(css: str) -> Counter:
    """Count (at-rule context, selector) pairs over the whole stylesheet."""
    counts: Counter = Counter()
    stack: list[str | None] = []  # an at-rule's prelude, or None for a style rule
    for match in TOKEN.finditer(COMMENT.sub("", css)):
        prelude = match.group(1)
        if prelude is None:
            if match.group(0) == "}":
                stack.pop()
            continue
        prelude = " ".join(prelude.split())
        if prelude.startswith("@"):
            stack.append(prelude)
            continue
        context = tuple(s for s in stack if s is not None)
        for selector in _split_selector_list(prelude):
            counts[(context, selector)] += 1
        stack.append(None)
    return counts


def test_the_parser_sees_duplicates_and_media_contexts():
    css = "a, b { x: 1; }\n@media print { a { y: 2; } }\nb:is(c, d) { }\nb { z: 3; }"
    counts = selectors_by_context(css)
    assert counts[((), "a")] == 1
    assert counts[(("@media print",), "a")] == 1
    assert counts[((), "b")] == 2
    assert counts[((), "b:is(c, d)")] == 1


def test_no_selector_is_defined_twice_in_the_same_media_context():
    counts = selectors_by_context(APP_CSS.read_text())
    assert counts, "app.css parsed to nothing"
    twice = [
        f"{selector} (in {' '.join(context) or 'no @media'})"
        for (context, selector), n in counts.items()
        if n > 1
    ]
    assert not twice, f"selectors defined more than once in app.css: {twice}"
