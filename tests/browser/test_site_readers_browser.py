"""A researcher copies a bulletin's citation with the keyboard, a reader subscribes to a
topic, and a phone's fingers find every link of a bulletin's header: in Chromium."""

from __future__ import annotations

import feedparser
import pytest
from site_support import with_corrections

from builder.tools.screenshots import serve

pytestmark = pytest.mark.browser

BULLETIN = "2025/2025-11-25-imss-fortalece/"
CITATION = (
    "Archivo de prueba. «IMSS fortalece la cooperación internacional». Boletín No. 591/2025, "
    "25 de noviembre de 2025. {url}2025/2025-11-25-imss-fortalece/ (consultado el {today})."
)
TODAY = """() => new Intl.DateTimeFormat("es", {day: "numeric", month: "long", year: "numeric"})
    .format(new Date())"""


def test_a_researcher_copies_the_citation_with_the_keyboard(browser, site_url):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    page.goto(site_url + BULLETIN)
    button = page.locator(".cite-copy")
    assert button.is_visible()
    today = page.evaluate(TODAY)
    expected = CITATION.format(url=site_url, today=today)
    assert " ".join(page.locator(".cite-text").inner_text().split()) == expected
    for _ in range(60):  # the keyboard alone reaches the button
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.className") == "cite-copy":
            break
    else:
        pytest.fail("the copy button is not reachable with Tab")
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] >= 2  # focus is visible
    page.keyboard.press("Enter")
    status = page.locator(".cite-status")
    status.filter(has_text="Copiado").wait_for(timeout=5000)
    assert status.get_attribute("role") == "status"  # a live region: read out when it changes
    assert page.evaluate("navigator.clipboard.readText()") == expected
    page.evaluate("navigator.clipboard.writeText('')")
    page.keyboard.press("Space")
    page.wait_for_function("async () => (await navigator.clipboard.readText()).length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    context.close()


def test_without_javascript_the_citation_is_selectable_text(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + BULLETIN)
    assert not page.locator(".cite-copy").is_visible()
    text = page.locator(".cite-text")
    assert text.is_visible()
    assert text.inner_text().endswith("/2025/2025-11-25-imss-fortalece/ (consultado el [fecha]).")
    text.click(click_count=3)  # a triple click selects the paragraph to copy by hand
    selected = page.evaluate("getSelection().toString()")
    assert "«IMSS fortalece la cooperación internacional»" in selected
    context.close()


def test_a_reader_subscribes_to_a_topic(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "temas/guarderias/")
    link = page.get_by_role("link", name="Suscribirse a este tema")
    assert link.is_visible()
    assert page.locator(".subscribe-help").is_visible()
    href = link.get_attribute("href")
    discovered = page.locator("head link[rel=alternate]").first.get_attribute("href")
    assert href == discovered == "/temas/guarderias/feed.xml"
    response = page.request.get(site_url + href.lstrip("/"))
    assert response.ok
    feed = feedparser.parse(response.body())
    assert not feed.bozo
    assert feed.feed.title == "Tema: guarderías · Archivo de prueba"
    assert [e.title for e in feed.entries] == [
        "IMSS fortalece la cooperación internacional",
        "Nuevas guarderías en Chihuahua",
    ]
    page.close()


def test_links_of_a_bulletin_header_are_big_enough_for_a_finger_on_a_phone(browser, site_url):
    """WCAG 2.5.8 (Lighthouse's target-size audit): 24 x 24 CSS pixels at least."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    small = []
    for path, selector in [
        (BULLETIN, ".bulletin-facts a, .updated-note a, .cite-copy"),
        ("temas/guarderias/", ".subscribe a"),
    ]:
        page.goto(site_url + path)
        boxes = page.eval_on_selector_all(
            selector,
            "els => els.map(e => { const r = e.getBoundingClientRect();"
            " return [e.textContent.trim(), r.width, r.height]; })",
        )
        assert boxes, selector
        small += [box for box in boxes if box[1] < 24 or box[2] < 24]
    context.close()
    assert small == []


def test_a_reader_sees_when_and_why_a_bulletin_was_corrected(browser, build_site):
    out, _ = build_site(with_corrections())
    with serve(out) as base:
        page = browser.new_page(viewport={"width": 375, "height": 640})
        page.goto(base + BULLETIN)
        note = page.get_by_role("link", name="Actualizado el 26 de noviembre de 2025")
        assert note.is_visible()
        note.click()
        assert page.url.endswith("#correcciones")
        corrections = page.get_by_role("region", name="Correcciones")
        assert corrections.is_visible()
        box = corrections.bounding_box()
        assert -1 < box["y"] < 640  # scrolled to its top (sub-pixel) on a phone
        assert corrections.get_by_role("listitem").all_inner_texts() == [
            "26 de noviembre de 2025: Se corrigió la cifra de guarderías."
        ]
        page.close()
