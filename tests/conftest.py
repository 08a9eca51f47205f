"""Shared test settings: Hypothesis profiles.

``ci`` (the default) keeps property tests short so the whole suite stays fast;
``fuzz`` (``HYPOTHESIS_PROFILE=fuzz``, used by ``make fuzz``) runs the long campaign:
100,000 examples per property, or ``FUZZ_EXAMPLES`` when set.
"""

from __future__ import annotations

import os
import shutil
import tempfile

from hypothesis import HealthCheck, settings

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
