"""The addresses ``check`` accepts are exactly the files the renderer makes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from site_support import FILES, SITE_YAML, bulletin

from builder.content.archive import build_archive
from builder.content.loader import load_content
from builder.core.i18n import load_catalog
from builder.core.settings import load_settings
from builder.render.addresses import address_of, site_addresses
from builder.render.site import RenderOptions, render_site

ORIGINAL = b"%PDF-1.4 un boletin\n"


def site_folder(root: Path, extra: str) -> Path:
    for name, text in FILES.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (root / "site.yaml").write_text(SITE_YAML + extra, encoding="utf-8")
    (root / "content/2025/boletin-591.pdf").write_bytes(ORIGINAL)
    (root / "content/2025/2025-09-01-con-original.md").write_text(
        bulletin(
            '"Con su documento y una dirección antigua"',
            date="2025-09-01",
            tags="[salud, pensiones]",
            location="Mérida",
            aliases='["/boletines/591-2025/", "/viejo/nota.html"]',
            original="boletin-591.pdf",
            original_sha256=hashlib.sha256(ORIGINAL).hexdigest(),
        ),
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize(
    "extra",
    ["", "search: false\n", 'cname: "boletines.example.org"\n'],
    ids=["search", "no-search", "cname"],
)
def test_site_addresses_are_the_rendered_files(tmp_path, extra):
    root = site_folder(tmp_path, extra)
    config = load_settings(root / "site.yaml")
    loaded = load_content(root / "content", config)
    assert not [d for d in loaded.diagnostics if d.is_error]
    archive = build_archive(loaded.bulletins)
    site = render_site(
        archive,
        config,
        load_catalog(config.language),
        RenderOptions(search=config.search, workers=1),
    )
    rendered = {address_of(path) for path in site.files}
    assert site_addresses(archive, config) == rendered
    original = "2025/2025-09-01-con-original/boletin-591.pdf"
    assert {"boletines/591-2025/", "viejo/nota.html", original} <= rendered
