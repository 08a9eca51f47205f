"""Find executable markup in built files, with real parsers (lxml), not regular expressions.

A finding is a short string naming the file and what was found; an empty list means the
file is clean. "Executable" means what a browser would run or navigate to on its own or
on a click: script elements the site did not write, event-handler attributes, frames and
plugins, ``javascript:``/``vbscript:``/``data:`` URLs, a meta refresh to such a URL.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from lxml import etree, html

MARKER = "pwn"
"""Every hostile payload in the tests contains this, so a surviving one is recognisable."""

URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "poster",
        "background",
        "cite",
        "data",
        "ping",
        "manifest",
        "longdesc",
        "xlink:href",
        "{http://www.w3.org/1999/xlink}href",
    }
)
FORBIDDEN_ELEMENTS = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
)
SAFE_SCRIPT_TYPES = frozenset({"application/ld+json", "application/json"})
_STRIPPED = re.compile(r"[\x00-\x20\x7f]+")


def is_dangerous_url(value: str) -> bool:
    """What a browser would treat as a script or inline-data URL, after its own clean-up
    (it drops ASCII whitespace and control characters inside the scheme)."""
    squeezed = _STRIPPED.sub("", value).lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:"))


def scan_html_tree(root: etree._Element, where: str, *, strict: bool = False) -> list[str]:
    """Findings in a parsed tree; ``strict`` also refuses scripts the site itself could
    have written (for sanitised fragments, which should hold none at all)."""
    found: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            if isinstance(element, etree._Comment) and MARKER in (element.text or ""):
                found.append(f"{where}: hostile text inside a comment: {element.text[:80]!r}")
            continue
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in FORBIDDEN_ELEMENTS:
            found.append(f"{where}: <{tag}> element")
        if tag == "script":
            if strict:
                found.append(f"{where}: <script> element")
            else:
                found.extend(_check_script(element, where))
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            target = (element.get("content") or "").partition(";")[2].strip()
            target = re.sub(r"^url\s*=\s*", "", target, flags=re.I).strip("'\" ")
            if is_dangerous_url(target):
                found.append(f"{where}: meta refresh to {target[:60]!r}")
        if tag == "link" and (element.get("rel") or "").lower() == "import":
            found.append(f"{where}: <link rel=import>")
        if tag == "style" and _css_is_dangerous(element.text or ""):
            found.append(f"{where}: <style> with script-like content")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                found.append(f"{where}: <{tag} {local}=...> event handler")
            elif name.lower() in URL_ATTRIBUTES and is_dangerous_url(value):
                found.append(f"{where}: <{tag} {local}={value[:60]!r}>")
            elif local == "srcset" and any(
                is_dangerous_url(part.strip().split(" ")[0]) for part in value.split(",")
            ):
                found.append(f"{where}: <{tag} srcset={value[:60]!r}>")
            elif local == "style" and _css_is_dangerous(value):
                found.append(f"{where}: <{tag} style={value[:60]!r}>")
    return found


def _check_script(element: etree._Element, where: str) -> list[str]:
    kind = (element.get("type") or "").strip().lower()
    text = element.text or ""
    if kind in SAFE_SCRIPT_TYPES:
        try:
            json.loads(text)
        except ValueError:
            return [f"{where}: <script type={kind}> is not valid JSON (was it cut short?)"]
        lowered = text.lower()
        if "<!--" in lowered or "</script" in lowered or "<script" in lowered:
            return [f"{where}: <script type={kind}> contains raw markup"]
        return []
    source = element.get("src")
    if source is not None:
        if is_dangerous_url(source) or re.match(r"^(?:[a-z]+:)?//", source.strip(), re.I):
            return [f"{where}: <script src={source[:60]!r}>"]
        return []
    if MARKER in text:
        return [f"{where}: injected inline script {text[:60]!r}"]
    return []


def _css_is_dangerous(css: str) -> bool:
    squeezed = _STRIPPED.sub("", css).lower()
    return any(word in squeezed for word in ("javascript:", "expression(", "-moz-binding"))


def scan_html_text(text: str, where: str) -> list[str]:
    if not text.strip():
        return []
    return scan_html_tree(html.document_fromstring(text), where)


def scan_html_fragment(text: str, where: str, *, strict: bool = False) -> list[str]:
    if not text.strip():
        return []
    wrapper = html.fragment_fromstring(text, create_parent="div")
    return scan_html_tree(wrapper, where, strict=strict)


def scan_xml(data: bytes, where: str) -> list[str]:
    """Atom or sitemap: every URL attribute/element, and HTML carried as text."""
    found: list[str] = []
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = element.tag.rsplit("}", 1)[-1]
        for name, value in element.attrib.items():
            if name.rsplit("}", 1)[-1] in {"href", "src", "uri"} and is_dangerous_url(value):
                found.append(f"{where}: <{local} {name}={value[:60]!r}>")
        if local in {"loc", "id", "uri", "icon", "logo"} and is_dangerous_url(element.text or ""):
            found.append(f"{where}: <{local}>{(element.text or '')[:60]}")
        kind = element.get("type")
        if kind == "html":
            found.extend(scan_html_fragment(element.text or "", f"{where} <{local}>"))
        elif kind == "xhtml":
            for child in element:
                found.extend(scan_html_tree(child, f"{where} <{local}>"))
    return found


def scan_json(data: bytes, where: str) -> list[str]:
    """Every URL-like value is safe, and every value holding HTML is clean HTML."""
    found: list[str] = []

    def visit(value: object, key: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                visit(v, str(k))
        elif isinstance(value, list):
            for item in value:
                visit(item, key)
        elif isinstance(value, str):
            lowered = key.lower()
            url_like = any(word in lowered for word in ("url", "href", "link")) or lowered == "src"
            if url_like and is_dangerous_url(value):
                found.append(f"{where}: {key}={value[:60]!r}")
            if "html" in lowered:
                found.extend(scan_html_fragment(value, f"{where} {key}"))

    visit(json.loads(data), "")
    return found


def scan_file(path: Path, where: str) -> list[str]:
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix in {".html", ".htm"}:
        return scan_html_text(data.decode("utf-8"), where)
    if suffix == ".xml":
        return scan_xml(data, where)
    if suffix == ".json":
        return scan_json(data, where)
    if suffix in {".txt", ".css"}:
        text = data.decode("utf-8")
        return [f"{where}: hostile text in {suffix}"] if MARKER in text else []
    return []
