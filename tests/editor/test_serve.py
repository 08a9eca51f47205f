"""``boletines serve`` in a subprocess, as an editor runs it: it serves the site under its
base path, rebuilds when a bulletin is saved, tells open tabs to reload, reports a broken
file in the terminal and to the tabs while the last good page stays, and stops cleanly."""

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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import bulletin

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


@pytest.fixture
def served(site: Path, write) -> Iterator[Served]:
    site.joinpath("site.yaml").write_text('base_url: "/archivo/"\n', encoding="utf-8")
    write({SOURCE.removeprefix("content/"): bulletin(body="Primera versión del texto.\n")})
    running = start_serve(site, "--no-search")
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


def test_serves_under_the_base_path_with_the_reload_script_only_when_served(served, site):
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/archivo/", served.url)
    status, html = fetch(served.url + PAGE)
    assert status == 200
    assert "Primera versión del texto." in html
    assert html.count("data-boletines-serve") == 1
    on_disk = (site / ".boletines-serve" / PAGE / "index.html").read_text(encoding="utf-8")
    assert "data-boletines-serve" not in on_disk
    root = served.url.replace("/archivo/", "/")
    with urllib.request.urlopen(root, timeout=5) as response:  # follows the redirect
        assert response.url == served.url
    assert fetch(root + "otra/cosa/")[0] == 404
    assert served.stop() == 0


def test_an_edit_is_served_within_seconds_and_tabs_are_told_to_reload(served, site):
    events = EventReader(served.url.replace("/archivo/", "/__boletines/events"))
    wait_until(lambda: events.names() == ["hello"])
    source = site / SOURCE
    source.write_text(source.read_text(encoding="utf-8").replace("Primera", "Segunda"))
    took = wait_until(lambda: "Segunda versión del texto." in fetch(served.url + PAGE)[1])
    assert took < 10
    wait_until(lambda: "reload" in events.names())
    served.wait_for_line(r"Cambió content/2025/2025-11-25-imss-inaugura\.md; actualizando…")
    served.wait_for_line(r"Sitio actualizado en \d+\.\d\d s")
    assert served.stop() == 0


def test_a_broken_file_is_reported_and_the_last_good_page_stays(served, site):
    events = EventReader(served.url.replace("/archivo/", "/__boletines/events"))
    wait_until(lambda: events.names() == ["hello"])
    source = site / SOURCE
    good = source.read_text(encoding="utf-8")
    source.write_text(good.replace("date: 2025-11-25", "date: 2025-11-31"), encoding="utf-8")
    message = (
        f"{SOURCE}:3: la fecha 2025-11-31 no existe en el calendario; revise el día y el mes "
        "(AAAA-MM-DD)."
    )
    served.wait_for_line(re.escape(message))
    wait_until(lambda: ("error", message) in events.events)
    status, html = fetch(served.url + PAGE)
    assert status == 200 and "Primera versión del texto." in html
    source.write_text(good.replace("Primera", "Arreglada"), encoding="utf-8")
    wait_until(lambda: "reload" in events.names())
    assert "Arreglada versión" in fetch(served.url + PAGE)[1]
    assert served.stop() == 0


def test_site_yaml_changes_are_picked_up(served, site):
    site.joinpath("site.yaml").write_text('base_url: "/otra/"\n', encoding="utf-8")
    new_url = served.url.replace("/archivo/", "/otra/")
    wait_until(lambda: fetch(new_url + PAGE)[0] == 200)
    assert served.stop() == 0


def test_ctrl_c_stops_cleanly(served):
    assert served.stop() == 0
    served.wait_for_line("Vista previa detenida.")
    assert not any("Traceback" in line for line in served.seen)


def test_a_busy_port_is_an_error_with_a_suggestion(served, site):
    port = int(re.search(r":(\d+)/", served.url).group(1))
    result = subprocess.run(
        [sys.executable, "-m", "builder", "serve", "--port", str(port)],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().endswith(
        f"boletines serve: el puerto {port} ya está en uso (¿hay otro «boletines serve» "
        f"abierto?); ciérrelo o use otro, por ejemplo --port {port + 1}."
    )
    assert served.stop() == 0
