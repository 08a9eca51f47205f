"""The search index in shards: one Pagefind bundle per run of consecutive years (one per
year here, with ``search_shard_pages: 1``), reused when its pages are not.

Pages come from the real search partial (see test_index.py), so the year of each
page's date sort key decides its shard exactly as in a built site.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest
from test_index import CECI, OLD, UNDATED, fragments, make_site

from builder.core.errors import BoletinesError
from builder.core.settings import SiteConfig
from builder.search import index as search
from builder.search.index import first_search_cost, index_site
from builder.search.plan import (
    STAGING_DIR,
    indexed_document,
    plan_shards,
    shard_of,
    site_pages,
)

PER_YEAR = SiteConfig(search_shard_pages=1)

OLDER = dataclasses.replace(
    OLD,
    source=Path("content/2019/otra.md"),
    slug_path="2019/otra",
    title="Campaña de vacunación",
    date=dt.date(2019, 6, 2),
    number="12/2019",
)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory):
    site = make_site(tmp_path_factory.mktemp("site"), (CECI, OLD, OLDER, UNDATED))
    return site, index_site(site, PER_YEAR)


def test_one_shard_per_year_newest_first_and_undated_last(indexed):
    site, stats = indexed
    assert stats.shards == stats.indexed == ("2025", "2024", "2019", "sin-fecha")
    manifest = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert manifest == {
        "first": 4,
        "ranking": {
            "pageLength": 0.75,
            "termFrequency": 1.0,
            "termSaturation": 1.4,
            "termSimilarity": 1.0,
        },
        "shards": [
            {"name": "2025", "pages": 1},
            {"name": "2024", "pages": 1},
            {"name": "2019", "pages": 1},
            {"name": "sin-fecha", "pages": 1},
        ],
    }
    assert list(fragments(site, "2025")) == ["/2025/ceci/"]
    assert list(fragments(site, "2019")) == ["/2019/otra/"]
    assert list(fragments(site, "sin-fecha")) == ["/sin-fecha/aviso/"]
    assert stats.pages == 4


@pytest.mark.parametrize("fits", [0, 1, 2, 3, 4])
def test_a_first_search_opens_the_newest_shards_that_fit_its_allowance(
    indexed, tmp_path, monkeypatch, fits
):
    site, stats = indexed
    costs = [first_search_cost(site / "pagefind" / name) for name in stats.shards]
    assert all(cost > 0 for cost in costs)
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind"))
    monkeypatch.setattr(search, "FIRST_SEARCH_BYTES", sum(costs[:fits]))
    index_site(copy, PER_YEAR)
    manifest = json.loads((copy / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert manifest["first"] == max(fits, 1)  # the newest shard at least


def test_a_shard_first_search_cost_is_what_a_query_fetches_of_it_at_most(indexed):
    site, _ = indexed
    shard = site / "pagefind" / "2025"

    def size(pattern: str) -> list[int]:
        return [p.stat().st_size for p in shard.glob(pattern)]

    assert len(size("index/*.pf_index")) >= 1 and len(size("filter/*.pf_filter")) >= 1
    assert first_search_cost(shard) == (
        sum(size("pagefind-entry.json"))
        + sum(size("*.pf_meta"))
        + sum(size("filter/*.pf_filter"))
        + max(size("index/*.pf_index"))
    )


def test_shards_hold_the_index_and_the_runtime_once(indexed):
    site, _ = indexed
    bundle = site / "pagefind"
    assert sorted(p.name for p in bundle.iterdir() if p.is_file()) == [
        "pagefind.js",
        "shards.json",
    ]
    shard = sorted(p.name for p in (bundle / "2025").iterdir())
    meta = [name for name in shard if name.endswith(".pf_meta")]
    assert len(meta) == 1
    assert shard == sorted(
        ["filter", "fragment", "index", "pagefind-entry.json", "pagefind-worker.js"]
        + meta
        + ["wasm.es.pagefind"]
    )
    assert not (site / STAGING_DIR).exists()


def test_the_shard_is_the_year_of_the_date_sort_key():
    assert shard_of(b'<span data-pagefind-sort="date:2024-03-01"></span>') == "2024"
    assert shard_of(b'<span data-pagefind-sort="date:0000-00-00"></span>') == "sin-fecha"
    assert shard_of(b"<article data-pagefind-body>no key</article>") == "sin-fecha"


def test_pagefind_reads_only_the_body_element():
    page = (
        b"<html><head><title>t</title></head><body><nav>menu</nav>"
        b'<article class="b" data-pagefind-body><h1>T</h1><article>inner</article>'
        b"<p>data-pagefind-body in text</p></article><aside>related</aside></body></html>"
    )
    document = indexed_document(page)
    assert b"menu" not in document and b"related" not in document
    assert (
        b'<article class="b" data-pagefind-body><h1>T</h1><article>inner</article>'
        b"<p>data-pagefind-body in text</p></article>"
    ) in document
    unclosed = b"<body><article data-pagefind-body><p>x</p></body>"
    assert indexed_document(unclosed) == unclosed


def test_digests_change_only_for_the_shard_whose_indexed_part_changed(tmp_path):
    pages = site_pages(make_site(tmp_path / "a", (CECI, OLD, UNDATED)))
    before = {s.name: s.digest for s in plan_shards(pages, "es", shard_pages=1)}
    changed = dict(pages)
    changed["2024/salud/index.html"] = pages["2024/salud/index.html"].replace(
        b"Vacunaci", b"Nueva vacunaci"
    )
    changed["2025/ceci/index.html"] = pages["2025/ceci/index.html"].replace(
        b"<footer>", b"<footer>Otro pie"
    )
    after = {s.name: s.digest for s in plan_shards(changed, "es", shard_pages=1)}
    assert after["2024"] != before["2024"]
    assert after["2025"] == before["2025"]  # outside the body element: nothing to index
    assert after["sin-fecha"] == before["sin-fecha"]
    other_key = {s.name: s.digest for s in plan_shards(pages, "en", shard_pages=1)}
    assert not set(other_key.values()) & set(before.values())


def test_unchanged_shards_are_linked_and_the_result_equals_a_clean_index(tmp_path, indexed):
    first, _ = indexed
    site = make_site(tmp_path / "site", (CECI, OLD, dataclasses.replace(OLDER, body="Otra.")))
    stats = index_site(
        site, PER_YEAR, previous=first / "pagefind", reuse={"2025", "2024", "sin-fecha"}
    )
    assert stats.indexed == ("2019",)
    old_entry = first / "pagefind" / "2025" / "pagefind-entry.json"
    new_entry = site / "pagefind" / "2025" / "pagefind-entry.json"
    assert new_entry.stat().st_ino == old_entry.stat().st_ino
    # The undated shard is gone from this site: it is not carried over.
    assert not (site / "pagefind" / "sin-fecha").exists()

    clean = make_site(tmp_path / "clean", (CECI, OLD, dataclasses.replace(OLDER, body="Otra.")))
    index_site(clean, PER_YEAR)
    assert tree(site / "pagefind") == tree(clean / "pagefind")


def test_all_shards_reused_still_give_the_runtime(tmp_path, indexed):
    first, _ = indexed
    site = tmp_path / "site"
    shutil.copytree(first, site, ignore=shutil.ignore_patterns("pagefind"))
    stats = index_site(
        site, PER_YEAR, previous=first / "pagefind", reuse={"2025", "2024", "2019", "sin-fecha"}
    )
    assert stats.indexed == ()
    assert tree(site / "pagefind") == tree(first / "pagefind")


def test_a_failing_shard_stops_the_build_and_leaves_no_staging(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site", (CECI, OLD, OLDER, UNDATED))
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(BoletinesError) as caught:
        index_site(site, PER_YEAR)
    assert [d.code for d in caught.value.diagnostics] == ["search.failed"]
    assert not (site / STAGING_DIR).exists()


def test_the_benchmark_counts_every_shard_of_a_first_search(indexed, monkeypatch):
    # bench/ is not installed, and "bench" may name tests/bench here: load the file itself.
    path = Path(__file__).resolve().parents[2] / "bench" / "measure.py"
    spec = importlib.util.spec_from_file_location("bench_measure", path)
    measure = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, measure)  # for its dataclasses
    spec.loader.exec_module(measure)
    first_search_bytes = measure.first_search_bytes
    site, _ = indexed
    bundle = site / "pagefind"
    download = first_search_bytes(site)
    parts = dict(download.parts)
    assert parts["shards.json"] == (bundle / "shards.json").stat().st_size
    assert parts["pagefind.js"] == (bundle / "pagefind.js").stat().st_size
    assert parts["pagefind-worker.js"] == (bundle / "2025" / "pagefind-worker.js").stat().st_size
    entries = sum(p.stat().st_size for p in bundle.glob("*/pagefind-entry.json"))
    assert parts["pagefind-entry.json x 4 shards"] == entries
    filters = sum(p.stat().st_size for p in bundle.glob("*/filter/*.pf_filter"))
    assert parts["filter files x 4 shards"] == filters
    assert download.total == sum(parts.values())


def test_a_pagefind_config_in_the_working_directory_changes_nothing(tmp_path, monkeypatch):
    """Pagefind reads pagefind.yml from where it runs; the index depends on the pages only
    (here the site folder is also given relative to that directory)."""
    make_site(tmp_path / "site", (CECI,))
    (tmp_path / "pagefind.yml").write_text('exclude_selectors: ["div"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    stats = index_site(Path("site"), SiteConfig())
    assert stats.pages == 1
    assert "Zoé Robledo" in fragments(tmp_path / "site")["/2025/ceci/"]["content"]
