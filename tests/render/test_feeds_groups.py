"""Feeds per topic and per place, and corrections in every feed: the same Atom rules as
``feed.xml`` (valid for feedparser, required elements, stable ids, deterministic)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import xml.etree.ElementTree as ET

import feedparser
import pytest
from feeds_support import ABSOLUTE, AT_ROOT, UNDER_PATH, archive_of, bodies_of, bulletin
from feeds_support import sample_bulletins as samples

from builder.content.model import Correction
from builder.core.i18n import load_catalog
from builder.core.settings import SiteConfig
from builder.render.feeds import group_feed_paths, render_feed, render_group_feed

ATOM = "{http://www.w3.org/2005/Atom}"


def group_feeds(bulletins, config: SiteConfig = ABSOLUTE, language: str = "es") -> dict:
    archive = archive_of(bulletins)
    bodies = bodies_of(archive, config)
    catalog = load_catalog(language)
    files: dict[str, bytes] = {}
    for kind, groups in (("topic", archive.topics), ("location", archive.locations)):
        for group in groups:
            files.update(render_group_feed(kind, group, archive, config, catalog, bodies))
    return files


def parsed(data: bytes):
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def corrected() -> list:
    """The samples, the newest corrected twice (the last time on 2025-11-28)."""
    items = samples()
    items[0] = dataclasses.replace(
        items[0],
        updated=dt.date(2025, 11, 28),
        corrections=(
            Correction(dt.date(2025, 11, 26), "Se corrigió la cifra."),
            Correction(dt.date(2025, 11, 28), "Se corrigió un nombre."),
        ),
    )
    return items


def test_every_topic_and_place_has_a_feed_beside_its_page():
    files = group_feeds(samples())
    assert sorted(files) == [
        "lugares/ciudad-de-mexico/feed.xml",
        "lugares/merida/feed.xml",
        "lugares/oaxaca/feed.xml",
        "temas/cuidados/feed.xml",
        "temas/guarderias/feed.xml",
    ]
    assert sorted(group_feed_paths(archive_of(samples()))) == sorted(files)


@pytest.mark.parametrize("config", [ABSOLUTE, UNDER_PATH, AT_ROOT], ids=["abs", "path", "root"])
def test_group_feeds_follow_the_atom_rules(config):
    for path, data in group_feeds(corrected(), config).items():
        feed = parsed(data)
        assert feed.version == "atom10", path
        root = ET.fromstring(data)
        # RFC 4287 4.1.1: id, title, updated, an author (for the feed), one self link.
        for name in ("id", "title", "updated"):
            assert root.findtext(f"{ATOM}{name}"), (path, name)
        assert root.find(f"{ATOM}author/{ATOM}name").text == "Archivo IMSS"
        selves = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
        assert [link.get("href") for link in selves] == [config.base_url + path]
        for entry in feed.entries:
            assert entry.id and entry.title and entry.updated and entry.link and entry.published


def test_a_topic_feed_lists_its_dated_bulletins_newest_first():
    files = group_feeds(samples())
    guarderias = parsed(files["temas/guarderias/feed.xml"])
    assert [e.title for e in guarderias.entries] == [
        "IMSS fortalece cooperación internacional",
        "Guarderías abren en Yucatán",
    ]
    assert guarderias.feed.title == "Tema: Guarderías · Archivo IMSS"
    assert guarderias.feed.subtitle == (
        "Los boletines más recientes sobre Guarderías, de Archivo IMSS"
    )
    assert {link.rel: link.href for link in guarderias.feed.links} == {
        "self": "https://example.org/archivo/temas/guarderias/feed.xml",
        "alternate": "https://example.org/archivo/temas/guarderias/",
    }
    assert guarderias.feed.id == "https://example.org/archivo/temas/guarderias/"
    # An undated bulletin is on its place's page, never in a feed (Atom needs a date).
    oaxaca = files["lugares/oaxaca/feed.xml"]
    assert parsed(oaxaca).entries == []
    assert ET.fromstring(oaxaca).findtext(f"{ATOM}updated") == "1970-01-01T00:00:00Z"


def test_place_feed_strings_in_english_and_ids_without_a_host():
    files = group_feeds(samples(), UNDER_PATH, "en")
    merida = parsed(files["lugares/merida/feed.xml"])
    assert merida.feed.title == "Place: Mérida · Archivo IMSS"
    assert merida.feed.subtitle == "The latest bulletins issued in Mérida, from Archivo IMSS"
    assert merida.feed.id == "tag:archivo-imss,2025:lugares/merida/feed.xml"
    assert [e.id for e in merida.entries] == ["tag:archivo-imss,2025:2025/2025-11-24-guarderias"]


def test_group_feeds_are_limited_to_feed_size():
    many = [
        bulletin(f"2024/b{i:03d}", f"Boletín {i}", dt.date(2024, 1, 1) + dt.timedelta(days=i))
        for i in range(60)
    ]
    many = [dataclasses.replace(b, tags=("salud",)) for b in many]
    small = dataclasses.replace(ABSOLUTE, feed_size=3)
    feed = parsed(group_feeds(many, small)["temas/salud/feed.xml"])
    assert [e.title for e in feed.entries] == ["Boletín 59", "Boletín 58", "Boletín 57"]


def test_a_corrected_entry_is_updated_on_its_correction_date_in_every_feed():
    archive = archive_of(corrected())
    main = render_feed(archive, ABSOLUTE, load_catalog("es"), bodies_of(archive, ABSOLUTE))
    files = {**group_feeds(corrected()), **main}
    for path in ("feed.xml", "temas/cuidados/feed.xml", "lugares/ciudad-de-mexico/feed.xml"):
        root = ET.fromstring(files[path])
        first = root.find(f"{ATOM}entry")
        assert first.findtext(f"{ATOM}published") == "2025-11-25T00:00:00-06:00", path
        assert first.findtext(f"{ATOM}updated") == "2025-11-28T00:00:00-06:00", path
        assert root.findtext(f"{ATOM}updated") == "2025-11-28T00:00:00-06:00", path
    # A feed without that bulletin keeps its own newest date.
    merida = ET.fromstring(files["lugares/merida/feed.xml"])
    assert merida.findtext(f"{ATOM}updated") == "2025-11-24T00:00:00-06:00"


@pytest.mark.parametrize("config", [ABSOLUTE, UNDER_PATH], ids=["abs", "path"])
def test_same_input_gives_the_same_group_feeds(config):
    first = group_feeds(corrected(), config)
    shuffled = corrected()
    random.Random(3).shuffle(shuffled)
    assert group_feeds(shuffled, config) == first
