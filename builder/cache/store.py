"""The build cache, one folder per output folder under ``$XDG_CACHE_HOME/boletines/``
(``~/.cache/boletines/_site-<hash of the output's path>/``; CI keeps it by caching that
folder). Not beside the output: nothing but the site and its lock may sit there.

It only ever saves work, never changes a byte of the site:

- rendered body HTML by the SHA-256 of the Markdown text, so an unchanged body skips
  Python-Markdown and the sanitiser; the whole table is dropped when the builder's code,
  its libraries or the base path change (16 files by the key's first digit, so an edit
  rewrites one or two);
- the manifest of the last successful build into the same output: what every input file
  looked like (path, size, mtime_ns), the options, and the identity of the output folder
  it swapped into place. When all of that still holds, the build has nothing to do;
- the pages of the last build: each output file's key (a digest of exactly what it was
  made from, see :mod:`builder.render.keys`) and stat, the related lists and the page
  descriptions, so a rebuild renders only pages whose inputs changed and hard-links the
  others from the previous output (when that file is still the one written);
- every content file's parsed bulletin (or its errors) by path and stat, so unchanged
  files are not read and parsed again (one file per top-level folder of ``content/``);
- in the manifest, a digest per search shard (one year of bulletins) of what Pagefind
  indexed, so a shard whose pages are unchanged is hard-linked from the previous
  ``pagefind/<shard>/`` instead of being indexed again (see :mod:`builder.search.index`).

Every file is written to a temporary name and renamed, so a killed build leaves either
the old or the new cache; a missing, stale or unreadable cache means a full build.

Beside the cache root, ``boletines-trash/`` holds replaced output folders until a detached
``rm`` has deleted them (see :func:`builder.output.writer.discard_later`); it is not cached.

The cache root, each cache folder and the trash are used only when they are this user's
alone (:mod:`builder.cache.ownfolder`): never through a symlink, never a folder another user
owns or may write into. Otherwise the build goes on without them and warns once.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, Any

from builder.cache.digests import Inputs
from builder.cache.ownfolder import Refusal, open_own_file, own_folder, safe_parent
from builder.core.errors import Diagnostic, warning

MANIFEST = "manifest.json"
BODIES = "bodies.pickle"
BODIES_PREFIX = "bodies-"
PAGES = "pages.pickle"
OUTPUT = "output.pickle"  # the output folder as the last build left it, file by file
SOURCES_PREFIX = "sources-"


def cache_root() -> Path:
    configured = os.environ.get("XDG_CACHE_HOME")
    if configured and Path(configured).is_absolute():
        return Path(configured) / "boletines"
    try:
        return Path.home() / ".cache" / "boletines"
    except RuntimeError:  # no home directory: a folder of this user's in the shared /tmp
        return Path(tempfile.gettempdir()) / f"boletines-cache-{os.getuid()}"


def trash_dir() -> Path:
    """Where replaced output folders wait to be deleted in the background: beside the
    cache, not in it (CI archives the cache folder), on the same disk when possible."""
    root = cache_root()
    return root.with_name(root.name + "-trash")


def _own_home(folder: Path) -> Refusal | None:
    """Make ``folder`` (the cache root or the trash, beside it) this user's alone, or say
    why it cannot be; its parent (``$XDG_CACHE_HOME``) is made when missing."""
    with contextlib.suppress(OSError):
        os.makedirs(folder.parent, 0o700, exist_ok=True)
    return safe_parent(folder) or own_folder(folder, tighten=True)


def trash_folder() -> Path | Refusal:
    """The trash, made and checked (:func:`_own_home`), or why it is not used."""
    trash = trash_dir()
    return _own_home(trash) or trash


def refusal_warning(refusals: Iterable[Refusal | None]) -> Diagnostic | None:
    """The one warning for the first folder of the cache that was not trusted."""
    for refusal in refusals:
        if refusal is not None and refusal.untrusted:
            return warning(str(refusal.folder), None, "build.cache_untrusted")
    return None


def cache_dir(out: Path) -> Path:
    """The cache of the output folder ``out`` (by its absolute path)."""
    where = hashlib.sha256(str(out.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    return cache_root() / f"{out.name}-{where[:16]}"


class BuildCache:
    """Reading and writing the cache folder of one output folder."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.folder = cache_dir(out)

    def manifest(self) -> dict[str, Any]:
        if not self.private:
            return {}
        try:
            with os.fdopen(open_own_file(self.folder / MANIFEST), "rb") as handle:
                data = json.loads(handle.read())
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def save_manifest(self, data: Mapping[str, Any]) -> None:
        self._write(MANIFEST, json.dumps(data, sort_keys=True).encode())

    def settle_manifest(self, previous: Mapping[str, Any], inputs: Inputs) -> None:
        """After a build found nothing changed: files it found settled are known by stat
        from now on (the last build had them by content, see :class:`Inputs`)."""
        if inputs.digest != inputs.against:
            with contextlib.suppress(OSError):
                self.save_manifest({**previous, "inputs": inputs.digest, "recent": inputs.recent})

    def forget_manifest(self) -> None:
        """Drop the manifest (the output it describes is being replaced), and whatever a
        build killed while writing the cache left: called holding the output's lock, so
        no other build of it is writing here."""
        if not self.private:
            return  # not this build's to tidy
        with contextlib.suppress(OSError):
            (self.folder / MANIFEST).unlink()
        with contextlib.suppress(OSError), os.scandir(self.folder) as entries:
            for entry in entries:
                if entry.name.startswith(".") and entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)  # a temporary file of _write

    def bodies(self, key: str) -> dict[str, str]:
        """Body HTML by :func:`body_key`, from the files :meth:`save_bodies` wrote."""
        return self._load_parts(BODIES_PREFIX, key)

    def save_bodies(self, key: str, bodies: Mapping[str, str], old: Mapping[str, str]) -> None:
        """Keep ``bodies`` in 16 files by the first digit of their key, rewriting only the
        files whose set of bodies differs from ``old`` (what :meth:`bodies` gave)."""
        shards: dict[str, list[str]] = {f"{d:x}": [] for d in range(16)}
        for name in bodies:
            shards.setdefault(name[:1], []).append(name)
        before: dict[str, set[str]] = {}
        for name in old:
            before.setdefault(name[:1], set()).add(name)
        for digit, names in shards.items():
            if set(names) != before.get(digit, set()):  # each part read only when saved
                self.save(f"{BODIES_PREFIX}{digit}.pickle", key, {n: bodies[n] for n in names})
        with contextlib.suppress(OSError):
            (self.folder / BODIES).unlink()  # the single file of earlier versions

    @functools.cached_property
    def refusal(self) -> Refusal | None:
        """Why the cache is not used, if it is not: loading a pickle can run code, so the
        cache root and this cache folder must be this user's alone (:mod:`builder.cache.ownfolder`;
        ``XDG_CACHE_HOME=/tmp``, where another user may make ``boletines/`` first)."""
        return _own_home(cache_root()) or own_folder(self.folder)

    @property
    def private(self) -> bool:
        """Whether the cache is read and written at all (see :attr:`refusal`)."""
        return self.refusal is None

    def load(self, name: str, key: str) -> Any:
        """What :meth:`save` stored under ``name`` with the same ``key``, else None."""
        if not self.private:
            return None
        try:
            with os.fdopen(open_own_file(self.folder / name), "rb") as handle:
                data = pickle.load(handle)
        except Exception:  # a truncated or foreign file is only a cold cache
            return None
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        return data.get("value")

    def save(self, name: str, key: str, value: object) -> None:
        payload = {"key": key, "value": value}
        # dumped into the file as it is made: pickle.dumps held the whole pickle (the
        # pages memo of 100,000 bulletins is hundreds of MB) before writing it
        self._write(name, lambda handle: pickle.dump(payload, handle, pickle.HIGHEST_PROTOCOL))

    def load_sources(self, key: str) -> dict[str, Any]:
        """The loader's outcomes by path under ``content/`` (see :meth:`save_sources`)."""
        return self._load_parts(SOURCES_PREFIX, key)

    def _load_parts(self, prefix: str, key: str) -> dict[str, Any]:
        """One mapping from the files ``<prefix>*.pickle`` saved with ``key``."""
        found: dict[str, Any] = {}
        for part_file in sorted(self.folder.glob(f"{prefix}*.pickle")):
            part = self.load(part_file.name, key)
            if isinstance(part, dict):
                found.update(part)
        return found

    def save_sources(self, key: str, files: Mapping[str, Any], old: Mapping[str, Any]) -> None:
        """Keep ``files`` (path -> (state, outcome)) in one file per top-level folder of
        ``content/`` (a year), rewriting only the folders whose files changed since ``old``."""
        if not self.private:
            return
        shards: dict[str, dict[str, Any]] = {}
        for path, value in files.items():
            shards.setdefault(_shard_of(path), {})[path] = value
        before: dict[str, int] = {}
        for path in old:
            before[_shard_of(path)] = before.get(_shard_of(path), 0) + 1
        changed = {
            name
            for name, part in shards.items()
            if before.get(name) != len(part)
            or any(old.get(path, (None,))[0] != value[0] for path, value in part.items())
        }
        names = {_shard_file(name) for name in shards}
        for stale in self.folder.glob(f"{SOURCES_PREFIX}*.pickle"):
            if stale.name not in names:
                stale.unlink(missing_ok=True)
        for name in sorted(changed):
            self.save(_shard_file(name), key, shards[name])

    def forget(self, name: str) -> None:
        if not self.private:
            return
        with contextlib.suppress(OSError):
            (self.folder / name).unlink()

    def _write(self, name: str, data: bytes | Callable[[IO[bytes]], None]) -> None:
        if not self.private:
            raise PermissionError(f"{self.folder} is not private to this user")
        self.folder.mkdir(mode=0o700, exist_ok=True)  # checked by ``refusal``; gone since?
        fd, temp = tempfile.mkstemp(prefix=f".{name}-", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                if isinstance(data, bytes):
                    handle.write(data)
                else:
                    data(handle)
            if (self.folder / name).is_dir():  # put there by hand: it would block the cache
                shutil.rmtree(self.folder / name)
            os.replace(temp, self.folder / name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise


def _shard_of(path: str) -> str:
    return path.split("/", 1)[0] if "/" in path else ""


def _shard_file(name: str) -> str:
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{SOURCES_PREFIX}{digest}.pickle"
