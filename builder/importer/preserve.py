"""The word-preservation check: every word of the source is in the output.

Words are counted, not just collected, so a paragraph dropped while an identical one is
kept (000 repeats a quote) is still noticed. The only words allowed to disappear are
those of lines the cleaner dropped (letterhead, page marks) and text the parser used
up (header lines, link labels); everything else must appear in the title, highlights,
body, place, number or link URLs. A word a line break had split with a hyphen
("construc-" + "ción") is expected whole ("construcción"), so a join that went wrong
("construc ción", or a half lost) is noticed too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from builder.importer.hyphens import Join
from builder.importer.model import Preservation

_WORD = re.compile(r"[^\W_]+")
"""Letters and digits; "_" is a Markdown mark, so "CECI-IMSS" and "a_b" are two words."""


def words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text))


def check(
    source: str, allowed_to_drop: Iterable[str], output: Iterable[str], joins: Iterable[Join] = ()
) -> Preservation:
    """Compare the words of ``source`` minus ``allowed_to_drop`` with those of ``output``;
    each of ``joins`` turns its two halves in the source into one expected word."""
    expected = words(source)
    for text in allowed_to_drop:
        expected.subtract(words(text))
    for join in joins:
        expected.subtract((join.left, join.right))
        expected[join.word] += 1
    found: Counter[str] = Counter()
    for text in output:
        found.update(words(text))
    lost = sorted(word for word, count in expected.items() if count > found[word])
    return Preservation(words=sum(n for n in expected.values() if n > 0), lost=tuple(lost))
