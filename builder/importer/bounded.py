"""Run a document reader in a child process with a time and memory limit.

A PDF or Word file can be built to make its parser loop or eat memory, and the
libraries cannot be told to stop. So the reader runs in a forked child (the libraries
are already loaded: the fork costs a few milliseconds) with its address space limited
to :data:`MAX_MEMORY` above what the parent uses and its CPU time to
:data:`MAX_SECONDS`; the parent waits at most that long, kills the child, and refuses
the file. The child's answer (a Document, or the Refused it raised) comes back
pickled through a pipe. Where there is no ``fork`` (Windows) the reader runs in
process, bounded only by the size and page limits checked before parsing.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from typing import TypeVar

from builder.importer.model import Refused, refuse

MAX_SECONDS = 10
MAX_MEMORY = 500 * 1024 * 1024
T = TypeVar("T")


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _child(reader: Callable[[bytes, str], T], raw: bytes, source: str, out: int) -> None:
    import resource

    try:
        try:
            limit = _address_space() + MAX_MEMORY
        except OSError:
            limit = resource.RLIM_INFINITY  # no /proc: the time limit still holds
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CPU, (MAX_SECONDS, MAX_SECONDS + 1))
        answer: tuple[str, object] = ("ok", reader(raw, source))
    except Refused as exc:
        answer = ("refused", exc.diagnostics)
    except MemoryError:
        answer = ("memory", None)
    except Exception:  # a library's failure on a broken file, whatever its kind
        answer = ("damaged", None)
    data = pickle.dumps(answer)
    view = memoryview(data)
    while view:
        view = view[os.write(out, view) :]
    os.close(out)


def run_bounded(reader: Callable[[bytes, str], T], raw: bytes, source: str) -> T:
    """``reader(raw, source)``, refused with a message if it takes too long, runs out
    of memory or crashes."""
    if not hasattr(os, "fork"):
        return reader(raw, source)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its result is checked by the parent
        os.close(read_end)
        try:
            _child(reader, raw, source, write_end)
        finally:
            os._exit(0)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + MAX_SECONDS + 1
    try:
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([read_end], [], [], max(left, 0))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                raise refuse(source, "import.document_too_slow", seconds=MAX_SECONDS)
            chunk = os.read(read_end, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    if not chunks:  # killed by the CPU limit, or by the system for memory
        raise refuse(source, "import.document_too_slow", seconds=MAX_SECONDS)
    status, value = pickle.loads(b"".join(chunks))
    if status == "ok":
        return value  # type: ignore[return-value]
    if status == "refused":
        raise Refused(value)  # type: ignore[arg-type]
    if status == "memory":
        raise refuse(source, "import.document_too_big", limit_mb=MAX_MEMORY // 1024 // 1024)
    raise refuse(source, "import.document_damaged")
