"""Topic, place and undated lists are paginated like the home page (``per_page``): a place
with thousands of bulletins must not be one page of megabytes on a phone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from site_links import broken_links
from site_support import SITE_YAML, bulletin

from builder.core.errors import BoletinesError
from builder.render.pages import list_paths

# per_page is 2: "salud" has 5 bulletins (3 pages), Chihuahua 3 (2 pages), "guarderías"
# exactly 2 (one page), and there are 3 undated bulletins (2 pages).
FILES: dict[str, str] = {"site.yaml": SITE_YAML}
for day in range(1, 6):
    FILES[f"content/2025/2025-03-0{day}-salud.md"] = bulletin(
        f'"Salud {day}"',
        date=f"2025-03-0{day}",
        tags="[salud]",
        location="Chihuahua" if day % 2 else "Sonora",
    )
for day in (1, 2):
    FILES[f"content/2025/2025-04-0{day}-guarderias.md"] = bulletin(
        f'"Guarderías {day}"', date=f"2025-04-0{day}", tags="[guarderías]"
    )
for name in ("a", "b", "c"):
    FILES[f"content/sin-fecha/{name}.md"] = bulletin(f'"Sin fecha {name}"')


def page(out: Path, path: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((out / path).read_bytes())


def titles(tree: lxml_html.HtmlElement) -> list[str]:
    return [" ".join(a.text_content().split()) for a in tree.xpath("//ol/li//h2/a")]


def pager(tree: lxml_html.HtmlElement) -> dict[str, object]:
    nav = tree.xpath("//nav[@class='pagination']")
    if not nav:
        return {}
    [nav] = nav
    return {
        "status": " ".join(nav.xpath("string(p)").split()),
        "prev": nav.xpath(".//a[@rel='prev']/@href"),
        "next": nav.xpath(".//a[@rel='next']/@href"),
        "current": nav.xpath(".//a[@aria-current='page']/@href"),
    }


@pytest.fixture
def out(build_site) -> Path:
    folder, _ = build_site(FILES, base_url="/archivo/")
    return folder


def test_topic_pages_hold_per_page_bulletins_newest_first(out):
    pages = ["temas/salud/", "temas/salud/pagina/2/", "temas/salud/pagina/3/"]
    lists = [titles(page(out, p + "index.html")) for p in pages]
    assert lists == [["Salud 5", "Salud 4"], ["Salud 3", "Salud 2"], ["Salud 1"]]
    assert not (out / "temas/salud/pagina/4").exists()
    second = page(out, "temas/salud/pagina/2/index.html")
    assert second.xpath("string(//h1)") == "Tema: salud, página 2"
    assert second.xpath("string(//title)") == "Tema: salud, página 2 · Archivo de prueba"
    assert second.xpath("//link[@rel='canonical']/@href") == ["/archivo/temas/salud/pagina/2/"]
    assert second.xpath("string(//p[@class='lead'])") == "5 boletines"  # the whole topic
    assert pager(second) == {
        "status": "Página 2 de 3",
        "prev": ["/archivo/temas/salud/"],
        "next": ["/archivo/temas/salud/pagina/3/"],
        "current": ["/archivo/temas/salud/pagina/2/"],
    }
    first = page(out, "temas/salud/index.html")
    assert first.xpath("string(//h1)") == "Tema: salud"
    assert pager(first)["prev"] == [] and pager(first)["next"] == ["/archivo/temas/salud/pagina/2/"]
    assert pager(page(out, "temas/salud/pagina/3/index.html"))["next"] == []


def test_place_and_undated_pages_are_paginated_too(out):
    assert titles(page(out, "lugares/chihuahua/index.html")) == ["Salud 5", "Salud 3"]
    later = page(out, "lugares/chihuahua/pagina/2/index.html")
    assert titles(later) == ["Salud 1"]
    assert later.xpath("string(//h1)") == "Lugar: Chihuahua, página 2"
    assert pager(later)["prev"] == ["/archivo/lugares/chihuahua/"]
    assert titles(page(out, "sin-fecha/index.html")) == ["Sin fecha a", "Sin fecha b"]
    undated = page(out, "sin-fecha/pagina/2/index.html")
    assert titles(undated) == ["Sin fecha c"]
    assert undated.xpath("string(//h1)") == "Sin fecha, página 2"
    assert pager(undated)["status"] == "Página 2 de 2"


def test_a_list_that_fits_one_page_has_no_pager(out):
    topic = page(out, "temas/guarderias/index.html")
    assert titles(topic) == ["Guarderías 2", "Guarderías 1"]
    assert pager(topic) == {}
    assert not (out / "temas/guarderias/pagina").exists()
    assert pager(page(out, "lugares/sonora/index.html")) == {}


def test_later_pages_are_in_the_sitemap_and_every_link_resolves(out):
    sitemap = etree.parse(str(out / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = set(sitemap.xpath("//s:loc/text()", namespaces=ns))
    expected = {
        "/archivo/temas/salud/pagina/2/",
        "/archivo/temas/salud/pagina/3/",
        "/archivo/lugares/chihuahua/pagina/2/",
        "/archivo/sin-fecha/pagina/2/",
    }
    assert expected <= locations
    assert not any("guarderias/pagina" in loc for loc in locations)
    assert broken_links(out, "/archivo/") == []


def test_a_bulletin_cannot_take_the_address_of_a_later_undated_page(build_site):
    files = dict(FILES, **{"content/sin-fecha/pagina/2.md": bulletin('"Choca"')})
    with pytest.raises(BoletinesError) as caught:
        build_site(files)
    [diagnostic] = caught.value.diagnostics
    assert (diagnostic.code, diagnostic.args["url"]) == (
        "build.reserved_path",
        "sin-fecha/pagina/2/",
    )


def test_rebuilds_as_lists_gain_and_lose_pages_equal_clean_builds(
    build_site, tmp_path, monkeypatch
):
    """Listing pages are kept by a key of what they show: a topic that grows a page, a page
    whose members shift, and a page that disappears must still match a clean build."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    build_site(FILES)
    content = tmp_path / "site/content"
    steps = [
        ("2025/2025-03-06-salud.md", bulletin('"Salud 6"', date="2025-03-06", tags="[salud]")),
        ("2025/2025-03-02-salud.md", None),  # page 2 of salud shifts, Sonora loses one
        ("2025/2025-03-01-salud.md", None),
        ("2025/2025-03-03-salud.md", None),  # salud: 3 bulletins left, 2 pages
        ("sin-fecha/c.md", None),  # the undated list loses its second page
    ]
    for name, text in steps:
        if text is None:
            (content / name).unlink()
        else:
            (content / name).write_text(text, encoding="utf-8")
        out, _ = build_site()
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "clean-cache" / name))
        clean, _ = build_site(out="_clean")
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
        built = {
            p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()
        }
        fresh = {
            p.relative_to(clean).as_posix(): p.read_bytes() for p in clean.rglob("*") if p.is_file()
        }
        assert sorted(built) == sorted(fresh), name
        assert [p for p in built if built[p] != fresh[p]] == [], name
        shutil.rmtree(clean)
    assert not (out / "sin-fecha/pagina").exists()
    assert not (out / "temas/salud/pagina/3").exists()  # 5 + 1 - 3 = 3 bulletins: 2 pages


def test_list_paths_names_every_page_of_a_list(out):
    """The addresses other tools (check's link finder) can compute without rendering."""
    assert list_paths("temas/salud/", 5, 2) == (
        "temas/salud/",
        "temas/salud/pagina/2/",
        "temas/salud/pagina/3/",
    )
    assert list_paths("", 0, 20) == ("",)
    pages = out.glob("temas/salud/**/index.html")
    written = sorted(p.parent.relative_to(out).as_posix() + "/" for p in pages)
    assert written == sorted(list_paths("temas/salud/", 5, 2))


def test_an_edit_makes_again_only_the_list_page_that_shows_the_bulletin(
    build_site, tmp_path, monkeypatch
):
    """A topic with hundreds of pages must not be rendered whole again because one of its
    bulletins changed: pages whose bulletins are unchanged keep their file (same inode)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    out, _ = build_site(FILES)
    pages = ["temas/salud/index.html", "temas/salud/pagina/2/index.html"]
    pages.append("temas/salud/pagina/3/index.html")
    before = {p: (out / p).stat().st_ino for p in pages}
    edited = tmp_path / "site/content/2025/2025-03-02-salud.md"  # "Salud 2": page 2 of 3
    edited.write_text(edited.read_text(encoding="utf-8") + "\nOtro párrafo.\n", encoding="utf-8")
    out, _ = build_site()
    after = {p: (out / p).stat().st_ino for p in pages}
    assert [p for p in pages if before[p] != after[p]] == ["temas/salud/pagina/2/index.html"]
    summaries = page(out, "temas/salud/pagina/2/index.html").xpath("//p[@class='summary']")
    assert "Otro párrafo." in summaries[1].text_content()


def test_a_site_group_template_that_shows_every_member_is_rebuilt_whole(
    build_site, tmp_path, monkeypatch
):
    """A site's own group.html may list all of a topic's bulletins on each page: then an
    edit on page 3 changes page 1 too, and the rebuild must match a clean build."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    files = dict(FILES)
    files["templates/group.html"] = (
        '{% extends "!theme/group.html" %}{% block content %}{{ super() }}'
        "<p>{% for b in group.bulletins %}{{ b.title }};{% endfor %}</p>{% endblock %}"
    )
    build_site(files)
    edited = tmp_path / "site/content/2025/2025-03-01-salud.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Salud 1", "Salud uno"))
    out, _ = build_site()
    assert "Salud uno;" in (out / "temas/salud/index.html").read_text(encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "clean-cache"))
    clean, _ = build_site(out="_clean")
    for path in ("temas/salud/index.html", "temas/salud/pagina/2/index.html"):
        assert (out / path).read_bytes() == (clean / path).read_bytes(), path
