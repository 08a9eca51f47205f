"""Fixtures for the editor workflow tests: a throwaway archive and the CLI run inside it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import make_tree
from serving import SOURCE, Served, start_serve

from builder.cli import main

SITE_YAML = """\
title: "Archivo de prueba"
language: es
topics:
  cuidados: [cuidado, "sistema nacional de cuidados"]
  guarderías: ["guarder*", CECI]
  personas mayores: ["adultos mayores", "adultas mayores"]
"""


def bulletin(
    title: str = "IMSS inaugura un CECI",
    *,
    date: str | None = "2025-11-25",
    number: str | None = '"591/2025"',
    location: str | None = "Ciudad de México",
    highlights: tuple[str, ...] = (),
    tags: str = "[]",
    draft: bool = False,
    body: str = "El Instituto abrió un centro.\n",
) -> str:
    """The text of a bulletin file, every field on its own line like ``new`` writes them."""
    lines = ["---", f'title: "{title}"']
    lines.append(f"date: {date}" if date else "date:")
    lines.append(f"number: {number}" if number else "number:")
    lines.append(f"location: {location}" if location else "location:")
    if highlights:
        lines.append("highlights:")
        lines.extend(f'  - "{h}"' for h in highlights)
    else:
        lines.append("highlights: []")
    lines += ["links: []", f"tags: {tags}", "aliases: []", f"draft: {str(draft).lower()}", "---"]
    return "\n".join(lines) + "\n\n" + body


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
