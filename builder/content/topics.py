"""Topic vocabulary: which topics a bulletin's text is about, from site.yaml ``topics:``.

``topics:`` maps a topic (the tag editors see) to keywords or phrases. Matching ignores
accents and case and works on whole words: "CECI" does not match "CECILIA", and the
phrase "personas mayores" matches "Personas  Mayores" across a line break. Hyphens and
punctuation count as spaces, so "imss bienestar" also matches "IMSS-Bienestar". A keyword
ending in ``*`` matches any word that starts with it ("guarder*" finds "guarderías").
The topic's own name is always one of its keywords.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from builder.content.model import Bulletin
from builder.core.text import slugify

Vocabulary = Mapping[str, Iterable[str]]

_WORD = re.compile(r"[a-z0-9]+")
# Combining marks left by NFKD (accents, tildes, dieresis), from Unicode's general
# combining blocks. Removing them with one regular expression gives the words
# builder.core.text.fold gives for Latin text, many times faster than testing each character,
# which matters for 10,000 bodies. (Marks of other scripts split a word instead.)
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def _words(text: str) -> list[str]:
    if text.isascii():
        return _WORD.findall(text.lower())
    return _WORD.findall(_COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower())


def normalized(text: str) -> str:
    """Folded words separated by single spaces, with a space at each end for whole-word search."""
    return " " + " ".join(_words(text)) + " "


@cache
def _pattern(keyword: str) -> re.Pattern[str] | None:
    """A regular expression over :func:`normalized` text, or None for a keyword without words."""
    prefix = keyword.rstrip().endswith("*")
    words = _words(keyword)
    if not words:
        return None
    body = " ".join(re.escape(w) for w in words)
    tail = "[a-z0-9]*" if prefix else ""
    return re.compile(f" {body}{tail} ")


def matches(keyword: str, text: str) -> bool:
    """Whether ``keyword`` occurs in ``text`` as whole words (accents and case ignored)."""
    pattern = _pattern(keyword)
    return bool(pattern and pattern.search(normalized(text)))


def suggest_tags(text: str, vocabulary: Vocabulary) -> list[str]:
    """Topics whose name or a keyword occurs in ``text``, in vocabulary order."""
    haystack = normalized(text)
    found = []
    for topic, keywords in vocabulary.items():
        for keyword in (topic, *keywords):
            pattern = _pattern(keyword)
            if pattern and pattern.search(haystack):
                found.append(topic)
                break
    return found


def bulletin_text(bulletin: Bulletin) -> str:
    """The words a bulletin is about: title, highlights and body."""
    return "\n".join((bulletin.title, *bulletin.highlights, bulletin.body))


def same_tag(a: str, b: str) -> bool:
    """Tags that differ only in accents or case are one topic (they share a topic page)."""
    return slugify(a) == slugify(b)


@dataclass(frozen=True)
class TagSuggestion:
    """Topics the vocabulary finds in a bulletin that its ``tags`` do not list yet."""

    bulletin: Bulletin
    missing: tuple[str, ...]


def missing_tags(bulletin: Bulletin, vocabulary: Vocabulary) -> tuple[str, ...]:
    suggested = suggest_tags(bulletin_text(bulletin), vocabulary)
    return tuple(t for t in suggested if not any(same_tag(t, own) for own in bulletin.tags))


def tag_suggestions(bulletins: Iterable[Bulletin], vocabulary: Vocabulary) -> list[TagSuggestion]:
    """One suggestion per bulletin that lacks a topic its text matches, in path order."""
    result = []
    for bulletin in sorted(bulletins, key=lambda b: b.slug_path):
        missing = missing_tags(bulletin, vocabulary)
        if missing:
            result.append(TagSuggestion(bulletin, missing))
    return result


def merge_tags(existing: Iterable[str], suggested: Iterable[str]) -> list[str]:
    """``existing`` followed by the suggested tags it lacks (accent- and case-insensitive)."""
    merged = list(dict.fromkeys(existing))
    for tag in suggested:
        if not any(same_tag(tag, own) for own in merged):
            merged.append(tag)
    return merged
