"""Durability: an interrupted or concurrent build never leaves a half-written site, and
the importer never half-writes or overwrites an editor's file.

These run the installed ``boletines`` in subprocesses, as a user or CI would, on a
generated archive of a few hundred bulletins, and compare output folders byte for byte
with reference builds (the same input always gives the same bytes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from reliability_support import BOLETINES, SITE_YAML, looks_like_traceback, run_process

pytestmark = pytest.mark.slow

BULLETINS = 300
TOPICS = ("salud", "guarderías", "pensiones", "personas mayores", "IMSS-Bienestar")
PLACES = ("Ciudad de México", "Guadalajara, Jal.", "Monterrey, N.L.", "Mérida, Yuc.")


def generated_bulletin(index: int) -> tuple[str, str]:
    day = dt.date(2023, 1, 1) + dt.timedelta(days=index * 2)
    path = f"content/{day.year}/{day.isoformat()}-boletin-{index:04d}.md"
    paragraph = (
        f"El Instituto informó sobre el programa {index} de atención a derechohabientes, "
        "con servicios de salud, guarderías y prestaciones económicas en todo el país. "
    ) * 4
    text = f"""---
title: "Boletín {index}: avances del programa de atención número {index}"
date: {day.isoformat()}
number: "{index}/{day.year}"
location: {PLACES[index % len(PLACES)]}
highlights:
  - "Punto destacado {index} sobre el programa."
tags: [{TOPICS[index % len(TOPICS)]}, {TOPICS[(index * 3 + 1) % len(TOPICS)]}]
---
{paragraph}

{paragraph}
"""
    return path, text


def make_archive(root: Path, count: int = BULLETINS) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(SITE_YAML.format(search="true"), encoding="utf-8")
    for index in range(count):
        path, text = generated_bulletin(index)
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def add_bulletin(root: Path, index: int) -> None:
    path, text = generated_bulletin(index)
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text, encoding="utf-8")


def digest_tree(folder: Path) -> dict[str, str]:
    """Each file below ``folder`` (hidden ones too) and the SHA-256 of its bytes."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = "symlink:" + os.readlink(path)
        elif path.is_file():
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def build(root: Path, out: str = "_site") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BOLETINES), "build", "--out", out],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env=dict(os.environ, CI="true"),
    )


def wait_for_orphans(root: Path, timeout: float = 30) -> None:
    """Wait until no process mentions ``root`` in its command line.

    A SIGKILLed build cannot stop its Pagefind child, which finishes writing into the
    dead build's temporary folder; the next build removes that folder, and would race
    with the orphan if it were still writing (Linux /proc; elsewhere, a short pause).
    """
    proc = Path("/proc")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not proc.is_dir():
            time.sleep(2)
            return
        busy = False
        for entry in proc.iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                if str(root).encode() in (entry / "cmdline").read_bytes():
                    busy = True
                    break
            except OSError:
                continue
        if not busy:
            return
        time.sleep(0.1)


def site_entries(root: Path) -> set[str]:
    """What sits beside the output folder: leftovers of a build would show up here."""
    return {entry.name for entry in root.iterdir()}


@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The archive, built before and after one more bulletin is added, timed."""
    root = make_archive(tmp_path_factory.mktemp("archive"))
    started = time.monotonic()
    first = build(root)
    seconds = time.monotonic() - started
    assert first.returncode == 0, first.stderr
    old = digest_tree(root / "_site")
    entries = site_entries(root)
    add_bulletin(root, BULLETINS)
    second = build(root, "_reference")
    assert second.returncode == 0, second.stderr
    new = digest_tree(root / "_reference")
    shutil.rmtree(root / "_reference")
    (root / ".boletines-_reference.lock").unlink()
    (root / generated_bulletin(BULLETINS)[0]).unlink()
    assert old != new
    return {"root": root, "old": old, "new": new, "seconds": seconds, "entries": entries}


def fresh_copy(references: dict[str, object], target: Path) -> Path:
    shutil.copytree(references["root"], target, symlinks=True)
    add_bulletin(target, BULLETINS)
    return target


SIGNALS = {"SIGINT": signal.SIGINT, "SIGTERM": signal.SIGTERM, "SIGKILL": signal.SIGKILL}


def default_sigint() -> None:
    """In the child: Ctrl-C acts, even when the tests run as a background job (which
    starts with SIGINT ignored, and the build would then never see it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_build(root: Path) -> subprocess.Popen:
    """``boletines build`` in ``root`` as a child to interrupt, Ctrl-C reaching it as
    from a terminal; its output is kept for the test to read."""
    return subprocess.Popen(
        [str(BOLETINES), "build"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, CI="true"),
        preexec_fn=default_sigint,
    )


def wait_for_writing(root: Path, process: subprocess.Popen, timeout: float = 60) -> None:
    """Return once the build has started writing its temporary folder (or has ended)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if any(root.glob(".boletines-build-_site-*")):
            return
        time.sleep(0.005)


@pytest.mark.parametrize("moment", ["rendering", "writing", "writing+0.2"])
@pytest.mark.parametrize("name", sorted(SIGNALS))
def test_interrupted_build_leaves_old_or_new_site_and_next_build_succeeds(
    references: dict[str, object], tmp_path: Path, name: str, moment: str
) -> None:
    root = fresh_copy(references, tmp_path / "site")
    process = start_build(root)
    if moment == "rendering":  # content loaded, pages being rendered in memory
        time.sleep(references["seconds"] * 0.35)
    else:  # files going into the temporary folder, or Pagefind indexing it
        wait_for_writing(root, process)
        time.sleep(0.2 if moment == "writing+0.2" else 0.0)
    process.send_signal(SIGNALS[name])
    _, stderr = process.communicate(timeout=120)
    wait_for_orphans(root)
    if moment == "writing":
        assert process.returncode != 0, "the build ended before it could be interrupted"

    if name != "SIGKILL":
        assert not looks_like_traceback(stderr), stderr
        assert process.returncode != 0 or digest_tree(root / "_site") == references["new"]
    after = digest_tree(root / "_site")
    assert after in (references["old"], references["new"]), "partial site in _site"

    again = build(root)
    assert again.returncode == 0, again.stderr
    assert digest_tree(root / "_site") == references["new"]
    assert site_entries(root) == references["entries"], "leftovers beside _site"


def test_concurrent_builds_do_not_corrupt_the_output(
    references: dict[str, object], tmp_path: Path
) -> None:
    root = fresh_copy(references, tmp_path / "site")
    env = dict(os.environ, CI="true")
    processes = [
        subprocess.Popen(
            [str(BOLETINES), "build"],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(3)
    ]
    outcomes = [(p.wait(timeout=300), p.stderr.read()) for p in processes]
    for process in processes:
        process.stdout.close()
        process.stderr.close()
    codes = [code for code, _ in outcomes]
    assert 0 in codes, outcomes
    for code, stderr in outcomes:
        assert not looks_like_traceback(stderr), stderr
        if code != 0:  # refused: a clear one-line reason naming the output folder
            assert code == 1 and "_site" in stderr, stderr
    assert digest_tree(root / "_site") == references["new"]
    assert site_entries(root) == references["entries"]


def test_stale_temporary_folders_do_not_break_the_next_build(
    references: dict[str, object], tmp_path: Path
) -> None:
    """A build killed at the worst moment, simulated: every partial thing it could leave."""
    root = fresh_copy(references, tmp_path / "site")
    process = subprocess.Popen([str(BOLETINES), "build"], cwd=root, env=dict(os.environ, CI="true"))
    time.sleep(references["seconds"] * 0.6)
    process.kill()
    process.wait()
    wait_for_orphans(root)
    leftovers = site_entries(root) - references["entries"]
    again = build(root)
    assert again.returncode == 0, again.stderr
    assert digest_tree(root / "_site") == references["new"]
    assert site_entries(root) == references["entries"], leftovers


# --- the importer -----------------------------------------------------------------------

RAW = """BOLETÍN DE PRENSA

Ciudad de México, martes 25 de noviembre de 2025

No. {number}/2025

IMSS amplía la atención número {number} en guarderías

- **El Seguro Social informó avances del programa {number}.**

El Instituto Mexicano del Seguro Social informó que el programa {number} de guarderías
atiende a más niñas y niños en todo el país.

---o0o---
"""


def test_import_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    raw = tmp_path / "boletin.txt"
    raw.write_text(RAW.format(number=1), encoding="utf-8")
    first = run_process(["import", str(raw), "--out", "content"], tmp_path)
    assert first.code == 0, first.text
    written = [p for p in (tmp_path / "content").rglob("*.md")]
    assert len(written) == 1
    target = written[0]
    target.write_text(target.read_text(encoding="utf-8") + "\nCorrección del editor.\n")
    edited = target.read_bytes()

    again = run_process(["import", str(raw), "--out", "content"], tmp_path)
    assert again.code == 1
    assert not looks_like_traceback(again.err), again.err
    shown = target.relative_to(tmp_path).as_posix()
    assert shown in again.text and "--force" in again.text
    assert target.read_bytes() == edited

    forced = run_process(["import", str(raw), "--out", "content", "--force"], tmp_path)
    assert forced.code == 0, forced.text
    assert b"Correcci\xc3\xb3n del editor" not in target.read_bytes()
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (Linux: /proc), empty where that cannot be read."""
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="ascii")
    except OSError:
        return []
    return [int(word) for word in found.split()]


def alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie is not running: its parent has not reaped it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
    except OSError:
        return False
    return state[0] != "Z"


def test_killed_import_leaves_only_complete_files(tmp_path: Path) -> None:
    raws = []
    for number in range(1, 201):
        raw = tmp_path / "raw" / f"{number:03d}.txt"
        raw.parent.mkdir(exist_ok=True)
        raw.write_text(RAW.format(number=number), encoding="utf-8")
        raws.append(str(raw))
    reference = run_process(["import", *raws, "--out", "reference"], tmp_path, timeout=300)
    assert reference.code == 0, reference.text[-2000:]
    expected = {
        p.relative_to(tmp_path / "reference").as_posix(): p.read_bytes()
        for p in (tmp_path / "reference").rglob("*.md")
    }
    assert len(expected) == 200

    started_workers = False
    for delay in (0.3, 0.6, 1.0):
        out = tmp_path / f"content-{delay}"
        process = subprocess.Popen(
            [str(BOLETINES), "import", *raws, "--out", out.name],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        workers = children(process.pid)
        started_workers = started_workers or bool(workers)
        process.kill()
        process.wait()
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if alive(pid)], "workers outlived a killed import"
        for path in out.rglob("*") if out.exists() else []:
            if path.is_dir():
                continue
            name = path.relative_to(out).as_posix()
            if path.name.startswith("."):
                continue  # a temporary file SIGKILL cut short; hidden, so never loaded
            assert name in expected, f"stray file {name} left by a killed import"
            assert path.read_bytes() == expected[name], f"{name} is half-written"
    assert started_workers, "no delay caught the import with its worker processes"
