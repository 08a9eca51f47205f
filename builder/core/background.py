"""One value computed in a forked child while the build goes on with other work.

For a step that needs everything rendered so far but nothing rendered after it (the data
export turns every body into text): forked, it runs on the second core while this process
renders listings and feeds. The child inherits its inputs with the fork (nothing big is
pickled on the way in) and sends back its result down a pipe; the rendering workers of
:mod:`builder.render.parallel` are such children too. Signals are blocked around the fork
(a SIGTERM handled inside the interpreter's at-fork callbacks would be printed as
"Exception ignored" and lost); the child leaves Ctrl-C to the build, dies with SIGTERM
without unwinding, and is killed and reaped if the build stops before reading it.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

from builder.core.errors import BoletinesError

T = TypeVar("T")


class Forked(Generic[T]):
    """``compute()`` running in a child process; :meth:`result` waits for its value."""

    def __init__(self, compute: Callable[[], T]) -> None:
        read, write = os.pipe()
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            pid = os.fork()
        except BaseException:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            os.close(read)
            os.close(write)
            raise
        if pid == 0:
            _child(compute, read, write, blocked)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        os.close(write)
        self._compute = compute
        self._pid: int | None = pid
        self._fd: int | None = read

    def result(self) -> T:
        """The child's value. A user error in it (a site template failing on one bulletin)
        is raised here as that :class:`BoletinesError`, any other exception as a
        RuntimeError; a child that died without answering (killed, out of memory) has its
        work done again here, so the build still makes the same bytes."""
        assert self._fd is not None and self._pid is not None, "result() already taken"
        try:
            try:
                with os.fdopen(self._fd, "rb") as pipe:
                    self._fd = None
                    status, payload = pickle.load(pipe)
            except (EOFError, pickle.UnpicklingError, ValueError, TypeError):
                status, payload = "died", None
            os.waitpid(self._pid, 0)
            self._pid = None
        finally:
            self.cancel()
        if status == "died":
            return self._compute()
        if status == "user":
            raise BoletinesError(payload)
        if status != "ok":
            raise RuntimeError(f"background step failed:\n{payload}")
        return payload

    def fileno(self) -> int:
        """The pipe its value comes down, for ``select``: readable once the child answers
        (or dies)."""
        assert self._fd is not None, "result() already taken"
        return self._fd

    def cancel(self) -> None:
        """Stop the child if it is still running; safe to call more than once."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
        if self._pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(self._pid, 0)
            self._pid = None


def _child(compute: Callable[[], object], read: int, write: int, blocked: set) -> None:
    code = 1
    try:  # never returns into the build
        os.close(read)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # killed with the build, no unwinding
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # parent gone: die quietly
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        # What the parent made is never garbage here: a collection that walked it would
        # write to every object's header and so copy the parent's memory page by page.
        gc.freeze()
        try:
            result: tuple[str, object] = ("ok", compute())
        except BoletinesError as exc:
            result = ("user", exc.diagnostics)
        except BaseException:
            result = ("error", traceback.format_exc())
        with os.fdopen(write, "wb") as pipe:
            pickle.dump(result, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    finally:
        os._exit(code)


class Threaded(Generic[T]):
    """``compute()`` in a thread of this process, for a step that mostly waits on a child
    process (Pagefind) while this one does other I/O (writing the pages)."""

    def __init__(self, compute: Callable[[], T]) -> None:
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(compute,), daemon=True)
        self._thread.start()

    def _run(self, compute: Callable[[], T]) -> None:
        try:
            self._value = compute()
        except BaseException as exc:  # handed to the caller of result()
            self._error = exc

    def wait(self) -> None:
        """Until the thread has finished, whatever its outcome."""
        self._thread.join()

    def result(self) -> T:
        """The value, or the thread's exception raised here."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]
