"""The template naming convention (README, "How the code is laid out").

Pages are `templates/<app>/<name>.html` and extend base.html; partials sit in an
`includes/` folder (`templates/includes/` shared, `templates/<app>/includes/` per app)
with no leading underscore, and a partial is never a full page.
"""

import re
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template

TEMPLATES = Path(settings.BASE_DIR) / "templates"
ALL = sorted(p for p in TEMPLATES.rglob("*") if p.is_file())
EXTENDS = re.compile(r"{%\s*extends\s")
INCLUDE = re.compile(r"""{%\s*include\s+["']([^"']+)["']""")
PYTHON_NAME = re.compile(r"""["']((?:[\w-]+/)*[\w-]+\.(?:html|txt))["']""")


def _rel(path: Path) -> str:
    return path.relative_to(TEMPLATES).as_posix()


def test_no_template_name_starts_with_an_underscore():
    offenders = [_rel(p) for p in ALL if p.name.startswith("_")]
    assert not offenders, f"partials go in an includes/ folder, no leading '_': {offenders}"


def test_a_partial_is_never_a_full_page():
    offenders = [_rel(p) for p in ALL if "includes" in p.parts and EXTENDS.search(p.read_text())]
    assert not offenders, f"a template under includes/ must not extend a page: {offenders}"


def test_every_included_template_exists():
    missing = []
    for path in ALL:
        if path.suffix not in {".html", ".txt"}:
            continue
        for name in INCLUDE.findall(path.read_text()):
            if not (TEMPLATES / name).is_file():
                missing.append(f"{_rel(path)} includes {name}")
    assert not missing, missing


def test_every_template_named_in_python_code_exists_and_loads():
    """render()/render_to_string()/template_name in the apps name real templates."""
    base = Path(settings.BASE_DIR)
    missing = []
    for app in ("bodobolig", "plans", "analyses", "measures", "hearings", "demo"):
        for source in (base / app).rglob("*.py"):
            if "migrations" in source.parts:
                continue
            for name in PYTHON_NAME.findall(source.read_text()):
                # Django's own templates (a widget's) load from the installed django.forms.
                if (TEMPLATES / name).is_file() or name.startswith("django/"):
                    get_template(name)
                elif "/" in name and not name.startswith(("api/", "http")):
                    missing.append(f"{source.relative_to(base)}: {name}")
    assert not missing, missing
