"""Rebuilds that keep unchanged pages and parsed files give the bytes of a clean build.

Each case builds an archive, changes one thing, rebuilds with the cache, and compares the
output file by file with a build into a fresh folder with an empty cache. Changes are
chosen to move what pages show of each other: neighbours (dates, titles), related lists
(tags), listings (years, months, topics, places), site settings, templates and options.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from build_support import private_cache, run, tree  # noqa: F401 (private_cache: autouse fixture)
from test_parallel import write_archive

from builder.build.indexing import search_memo
from builder.cache.store import cache_dir
from builder.core.text import slugify
from builder.render import incremental
from builder.search.index import plan_shards

COUNT = 40


def assert_equals_clean(root: Path, **options: object) -> None:
    shutil.rmtree(root / "_clean", ignore_errors=True)
    shutil.rmtree(cache_dir(root / "_clean"), ignore_errors=True)
    run(root, "_clean", **options)
    built, clean = tree(root / "_site"), tree(root / "_clean")
    assert built.keys() == clean.keys()
    assert [p for p in built if built[p] != clean[p]] == []


def source(root: Path, index: int) -> Path:
    return next((root / "content").rglob(f"boletin-{index:04d}.md"))


def replace(root: Path, index: int, old: str, new: str) -> None:
    path = source(root, index)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def inodes(root: Path) -> dict[str, int]:
    """The inode of each bulletin page: a page kept from the last build keeps its inode."""
    pages = (root / "_site").rglob("boletin-*/index.html")
    return {p.parent.name: p.stat().st_ino for p in pages}


def edit_body(root: Path) -> None:
    with source(root, 20).open("a", encoding="utf-8") as handle:
        handle.write("\nOtro párrafo **nuevo**.\n")


def retitle(root: Path) -> None:  # neighbours, related lists and listings show titles
    replace(root, 20, 'title: "Boletín 20', 'title: "Boletín veinte')


def retag(root: Path) -> None:  # topic pages and related lists
    replace(root, 20, "tags: [", "tags: [vivienda, ")


def untag(root: Path) -> None:
    path = source(root, 21)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(x for x in lines if not x.startswith("tags:")), encoding="utf-8")


def redate(root: Path) -> None:  # another year and month; new neighbours on both sides
    replace(root, 20, "date: 2020-04-10", "date: 2021-02-03")


def undate(root: Path) -> None:
    path = source(root, 22)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(x for x in lines if not x.startswith("date:")), encoding="utf-8")


def relocate(root: Path) -> None:
    path = source(root, 20)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", "---\nlocation: Mérida, Yuc.\n", 1), encoding="utf-8")


def add(root: Path) -> None:
    path = root / "content" / "2020" / "boletin-nuevo.md"
    path.write_text(
        '---\ntitle: "Nuevo"\ndate: 2020-04-12\ntags: [salud, pensiones]\n---\nTexto.\n',
        encoding="utf-8",
    )


def correct(root: Path) -> None:  # the page, its feeds' entries, the sitemap, the export
    replace(
        root,
        20,
        "---\n",
        "---\nupdated: 2020-05-01\ncorrections:\n  - {date: 2020-05-01, note: Cifra corregida.}\n",
    )


def delete(root: Path) -> None:
    source(root, 20).unlink()


def settings(root: Path) -> None:
    with (root / "site.yaml").open("a", encoding="utf-8") as handle:
        handle.write('description: "Otra descripción"\nper_page: 7\n')


def template(root: Path) -> None:
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "404.html").write_text(
        '{% extends "!theme/404.html" %}{% block title %}Nada{% endblock %}', encoding="utf-8"
    )


def tamper(root: Path) -> None:
    """Someone edits a page of the output by hand, then a bulletin: the page is made again
    (with no change to the content, the output is left alone as a whole)."""
    page = next((root / "_site").rglob("boletin-0005/index.html"))
    page.write_bytes(page.read_bytes() + b"<!-- a mano -->")
    edit_body(root)


CHANGES: list[Callable[[Path], None]] = [
    edit_body,
    retitle,
    retag,
    untag,
    redate,
    undate,
    relocate,
    add,
    correct,
    delete,
    settings,
    template,
    tamper,
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda f: f.__name__)
def test_one_change_rebuilds_like_a_clean_build(tmp_path: Path, change: Callable) -> None:
    write_archive(tmp_path, COUNT)
    run(tmp_path)
    before = inodes(tmp_path)
    change(tmp_path)
    assert not run(tmp_path).unchanged
    assert_equals_clean(tmp_path)
    after = inodes(tmp_path)
    kept = [name for name in after if before.get(name) == after[name]]
    if change in (settings, template):
        assert kept == []  # every page shows the settings; any template may be the base
    else:  # one bulletin, its neighbours and the lists it is on: far fewer than all
        assert len(kept) > COUNT // 2


def test_options_and_base_url_rebuild_like_a_clean_build(tmp_path: Path) -> None:
    write_archive(tmp_path, COUNT)
    run(tmp_path)
    run(tmp_path, base_url="/otra/")
    assert_equals_clean(tmp_path, base_url="/otra/")
    run(tmp_path, base_url="/otra/", build_date=dt.date(2026, 1, 2))
    assert_equals_clean(tmp_path, base_url="/otra/", build_date=dt.date(2026, 1, 2))
    run(tmp_path, drafts=True)
    assert_equals_clean(tmp_path, drafts=True)


def test_site_templates_that_list_a_topic_on_bulletin_pages(tmp_path: Path) -> None:
    """A site template may show a topic's members on every bulletin page: then adding a
    bulletin changes pages that neither neighbour nor list it, and they are rebuilt."""
    write_archive(tmp_path, COUNT)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "bulletin.html").write_text(
        '{% extends "!theme/bulletin.html" %}{% block content %}{{ super() }}'
        "{% for g in topics %}<p>{{ g.label }}: {{ g.count }}</p>{% endfor %}{% endblock %}",
        encoding="utf-8",
    )
    run(tmp_path)
    add(tmp_path)
    run(tmp_path)
    assert_equals_clean(tmp_path)


def test_many_changes_in_a_row_on_a_parallel_sized_archive(tmp_path: Path) -> None:
    write_archive(tmp_path, 240)
    run(tmp_path)
    for change in (edit_body, add, redate, retag, delete):
        change(tmp_path)
        run(tmp_path)
        assert_equals_clean(tmp_path)


def test_a_rebuild_after_the_output_was_replaced_renders_everything(tmp_path: Path) -> None:
    write_archive(tmp_path, COUNT)
    run(tmp_path)
    shutil.rmtree(tmp_path / "_site")
    (tmp_path / "_site").mkdir()
    (tmp_path / "_site" / ".boletines-site").write_bytes(b"")
    edit_body(tmp_path)
    run(tmp_path)
    assert_equals_clean(tmp_path)


def test_the_replaced_output_is_deleted_away_from_the_site(tmp_path: Path) -> None:
    write_archive(tmp_path, COUNT)
    run(tmp_path)
    edit_body(tmp_path)
    run(tmp_path)
    beside = {p.name for p in tmp_path.iterdir() if p.name.startswith(".boletines-")}
    assert beside == {".boletines-_site.lock"}
    trash = Path(os.environ["XDG_CACHE_HOME"]) / "boletines-trash"
    deadline = time.monotonic() + 30
    while any(trash.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)  # a detached rm empties it after the build has returned
    assert not any(trash.iterdir())


@pytest.mark.parametrize("change", [edit_body, add, redate, delete], ids=lambda f: f.__name__)
def test_search_rebuilds_like_a_clean_build(tmp_path: Path, change: Callable) -> None:
    """The search plan takes unchanged pages' shards and digests from the last build
    (their documents are read from the new site only for the shards indexed again)."""
    write_archive(tmp_path, COUNT)
    run(tmp_path, search=True)
    change(tmp_path)
    report = run(tmp_path, search=True)
    assert report.search_pages == len(list((tmp_path / "content").rglob("*.md")))
    assert_equals_clean(tmp_path, search=True)


def test_the_search_plan_does_not_read_pages_it_knows(tmp_path: Path) -> None:
    site = {
        "a/index.html": b'<article data-pagefind-body><span data-pagefind-sort="date:2024-01-02">'
        b"</span>a</article>",
        "b/index.html": b'<article data-pagefind-body><span data-pagefind-sort="date:2023-05-06">'
        b"</span>b</article>",
        "c/index.html": b"<p>a listing</p>",
        "style.css": b"",
    }
    fresh = plan_shards(site, "k", shard_pages=1)  # a shard per year
    memo = search_memo(fresh, site, {path: "key-" + path for path in site})
    assert memo["c/index.html"] == ("key-c/index.html", "", "")
    assert "style.css" not in memo

    class Unread(dict):
        def __getitem__(self, path: str) -> bytes:
            if path != "b/index.html":
                raise AssertionError(f"{path} was read")
            return super().__getitem__(path)

    reuse = incremental.Reuse(tmp_path, [], {}, None, {}, (), memo)
    keys = {path: "key-" + path for path in site}
    keys["b/index.html"] = "changed"
    known = incremental.known_documents(reuse, keys)
    planned = plan_shards(Unread(site), "k", known, shard_pages=1)
    assert [(s.name, s.digest, s.documents) for s in planned] == [
        (s.name, s.digest, s.documents) for s in fresh
    ]
    assert planned[0].pages == (("a/index.html", None),)  # read at staging, from the site
    assert planned[1].pages == fresh[1].pages


def feed_inodes(root: Path) -> dict[str, int]:
    return {
        p.parent.relative_to(root / "_site").as_posix(): p.stat().st_ino
        for p in (root / "_site").glob("*/*/feed.xml")
    }


@pytest.mark.parametrize("change", [edit_body, correct, retag], ids=lambda f: f.__name__)
def test_only_the_feeds_of_the_bulletin_changed_are_written_again(
    tmp_path: Path, change: Callable
) -> None:
    write_archive(tmp_path, COUNT)
    run(tmp_path)
    before = feed_inodes(tmp_path)
    assert "temas/salud" in before and len(before) >= 5
    text = source(tmp_path, 20).read_text(encoding="utf-8")
    topics = [line for line in text.splitlines() if line.startswith("tags:")][0]
    change(tmp_path)
    run(tmp_path)
    assert_equals_clean(tmp_path)
    after = feed_inodes(tmp_path)
    rewritten = sorted(path for path in after if before.get(path) != after[path])
    listed = sorted(f"temas/{slug}" for slug in before_slugs(topics, before))
    if change is retag:
        listed = sorted({*listed, "temas/vivienda"})
    assert rewritten == listed


def before_slugs(tags_line: str, feeds: dict[str, int]) -> list[str]:
    """The topic pages of a ``tags: [a, b]`` line that have a feed."""
    names = tags_line.removeprefix("tags: [").removesuffix("]").split(", ")
    return [slugify(name) for name in names if f"temas/{slugify(name)}" in feeds]


def schedule(root: Path) -> None:
    path = root / "content" / "2020" / "boletin-programado.md"
    path.write_text(
        '---\ntitle: "Programado"\ndate: 2020-07-20\npublish: 2020-07-20 09:00\n'
        "tags: [salud]\n---\nTexto programado.\n",
        encoding="utf-8",
    )


def test_a_bulletin_coming_due_rebuilds_like_a_clean_build(tmp_path: Path) -> None:
    write_archive(tmp_path, COUNT)
    schedule(tmp_path)
    # after every other bulletin's date (the last is 2020-07-14), so only this one waits
    before, after = dt.datetime(2020, 7, 20, 8, 59), dt.datetime(2020, 7, 20, 9, 0)
    run(tmp_path, now=before)
    assert_equals_clean(tmp_path, now=before)
    assert not (tmp_path / "_site/2020/boletin-programado").exists()
    assert run(tmp_path, now=dt.datetime(2020, 7, 20, 8, 59, 59)).unchanged
    report = run(tmp_path, now=after)
    assert not report.unchanged
    assert (tmp_path / "_site/2020/boletin-programado/index.html").exists()
    assert_equals_clean(tmp_path, now=after)
    assert run(tmp_path, now=dt.datetime(2030, 1, 1)).unchanged
