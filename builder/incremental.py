"""What a rebuild keeps from the previous one: pages whose inputs are unchanged.

After each build the cache holds, for every output file that has a key (a digest of
exactly what it is made from, :mod:`builder.render.keys`), that key and the file's stat
(:class:`PagesMemo`). The next build trusts an old file only when the output folder is
still the one that build swapped into place and the file's inode, size and mtime are
what was written; then a page with the same key is hard-linked instead of rendered.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from builder import output
from builder.output import Content, FileStat
from builder.render.related import RelatedMemo


@dataclass(frozen=True)
class Description:
    """A bulletin page's teaser, and which bulletin (and body) it was made from."""

    bulletin: str  # Fingerprints.bulletin
    body_key: str
    text: str


@dataclass(frozen=True)
class PagesMemo:
    """The previous build's pages, as the cache stores them."""

    output: list[int] | None  # output.identity of the folder they are in
    files: dict[str, tuple[str, FileStat]]  # path -> (key, stat when written)
    related: RelatedMemo | None = None
    descriptions: dict[str, Description] = field(default_factory=dict)
    export: tuple[tuple[str, str], ...] = ()  # (slug_path, record key) in the export's order


@dataclass(frozen=True)
class Reuse:
    """What this build may take from the previous output folder ``folder``."""

    folder: Path
    output: list[int]  # its output.identity
    keys: dict[str, str]  # path -> key, only for files still as they were written
    related: RelatedMemo | None
    descriptions: dict[str, Description]
    export: tuple[tuple[str, str], ...] = ()


def reusable(memo: PagesMemo | None, out: Path) -> Reuse | None:
    """The old pages a build may link instead of rendering, checked file by file."""
    if memo is None or memo.output is None or memo.output != output.identity(out):
        return None
    base = os.fspath(out)
    keys = {
        path: key
        for path, (key, stat) in memo.files.items()
        if output.file_stat(f"{base}/{path}") == stat
    }
    return Reuse(out, memo.output, keys, memo.related, memo.descriptions, memo.export)


class SiteFiles(Mapping[str, bytes]):
    """Every output file: rendered bytes, or an unchanged file of the previous output that
    is read only if someone asks for its bytes (the writer links it instead)."""

    def __init__(self, contents: Mapping[str, Content]) -> None:
        self.contents = contents

    def __getitem__(self, path: str) -> bytes:
        data = self.contents[path]
        return data.read_bytes() if isinstance(data, Path) else data

    def __iter__(self) -> Iterator[str]:
        return iter(self.contents)

    def __len__(self) -> int:
        return len(self.contents)

    def __contains__(self, path: object) -> bool:
        return path in self.contents

    def rendered(self) -> int:
        """How many files were rendered rather than kept."""
        return sum(1 for data in self.contents.values() if not isinstance(data, Path))
