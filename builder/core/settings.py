"""Site settings: :class:`SiteConfig`, the typed record every stage reads, and reading
``site.yaml`` into it, reporting every problem at once.

Each key has one typed option below (what it must be, how it is checked); unknown keys get
a did-you-mean hint. A missing file means the defaults; an empty value (``author:``) means
the key's default too, so a key can be left in the file without a value.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from builder.core.display import display_path
from builder.core.errors import BoletinesError, Diagnostic, error, os_reason, raise_if_errors
from builder.core.i18n import available_languages
from builder.core.yamlerrors import show_value, unknown_key
from builder.core.yamlsafe import YamlDocument, load_yaml
from builder.core.zones import DEFAULT_TIMEZONE, zone_problem

# Letterhead and footer lines the importer drops: case-insensitive regular expressions that
# must match a whole line, or a run of up to six short consecutive lines joined by spaces
# ("Gobierno de" + "**México**"), once Markdown marks and accents are removed and case is
# folded (see builder.importer.clean). Page numbers, year mottos ("2025 Año de ..."), end
# marks ("---o0o---"), CMS stamps and short lines repeated at page breaks are dropped by
# structural rules for every institution; these patterns are for named letterheads:
# generic press-office ones, then the IMSS ones of the sample archive. A site.yaml
# ``boilerplate:`` list replaces them.
DEFAULT_BOILERPLATE: tuple[str, ...] = (
    r"(?:boletin|comunicado|nota informativa)(?: de prensa)?",
    r"(?:unidad|coordinacion|direccion|area)(?: general)? de comunicacion social",
    r"(?:sala de prensa|comunicacion social)",
    r"gobierno de mexico",
    r"gobierno (?:del estado )?del? [a-z .]{3,30}",
    r"instituto mexicano del seguro social",
    r"seguridad y solidaridad social",
)


@dataclass(frozen=True)
class SiteConfig:
    """Everything site.yaml can say, with the defaults a new archive starts from."""

    title: str = "Archivo de boletines"
    description: str = "Boletines de prensa, con búsqueda."
    base_url: str = "/"
    language: str = "es"
    per_page: int = 20
    feed_size: int = 50
    author: str = ""
    institution: str = ""  # who a citation names; the title when empty
    timezone: str = DEFAULT_TIMEZONE  # IANA name: when a scheduled bulletin is due
    logo_text: str = ""
    accent_color: str = "#0b5d3b"
    cname: str | None = None
    boilerplate: tuple[str, ...] = DEFAULT_BOILERPLATE
    topics: dict[str, tuple[str, ...]] = field(default_factory=dict)
    search: bool = True
    search_shard_pages: int = 500  # see builder.search.index: years join a shard up to this
    root: Path = field(default=Path("."), compare=False)

    @property
    def base_path(self) -> str:
        """The path part of ``base_url``, always with leading and trailing slashes."""
        path = urlsplit(self.base_url).path or "/"
        path = "/" + path.strip("/") + "/"
        return "/" if path == "//" else path

    @property
    def origin(self) -> str:
        """``https://host`` when base_url is absolute, else empty (root-relative URLs)."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""

    def url(self, path: str = "") -> str:
        """Site-relative URL of ``path`` (below the base path)."""
        return self.base_path + path.lstrip("/")

    def absolute_url(self, path: str = "") -> str:
        """Absolute URL when the origin is known, else the site-relative one."""
        return self.origin + self.url(path)

    @property
    def templates_dir(self) -> Path:
        """Site-local overrides of theme templates, next to site.yaml."""
        return self.root / "templates"


_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_DOMAIN = re.compile(
    r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?",
    re.IGNORECASE,
)

Check = Callable[[str, Any, YamlDocument, str], "tuple[Any, list[Diagnostic]]"]


def _type_error(kind: str, key: str, value: Any, doc: YamlDocument, path: str) -> Diagnostic:
    return error(path, doc.line(key), f"yaml.type.{kind}", key=key, value=show_value(value))


def _string(key: str, value: Any, doc: YamlDocument, path: str) -> tuple[Any, list[Diagnostic]]:
    if not isinstance(value, str):
        return None, [_type_error("string", key, value, doc, path)]
    return value, []


def _bool(key: str, value: Any, doc: YamlDocument, path: str) -> tuple[Any, list[Diagnostic]]:
    if not isinstance(value, bool):
        return None, [_type_error("bool", key, value, doc, path)]
    return value, []


def _positive_int(
    key: str, value: Any, doc: YamlDocument, path: str
) -> tuple[Any, list[Diagnostic]]:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return None, [_type_error("positive_int", key, value, doc, path)]
    return value, []


def _matching(pattern: re.Pattern[str], code: str) -> Check:
    def check(key: str, value: Any, doc: YamlDocument, path: str) -> tuple[Any, list[Diagnostic]]:
        if not isinstance(value, str):
            return None, [_type_error("string", key, value, doc, path)]
        if not pattern.fullmatch(value.strip()):
            return None, [error(path, doc.line(key), code, value=show_value(value))]
        return value.strip(), []

    return check


def base_url_problem(value: str) -> bool:
    """True when ``value`` is not "/", a path starting with "/", or an absolute http(s) URL."""
    if not value or any(c.isspace() for c in value) or "\\" in value:
        return True
    try:
        parts = urlsplit(value)
    except ValueError:
        return True
    if parts.query or parts.fragment or "#" in value or "?" in value:
        return True
    if parts.scheme:
        return parts.scheme not in ("http", "https") or not parts.netloc
    return not value.startswith("/") or value.startswith("//") or ".." in value.split("/")


def _base_url(key: str, value: Any, doc: YamlDocument, path: str) -> tuple[Any, list[Diagnostic]]:
    if not isinstance(value, str):
        return None, [_type_error("string", key, value, doc, path)]
    if base_url_problem(value):
        return None, [error(path, doc.line(key), "config.bad_base_url", value=show_value(value))]
    return value, []


def _language(key: str, value: Any, doc: YamlDocument, path: str) -> tuple[Any, list[Diagnostic]]:
    if not isinstance(value, str):
        return None, [_type_error("string", key, value, doc, path)]
    languages = available_languages()
    if value not in languages:
        return None, [
            error(
                path,
                doc.line(key),
                "config.unknown_language",
                value=show_value(value),
                available=", ".join(languages),
            )
        ]
    return value, []


def _timezone(key: str, value: Any, doc: YamlDocument, path: str) -> tuple[Any, list[Diagnostic]]:
    if not isinstance(value, str):
        return None, [_type_error("string", key, value, doc, path)]
    if zone_problem(value.strip()):
        return None, [error(path, doc.line(key), "config.bad_timezone", value=show_value(value))]
    return value.strip(), []


def _string_list(
    key: str, value: Any, doc: YamlDocument, path: str, *where: str | int
) -> tuple[Any, list[Diagnostic]]:
    where = where or (key,)
    if not isinstance(value, list):
        return None, [
            error(
                path,
                doc.line(*where),
                "yaml.type.list_of_strings",
                key=key,
                value=show_value(value),
            )
        ]
    problems = [
        error(
            path,
            doc.line(*where, index),
            "yaml.type.list_item_string",
            key=key,
            index=index + 1,
            value=show_value(item),
        )
        for index, item in enumerate(value)
        if not isinstance(item, str) or not item.strip()
    ]
    return (None, problems) if problems else (tuple(item.strip() for item in value), [])


def _boilerplate(
    key: str, value: Any, doc: YamlDocument, path: str
) -> tuple[Any, list[Diagnostic]]:
    patterns, problems = _string_list(key, value, doc, path)
    if problems:
        return None, problems
    for index, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except re.error as exc:
            problems.append(
                error(
                    path,
                    doc.line(key, index),
                    "config.bad_regex",
                    index=index + 1,
                    value=show_value(pattern),
                    reason=str(exc),
                )
            )
    return (None, problems) if problems else (patterns, [])


def _topics(key: str, value: Any, doc: YamlDocument, path: str) -> tuple[Any, list[Diagnostic]]:
    if not isinstance(value, dict):
        return None, [_type_error("mapping", key, value, doc, path)]
    topics: dict[str, tuple[str, ...]] = {}
    problems: list[Diagnostic] = []
    for topic, keywords in value.items():
        if keywords is None:
            keywords = []
        words, found = _string_list(f"{key}.{topic}", keywords, doc, path, key, topic)
        problems.extend(found)
        if not found:
            topics[topic] = words
    return (None, problems) if problems else (topics, [])


OPTIONS: dict[str, Check] = {
    "title": _string,
    "description": _string,
    "base_url": _base_url,
    "language": _language,
    "per_page": _positive_int,
    "feed_size": _positive_int,
    "author": _string,
    "institution": _string,
    "timezone": _timezone,
    "logo_text": _string,
    "accent_color": _matching(_COLOR, "config.bad_color"),
    "cname": _matching(_DOMAIN, "config.bad_cname"),
    "boilerplate": _boilerplate,
    "topics": _topics,
    "search": _bool,
    "search_shard_pages": _positive_int,
}
"""Every key site.yaml may hold, each with its check; the names are SiteConfig's fields."""


def parse_settings(text: str, path: str, root: Path) -> tuple[SiteConfig, list[Diagnostic]]:
    """Settings from the text of a site.yaml, and every problem found in it."""
    doc = load_yaml(text, path)
    if not doc.ok:
        return SiteConfig(root=root), doc.diagnostics
    data = doc.value
    if data is None:
        return SiteConfig(root=root), []
    if not isinstance(data, dict):
        return SiteConfig(root=root), [
            error(path, doc.line(), "config.not_mapping", value=show_value(data))
        ]
    values: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    for key, value in data.items():
        check = OPTIONS.get(key)
        if check is None:
            problems.append(unknown_key(path, doc.line(key), key, list(OPTIONS), "config"))
            continue
        if value is None:
            continue
        checked, found = check(key, value, doc, path)
        problems.extend(found)
        if not found:
            values[key] = checked
    return SiteConfig(root=root, **values), problems


def load_settings(path: Path) -> SiteConfig:
    """Read and validate ``path``; the site's root is its folder. Missing file: defaults.

    Raises :class:`BoletinesError` with every problem found.
    """
    root = path.absolute().parent
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return SiteConfig(root=root)
    except OSError as exc:
        raise BoletinesError(
            [error(shown, None, "config.unreadable", reason=os_reason(exc))]
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise BoletinesError([error(shown, line, "config.not_utf8")]) from None
    config, problems = parse_settings(text, shown, root)
    raise_if_errors(problems)
    return config


def apply_base_url(config: SiteConfig, base_url: str) -> SiteConfig:
    """``config`` with the base URL given on the command line (``--base-url``)."""
    if base_url_problem(base_url):
        raise BoletinesError(
            [error("--base-url", None, "config.bad_base_url", value=show_value(base_url))]
        )
    return dataclasses.replace(config, base_url=base_url)
