"""Sanitised bodies, round two: ``cite`` URLs and images from other hosts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import html as lxml_html
from site_support import FILES, bulletin

from builder.render.markdown import MarkdownRenderer, sanitize, url_scheme


@pytest.mark.parametrize("tag", ["blockquote", "q", "del", "ins"])
@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " java&#x09;script:alert(1)",
        "java&#10;script:alert(1)",
        "&#x01;javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://example.org/",
    ],
)
def test_a_cite_url_with_another_scheme_is_removed(tag, url):
    out = sanitize(f'<{tag} cite="{url}">texto</{tag}>')
    assert out == f"<{tag}>texto</{tag}>"


@pytest.mark.parametrize("tag", ["blockquote", "q", "del", "ins"])
def test_a_cite_url_that_is_http_or_a_site_path_stays(tag):
    assert sanitize(f'<{tag} cite="https://example.org/a">t</{tag}>') == (
        f'<{tag} cite="https://example.org/a">t</{tag}>'
    )
    assert sanitize(f'<{tag} cite="/2025/x/">t</{tag}>', "/archivo/") == (
        f'<{tag} cite="/archivo/2025/x/">t</{tag}>'
    )


@given(st.text(alphabet=" \t\n\x00\x01jJaAvVsScCrRiIpPtT:&#x09;/", max_size=30))
def test_no_cite_survives_whose_scheme_a_browser_would_read_as_javascript(value):
    out = sanitize(f'<q cite="{value}">t</q>')
    for cite in lxml_html.fragment_fromstring(out, create_parent="div").xpath("//@cite"):
        assert url_scheme(cite) in (None, "http", "https", "mailto"), cite


def test_url_scheme_reads_what_a_browser_reads():
    assert url_scheme(" \x01Java\tScr\nipt:x") == "javascript"
    assert url_scheme("HTTPS://a") == "https"
    assert url_scheme("/2025/a:b/") is None
    assert url_scheme("a b:c") is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "![Foto del evento](https://otro.example/f.jpg)",
            '<p><a href="https://otro.example/f.jpg" rel="noopener noreferrer">'
            "Foto del evento</a></p>",
        ),
        (
            '<img src="//otro.example/pixel.gif" alt="">',
            '<p><a href="//otro.example/pixel.gif" rel="noopener noreferrer">'
            "//otro.example/pixel.gif</a></p>",
        ),
        (
            '<img src="HTTP://otro.example/a.png?x=1&amp;y=2" alt="A &quot;B&quot;">',
            '<p><a href="HTTP://otro.example/a.png?x=1&amp;y=2" rel="noopener noreferrer">'
            "A &quot;B&quot;</a></p>",
        ),
        (  # inside a link the image's text stays, and the link is the only one
            "[![Logo](https://otro.example/logo.png)](https://otro.example/)",
            '<p><a href="https://otro.example/" rel="noopener noreferrer">Logo</a></p>',
        ),
        ("![Gráfica](/static/g.png)", '<p><img alt="Gráfica" src="/static/g.png"></p>'),
        ("![Gráfica](g.png)", '<p><img alt="Gráfica" src="g.png"></p>'),
    ],
)
def test_an_image_from_another_host_becomes_a_link_to_it(body, expected):
    assert MarkdownRenderer().render(body) == expected


def test_a_built_page_loads_no_image_from_another_host(build_site):
    body = (
        "Texto.\n\n![Foto](https://otro.example/f.jpg)\n\n"
        '<img src="//rastreo.example/p.gif"> <img src="/static/local.png" alt="Local">'
    )
    files = dict(FILES)
    files["content/2025/imagenes.md"] = bulletin('"Con imágenes"', body, date="2025-11-27")
    out, _ = build_site(files, base_url="/archivo/")
    tree = lxml_html.fromstring((out / "2025/imagenes/index.html").read_bytes())
    [body_div] = tree.xpath("//div[@class='bulletin-body']")
    assert body_div.xpath(".//img/@src") == ["/archivo/static/local.png"]
    assert body_div.xpath(".//a/@href") == [
        "https://otro.example/f.jpg",
        "//rastreo.example/p.gif",
    ]
