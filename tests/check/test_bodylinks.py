"""Links found in Markdown bodies, with their lines; unsafe schemes however spelled."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builder.check.bodylinks import BodyLink, _inline_links, body_links, is_unsafe


def test_every_kind_of_link_is_found_with_its_line():
    body = "\n".join(
        [
            'Primero [un boletín](/2025/2025-08-28-centro/) y [otro](<../b/> "título").',
            "Una imagen ![foto](/static/x.png) y <https://www.imss.gob.mx/>.",
            '<a href="javascript:alert(1)">html</a>',
            "[ref]: /2024/viejo/",
            '<p><IMG alt="x" SRC="a.jpg"> <script src="b.js"></script></p>',
        ]
    )
    assert list(body_links(body)) == [
        BodyLink("/2025/2025-08-28-centro/", 1),
        BodyLink("../b/", 1),
        BodyLink("/static/x.png", 2, image=True),
        BodyLink("https://www.imss.gob.mx/", 2),
        BodyLink("javascript:alert(1)", 3),
        BodyLink("/2024/viejo/", 4),
        BodyLink("a.jpg", 5, image=True),
        BodyLink("b.js", 5),
    ]


def test_code_spans_and_fenced_blocks_are_not_links():
    body = "Escriba `[texto](/2025/x/)` así:\n```\n[a](/no/)\n```\n~~~~\n[b](/no/)\n~~~~\n[c](/si/)"
    assert list(body_links(body)) == [BodyLink("/si/", 8)]


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript:x", " java\tscript:x", "data:text/html,hi", "vbscript:x"],
)
def test_unsafe_schemes_are_recognised_however_written(url):
    assert is_unsafe(url)


@pytest.mark.parametrize("url", ["https://x.org/", "/2025/a/", "../b/", "mailto:a@b.mx", "#arriba"])
def test_ordinary_links_are_safe(url):
    assert not is_unsafe(url)


@given(st.text())
def test_any_body_gives_links_on_lines_that_exist(body):
    lines = body.splitlines()
    for link in body_links(body):
        assert 1 <= link.line <= len(lines)
        assert link.url.strip() == link.url


# The single regular expression the inline-link scan replaced; it retried the bracketed
# text from every "[" (a line of 60,000 "[" took 91 s) but defines what a link is.
_OLD_INLINE = re.compile(
    r"!?\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>\n]*>|(?:[^\s()]|\([^\s()]*\))+)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)

link_lines = st.lists(
    st.sampled_from(
        [
            "[",
            "]",
            "(",
            ")",
            "!",
            "\\",
            "<",
            ">",
            '"',
            "'",
            " ",
            "\t",
            "a",
            "/x",
            "](",
            "![",
            "[t](",
            "(<",
            '"t"',
            "https://a.mx/b",
            "[a](/x/)",
            "[b](<c d> 'e')",
            "![i](f.png)",
        ]
    ),  # fmt: skip
    max_size=30,
).map("".join)


@given(link_lines)
def test_inline_links_are_those_the_old_pattern_found(line):
    expected = [
        (m.start(1), m.group(1), m.group(0).startswith("!")) for m in _OLD_INLINE.finditer(line)
    ]
    assert list(_inline_links(line)) == expected


def test_inline_links_with_escapes_nesting_and_titles():
    line = r'[a\](b)](/x/) ![i [j](/y/ "t") [k](<a b>) \\](/z/) [l](m(n)o) [p]( q )'
    assert list(_inline_links(line)) == [
        (9, "/x/", False),
        (22, "/y/", True),  # "![i [j]" is one bracketed text
        (35, "<a b>", False),
        (55, "m(n)o", False),  # "\\]" ends no text: no "[" since the last link
        (67, "q", False),
    ]


HOSTILE_LINES = {
    "brackets": lambda n: "[" * n + "](",
    "angle": lambda n: "[a](<" * (n // 5) + ">",
    "nested": lambda n: "[" * (n // 2) + "](" * (n // 4),
}


def _cpu_seconds(body: str) -> float:
    """The least of three runs: a loaded machine only ever adds time."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        list(body_links(body))
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.parametrize("shape", sorted(HOSTILE_LINES))
def test_link_scan_time_grows_linearly(shape):
    """4 times the text may take 8 times as long, not the 16 a quadratic scan takes (the
    60 kB line of "[" took 91 s before). The margin absorbs a loaded machine."""
    make = HOSTILE_LINES[shape]
    small, large = _cpu_seconds(make(20_000)), _cpu_seconds(make(80_000))
    assert large < 8 * small + 0.05, (small, large)


def test_the_reported_line_is_scanned_in_moments():
    start = time.process_time()
    assert list(body_links("[" * 60_000 + "](")) == []
    assert time.process_time() - start < 2  # 91 s before
