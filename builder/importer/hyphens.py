"""Words that a line break split with a hyphen ("construc-" + "ción"), joined again.

Text extracted from a PDF keeps the typesetter's hyphenation, so the importer must
decide, each time it joins two lines, whether a hyphen at the end of the first is a
break inside a word or a real hyphen that happened to fall at the line end. The rules,
safest first:

- What the bulletin itself shows: the same pair written on one line with its hyphen
  ("médico-quirúrgico") keeps it; written as one word elsewhere ("construcción"), it is
  joined.
- A real hyphen: the continuation starts with a capital or a digit ("IMSS-" +
  "Bienestar", "2019-" + "2024"), the part before is an acronym or ends in a digit
  ("COVID-" + "19"), or it is part of an address ("https://a.example/plan-" + "anual").
  Known compound adjectives ("teórico-" + "práctico", "franco-" + "mexicano") keep it too,
  and a hyphen that closes an aside opened with one ("-dijo el director-") is a dash.
- Otherwise a lower-case letter, a hyphen at the line end and a lower-case continuation
  is a broken word: joined without the hyphen.

Every join that removes a hyphen is recorded, so the word-preservation check compares
the joined word ("construcción") instead of its halves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from builder.core.text import fold

HYPHENS = "-\u2010"
"""ASCII hyphen-minus and the Unicode hyphen; a dash (– —) never splits a word."""
_LEFT = re.compile(rf"(?P<token>\S*?)(?P<word>[^\W_]+)[{HYPHENS}]$")
_RIGHT = re.compile(r"^(?P<word>[^\W_]+)")
_IN_LINE = re.compile(rf"(?<![^\W_])([^\W_]+)[{HYPHENS}]([^\W_]+)(?![^\W_])")
_WORD = re.compile(r"[^\W_]+")
COMPOUND_PREFIXES = frozenset(
    {"afro", "anglo", "franco", "germano", "greco", "hispano", "italo", "luso", "sino"}
)
"""First parts of gentilic compounds ("franco-mexicano") that keep their hyphen."""
_COMPOUND_ADJECTIVE = re.compile(r"[^\W\d_]*[áéíóú][^\W\d_]*ico$")
"""An esdrújula adjective in -ico ("médico", "teórico", "político", "económico"): a whole
word, the first part of a compound ("médico-quirúrgico"), never the half of one."""


_OPENING_DASH = re.compile(rf"(?:^|(?<=\s))[{HYPHENS}](?=[^\W\d_])")
_CLOSING_DASH = re.compile(rf"(?<=[^\W_])[{HYPHENS}](?=[\s,.;:]|$)")


def _closes_an_aside(text: str) -> bool:
    """The hyphen ending ``text`` closes an aside opened with one ("la meta -dijo el
    director-" + "es clara"): a dash, not half a word."""
    return len(_OPENING_DASH.findall(text)) > len(_CLOSING_DASH.findall(text[:-1]))


@dataclass(frozen=True)
class Join:
    """A hyphen removed at a line end: the two halves and the word they make."""

    left: str
    right: str

    @property
    def word(self) -> str:
        return self.left + self.right


@dataclass
class Rejoiner:
    """Joins the lines of one bulletin, learning from its text which words it hyphenates."""

    hyphenated: frozenset[str] = frozenset()
    """Folded "left-right" pairs written with their hyphen inside a line."""
    words: frozenset[str] = frozenset()
    """Folded words of the bulletin."""
    joins: list[Join] = field(default_factory=list)

    @classmethod
    def learn(cls, lines: Iterable[str]) -> Rejoiner:
        hyphenated: set[str] = set()
        words: set[str] = set()
        for line in lines:
            hyphenated.update(fold(f"{a}-{b}") for a, b in _IN_LINE.findall(line))
            words.update(fold(w) for w in _WORD.findall(line))
        return cls(frozenset(hyphenated), frozenset(words))

    def keeps_hyphen(self, token: str, left: str, right: str) -> bool:
        """Whether the hyphen between ``left`` and ``right`` (split at a line end) is real;
        ``token`` is everything before it since the last space."""
        pair = fold(f"{left}-{right}")
        if pair in self.hyphenated:
            return True
        if fold(left + right) in self.words:
            return False
        if "/" in token or "@" in token or ":" in token:
            return True
        if not right[0].islower() or not left[-1].islower():
            return True
        if sum(c.isupper() for c in left) > 1:
            return True  # an acronym or a capitalised compound: "ONU-mujeres"
        return fold(left) in COMPOUND_PREFIXES or bool(_COMPOUND_ADJECTIVE.match(left.lower()))

    def join(self, first: str, second: str) -> str:
        """``first`` and ``second`` as one text: with a space, or without one (and without
        the hyphen if it split a word) when ``first`` ends with a hyphen at a word."""
        first, second = first.rstrip(), second.lstrip()
        left, right = _LEFT.search(first), _RIGHT.match(second)
        if left is None or right is None or _closes_an_aside(first):
            return f"{first} {second}"
        if self.keeps_hyphen(left["token"] + left["word"], left["word"], right["word"]):
            return first + second
        self.joins.append(Join(left["word"], right["word"]))
        return first[:-1] + second
