"""Running ``boletines serve`` in a subprocess for tests, and reading what it sends."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

PAGE = "2025/2025-11-25-imss-inaugura/"
SOURCE = "content/2025/2025-11-25-imss-inaugura.md"


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str
    output: queue.Queue[str]
    seen: list[str] = field(default_factory=list)

    def wait_for_line(self, pattern: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.output.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r}; saw:\n" + "".join(self.seen))

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=15)


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def wait_until(predicate, timeout: float = 10.0) -> float:
    """Seconds it took for ``predicate()`` to hold; fails after ``timeout``."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError("timed out")


class EventReader:
    """Reads a Server-Sent Events stream in a thread, keeping every event it sees."""

    def __init__(self, url: str) -> None:
        self.events: list[tuple[str, str]] = []
        self.response = urllib.request.urlopen(url, timeout=30)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        event, data = "message", []
        try:
            for raw in self.response:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: "):
                    data.append(line[6:])
                elif not line and data:
                    self.events.append((event, "\n".join(data)))
                    event, data = "message", []
        except Exception:  # the server closed the stream when it stopped
            return

    def names(self) -> list[str]:
        return [name for name, _ in self.events]


def start_serve(site: Path, *args: str) -> Served:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("CI", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "builder", "serve", "--port", "0", *args],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        env=env,
    )
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    served = Served(process, "", lines)
    try:
        line = served.wait_for_line(r"Vista previa en http://", timeout=60)
    except AssertionError:
        process.kill()
        raise
    served.url = re.search(r"http://\S+", line).group(0)
    return served
