"""The locks that make build and make test install from agree with pyproject.toml: every
dependency is pinned to one version inside its range, with hashes, so a fresh clone
installs exactly what was tested."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)


def pins(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    found = {canonicalize_name(m[1]): m[2] for m in PIN.finditer(text)}
    blocks = re.split(r"\n(?=\S)", text.split("\n", 2)[2])
    for block in blocks:
        if PIN.match(block):
            assert "--hash=sha256:" in block, f"{name}: no hash for {block.split()[0]}"
    return found


def requirements(*extras: str) -> list[Requirement]:
    wanted = list(PROJECT["dependencies"])
    for extra in extras:
        wanted += PROJECT["optional-dependencies"][extra]
    return [Requirement(text) for text in wanted]


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("requirements.lock", ()), ("requirements-test.lock", ("test", "lock"))],
)
def test_every_dependency_is_pinned_inside_its_range(lock: str, extras: tuple[str, ...]) -> None:
    pinned = pins(lock)
    for requirement in requirements(*extras):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{lock} does not pin {name}: run make lock"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"{lock} pins {name}=={pinned[name]}, outside {requirement.specifier}: run make lock"
        )
    assert "setuptools" in pinned, "the editable install builds with the locked setuptools"


def test_the_test_lock_pins_the_application_alike() -> None:
    app, test = pins("requirements.lock"), pins("requirements-test.lock")
    differ = {name: (v, test.get(name)) for name, v in app.items() if test.get(name) != v}
    assert not differ, f"the two locks disagree: {differ}; run make lock"


def test_every_range_has_an_upper_bound() -> None:
    """A floor alone lets the next major release into installs made another way."""
    for requirement in requirements("test", "lock"):
        assert any(s.operator in ("<", "<=", "~=", "==") for s in requirement.specifier), (
            requirement
        )
