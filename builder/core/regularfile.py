"""Reading a file named by the user, safely: only a regular file, and only up to a limit.

``open()`` on a named pipe waits for a writer that may never come, and ``read()`` on
``/dev/zero`` (or a ``.txt`` symlink to it) never ends; so the file is opened without
blocking, checked with ``fstat`` on the open descriptor (what is read is what was
checked), and read up to one byte past the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegular(OSError):
    """The path is a folder, a FIFO, a device or a socket, not a file to read."""


class TooLarge(OSError):
    """The file is over the limit; ``size`` is what was seen (at least limit + 1)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path`` (through symlinks), at most ``limit`` of
    them; raises :class:`NotRegular`, :class:`TooLarge` or the OSError of opening it."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegular(f"{path} is not a regular file")
        if st.st_size > limit:
            raise TooLarge(st.st_size)
        chunks = []
        left = limit + 1  # one more than allowed: a file that grew is seen as too large
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise TooLarge(len(data))
        return data
    finally:
        os.close(fd)
