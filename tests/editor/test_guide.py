"""The editor guide's example file and the repository's own archive pass ``check``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from builder.check import check_site

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guia-editores.md"


def example() -> tuple[str, str]:
    """The guide's complete example: its file name and its text."""
    text = GUIDE.read_text(encoding="utf-8")
    name = re.search(r"^`(content/[^`]+\.md)`:$", text, re.MULTILINE).group(1)
    body = re.search(r"```markdown\n(.*?)```", text, re.DOTALL).group(1)
    return name, body


def test_the_guide_example_is_a_clean_bulletin_among_the_samples(tmp_path: Path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copy(ROOT / "site.yaml", tmp_path / "site.yaml")
    name, text = example()
    for sample in (tmp_path / "content").rglob("*.md"):  # the example is sample 591/2025
        if 'number: "591/2025"' in sample.read_text(encoding="utf-8"):
            sample.unlink()
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = check_site(tmp_path / "site.yaml", tmp_path / "content", suggest_tags=True)
    mine = [d for d in result.diagnostics if d.path.endswith(Path(name).name)]
    assert mine == []
    assert result.errors == 0
    assert result.bulletins == 5


def test_the_sample_archive_has_no_errors_and_its_tags_cover_the_vocabulary():
    result = check_site(ROOT / "site.yaml", ROOT / "content", suggest_tags=True)
    assert result.errors == 0
    assert result.bulletins == 5
    assert result.suggestions == ()
