"""A build session (the preview's builds): after every rebuild in memory, and after its
search step, the output folder is byte for byte what a clean ``boletines build`` of the
same sources writes; only the files that changed are written; a rebuild that fails leaves
the last good site and the next one goes on from it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from build_support import private_cache, run, tree

import builder.build.memory as memory_module
import builder.build.session as session_module
from builder.build.options import BuildOptions
from builder.build.session import BuildSession
from builder.cache.store import cache_dir
from builder.core import filestate
from builder.core.errors import BoletinesError
from builder.core.i18n import THEME_DIR
from builder.render.export import EXPORT_PATH
from builder.search.index import BUNDLE_DIR

__all__ = ["private_cache"]

SITE = 'title: "Prueba"\nbase_url: "/archivo/"\nper_page: 5\nsearch_shard_pages: 4\n'
YEARS = (2022, 2023, 2024)
PER_YEAR = 6


def bulletin(i: int, year: int, body: str = "") -> str:
    return (
        f'---\ntitle: "Boletín {i} de {year}"\ndate: {year}-0{1 + i % 9}-{10 + i:02d}\n'
        f"number: {i}/{year}\ntags: [salud, tema-{i % 3}]\nlocation: Ciudad {i % 2}\n---\n"
        f"Texto número {i} del año {year}. {body}\n\nOtro párrafo sobre guarderías.\n"
    )


def source(root: Path, i: int, year: int) -> Path:
    return root / "content" / str(year) / f"boletin-{i:02d}.md"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    (tmp_path / "site.yaml").write_text(SITE, encoding="utf-8")
    for year in YEARS:
        for i in range(PER_YEAR):
            path = source(tmp_path, i, year)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(bulletin(i, year), encoding="utf-8")
    return tmp_path


def session(root: Path, search: bool) -> BuildSession:
    options = BuildOptions(
        config_path=root / "site.yaml",
        content_dir=root / "content",
        out_dir=root / "_site",
        search=search,
    )
    return BuildSession(options)


def rebuild(preview: BuildSession) -> int | None:
    """A rebuild and its search step, as the preview runs them."""
    _report, pending = preview.rebuild()
    preview.complete()
    return preview.search(pending) if pending is not None else None


def assert_clean(preview: BuildSession, root: Path, search: bool) -> None:
    """``root/_site`` is what a clean build (no output, no cache) writes, once the session
    wrote what its last rebuild left for after the pages were shown (as the preview does)."""
    preview.complete()
    shutil.rmtree(root / "_clean", ignore_errors=True)
    shutil.rmtree(cache_dir(root / "_clean"), ignore_errors=True)
    run(root, "_clean", search=search)
    assert tree(root / "_site") == tree(root / "_clean")


def edit(root: Path) -> Path:
    path = source(root, 2, 2023)
    path.write_text(bulletin(2, 2023, "Una frase añadida."), encoding="utf-8")
    return path


def add(root: Path) -> None:
    path = source(root, 14, 2025)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(bulletin(14, 2025), encoding="utf-8")


def delete(root: Path) -> None:
    source(root, 3, 2022).unlink()


def settings(root: Path) -> None:
    text = SITE.replace('"Prueba"', '"Otro título"').replace("per_page: 5", "per_page: 3")
    (root / "site.yaml").write_text(text, encoding="utf-8")


CHANGES = {"edit": edit, "add": add, "delete": delete, "settings": settings}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_each_change_gives_the_clean_build_without_search(archive, change):
    preview = session(archive, search=False)
    rebuild(preview)
    CHANGES[change](archive)
    report, pending = preview.rebuild()
    assert pending is None
    assert report.bulletins == len(YEARS) * PER_YEAR + {"add": 1, "delete": -1}.get(change, 0)
    assert_clean(preview, archive, search=False)


def test_changes_one_after_another_with_search_give_the_clean_build(archive):
    preview = session(archive, search=True)
    assert rebuild(preview) is None  # the first build indexes before swapping in
    assert_clean(preview, archive, search=True)
    for change in ("edit", "add", "delete", "settings"):
        CHANGES[change](archive)
        pages = rebuild(preview)
        assert pages == len(list((archive / "content").rglob("*.md"))), change
        assert_clean(preview, archive, search=True)


def test_an_edit_writes_only_the_files_that_changed_and_reindexes_one_shard(archive):
    preview = session(archive, search=True)
    rebuild(preview)
    out = archive / "_site"
    before = {p: os.stat(p).st_ino for p in out.rglob("*") if p.is_file()}
    shards = entries(out)
    edit(archive)
    report, pending = preview.rebuild()
    after = {p: os.stat(p).st_ino for p in out.rglob("*") if p.is_file()}
    changed = {p.relative_to(out).as_posix() for p in after if before.get(p) != after[p]}
    assert "2023/boletin-02/index.html" in changed
    assert "2022/boletin-00/index.html" not in changed  # another year's page: kept as it was
    assert ".nojekyll" not in changed  # made again, the same bytes: not written
    assert len(changed) < len(after) / 4
    assert report.steps["write"] < 5
    assert pending is not None
    preview.search(pending)
    now = entries(out)
    assert now.keys() == shards.keys() == {"2024", "2023", "2022"}  # 4 pages a shard at most
    # the 2023 shard was indexed again; the others are linked from the previous bundle
    assert [name for name in shards if now[name] != shards[name]] == ["2023"]
    assert_clean(preview, archive, search=True)


def entries(out: Path) -> dict[str, int]:
    """Each search shard's entry file, by inode."""
    bundle = out / BUNDLE_DIR
    return {
        p.name: (p / "pagefind-entry.json").stat().st_ino for p in bundle.iterdir() if p.is_dir()
    }


def test_a_failed_rebuild_keeps_the_last_good_site_and_the_next_goes_on(archive):
    preview = session(archive, search=False)
    rebuild(preview)
    edit(archive)
    rebuild(preview)
    good = tree(archive / "_site")
    broken = source(archive, 1, 2024)
    text = broken.read_text(encoding="utf-8")
    broken.write_text(text.replace("date: 2024-", "date: 2024-13-"), encoding="utf-8")
    with pytest.raises(BoletinesError):
        preview.rebuild()
    assert tree(archive / "_site") == good
    broken.write_text(text.replace("Otro párrafo", "Párrafo corregido"), encoding="utf-8")
    rebuild(preview)
    assert "Párrafo corregido" in (archive / "_site/2024/boletin-01/index.html").read_text()
    assert_clean(preview, archive, search=False)


def test_an_output_folder_replaced_by_another_build_is_built_whole_again(archive):
    preview = session(archive, search=False)
    rebuild(preview)
    run(archive, "_site", search=False)  # a build swaps a new folder in
    (archive / "_site" / "2022" / "index.html").unlink()  # and someone deletes a page
    shutil.rmtree(archive / "_site")
    edit(archive)
    rebuild(preview)
    assert_clean(preview, archive, search=False)


def test_a_newer_change_stops_the_search_of_the_older_one(archive):
    preview = session(archive, search=True)
    rebuild(preview)
    edit(archive)
    _report, pending = preview.rebuild()
    assert pending is not None
    preview.cancel()  # a save came in before the search began: it is indexed with it
    assert preview.search(pending) is None
    add(archive)
    assert rebuild(preview) == len(YEARS) * PER_YEAR + 1
    assert_clean(preview, archive, search=True)


def test_what_a_session_leaves_on_disk_is_trusted_rightly_by_the_next_one_and_by_build(archive):
    preview = session(archive, search=True)
    rebuild(preview)
    edit(archive)
    rebuild(preview)
    shards = entries(archive / "_site")
    again = session(archive, search=True)  # the preview started again: from the disk
    assert rebuild(again) is None
    assert entries(archive / "_site") == shards  # every shard linked, none indexed again
    assert_clean(preview, archive, search=True)
    delete(archive)
    rebuild(again)
    report = run(archive, "_site", search=True)  # a build of the preview's folder
    assert not report.unchanged
    assert_clean(preview, archive, search=True)


def test_search_turned_off_and_on_again_in_site_yaml_gives_the_clean_build(archive):
    preview = session(archive, search=True)
    rebuild(preview)
    (archive / "site.yaml").write_text(SITE + "search: false\n", encoding="utf-8")
    assert rebuild(preview) is None
    assert not (archive / "_site" / BUNDLE_DIR).exists()
    assert_clean(preview, archive, search=True)
    (archive / "site.yaml").write_text(SITE, encoding="utf-8")
    assert rebuild(preview) == len(YEARS) * PER_YEAR
    assert_clean(preview, archive, search=True)


def test_a_site_template_added_then_edited_gives_the_clean_build(archive):
    preview = session(archive, search=False)
    rebuild(preview)
    theme = (THEME_DIR / "templates" / "404.html").read_text(encoding="utf-8")
    own = archive / "templates" / "404.html"
    own.parent.mkdir()
    own.write_text(theme.replace("{% block content %}", "{% block content %}<p>Uno</p>"), "utf-8")
    rebuild(preview)
    assert "<p>Uno</p>" in (archive / "_site" / "404.html").read_text(encoding="utf-8")
    assert_clean(preview, archive, search=False)
    own.write_text(theme.replace("{% block content %}", "{% block content %}<p>Dos</p>"), "utf-8")
    rebuild(preview)  # the template compiled in memory is compiled again
    assert "<p>Dos</p>" in (archive / "_site" / "404.html").read_text(encoding="utf-8")
    assert_clean(preview, archive, search=False)


def test_large_files_no_page_needs_are_written_after_the_pages(archive, monkeypatch):
    monkeypatch.setattr(memory_module, "LATER_BYTES", 1000)  # the export of 18 is larger
    preview = session(archive, search=False)
    rebuild(preview)
    export = archive / "_site" / EXPORT_PATH
    before = export.read_bytes()
    edit(archive)
    preview.rebuild()
    assert "Una frase añadida" in (archive / "_site/2023/boletin-02/index.html").read_text()
    assert export.read_bytes() == before  # not yet
    add(archive)
    preview.rebuild()  # completes the last one first: the export is spliced from it
    preview.complete()
    assert b"Una frase a" in export.read_bytes()
    assert_clean(preview, archive, search=False)


def test_an_export_replaced_before_it_is_spliced_is_made_whole(archive):
    """The spliced export reads the previous file when it is written, after the pages are
    shown: a file that is no export by then gives the export rendered whole."""
    preview = session(archive, search=False)
    rebuild(preview)
    edit(archive)
    preview.rebuild()
    (archive / "_site" / EXPORT_PATH).write_bytes(b'{"bulletins": []}')
    assert_clean(preview, archive, search=False)


def test_only_the_bulletins_reported_changed_are_read_again(archive, monkeypatch):
    monkeypatch.setattr(filestate, "RECENT_NS", 0)  # files just written count as settled
    preview = session(archive, search=False)
    rebuild(preview)
    edited, unreported = edit(archive), source(archive, 4, 2024)
    unreported.write_text(bulletin(4, 2024, "Sin avisar."), encoding="utf-8")
    preview.rebuild([str(edited)])
    assert "Una frase añadida" in (archive / "_site/2023/boletin-02/index.html").read_text()
    assert "Sin avisar" not in (archive / "_site/2024/boletin-04/index.html").read_text()
    preview.rebuild([str(archive / "site.yaml")])  # not a bulletin: every file checked
    assert "Sin avisar" in (archive / "_site/2024/boletin-04/index.html").read_text()
    assert_clean(preview, archive, search=False)


def test_a_bulletin_that_failed_is_read_again_when_another_is_reported(archive):
    preview = session(archive, search=False)
    rebuild(preview)
    broken = source(archive, 1, 2024)
    good = broken.read_text(encoding="utf-8")
    broken.write_text(good.replace("date: 2024-", "date: 2024-13-"), encoding="utf-8")
    with pytest.raises(BoletinesError):
        preview.rebuild([str(broken)])
    with pytest.raises(BoletinesError):  # still broken, though only another one was saved
        preview.rebuild([str(edit(archive))])
    broken.write_text(good, encoding="utf-8")
    preview.rebuild([str(broken)])
    assert_clean(preview, archive, search=False)


def test_a_save_during_the_whole_first_build_does_not_stop_its_search(archive, monkeypatch):
    preview = session(archive, search=True)
    index_site = session_module.index_site

    def saved_meanwhile(*args, **kwargs):
        preview.cancel()  # the watcher's thread, as a save comes in while this indexes
        return index_site(*args, **kwargs)

    monkeypatch.setattr(session_module, "index_site", saved_meanwhile)
    report, pending = preview.rebuild()
    assert pending is None and report.search_pages == len(YEARS) * PER_YEAR
    assert_clean(preview, archive, search=True)


@pytest.mark.slow
def test_an_archive_rendered_by_worker_processes_gives_the_clean_build(tmp_path):
    """240 bulletins: the first build renders in worker processes, the export in a child;
    the rebuilds after it splice the export and render the few pages in this process."""
    (tmp_path / "site.yaml").write_text(SITE, encoding="utf-8")
    for year in YEARS:
        for i in range(80):
            path = source(tmp_path, i, year)
            path.parent.mkdir(parents=True, exist_ok=True)
            text = bulletin(i % 9, year).replace(f"number: {i % 9}/", f"number: {i}/")
            path.write_text(text.replace(f"Boletín {i % 9} ", f"Boletín {i} "), encoding="utf-8")
    preview = session(tmp_path, search=False)
    rebuild(preview)
    assert_clean(preview, tmp_path, search=False)
    for change in ("edit", "add", "delete"):
        CHANGES[change](tmp_path)
        rebuild(preview)
        assert_clean(preview, tmp_path, search=False)
