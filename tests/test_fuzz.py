"""Property tests over the three places hostile or broken text enters: the importer, the
front-matter loader and the Markdown renderer.

For every input: no exception escapes; what is accepted renders (and, for the importer,
what it writes is a bulletin the loader accepts); what is refused carries a diagnostic
whose message exists in both catalogs. ``make fuzz`` runs these with the ``fuzz``
Hypothesis profile (100,000 examples each); CI uses the short default profile.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markup_scan import scan_html_fragment, scan_html_text, scan_json, scan_xml

from builder.content.loader import parse_bulletin
from builder.core.errors import BoletinesError, Diagnostic
from builder.core.i18n import load_catalog
from builder.render.markdown import MarkdownRenderer, plain_text

pytestmark = pytest.mark.fuzz

CATALOGS = (load_catalog("es"), load_catalog("en"))
FUZZ_COUNT = settings().max_examples  # the loaded profile's
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def assert_explained(diagnostics: list[Diagnostic], path: str) -> None:
    """Refused input: at least one error, each naming the file and with a real message."""
    assert any(d.is_error for d in diagnostics), diagnostics
    for diagnostic in diagnostics:
        assert diagnostic.path == path
        for catalog in CATALOGS:
            rendered = diagnostic.render(catalog)
            assert rendered.startswith(diagnostic.location() + ": ")
            assert len(rendered) > len(diagnostic.location()) + 5


def assert_clean_html(fragment: str, where: str) -> None:
    # lxml refuses control characters; they are not markup, so they cannot hide any.
    findings = scan_html_fragment(_CONTROL.sub("\ufffd", fragment), where, strict=True)
    assert findings == [], findings


# --- Markdown with raw HTML -------------------------------------------------------------

MARKDOWN_BITS = (
    "<script>alert('pwn')</script>",
    "<SCRIPT SRC=//evil.example/x.js>",
    "<img src=x onerror=alert('pwn')>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<a href='data:text/html,<script>x</script>'>d</a>",
    "<iframe src=//evil.example>",
    "<svg onload=alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title='</noscript><img src=x onerror=alert(1)>'>",
    "<style>*{x:expression(alert(1))}</style>",
    "<div style='background:url(javascript:x)'>",
    "<details open ontoggle=alert(1)>",
    "<form action=javascript:x><button>",
    "<!--",
    "-->",
    "</script>",
    "<![CDATA[",
    "]]>",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<table><tr><td>",
    "<",
    ">",
    "&",
    "&amp;",
    "&#x3a;",
    "&#0;",
    "javascript:",
    "data:",
    "[enlace](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "![i](javascript:alert(1))",
    "[r]: javascript:alert(1)\n\n[r]",
    "<http://example.org>",
    "<javascript:alert(1)>",
    "<mailto:prensa@example.org>",
    "`",
    "```",
    "*",
    "**",
    "_",
    "[",
    "](",
    ")",
    "![",
    "\n",
    "\n\n",
    "    ",
    "\t",
    "# ",
    "> ",
    "- ",
    "1. ",
    "| a | b |\n|---|---|\n| c | d |",
    "---",
    "\\",
    "/archivo/2025/x/",
    "\x00",
    "\r\n",
    "\u202e",
)

markdown_text = st.lists(
    st.one_of(st.sampled_from(MARKDOWN_BITS), st.text(max_size=12)), max_size=40
).map("".join)


@given(text=markdown_text, base=st.sampled_from(["/", "/archivo/"]))
def test_markdown_renderer_never_emits_executable_markup(text: str, base: str) -> None:
    rendered = MarkdownRenderer(base).render(text)
    assert isinstance(rendered, str)
    assert_clean_html(rendered, "body")
    plain_text(rendered)


# --- Front matter as arbitrary YAML documents -------------------------------------------

KEYS = ("title", "date", "number", "location", "highlights", "links", "tags", "aliases", "draft")
SHOWN = "content/2025/x.md"

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["2025-02-30", "2025-11-25", "javascript:alert(1)", "/../../x", "../x"]),
)
keys = st.one_of(st.sampled_from(KEYS + ("label", "url", "kind")), st.text(max_size=10))
yaml_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4)
    ),
    max_leaves=25,
)
plausible = st.fixed_dictionaries(
    {},
    optional={
        "title": st.one_of(st.text(max_size=60), yaml_values),
        "date": st.one_of(st.dates(min_value=dt.date(1900, 1, 1)), yaml_values),
        "number": st.one_of(st.from_regex(r"\d{1,3}/20\d\d", fullmatch=True), yaml_values),
        "location": st.one_of(st.text(max_size=30), yaml_values),
        "highlights": st.one_of(st.lists(st.text(max_size=40), max_size=3), yaml_values),
        "links": st.one_of(
            st.lists(
                st.fixed_dictionaries(
                    {"label": st.text(max_size=10)},
                    optional={
                        "url": st.sampled_from(
                            ["https://example.org/f", "/2025/x/", "javascript:x", "data:,x", ""]
                        ),
                        "kind": st.sampled_from(["photos", "video", "audio", "other", "x"]),
                    },
                ),
                max_size=3,
            ),
            yaml_values,
        ),
        "tags": st.one_of(st.lists(st.text(max_size=15), max_size=3), yaml_values),
        "aliases": st.one_of(
            st.lists(st.sampled_from(["/viejo/", "../../x", "/a b/", "/x?y", "//h/"]), max_size=2),
            yaml_values,
        ),
        "draft": st.one_of(st.booleans(), yaml_values),
    },
)
documents = st.one_of(plausible, st.dictionaries(keys, yaml_values, max_size=6), yaml_values)


@st.composite
def bulletin_files(draw: st.DrawFn) -> bytes:
    document = draw(documents)
    dumped = yaml.safe_dump(
        document,
        allow_unicode=draw(st.booleans()),
        default_flow_style=draw(st.sampled_from([False, True, None])),
        sort_keys=False,
        width=draw(st.sampled_from([80, 10_000])),
    )
    if draw(st.booleans()):  # damage it: a character of YAML syntax somewhere
        at = draw(st.integers(0, len(dumped)))
        dumped = dumped[:at] + draw(st.sampled_from(list(":-'\"[]{}&*!#|>\t\n%@`"))) + dumped[at:]
    body = draw(markdown_text)
    text = f"---\n{dumped}---\n{body}"
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig"])), errors="surrogatepass")


@given(data=bulletin_files())
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_front_matter_loader_accepts_or_explains(data: bytes) -> None:
    outcome = parse_bulletin(data, Path(SHOWN), "2025/x", SHOWN)
    if outcome.bulletin is None:
        assert_explained(outcome.diagnostics, SHOWN)
        return
    bulletin = outcome.bulletin
    assert isinstance(bulletin.title, str) and bulletin.title.strip()
    assert bulletin.date is None or isinstance(bulletin.date, dt.date)
    for alias in bulletin.aliases:
        assert alias.startswith("/") and ".." not in alias.split("/")
    for link in bulletin.links:
        assert link.url.startswith(("http://", "https://", "mailto:", "/"))
    assert_clean_html(MarkdownRenderer("/archivo/").render(bulletin.body), SHOWN)


@pytest.mark.parametrize(
    "value", ["!!timestamp -'2000-01-01 00:00:00'", "!!bool maybe", "!!int abc", "!!float x"]
)
def test_explicit_tag_on_text_of_another_type_is_explained(value: str) -> None:
    """Found by the fuzzer: PyYAML's constructors raised KeyError/AttributeError here."""
    data = f"---\ntitle: Boletín\ndraft: {value}\n---\nTexto.\n".encode()
    outcome = parse_bulletin(data, Path(SHOWN), "2025/x", SHOWN)
    assert outcome.bulletin is None
    assert_explained(outcome.diagnostics, SHOWN)


@given(data=st.binary(max_size=2000))
def test_front_matter_loader_survives_random_bytes(data: bytes) -> None:
    outcome = parse_bulletin(b"---\n" + data, Path(SHOWN), "2025/x", SHOWN)
    if outcome.bulletin is None:
        assert_explained(outcome.diagnostics, SHOWN)


def test_fuzz_helpers_can_fail() -> None:
    """The checks above are not vacuous: a refusal without an error, or a script, fails."""
    with pytest.raises(AssertionError):
        assert_explained([], SHOWN)
    with pytest.raises(AssertionError):
        assert_clean_html("<p><script>x</script></p>", "body")


# --- the importer: arbitrary text in arbitrary encodings --------------------------------

RAW_LINES = (
    "BOLETÍN DE PRENSA",
    "Gobierno de México",
    "INSTITUTO MEXICANO DEL SEGURO SOCIAL",
    "**UNIDAD DE COMUNICACIÓN SOCIAL**",
    "2025 Año de La Mujer Indígena",
    "Ciudad de México, martes 25 de noviembre de 2025",
    "Guadalajara, Jal., a 3 de marzo de 2019.-",
    "1o. de julio de 2024",
    "30 de febrero de 2025",
    "No. 591/2025",
    "Núm. 12/2024",
    "IMSS informa sobre guarderías",
    "# IMSS fortalece la atención",
    "- **Punto destacado del boletín.**",
    "· otro punto",
    "• tercer punto",
    "LINK FOTOS",
    "### LINK DE VIDEO:",
    "https://www.imss.gob.mx/prensa/fotos",
    "<https://example.org/video>",
    "javascript:alert('pwn')",
    "<script>alert('pwn')</script>",
    "---o0o---",
    "Página 2 de 3",
    "2",
    "\f",
    "",
    "---",
    "title: inyectado",
    "El Instituto informó que la atención continúa en todo el país.",
)
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16")

raw_text = st.lists(st.one_of(st.sampled_from(RAW_LINES), st.text(max_size=40)), max_size=30).map(
    "\n".join
)


@st.composite
def raw_files(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=3000))
    text = draw(raw_text)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    encoding = draw(st.sampled_from(ENCODINGS))
    lossy = encoding in ("cp1252", "latin-1")
    return text.encode(encoding, errors="replace" if lossy else "surrogatepass")


@given(data=raw_files())
def test_importer_imports_a_valid_bulletin_or_refuses_with_a_message(data: bytes) -> None:
    from builder.core.settings import SiteConfig
    from builder.importer import Refused, import_text

    source = "raw/boletin.txt"
    try:
        result = import_text(data, source, SiteConfig())
    except Refused as refused:
        assert_explained(refused.diagnostics, source)
        return
    assert result.preservation.ok
    written = result.text.encode("utf-8")
    shown = f"content/{result.path.as_posix()}"
    slug = result.path.as_posix()[: -len(".md")]
    outcome = parse_bulletin(written, Path(shown), slug, shown)
    errors = [d for d in outcome.diagnostics if d.is_error]
    assert outcome.bulletin is not None and not errors, (result.text, errors)
    assert_clean_html(MarkdownRenderer("/").render(outcome.bulletin.body), shown)


# --- accepted front matter renders a whole, safe site -----------------------------------


printable = st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    str.strip
)
hostile_text = st.one_of(printable, st.sampled_from(MARKDOWN_BITS).filter(str.strip))


@st.composite
def valid_bulletin_files(draw: st.DrawFn) -> bytes:
    """Front matter the loader should accept, with hostile text in every text field."""
    fields: dict[str, object] = {"title": draw(hostile_text)}
    if draw(st.booleans()):
        fields["date"] = draw(st.dates(min_value=dt.date(1990, 1, 1)))
    optional = {
        "number": st.from_regex(r"[0-9]{1,4}/20[0-9]{2}", fullmatch=True),
        "location": hostile_text,
        "highlights": st.lists(hostile_text, max_size=3),
        "tags": st.lists(hostile_text, max_size=3, unique_by=str.casefold),
        "links": st.lists(
            st.fixed_dictionaries(
                {
                    "label": hostile_text,
                    "url": st.sampled_from(
                        ["https://example.org/a?b=1&c=<x>", "mailto:prensa@example.org", "/2025/"]
                    ),
                    "kind": st.sampled_from(["photos", "video", "audio", "document", "other"]),
                }
            ),
            max_size=2,
        ),
        "aliases": st.lists(
            st.from_regex(r"/[a-z0-9<>\"'=();:]{1,12}/", fullmatch=True), max_size=2, unique=True
        ),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            fields[key] = draw(strategy)
    dumped = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    return f"---\n{dumped}---\n{draw(markdown_text)}".encode("utf-8", errors="surrogatepass")


@given(data=valid_bulletin_files())
@settings(
    # a whole site per example (~60 ms): 30 in CI, a twentieth of the campaign when fuzzing
    max_examples=30 if os.environ.get("HYPOTHESIS_PROFILE", "ci") == "ci" else FUZZ_COUNT // 20,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
def test_accepted_bulletin_renders_every_output_file_safely(data: bytes) -> None:
    """What the loader accepts goes through every renderer (pages, feed, sitemap, export,
    redirects) without an exception, and no output file holds executable markup."""
    from builder.content.archive import build_archive
    from builder.core.settings import SiteConfig
    from builder.render.site import RenderOptions, render_site

    outcome = parse_bulletin(data, Path(SHOWN), "2025/x", SHOWN)
    assume(outcome.bulletin is not None)
    config = SiteConfig(base_url="https://example.org/archivo/")
    try:
        site = render_site(
            build_archive([outcome.bulletin]), config, CATALOGS[0], RenderOptions(search=False)
        )
    except BoletinesError as refused:  # e.g. an alias onto a page the site writes itself
        assert refused.diagnostics
        for diagnostic in refused.diagnostics:
            for catalog in CATALOGS:
                diagnostic.render(catalog)
        return
    for name, content in site.files.items():
        suffix = Path(name).suffix
        if suffix == ".html":
            findings = scan_html_text(_CONTROL.sub("\ufffd", content.decode("utf-8")), name)
        elif suffix == ".xml":
            findings = scan_xml(content, name)
        elif suffix == ".json":
            findings = scan_json(content, name)
        else:
            continue
        assert findings == [], findings
