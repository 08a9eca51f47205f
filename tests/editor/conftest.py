"""Fixtures for the editor workflow tests: a throwaway archive and the CLI run inside it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from editor_support import SITE_YAML, bulletin  # noqa: F401  (fixtures use them)
from helpers import make_tree
from serving import SOURCE, Served, start_serve

from builder.cli import main


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An archive folder with site.yaml and an empty content/, as the working directory."""
    make_tree(tmp_path, {"site.yaml": SITE_YAML})
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def cli(site: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run ``boletines <args>`` in the archive; its exit status and what it printed."""

    def run(*args: str) -> Result:
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def write(site: Path) -> Callable[[dict[str, str]], Path]:
    def run(files: dict[str, str]) -> Path:
        return make_tree(site / "content", files)

    return run


@pytest.fixture
def served(site: Path, write) -> Iterator[Served]:
    site.joinpath("site.yaml").write_text('base_url: "/archivo/"\n', encoding="utf-8")
    write({SOURCE.removeprefix("content/"): bulletin(body="Primera versión del texto.\n")})
    running = start_serve(site, "--no-search")
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()
