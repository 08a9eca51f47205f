"""The canonical rewrite of Pagefind's filter and metadata files."""

from __future__ import annotations

import pytest

from builder.search.bundle import CborMap, cbor_decode, cbor_encode


@pytest.mark.parametrize(
    "value",
    [
        0,
        23,
        24,
        255,
        256,
        65535,
        65536,
        2**32,
        -1,
        -500,
        "",
        "guarderías",
        b"\x00\xff",
        [],
        [1, ["a", [2, 3]]],
        CborMap([("k", 1), ("z", [True, False, None])]),
    ],
)
def test_cbor_round_trip(value):
    assert cbor_decode(cbor_encode(value)) == value


def test_cbor_uses_the_shortest_form():
    assert cbor_encode(23) == b"\x17"
    assert cbor_encode(24) == b"\x18\x18"
    assert cbor_encode(500) == b"\x19\x01\xf4"
    assert cbor_encode("año") == b"\x64a\xc3\xb1o"


def test_trailing_bytes_are_an_error():
    with pytest.raises(ValueError):
        cbor_decode(b"\x01\x02")
