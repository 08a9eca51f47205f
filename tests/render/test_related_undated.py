"""A bulletin's related list says "Fecha no indicada" for an undated bulletin, as every other
list does, instead of leaving its date out (a list where some items have a date and others
show nothing reads as if the dates had been lost)."""

from __future__ import annotations

from lxml import html
from site_support import SITE_YAML, bulletin

FILES = {
    "site.yaml": SITE_YAML,
    "content/2025/2025-11-25-cuidados.md": bulletin(
        '"Cuidados en 2025"', date="2025-11-25", tags="[cuidados]"
    ),
    "content/2025/2025-08-28-centro.md": bulletin(
        '"Centro de día"', date="2025-08-28", tags="[cuidados]"
    ),
    "content/sin-fecha/aviso.md": bulletin('"Aviso sin fecha"', tags="[cuidados]"),
}


def related_items(out, path: str) -> dict[str, str]:
    tree = html.fromstring((out / path / "index.html").read_bytes())
    items = tree.xpath('//aside[contains(@class, "related")]//li')
    return {li.xpath("string(a)").strip(): li.text_content() for li in items}


def test_related_list_names_the_missing_date_of_an_undated_bulletin(build_site) -> None:
    out, _ = build_site(FILES)
    items = related_items(out, "2025/2025-11-25-cuidados")
    assert set(items) == {"Centro de día", "Aviso sin fecha"}
    assert "Fecha no indicada" in items["Aviso sin fecha"]
    assert "28 de agosto de 2025" in items["Centro de día"]
    assert "Fecha no indicada" not in items["Centro de día"]
