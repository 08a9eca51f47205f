"""Hostile input made safe: raw HTML in bodies, titles that try to close the JSON-LD script."""

from __future__ import annotations

import json

from lxml import html as lxml_html
from site_support import FILES, bulletin

from builder.render.bulletin import script_json
from builder.render.markdown import MarkdownRenderer, excerpt, plain_text, sanitize

HOSTILE_TITLE = "</script><script>alert(1)</script> & <!-- \u2028 -->"


def test_json_ld_cannot_close_its_script_element(build_site):
    files = dict(FILES)
    files["content/2025/hostil.md"] = bulletin(
        json.dumps(HOSTILE_TITLE), date="2025-11-26", location=json.dumps("<b>Lugar</b>")
    )
    out, _ = build_site(files)
    text = (out / "2025/hostil/index.html").read_text()
    start = text.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    payload = text[start : text.index("</script>", start)]
    assert "<" not in payload and ">" not in payload and "&" not in payload
    data = json.loads(payload)
    assert data["headline"] == HOSTILE_TITLE
    assert data["contentLocation"]["name"] == "<b>Lugar</b>"
    tree = lxml_html.fromstring(text.encode())
    # the JSON-LD and the citation box's script, which is a file of the theme's
    scripts = tree.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/ld+json", None]
    assert scripts[1].get("src").startswith("/static/cite.") and not scripts[1].text
    assert tree.xpath("//h1")[0].text_content() == HOSTILE_TITLE


def test_script_json_escapes():
    assert script_json({"a": "</script>&"}) == '{"a":"\\u003c/script\\u003e\\u0026"}'


def test_sanitiser_removes_scripts_handlers_and_javascript_urls(build_site):
    body = (
        'Hola <script>alert("x")</script> <img src="f.png" onerror="alert(1)"> '
        '<a href="javascript:alert(1)">clic</a> <a href="JaVaScRiPt:alert(1)">dos</a> '
        '<iframe src="https://example.org"></iframe><style>body{}</style>'
        '<p onclick="x()" style="color:red">texto</p> <a href="/2025/x/">interno</a> '
        '<a href="data:text/html,hola">datos</a>'
    )
    files = dict(FILES)
    files["content/2025/html.md"] = bulletin('"Con HTML"', body, date="2025-11-27")
    out, _ = build_site(files, base_url="/archivo/")
    text = (out / "2025/html/index.html").read_text()
    tree = lxml_html.fromstring(text.encode())
    [body_div] = tree.xpath("//div[@class='bulletin-body']")
    inner = lxml_html.tostring(body_div, encoding="unicode")
    for banned in (
        "<script",
        "onerror",
        "onclick",
        "javascript:",
        "<iframe",
        "<style",
        "style=",
        "data:",
    ):
        assert banned not in inner.lower()
    assert body_div.xpath(".//img/@src") == ["f.png"]
    assert body_div.xpath(".//img/@alt") == [""]
    assert "/archivo/2025/x/" in body_div.xpath(".//a/@href")
    assert "texto" in body_div.text_content()


def test_markdown_renderer_is_reusable_and_keeps_tables():
    renderer = MarkdownRenderer()
    first = renderer.render("| a | b |\n|---|---|\n| 1 | 2 |")
    second = renderer.render("Texto *simple*.")
    assert "<table>" in first
    assert second == "<p>Texto <em>simple</em>.</p>"


def test_mailto_and_https_kept():
    out = sanitize(
        '<a href="mailto:a@b.mx">m</a> <a href="https://x.mx">h</a> <a href="ftp://x">f</a>'
    )
    assert 'href="mailto:a@b.mx"' in out and 'href="https://x.mx"' in out
    assert "ftp:" not in out


def test_plain_text_and_excerpt():
    assert plain_text("<p>Uno &amp; dos</p><ul><li>tres</li></ul>") == "Uno & dos tres"
    assert excerpt("palabra " * 50, 30) == "palabra palabra palabra…"
    assert excerpt("corto", 30) == "corto"


def test_site_template_overrides_and_extends_the_theme(build_site):
    files = dict(FILES)
    files["templates/base.html"] = (
        '{% extends "!theme/base.html" %}\n'
        '{% block footer %}{{ super() }}<p class="mine">Pie propio</p>{% endblock %}\n'
    )
    files["templates/404.html"] = (
        '{% extends "base.html" %}{% block content %}<h1>Nada aquí</h1>{% endblock %}\n'
    )
    out, _ = build_site(files)
    home = lxml_html.fromstring((out / "index.html").read_bytes())
    assert home.xpath("//p[@class='mine']/text()") == ["Pie propio"]
    assert home.xpath("//ul[@class='footer-links']")  # the theme's footer is still there
    missing = lxml_html.fromstring((out / "404.html").read_bytes())
    assert missing.xpath("//h1/text()") == ["Nada aquí"]
    assert missing.xpath("//p[@class='mine']/text()") == ["Pie propio"]


def test_broken_site_template_is_a_user_error_naming_the_file(build_site):
    import pytest

    from builder.core.errors import BoletinesError

    files = dict(FILES)
    files["templates/home.html"] = '{% extends "base.html" %}\n{% block content %}{% if %}\n'
    with pytest.raises(BoletinesError) as caught:
        build_site(files)
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "build.template"
    assert diagnostic.path.endswith("templates/home.html")
    assert diagnostic.line == 2


def test_unknown_ui_key_in_a_site_template_is_a_user_error(build_site):
    import pytest

    from builder.core.errors import BoletinesError

    files = dict(FILES)
    files["templates/404.html"] = (
        '{% extends "base.html" %}{% block content %}{{ t("no.such") }}{% endblock %}'
    )
    with pytest.raises(BoletinesError) as caught:
        build_site(files)
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.path.endswith("templates/404.html")
    assert diagnostic.args["detail"] == "no UI string 'no.such' in theme/i18n/es.yaml"
