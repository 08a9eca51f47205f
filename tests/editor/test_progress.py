"""The progress bar: drawn only for a person at a terminal, only for tasks that take time."""

from __future__ import annotations

import io

import pytest

from builder.progress import ProgressBar, in_ci, progress_bar, wants_progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_quiet_when_piped_or_in_ci(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("CI", raising=False)
    assert progress_bar("Compilando", io.StringIO()) is None
    assert isinstance(progress_bar("Compilando", Terminal()), ProgressBar)
    monkeypatch.setenv("CI", "true")
    assert not wants_progress(Terminal())
    assert progress_bar("Compilando", Terminal()) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", False), ("0", False), ("false", False), ("true", True), ("1", True)],
)
def test_ci_values(value: str, expected: bool):
    assert in_ci({"CI": value}) is expected


def test_short_tasks_never_draw_and_long_ones_draw_then_erase():
    clock, stream = Clock(), Terminal()
    bar = ProgressBar("Compilando", stream, width=10, delay=0.5, clock=clock)
    bar(0, 4)
    clock.now = 0.2
    bar(1, 4)
    assert stream.getvalue() == ""
    clock.now = 0.6
    bar(2, 4)
    assert stream.getvalue() == "\rCompilando [#####     ] 2/4"
    clock.now = 0.65
    bar(3, 4)  # within a tenth of a second: not redrawn
    assert stream.getvalue().count("\r") == 1
    clock.now = 0.66
    bar(4, 4)  # the end is always drawn, then the line is erased
    assert stream.getvalue().endswith("\rCompilando [##########] 4/4\r\x1b[K")


def test_the_build_reports_progress_once_per_bulletin(tmp_path):
    from editor_support import bulletin
    from helpers import make_tree

    from builder.build import BuildOptions, build

    make_tree(
        tmp_path,
        {
            "site.yaml": "title: Prueba\n",
            "content/2025/a.md": bulletin("A", number='"1/2025"'),
            "content/2025/b.md": bulletin("B", number='"2/2025"'),
            "content/2025/c.md": bulletin("C", number='"3/2025"'),
        },
    )
    calls: list[tuple[int, int]] = []
    options = BuildOptions(
        tmp_path / "site.yaml",
        tmp_path / "content",
        tmp_path / "_site",
        search=False,
        progress=lambda done, total: calls.append((done, total)),
    )
    build(options)
    assert calls == [(1, 3), (2, 3), (3, 3)]
