"""index_site: Pagefind over a rendered site, bulletin pages only, with metadata and filters.

Pages here are small HTML files whose search data comes from the real partial
(theme/templates/partials/search_meta.html), so the tests read what Pagefind actually
stored: the fragments (one gzipped JSON record per indexed page).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
from pathlib import Path

import jinja2
import pytest
from helpers import make_tree

from builder.content.model import Bulletin
from builder.core.dates import format_date
from builder.core.errors import BoletinesError
from builder.core.i18n import THEME_DIR, load_catalog
from builder.core.settings import SiteConfig
from builder.search.bundle import read_record
from builder.search.index import index_site

PAGE = """<!doctype html>
<html lang="es"><head><meta charset="utf-8"><title>{title}</title></head>
<body><header><nav><a href="/">Inicio</a> menú zanahoria</nav></header>
<main>{main}</main><footer>Pie de página con la palabra zanahoria</footer></body></html>
"""

ARTICLE = """<article data-pagefind-body>
{% if bulletin.number %}<p>Boletín No. {{ bulletin.number }}</p>{% endif %}
<h1>{{ bulletin.title }}</h1>
<div>{{ bulletin.body }}</div>
{% include "partials/search_meta.html" %}
</article>"""

CECI = Bulletin(
    source=Path("content/2025/ceci.md"),
    slug_path="2025/ceci",
    title='IMSS presenta el modelo "CECI", con guarderías',
    body="Las guarderías del Seguro Social, dijo Zoé Robledo.",
    date=dt.date(2025, 11, 25),
    number="591/2025",
    location="Ciudad de México",
    tags=("guarderías", "cuidados"),
)
OLD = Bulletin(
    source=Path("content/2024/salud.md"),
    slug_path="2024/salud",
    title="Jornada de salud",
    body="Vacunación en Ciudad Juárez.",
    date=dt.date(2024, 3, 1),
    number="101/2024",
    location="Ciudad Juárez",
    tags=("salud",),
)
UNDATED = Bulletin(
    source=Path("content/sin-fecha/aviso.md"),
    slug_path="sin-fecha/aviso",
    title="Aviso sin fecha",
    body="Un aviso de Zoé Robledo.",
)


def article(bulletin: Bulletin) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(THEME_DIR / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(t=load_catalog("es").text, format_date=format_date)
    return env.from_string(ARTICLE).render(bulletin=bulletin)


def make_site(root: Path, bulletins: tuple[Bulletin, ...] = (CECI, OLD, UNDATED)) -> Path:
    files = {
        "index.html": PAGE.format(title="Inicio", main="<ul><li>guarderías</li></ul>"),
        "2025/index.html": PAGE.format(title="2025", main="<h1>2025</h1><p>guarderías</p>"),
        "temas/index.html": PAGE.format(title="Temas", main="<h1>Temas</h1>"),
    }
    for bulletin in bulletins:
        files[f"{bulletin.slug_path}/index.html"] = PAGE.format(
            title=bulletin.title, main=article(bulletin)
        )
    return make_tree(root, files)


def fragments(site: Path, shard: str = "*") -> dict[str, dict]:
    """Every record Pagefind wrote (in every shard, or one), by URL."""
    records = {}
    for path in (site / "pagefind").glob(f"{shard}/fragment/*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        record = json.loads(raw.removeprefix(b"pagefind_dcd"))
        records[record["url"]] = record
    return records


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    site = make_site(tmp_path_factory.mktemp("site"))
    return site, index_site(site, SiteConfig(search_shard_pages=1))  # a shard per year


def test_indexes_only_the_bulletin_pages(indexed):
    site, stats = indexed
    assert stats.pages == 3
    assert sorted(fragments(site)) == ["/2024/salud/", "/2025/ceci/", "/sin-fecha/aviso/"]


def test_indexes_the_article_and_not_the_navigation_or_footer(indexed):
    site, _ = indexed
    content = fragments(site)["/2025/ceci/"]["content"]
    assert "Zoé Robledo" in content
    assert "591/2025" in content
    assert "zanahoria" not in content
    assert "Inicio" not in content


def test_writes_result_metadata(indexed):
    site, _ = indexed
    records = fragments(site)
    assert records["/2025/ceci/"]["meta"] == {
        "title": 'IMSS presenta el modelo "CECI", con guarderías',
        "number": "591/2025",
        "date": "25 de noviembre de 2025",
        "location": "Ciudad de México",
    }
    assert records["/sin-fecha/aviso/"]["meta"] == {"title": "Aviso sin fecha"}


def test_writes_filters_for_year_topic_and_location(indexed):
    site, _ = indexed
    records = fragments(site)
    assert records["/2025/ceci/"]["filters"] == {
        "year": ["2025"],
        "topic": ["guarderías", "cuidados"],
        "location": ["Ciudad de México"],
    }
    assert records["/2024/salud/"]["filters"]["location"] == ["Ciudad Juárez"]
    assert records["/sin-fecha/aviso/"]["filters"] == {"year": ["Sin fecha"]}


def test_metadata_is_not_indexed_as_text(indexed):
    site, _ = indexed
    content = fragments(site)["/2025/ceci/"]["content"]
    assert "2025-11-25" not in content
    assert "25 de noviembre" not in content


def test_writes_the_bundle_in_spanish(indexed):
    site, stats = indexed
    bundle = site / "pagefind"
    assert stats.bundle_dir == bundle
    assert (bundle / "pagefind.js").is_file()
    for shard in ("2025", "2024", "sin-fecha"):
        entry = json.loads((bundle / shard / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == ["es"]
        assert entry["languages"]["es"]["page_count"] == 1
    assert stats.bundle_bytes == sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())


def test_urls_stay_relative_to_the_site_folder_under_a_base_path(tmp_path):
    """The index stores site-root paths; the page adds the base path when it loads the
    bundle from <base>pagefind/, so nothing depends on where the site is served."""
    site = make_site(tmp_path / "site", (CECI,))
    stats = index_site(site, SiteConfig(base_url="https://example.org/archivo/"))
    assert stats.pages == 1
    assert list(fragments(site)) == ["/2025/ceci/"]


def test_english_site_indexes_in_english(tmp_path):
    site = make_site(tmp_path / "site", (OLD,))
    index_site(site, SiteConfig(language="en"))
    entry = site / "pagefind" / "2024" / "pagefind-entry.json"
    assert list(json.loads(entry.read_text(encoding="utf-8"))["languages"]) == ["en"]
    assert [p.name for p in (site / "pagefind" / "2024").glob("wasm.*")] == ["wasm.en.pagefind"]


def test_site_without_bulletins_gets_no_index(tmp_path):
    site = make_site(tmp_path / "site", ())
    stats = index_site(site, SiteConfig())
    assert stats.pages == 0
    assert not (site / "pagefind").exists()


def test_pagefind_failure_is_a_user_error(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site", (CECI,))
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(BoletinesError) as caught:
        index_site(site, SiteConfig())
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "search.failed"
    assert diagnostic.path == str(site)
    assert diagnostic.args == {"detail": "exit status 1"}
    assert (
        load_catalog("es")
        .message("search.failed", **diagnostic.args)
        .startswith("no se pudo crear el índice de búsqueda con Pagefind (exit status 1)")
    )


def test_missing_pagefind_binary_is_a_user_error(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site", (CECI,))
    missing = tmp_path / "no-such-pagefind"
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", os.fspath(missing))
    with pytest.raises(BoletinesError) as caught:
        index_site(site, SiteConfig())
    assert caught.value.diagnostics[0].code == "search.failed"
    assert str(missing) in caught.value.diagnostics[0].args["detail"]


def test_the_same_site_gives_the_same_bundle(tmp_path):
    """Pagefind alone writes its filter values in hash-map order, different on each run;
    with forty topics the chance of two runs agreeing by luck is nil."""
    many = tuple(
        Bulletin(
            source=Path(f"content/2025/b{i}.md"),
            slug_path=f"2025/b{i}",
            title=f"Boletín {i}",
            body=f"Texto {i} sobre guarderías.",
            date=dt.date(2025, 1 + i % 12, 1 + i % 28),
            number=f"{i}/2025",
            location=f"Lugar {i % 7}",
            tags=(f"tema {i}", f"tema {i + 1}"),
        )
        for i in range(40)
    )
    bundles = []
    for run in ("one", "two"):
        site = make_site(tmp_path / run, many)
        index_site(site, SiteConfig())
        bundle = site / "pagefind"
        bundles.append({p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*.*")})
    assert bundles[0] == bundles[1]


def test_filter_files_hold_sorted_values_and_are_named_by_the_entry(indexed):
    site, _ = indexed
    bundle = site / "pagefind" / "2025"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = read_record(bundle / f"pagefind.{entry['languages']['es']['hash']}.pf_meta")
    names = [name for name, _ in meta[3]]
    assert names == sorted(names) == ["location", "topic", "year"]
    for name, file_hash in meta[3]:
        filter_name, values = read_record(bundle / "filter" / f"{file_hash}.pf_filter")
        assert filter_name == name
        assert [v for v, _ in values] == sorted(v for v, _ in values)
    assert len(list((bundle / "filter").iterdir())) == 3
    assert len(list(bundle.glob("*.pf_meta"))) == 1
    raw = (bundle / "filter" / f"{meta[3][0][1]}.pf_filter").read_bytes()
    assert raw[4:8] == b"\x00\x00\x00\x00"  # gzip without a timestamp
    assert gzip.decompress(raw).startswith(b"pagefind_dcd")


def test_every_search_string_the_theme_uses_exists_in_spanish_and_english():
    import re

    import yaml

    templates = THEME_DIR / "templates"
    used = set()
    for name in ("search.html", "partials/search_box.html", "partials/search_meta.html"):
        used |= set(
            re.findall(r"""\bt\(\s*["'](search\.[\w.]+)["']""", (templates / name).read_text())
        )
    assert len(used) > 20
    for language in ("es", "en"):
        ui = yaml.safe_load((THEME_DIR / "i18n" / f"{language}.yaml").read_text("utf-8"))["ui"]
        assert used <= set(ui), (language, used - set(ui))
    assert load_catalog("en").text("search.sort_date") == "Newest first"


def word_weights(site: Path) -> dict[str, set[float]]:
    """Each indexed word (stemmed) and the weights its occurrences in page text carry.

    A word record is [stem, pages, [[spelling with accents, pages], ...]]; each page entry
    is [page, text locations, metadata locations], where a negative number
    -(24 * weight + 1) sets the weight of the locations after it."""
    found: dict[str, set[float]] = {}
    for chunk in (site / "pagefind").glob("*/index/*.pf_index"):
        for stem, pages, variants in read_record(chunk)[0]:
            for entries in [pages, *(p for _, p in variants)]:
                for _page, locations, *_ in entries:
                    marks = {(-n - 1) / 24 for n in locations if n < 0}
                    found.setdefault(stem, set()).update(marks or ({1.0} if locations else set()))
    return found


def test_title_words_weigh_more_than_body_words(indexed):
    site, _ = indexed
    weights = word_weights(site)
    assert weights["present"] == {7}  # "presenta", only in the title (the page's h1)
    assert weights["robled"] == {1}  # "Robledo", only in bodies
    assert weights["guarderi"] == {1, 7}  # "guarderías": title and body
