"""What journalists and researchers read on the built site: corrections on a bulletin's
page, its citation as plain text, and a feed per topic and place found from their pages."""

from __future__ import annotations

import json

from lxml import html as lxml_html
from site_support import FILES, SITE_YAML, with_corrections

from builder.content.archive import build_archive
from builder.content.model import Bulletin
from builder.core.settings import SiteConfig
from builder.render.addresses import site_addresses

PAGE = "2025/2025-11-25-imss-fortalece/index.html"


def read(out, path: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((out / path).read_bytes())


def text_of(tree, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in tree.xpath(xpath)]


def test_a_corrected_bulletin_says_when_and_why(build_site):
    out, _ = build_site(with_corrections())
    tree = read(out, PAGE)
    assert text_of(tree, "//p[@class='updated-note']") == ["Actualizado el 26 de noviembre de 2025"]
    assert tree.xpath("//p[@class='updated-note']/a/@href") == ["#correcciones"]
    assert tree.xpath("//p[@class='updated-note']//time/@datetime") == ["2025-11-26"]
    assert text_of(tree, "//section[@id='correcciones']/h2") == ["Correcciones"]
    assert text_of(tree, "//section[@id='correcciones']//li") == [
        "26 de noviembre de 2025: Se corrigió la cifra de guarderías."
    ]
    data = json.loads(tree.xpath("//script[@type='application/ld+json']")[0].text)
    assert (data["datePublished"], data["dateModified"]) == ("2025-11-25", "2025-11-26")
    export = json.loads((out / "bulletins.json").read_text(encoding="utf-8"))
    assert export["bulletins"][0]["updated"] == "2025-11-26"


def test_an_uncorrected_bulletin_shows_no_correction(build_site):
    out, _ = build_site()
    tree = read(out, PAGE)
    assert tree.xpath("//p[@class='updated-note'] | //section[@id='correcciones']") == []
    data = json.loads(tree.xpath("//script[@type='application/ld+json']")[0].text)
    assert "dateModified" not in data


def test_the_citation_is_plain_text_with_a_placeholder_for_the_access_date(build_site):
    out, _ = build_site(with_corrections())
    tree = read(out, PAGE)
    box = tree.xpath("//section[@data-cite]")[0]
    assert text_of(box, "./h2") == ["Cómo citar"]
    assert text_of(box, ".//p[@class='cite-text']") == [
        "Archivo de prueba. «IMSS fortalece la cooperación internacional». Boletín No. "
        "591/2025, 25 de noviembre de 2025 (actualizado el 26 de noviembre de 2025). "
        "/2025/2025-11-25-imss-fortalece/ (consultado el [fecha])."
    ]
    button = box.xpath(".//button")[0]
    assert (button.get("type"), button.get("hidden"), button.text) == (
        "button",
        "",
        "Copiar la cita",
    )
    assert box.xpath(".//*[@role='status']")
    assert box.get("data-copied") == "Copiado"


def test_the_citation_names_the_institution_and_the_absolute_address(build_site):
    files = dict(FILES)
    files["site.yaml"] = SITE_YAML.replace('base_url: "/"', 'base_url: "https://example.org/a/"')
    files["site.yaml"] += 'institution: "Instituto Mexicano del Seguro Social"\n'
    out, _ = build_site(files)
    undated = read(out, "sin-fecha/aviso/index.html")
    assert text_of(undated, "//p[@class='cite-text']") == [
        "Instituto Mexicano del Seguro Social. «Aviso sin fecha». sin fecha. "
        "https://example.org/a/sin-fecha/aviso/ (consultado el [fecha])."
    ]


def test_topic_and_place_pages_offer_their_feed(build_site):
    out, _ = build_site()
    for path, words, feed in [
        ("temas/guarderias/index.html", "Suscribirse a este tema", "/temas/guarderias/feed.xml"),
        (
            "lugares/ciudad-de-mexico/index.html",
            "Suscribirse a este lugar",
            "/lugares/ciudad-de-mexico/feed.xml",
        ),
    ]:
        tree = read(out, path)
        alternates = tree.xpath("//head/link[@rel='alternate']")
        assert [(a.get("type"), a.get("href")) for a in alternates] == [
            ("application/atom+xml", feed),
            ("application/atom+xml", "/feed.xml"),
        ], path
        link = tree.xpath("//p[@class='subscribe']/a")[0]
        assert (link.text, link.get("href")) == (words, feed)
        help_text = text_of(tree, "//p[@class='subscribe']/span")[0]
        assert help_text.startswith("Es un canal de noticias (feed): copie el enlace")
        assert (out / feed.lstrip("/")).is_file()
    footer = text_of(read(out, "index.html"), "//ul[@class='footer-links']/li/a")
    assert footer[0] == "Suscribirse a los boletines nuevos"
    assert "Atom" not in (out / "index.html").read_text(encoding="utf-8").split("<body")[1]


def test_check_knows_the_feed_addresses():
    items = [
        Bulletin(source=None, slug_path="2025/a", title="A", body="", tags=("Salud",)),
        Bulletin(source=None, slug_path="2025/b", title="B", body="", location="Mérida"),
    ]
    paths = site_addresses(build_archive(items), SiteConfig(search=False))
    assert {"temas/salud/feed.xml", "lugares/merida/feed.xml", "feed.xml"} <= paths
