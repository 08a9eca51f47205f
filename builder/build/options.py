"""What a build is asked to do, and what it reports back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from builder.core.errors import Diagnostic


@dataclass(frozen=True)
class BuildOptions:
    config_path: Path = Path("site.yaml")
    content_dir: Path = Path("content")
    out_dir: Path = Path("_site")
    base_url: str | None = None
    drafts: bool = False
    search: bool = True
    build_date: dt.date | None = None  # shown in the footer when given (SOURCE_DATE_EPOCH)
    # The moment the build publishes for (naive: the site's time zone): bulletins scheduled
    # after it are left out (kept, marked, with ``drafts``). None: the clock at the start.
    now: dt.datetime | None = None
    lock_timeout: float = 300.0
    # Called with (bulletins rendered, total) as pages are made: a progress bar on a terminal.
    progress: Callable[[int, int], None] | None = field(default=None, compare=False, repr=False)


@dataclass
class BuildReport:
    out_dir: Path
    language: str = "es"
    bulletins: int = 0
    pages: int = 0
    files: int = 0
    drafts_skipped: int = 0
    steps: dict[str, float] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)
    search_pages: int | None = None
    scheduled: int = 0  # bulletins left out because their publication time is later
    unchanged: bool = False  # nothing had changed since the last build; output untouched

    @property
    def seconds(self) -> float:
        return sum(self.steps.values())
