"""Fingerprints: the strings page keys are made of."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from builder.content.model import Bulletin
from builder.render.keys import Fingerprints


def bulletin(i: int, digest: str) -> Bulletin:
    return Bulletin(
        Path(f"content/2024/b-{i}.md"), f"2024/b-{i}", f"Boletín {i}", "Texto.", digest=digest
    )


def test_renewed_fingerprints_know_the_same_bulletins_and_give_the_same_strings():
    kept, edited, gone = bulletin(1, "a" * 64), bulletin(2, "b" * 64), bulletin(3, "c" * 64)
    first = Fingerprints()
    before = {b.slug_path: first.bulletin(b) for b in (kept, edited, gone)}
    changed = dataclasses.replace(edited, digest="d" * 64)  # the file saved again
    renewed = first.renewed([kept, changed])
    assert renewed._bulletins == {id(kept): before["2024/b-1"]}  # nothing of the others
    assert renewed.bulletin(kept) == Fingerprints().bulletin(kept) == before["2024/b-1"]
    assert renewed.bulletin(changed) == Fingerprints().bulletin(changed) != before["2024/b-2"]


def test_a_dataclass_is_keyed_on_each_of_its_fields_by_name():
    fingerprints = Fingerprints()
    shown = dataclasses.make_dataclass("Shown", ["label", "url"])
    other = dataclasses.make_dataclass("Other", ["url"])
    assert fingerprints.value(shown("a", "b")) == "Shown[label='a',url='b']"
    assert fingerprints.value(other("b")) == "Other[url='b']"  # its own fields, not Shown's
    one = bulletin(1, "")  # made in code, not read from a file: every field counts
    assert fingerprints.value(one) != fingerprints.value(dataclasses.replace(one, title="Otro"))
