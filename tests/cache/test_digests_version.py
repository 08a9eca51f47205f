"""The cache's builder version covers every module of the builder package."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import builder

PACKAGE = Path(builder.__file__).resolve().parent
VERSION = "from builder.cache.digests import builder_version; print(builder_version())"


def version_of(root: Path) -> str:
    run = subprocess.run(
        [sys.executable, "-c", VERSION],
        cwd=root,
        env={"PYTHONPATH": str(root), "PYTHONSAFEPATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout.strip()


def test_an_edit_in_any_stage_package_invalidates_the_cache(tmp_path: Path) -> None:
    shutil.copytree(PACKAGE, tmp_path / "builder", ignore=shutil.ignore_patterns("__pycache__"))
    before = version_of(tmp_path)
    (tmp_path / "notes.py").write_text("# beside the package, not in it\n", encoding="utf-8")
    assert version_of(tmp_path) == before
    for module in ("render/site.py", "core/text.py", "search/index.py"):
        source = tmp_path / "builder" / module
        source.write_text(source.read_text(encoding="utf-8") + "\n# edited\n", "utf-8")
        after = version_of(tmp_path)
        assert after != before, module
        before = after
