"""Pagefind never outlives the build that started it: a run that hangs is killed after
:func:`builder.search.pagefind.timeout_for` its pages, and one still running when the build fails,
is interrupted with Ctrl-C or gets SIGTERM is killed with everything it started."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import make_tree

from builder.core.errors import BoletinesError
from builder.core.settings import SiteConfig
from builder.search import pagefind
from builder.search.index import index_site

PAGE = b"<html><body><main data-pagefind-body><h1>Boletin</h1></main></body></html>"


def hanging_pagefind(folder: Path) -> tuple[Path, Path]:
    """A stand-in for Pagefind that starts a child of its own and never ends; it writes
    both process ids to the second path."""
    pids = folder / "pids"
    script = folder / "stuck-pagefind"
    script.write_text(
        f"#!/bin/sh\nsleep 600 &\necho $$ $! > {pids}.tmp\nmv {pids}.tmp {pids}\nwait\n"
    )
    script.chmod(0o755)
    return script, pids


def started(pids: Path, timeout: float = 30) -> list[int]:
    deadline = time.monotonic() + timeout
    while not pids.exists():
        assert time.monotonic() < deadline, "the stand-in Pagefind never started"
        time.sleep(0.05)
    return [int(pid) for pid in pids.read_text().split()]


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for its parent to reap it does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def all_gone(pids: list[int], timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while any(alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    return make_tree(tmp_path / "site", {"2025/a/index.html": PAGE.decode()})


def test_a_run_that_hangs_is_killed_with_its_children_after_the_timeout(
    site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script, pids = hanging_pagefind(tmp_path)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(script))
    monkeypatch.setattr(pagefind, "TIMEOUT_BASE_SECONDS", 1.0)
    monkeypatch.setattr(pagefind, "TIMEOUT_SECONDS_PER_PAGE", 0.0)
    begun = time.monotonic()
    with pytest.raises(BoletinesError) as failure:
        index_site(site_dir, SiteConfig(root=tmp_path))
    assert time.monotonic() - begun < 30
    [diagnostic] = failure.value.diagnostics
    assert diagnostic.code == "search.failed"
    assert diagnostic.args["detail"] == "timed out after 1 s"
    assert all_gone(started(pids))


def test_the_timeout_grows_with_the_pages_and_is_far_from_an_hour() -> None:
    assert pagefind.timeout_for(0) == 120
    assert pagefind.timeout_for(700) == pytest.approx(190)
    assert pagefind.timeout_for(10_000) < 3600 / 2


def test_cancelling_kills_a_running_pagefind_at_once(
    site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script, pids = hanging_pagefind(tmp_path)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(script))
    cancel = threading.Event()
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            index_site(site_dir, SiteConfig(root=tmp_path), cancel=cancel)
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    running = started(pids)
    assert all(alive(pid) for pid in running)
    cancel.set()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert [d.args["detail"] for d in outcome[0].diagnostics] == ["interrupted"]
    assert all_gone(running)


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_build_leaves_no_pagefind_running(
    tmp_path: Path, signum: int, status: int
) -> None:
    script, pids = hanging_pagefind(tmp_path)
    root = make_tree(
        tmp_path / "archive",
        {
            "site.yaml": 'title: "Prueba"\n',
            "content/2025/a.md": '---\ntitle: "Boletín"\ndate: 2025-11-25\n---\nTexto.\n',
        },
    )
    env = {**os.environ, "PAGEFIND_BINARY_PATH": str(script)}
    build = subprocess.Popen(
        [sys.executable, "-m", "builder", "build"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        running = started(pids, timeout=120)
        build.send_signal(signum)  # to the build alone, as `kill` does; a terminal's
        # Ctrl-C would reach its process group, which Pagefind is not in
        assert build.wait(timeout=30) == status
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    assert all_gone(running)
    assert not (root / "_site").exists()
