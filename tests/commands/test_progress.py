"""The progress bar: drawn only for a person at a terminal, only for tasks that take time."""

from __future__ import annotations

import io

import pytest

from builder.commands.progress import ProgressBar, in_ci, progress_bar, wants_progress


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

    from builder.build.steps import BuildOptions, build

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


def wait_for(predicate, timeout: float = 5.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_a_ticking_bar_shows_the_seconds_and_stays_until_the_command_ends():
    clock, stream = Clock(), Terminal()
    bar = ProgressBar("Compilando", stream, width=4, delay=0.5, clock=clock)
    with bar.ticking(interval=0.01):
        clock.now = 0.2
        wait_for(lambda: True)
        assert stream.getvalue() == ""  # short tasks never draw, ticking or not
        clock.now = 1.5  # loading: no count yet, the label and the time gone by
        wait_for(lambda: "\rCompilando · 1 s\x1b[K" in stream.getvalue())
        bar(2, 4)
        bar(4, 4)  # every page rendered: searching and writing go on, the bar stays
        clock.now = 3.0
        wait_for(lambda: "\rCompilando [####] 4/4 · 3 s\x1b[K" in stream.getvalue())
        assert not stream.getvalue().endswith("\r\x1b[K")
    assert stream.getvalue().endswith("\r\x1b[K")  # erased when the command is done
    finished = len(stream.getvalue())
    clock.now = 10.0
    import time

    time.sleep(0.05)
    assert len(stream.getvalue()) == finished  # the ticker has stopped


def test_a_ticking_bar_is_erased_when_the_command_fails():
    clock, stream = Clock(), Terminal()
    bar = ProgressBar("Compilando", stream, delay=0.0, clock=clock)
    with pytest.raises(KeyboardInterrupt), bar.ticking(interval=0.01):
        wait_for(lambda: "Compilando" in stream.getvalue())
        raise KeyboardInterrupt
    assert stream.getvalue().endswith("\r\x1b[K")


def test_the_build_command_ticks_its_bar_until_the_summary(tmp_path, monkeypatch, capsys):
    from editor_support import bulletin
    from helpers import make_tree

    import builder.commands.build as build_command
    from builder.cli import main

    make_tree(
        tmp_path,
        {"site.yaml": "title: Prueba\n", "content/2025/a.md": bulletin("A", number='"1/2025"')},
    )
    monkeypatch.chdir(tmp_path)
    terminal = Terminal()
    bars: list[ProgressBar] = []

    def bar(config, code):
        bars.append(ProgressBar("Compilando", terminal, delay=0.0))
        return bars[-1]

    monkeypatch.setattr(build_command, "site_progress_bar", bar)
    assert main(["build", "--no-search"]) == 0
    assert "\rCompilando [" in terminal.getvalue()
    assert "/1 · 0 s\x1b[K" in terminal.getvalue()  # drawn by a ticking bar
    assert terminal.getvalue().endswith("\r\x1b[K")
    assert bars[0]._ticker is None
    assert capsys.readouterr().out.startswith("1 bolet")  # the summary, after the bar


def test_check_shows_a_ticking_bar_on_a_terminal_and_erases_it(tmp_path, monkeypatch, capsys):
    from editor_support import bulletin
    from helpers import make_tree

    import builder.commands.check as check_command
    from builder.cli import main

    make_tree(tmp_path, {"site.yaml": "title: Prueba\n", "content/2025/a.md": bulletin("A")})
    monkeypatch.chdir(tmp_path)
    terminal = Terminal()
    labels: list[str] = []

    def bar(config, code):
        labels.append(code)
        return ProgressBar("Revisando", terminal, delay=0.0)

    real_check = check_command.check_site

    def slow_check(*args, **kwargs):  # as on a large archive: long enough for a redraw
        import time

        time.sleep(0.7)
        return real_check(*args, **kwargs)

    monkeypatch.setattr(check_command, "site_progress_bar", bar)
    monkeypatch.setattr(check_command, "check_site", slow_check)
    assert main(["check"]) == 0
    assert labels == ["progress.check"]
    assert terminal.getvalue().startswith("\rRevisando · 0 s\x1b[K")
    assert terminal.getvalue().endswith("\r\x1b[K")
    assert capsys.readouterr().out == "0 errores, 0 avisos en 1 boletín.\n"


def test_a_bar_with_the_time_left_estimates_it_from_the_pace_so_far():
    clock, stream = Clock(), Terminal()
    bar = ProgressBar(
        "Importando", stream, width=10, delay=0.5, clock=clock, remaining=lambda s: f"quedan {s} s"
    )
    bar(0, 40)
    clock.now = 2.0
    bar(10, 40)  # 10 in 2 s: 30 more take 6 s
    assert stream.getvalue() == "\rImportando [##        ] 10/40 · quedan 6 s\x1b[K"
    clock.now = 10.0
    bar(40, 40)  # done: no estimate, and the line is erased
    assert stream.getvalue().endswith("\rImportando [##########] 40/40\r\x1b[K")
