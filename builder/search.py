"""The search index: Pagefind over the rendered site, in one bulk run, into ``<site>/pagefind/``.

Only bulletin pages are indexed: their templates mark the title, number, highlights and
body with ``data-pagefind-body`` (see ``theme/templates/partials/search_meta.html`` for the
metadata, filters and sort key), and Pagefind skips every page without that mark once one
page has it.

Why the bundled binary and not ``PagefindIndex.add_directory``: both run the same
executable from the ``pagefind-bin`` package, over the whole folder in one call. Measured
on 1,000 generated bulletin pages (2 cores, pagefind 1.5.2): the binary took 1.8-1.9 s,
the Python API 2.5-2.6 s (its service answers through a 0.1 s polling loop and writes the
bundle slower), and 2.9-4.2 s used as an ``async with`` block around an explicit
``write_files``, which writes the bundle twice, the second time into the *working
directory*. Once, closing the service right after ``write_files`` left a truncated
``pagefind-component-ui.js``; the binary writes everything before it exits.
``tests/search/bench_indexing.py`` repeats the comparison.

Pagefind's filter index comes out in a different order on every run;
:func:`builder.searchbundle.stabilise` rewrites it so the same site gives the same bundle.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from builder.config import SiteConfig
from builder.errors import BoletinesError, error
from builder.searchbundle import stabilise

BUNDLE_DIR = "pagefind"
BODY_MARK = b"data-pagefind-body"
TIMEOUT_SECONDS = 3600
_ERROR_LINES = 6


@dataclass(frozen=True)
class SearchStats:
    """What indexing did, for the build summary and the benchmark."""

    pages: int
    seconds: float
    bundle_dir: Path
    bundle_bytes: int


def pagefind_executable() -> Path:
    """The binary the ``pagefind-bin`` wheel ships (``PAGEFIND_BINARY_PATH`` overrides it)."""
    override = os.environ.get("PAGEFIND_BINARY_PATH")
    if override:
        return Path(override)
    from pagefind_bin import get_executable

    return get_executable()


def has_bulletin_pages(site_dir: Path) -> bool:
    """Whether any page carries the search mark; stops at the first one found.

    Without any marked page Pagefind would index every page whole (navigation, lists),
    and with none at all it fails, so an archive without bulletins gets no index.
    """
    for page in site_dir.rglob("*.html"):
        if page.is_relative_to(site_dir / BUNDLE_DIR):
            continue
        with page.open("rb") as handle:
            if BODY_MARK in handle.read():
                return True
    return False


def index_site(site_dir: Path, config: SiteConfig) -> SearchStats:
    """Index the bulletin pages under ``site_dir`` (a finished site) into ``site_dir/pagefind``.

    Raises :class:`BoletinesError` (code ``search.failed``) when Pagefind cannot run or
    fails, so the build stops before the old site is replaced.
    """
    started = time.perf_counter()
    bundle = site_dir / BUNDLE_DIR
    if not has_bulletin_pages(site_dir):
        return SearchStats(0, time.perf_counter() - started, bundle, 0)
    try:
        executable = pagefind_executable()
        command = [
            str(executable),
            "--site",
            str(site_dir),
            "--output-subdir",
            BUNDLE_DIR,
            "--force-language",
            config.language,
            "--silent",
        ]
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, ImportError, subprocess.TimeoutExpired) as exc:
        raise _failure(site_dir, str(exc)) from exc
    if result.returncode != 0:
        raise _failure(site_dir, _last_lines(result.stderr or result.stdout, result.returncode))
    pages = indexed_pages(bundle)
    if pages is None:
        raise _failure(site_dir, f"{bundle / 'pagefind-entry.json'} missing or unreadable")
    try:
        stabilise(bundle)
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise _failure(site_dir, f"unexpected Pagefind bundle in {bundle}: {exc!r}") from exc
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
    return SearchStats(pages, time.perf_counter() - started, bundle, size)


def indexed_pages(bundle: Path) -> int | None:
    """Page count from ``pagefind-entry.json`` (summed over languages), None if absent."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(int(lang["page_count"]) for lang in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _last_lines(output: str, returncode: int) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    detail = " ".join(lines[-_ERROR_LINES:])
    return detail or f"exit status {returncode}"


def _failure(site_dir: Path, detail: str) -> BoletinesError:
    return BoletinesError([error(str(site_dir), None, "search.failed", detail=detail)])
