"""The Atom feed: valid for feedparser, newest first, limited, with stable ids and dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET

import feedparser
import pytest
from feeds_support import (
    ABSOLUTE,
    AT_ROOT,
    UNDER_PATH,
    archive_of,
    bodies_of,
    bulletin,
    sample_bulletins,
)

from builder.core.i18n import load_catalog
from builder.core.settings import SiteConfig
from builder.render.feeds import render_feed

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_of(bulletins, config: SiteConfig = ABSOLUTE, language: str = "es") -> bytes:
    archive = archive_of(bulletins)
    result = render_feed(archive, config, load_catalog(language), bodies_of(archive, config))
    assert list(result) == ["feed.xml"]
    return result["feed.xml"]


def parsed(data: bytes):
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize("config", [ABSOLUTE, UNDER_PATH, AT_ROOT], ids=["abs", "path", "root"])
def test_feed_parses_and_every_entry_has_id_title_updated_link(config):
    feed = parsed(feed_of(sample_bulletins(), config))
    assert feed.version == "atom10"
    assert len(feed.entries) == 3
    for entry in feed.entries:
        assert entry.id and entry.title and entry.updated and entry.link


def test_entries_are_dated_bulletins_newest_first_ties_by_path():
    feed = parsed(feed_of(sample_bulletins()))
    assert [e.link for e in feed.entries] == [
        "https://example.org/archivo/2025/2025-11-25-imss-fortalece/",
        "https://example.org/archivo/2025/2025-11-24-guarderias/",
        "https://example.org/archivo/2025/2025-11-24-salud/",
    ]
    assert "Aviso sin fecha" not in [e.title for e in feed.entries]


def test_feed_is_limited_to_feed_size():
    many = [
        bulletin(f"2024/b{i:03d}", f"Boletín {i}", dt.date(2024, 1, 1) + dt.timedelta(days=i))
        for i in range(60)
    ]
    feed = parsed(feed_of(many, ABSOLUTE))
    assert len(feed.entries) == 50
    assert feed.entries[0].title == "Boletín 59"
    assert feed.entries[-1].title == "Boletín 10"
    small = dataclasses.replace(ABSOLUTE, feed_size=7)
    assert [e.title for e in parsed(feed_of(many, small)).entries] == [
        f"Boletín {i}" for i in range(59, 52, -1)
    ]


def test_dates_are_midnight_in_mexico_city_and_feed_updated_is_newest():
    root = ET.fromstring(feed_of(sample_bulletins()))
    assert root.findtext(f"{ATOM}updated") == "2025-11-25T00:00:00-06:00"
    first = root.find(f"{ATOM}entry")
    assert first.findtext(f"{ATOM}published") == "2025-11-25T00:00:00-06:00"
    assert first.findtext(f"{ATOM}updated") == "2025-11-25T00:00:00-06:00"
    entry = parsed(feed_of(sample_bulletins())).entries[0]
    assert entry.updated_parsed[:4] == (2025, 11, 25, 6)  # 06:00 UTC


def test_ids_are_absolute_urls_when_the_host_is_known():
    feed = parsed(feed_of(sample_bulletins(), ABSOLUTE))
    assert feed.feed.id == "https://example.org/archivo/"
    assert feed.entries[0].id == "https://example.org/archivo/2025/2025-11-25-imss-fortalece/"


def test_cname_gives_https_urls_and_ids():
    config = SiteConfig(title="Archivo IMSS", base_url="/", cname="boletines.example.org")
    feed = parsed(feed_of(sample_bulletins(), config))
    assert feed.entries[0].id == "https://boletines.example.org/2025/2025-11-25-imss-fortalece/"


def test_ids_are_tag_uris_from_the_file_path_without_a_host():
    feed = parsed(feed_of(sample_bulletins(), UNDER_PATH))
    assert feed.feed.id == "tag:archivo-imss,2025:feed.xml"
    assert feed.entries[0].id == "tag:archivo-imss,2025:2025/2025-11-25-imss-fortalece"
    assert feed.entries[0].link.endswith("/archivo/2025/2025-11-25-imss-fortalece/")


def test_ids_do_not_change_when_front_matter_changes():
    before = parsed(feed_of(sample_bulletins(), UNDER_PATH)).entries[0].id
    edited = [dataclasses.replace(b, title=b.title + " (corregido)") for b in sample_bulletins()]
    edited[0] = dataclasses.replace(edited[0], date=dt.date(2025, 12, 1), number="600/2025")
    assert parsed(feed_of(edited, UNDER_PATH)).entries[0].id == before


def test_file_names_with_spaces_and_accents_are_percent_encoded():
    items = [bulletin("2025/Boletín de prensa 14", "Catorce", dt.date(2025, 3, 4))]
    entry = parsed(feed_of(items, ABSOLUTE)).entries[0]
    assert entry.link == "https://example.org/archivo/2025/Bolet%C3%ADn%20de%20prensa%2014/"
    assert parsed(feed_of(items, UNDER_PATH)).entries[0].id == (
        "tag:archivo-imss,2025:2025/Bolet%C3%ADn%20de%20prensa%2014"
    )


def test_self_link_author_categories_summary_and_content():
    feed = parsed(feed_of(sample_bulletins(), UNDER_PATH))
    assert {link.rel: link.href for link in feed.feed.links} == {
        "self": "/archivo/feed.xml",
        "alternate": "/archivo/",
    }
    assert feed.feed.author == "Archivo IMSS"
    entry = feed.entries[0]
    assert [(t.term, t.label) for t in entry.tags] == [
        ("cuidados", "cuidados"),
        ("guarderias", "Guarderías"),
    ]
    assert entry.summary == "El director general del Seguro Social habló.\nSe firmó un convenio."
    html = entry.content[0]
    assert html.type == "text/html"
    assert html.value == (
        "<p>Primer párrafo con <strong>negritas</strong>.</p>\n<p>Segundo párrafo &amp; más.</p>"
    )


def test_author_from_settings_and_subtitle_from_catalog():
    config = dataclasses.replace(
        ABSOLUTE, author="IMSS, Coordinación de Comunicación", description=""
    )
    feed = parsed(feed_of(sample_bulletins(), config, "en"))
    assert feed.feed.author == "IMSS, Coordinación de Comunicación"
    assert feed.feed.subtitle == "The latest bulletins from Archivo IMSS"
    es = parsed(feed_of(sample_bulletins(), config, "es"))
    assert es.feed.subtitle == "Los boletines más recientes de Archivo IMSS"


def test_empty_or_undated_archive_still_gives_a_valid_feed():
    for bulletins in ([], [bulletin("sin-fecha/x", "Sin fecha")]):
        data = feed_of(bulletins)
        feed = parsed(data)
        assert feed.entries == []
        assert ET.fromstring(data).findtext(f"{ATOM}updated") == "1970-01-01T00:00:00Z"


def test_a_missing_body_is_a_programming_error():
    archive = archive_of(sample_bulletins())
    with pytest.raises(KeyError):
        render_feed(archive, ABSOLUTE, load_catalog("es"), {})
