"""A whole site built from hostile bulletins: every output file is parsed with a real
parser (lxml) and must hold no executable markup; ordinary text with ``<``, ``&`` and
quotes must read exactly as written, in the page, its meta tags, JSON-LD, feed and export.

The bulletins are in ``tests/fixtures/hostile/content/``; every payload carries the
marker ``pwn`` (see markup_scan.py). One more, with very long words and lines, is made
here so the repository does not hold a 250 kB fixture.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import feedparser
import pytest
from lxml import html
from markup_scan import MARKER, scan_file
from reliability_support import FIXTURES, run_cli, write_site

from builder.content.schema import MAX_TITLE

ORDINARY_TITLE = "Salud & bienestar: \"niñas\" < 5 años y 'mayores' > 60"
ORDINARY_BODY = "Si a < b && c > d, entonces \"todo\" está 'bien' & listo."
ORDINARY_PATH = "2025/2025-04-02-texto-ordinario-con-signos"
HOSTILE_PATH = "2025/2025-04-01-marcado-hostil-en-el-cuerpo"
HOSTILE_TITLE = "Cierre </script><script>alert('pwn-title')</script> y <!-- comentario abierto"
LONG_WORD = "Anticonstitucionalísimamente" * 400
# One word as long as a title may be (builder.content.schema.MAX_TITLE): it must wrap.
LONG_TITLE = ("Supercalifragilístico" * 20)[:MAX_TITLE]


def long_bulletin() -> str:
    line = " ".join(["palabra"] * 30_000)
    return (
        f'---\ntitle: "{LONG_TITLE}"\ndate: 2025-04-03\nnumber: "32/2025"\n'
        f"location: Ciudad de México\ntags: [largo]\n---\n{LONG_WORD}\n\n{line}\n\n"
        f"https://www.imss.gob.mx/{'a' * 3000}\n"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = write_site(tmp_path_factory.mktemp("hostile") / "site", search=True)
    shutil.copytree(FIXTURES / "hostile" / "content", root / "content", dirs_exist_ok=True)
    (root / "content/2025/2025-04-03-palabras-y-lineas-muy-largas.md").write_text(
        long_bulletin(), encoding="utf-8"
    )
    result = run_cli(["build"], root)
    assert result.code == 0, result.text
    return root / "_site"


def page(site: Path, path: str) -> html.HtmlElement:
    return html.document_fromstring((site / path / "index.html").read_bytes())


def test_no_output_file_holds_executable_markup(site: Path) -> None:
    scanned = 0
    findings: list[str] = []
    for path in sorted(site.rglob("*")):
        if path.is_file():
            findings.extend(scan_file(path, path.relative_to(site).as_posix()))
            scanned += path.suffix in {".html", ".xml", ".json"}
    assert findings == []
    assert scanned >= 20  # pages, redirects, feed, sitemap, export, search bundle metadata


def test_the_hostile_bulletin_was_published_and_scanned(site: Path) -> None:
    """Guard against a vacuous pass: the payloads did reach the output, as inert text."""
    tree = page(site, HOSTILE_PATH)
    assert tree.findtext(".//h1") == HOSTILE_TITLE
    body = (site / HOSTILE_PATH / "index.html").read_text(encoding="utf-8")
    assert "Último párrafo normal." in body
    assert "Enlace legítimo a otro sitio" in body
    assert MARKER in body  # e.g. the title, escaped


def test_search_results_are_shown_as_text(site: Path) -> None:
    """Pagefind stores titles, excerpts and filters as raw text (the fragments hold the
    hostile title verbatim): the site's search script must only ever insert it as text."""
    bundle = site / "pagefind"
    fragments = [gzip.decompress(f.read_bytes()) for f in bundle.rglob("*.pf_fragment")]
    assert any(b"pwn-title" in data for data in fragments)  # the payload is indexed...
    scripts = [p for p in (site / "static").glob("*.js")]
    assert scripts
    for script in scripts:  # ...and never parsed as HTML into the live page
        code = script.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
            assert sink not in code, f"{script.name} uses {sink}"


def test_ordinary_text_reads_as_written_everywhere(site: Path) -> None:
    tree = page(site, ORDINARY_PATH)
    assert tree.findtext(".//h1") == ORDINARY_TITLE
    assert ORDINARY_BODY in tree.text_content()
    assert "La fórmula 3 < 4 > 2 y «Salud & Co.» se leen tal cual." in tree.text_content()
    assert "Tlaxcala & Puebla <centro>" in tree.text_content()
    metas = {m.get("property") or m.get("name"): m.get("content") for m in tree.iter("meta")}
    assert metas["og:title"] == ORDINARY_TITLE
    [ld] = [s for s in tree.iter("script") if s.get("type") == "application/ld+json"]
    assert json.loads(ld.text)["headline"] == ORDINARY_TITLE
    assert tree.findtext(".//title").startswith(ORDINARY_TITLE)

    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    titles = [entry.title for entry in feed.entries]
    assert ORDINARY_TITLE in titles and HOSTILE_TITLE in titles

    export = json.loads((site / "bulletins.json").read_bytes())
    by_path = {b["path"]: b for b in export["bulletins"]}
    assert by_path[ORDINARY_PATH]["title"] == ORDINARY_TITLE
    assert by_path[ORDINARY_PATH]["location"] == "Tlaxcala & Puebla <centro>"
    assert by_path[HOSTILE_PATH]["title"] == HOSTILE_TITLE


def test_hostile_title_cannot_close_the_json_ld_or_open_a_comment(site: Path) -> None:
    raw = (site / HOSTILE_PATH / "index.html").read_text(encoding="utf-8")
    tree = html.document_fromstring(raw)
    [ld] = [s for s in tree.iter("script") if s.get("type") == "application/ld+json"]
    assert json.loads(ld.text)["headline"] == HOSTILE_TITLE
    head = raw.split("</head>", 1)[0].lower()
    assert "<!--" not in head
    assert head.count("<script") == head.count("</script>")
    inline = [s for s in tree.iter("script") if s.get("src") is None]
    assert {s.get("type") for s in inline} <= {"application/ld+json", "application/json"}


def test_very_long_words_and_lines_are_published_and_can_wrap(site: Path) -> None:
    tree = page(site, "2025/2025-04-03-palabras-y-lineas-muy-largas")
    assert tree.findtext(".//h1") == LONG_TITLE
    assert LONG_WORD in tree.text_content()
    css = "".join(p.read_text(encoding="utf-8") for p in (site / "static").glob("style.*.css"))
    assert "overflow-wrap" in css or "word-break" in css
