"""How a YAML problem is told to an editor: the line it is really on, and what to type
instead, in the site's language; shared by site.yaml and front matter."""

from __future__ import annotations

import difflib
import json
import re
from typing import Any

import yaml

from builder.core.errors import Diagnostic, error

MAX_DEPTH = 32
"""Deepest nesting of lists and mappings accepted; front matter needs three."""

STD_TAG = "tag:yaml.org,2002:"


# Characters YAML refuses (the reader's "control characters are not allowed").
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def short_tag(tag: str) -> str:
    """``!!int`` for YAML's own tags, as editors write them; others as they are."""
    return "!!" + tag[len(STD_TAG) :] if tag.startswith(STD_TAG) else tag


_FLOW_CONTEXTS = ("while parsing a flow sequence", "while parsing a flow mapping")


# A value (after "key:" or "-") in quotes with more text after the closing quote.
_TEXT_AFTER_QUOTE = re.compile(
    r"""\s*(?:-\s+)?(?:[^:#"'\s][^:#"']*:\s+)?("[^"]*"|'[^']*')\s*[^\s#]"""
)


# "date:2025-11-25": a field name glued to its value, the colon without its space.
_COLON_GLUED = re.compile(r"^\s*([A-Za-z_][\w-]*):(\S.*?)\s*$")


def _yaml_error(exc: yaml.YAMLError, text: str, path: str, offset: int) -> Diagnostic:
    if isinstance(exc, yaml.MarkedYAMLError):
        return _syntax_error(exc, text, path, offset)
    return _reader_error(exc, text, path, offset)  # a character YAML does not allow


# Where a scalar in quotes or a comment can start: after a space, a line start or a flow
# indicator; an apostrophe inside a word ("L'Oréal") or "#" inside one opens nothing.
_FLOW_TOKEN = re.compile(
    r"""(?:(?<=[\s\[{,:])|^)(?:"(?:[^"\\]|\\.)*"?|'(?:[^']|'')*'?|\#[^\n]*)|[\[\]{}]""",
    re.MULTILINE,
)


def _too_deep_line(text: str, end: int) -> int | None:
    """The 0-based line where flow nesting (``[`` and ``{``) first goes past
    :data:`MAX_DEPTH` in ``text[:end]``, skipping quoted scalars and comments, or None.

    A parser may stop deep nesting itself before the event walk sees level 33: the
    libyaml 0.2.6 in PyYAML 6.0.4's wheels ends its scan at 1,000 levels of flow nesting,
    found while it looks ahead for a key; older ones did not. Such an error is explained
    by this count, whatever the parser's message says.
    """
    depth = 0
    for token in _FLOW_TOKEN.finditer(text, 0, end):
        char = token.group()[0]
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return text.count("\n", 0, token.start())
        elif char in "]}":
            depth = max(depth - 1, 0)
    return None


def parser_error(exc: yaml.YAMLError, text: str, path: str, offset: int) -> Diagnostic:
    """The diagnostic for a parser's error: too deep if the text nests past the limit
    before the place it stopped, else what the error itself says."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    end = min(len(text), mark.index + 1) if mark is not None else len(text)
    deep = _too_deep_line(text, end)
    if deep is not None:
        return error(path, deep + offset, "yaml.too_deep", limit=MAX_DEPTH)
    return _yaml_error(exc, text, path, offset)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, path: str, offset: int) -> Diagnostic:
    """A precise message for the mistakes editors make, else the general one.

    The contexts and problems compared here are libyaml's words;
    ``test_the_libyaml_wording_we_translate_is_unchanged`` fails, naming the PyYAML
    release, when a release words one of them differently. Until this is updated, such
    an error still gets the general ``yaml.syntax`` message with its line.
    """
    mark = exc.problem_mark or exc.context_mark
    index = mark.line if mark is not None else 0
    lines = text.split("\n")
    bad_line = lines[index] if index < len(lines) else ""
    indent = bad_line[: len(bad_line) - len(bad_line.lstrip(" \t"))]
    if "\t" in indent or (exc.problem and "'\\t'" in exc.problem):
        return error(path, index + offset, "yaml.tab_indent")
    if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        opened = exc.context_mark
        quote_line = lines[opened.line] if opened.line < len(lines) else ""
        quote = quote_line[opened.column : opened.column + 1] or '"'
        return error(path, opened.line + offset, "yaml.unclosed_quote", quote=quote)
    if exc.context in _FLOW_CONTEXTS and exc.context_mark is not None:
        opened = exc.context_mark
        bracket = "[" if "sequence" in exc.context else "{"
        return error(path, opened.line + offset, "yaml.unclosed_bracket", bracket=bracket)
    if exc.context == "while scanning a simple key" and exc.context_mark is not None:
        # libyaml notices a line without "name: value" only on the line after it.
        key_line = lines[exc.context_mark.line] if exc.context_mark.line < len(lines) else ""
        line = exc.context_mark.line + offset
        glued = _COLON_GLUED.match(key_line)
        if glued:
            return error(path, line, "yaml.colon_space", key=glued[1], value=glued[2])
        return error(path, line, "yaml.missing_colon")
    if exc.context == "expected a single document in the stream":
        return error(path, index + offset, "yaml.multiple_documents")
    problem = exc.problem or ""
    column = mark.column if mark is not None else 0
    if problem == "mapping values are not allowed in this context":
        # "title: IMSS: nuevo" has a key before the stray colon on its own line; a line
        # that merely follows a broken one ("title x", or an indented key) does not.
        if ": " in bad_line[:column] or bad_line[:column].rstrip().endswith(":"):
            return error(path, index + offset, "yaml.colon_in_value")
        return error(path, index + offset, "yaml.line_does_not_fit")
    if problem == "found character that cannot start any token":
        char = bad_line[column : column + 1]
        if char in ("@", "`", "%"):
            return error(path, index + offset, "yaml.reserved_start", char=char)
    if problem == "block sequence entries are not allowed in this context":
        return error(path, index + offset, "yaml.dash_in_value")
    if problem in ("did not find expected key", "did not find expected '-' indicator"):
        if _TEXT_AFTER_QUOTE.match(bad_line):
            return error(path, index + offset, "yaml.text_after_quote")
        return error(path, index + offset, "yaml.line_does_not_fit")
    return error(path, index + offset, "yaml.syntax", problem=problem or exc.context or "?")


def _reader_error(exc: yaml.YAMLError, text: str, path: str, offset: int) -> Diagnostic:
    found = _NOT_PRINTABLE.search(text)
    if found is None:
        return error(path, offset, "yaml.syntax", problem=str(exc))
    index = text.count("\n", 0, found.start())
    return error(path, index + offset, "yaml.control_char", char=f"U+{ord(found.group()):04X}")


def show_value(value: Any, limit: int = 60) -> str:
    """A short, language-neutral rendering of a value for messages (``"texto"``, ``[1, 2]``)."""
    try:
        shown = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):  # pragma: no cover - every YAML value is JSON-able here
        shown = repr(value)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def unknown_key(
    path: str, line: int | None, key: str, known: list[str], prefix: str, **args: object
) -> Diagnostic:
    """``<prefix>.unknown_key`` with the closest known key as a hint, or, when none is
    close, ``<prefix>.unknown_key_list`` listing the known keys."""
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return error(path, line, f"{prefix}.unknown_key", key=key, suggestion=close[0], **args)
    return error(
        path, line, f"{prefix}.unknown_key_list", key=key, allowed=", ".join(known), **args
    )
