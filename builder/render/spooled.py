"""Texts a render worker wrote to disk instead of sending them back: each bulletin's body
HTML, read again only when the export, a feed or the body cache asks for it.

At 10,000 bulletins the bodies are 89 MB in memory (most hold a character above U+00FF, so
Python stores them as 2 bytes a character) and were held from the bulletins step to the
end of the build; a reference is under 100 bytes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO


@dataclass(frozen=True, slots=True)
class TextRef:
    """Where a worker wrote one text: a file of the spool folder, an offset and a size."""

    file: str
    offset: int
    size: int

    def read(self) -> str:
        with open(self.file, "rb") as handle:
            handle.seek(self.offset)
            data = handle.read(self.size)
        if len(data) != self.size:
            raise OSError(f"{self.file} is shorter than when it was written")
        return data.decode("utf-8", "surrogatepass")


class TextWriter:
    """One worker's file of texts, appended to in order."""

    def __init__(self, path: Path) -> None:
        self.file = str(path)
        self._handle: BinaryIO = open(path, "xb")  # noqa: SIM115 - closed by close()
        self._offset = 0

    def write(self, text: str) -> TextRef:
        data = text.encode("utf-8", "surrogatepass")
        self._handle.write(data)
        ref = TextRef(self.file, self._offset, len(data))
        self._offset += len(data)
        return ref

    def close(self) -> None:
        self._handle.close()


class Texts(Mapping[str, str]):
    """Texts by key, each held in memory or read from where a worker wrote it."""

    def __init__(self, items: Mapping[str, str | TextRef] | None = None) -> None:
        self._items: dict[str, str | TextRef] = dict(items or {})

    def __getitem__(self, key: str) -> str:
        value = self._items[key]
        return value if isinstance(value, str) else value.read()

    def raw(self, key: str) -> str | TextRef:
        """The text if it is in memory, else where it is, without reading it."""
        return self._items[key]

    def __setitem__(self, key: str, value: str | TextRef) -> None:
        self._items[key] = value

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items
