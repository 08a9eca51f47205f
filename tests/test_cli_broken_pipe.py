"""Output piped into a reader that stops early (``boletines check | head -1``): the
command ends quietly with the status of a process stopped by SIGPIPE, never a
BrokenPipeError traceback, and what it had to do is done."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from reliability_support import BOLETINES, looks_like_traceback, write_site

SIGPIPE_STATUS = 128 + signal.SIGPIPE


def run_into_closed_pipe(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Standard output is a pipe whose reader is already gone."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [str(BOLETINES), *args],
            cwd=root,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ, CI="true"),
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)


def many_findings() -> dict[str, str]:
    return {
        f"content/sin-fecha/aviso-{index}.md": f'---\ntitle: "Aviso {index}"\n---\nTexto.\n'
        for index in range(40)
    }


@pytest.mark.parametrize("args", [("check",), ("check", "--suggest-tags")])
def test_check_into_a_closed_pipe_ends_quietly(tmp_path: Path, args: tuple[str, ...]) -> None:
    root = write_site(tmp_path / "site", many_findings())
    done = run_into_closed_pipe(root, *args)
    assert done.returncode == SIGPIPE_STATUS, done.stderr
    assert not looks_like_traceback(done.stderr), done.stderr
    assert "BrokenPipe" not in done.stderr


def test_build_into_a_closed_pipe_still_publishes_the_site(tmp_path: Path) -> None:
    root = write_site(tmp_path / "site")
    done = run_into_closed_pipe(root, "build")
    assert done.returncode == SIGPIPE_STATUS, done.stderr
    assert not looks_like_traceback(done.stderr), done.stderr
    assert (root / "_site" / "index.html").is_file()
