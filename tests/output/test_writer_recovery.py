"""What a build killed with SIGKILL can leave beside the output folder, and how the next
build recovers from it: the states are made by hand here, since SIGKILL cannot be caught
at the exact moment (the subprocess tests in tests/e2e/test_durability.py hit them by timing)."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest
from reliability_support import snapshot, write_site

import builder.commands.build
from builder import cli
from builder.build.steps import BuildOptions, build
from builder.output import writer as output


def build_here(root: Path) -> None:
    before = os.getcwd()
    os.chdir(root)
    try:
        build(BuildOptions(search=False))
    finally:
        os.chdir(before)


@pytest.fixture
def built(tmp_path: Path) -> Path:
    root = write_site(tmp_path / "site")
    build_here(root)
    return root


def test_stale_temporary_and_old_folders_are_removed(built: Path) -> None:
    expected = snapshot(built / "_site")
    (built / f"{output.TEMP_PREFIX}_site-k1ll3d_x" / "2025").mkdir(parents=True)
    (built / f"{output.TEMP_PREFIX}_site-k1ll3d_x" / "2025" / "half.html").write_bytes(b"<p")
    (built / f"{output.OLD_PREFIX}_site-k1ll3d_x").mkdir()
    (built / f"{output.OLD_PREFIX}_site-k1ll3d_x" / "index.html").write_bytes(b"old")
    for other in ("elsewhere-x", "_site-preview-abc123"):  # other outputs': not ours
        (built / f"{output.TEMP_PREFIX}{other}").mkdir()

    build_here(built)

    assert snapshot(built / "_site") == expected
    leftovers = {p.name for p in built.iterdir() if p.name.startswith(".boletines-")}
    assert leftovers == {
        f"{output.TEMP_PREFIX}elsewhere-x",
        f"{output.TEMP_PREFIX}_site-preview-abc123",
        output.lock_path(Path("_site")).name,
    }


def test_site_moved_aside_by_a_killed_swap_is_put_back_first(built: Path) -> None:
    """Killed between the two renames: no _site, the previous one under OLD_PREFIX."""
    expected = snapshot(built / "_site")
    (built / "_site").rename(built / f"{output.OLD_PREFIX}_site-k1ll3d_x")
    output.clear_leftovers(built / "_site")
    assert snapshot(built / "_site") == expected
    assert not list(built.glob(f"{output.OLD_PREFIX}*"))


def test_sigterm_becomes_a_clean_exit_only_while_a_command_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The CLI turns SIGTERM into SystemExit(143), so the build's cleanup runs, and puts
    the previous handler back afterwards."""
    before = signal.getsignal(signal.SIGTERM)
    seen: list[object] = []

    def probe(args: object) -> int:
        seen.append(signal.getsignal(signal.SIGTERM))
        os.kill(os.getpid(), signal.SIGTERM)
        return 0

    monkeypatch.setattr(builder.commands.build, "run", probe)
    with pytest.raises(SystemExit) as exited:
        cli.main(["build"])
    assert exited.value.code == 128 + signal.SIGTERM
    assert seen and seen[0] is not before
    assert signal.getsignal(signal.SIGTERM) == before


def test_ctrl_c_while_the_commands_load_is_a_quiet_exit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Found by interrupting builds at random moments: Ctrl-C during the imports that
    building the parser does printed a KeyboardInterrupt traceback."""

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_parser", interrupted)
    assert cli.main(["build"]) == 130
    assert "Traceback" not in capsys.readouterr().err


def test_a_dead_build_s_spool_folder_is_removed_and_a_live_one_kept(tmp_path: Path) -> None:
    out = tmp_path / "_site"
    dead = subprocess.Popen(["true"])
    dead.wait()
    gone = tmp_path / f"{output.SPOOL_PREFIX}_site-{dead.pid}-abc_1"
    alive = output.new_spool_dir(out)
    other = tmp_path / f"{output.SPOOL_PREFIX}_site2-{dead.pid}-abc_3"
    for folder in (gone, alive, other):
        (folder / "pages-x").mkdir(parents=True)
    assert alive.name.startswith(f"{output.SPOOL_PREFIX}_site-{os.getpid()}-")
    output.clear_leftovers(out)
    assert not gone.exists()
    assert alive.exists() and other.exists()
