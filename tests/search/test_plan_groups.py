"""Consecutive years share a search shard until it holds ``search_shard_pages`` pages, counted
from the oldest year up (the undated bulletins count as the oldest): small archives load few
shards on a first search, large ones keep one shard per year, and new bulletins in the newest
year never move the boundaries of the older shards."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from helpers import make_tree
from hypothesis import given
from hypothesis import strategies as st
from test_index import CECI, OLD, UNDATED, fragments, make_site
from test_index_shards import OLDER

from builder.build.indexing import search_memo
from builder.build.steps import BuildOptions, build
from builder.cache.store import cache_dir
from builder.core.settings import SiteConfig
from builder.render import incremental
from builder.search import plan
from builder.search.early import EarlyIndex
from builder.search.index import index_site
from builder.search.plan import (
    DEFAULT_SHARD_PAGES,
    UNDATED_SHARD,
    group_years,
    plan_shards,
    shard_name,
    site_pages,
    split_run,
)


def test_years_join_from_the_oldest_until_a_shard_is_full():
    sizes = {"2025": 7, "2024": 5, "2023": 6, "2021": 4, UNDATED_SHARD: 3}
    assert group_years(sizes, 6) == [["2025", "2024"], ["2023"], ["2021", UNDATED_SHARD]]
    assert group_years(sizes, 1) == [["2025"], ["2024"], ["2023"], ["2021"], [UNDATED_SHARD]]
    assert group_years(sizes, 1000) == [["2025", "2024", "2023", "2021", UNDATED_SHARD]]
    assert group_years({}, 5) == []


def test_shard_names_say_which_years_they_hold():
    assert shard_name(["2025"]) == "2025"
    assert shard_name(["2025", "2024", "2021"]) == "2021-2025"
    assert shard_name(["2021", UNDATED_SHARD]) == "2021-sin-fecha"
    assert shard_name(["2023", "2021", UNDATED_SHARD]) == "2021-2023-sin-fecha"
    assert shard_name([UNDATED_SHARD]) == "sin-fecha"


years = st.dictionaries(
    st.sampled_from([str(y) for y in range(1990, 2031)] + [UNDATED_SHARD]),
    st.integers(min_value=1, max_value=400),
    max_size=25,
)


@given(years, st.integers(min_value=1, max_value=900), st.integers(min_value=1, max_value=900))
def test_shards_are_consecutive_full_and_stable_when_the_newest_year_grows(sizes, limit, more):
    runs = group_years(sizes, limit)
    order = sorted(sizes, key=lambda y: (0, -int(y)) if y.isdigit() else (1, 0))
    assert [year for run in runs for year in run] == order  # newest first, nothing lost
    for i, run in enumerate(runs):
        pages = sum(sizes[y] for y in run)
        if i > 0:  # closed: full, and closed by its newest year
            assert pages >= limit > pages - sizes[run[0]]
        else:  # the newest shard is full or still filling
            assert pages - sizes[run[0]] < limit
    if not sizes:
        return
    grown = dict(sizes)
    grown[order[0]] += more  # new bulletins in the newest year
    assert group_years(grown, limit)[1:] == runs[1:]
    if order[0].isdigit() and len(runs) > 1:  # or in a new year after it
        later = str(int(order[0]) + 1)
        assert group_years({**sizes, later: more}, limit)[-len(runs) + 1 :] == runs[1:]


members = st.lists(st.text(min_size=1, max_size=12), unique=True, max_size=60).map(
    lambda paths: [("2025", (path, None, b"")) for path in paths]
)


@given(members, st.integers(min_value=1, max_value=20), st.text(min_size=1, max_size=12))
def test_a_long_run_is_split_by_the_hash_of_each_path_and_a_new_page_moves_no_other(run, most, new):
    parts = split_run("2025", run, most)
    if len(run) <= most:
        assert parts == [("2025", run)]
        return
    count = -(-len(run) // most)
    names = [name for name, _ in parts]
    assert set(names) <= {f"2025.{i}" for i in range(1, count + 1)}
    assert names == sorted(names, key=lambda n: int(n.split(".")[1]))
    # each page once, in the run's order within its part
    assert sorted(m for _, part in parts for m in part) == sorted(run)
    for _, part in parts:
        assert part == [m for m in run if m in part]
    # a page added without needing one part more leaves every other page where it was
    grown = run + [("2025", (new, None, b""))]
    if new not in {m[1][0] for m in run} and -(-len(grown) // most) == count:
        before = {m[1][0]: name for name, part in parts for m in part}
        after = {m[1][0]: name for name, part in split_run("2025", grown, most) for m in part}
        assert {path: after[path] for path in before} == before


def test_years_are_split_from_a_thousand_pages_or_twice_the_setting():
    site = {f"{year}/b{n}/index.html": b"" for year in ("2024", "2025") for n in range(1200)}
    known = {path: (path[:4], "00") for path in site}  # planned before: year, document digest

    def names(shard_pages: int) -> list[str]:
        return [s.name for s in plan_shards(site, "k", known, shard_pages=shard_pages)]

    assert names(500) == names(1) == ["2025.1", "2025.2", "2024.1", "2024.2"]
    assert names(600) == ["2025", "2024"]


def test_a_small_archive_is_one_shard_by_default(tmp_path):
    assert SiteConfig().search_shard_pages == DEFAULT_SHARD_PAGES > 4
    site = make_site(tmp_path / "site", (CECI, OLD, OLDER, UNDATED))
    stats = index_site(site, SiteConfig())
    assert stats.shards == stats.indexed == ("2019-2025-sin-fecha",)
    manifest = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert manifest["shards"] == [{"name": "2019-2025-sin-fecha", "pages": 4}]
    assert manifest["first"] == 1
    assert sorted(fragments(site, "2019-2025-sin-fecha")) == sorted(
        f"/{b.slug_path}/" for b in (CECI, OLD, OLDER, UNDATED)
    )


def test_a_plan_from_the_last_build_s_memo_equals_a_fresh_plan(tmp_path):
    site = site_pages(make_site(tmp_path / "site", (CECI, OLD, OLDER, UNDATED)))
    fresh = plan_shards(site, "k", shard_pages=2)
    assert [s.name for s in fresh] == ["2024-2025", "2019-sin-fecha"]
    keys = {path: "key-" + path for path in site}
    memo = search_memo(fresh, site, keys)
    assert memo["2019/otra/index.html"][1] == "2019"  # the page's year, not its shard
    reuse = incremental.Reuse(tmp_path, [], {}, None, {}, (), memo)
    for limit in (1, 2, 3, 500):
        planned = plan_shards(
            site, "k", incremental.known_documents(reuse, keys), shard_pages=limit
        )
        again = plan_shards(site, "k", shard_pages=limit)
        assert [(s.name, s.digest, s.documents, s.years) for s in planned] == [
            (s.name, s.digest, s.documents, s.years) for s in again
        ]


def test_a_plan_that_holds_no_documents_is_the_same_plan_and_staging_makes_them_again(
    tmp_path,
):
    """The early index's plan keeps each document's digest only (900 MB of documents at
    100,000 bulletins); staging makes the same documents from the pages."""
    site = site_pages(make_site(tmp_path / "site", (CECI, OLD, OLDER, UNDATED)))
    held = plan_shards(site, "k", shard_pages=2)
    light = plan_shards(site, "k", shard_pages=2, hold=False)
    assert [(s.name, s.digest, s.documents, s.years) for s in light] == [
        (s.name, s.digest, s.documents, s.years) for s in held
    ]
    assert all(document is None for s in light for _, document in s.pages)
    assert all(document is not None for s in held for _, document in s.pages)
    early = EarlyIndex(tmp_path / "_site", light, "es", site)
    try:
        for shard in held:
            for path, document in shard.pages:
                staged = early.folder / "staging" / shard.name / path
                assert staged.read_bytes() == document
    finally:
        early.close()


# A built site: three shards of at least 3 pages, "2020-sin-fecha", "2021-2022" and "2023".
ARCHIVE = {"sin-fecha": 1, "2020": 2, "2021": 2, "2022": 2, "2023": 1}


def bulletin(year: str, n: int, text: str = "Texto") -> str:
    date = f"date: {year}-0{n + 1}-1{n}\n" if year.isdigit() else ""
    return f'---\ntitle: "Boletín {year} {n}"\n{date}tags: [salud]\n---\n{text} de {year}.\n'


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    files = {"site.yaml": 'title: "Prueba"\nsearch_shard_pages: 3\n'}
    for year, count in ARCHIVE.items():
        for n in range(count):
            files[f"content/{year}/b{n}.md"] = bulletin(year, n)
    return make_tree(tmp_path / "root", files)


def built(root: Path, out: str = "_site") -> dict[str, int]:
    build(
        BuildOptions(
            config_path=root / "site.yaml", content_dir=root / "content", out_dir=root / out
        )
    )
    bundle = root / out / "pagefind"
    return {p.parent.name: p.stat().st_ino for p in bundle.glob("*/pagefind-entry.json")}


def digest_tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


def assert_clean_build_is_the_same(root: Path) -> None:
    shutil.rmtree(root / "_clean", ignore_errors=True)
    shutil.rmtree(cache_dir(root / "_clean"), ignore_errors=True)  # no cache: a clean build
    built(root, "_clean")
    assert digest_tree(root / "_site") == digest_tree(root / "_clean")


@pytest.mark.slow
def test_edits_re_index_one_grouped_shard_and_rebuilds_equal_clean_builds(root):
    first = built(root)
    assert sorted(first) == ["2020-sin-fecha", "2021-2022", "2023"]
    (root / "content/2022/b1.md").write_text(bulletin("2022", 1, "Otro texto"), "utf-8")
    edited = built(root)
    assert edited["2021-2022"] != first["2021-2022"]
    assert {k: v for k, v in edited.items() if k != "2021-2022"} == {
        k: v for k, v in first.items() if k != "2021-2022"
    }
    assert_clean_build_is_the_same(root)

    (root / "content/2020/b2.md").write_text(bulletin("2020", 2), "utf-8")  # an old year
    added = built(root)
    assert sorted(added) == sorted(first)  # the oldest shard was full already: no move
    assert added["2020-sin-fecha"] != edited["2020-sin-fecha"]
    assert {k: added[k] for k in ("2021-2022", "2023")} == {
        k: edited[k] for k in ("2021-2022", "2023")
    }
    assert_clean_build_is_the_same(root)

    for path in (root / "content/2020").iterdir():  # boundaries move: still a clean build
        path.unlink()
    moved = built(root)
    assert sorted(moved) == ["2021-sin-fecha", "2022-2023"]
    assert_clean_build_is_the_same(root)

    settings = (root / "site.yaml").read_text(encoding="utf-8")
    (root / "site.yaml").write_text(settings.replace(": 3", ": 1"), encoding="utf-8")
    assert sorted(built(root)) == ["2021", "2022", "2023", "sin-fecha"]
    assert_clean_build_is_the_same(root)


@pytest.mark.slow
def test_a_long_year_is_indexed_in_parts_and_an_edit_re_indexes_one(tmp_path, monkeypatch):
    """2022-2023 holds 8 bulletins, more than twice ``search_shard_pages: 3`` (and than
    the split size, made 2 here), so it is split into 2 parts by the hash of each path."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(plan, "SPLIT_PAGES", 2)
    files = {"site.yaml": 'title: "Prueba"\nsearch_shard_pages: 3\n'}
    for n in range(7):
        files[f"content/2023/b{n}.md"] = bulletin("2023", n)
    files["content/2022/b0.md"] = bulletin("2022", 0)
    root = make_tree(tmp_path / "root", files)
    first = built(root)
    assert sorted(first) == ["2022-2023.1", "2022-2023.2"]
    manifest = json.loads((root / "_site" / "pagefind" / "shards.json").read_text("utf-8"))
    assert sum(shard["pages"] for shard in manifest["shards"]) == 8
    found = set()
    for name in first:
        found.update(fragments(root / "_site", name))
    assert len(found) == 8
    edited_part = next(name for name in first if "/2023/b3/" in fragments(root / "_site", name))
    (root / "content/2023/b3.md").write_text(bulletin("2023", 3, "Otro texto"), "utf-8")
    edited = built(root)
    assert edited[edited_part] != first[edited_part]
    assert {k: v for k, v in edited.items() if k != edited_part} == {
        k: v for k, v in first.items() if k != edited_part
    }
    assert_clean_build_is_the_same(root)


def test_the_setting_is_checked_like_the_others(tmp_path):
    from builder.core.errors import BoletinesError
    from builder.core.settings import load_settings

    path = tmp_path / "site.yaml"
    path.write_text("title: x\nsearch_shard_pages: 0\n", encoding="utf-8")
    with pytest.raises(BoletinesError) as caught:
        load_settings(path)
    (problem,) = caught.value.diagnostics
    assert (problem.line, problem.args["key"]) == (2, "search_shard_pages")
    path.write_text("search_shard_pages: 40\n", encoding="utf-8")
    assert load_settings(path) == dataclasses.replace(SiteConfig(), search_shard_pages=40)
