"""Writing the finished site safely: into a temporary folder beside the output, then swapped
into place, under a lock, so a reader or a failed build never sees half a site.

Only :mod:`builder.build.steps` calls this to write the site; rendering writes only into the
spool folder the build gives it (:func:`new_spool_dir`, :func:`spool_file`), whose files are
linked into the site here.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import stat
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from builder.core.errors import BoletinesError, Diagnostic, error, os_reason
from builder.core.filestate import FileState
from builder.output.folder import SITE_MARKER, is_ours, older_build, some_names

MARKER = SITE_MARKER  # every site we build has it; a folder without it is not ours to replace
TEMP_PREFIX = ".boletines-build-"
OLD_PREFIX = ".boletines-old-"
INDEX_PREFIX = ".boletines-index-"  # search indexes started before the output is written
SPOOL_PREFIX = ".boletines-spool-"  # pages rendered to disk before the output is written
_MKDTEMP_SUFFIX = re.compile(r"[a-z0-9_]+")
_THREADED_MIN = 2000  # files; fewer are written by this thread alone
_WRITERS = 4


def lock_path(out: Path) -> Path:
    return out.parent / f".boletines-{out.name}.lock"


@contextlib.contextmanager
def output_lock(out: Path, timeout: float) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``out``'s lock file; wait up to ``timeout`` seconds."""
    path = lock_path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BoletinesError(
                        [
                            error(
                                str(out),
                                None,
                                "build.locked",
                                out=out,
                                seconds=int(timeout),
                                lock=path,
                            )
                        ]
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextlib.contextmanager
def reported(out: Path) -> Iterator[None]:
    """A system error while writing the site (disk full, no permission, read-only file
    system) as the user error ``build.write_failed`` on ``out``, not a traceback; the
    caller has already put the previous site back or left it alone."""
    try:
        yield
    except OSError as exc:
        reason = os_reason(exc)
        if exc.filename:
            reason = f"{reason}: {exc.filename}"
        raise BoletinesError([error(str(out), None, "build.write_failed", reason=reason)]) from exc


def check_output_dir(
    out: Path, sources: Iterable[Path], site_root: Path | None = None
) -> list[Diagnostic]:
    """Refuse to replace a folder that is not a previous build, or that holds the sources.

    ``out`` may not be, hold or sit inside any of ``sources``; it may sit inside
    ``site_root`` (``_site`` next to site.yaml) but not be or hold it. It must be absent,
    empty, or a site a build wrote (see :mod:`builder.output.folder`).
    """
    resolved = out.resolve()
    overlaps = [s.resolve() for s in sources if _overlap(resolved, s.resolve())]
    if site_root is not None and site_root.resolve().is_relative_to(resolved):
        overlaps.append(site_root.resolve())
    if overlaps:
        return [error(str(out), None, "build.out_overlaps", out=out, other=overlaps[0])]
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        return [error(str(out), None, "build.out_not_site", out=out)]
    if not out.is_dir() or is_ours(out):
        return []
    try:
        if not any(out.iterdir()) or older_build(out):
            return []
    except OSError:
        pass  # unreadable: not a folder to replace
    return [error(str(out), None, "build.out_foreign", out=out, names=some_names(out))]


def _overlap(a: Path, b: Path) -> bool:
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)


@dataclass(frozen=True)
class Copied:
    """A file of the sources published as it is (a bulletin's original document): copied,
    never linked, so that editing the source in place cannot change the published site."""

    source: Path

    def read_bytes(self) -> bytes:
        fd = _open_regular(self.source)
        with os.fdopen(fd, "rb") as handle:
            return handle.read()


@dataclass(frozen=True)
class Spooled:
    """A file this build made on disk instead of in memory (a bulletin page written by a
    render worker into the spool folder, see :func:`new_spool_dir`): linked into the site
    like an unchanged file, but made now."""

    path: Path

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()


def spool_file(folder: Path, path: str, data: bytes) -> Spooled:
    """``data`` written at ``path`` below ``folder`` (a spool folder's own subfolder, so
    that no two renders write the same name), for the writer to link later."""
    target = folder / path
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return Spooled(target)


@dataclass(frozen=True)
class Deferred:
    """A file whose bytes are made when it is written, from files that writing the site
    does not change before it (the data export spliced from the previous one: the preview
    shows the pages first, and reading and joining 60 MB took 0.2-0.36 s). Made again on
    each read, so that no copy outlives the write."""

    make: Callable[[], bytes]

    def read_bytes(self) -> bytes:
        return self.make()


Content = bytes | Path | Copied | Spooled | Deferred
"""A file's bytes, the unchanged file of the previous build to link it from, a source
file to copy, a file this build spooled to disk, or one made as it is written."""


def merge_outputs(parts: Iterable[tuple[str, Mapping[str, Content]]]) -> dict[str, Content]:
    """One file map from each renderer's; two outputs at one path (or a file where another
    output needs a folder) is a user error naming both producers."""
    files: dict[str, Content] = {}
    owner: dict[str, str] = {}
    problems: list[Diagnostic] = []
    for label, produced in parts:
        for path, data in produced.items():
            _check_relative(path)
            if path in owner:
                problems.append(_clash(label, path, owner[path]))
                continue
            files[path] = data
            owner[path] = label
    folders = {folder for path in files for folder in _folders(path)}
    for path in sorted(folders & files.keys()):
        # name the producer that wants the folder (often a bulletin file), and the file's
        inside = min(owner[f] for f in files if f.startswith(path + "/"))
        problems.append(_clash(inside, path + "/", owner[path]))
    if problems:
        raise BoletinesError(problems)
    return files


def _clash(producer: str, path: str, other: str) -> Diagnostic:
    # Built directly: error()'s own first parameter is also called "path".
    return Diagnostic(producer, None, "build.output_clash", {"path": path, "other": other})


def _folders(path: str) -> Iterator[str]:
    """The folders ``path`` is in: "a/b/c" gives "a", "a/b"."""
    end = path.find("/")
    while end != -1:
        yield path[:end]
        end = path.find("/", end + 1)


def _check_relative(path: str) -> None:
    if not path or path.startswith("/") or path.endswith("/") or ".." in path.split("/"):
        raise ValueError(f"renderer produced a bad output path: {path!r}")


def clear_leftovers(out: Path) -> None:
    """Undo what a build killed mid-way (SIGKILL, power loss) left beside ``out``.

    Call it holding the lock, so no other build is using these folders. A build killed
    between the two renames of :func:`swap_into_place` leaves no ``out`` and the previous
    site in an ``OLD_PREFIX`` folder: that site is put back before anything is deleted.
    """
    parent = out.parent
    if not parent.is_dir():
        return

    def ours(prefix: str) -> list[Path]:
        # mkdtemp's random part has no "-", so "_site-x" never matches another output "_site"
        start = f"{prefix}{out.name}-"
        return [
            p
            for p in parent.glob(f"{start}*")
            if _MKDTEMP_SUFFIX.fullmatch(p.name[len(start) :]) and p.is_dir() and not p.is_symlink()
        ]

    olds = sorted(ours(OLD_PREFIX), key=lambda p: p.stat().st_mtime)
    if not out.exists() and olds:
        olds.pop().rename(out)
    dead = [*_dead_folders(out, INDEX_PREFIX), *_dead_folders(out, SPOOL_PREFIX)]
    for leftover in [*olds, *ours(TEMP_PREFIX), *dead]:
        shutil.rmtree(leftover, ignore_errors=True)


def _dead_folders(out: Path, prefix: str) -> list[Path]:
    """Folders a build of ``out`` makes before it takes the lock (search indexes, see
    :class:`builder.search.early.EarlyIndex`; spooled pages, see :func:`new_spool_dir`) whose
    build is no longer running: their name holds the build's process id."""
    start = f"{prefix}{out.name}-"
    dead = []
    for folder in out.parent.glob(f"{start}*"):
        pid, _, suffix = folder.name[len(start) :].partition("-")
        if not (pid.isdigit() and _MKDTEMP_SUFFIX.fullmatch(suffix)) or folder.is_symlink():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            dead.append(folder)
        except OSError:
            pass  # a process of another user: alive
    return dead


def new_spool_dir(out: Path) -> Path:
    """A private folder beside ``out`` (on its file system, so its files can be hard-linked
    into the site) where render workers write pages instead of sending their bytes back.
    Its name holds this process's id: :func:`clear_leftovers` removes it once the process
    is gone; :func:`discard_later` removes it when the build ends."""
    out.parent.mkdir(parents=True, exist_ok=True)
    prefix = f"{SPOOL_PREFIX}{out.name}-{os.getpid()}-"
    return Path(tempfile.mkdtemp(prefix=prefix, dir=out.parent)).resolve()


def new_temp_dir(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{out.name}-", dir=out.parent))
    temp.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
    return temp


def write_files(root: Path, files: Mapping[str, Content]) -> dict[str, FileState]:
    """Write ``files`` below ``root``: bytes are written, a :class:`Path` (an unchanged file
    of the previous build) is hard-linked, or copied where links fail. Returns each file's
    :class:`FileState`, so the next build can tell whether it is still what was written.

    Large sites are written by a few threads, each a run of the paths in order: the time
    goes into system calls (mkdir, open, write, link), which release the GIL, so the file
    system works on both cores while this process waits."""
    paths = sorted(files)
    if len(paths) < _THREADED_MIN:
        return _write(str(root), paths, files)
    size = -(-len(paths) // (_WRITERS * 4))
    runs = [paths[i : i + size] for i in range(0, len(paths), size)]
    stats: dict[str, FileState] = {}
    pool = ThreadPoolExecutor(_WRITERS, thread_name_prefix="write")
    try:
        for done in pool.map(lambda run: _write(str(root), run, files), runs):
            stats.update(done)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # no thread writes after a failure
    return stats


def _write(base: str, paths: list[str], files: Mapping[str, Content]) -> dict[str, FileState]:
    made: set[str] = set()
    stats: dict[str, FileState] = {}
    for path in paths:
        target = f"{base}/{path}"
        parent = os.path.dirname(target)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)  # another thread may make it at once: fine
            made.add(parent)
        data = files[path]
        if isinstance(data, Path | Spooled):
            link_or_copy(data.path if isinstance(data, Spooled) else data, target)
            st = os.stat(target)
        elif isinstance(data, Copied):
            _copy(data.source, target)
            st = os.stat(target)
        else:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            try:
                view = memoryview(data.read_bytes() if isinstance(data, Deferred) else data)
                while view:
                    view = view[os.write(fd, view) :]
                st = os.fstat(fd)
            finally:
                os.close(fd)
        stats[path] = FileState.from_stat(st)
    return stats


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """Put ``source``'s bytes at ``target`` as a hard link (no bytes copied, and the next
    build can tell the file is unchanged), or as a copy where links fail (another file
    system, one without hard links)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def link_tree(source: Path, target: Path) -> bool:
    """Copy the folder ``source`` to ``target`` with :func:`link_or_copy`; False, and no
    ``target``, if that fails."""
    try:
        shutil.copytree(source, target, copy_function=link_or_copy)
    except (OSError, shutil.Error):
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def _open_regular(source: Path) -> int:
    """A read descriptor on ``source`` if it is a regular file, not through a symlink: the
    loader checked it, but it may have been swapped for a link or a FIFO since."""
    fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"not a regular file: {source}")
    return fd


def _copy(source: Path, target: str) -> None:
    fd = _open_regular(source)
    with os.fdopen(fd, "rb") as reading:
        out = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        with os.fdopen(out, "wb") as writing:
            shutil.copyfileobj(reading, writing, 1024 * 1024)


def swap_into_place(temp: Path, out: Path, trash: Path | None = None) -> None:
    """Replace ``out`` with ``temp``: two renames, then the old copy is deleted (in the
    background when ``trash`` is given, see :func:`discard_later`)."""
    if not out.exists():
        temp.rename(out)
        return
    old = Path(tempfile.mkdtemp(prefix=f"{OLD_PREFIX}{out.name}-", dir=out.parent))
    old.rmdir()
    out.rename(old)
    try:
        temp.rename(out)
    except OSError:
        old.rename(out)  # put the previous site back
        raise
    discard_later(old, trash)


def discard_later(folder: Path, trash: Path | None) -> None:
    """Delete ``folder`` without making the build wait for tens of thousands of unlinks.

    It is first renamed into ``trash`` (a folder of this user's alone, see
    :func:`builder.cache.store.trash_folder`, on the same file system, away from the site, so
    nothing is left beside the output), then a detached ``rm -rf`` empties
    ``trash`` after this process has returned. Should that be killed, the next build's
    ``rm`` takes over what it left. Without a trash, or where the rename or the ``rm`` is
    impossible, the folder is deleted here and now.
    """
    if trash is None:
        shutil.rmtree(folder, ignore_errors=True)
        return
    target: Path | None = None
    try:
        target = Path(tempfile.mkdtemp(prefix=f"{folder.name}-", dir=trash))
        folder.rename(target)  # replaces the empty folder just made
    except OSError:  # the trash is on another file system, not writable, the disk full
        if target is not None:
            with contextlib.suppress(OSError):
                target.rmdir()  # or one empty folder would be left there at every build
        shutil.rmtree(folder, ignore_errors=True)
        return
    try:
        # sh starts rm in the background and exits at once: no child left to reap, and
        # rm, in a session of its own, outlives this process and ignores its Ctrl-C.
        subprocess.run(
            ["sh", "-c", 'rm -rf -- "$@" >/dev/null 2>&1 &', "sh", *map(str, trash.iterdir())],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            check=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        shutil.rmtree(target, ignore_errors=True)


def identity(out: Path) -> list[int] | None:
    """Which folder ``out`` is (device, inode, times of it and its marker), None if absent.

    Every build swaps in a new folder, so a later build, a deletion or a copy changes it."""
    try:
        folder, mark = out.stat(), (out / MARKER).stat()
    except OSError:
        return None
    return [folder.st_dev, folder.st_ino, folder.st_mtime_ns, mark.st_ino, mark.st_mtime_ns]


def discard(temp: Path) -> None:
    shutil.rmtree(temp, ignore_errors=True)
