"""sitemap.xml against the sitemaps.org XSD, lastmod from bulletin dates, and robots.txt."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from feeds_support import ABSOLUTE, FIXTURES, UNDER_PATH, archive_of, bulletin, sample_bulletins
from lxml import etree

from builder.core.i18n import load_catalog
from builder.core.settings import SiteConfig
from builder.render.sitemap import listed_paths, render_sitemap, sitemap_paths, sitemap_warnings

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
PAGES = [
    "",
    "2025/",
    "2025/11/",
    "2025/2025-11-25-imss-fortalece/",
    "2025/2025-11-24-guarderias/",
    "2025/2025-11-24-salud/",
    "sin-fecha/",
    "sin-fecha/aviso/",
    "temas/",
    "temas/cuidados/",
    "temas/guarderias/",
    "lugares/merida/",
    "buscar/",
    "page/2/",
    "404.html",
]


def xsd(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(FIXTURES / "xsd" / name)))


def assert_valid(data: bytes, schema: str = "sitemap.xsd") -> etree._Element:
    doc = etree.fromstring(data)
    validator = xsd(schema)
    assert validator.validate(doc), validator.error_log
    return doc


def sitemap_of(config: SiteConfig, pages=PAGES, **kwargs) -> dict[str, bytes]:
    return render_sitemap(archive_of(sample_bulletins()), config, pages, **kwargs)


def entries(doc) -> dict[str, str | None]:
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in doc.iterfind("s:url", NS)
    }


def test_sitemap_validates_against_the_xsd_and_lists_every_page_but_404():
    files = sitemap_of(ABSOLUTE)
    assert set(files) == {"sitemap.xml", "robots.txt"}
    urls = entries(assert_valid(files["sitemap.xml"]))
    assert sorted(urls) == sorted(
        f"https://example.org/archivo/{p}" for p in PAGES if p != "404.html"
    )


def test_lastmod_comes_from_the_bulletins_dates():
    urls = entries(assert_valid(sitemap_of(ABSOLUTE)["sitemap.xml"]))
    base = "https://example.org/archivo/"
    assert urls[base] == "2025-11-25"
    assert urls[base + "2025/2025-11-24-guarderias/"] == "2025-11-24"
    assert urls[base + "2025/"] == "2025-11-25"
    assert urls[base + "2025/11/"] == "2025-11-25"
    assert urls[base + "temas/guarderias/"] == "2025-11-25"  # "Guarderías" is the newest
    assert urls[base + "lugares/merida/"] == "2025-11-24"
    assert urls[base + "sin-fecha/aviso/"] is None  # nothing is invented
    assert urls[base + "buscar/"] is None


def test_the_xsd_really_rejects_a_broken_sitemap():
    bad = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><lastmod>2025-01-01</lastmod></url></urlset>'
    assert not xsd("sitemap.xsd").validate(etree.fromstring(bad))


def test_robots_txt_points_to_the_absolute_sitemap():
    robots = sitemap_of(ABSOLUTE)["robots.txt"].decode()
    assert robots == (
        "User-agent: *\nDisallow:\n\nSitemap: https://example.org/archivo/sitemap.xml\n"
    )
    assert sitemap_warnings(ABSOLUTE) == []


def test_without_a_host_locations_are_site_relative_and_the_build_is_warned():
    files = sitemap_of(UNDER_PATH)
    urls = entries(etree.fromstring(files["sitemap.xml"]))
    assert "/archivo/2025/2025-11-25-imss-fortalece/" in urls
    assert all(loc.startswith("/archivo/") for loc in urls)
    robots = files["robots.txt"].decode()
    assert "\nSitemap:" not in robots
    assert "/archivo/sitemap.xml" in robots
    [warning] = sitemap_warnings(UNDER_PATH)
    assert warning.severity == "warning"
    assert warning.render(load_catalog("es")) == (
        "site.yaml: aviso: «base_url» (/archivo/) no dice el dominio del sitio, así que "
        "sitemap.xml lleva rutas sin dominio que los buscadores no aceptan; escriba la "
        "dirección completa, como https://usuario.github.io/boletines/, o indique «cname»."
    )


def test_a_custom_domain_makes_the_sitemap_absolute():
    config = SiteConfig(base_url="/", cname="boletines.example.org")
    urls = entries(assert_valid(sitemap_of(config)["sitemap.xml"]))
    assert "https://boletines.example.org/2025/" in urls
    assert sitemap_warnings(config) == []


def test_page_paths_are_percent_encoded():
    items = [bulletin("2025/Boletín de prensa 14", "Catorce", dt.date(2025, 3, 4))]
    files = render_sitemap(archive_of(items), ABSOLUTE, ["", "2025/Boletín de prensa 14/"])
    urls = entries(assert_valid(files["sitemap.xml"]))
    assert urls["https://example.org/archivo/2025/Bolet%C3%ADn%20de%20prensa%2014/"] == "2025-03-04"


def test_order_of_page_paths_does_not_matter():
    assert sitemap_of(ABSOLUTE) == sitemap_of(ABSOLUTE, list(reversed(PAGES)) + PAGES[:3])


@pytest.mark.parametrize("limit", [4, 5])
def test_many_pages_become_a_sitemap_index(limit):
    files = sitemap_of(ABSOLUTE, max_urls=limit)
    pages = len(PAGES) - 1
    chunks = -(-pages // limit)
    assert set(files) == {"sitemap.xml", "robots.txt"} | {
        f"sitemap-{i}.xml" for i in range(1, chunks + 1)
    }
    index = assert_valid(files["sitemap.xml"], "siteindex.xsd")
    locs = [s.findtext("s:loc", namespaces=NS) for s in index.iterfind("s:sitemap", NS)]
    assert locs == [f"https://example.org/archivo/sitemap-{i}.xml" for i in range(1, chunks + 1)]
    listed = {}
    for i in range(1, chunks + 1):
        part = entries(assert_valid(files[f"sitemap-{i}.xml"]))
        assert len(part) <= limit
        listed |= part
    assert listed == entries(assert_valid(sitemap_of(ABSOLUTE)["sitemap.xml"]))


@pytest.mark.parametrize("limit", [4, 5, len(PAGES) - 1, 50_000])
def test_the_files_a_sitemap_is_keyed_on_are_the_files_it_writes(limit):
    """A rebuild links the old sitemap files named by ``sitemap_paths``: a name missing
    there would be left out of the site, one too many would link a stale file."""
    listed = listed_paths(PAGES)
    assert "404.html" not in listed
    assert sorted(sitemap_paths(len(listed), limit)) == sorted(sitemap_of(ABSOLUTE, max_urls=limit))


def test_an_empty_site_still_gives_well_formed_files():
    files = render_sitemap(archive_of([]), ABSOLUTE, [""])
    assert entries(assert_valid(files["sitemap.xml"])) == {"https://example.org/archivo/": None}


def test_a_corrected_bulletin_is_modified_on_its_correction_date():
    items = sample_bulletins()
    items[1] = dataclasses.replace(items[1], updated=dt.date(2025, 12, 2))
    data = render_sitemap(archive_of(items), ABSOLUTE, PAGES)["sitemap.xml"]
    urls = entries(assert_valid(data))
    base = "https://example.org/archivo/"
    assert urls[base + "2025/2025-11-24-guarderias/"] == "2025-12-02"
    assert urls[base + "2025/2025-11-24-salud/"] == "2025-11-24"
    # a listing shows no correction: it keeps its newest bulletin's date
    assert urls[base + "lugares/merida/"] == "2025-11-24"
