"""The cache trusts nothing it did not make. Another user of the machine who makes the
cache root or the trash first (``XDG_CACHE_HOME=/tmp``), as a folder of theirs or as a
symlink to a folder of the victim's, or who may write into a cache folder, can neither
have a pickle of theirs loaded nor anything deleted: the build goes on without the
cache, warns once, and makes the same site."""

from __future__ import annotations

import os
import pickle
import shutil
import time
from pathlib import Path

import pytest
from build_support import assert_equals_clean, run, write_archive
from reliability_support import run_cli, snapshot
from test_store_failures import Planted, edit

from builder.cache.store import MANIFEST, PAGES, cache_dir, cache_root, trash_dir

NOBODY = 65534
WARNING = (
    ": aviso: la caché de compilación no se usa: esta carpeta es un enlace simbólico, es de "
    "otro usuario o otros pueden escribir en ella (debe ser una carpeta suya, con permisos "
    "700). El sitio se genera completo, sin caché; borre la carpeta o elija otra con "
    "XDG_CACHE_HOME."
)


@pytest.fixture(autouse=True)
def shared_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """XDG_CACHE_HOME in a folder like /tmp: anyone may create entries, sticky."""
    shared = tmp_path / "tmp"
    shared.mkdir()
    shared.chmod(0o1777)
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared))
    return shared


def another_users(path: Path) -> None:
    if os.getuid() != 0:
        pytest.skip("only root can give a folder to another user")
    os.chown(path, NOBODY, -1, follow_symlinks=False)


def victim_folder(tmp_path: Path, out: Path) -> Path:
    """A folder of the victim's that looks like a cache: a planted pickle where the cache
    of ``out`` would be, and dot-files the cache's tidying would delete."""
    victim = tmp_path / "victima"
    planted = victim / cache_dir(out).name
    planted.mkdir(parents=True, mode=0o700)
    for name in (PAGES, "bodies-0.pickle", "sources-0000000000000000.pickle"):
        (planted / name).write_bytes(pickle.dumps(Planted(tmp_path / "code-ran")))
    (planted / ".bashrc").write_text("mío\n", encoding="utf-8")
    (planted / MANIFEST).write_text("{}", encoding="utf-8")
    (victim / ".profile").write_text("mío\n", encoding="utf-8")
    return victim


def build_twice(tmp_path: Path) -> list[str]:
    """Two builds from the command line, an edit between them; the warnings they printed."""
    seen = []
    for i in range(2):
        if i:
            edit(tmp_path, 4, "Cambio.")
        done = run_cli(["build", "--no-search"], tmp_path)
        assert done.code == 0, done.text
        seen.extend(line for line in done.err.splitlines() if "caché" in line)
    return seen


def test_a_cache_root_linked_to_a_victim_folder_is_not_used(tmp_path: Path) -> None:
    write_archive(tmp_path)
    victim = victim_folder(tmp_path, tmp_path / "_site")
    (Path(os.environ["XDG_CACHE_HOME"]) / "boletines").symlink_to(victim)
    another_users(cache_root())  # the link is the other user's
    before = snapshot(victim)
    warnings = build_twice(tmp_path)
    assert warnings == [f"{cache_root()}{WARNING}"] * 2  # once per build
    assert not (tmp_path / "code-ran").exists(), "a planted pickle was loaded"
    assert snapshot(victim) == before, "the victim's folder was written into"
    assert_equals_clean(tmp_path)


@pytest.mark.parametrize("mode", [0o755, 0o777])
def test_a_cache_root_made_first_by_another_user_is_not_used(tmp_path: Path, mode: int) -> None:
    write_archive(tmp_path)
    root = cache_root()
    root.mkdir(mode=mode)
    root.chmod(mode)
    victim = victim_folder(tmp_path, tmp_path / "_site")
    shutil.copytree(victim, root, dirs_exist_ok=True)
    another_users(root)
    warnings = build_twice(tmp_path)
    assert warnings == [f"{root}{WARNING}"] * 2
    assert not (tmp_path / "code-ran").exists()
    assert_equals_clean(tmp_path)


def test_a_trash_linked_to_a_victim_folder_is_never_emptied(tmp_path: Path) -> None:
    """With fs.protected_symlinks=0 a link in /tmp is followed whoever made it: the trash
    is looked at with lstat, and a replaced site is then deleted where it is."""
    write_archive(tmp_path)
    victim = tmp_path / "victima"
    victim.mkdir()
    (victim / "tesis.odt").write_text("años de trabajo", encoding="utf-8")
    trash_dir().symlink_to(victim)
    another_users(trash_dir())
    warnings = build_twice(tmp_path)
    assert warnings == [f"{trash_dir()}{WARNING}"]  # the first build replaced no site
    time.sleep(0.5)  # a detached rm would have had time
    assert (victim / "tesis.odt").read_text(encoding="utf-8") == "años de trabajo"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".boletines-")) == [
        ".boletines-_site.lock"
    ]
    assert_equals_clean(tmp_path)


def test_a_trash_of_another_user_is_not_used(tmp_path: Path) -> None:
    write_archive(tmp_path)
    trash_dir().mkdir(mode=0o777)
    trash_dir().chmod(0o777)
    (trash_dir() / "suyo").mkdir()
    another_users(trash_dir())
    warnings = build_twice(tmp_path)
    assert warnings == [f"{trash_dir()}{WARNING}"]
    assert (trash_dir() / "suyo").is_dir()


@pytest.mark.parametrize("mode", [0o770, 0o757])
def test_a_cache_folder_that_group_or_others_may_write_is_not_used(
    tmp_path: Path, mode: int
) -> None:
    write_archive(tmp_path)
    run(tmp_path)
    folder = cache_dir(tmp_path / "_site")
    for name in [p.name for p in folder.iterdir() if p.suffix == ".pickle"]:
        (folder / name).write_bytes(pickle.dumps(Planted(tmp_path / "code-ran")))
    folder.chmod(mode)
    warnings = build_twice(tmp_path)
    assert warnings == [f"{folder}{WARNING}"] * 2
    assert not (tmp_path / "code-ran").exists()
    assert_equals_clean(tmp_path)


def test_a_cache_root_of_ours_that_the_group_may_write_is_made_private(tmp_path: Path) -> None:
    """Earlier versions made the root with the umask's mode (775 under umask 002): it is
    the user's own, so it is tightened, and its cache folders are each checked."""
    write_archive(tmp_path)
    cache_root().mkdir(mode=0o775)
    cache_root().chmod(0o775)
    assert build_twice(tmp_path) == []
    assert cache_root().stat().st_mode & 0o777 == 0o755
    assert run(tmp_path).unchanged  # the cache is used


def test_a_cache_file_that_is_a_symlink_is_not_loaded(tmp_path: Path) -> None:
    write_archive(tmp_path)
    run(tmp_path)
    folder = cache_dir(tmp_path / "_site")
    elsewhere = tmp_path / "plantado.pickle"
    elsewhere.write_bytes(pickle.dumps(Planted(tmp_path / "code-ran")))
    (folder / PAGES).unlink()
    (folder / PAGES).symlink_to(elsewhere)
    edit(tmp_path, 2, "Cambio.")
    assert not run(tmp_path).unchanged
    assert not (tmp_path / "code-ran").exists()
    assert_equals_clean(tmp_path)


def test_a_cache_home_anyone_may_rename_in_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the sticky bit, another user could rename the root away and put a link in
    its place between the check and its use."""
    loose = tmp_path / "suelto"
    loose.mkdir()
    loose.chmod(0o777)
    monkeypatch.setenv("XDG_CACHE_HOME", str(loose))
    write_archive(tmp_path)
    assert build_twice(tmp_path) == [f"{loose}{WARNING}"] * 2
    assert_equals_clean(tmp_path)
