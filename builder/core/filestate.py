"""What ``stat`` tells of a file: enough to know, without reading it, that its bytes are the
ones a build already read or wrote. The loader, the cache and the output all ask it."""

from __future__ import annotations

import os
from dataclasses import dataclass

RECENT_NS = 2 * 10**9
"""A file changed less than this before its stat was taken may be changed again within the
same tick of the file system's clock (a few milliseconds; two seconds on FAT) and keep
every number of its stat: such a stat says nothing about its content, so the file is
known by its content instead, until a build sees it settled."""


@dataclass(frozen=True, slots=True)
class FileState:
    size: int
    mtime_ns: int
    inode: int
    ctime_ns: int

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> FileState | None:
        """The state of the file at ``path`` (through symlinks), or None if it cannot be read."""
        try:
            return cls.from_stat(os.stat(path))
        except OSError:
            return None

    @classmethod
    def from_stat(cls, st: os.stat_result) -> FileState:
        return cls(st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)

    def settled(self, now_ns: int) -> bool:
        """Whether the file last changed long enough before ``now_ns`` that any later write
        changes this state (:data:`RECENT_NS`)."""
        return self.ctime_ns < now_ns - RECENT_NS

    def same_file(self, other: FileState | None) -> bool:
        """Whether ``other`` is this file with these bytes, maybe linked again since: a new
        hard link changes the ctime, which the output's kept pages get at every build."""
        return other is not None and (self.inode, self.size, self.mtime_ns) == (
            other.inode,
            other.size,
            other.mtime_ns,
        )
