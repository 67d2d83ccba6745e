"""The domain is pure: no Textual, no TinyDB, no store, no exports, and no file or process I/O."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import cspe_tui.domain

DOMAIN = Path(cspe_tui.domain.__file__).parent
FORBIDDEN_CALLS = {"open", "print", "input"}
FORBIDDEN_MODULES = {"os", "pathlib", "shutil", "subprocess", "socket", "tinydb", "textual", "fpdf", "filelock"}


def test_importing_the_domain_pulls_in_no_ui_store_or_storage():
    names = [m.name for m in pkgutil.iter_modules([str(DOMAIN)])]
    code = (
        "import sys\n"
        + "".join(f"import cspe_tui.domain.{n}\n" for n in names)
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tinydb', 'fpdf', 'filelock')"
        + " or m.startswith(('cspe_tui.store', 'cspe_tui.ui', 'cspe_tui.exports', 'cspe_tui.cli')))\n"
        + "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_domain_source_does_no_file_or_process_io():
    for path in sorted(DOMAIN.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert not {a.name.split(".")[0] for a in node.names} & FORBIDDEN_MODULES, path.name
            elif isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] not in FORBIDDEN_MODULES, path.name
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno} {node.func.id}()"
