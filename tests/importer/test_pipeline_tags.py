"""``boletines import`` fills ``tags`` from site.yaml's topic vocabulary."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

RAW = Path(__file__).resolve().parents[1] / "fixtures" / "raw" / "000_c9056ae60d8c2857.txt"


def test_import_tags_a_bulletin_with_the_topics_its_text_matches(cli, site):
    shutil.copy(RAW, site / "boletin.txt")
    result = cli("import", "boletin.txt", "--date", "2025-11-20")
    assert result.code == 0, result.err
    [written] = (site / "content").rglob("*.md")
    fields = yaml.safe_load(written.read_text(encoding="utf-8").split("---\n")[1])
    # SITE_YAML's vocabulary: "cuidados" and "guarderías" (CECI) occur; "personas mayores"
    # matches "personas mayores" / "adultas mayores" in the text.
    assert fields["tags"] == ["cuidados", "guarderías", "personas mayores"]


def test_without_a_vocabulary_tags_stay_empty(cli, site):
    (site / "site.yaml").write_text("title: Archivo\n", encoding="utf-8")
    shutil.copy(RAW, site / "boletin.txt")
    assert cli("import", "boletin.txt", "--date", "2025-11-20").code == 0
    [written] = (site / "content").rglob("*.md")
    assert "\ntags: []\n" in written.read_text(encoding="utf-8")
