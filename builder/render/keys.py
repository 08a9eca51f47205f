"""Digests of exactly what a page is made from, so that an unchanged page is neither
rendered nor written again.

A page is a pure function of its template context and of the site (settings, templates,
builder code): :class:`Fingerprints` turns a context into a string that changes whenever
anything a template could read from it changes. A bulletin is named by its path, source
and the SHA-256 of its file's bytes (the loader's ``digest``), which fixes every one of its
fields, with its original document's name, size and SHA-256. Unknown types are refused
rather than guessed at: a value that cannot be keyed exactly must not be cached.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from builder.content.archive import Group
from builder.content.model import Bulletin
from builder.output.writer import Content

if TYPE_CHECKING:
    from builder.render.incremental import Reuse

Files = Mapping[str, Content]  # bytes made now, or files to link or copy
Output = tuple[str, Mapping[str, Content]]  # a producer's name and its files


def digest(parts: Iterable[str]) -> str:
    """SHA-256 of ``parts`` separated by NUL (hex, shortened: a cache key, not a signature)."""
    text = "\0".join(parts) + "\0"  # one encode and one hash call: keys are made by the 10,000
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:40]


class Fingerprints:
    """Stable strings for template contexts, memoised for one build's archive."""

    def __init__(self) -> None:
        # Memos by id(); ``_alive`` holds every object named in them, so that no id is
        # reused by another object while this instance exists.
        self._bulletins: dict[int, str] = {}
        self._groups: dict[int, str] = {}
        self._tuples: dict[int, str] = {}
        self._alive: list[object] = []
        self._fields: dict[type, tuple[str, ...]] = {}

    def renewed(self, bulletins: Iterable[Bulletin]) -> Fingerprints:
        """For the next build in this process (the preview's session): a new instance that
        knows what this one knew of ``bulletins``. An id this one has memoised is an object
        it keeps alive, so a bulletin with that id is that same (frozen) bulletin."""
        fresh = Fingerprints()
        known = self._bulletins
        for bulletin in bulletins:
            found = known.get(id(bulletin))
            if found is not None:
                fresh._bulletins[id(bulletin)] = found
                fresh._alive.append(bulletin)
        return fresh

    def bulletin(self, bulletin: Bulletin | None) -> str:
        if bulletin is None:
            return "-"
        known = self._bulletins.get(id(bulletin))
        if known is None:
            if bulletin.digest:
                # the original document is not in the .md file's bytes: its name and digest
                original = bulletin.original
                fields = (
                    bulletin.slug_path,
                    str(bulletin.source),
                    bulletin.digest,
                    repr(original) if original else "",
                )
            else:  # made in code, not read from a file: every field, in order
                fields = (repr(bulletin),)
            known = self._bulletins[id(bulletin)] = "B" + digest(fields)
            self._alive.append(bulletin)
        return known

    def group(self, group: Group) -> str:
        """A group and everything in it: its members, and a year's months."""
        known = self._groups.get(id(group))
        if known is None:
            known = self._groups[id(group)] = "G" + digest([self._dataclass(group)])
            self._alive.append(group)
        return known

    def value(self, value: object) -> str:
        if isinstance(value, Bulletin):
            return self._bulletins.get(id(value)) or self.bulletin(value)
        if isinstance(value, tuple) and value and isinstance(value[0], Bulletin):
            known = self._bulletins
            try:  # every one known already, as a site's are after its pages: no Python loop
                return "(" + ",".join(map(known.__getitem__, map(id, value))) + ")"
            except KeyError:
                return "(" + ",".join(known.get(id(b)) or self.value(b) for b in value) + ")"
        if value is None or isinstance(value, bool | int | float):
            return repr(value)
        if isinstance(value, Markup):
            return "M" + repr(str(value))
        if isinstance(value, str):
            return repr(value)
        if isinstance(value, Bulletin):
            return self.bulletin(value)
        if isinstance(value, Group):
            return self.group(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, tuple) and len(value) > 16:  # shared: pagination's paths
            known = self._tuples.get(id(value))
            if known is None:
                known = self._tuples[id(value)] = "T" + digest([self._sequence(value)])
                self._alive.append(value)
            return known
        if isinstance(value, tuple | list):
            return self._sequence(value)
        if isinstance(value, Mapping):
            items = sorted((str(k), self.value(v)) for k, v in value.items())
            return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return self._dataclass(value)
        raise TypeError(f"cannot key a page on a {type(value).__name__}")

    def _sequence(self, values: tuple | list) -> str:
        return "(" + ",".join(self.value(v) for v in values) + ")"

    def _dataclass(self, value: object) -> str:
        kind = type(value)
        fields = self._fields.get(kind)
        if fields is None:  # dataclasses.fields() was a tenth of keying 2,500 listing pages
            fields = self._fields[kind] = tuple(f.name for f in dataclasses.fields(value))  # type: ignore[arg-type]
        inner = ",".join(f"{name}={self.value(getattr(value, name))}" for name in fields)
        return f"{kind.__name__}[{inner}]"


def shallow(group: Group | None) -> str:
    """What a bulletin page shows of a topic or place: its name and address only."""
    return "-" if group is None else repr((group.key, group.label, group.url_path))


class PageKeys:
    """Each output file's key, and whether the previous build wrote it under that key."""

    def __init__(self, site: str, reuse: Reuse | None) -> None:
        self.site = site  # what every file depends on: see :func:`site_key`
        self.keys: dict[str, str] = {}
        self.reuse = reuse
        self._old = reuse.keys if reuse else {}

    def kept(self, path: str) -> Path | None:
        """The previous build's file at ``path`` when its key is this build's."""
        reuse = self.reuse
        if reuse is None or self._old.get(path) != self.keys[path]:
            return None
        found = reuse.paths.get(path)
        if found is None:
            found = reuse.paths[path] = reuse.folder / path
        return found

    def made(self, name: str, key: str, names: list[str], render: Callable[[], Files]) -> Output:
        """``render()``'s files, or links to the old ones when ``names`` all have ``key``."""
        for path in names:
            self.keys[path] = digest([key, path])
        if self.reuse and all(self.kept(path) for path in names):
            return (name, {path: self.reuse.folder / path for path in names})
        files = render()
        for path in files:
            self.keys[path] = digest([key, path])
        return (name, files)
