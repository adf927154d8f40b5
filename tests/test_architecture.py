"""The shape of the code: module sizes, no imports hidden in functions, import contracts."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_PACKAGES = ("bodobolig", "plans", "measures", "hearings", "analyses", "portal", "integrations")
MAX_MODULE_LINES = 600
PROJECT_PREFIXES = tuple(f"{name}" for name in (*APP_PACKAGES, "demo"))


def _modules():
    for package in APP_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_module_is_over_600_lines():
    too_long = {
        str(path.relative_to(ROOT)): n
        for path in _modules()
        if (n := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}


def test_no_project_import_hides_inside_a_function():
    """An import inside a function to dodge a cycle means the layers are wrong (STYLE.md)."""
    hidden = []
    for path in _modules():
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                else:
                    continue
                hidden += [
                    f"{path.relative_to(ROOT)}:{node.lineno} {name}"
                    for name in names
                    if name.split(".")[0] in PROJECT_PREFIXES
                ]
    assert hidden == []


def test_import_contracts_are_kept():
    """The import-linter contracts in pyproject.toml (also run by `make lint`)."""
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is not installed (make setup)"
    result = subprocess.run(
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
