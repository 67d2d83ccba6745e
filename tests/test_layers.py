"""Dependencies point one way: every import between cspe_tui's packages goes where the table allows.

Read from the source (imports inside functions and under TYPE_CHECKING count too), so an
import that only runs on one path cannot slip by.
"""

from __future__ import annotations

import ast
from pathlib import Path

import cspe_tui

PACKAGE = Path(cspe_tui.__file__).parent

ALLOWED: dict[str, set[str]] = {
    "domain": set(),
    "store": {"domain"},
    "exports": {"domain"},
    "present": {"domain"},
    "archive": {"domain", "store", "exports"},
    "service": {"domain", "store", "exports"},
    "demo": {"domain", "store"},
    "connect": {"domain", "store", "service"},
    "ui": {"domain", "store", "exports", "archive", "present"},
    "web": {"domain", "store", "exports", "present", "service", "connect", "demo", "ui"},
    "cli": {"domain", "store", "exports", "archive", "present", "service", "connect", "demo", "ui", "web"},
    "__main__": {"cli"},
    "__init__": set(),
}
"""For each package (or module directly in cspe_tui/), the others it may import."""

def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every cspe_tui module the file imports, relative imports made absolute."""
    here = ["cspe_tui", *path.relative_to(PACKAGE).parts[:-1]]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(here[: len(here) - node.level + 1] + ([base] if base else []))
            if base == "cspe_tui":  # `from cspe_tui import demo` names a module; `__version__` names none
                found += [(node.lineno, f"cspe_tui.{alias.name}") for alias in node.names if alias.name in ALLOWED]
            else:
                found.append((node.lineno, base))
    return [(line, module) for line, module in found if module.startswith("cspe_tui.")]


def test_every_import_between_packages_points_the_allowed_way():
    wrong, unplaced = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        layer = rel.parts[0] if len(rel.parts) > 1 else rel.stem
        if layer not in ALLOWED:
            unplaced.append(rel.as_posix())
            continue
        for line, module in _imports(path):
            target = module.split(".")[1]
            if target == layer or target in ALLOWED[layer]:
                continue
            wrong.append(f"{rel.as_posix()}:{line} imports {module} ({layer} -> {target} is not allowed)")
    unplaced = [f"{name}: place its package in ALLOWED" for name in unplaced]
    assert not wrong + unplaced, "\n".join(wrong + unplaced)
