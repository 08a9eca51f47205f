"""Links found in Markdown bodies, with their lines; unsafe schemes however spelled."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from builder.bodylinks import BodyLink, body_links, is_unsafe


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
