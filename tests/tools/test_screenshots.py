"""``make screenshots`` (python -m builder.tools.screenshots): the PNGs it promises, and
clean messages when the site cannot be built."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import make_tree
from site_support import FILES

from builder.tools.screenshots import CHROMIUM

pytestmark = pytest.mark.browser


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    if not Path(CHROMIUM).is_file():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing")
        pytest.skip("chromium is missing")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    make_tree(tmp_path / "site", FILES)
    return tmp_path / "site"


def shoot(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder.tools.screenshots", *args],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=300,
    )


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_pictures_of_each_page_kind_at_both_widths(site: Path, tmp_path: Path):
    result = shoot(site)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "9 screenshots in screenshots/\n"
    shots = {p.name: png_size(p) for p in (site / "screenshots").glob("*.png")}
    names = {
        f"{page}-{width}.png"
        for page in ("home", "bulletin", "year", "404")
        for width in (375, 1280)
    }
    assert set(shots) == names | {"home-1280-dark.png"}
    for name, (width, height) in shots.items():
        assert width == (375 if "-375" in name else 1280), name
        assert height >= 600, name  # a whole page, not an empty frame
    # The bulletin is the newest one: a long page, taller than the 404 page.
    assert shots["bulletin-375.png"][1] > shots["404-375.png"][1]
    # Light and dark are different pictures.
    dark, light = site / "screenshots/home-1280-dark.png", site / "screenshots/home-1280.png"
    assert dark.read_bytes() != light.read_bytes()
    # The throwaway build leaves no cache folder behind.
    assert not any((tmp_path / "cache").glob("boletines/*"))


def test_bad_content_is_reported_like_the_build_does(site: Path):
    (site / "content/2025/roto.md").write_text("---\ntitle: [sin cerrar\n---\n", encoding="utf-8")
    result = shoot(site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("content/2025/roto.md:2: ")
    assert not (site / "screenshots").exists()
