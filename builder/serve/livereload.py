"""Live reload for ``boletines serve``: the build state tabs follow, the SSE stream, the script.

The server keeps one :class:`LiveState`. After every rebuild it records either success (a
new generation: open tabs reload) or the error text (tabs show it in a banner and keep the
last good page). Each open tab holds a Server-Sent Events connection to
:data:`EVENTS_PATH`; the script that opens it is added to HTML responses by the server
only, never written into the built files.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from collections.abc import Iterator
from dataclasses import dataclass

EVENTS_PATH = "/__boletines/events"
KEEPALIVE_SECONDS = 15.0


@dataclass(frozen=True)
class Snapshot:
    generation: int
    error: str | None
    error_seq: int
    closed: bool


class LiveState:
    """What the tabs need to know, shared between the rebuild thread and request threads."""

    def __init__(self) -> None:
        self.instance = secrets.token_hex(4)
        self._cond = threading.Condition()
        self._generation = 0
        self._error: str | None = None
        self._error_seq = 0
        self._closed = False

    def snapshot(self) -> Snapshot:
        with self._cond:
            return Snapshot(self._generation, self._error, self._error_seq, self._closed)

    def built(self) -> None:
        """A rebuild succeeded: tabs reload and the banner goes away."""
        with self._cond:
            self._generation += 1
            self._error = None
            self._cond.notify_all()

    def failed(self, text: str) -> None:
        """A rebuild failed: tabs show ``text``; the previous site is still served."""
        with self._cond:
            self._error = text
            self._error_seq += 1
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def wait_change(self, seen: Snapshot, timeout: float) -> Snapshot:
        """The state once it differs from ``seen``, or after ``timeout`` seconds."""
        with self._cond:
            self._cond.wait_for(
                lambda: (
                    self._closed
                    or self._generation != seen.generation
                    or self._error_seq != seen.error_seq
                ),
                timeout=timeout,
            )
            return Snapshot(self._generation, self._error, self._error_seq, self._closed)

    def version(self, snapshot: Snapshot) -> str:
        """Names one build of one server run; a tab that sees another one reloads."""
        return f"{self.instance}-{snapshot.generation}"


def sse_event(event: str, data: str) -> bytes:
    lines = data.splitlines() or [""]
    payload = "".join(f"data: {line}\n" for line in lines)
    return f"event: {event}\n{payload}\n".encode()


def event_stream(state: LiveState, keepalive: float = KEEPALIVE_SECONDS) -> Iterator[bytes]:
    """The events one tab receives, until the server stops.

    ``hello`` first (the build version, so a tab that reconnects after missing a rebuild
    reloads), the current error if the last build failed, then ``reload`` after each
    successful rebuild and ``error`` after each failed one; a comment every ``keepalive``
    seconds keeps proxies and the browser from dropping the connection.
    """
    current = state.snapshot()
    yield b"retry: 1000\n" + sse_event("hello", state.version(current))
    if current.error is not None:
        yield sse_event("error", current.error)
    while True:
        following = state.wait_change(current, keepalive)
        if following.closed:
            return
        if following == current:
            yield b": keepalive\n\n"
            continue
        if following.generation != current.generation:
            yield sse_event("reload", state.version(following))
        elif following.error is not None:
            yield sse_event("error", following.error)
        current = following


_SCRIPT = """<script data-boletines-serve>(function () {
  var source = new EventSource(%(events)s), seen = null, banner = null;
  source.addEventListener("hello", function (e) {
    if (seen !== null && e.data !== seen) location.reload();
    seen = e.data;
    document.documentElement.setAttribute("data-boletines-serve", "connected");
  });
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("error", function (e) {
    if (typeof e.data !== "string") return;  /* a dropped connection, not a build error */
    if (!banner) {
      banner = document.createElement("div");
      banner.setAttribute("role", "alert");
      banner.id = "boletines-serve-error";
      banner.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:2147483647;" +
        "max-height:50vh;overflow:auto;margin:0;padding:1em;background:#8b0000;" +
        "color:#fff;font:14px/1.4 monospace;white-space:pre-wrap;box-shadow:0 2px 8px #0008";
      document.body.appendChild(banner);
    }
    banner.textContent = %(title)s + "\\n" + e.data;
  });
})();</script>
"""

_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def reload_script(banner_title: str) -> bytes:
    def js(value: str) -> str:  # a JS string literal that cannot close the script element
        return json.dumps(value).replace("</", "<\\/")

    return (_SCRIPT % {"events": js(EVENTS_PATH), "title": js(banner_title)}).encode()


def inject(html: bytes, script: bytes) -> bytes:
    """``html`` with ``script`` just before its last ``</body>`` (or at its end)."""
    matches = list(_BODY_END.finditer(html))
    if not matches:
        return html + script
    at = matches[-1].start()
    return html[:at] + script + html[at:]
