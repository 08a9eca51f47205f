"""Each page kind of a small site, read as HTML."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html
from site_support import FILES, SITE_YAML

from builder.render.assets import contrast, readable_accent
from builder.render.chart import year_ticks


def page(out: Path, path: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((out / path).read_bytes())


def texts(tree: lxml_html.HtmlElement, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in tree.xpath(xpath)]


def test_home_lists_newest_first_paginated_with_undated_last(build_site):
    out, report = build_site()
    assert report.bulletins == 5
    first = texts(page(out, "index.html"), "//ol[@class='bulletin-list']//h2")
    second = texts(page(out, "pagina/2/index.html"), "//ol[@class='bulletin-list']//h2")
    third = texts(page(out, "pagina/3/index.html"), "//ol[@class='bulletin-list']//h2")
    assert first == [
        "IMSS fortalece la cooperación internacional",
        "Nuevas guarderías en Chihuahua",
    ]
    assert second == ["Jornada de salud", "Balance del año"]
    assert third == ["Aviso sin fecha"]
    last = page(out, "pagina/3/index.html")
    assert "Fecha no indicada" in texts(last, "//ol[@class='bulletin-list']//p[@class='meta']")[0]
    assert not (out / "pagina/4").exists()
    assert (
        "Página 2 de 3" in texts(page(out, "pagina/2/index.html"), "//nav[@class='pagination']")[0]
    )


def test_bulletin_page_has_every_part(build_site):
    out, _ = build_site()
    tree = page(out, "2025/2025-11-25-imss-fortalece/index.html")
    assert texts(tree, "//h1") == ["IMSS fortalece la cooperación internacional"]
    article = tree.xpath("//article[@data-pagefind-body]")
    assert len(article) == 1
    facts = texts(tree, "//dl[@class='bulletin-facts']")[0]
    assert "25 de noviembre de 2025" in facts
    assert "Ciudad de México" in facts
    assert texts(tree, "//p[@class='bulletin-number']") == ["Boletín No. 591/2025"]
    assert texts(tree, "//ul[@class='highlights']/li") == ["El director general habló de cuidados."]
    assert tree.xpath("//div[@class='bulletin-body']//strong/text()") == ["negritas"]
    buttons = tree.xpath("//section[@class='media-links']//a")
    assert [(a.get("href"), a.get("class")) for a in buttons] == [
        ("https://example.org/fotos", "button button-photos"),
        ("https://example.org/video", "button button-video"),
    ]
    assert tree.xpath("//link[@rel='canonical']/@href") == ["/2025/2025-11-25-imss-fortalece/"]
    assert tree.xpath("//meta[@property='og:title']/@content") == [
        "IMSS fortalece la cooperación internacional"
    ]
    assert tree.xpath("//meta[@name='twitter:card']/@content") == ["summary"]
    older = tree.xpath("//nav[@class='prev-next']//li[@class='older']/a/@href")
    assert older == ["/2025/2025-11-03-guarderias/"]
    assert tree.xpath("//nav[@class='prev-next']//li[@class='newer']") == []
    related = tree.xpath("//aside[@class='related']//a/@href")
    assert related[0] == "/2025/2025-11-03-guarderias/"  # shares a tag
    assert len(related) <= 5
    data = json.loads(tree.xpath("//script[@type='application/ld+json']/text()")[0])
    assert data["@type"] == "NewsArticle"
    assert data["datePublished"] == "2025-11-25"
    assert data["identifier"] == "591/2025"
    assert tree.get("lang") == "es"


def test_undated_bulletin_says_so(build_site):
    out, _ = build_site()
    tree = page(out, "sin-fecha/aviso/index.html")
    assert "Fecha no indicada" in texts(tree, "//dl[@class='bulletin-facts']")[0]
    assert texts(page(out, "sin-fecha/index.html"), "//h2") == ["Aviso sin fecha"]


def test_year_month_topic_and_place_pages(build_site):
    out, _ = build_site()
    year = page(out, "2025/index.html")
    assert texts(year, "//p[@class='lead']") == ["3 boletines"]
    assert texts(year, "//nav[@class='toc']//li") == [
        "noviembre de 2025 (2)",
        "octubre de 2025 (1)",
    ]
    month = page(out, "2025/11/index.html")
    assert texts(month, "//h1") == ["noviembre de 2025"]
    assert texts(month, "//p[@class='lead']") == ["2 boletines"]
    assert texts(page(out, "2024/12/index.html"), "//p[@class='lead']") == ["1 boletín"]
    topics = page(out, "temas/index.html")
    assert texts(topics, "//ul[@class='group-list']/li") == [
        "cuidados (1)",
        "guarderías (2)",
        "salud (1)",
    ]
    topic = page(out, "temas/guarderias/index.html")
    assert texts(topic, "//h1") == ["Tema: guarderías"]
    assert len(topic.xpath("//ol[@class='bulletin-list']/li")) == 2
    places = page(out, "lugares/index.html")
    assert texts(places, "//ul[@class='group-list']/li") == [
        "Chihuahua (1)",
        "Ciudad de México (2)",
    ]
    assert (out / "lugares/ciudad-de-mexico/index.html").is_file()


def test_archive_index_has_month_chart_with_counts(build_site):
    out, _ = build_site()
    tree = page(out, "archivo/index.html")
    svg = (out / "archivo/index.html").read_text()
    assert svg.count("<rect ") == 3  # Dec 2024, Oct and Nov 2025; empty months have no bar
    titles = re.findall(r"<title>([^<]*)</title>", svg)
    assert "noviembre de 2025: 2" in titles
    assert tree.xpath("//svg/@aria-label") == [
        "Gráfica de boletines por mes, de diciembre de 2024 a noviembre de 2025"
    ]


def test_chart_years_sit_under_their_january_bars(build_site):
    out, _ = build_site()
    tree = page(out, "archivo/index.html")
    [svg] = tree.xpath("//svg")
    width = float(svg.get("viewbox").split()[2])  # lxml lowercases it
    bars = {r.xpath("string(title)").split(":")[0]: float(r.get("x")) for r in svg.iter("rect")}
    [tick] = tree.xpath("//div[@class='chart-ticks']/span")
    assert tick.text == "2025"  # December 2024 alone is not labelled, January 2025 is
    assert tree.xpath("//div[@class='chart-ticks']/@aria-hidden") == ["true"]
    left = float(tick.get("style").removeprefix("left: ").removesuffix("%"))
    january = width / 12  # the empty January 2025 slot: second of twelve months
    assert left == pytest.approx(january / width * 100, abs=0.01)
    assert bars["diciembre de 2024"] < january < bars["octubre de 2025"]


def _months(first: dt.date, count: int) -> list[tuple[dt.date, int]]:
    return [
        (dt.date(first.year + (first.month - 1 + k) // 12, (first.month - 1 + k) % 12 + 1, 1), 1)
        for k in range(count)
    ]


def test_year_ticks_thin_from_the_newest_year_and_end_at_the_right_edge():
    ticks = year_ticks(_months(dt.date(2011, 1, 1), 180))
    assert [t.year for t in ticks] == ["2013", "2016", "2019", "2022", "2025"]
    assert [t.style for t in ticks] == [
        "left: 13.33%",
        "left: 33.33%",
        "left: 53.33%",
        "left: 73.33%",
        "right: 6.667%",  # ends at the January 2025 bar: never cut off at the edge
    ]
    assert [t.end for t in ticks] == [False] * 4 + [True]
    assert [t.year for t in year_ticks(_months(dt.date(2025, 8, 1), 4))] == ["2025"]
    starts_late = year_ticks(_months(dt.date(2023, 3, 1), 30))  # Jan 2024 is 10 bars in
    assert [t.year for t in starts_late] == ["2023", "2024", "2025"]
    assert year_ticks([]) == []


def test_not_found_page_has_no_canonical(build_site):
    out, _ = build_site()
    tree = page(out, "404.html")
    assert texts(tree, "//h1") == ["No encontramos esta página"]
    assert tree.xpath("//link[@rel='canonical']") == []


def test_accent_colour_and_favicon(build_site):
    out, _ = build_site()
    tree = page(out, "index.html")
    assert tree.xpath("/html/@style") == ["--accent: #7a1f5c"]
    assert tree.xpath("//link[@rel='icon']/@href") == ["/favicon.svg"]
    assert 'fill="#7a1f5c"' in (out / "favicon.svg").read_text()
    assert (out / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"


def test_a_light_accent_is_darkened_for_text_and_kept_for_the_favicon(build_site):
    files = dict(FILES, **{"site.yaml": SITE_YAML.replace("#7a1f5c", "#f0c000")})
    out, _ = build_site(files)
    assert page(out, "index.html").xpath("/html/@style") == ["--accent: #866c00"]
    assert 'fill="#f0c000"' in (out / "favicon.svg").read_text()


@pytest.mark.parametrize("accent", ["#ffffff", "#f0c000", "#7fd7ff", "#ff0000", "#00ff00"])
def test_readable_accent_reaches_aa_on_the_light_backgrounds(accent):
    readable = readable_accent(accent)
    assert contrast(readable, "#f4f5f6") >= 4.5  # links on the header and footer
    assert contrast(readable, "#ffffff") >= 4.5  # links on the page, white on buttons
    assert contrast(readable_accent(readable), "#f4f5f6") == contrast(readable, "#f4f5f6")


@pytest.mark.parametrize("accent", ["#0b5d3b", "#7a1f5c", "#1a56db", "#000000"])
def test_a_dark_enough_accent_is_kept_as_given(accent):
    assert readable_accent(accent) == accent


def test_css_name_carries_content_hash(build_site):
    out, _ = build_site()
    [css] = page(out, "index.html").xpath("//link[@rel='stylesheet']/@href")
    assert re.fullmatch(r"/static/style\.[0-9a-f]{10}\.css", css)
    assert (out / css.lstrip("/")).read_bytes() == Path("theme/static/style.css").read_bytes()


def test_only_bulletin_pages_are_marked_for_the_search_index(build_site):
    out, _ = build_site()
    marked = sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*.html")
        if b"data-pagefind-body" in p.read_bytes()
    )
    assert marked == [
        "2024/2024-12-31-fin-de-anio/index.html",
        "2025/2025-10-14-salud/index.html",
        "2025/2025-11-03-guarderias/index.html",
        "2025/2025-11-25-imss-fortalece/index.html",
        "sin-fecha/aviso/index.html",
    ]
    tree = page(out, "2025/2025-11-25-imss-fortalece/index.html")
    ignored = tree.xpath("//*[@data-pagefind-ignore]/@class")
    assert sorted(ignored) == ["cite", "media-links", "prev-next", "related"]


def test_search_page_and_box_only_with_search(build_site):
    out, _ = build_site()
    assert not (out / "buscar").exists()
    assert page(out, "index.html").xpath("//form[@role='search']") == []
    assert "Buscar" not in texts(page(out, "index.html"), "//nav[@class='site-nav']")[0]
