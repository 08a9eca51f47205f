"""Named, timed steps: what a build reports as the time each step took."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class Timer:
    """``with timed("search"): ...`` adds the time the block took to ``steps["search"]``."""

    def __init__(self, steps: dict[str, float]) -> None:
        self.steps = steps

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.steps[name] = self.steps.get(name, 0.0) + time.perf_counter() - started
