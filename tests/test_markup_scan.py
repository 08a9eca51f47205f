"""The scanners the hostile-content and crawler tests rely on must themselves catch what
they look for, or those tests could pass on a vulnerable site."""

from __future__ import annotations

import json

import pytest
from markup_scan import is_dangerous_url, scan_html_text, scan_json, scan_xml

PAGE = "<!DOCTYPE html><html><head><title>t</title></head><body>{}</body></html>"

UNSAFE_HTML = {
    "script": "<script>alert('pwn')</script>",
    "event_handler": "<img src=x onerror=alert(1)>",
    "svg_onload": "<svg onload=alert(1)></svg>",
    "javascript_href": "<a href='javascript:alert(1)'>x</a>",
    "javascript_entity_href": "<a href='java&#x09;script&#x3a;alert(1)'>x</a>",
    "data_src": "<img src='data:image/svg+xml,x'>",
    "iframe": "<iframe src='https://evil.example/'></iframe>",
    "meta_refresh": "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "broken_json_ld": '<script type="application/ld+json">{"headline": "</script>',
    "style_attribute": "<div style='background:url(javascript:alert(1))'>x</div>",
    "form_action": "<form action='javascript:alert(1)'><button>x</button></form>",
    "foreign_script": "<script src='https://cdn.example/x.js'></script>",
}


@pytest.mark.parametrize("name", sorted(UNSAFE_HTML))
def test_scanner_finds_unsafe_html(name: str) -> None:
    assert scan_html_text(PAGE.format(UNSAFE_HTML[name]), "page.html")


def test_scanner_accepts_the_markup_a_site_writes() -> None:
    safe = (
        '<script type="application/ld+json">{"headline": "a \\u003c/script\\u003e"}</script>'
        '<script src="/archivo/pagefind/pagefind-ui.js"></script>'
        '<a href="https://www.imss.gob.mx/">imss</a><p>a &lt; b &amp;&amp; "c"</p>'
        "<meta http-equiv=refresh content='0; url=/archivo/2025/x/'>"
        "<form action='/archivo/buscar/' role=search><input name=q></form>"
    )
    assert scan_html_text(PAGE.format(safe), "page.html") == []


def test_dangerous_url_after_browser_clean_up() -> None:
    assert is_dangerous_url(" \x0ejava\tscript:alert(1)")
    assert is_dangerous_url("DATA:text/html,x")
    assert not is_dangerous_url("https://example.org/javascript:")
    assert not is_dangerous_url("/archivo/2025/")


def test_scanner_reads_html_inside_feeds_and_json() -> None:
    feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
        b'<content type="html">&lt;img src=x onerror=alert(1)&gt;</content>'
        b'<link href="javascript:alert(1)"/></entry></feed>'
    )
    assert len(scan_xml(feed, "feed.xml")) == 2
    data = json.dumps({"bulletins": [{"url": "javascript:x", "html": "<script>pwn</script>"}]})
    assert len(scan_json(data.encode(), "bulletins.json")) == 2
