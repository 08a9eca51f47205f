"""Properties of the output folder: links, determinism, safe replacement, deployment files."""

from __future__ import annotations

import fcntl
import filecmp
import os
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from site_links import broken_links, page_urls, target_file
from site_support import FILES, SITE_YAML, bulletin

from builder.core.errors import BoletinesError
from builder.output.writer import lock_path


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("base_url", ["/", "/archivo/", "https://example.org/archivo/"])
def test_every_internal_link_resolves(build_site, base_url):
    out, _ = build_site(base_url=base_url)
    base_path = "/archivo/" if "archivo" in base_url else "/"
    assert broken_links(out, base_path) == []
    home = (out / "index.html").read_text()
    assert f'href="{base_path}static/style.' in home


def test_link_checker_finds_a_broken_link(build_site):
    out, _ = build_site()
    (out / "2025/index.html").unlink()
    assert "archivo/index.html: /2025/" in broken_links(out, "/")


def test_building_twice_gives_identical_folders(build_site):
    first, _ = build_site(out="one")
    second, _ = build_site(out="two")
    assert tree_bytes(first) == tree_bytes(second)
    assert not filecmp.dircmp(first, second).diff_files


def test_rebuild_replaces_the_previous_output(build_site, tmp_path):
    out, _ = build_site()
    (tmp_path / "site/content/2024/2024-12-31-fin-de-anio.md").unlink()
    out, report = build_site()
    assert report.bulletins == 4
    assert not (out / "2024").exists()
    leftovers = [p.name for p in out.parent.iterdir() if p.name.startswith(".boletines-")]
    assert leftovers == [lock_path(out).name]


def test_failing_build_leaves_previous_output_untouched(build_site, tmp_path):
    out, _ = build_site()
    before = tree_bytes(out)
    broken = tmp_path / "site/content/2025/roto.md"
    broken.write_text("---\ntitle: [sin cerrar\n---\n", encoding="utf-8")
    with pytest.raises(BoletinesError):
        build_site()
    assert tree_bytes(out) == before
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".boletines-build")] == []


def test_nojekyll_and_cname(build_site):
    files = dict(FILES, **{"site.yaml": SITE_YAML + 'cname: "boletines.example.org"\n'})
    out, _ = build_site(files)
    assert (out / ".nojekyll").read_bytes() == b""
    assert (out / "CNAME").read_text() == "boletines.example.org\n"


def test_no_cname_without_domain(build_site):
    out, _ = build_site()
    assert (out / ".nojekyll").is_file()
    assert not (out / "CNAME").exists()


def test_build_date_only_from_the_given_value(build_site):
    import datetime as dt

    out, _ = build_site()
    assert "Actualizado" not in (out / "index.html").read_text()
    out, _ = build_site(out="dated", build_date=dt.date(2025, 12, 1))
    assert "Actualizado el 1 de diciembre de 2025." in (out / "index.html").read_text()


def test_refuses_to_replace_a_folder_it_did_not_build(build_site, tmp_path):
    foreign = tmp_path / "site/_site"
    foreign.mkdir(parents=True)
    (foreign / "importante.txt").write_text("no borrar")
    with pytest.raises(BoletinesError) as caught:
        build_site()
    assert [d.code for d in caught.value.diagnostics] == ["build.out_foreign"]
    assert (foreign / "importante.txt").read_text() == "no borrar"


def test_refuses_output_inside_content(build_site):
    with pytest.raises(BoletinesError) as caught:
        build_site(out="content/_site")
    assert [d.code for d in caught.value.diagnostics] == ["build.out_overlaps"]


def test_second_build_waits_for_the_lock_then_refuses(build_site, tmp_path):
    out, _ = build_site()
    fd = os.open(lock_path(out), os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with pytest.raises(BoletinesError) as caught:
            build_site(lock_timeout=0.2)
    finally:
        os.close(fd)
    assert [d.code for d in caught.value.diagnostics] == ["build.locked"]
    build_site()  # the lock released, the next build goes through


@pytest.mark.parametrize(
    "name",
    [
        "temas/guarderias.md",
        "lugares/x.md",
        "archivo.md",
        "pagina/2.md",
        "static/a.md",
        "feed.xml.md",
        "bulletins.json/x.md",
        "sitemap.xml.md",
    ],
)
def test_bulletin_at_a_generated_address_is_refused(build_site, name):
    files = dict(FILES, **{f"content/{name}": bulletin('"Choca"', date="2025-01-01")})
    with pytest.raises(BoletinesError) as caught:
        build_site(files)
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "build.reserved_path"
    assert diagnostic.path.endswith(name)


def test_drafts_only_with_the_option(build_site, tmp_path):
    files = dict(FILES)
    files["content/2025/borrador.md"] = bulletin('"Borrador"', date="2025-11-30", draft="true")
    out, report = build_site(files)
    assert report.bulletins == 5 and report.drafts_skipped == 1
    assert not (out / "2025/borrador").exists()
    out, report = build_site(files, out="drafts", drafts=True)
    assert (out / "2025/borrador/index.html").is_file()


def test_build_with_search_under_a_base_path(build_site):
    out, report = build_site(search=True, base_url="/archivo/")
    assert report.search_pages == 5
    assert (out / "pagefind/pagefind.js").is_file()
    assert (out / "buscar/index.html").is_file()
    assert 'action="/archivo/buscar/"' in (out / "index.html").read_text()
    assert broken_links(out, "/archivo/") == []


def test_bulletin_named_like_a_month_archive_is_refused(build_site):
    files = dict(FILES, **{"content/2025/11.md": bulletin('"Once"', date="2025-11-11")})
    with pytest.raises(BoletinesError) as caught:
        build_site(files)
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.path.endswith("2025/11.md")
    assert diagnostic.is_error


def test_draft_pages_say_so_and_are_not_indexed(build_site):
    files = dict(FILES)
    files["content/2025/borrador.md"] = bulletin('"Borrador"', date="2025-11-30", draft="true")
    out, _ = build_site(files, drafts=True)
    draft = (out / "2025/borrador/index.html").read_text()
    assert '<meta name="robots" content="noindex">' in draft
    assert "Borrador: no se publica sin --drafts" in draft
    assert "noindex" not in (out / "2025/2025-11-25-imss-fortalece/index.html").read_text()


@pytest.mark.parametrize("base_url", ["/", "/archivo/"])
def test_every_page_names_the_sites_favicon(build_site, base_url):
    """Without a ``<link rel=icon>`` a browser asks for ``/favicon.ico``: under a project
    base path that is another site's file. Redirect pages included."""
    files = dict(FILES)
    files["content/sin-fecha/aviso.md"] = bulletin(
        '"Aviso sin fecha"', "Un aviso.", aliases='["/viejo/aviso/", "/viejo/aviso.html"]'
    )
    out, _ = build_site(files, base_url=base_url)
    pages = [p for p in out.rglob("*.html") if p.relative_to(out).parts[0] != "pagefind"]
    assert {"viejo/aviso/index.html", "viejo/aviso.html", "404.html"} <= {
        p.relative_to(out).as_posix() for p in pages
    }
    for page in pages:
        tree = lxml.html.fromstring(page.read_bytes())
        icons = tree.xpath("//head/link[@rel='icon']/@href")
        assert icons == [f"{base_url}favicon.svg"], page
    assert (out / "favicon.svg").read_text().startswith("<svg")


def test_every_file_and_folder_is_readable_by_the_web_server(build_site):
    """GitHub Pages refuses an artifact whose files others cannot read (and a web server
    running as another user could not serve them); the build folder starts private."""
    previous = os.umask(0o022)  # the runner's
    try:
        out, _ = build_site(search=True)
    finally:
        os.umask(previous)
    paths = [out, *out.rglob("*")]
    assert any(p.parts[-2:] == ("pagefind", "shards.json") for p in paths)
    private = [
        p.relative_to(out).as_posix()
        for p in paths
        if (p.stat().st_mode & 0o005) != (0o005 if p.is_dir() else 0o004)
    ]
    assert private == []


@pytest.mark.parametrize("base_url", ["/", "/archivo/"])
def test_404_page_works_at_any_missing_address(build_site, base_url):
    """GitHub Pages answers every missing URL, at any depth, with 404.html: its links,
    stylesheet and favicon must resolve from there too (no relative URLs)."""
    out, _ = build_site(search=True, base_url=base_url)
    urls = page_urls(out / "404.html")
    assert any("/static/style." in u for u in urls) and any("favicon" in u for u in urls)
    for missing in (base_url + "no-existe", base_url + "2025/11/30/viejo/página/"):
        for url in urls:
            resolved = urlsplit(urljoin(missing, url))
            if url.startswith("#"):
                continue
            assert target_file(out, resolved.path, base_url) is not None, (missing, url)
