"""A step run in a thread while the build writes pages: its value, or its exception."""

from __future__ import annotations

import threading

import pytest

from builder.core.background import Threaded


def test_the_value_comes_back() -> None:
    assert Threaded(lambda: threading.current_thread() is not threading.main_thread()).result()


def test_the_exception_is_raised_by_result_and_wait_does_not_raise() -> None:
    def fail() -> int:
        raise ValueError("boom")

    step = Threaded(fail)
    step.wait()
    with pytest.raises(ValueError, match="boom"):
        step.result()
