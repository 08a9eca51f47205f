"""The preview server started on a throwaway archive, for the tests that watch it work."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from editor_support import bulletin
from serving import SOURCE, Served, start_serve


@pytest.fixture
def served(site: Path, write) -> Iterator[Served]:
    site.joinpath("site.yaml").write_text('base_url: "/archivo/"\n', encoding="utf-8")
    write({SOURCE.removeprefix("content/"): bulletin(body="Primera versión del texto.\n")})
    running = start_serve(site, "--no-search")
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()
