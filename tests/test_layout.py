"""The layout ARCHITECTURE.md describes: the packages of builder/ and the one direction
their imports run in."""

from __future__ import annotations

import ast
from pathlib import Path

import builder

PACKAGE = Path(builder.__file__).resolve().parent

# What each package may import besides itself; the stages run one way.
ALLOWED = {
    "core": set(),
    "content": {"core"},
    "cache": {"core"},
    "output": {"core"},
    "importer": {"core", "content"},
    "search": {"core", "cache", "output"},
    "render": {"core", "content", "cache", "output"},
    "build": {"core", "content", "cache", "output", "render", "search"},
    "check": {"core", "content", "render"},
    "serve": {"core", "build", "check", "search"},
    "commands": {"core", "content", "importer", "build", "check", "serve"},
    "tools": {"core", "content", "cache", "build", "commands"},
}


def imported_packages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("builder."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("builder."))
    return found


def test_the_top_of_builder_is_the_entry_files_and_the_stage_packages():
    files = {p.name for p in PACKAGE.glob("*.py")}
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert files == {"__init__.py", "__main__.py", "cli.py"}
    assert folders == set(ALLOWED)
    assert all((PACKAGE / name / "__init__.py").is_file() for name in folders)


def test_imports_run_one_way():
    wrong = {
        f"{path.relative_to(PACKAGE)} imports builder.{target}"
        for package, allowed in ALLOWED.items()
        for path in (PACKAGE / package).rglob("*.py")
        for target in imported_packages(path) - allowed - {package}
    }
    assert not wrong
