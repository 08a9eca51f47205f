"""Safe YAML for files people write: plain data only, with the line of every key.

User files (front matter, site.yaml) are parsed and built into Python values here,
instead of with ``yaml.safe_load``, because that lets us:

- refuse anchors and aliases outright (no "billion laughs" expansion can happen, since
  an alias is never expanded), and any tag other than the plain scalar, list and mapping
  ones (``!!python/object``, ``!!binary``, ``!!set``, ...);
- refuse duplicate keys, which ``safe_load`` silently resolves to the last one;
- record the line of every key and list item, so validators can point at it;
- bound the nesting depth without recursion (libyaml's composer recurses in C and
  crashes the interpreter on input like ``[[[[...`` a hundred thousand deep).

Two routes give identical results (see :func:`load_yaml`): libyaml's composer plus one
checking walk, for the usual short front matter, and a walk over parser events, which
never recurses, for anything that could nest deeply or holds anchors. libyaml is used
when PyYAML was built with it, else the pure-Python parser (events only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from builder.core.errors import Diagnostic, error
from builder.core.yamlerrors import MAX_DEPTH, STD_TAG, parser_error, short_tag

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_STR, _NULL, _BOOL = STD_TAG + "str", STD_TAG + "null", STD_TAG + "bool"
_INT, _FLOAT, _TIMESTAMP = STD_TAG + "int", STD_TAG + "float", STD_TAG + "timestamp"
_SEQ, _MAP = STD_TAG + "seq", STD_TAG + "map"
_SCALAR_TAGS = frozenset({_STR, _NULL, _BOOL, _INT, _FLOAT, _TIMESTAMP})

_IMPLICIT = Resolver.yaml_implicit_resolvers  # first character -> [(tag, pattern)]


def _resolve(kind: type, value: str, implicit: tuple[bool, bool]) -> str:
    """The tag ``safe_load`` gives an untagged node (PyYAML's ``Resolver.resolve`` minus
    path resolvers, which safe loading never uses, and the default resolvers have no
    wildcard ones), without its per-node overhead."""
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, pattern in _IMPLICIT.get(value[:1], ()):
                if pattern.match(value):
                    # "=" (!!value) and "<<" (!!merge) only mean something with features
                    # refused here; as plain scalars they are text.
                    return tag if tag in _SCALAR_TAGS else _STR
        return _STR
    return _SEQ if kind is yaml.SequenceNode else _MAP


try:
    from yaml.cyaml import CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    # PyYAML's Python composer recurses too (RecursionError on deep input): events only.
    _COMPOSER: type | None = None
else:

    class _Composer(CParser):
        """libyaml's parser and composer, resolving tags as ``safe_load`` does."""

        resolve = staticmethod(_resolve)

        def descend_resolver(self, current_node: object, current_index: object) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

    _COMPOSER = _Composer

_constructor = SafeConstructor()
_CONSTRUCT = {
    _BOOL: _constructor.construct_yaml_bool,
    _INT: _constructor.construct_yaml_int,
    _FLOAT: _constructor.construct_yaml_float,
    _TIMESTAMP: _constructor.construct_yaml_timestamp,
}


Path_ = tuple[str | int, ...]
"""Where a value sits in the document: keys and list indexes from the root."""


@dataclass
class YamlDocument:
    """A parsed document: its value (``None`` if refused), key lines and findings.

    ``lines`` maps the path of every mapping key and list item, e.g. ``("links", 0,
    "url")``, to its 1-based line in the file; ``()`` is the document's own line.
    """

    value: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)

    def line(self, *path: str | int) -> int | None:
        """Line of ``path``, or of its nearest enclosing key that has one."""
        key: Path_ = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get(())


class _Refused(Exception):
    """Stop building: the document cannot be turned into data."""


_NO_KEY = object()
_DISCARD = object()
_DISCARDED_PATH: Path_ = ("\x00",)  # YAML text cannot hold NUL, so no real key is this


class _Frame:
    __slots__ = ("container", "path", "key", "seen")

    def __init__(self, container: dict | list, path: Path_):
        self.container = container
        self.path = path
        self.key: object = _NO_KEY
        self.seen: dict[str, int] = {}


def load_yaml(text: str, path: str, first_line: int = 1) -> YamlDocument:
    """Parse ``text`` (YAML that starts on line ``first_line`` of file ``path``).

    Never raises for bad input: every problem becomes a diagnostic with its line.

    Two routes give the same result. Most front matter goes through libyaml's composer,
    which is about twice as fast as walking events in Python; it is only taken when the
    text cannot nest deeper than :data:`_COMPOSE_BOUND` (every level of nesting needs one
    of ``[ { - : ?`` or a new line, so counting them bounds the depth) and holds no
    ``&``/``*`` (anchors are then reported exactly where they are written).
    """
    if (
        _COMPOSER is not None
        and "&" not in text
        and "*" not in text
        and _nesting_bound(text) < _COMPOSE_BOUND
    ):
        return _load_nodes(text, path, first_line)
    return _load_events(text, path, first_line)


_COMPOSE_BOUND = 1000
"""Deepest nesting handed to libyaml's composer, which recurses in C (tens of thousands
of levels crash the interpreter; ten thousand were measured to be fine)."""


def _nesting_bound(text: str) -> int:
    count = text.count
    return count("[") + count("{") + count("-") + count(":") + count("?") + count("\n") + 1


def _load_nodes(text: str, path: str, first_line: int) -> YamlDocument:
    """The composer route: libyaml builds the node tree, then it is checked and built."""
    doc = YamlDocument(None)
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.YAMLError as exc:
        doc.diagnostics.append(parser_error(exc, text, path, first_line))
        return doc
    if node is None:
        return doc
    builder = _NodeBuilder(doc, path, first_line)
    try:
        value = builder.build(node, (), 0)
    except _Refused:
        return doc
    if doc.ok:
        doc.value = value
    return doc


class _NodeBuilder:
    """Turns a composed node tree into plain values, recording lines and refusing what
    the event route refuses (tags, complex or duplicate keys, depth, shared nodes)."""

    def __init__(self, doc: YamlDocument, path: str, offset: int):
        self.doc = doc
        self.path = path
        self.offset = offset
        self.seen_nodes: set[int] = set()

    def refuse(self, node: yaml.Node, code: str, **args: object) -> None:
        self.doc.diagnostics.append(
            error(self.path, node.start_mark.line + self.offset, code, **args)
        )

    def build(self, node: yaml.Node, where: Path_, depth: int) -> Any:
        lines = self.doc.lines
        if where != _DISCARDED_PATH:
            lines[where] = node.start_mark.line + self.offset
        kind = type(node)
        if kind is yaml.ScalarNode:
            if node.tag not in _SCALAR_TAGS:
                self.refuse(node, "yaml.tag", tag=short_tag(node.tag))
                return None
            return _construct(node.tag, node.value, node)
        if id(node) in self.seen_nodes:  # an alias: the same node reached twice
            self.refuse(node, "yaml.alias")
            raise _Refused
        self.seen_nodes.add(id(node))
        if depth >= MAX_DEPTH:
            self.refuse(node, "yaml.too_deep", limit=MAX_DEPTH)
            raise _Refused
        if kind is yaml.SequenceNode:
            if node.tag != _SEQ:
                self.refuse(node, "yaml.tag", tag=short_tag(node.tag))
            return [self.build(item, where + (i,), depth + 1) for i, item in enumerate(node.value)]
        if node.tag != _MAP:
            self.refuse(node, "yaml.tag", tag=short_tag(node.tag))
        mapping: dict[str, Any] = {}
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + self.offset
            if type(key_node) is not yaml.ScalarNode:
                self.refuse(key_node, "yaml.complex_key")
                raise _Refused
            if key_node.tag not in _SCALAR_TAGS:
                self.refuse(key_node, "yaml.tag", tag=short_tag(key_node.tag))
            key = key_node.value
            if key in first:
                self.refuse(key_node, "yaml.duplicate_key", key=key, first_line=first[key])
                self.build(value_node, _DISCARDED_PATH, depth + 1)
                continue
            first[key] = line
            mapping[key] = self.build(value_node, where + (key,), depth + 1)
            lines[where + (key,)] = line
        return mapping


def _load_events(text: str, path: str, first_line: int) -> YamlDocument:
    """The event route: safe for any input, since nothing here recurses."""
    doc = YamlDocument(None)
    offset = first_line
    stack: list[_Frame] = []
    root: list[Any] = []
    reported_anchor = False

    def line_of(event: Any) -> int:
        return event.start_mark.line + offset

    def attach(value: Any, line: int) -> Path_ | None:
        """Put ``value`` where the parser is; its path, or None if it is discarded."""
        if not stack:
            root.append(value)
            doc.lines[()] = line
            return ()
        frame = stack[-1]
        container = frame.container
        if type(container) is list:
            index = len(container)
            container.append(value)
            where = frame.path + (index,)
            doc.lines[where] = line
            return where
        key = frame.key
        frame.key = _NO_KEY
        if key is _DISCARD:
            return None
        container[key] = value
        return frame.path + (key,)

    def take_key(event: Any) -> bool:
        """If a mapping waits for a key, use the scalar ``event`` as that key."""
        if not stack:
            return False
        frame = stack[-1]
        if type(frame.container) is not dict or frame.key is not _NO_KEY:
            return False
        key = event.value if type(event) is yaml.ScalarEvent else "*" + str(event.anchor)
        line = line_of(event)
        if key in frame.seen:
            doc.diagnostics.append(
                error(path, line, "yaml.duplicate_key", key=key, first_line=frame.seen[key])
            )
            frame.key = _DISCARD
        else:
            frame.seen[key] = line
            frame.key = key
            doc.lines[frame.path + (key,)] = line
        return True

    def check_anchor(event: Any) -> None:
        nonlocal reported_anchor
        if event.anchor is not None and not reported_anchor:
            reported_anchor = True
            doc.diagnostics.append(error(path, line_of(event), "yaml.alias"))

    def check_tag(event: Any, allowed: frozenset[str] | str) -> bool:
        tag = event.tag
        if tag is None or tag == "!" or tag in allowed:
            return True
        doc.diagnostics.append(error(path, line_of(event), "yaml.tag", tag=short_tag(tag)))
        return False

    events = yaml.parse(text, Loader=_LOADER)
    try:
        for event in events:
            kind = type(event)
            if kind is yaml.ScalarEvent:
                check_anchor(event)
                tag_ok = check_tag(event, _SCALAR_TAGS)
                if take_key(event):
                    continue
                attach(_scalar(event) if tag_ok else None, line_of(event))
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                check_anchor(event)
                line = line_of(event)
                if stack and type(stack[-1].container) is dict and stack[-1].key is _NO_KEY:
                    doc.diagnostics.append(error(path, line, "yaml.complex_key"))
                    raise _Refused
                if len(stack) >= MAX_DEPTH:
                    doc.diagnostics.append(error(path, line, "yaml.too_deep", limit=MAX_DEPTH))
                    raise _Refused
                is_map = kind is yaml.MappingStartEvent
                check_tag(event, _MAP if is_map else _SEQ)
                container: dict | list = {} if is_map else []
                where = attach(container, line)
                stack.append(_Frame(container, where if where is not None else _DISCARDED_PATH))
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
            elif kind is yaml.DocumentStartEvent and root:
                # Like libyaml's composer, stop here: the rest is another document.
                doc.diagnostics[:] = [error(path, line_of(event), "yaml.multiple_documents")]
                return doc
            elif kind is yaml.AliasEvent:
                if not reported_anchor:
                    reported_anchor = True
                    doc.diagnostics.append(error(path, line_of(event), "yaml.alias"))
                if not take_key(event):
                    attach(None, line_of(event))
    except _Refused:
        # Read on without building: a syntax error further down is the one to fix first,
        # as on the composer route. Not for deeply nested text: libyaml slows down
        # quadratically with depth, and the refusal already stands.
        if _nesting_bound(text) < _COMPOSE_BOUND:
            try:
                for _ in events:
                    pass
            except yaml.YAMLError as exc:
                doc.diagnostics[:] = [parser_error(exc, text, path, offset)]
    except yaml.YAMLError as exc:
        # A syntax error outweighs what was found before it (the composer route never
        # gets that far), so it is the only finding.
        doc.diagnostics[:] = [parser_error(exc, text, path, offset)]

    if doc.ok and root:
        doc.value = root[0]
    return doc


def _scalar(event: Any) -> Any:
    tag = event.tag
    if tag is None or tag == "!":
        tag = _resolve(yaml.ScalarNode, event.value, event.implicit)
    return _construct(tag, event.value, event)


def _construct(tag: str, value: str, where: Any) -> Any:
    """The Python value of a scalar, resolved as ``safe_load`` would.

    A value that matches a type's pattern but cannot be built (``2025-02-30`` looks like
    a date) stays the text it was, so the validator can say what is wrong with it.
    """
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    node = yaml.ScalarNode(tag, value, where.start_mark, where.end_mark)
    try:
        return _CONSTRUCT[tag](node)
    # An explicit tag on text that is not of its type (``!!bool maybe``, ``!!timestamp
    # x``) fails inside PyYAML's constructors with KeyError or AttributeError.
    except (ValueError, OverflowError, KeyError, AttributeError, yaml.YAMLError):
        return value
