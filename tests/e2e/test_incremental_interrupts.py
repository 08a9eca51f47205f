"""An incremental rebuild (warm cache, pages hard-linked from the last output, search
shards reused, the export spliced, rendering workers forked) stopped by SIGINT, SIGTERM or
SIGKILL at any moment leaves the old or the new site, and the next build equals a clean
build of the same content, whatever the interrupted one left in the cache."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
from reliability_support import SITE_YAML, looks_like_traceback
from test_durability import (
    build,
    digest_tree,
    generated_bulletin,
    site_entries,
    start_build,
    wait_for_orphans,
)

pytestmark = pytest.mark.slow

BULLETINS = 220  # over PARALLEL_MIN: forked rendering workers and export
EDITED = 17


def write_content(root: Path, version: int) -> None:
    """Version 0 is the archive; version 1 edits one bulletin and adds one."""
    for index in range(BULLETINS + 1):
        path, text = generated_bulletin(index)
        target = root / path
        if index == BULLETINS and version == 0:
            target.unlink(missing_ok=True)
            continue
        if index == EDITED and version == 1:
            text += "\nPárrafo **corregido** por la edición.\n"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, str]]:
    """Each version built clean (its own output folder, so its own cache)."""
    root = tmp_path_factory.mktemp("versions")
    (root / "site.yaml").write_text(SITE_YAML.format(search="true"), encoding="utf-8")
    found = {}
    for version in (0, 1):
        write_content(root, version)
        done = build(root, f"_v{version}")
        assert done.returncode == 0, done.stderr
        found[version] = digest_tree(root / f"_v{version}")
    assert found[0] != found[1]
    return found


def test_interrupted_incremental_rebuilds(
    references: dict[int, dict[str, str]], tmp_path: Path
) -> None:
    root = tmp_path / "site"
    root.mkdir()
    (root / "site.yaml").write_text(SITE_YAML.format(search="true"), encoding="utf-8")
    write_content(root, 0)
    assert build(root).returncode == 0
    entries = site_entries(root)
    write_content(root, 1)
    started = time.monotonic()
    assert build(root).returncode == 0  # an uninterrupted incremental rebuild, timed
    seconds = time.monotonic() - started
    assert digest_tree(root / "_site") == references[1]
    version = 1
    plan = [  # (Ctrl-C in the first tenth of a second is Python still starting up)
        ("SIGINT", 0.35),
        ("SIGKILL", 0.5),
        ("SIGTERM", 0.8),
        ("SIGKILL", 0.25),
        ("SIGINT", 0.65),
    ]
    stopped = 0
    for name, fraction in plan:
        # A rebuild can run faster than the timed one (the machine got quieter): then the
        # signal came too late, and the same signal is tried again sooner, never inside
        # the first tenths of a second, where Python itself is still starting.
        delay = seconds * fraction
        for _attempt in range(5):
            before, version = version, 1 - version
            write_content(root, version)
            process = start_build(root)
            time.sleep(delay)
            process.send_signal(getattr(signal, name))
            _, stderr = process.communicate(timeout=120)
            wait_for_orphans(root)
            where = f"{name} after {delay:.2f} s of a {seconds:.2f} s rebuild"
            if name != "SIGKILL":
                assert not looks_like_traceback(stderr), f"{where}: {stderr}"
            after = digest_tree(root / "_site")
            assert after in (references[before], references[version]), f"{where}: partial site"
            again = build(root)
            assert again.returncode == 0, f"{where}: {again.stderr}"
            assert digest_tree(root / "_site") == references[version], f"{where}: wrong rebuild"
            assert site_entries(root) == entries, f"{where}: leftovers beside _site"
            if process.returncode != 0:
                stopped += 1
                break
            delay = max(delay / 2, 0.2)
    assert stopped == len(plan), "some builds ended before they could be interrupted"
