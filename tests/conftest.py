"""Shared test settings: Hypothesis profiles.

``ci`` (the default) keeps property tests short so the whole suite stays fast;
``fuzz`` (``HYPOTHESIS_PROFILE=fuzz``, used by ``make fuzz``) runs the long campaign:
100,000 examples per property, or ``FUZZ_EXAMPLES`` when set.
"""

from __future__ import annotations

import os

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
