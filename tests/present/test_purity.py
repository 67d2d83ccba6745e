"""The presentation layer is plain Python over the domain: no Textual, no running app, no store.

What a screen shows must be computable by a browser front end, an export or a test
from a GroupState and a Context alone, so a view can never read the store behind
the caller's back (over the service that was one socket read per view).
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import cspe_tui.present

PRESENT = Path(cspe_tui.present.__file__).parent
MODULES = sorted(m.name for m in pkgutil.iter_modules([str(PRESENT)]))
FORBIDDEN_PACKAGES = ("textual", "rich", "tinydb", "fpdf", "filelock")
FORBIDDEN_OURS = ("cspe_tui.ui", "cspe_tui.store", "cspe_tui.service", "cspe_tui.exports", "cspe_tui.cli", "cspe_tui.web")
RUNNING_APP = {"active_app", "get_current_app", "app"}


def _forbidden(module: str) -> bool:
    return module.split(".")[0] in FORBIDDEN_PACKAGES or module.startswith(FORBIDDEN_OURS)


def test_every_view_module_is_checked():
    assert {"context", "moments", "signs", "detail_view", "criteria_rows", "group_row"} <= set(MODULES)


def test_importing_the_present_layer_pulls_in_neither_textual_nor_the_store():
    code = (
        "import sys\n"
        + "".join(f"import cspe_tui.present.{name}\n" for name in MODULES)
        + f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN_PACKAGES!r}"
        + f" or m.startswith({FORBIDDEN_OURS!r}))\n"
        + "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_no_view_imports_textual_or_reaches_for_a_running_app():
    """Also imports inside a function, which importing the module does not run."""
    for path in sorted(PRESENT.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.name}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Import):
                assert not any(_forbidden(a.name) for a in node.names), where
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                assert not _forbidden(node.module), where
                assert not {a.name for a in node.names} & RUNNING_APP, where
            elif isinstance(node, ast.Name):
                assert node.id not in RUNNING_APP, f"{where} {node.id}"
            elif isinstance(node, ast.Attribute):
                assert node.attr not in RUNNING_APP, f"{where} .{node.attr}"
