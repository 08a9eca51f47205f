"""Pages rendered in a pool of worker processes are the bytes one process makes."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

from builder.content.archive import build_archive
from builder.content.loader import load_content
from builder.core.i18n import load_catalog
from builder.core.settings import load_settings
from builder.output.writer import Spooled
from builder.render import parallel
from builder.render.parallel import PARALLEL_MIN
from builder.render.site import RenderOptions, render_site
from builder.render.spooled import TextRef

TOPICS = ("salud", "guarderías", "pensiones", "personas mayores", "IMSS-Bienestar")


def write_archive(root: Path, count: int) -> None:
    """``count`` varied bulletins (dates, tags, links, Markdown) and a site.yaml."""
    (root / "site.yaml").write_text('title: "Prueba"\nbase_url: "/archivo/"\n', encoding="utf-8")
    for i in range(count):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=i * 5)
        dated = i % 17 != 0
        folder = str(day.year) if dated else "sin-fecha"
        path = root / "content" / folder / f"boletin-{i:04d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = ["---", f'title: "Boletín {i}: programa {i % 13}"']
        if dated:
            lines += [f"date: {day.isoformat()}", f'number: "{i}/{day.year}"']
        lines += [
            f"tags: [{TOPICS[i % 5]}, {TOPICS[(i * 3 + 1) % 5]}]",
            f'links: [{{label: Fotos, url: "https://example.org/{i}", kind: photos}}]',
            "---",
            f"Párrafo con **negritas** {i} y [un enlace](/2020/boletin-{i:04d}/).",
            "",
            "- uno\n- dos",
            "",
        ]
        path.write_text("\n".join(lines), encoding="utf-8")


def test_parallel_pages_equal_serial_pages(tmp_path: Path) -> None:
    count = PARALLEL_MIN + 100
    write_archive(tmp_path, count)
    config = load_settings(tmp_path / "site.yaml")
    loaded = load_content(tmp_path / "content", config)
    assert not loaded.errors
    archive = build_archive(loaded.bulletins)
    catalog = load_catalog(config.language)
    seen: list[tuple[int, int]] = []
    serial = render_site(archive, config, catalog, RenderOptions(workers=1))
    parallel = render_site(
        archive,
        config,
        catalog,
        RenderOptions(workers=2, progress=lambda n, t: seen.append((n, t))),
    )
    assert len(archive.bulletins) == count
    assert parallel.files.keys() == serial.files.keys()
    assert parallel.files == serial.files
    assert parallel.bodies == serial.bodies
    assert seen[-1] == (count, count) and len(seen) > 1


SIGTERM_AT_FORK = """
import os, signal, sys
from builder.cli import main
sent = []
def terminate_once():
    if not sent:
        sent.append(True)
        os.kill(os.getpid(), signal.SIGTERM)
os.register_at_fork(after_in_parent=terminate_once)
sys.exit(main(["build", "--no-search"]))
"""


def test_sigterm_while_forking_workers_stops_the_build_cleanly(tmp_path: Path) -> None:
    """A SIGTERM that lands inside the fork (as a cancelled CI job's can) still unwinds
    the build: no "Exception ignored" traceback, no half-written site, status 143."""
    write_archive(tmp_path, PARALLEL_MIN + 20)
    result = subprocess.run(
        [sys.executable, "-c", SIGTERM_AT_FORK],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 128 + signal.SIGTERM, result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert not (tmp_path / "_site").exists()
    assert not list(tmp_path.glob(".boletines-build-*")), "temporary folder left behind"


def test_with_a_spool_folder_pages_and_export_are_written_there_with_the_same_bytes(
    tmp_path: Path,
) -> None:
    """The workers write the pages, the export child the export, into the spool folder;
    the site links those files instead of holding their bytes."""
    write_archive(tmp_path, PARALLEL_MIN + 50)
    config = load_settings(tmp_path / "site.yaml")
    archive = build_archive(load_content(tmp_path / "content", config).bulletins)
    catalog = load_catalog(config.language)
    spool = tmp_path / "spool"
    spool.mkdir()
    in_memory = render_site(archive, config, catalog, RenderOptions(workers=2))
    spooled = render_site(archive, config, catalog, RenderOptions(workers=2, spool=spool))
    assert spooled.files == in_memory.files
    assert spooled.bodies == in_memory.bodies
    contents = spooled.files.contents  # type: ignore[attr-defined]
    on_disk = {path for path, data in contents.items() if isinstance(data, Spooled)}
    pages = {f"{b.url_path}index.html" for b in archive.bulletins}
    assert len(on_disk & pages) == len(pages) - 1  # the first is made before the fork
    assert "bulletins.json" in on_disk
    # its records written by the processes that made the pages: this one's first, then two
    parts = sorted(p.name for p in spool.glob("records-*/*"))
    second = 1 + -(-(len(archive.bulletins) - 1) // 2)  # where the second worker's slice starts
    assert parts == ["records-000000000", "records-000000001", f"records-{second:09d}"]
    assert {"index.html", "2020/index.html"} <= on_disk  # listings, as they are made
    bodies_on_disk = [
        b for b in archive.bulletins if isinstance(spooled.bodies.raw(b.slug_path), TextRef)
    ]
    assert len(bodies_on_disk) == len(pages) - 1
    assert all(contents[path].path.is_relative_to(spool) for path in on_disk)
    assert not any(isinstance(data, Spooled) for data in in_memory.files.contents.values())  # type: ignore[attr-defined]


def test_each_slice_is_rendered_by_a_fresh_worker_of_its_own(tmp_path: Path, monkeypatch) -> None:
    """A worker renders at most CHUNK pages and exits (its memory grows with what it reads
    of the parent's); the slices are shared evenly between the workers and the pages come
    back in order."""
    write_archive(tmp_path, PARALLEL_MIN + 100)
    config = load_settings(tmp_path / "site.yaml")
    archive = build_archive(load_content(tmp_path / "content", config).bulletins)
    catalog = load_catalog(config.language)
    serial = render_site(archive, config, catalog, RenderOptions(workers=1))
    log = tmp_path / "workers.log"
    render_slice = parallel._render_slice

    def logged(renderer, bulletins, start, stop, *args):
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {start} {stop}\n")
        return render_slice(renderer, bulletins, start, stop, *args)

    monkeypatch.setattr(parallel, "_render_slice", logged)
    monkeypatch.setattr(parallel, "CHUNK", 40)
    chunked = render_site(archive, config, catalog, RenderOptions(workers=2))
    assert chunked.files == serial.files
    assert chunked.bodies == serial.bodies
    runs = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    assert len({pid for pid, _start, _stop in runs}) == len(runs) == 8  # 299 pages, 2 x 4
    assert sorted((int(start), int(stop)) for _pid, start, stop in runs) == [
        (1, 39), (39, 77), (77, 115), (115, 153), (153, 191), (191, 229), (229, 267),
        (267, 300),
    ]  # fmt: skip
