"""Measuring a command: peak memory of the largest process, CPU of the tree, failures reported."""

from __future__ import annotations

import sys

from bench import measure
from bench.__main__ import one_line, tree_differences

ALLOCATE = "x = bytearray({mb} * 1024 * 1024); x[::4096] = b'1' * len(x[::4096])"


def test_peak_is_the_largest_process_not_the_sum(tmp_path):
    # A parent of ~10 MB runs two children in turn, of 80 MB and 40 MB.
    script = (
        "import subprocess, sys\n"
        f"for mb in (80, 40):\n"
        f"    subprocess.run([sys.executable, '-c', {ALLOCATE!r}.format(mb=mb)], check=True)\n"
    )
    result = measure.measure(
        [sys.executable, "-c", script], cwd=tmp_path, log=tmp_path / "log", runs=1
    )
    assert result.ok and result.runs == 1
    assert 80 * 2**20 <= result.peak_rss < 115 * 2**20
    assert result.cpu > 0 and result.wall >= result.cpu / 4


def test_a_failing_command_is_reported_with_its_output(tmp_path):
    script = "import sys; print('first'); sys.exit('config.yaml:3: bad value')"
    result = measure.measure([sys.executable, "-c", script], cwd=tmp_path, log=tmp_path / "log")
    assert not result.ok
    assert one_line(result.error) == "exit status 1: config.yaml:3: bad value"


def test_a_missing_program_is_a_failed_result(tmp_path):
    result = measure.measure([str(tmp_path / "nothing")], cwd=tmp_path, log=tmp_path / "log")
    assert not result.ok and "cannot run" in result.error


def test_tree_differences_names_changed_and_missing_files(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        (root / "x").mkdir(parents=True)
        (root / "x" / "same.html").write_text("same")
    (a / "x" / "changed.html").write_text("one")
    (b / "x" / "changed.html").write_text("two")
    (a / "only-a.xml").write_text("")
    assert tree_differences(a, b) == ["only-a.xml", "x/changed.html"]
    assert tree_differences(a, a) == []


# A parent touches 120 MB, then forks a child that lives 2.5 s beside it (PSS is read every
# second); the child either
# leaves the pages alone (they stay shared) or writes every one (it gets its own copy).
FORK = (
    "import os, time\n"
    "x = bytearray(120 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096])\n"
    "pid = os.fork()\n"
    "if pid == 0:\n"
    "    if {write}: x[::4096] = b'2' * len(x[::4096])\n"
    "    time.sleep(2.5)\n"
    "    os._exit(0)\n"
    "os.waitpid(pid, 0)\n"
)


def _fork_run(tmp_path, write: bool) -> measure.Result:
    script = FORK.format(write=write)
    result = measure.measure(
        [sys.executable, "-c", script], cwd=tmp_path, log=tmp_path / "log", runs=1
    )
    assert result.ok
    return result


def test_a_forked_child_sharing_its_pages_adds_rss_but_little_pss(tmp_path):
    result = _fork_run(tmp_path, write=False)
    # Both processes count the 120 MB in their resident set ...
    assert result.tree_rss >= 240 * 2**20
    # ... but physically they are there once.
    assert 120 * 2**20 <= result.tree_pss < 170 * 2**20


def test_a_forked_child_writing_its_pages_adds_them_to_pss(tmp_path):
    result = _fork_run(tmp_path, write=True)
    assert result.tree_rss >= 240 * 2**20
    assert result.tree_pss >= 240 * 2**20
