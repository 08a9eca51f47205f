"""The machinery that makes rebuilds fast (the cache under $XDG_CACHE_HOME, hard-linked
pages, the trash deleted in the background) fails safe: a damaged, missing, shared or
unwritable cache, a full disk or a trash on another file system never crash a build,
never leave a half site, and the next build equals a clean one."""

from __future__ import annotations

import errno
import hashlib
import os
import pickle
import shutil
import types
from pathlib import Path

import pytest
from build_support import assert_equals_clean, run, tree, write_archive
from reliability_support import looks_like_traceback, run_process

import builder.cache.store
import builder.output.writer
from builder import cli
from builder.cache.store import BODIES_PREFIX, MANIFEST, PAGES, SOURCES_PREFIX, cache_dir, trash_dir


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


def edit(root: Path, i: int, words: str) -> None:
    path = root / "content" / "2024" / f"boletin-{i:02d}.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")


def beside(root: Path) -> set[str]:
    return {p.name for p in root.iterdir()}


# --- a full disk ------------------------------------------------------------------------


def test_disk_full_while_writing_is_a_message_and_the_old_site_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_archive(tmp_path)
    run(tmp_path)
    before, entries = tree(tmp_path / "_site"), beside(tmp_path)
    edit(tmp_path, 2, "Un párrafo que ya no cabe en el disco.")
    budget = [3]

    def write(fd: int, data: object) -> int:
        budget[0] -= 1
        if budget[0] < 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return os.write(fd, data)  # type: ignore[arg-type]

    monkeypatch.setattr(
        builder.output.writer, "os", types.SimpleNamespace(**{**vars(os), "write": write})
    )
    monkeypatch.chdir(tmp_path)
    code = cli.main(["build", "--no-search"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines() == [
        f"_site: no se pudo escribir el sitio: {os.strerror(errno.ENOSPC)}."
    ], err
    assert not looks_like_traceback(err)
    assert tree(tmp_path / "_site") == before
    assert beside(tmp_path) == entries, "a temporary folder was left beside the site"
    monkeypatch.undo()  # space again: the next build makes the edited site
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    assert not run(tmp_path).unchanged
    assert_equals_clean(tmp_path)


# --- the trash --------------------------------------------------------------------------


def cross_device_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    """Renames into the trash fail as they do when it is on another file system."""
    real = Path.rename

    def rename(self: Path, target: object) -> object:
        if str(target).startswith(str(trash_dir())):
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV), str(self), None, str(target))
        return real(self, target)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "rename", rename)


def unwritable_trash(monkeypatch: pytest.MonkeyPatch) -> None:
    trash_dir().parent.mkdir(parents=True, exist_ok=True)
    trash_dir().write_text("not a folder\n", encoding="utf-8")


@pytest.mark.parametrize("trouble", [cross_device_rename, unwritable_trash])
def test_replaced_site_is_deleted_when_the_trash_cannot_take_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trouble: object
) -> None:
    write_archive(tmp_path)
    run(tmp_path)
    entries = beside(tmp_path)
    trouble(monkeypatch)  # type: ignore[operator]
    for i in range(3):
        edit(tmp_path, i, f"Cambio {i}.")
        assert not run(tmp_path).unchanged
        assert beside(tmp_path) == entries, "the old site was left beside the new one"
    if trash_dir().is_dir():
        assert list(trash_dir().iterdir()) == [], "empty folders pile up in the trash"
    assert_equals_clean(tmp_path)


def test_replaced_site_goes_to_a_trash_on_another_file_system(tmp_path: Path) -> None:
    """A real second file system where the machine has one (/dev/shm)."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("no second file system to put the cache on")
    xdg = Path(os.environ.get("XDG_CACHE_HOME", ""))
    cache = (
        shm
        / f"boletines-test-{os.getpid()}-{hashlib.sha256(str(tmp_path).encode()).hexdigest()[:8]}"
    )
    os.environ["XDG_CACHE_HOME"] = str(cache)
    try:
        write_archive(tmp_path)
        run(tmp_path)
        entries = beside(tmp_path)
        for i in range(2):
            edit(tmp_path, i, f"Cambio {i}.")
            assert not run(tmp_path).unchanged
            assert beside(tmp_path) == entries
        trash = trash_dir()
        assert trash.is_relative_to(shm)
        leftovers = list(trash.iterdir()) if trash.is_dir() else []
        assert leftovers == [], "empty folders pile up in the trash"
        assert_equals_clean(tmp_path)
    finally:
        os.environ["XDG_CACHE_HOME"] = str(xdg)
        shutil.rmtree(cache, ignore_errors=True)


def test_symlink_loops_in_the_inputs_end(tmp_path: Path) -> None:
    """Folder symlinks back up the tree (``ln -s .. content/2024/atajo``) are skipped by
    the loader with a warning; looking for changed inputs must not follow them forever."""
    write_archive(tmp_path)
    (tmp_path / "content" / "2024" / "atajo").symlink_to("..")
    (tmp_path / "content" / "2024" / "bucle").symlink_to(".")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "otra").symlink_to("..")
    for _ in range(2):
        done = run_process(["build", "--no-search"], tmp_path, timeout=60)
        assert done.code == 0, done.text
        assert "atajo" in done.err and "bucle" in done.err  # the loader's warnings
    for link in ("content/2024/atajo", "content/2024/bucle", "templates/otra"):
        (tmp_path / link).unlink()
    assert_equals_clean(tmp_path)


def test_a_named_pipe_among_the_inputs_does_not_block(tmp_path: Path) -> None:
    """A FIFO in content/ (made just now, so looked at by content) is not a bulletin; the
    change check must not open it and wait for a writer that never comes."""
    write_archive(tmp_path)
    os.mkfifo(tmp_path / "content" / "2024" / "tubo.md")
    for _ in range(2):
        done = run_process(["build", "--no-search"], tmp_path, timeout=60)
        assert done.code == 0, done.text
    (tmp_path / "content" / "2024" / "tubo.md").unlink()
    assert_equals_clean(tmp_path)


# --- a damaged cache --------------------------------------------------------------------


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def empty(path: Path) -> None:
    path.write_bytes(b"")


def garbage(path: Path) -> None:
    path.write_bytes(b"\x80\x05garbage" + bytes(range(256)))


def folder(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "x").write_bytes(b"x")


def wrong_shape(path: Path) -> None:
    """A file of the right name and key holding other data, as an older format would."""
    if path.name == MANIFEST:
        path.write_text('{"clean": true, "inputs": 1, "output": "x", "search": [1]}')
        return
    key = pickle.loads(path.read_bytes())["key"]
    junk = {"2024/boletin-00.md": ("x", 1), "a": "b"}
    path.write_bytes(pickle.dumps({"key": key, "value": junk}))


@pytest.mark.parametrize("damage", [truncate, empty, garbage, folder, wrong_shape])
def test_a_damaged_cache_costs_time_only(
    tmp_path: Path, damage: object, capsys: pytest.CaptureFixture[str]
) -> None:
    write_archive(tmp_path)
    run(tmp_path)
    edit(tmp_path, 1, "Primera edición.")
    run(tmp_path)  # every kind of cache file exists now
    names = sorted(p.name for p in cache_dir(tmp_path / "_site").iterdir())
    assert MANIFEST in names and PAGES in names
    assert any(n.startswith(BODIES_PREFIX) for n in names)
    assert any(n.startswith(SOURCES_PREFIX) for n in names)
    for name in names:
        damage(cache_dir(tmp_path / "_site") / name)  # type: ignore[operator]
    edit(tmp_path, 4, "Segunda edición.")
    assert not run(tmp_path).unchanged
    assert_equals_clean(tmp_path)
    assert run(tmp_path).unchanged  # and the cache works again


def test_temporary_files_of_a_killed_cache_write_are_removed(tmp_path: Path) -> None:
    """A build killed while writing a cache file leaves its temporary file; the next
    real build of that output removes it, not the cache files themselves."""
    write_archive(tmp_path)
    run(tmp_path)
    folder = cache_dir(tmp_path / "_site")
    kept = sorted(p.name for p in folder.iterdir())
    leftovers = [folder / f".{PAGES}-k1ll3d", folder / f".{MANIFEST}-x7y8z9"]
    for leftover in leftovers:
        leftover.write_bytes(b"half a pickle")
    assert run(tmp_path).unchanged  # nothing to do: nothing is deleted either
    edit(tmp_path, 2, "Cambio.")
    run(tmp_path)
    assert not any(p.exists() for p in leftovers)
    assert set(kept) <= {p.name for p in folder.iterdir()}
    assert_equals_clean(tmp_path)


class Planted:
    """A pickle that, once loaded, leaves a mark: what someone else could put in a cache."""

    def __init__(self, mark: Path) -> None:
        self.mark = mark

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (str(self.mark),))


@pytest.mark.parametrize("how", ["world-writable", "another user's"])
def test_a_cache_folder_others_can_write_is_never_loaded(tmp_path: Path, how: str) -> None:
    write_archive(tmp_path)
    run(tmp_path)
    folder = cache_dir(tmp_path / "_site")
    mark = tmp_path / "code-ran"
    for name in [p.name for p in folder.iterdir() if p.suffix == ".pickle"]:
        (folder / name).write_bytes(pickle.dumps(Planted(mark)))
    if how == "world-writable":
        folder.chmod(0o777)
    else:
        if os.getuid() != 0:
            pytest.skip("only root can give a folder to another user")
        os.chown(folder, 65534, -1)  # nobody
    planted = {p.name: p.read_bytes() for p in folder.iterdir()}
    edit(tmp_path, 6, "Cambio.")
    assert not run(tmp_path).unchanged
    assert not mark.exists(), "a planted pickle was loaded"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == planted, "written into"
    assert_equals_clean(tmp_path)


def test_the_cache_folder_is_made_private(tmp_path: Path) -> None:
    old = os.umask(0o002)  # user-private groups: folders group-writable by default
    try:
        write_archive(tmp_path)
        run(tmp_path)
    finally:
        os.umask(old)
    assert cache_dir(tmp_path / "_site").stat().st_mode & 0o077 == 0
    edit(tmp_path, 1, "Cambio.")
    run(tmp_path)
    assert run(tmp_path).unchanged  # and it is used


def test_an_unwritable_cache_costs_time_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache folder cannot be made (a file is in the way): every build is complete."""
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    write_archive(tmp_path)
    assert not run(tmp_path).unchanged
    edit(tmp_path, 3, "Cambio.")
    assert not run(tmp_path).unchanged
    assert not run(tmp_path).unchanged
    assert_equals_clean(tmp_path)


def test_no_cache_home_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither XDG_CACHE_HOME nor HOME set (a bare CI container): the build works."""
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("HOME", raising=False)
    write_archive(tmp_path)
    try:
        run(tmp_path)
        edit(tmp_path, 5, "Cambio.")
        run(tmp_path)
        assert_equals_clean(tmp_path)
    finally:
        for out in ("_site", "_clean"):
            shutil.rmtree(cache_dir(tmp_path / out), ignore_errors=True)


def test_two_sites_share_one_cache(tmp_path: Path) -> None:
    """Two archives, one cache home, builds taking turns; then a third archive built into
    the first one's output folder, as a reused CI workspace would."""
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    write_archive(one, 12)
    write_archive(two, 9)
    (two / "site.yaml").write_text('title: "Otro"\nbase_url: "/otro/"\n', encoding="utf-8")
    for i in range(2):
        run(one)
        run(two)
        edit(one, i, f"Uno {i}.")
        edit(two, i + 3, f"Dos {i}.")
    run(one)
    run(two)
    assert_equals_clean(one)
    assert_equals_clean(two)
    shutil.rmtree(one / "content")
    shutil.copytree(two / "content", one / "content")
    edit(one, 1, "Tercer archivo.")
    assert not run(one).unchanged
    assert_equals_clean(one)


class StopAt:
    """The cache's file writer, interrupted (as by Ctrl-C) after ``stop`` files."""

    def __init__(self, real: object, stop: int) -> None:
        self.real, self.stop, self.calls = real, stop, 0

    def __call__(self, cache: object, name: str, data: bytes) -> None:
        self.calls += 1
        if self.calls > self.stop:
            raise KeyboardInterrupt
        self.real(cache, name, data)  # type: ignore[operator]


def test_a_build_killed_while_saving_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interrupted at each write of the cache in turn: the site is the new one, and the
    next build, after another edit, equals a clean build."""
    write_archive(tmp_path)
    run(tmp_path)
    real = builder.cache.store.BuildCache._write
    for stop in range(8):
        stopper = StopAt(real, stop)
        edit(tmp_path, stop % 12, f"Edición {stop}.")
        monkeypatch.setattr(
            builder.cache.store.BuildCache,
            "_write",
            lambda cache, name, data, stopper=stopper: stopper(cache, name, data),
        )
        try:
            run(tmp_path)
            finished = True
        except KeyboardInterrupt:
            finished = False
        monkeypatch.setattr(builder.cache.store.BuildCache, "_write", real)
        edit(tmp_path, (stop + 5) % 12, f"Después {stop}.")
        run(tmp_path)
        assert_equals_clean(tmp_path)
        if finished:
            break
    assert finished, "the cache had more files than this test interrupts"


# --- hard-linked pages ------------------------------------------------------------------


def test_no_build_writes_into_a_file_of_the_published_site(tmp_path: Path) -> None:
    """Pages, search shards and the data export kept from the last build are hard links
    of its files: every file ever published keeps its bytes, whatever the next builds do
    (were one written in place, the site being served would change mid-build)."""
    write_archive(tmp_path, 30)
    for i in range(8):  # another year: a search shard no edit touches
        (tmp_path / "content" / "2023" / f"anterior-{i}.md").parent.mkdir(exist_ok=True)
        (tmp_path / "content" / "2023" / f"anterior-{i}.md").write_text(
            f'---\ntitle: "Anterior {i}"\ndate: 2023-05-{i + 1:02d}\n---\nTexto {i}.\n',
            encoding="utf-8",
        )
    witness = tmp_path / "witness"
    published: dict[str, str] = {}
    inodes: dict[str, int] = {}
    for turn in range(4):
        run(tmp_path, search=True)
        for path in (tmp_path / "_site").rglob("*"):
            if path.is_file():
                name = f"{turn}/{path.relative_to(tmp_path / '_site').as_posix()}"
                (witness / name).parent.mkdir(parents=True, exist_ok=True)
                os.link(path, witness / name)  # the same inode: sees any write into it
                published[name] = hashlib.sha256(path.read_bytes()).hexdigest()
                inodes[name] = path.stat().st_ino
        if turn == 0:  # touched only: a real build that keeps every page and shard
            source = tmp_path / "content" / "2024" / "boletin-00.md"
            os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 10**9))
        else:
            edit(tmp_path, turn * 7 % 30, f"Edición {turn}.")
    kept = [n for n in inodes if n[0] != "0" and inodes.get(f"{int(n[0]) - 1}{n[1:]}") == inodes[n]]
    assert any("/pagefind/" in f"/{n}" for n in kept), "search shards are no longer reused"
    later = [n for n in inodes if n[0] != "0"]
    assert len(kept) > len(later) // 2, "rebuilds no longer link unchanged files"
    for name, digest in published.items():
        assert hashlib.sha256((witness / name).read_bytes()).hexdigest() == digest, name
