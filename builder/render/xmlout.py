"""Writing XML documents (the Atom feed, the sitemap) so that any text is safe in them.

ElementTree escapes ``<``, ``&`` and quotes, but it happily writes characters that XML 1.0
forbids (most C0 controls, lone surrogates, U+FFFE/U+FFFF), and one of those makes the whole
file unreadable to every parser. :func:`xml_text` removes them before anything is written.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Everything outside XML 1.0's Char production
# (#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]), plus DEL and
# the C1 controls, which XML discourages and HTML parsers report as errors.
_NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\u007e\u00a0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot carry (escaping is ElementTree's job).

    The same cleaning suits text written into HTML pages.
    """
    return _NOT_XML_CHAR.sub("", value)


def element(
    parent: ET.Element | None, tag: str, text: str | None = None, **attrs: str
) -> ET.Element:
    """A child of ``parent`` (or a root) with cleaned text and attributes.

    Attributes keep the order given, so the output is the same byte for byte every time;
    ``xml:lang`` is passed as ``**{XML_LANG: "es"}``.
    """
    clean = {name: xml_text(value) for name, value in attrs.items()}
    node = ET.Element(tag, clean) if parent is None else ET.SubElement(parent, tag, clean)
    if text is not None:
        node.text = xml_text(text)
    return node


def to_bytes(root: ET.Element) -> bytes:
    """UTF-8 document with an XML declaration, indented, ending in a newline."""
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")
