"""A build replaces its output folder entirely, so it takes only a folder it wrote itself
(its own marker file), an empty one, or a site laid out exactly as earlier versions built
it; any other folder is refused, untouched, with a few of its names and the fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from build_support import assert_equals_clean, run, write_archive
from reliability_support import looks_like_traceback, run_process, snapshot

from builder.output import folder as outputdir
from builder.output.folder import SITE_MARKER, SITE_MARKER_TEXT, damaged, older_build


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


def gh_pages_checkout(folder: Path) -> None:
    (folder / ".git" / "refs").mkdir(parents=True)
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (folder / ".nojekyll").write_bytes(b"")
    (folder / "CNAME").write_text("boletines.example.org\n", encoding="utf-8")
    (folder / "fotos").mkdir()
    (folder / "fotos" / "rueda-de-prensa.jpg").write_bytes(b"\xff\xd8\xff\xe0 foto")


def test_a_gh_pages_checkout_is_refused_and_left_untouched(tmp_path: Path) -> None:
    write_archive(tmp_path)
    gh_pages_checkout(tmp_path / "ghpages")
    before = snapshot(tmp_path / "ghpages")
    done = run_process(["build", "--no-search", "--out", "ghpages"], tmp_path)
    assert done.code == 1, done.text
    assert not looks_like_traceback(done.text)
    assert done.err.strip() == (
        "ghpages: ghpages ya existe y no la generó boletines (contiene .git/, .nojekyll, "
        "CNAME, fotos/); la compilación reemplaza entera la carpeta de salida, así que no la "
        "toca. Elija con --out una carpeta nueva o vacía, o vacíe esta usted si nada de lo "
        "que contiene hace falta."
    )
    assert snapshot(tmp_path / "ghpages") == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".boletines")) == []


def test_a_long_listing_is_cut_to_a_few_names(tmp_path: Path) -> None:
    write_archive(tmp_path)
    (tmp_path / "otra").mkdir()
    for i in range(8):
        (tmp_path / "otra" / f"nota-{i}.txt").write_text("x", encoding="utf-8")
    done = run_process(["build", "--no-search", "--out", "otra"], tmp_path)
    assert done.code == 1
    assert "(contiene nota-0.txt, nota-1.txt, nota-2.txt, nota-3.txt, nota-4.txt … (+3))" in (
        done.err
    )
    assert len(list((tmp_path / "otra").iterdir())) == 8


def test_an_empty_folder_is_taken_and_marked(tmp_path: Path) -> None:
    write_archive(tmp_path)
    (tmp_path / "public").mkdir()
    done = run_process(["build", "--no-search", "--out", "public"], tmp_path)
    assert done.code == 0, done.text
    assert (tmp_path / "public" / SITE_MARKER).read_bytes() == SITE_MARKER_TEXT
    assert (tmp_path / "public" / ".nojekyll").read_bytes() == b""


def older_site(root: Path) -> Path:
    """A site as versions before the marker built it: today's build without the marker
    and without what those versions did not write (topic and place feeds)."""
    done = run_process(["build", "--no-search"], root)
    assert done.code == 0, done.text
    site = root / "_site"
    (site / SITE_MARKER).unlink()
    for feed in [*site.glob("temas/*/feed.xml"), *site.glob("lugares/*/feed.xml")]:
        feed.unlink()
    return site


def test_a_site_built_by_an_earlier_version_is_rebuilt(tmp_path: Path) -> None:
    write_archive(tmp_path)
    site = older_site(tmp_path)
    assert older_build(site)
    done = run_process(["build", "--no-search"], tmp_path)
    assert done.code == 0, done.text
    assert (site / SITE_MARKER).is_file()
    assert_equals_clean(tmp_path)


@pytest.mark.parametrize(
    "extra",
    [".git/HEAD", "fotos/foto.jpg", "google1234.html", "2024/boletin-01/nota.txt", ".well-known/x"],
)
def test_an_earlier_site_with_anything_a_build_never_writes_is_refused(
    tmp_path: Path, extra: str
) -> None:
    write_archive(tmp_path)
    site = older_site(tmp_path)
    (site / extra).parent.mkdir(parents=True, exist_ok=True)
    (site / extra).write_text("de otra persona", encoding="utf-8")
    before = snapshot(site)
    done = run_process(["build", "--no-search"], tmp_path)
    assert done.code == 1, done.text
    assert "_site ya existe y no la generó boletines" in done.err
    assert snapshot(site) == before


def test_a_marker_that_is_a_symlink_does_not_count(tmp_path: Path) -> None:
    write_archive(tmp_path)
    gh_pages_checkout(tmp_path / "ghpages")
    (tmp_path / "ghpages" / SITE_MARKER).symlink_to("/etc/hostname")
    done = run_process(["build", "--no-search", "--out", "ghpages"], tmp_path)
    assert done.code == 1, done.text
    assert (tmp_path / "ghpages" / ".git" / "HEAD").is_file()


def test_the_snapshot_sees_an_edit_an_addition_and_a_deletion(tmp_path: Path) -> None:
    write_archive(tmp_path)
    run_process(["build", "--no-search"], tmp_path)
    site = tmp_path / "_site"
    known = outputdir.snapshot(site)
    assert known is not None and not damaged(site, known)
    page = site / "2024" / "boletin-03" / "index.html"
    extra = site / "2024" / "boletin-03" / "extra.html"
    extra.write_bytes(b"x")
    assert damaged(site, known)  # the folder's mtime moved
    extra.unlink()
    known = outputdir.snapshot(site)
    assert known is not None
    data = page.read_bytes()
    stat = page.stat()
    with page.open("r+b") as handle:  # same inode, same size
        handle.write(data.replace(b"Texto", b"TEXTO"))
    assert damaged(site, known)
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and its mtime put back
    assert not damaged(site, known)  # a limit, written down in SECURITY.md
    page.unlink()
    assert damaged(site, known)


@pytest.mark.parametrize("damage", ["edit", "delete", "add"])
def test_a_rebuild_repairs_an_output_file_damaged_by_hand(tmp_path: Path, damage: str) -> None:
    """The manifest holds the output's fingerprint: a file edited, deleted or added in
    _site/ since the last build makes the next one a real build, which writes it again."""
    write_archive(tmp_path)
    assert not run(tmp_path).unchanged
    assert run(tmp_path).unchanged
    page = tmp_path / "_site" / "2024" / "boletin-03" / "index.html"
    if damage == "edit":
        page.write_bytes(page.read_bytes().replace(b"Texto original", b"Texto DA\xc3\x91ADO"))
    elif damage == "delete":
        page.unlink()
    else:
        (page.parent / "intruso.html").write_bytes(b"<p>intruso</p>")
    assert not run(tmp_path).unchanged
    assert b"Texto original" in page.read_bytes()
    assert not (page.parent / "intruso.html").exists()
    assert run(tmp_path).unchanged
    assert_equals_clean(tmp_path)
