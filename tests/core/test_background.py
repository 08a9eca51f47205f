"""A step forked into a second process gives its value, its failure, or nothing left over."""

from __future__ import annotations

import os

import pytest

from builder.core.background import Forked


def test_the_value_comes_back_from_the_child() -> None:
    parent = os.getpid()
    assert Forked(lambda: {"pid": os.getpid(), "data": b"x" * 200_000}).result()["data"] == (
        b"x" * 200_000
    )
    assert Forked(os.getpid).result() != parent


def test_a_failure_in_the_child_is_raised_in_the_build() -> None:
    def broken() -> None:
        raise ValueError("no such body")

    with pytest.raises(RuntimeError, match="no such body"):
        Forked(broken).result()


def test_a_cancelled_child_is_killed_and_reaped() -> None:
    forked = Forked(lambda: __import__("time").sleep(60))
    pid = forked._pid
    assert pid is not None
    forked.cancel()
    forked.cancel()  # twice is harmless
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no zombie left
