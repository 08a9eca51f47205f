"""Hostile titles, bodies, tags and links never become executable markup in the feed, the
sitemap, the export or the redirect pages; ordinary text with <, & and quotes survives; and
the same content always gives the same bytes."""

from __future__ import annotations

import datetime as dt
import json
import random
import xml.etree.ElementTree as ET

import feedparser
import pytest
from feeds_support import (
    ABSOLUTE,
    AT_ROOT,
    FIXTURES,
    UNDER_PATH,
    archive_of,
    bodies_of,
    bulletin,
    sample_bulletins,
    scan_page,
)
from lxml import etree

from builder.content.model import Link
from builder.core.i18n import load_catalog
from builder.render.export import render_export
from builder.render.feeds import render_feed
from builder.render.redirects import render_redirects
from builder.render.sitemap import render_sitemap
from builder.render.xmlout import xml_text

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE_TITLE = (
    "</script><script>alert(1)</script><!-- & \"comillas\" 'simples' ]]> "
    "\x00\x01\x0b\x1f\x7f\x85\ufffe fin"
)
HOSTILE_BODY = """Texto <script>alert(1)</script> normal.

<img src="x" onerror="alert(1)"> <iframe src="https://evil.example/"></iframe>

[clic](javascript:alert(1)) <a href="data:text/html,<script>alert(1)</script>">datos</a>
<a href=" JaVaScRiPt:alert(1)" onclick="alert(1)">otro</a> <svg onload="alert(1)"></svg>
<!-- comentario --> <style>body{display:none}</style>
"""
ORDINARY_TITLE = 'Salud & "bienestar": 3 < 5 y 5 > 3, l\'été'
EXECUTABLE = (b"<script", b"<iframe", b"<img", b"<svg", b"<style", b"<!--", b"]]>")


def hostile_bulletins():
    return [
        bulletin(
            "2025/2025-01-02-hostil",
            HOSTILE_TITLE,
            dt.date(2025, 1, 2),
            number="</script>",
            location='<iframe src="javascript:alert(1)"></iframe>',
            highlights=('<img src=x onerror="alert(1)">', "A < B & C > D"),
            links=(
                Link("<script>alert(1)</script>", "javascript:alert(1)"),
                Link("datos", "data:text/html,<script>alert(1)</script>"),
            ),
            tags=("<b>tema</b>", "javascript:alert(1)"),
            aliases=("/hostil/",),
            body=HOSTILE_BODY,
        ),
        bulletin(
            "2025/2025-01-01-ordinario",
            ORDINARY_TITLE,
            dt.date(2025, 1, 1),
            highlights=(ORDINARY_TITLE,),
            aliases=("/ordinario.html",),
            body='Uno & dos < tres, "citado".',
        ),
    ]


def render_all(bulletins, config, bodies=None) -> dict[str, bytes]:
    archive = archive_of(bulletins)
    catalog = load_catalog("es")
    if bodies is None:
        bodies = bodies_of(archive, config)
    pages = ["", "2025/"] + [b.url_path for b in archive.bulletins]
    return (
        render_feed(archive, config, catalog, bodies)
        | render_sitemap(archive, config, pages)
        | render_export(archive, config, bodies)
        | render_redirects(archive, config, catalog)
    )


def assert_inert_html(fragment: str) -> None:
    """No element or attribute in ``fragment`` that a browser would run or load."""
    scan = scan_page(fragment.encode("utf-8"))
    tags = {tag for tag, _ in scan.tags}
    assert not tags & {"script", "iframe", "svg", "style", "object", "embed", "frame"}, tags
    for _, attrs in scan.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (name, value)
            compact = "".join(c for c in (value or "") if c > " ").lower()
            assert not compact.startswith(("javascript:", "data:", "vbscript:")), value


@pytest.mark.parametrize("config", [ABSOLUTE, UNDER_PATH], ids=["abs", "path"])
def test_hostile_content_is_inert_in_every_output(config):
    files = render_all(hostile_bulletins(), config)
    for name, data in files.items():
        if not name.endswith(".json"):
            for marker in EXECUTABLE:
                assert marker not in data.lower(), (name, marker)
    # feed: the HTML a reader will show carries nothing executable
    feed = feedparser.parse(files["feed.xml"])
    assert not feed.bozo, feed.get("bozo_exception")
    root = ET.fromstring(files["feed.xml"])
    for content in root.iter(f"{ATOM}content"):
        assert_inert_html(content.text or "")
    # export: nothing that could close or open an element if pasted into a page
    data = files["bulletins.json"]
    assert b"<" not in data and b">" not in data
    record = json.loads(data)["bulletins"][0]
    assert record["links"] == []
    assert "alert" not in record["text"]
    # redirect pages: only the expected elements, links only to the bulletin
    for name in ("hostil/index.html", "ordinario.html"):
        page = scan_page(files[name])
        assert {tag for tag, _ in page.tags} <= {
            "html", "head", "meta", "title", "link", "body", "main", "h1", "p", "a",
        }  # fmt: skip
        assert_inert_html(files[name].decode("utf-8"))


def test_hostile_title_reads_as_text_once_parsed():
    files = render_all(hostile_bulletins(), UNDER_PATH)
    expected = xml_text(HOSTILE_TITLE)
    root = ET.fromstring(files["feed.xml"])
    assert root.find(f"{ATOM}entry").findtext(f"{ATOM}title") == expected
    terms = [c.get("label") for c in root.find(f"{ATOM}entry").iter(f"{ATOM}category")]
    assert terms == ["<b>tema</b>", "javascript:alert(1)"]  # text, not markup or links
    exported = json.loads(files["bulletins.json"])["bulletins"][0]
    assert exported["title"] == HOSTILE_TITLE
    assert exported["location"] == '<iframe src="javascript:alert(1)"></iframe>'
    page = scan_page(files["hostil/index.html"])
    assert expected.strip() in "".join(page.text)


@pytest.mark.parametrize("config", [ABSOLUTE, AT_ROOT], ids=["abs", "root"])
def test_ordinary_text_with_markup_characters_reads_correctly(config):
    files = render_all(hostile_bulletins(), config)
    feed = feedparser.parse(files["feed.xml"])
    ordinary = feed.entries[1]
    assert ordinary.title == ORDINARY_TITLE
    assert ordinary.summary == ORDINARY_TITLE
    root = ET.fromstring(files["feed.xml"])
    content = root.findall(f"{ATOM}entry")[1].findtext(f"{ATOM}content")
    assert content == '<p>Uno &amp; dos &lt; tres, "citado".</p>'
    record = json.loads(files["bulletins.json"])["bulletins"][1]
    assert record["title"] == ORDINARY_TITLE
    assert record["text"] == 'Uno & dos < tres, "citado".'
    page = scan_page(files["ordinario.html"])
    assert f"Este boletín está ahora en {ORDINARY_TITLE}." in "".join(page.text)


def test_raw_unsanitised_bodies_are_made_safe_in_the_feed_and_export():
    items = hostile_bulletins()
    raw = {b.slug_path: b.body for b in items}  # a caller forgetting to sanitise
    files = render_all(items, ABSOLUTE, bodies=raw)
    root = ET.fromstring(files["feed.xml"])
    for content in root.iter(f"{ATOM}content"):
        assert_inert_html(content.text or "")
    text = json.loads(files["bulletins.json"])["bulletins"][0]["text"]
    assert text.startswith("Texto normal.")  # the script's code is not text
    assert "display:none" not in text


def test_sitemap_with_hostile_file_names_is_still_valid():
    items = [bulletin("2025/a<script>&\"'", "x", dt.date(2025, 1, 1))]
    files = render_all(items, ABSOLUTE)
    schema = etree.XMLSchema(etree.parse(str(FIXTURES / "xsd" / "sitemap.xsd")))
    assert schema.validate(etree.fromstring(files["sitemap.xml"])), schema.error_log
    assert b"https://example.org/2025/a%3Cscript%3E%26%22%27/" not in files["sitemap.xml"]
    assert b"https://example.org/archivo/2025/a%3Cscript%3E%26%22%27/" in files["sitemap.xml"]


@pytest.mark.parametrize("config", [ABSOLUTE, UNDER_PATH], ids=["abs", "path"])
def test_same_input_gives_the_same_bytes(config):
    first = render_all(sample_bulletins() + hostile_bulletins(), config)
    second = render_all(sample_bulletins() + hostile_bulletins(), config)
    shuffled = sample_bulletins() + hostile_bulletins()
    random.Random(7).shuffle(shuffled)
    third = render_all(shuffled, config)
    assert first == second == third
    assert {"feed.xml", "sitemap.xml", "robots.txt", "bulletins.json"} <= set(first)


@pytest.mark.parametrize("config", [ABSOLUTE, UNDER_PATH], ids=["abs", "path"])
@pytest.mark.parametrize("which", ["hostile", "sample", "none"])
def test_the_export_written_record_by_record_is_the_whole_document_dumped(config, which, tmp_path):
    """bulletins.json is made a record at a time, never whole in memory; its bytes are
    those of the whole document dumped at once, lone surrogates and <script> escapes too."""
    from feeds_support import sample_bulletins

    from builder.render.export import EXPORT_PATH, dump_json, write_export

    bulletins = {"hostile": hostile_bulletins, "sample": sample_bulletins, "none": list}[which]()
    archive = archive_of(bulletins)
    bodies = bodies_of(archive, config)
    made = render_export(archive, config, bodies)[EXPORT_PATH]
    document = json.loads(made)
    assert len(document["bulletins"]) == len(bulletins)
    assert made == dump_json(document)
    written = write_export(archive, config, bodies, tmp_path)[EXPORT_PATH]
    assert written.path.parent == tmp_path
    assert written.read_bytes() == made
    assert written.path.stat().st_mode & 0o777 == 0o644
