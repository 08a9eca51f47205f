"""Shared test settings and fixtures.

Hypothesis profiles: ``ci`` (the default) keeps property tests short so the whole suite stays fast;
``fuzz`` (``HYPOTHESIS_PROFILE=fuzz``, used by ``make fuzz``) runs the long campaign:
100,000 examples per property, or ``FUZZ_EXAMPLES`` when set.

Fixtures used by tests of several packages: ``site``, ``cli`` and ``write`` (a throwaway
archive and the CLI run inside it), ``build_site`` and ``site_url`` (a small site with
every page kind, built into a temporary folder and served).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from editor_support import SITE_YAML
from helpers import make_tree
from hypothesis import HealthCheck, settings
from site_support import FILES

from builder.build.steps import BuildOptions, BuildReport, build
from builder.cli import main
from builder.tools.screenshots import serve

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

_CACHE_HOME: str | None = None


def pytest_configure(config: object) -> None:
    """Builds in tests keep their cache in a throwaway folder, never the user's ~/.cache."""
    global _CACHE_HOME
    _CACHE_HOME = tempfile.mkdtemp(prefix="boletines-test-cache-")
    os.environ["XDG_CACHE_HOME"] = _CACHE_HOME


def pytest_unconfigure(config: object) -> None:
    if _CACHE_HOME:
        shutil.rmtree(_CACHE_HOME, ignore_errors=True)


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An archive folder with site.yaml and an empty content/, as the working directory
    (so paths show as content/...)."""
    make_tree(tmp_path, {"site.yaml": SITE_YAML})
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def cli(site: Path, capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run ``boletines <args>`` in the archive; its exit status and what it printed."""

    def run(*args: str) -> Result:
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def write(site: Path) -> Callable[[dict[str, str]], Path]:
    def run(files: dict[str, str]) -> Path:
        return make_tree(site / "content", files)

    return run


@pytest.fixture
def site_files() -> dict[str, str]:
    return dict(FILES)


BuildSite = Callable[..., tuple[Path, BuildReport]]


@pytest.fixture
def build_site(tmp_path: Path) -> BuildSite:
    """``build_site(files=None, out="_site", **options)`` -> (output folder, report)."""

    def run(files: dict[str, str] | None = None, out: str = "_site", **options: object):
        root = tmp_path / "site"
        if not root.exists():
            make_tree(root, FILES if files is None else files)
        (root / "content").mkdir(exist_ok=True)
        options.setdefault("search", False)
        report = build(
            BuildOptions(
                config_path=root / "site.yaml",
                content_dir=root / "content",
                out_dir=root / out,
                **options,  # type: ignore[arg-type]
            )
        )
        return root / out, report

    return run


@pytest.fixture
def site_url(build_site):
    """The small site built and served under its base path; its URL."""
    out, _ = build_site()
    with serve(out) as base:
        yield base
