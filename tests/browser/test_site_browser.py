"""The theme in a real browser: no horizontal scrolling at 320 px, no axe violations in
light or dark mode, a skip link that shows when focused, a print style without navigation."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_support import FILES, SITE_YAML, require

from builder.tools.screenshots import serve

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "",
    "pagina/2/",
    "archivo/",
    "2025/",
    "2025/11/",
    "2025/2025-11-25-imss-fortalece/",
    "sin-fecha/aviso/",
    "temas/",
    "temas/guarderias/",
    "lugares/",
    "lugares/ciudad-de-mexico/",
    "sin-fecha/",
    "404.html",
]


def test_no_horizontal_scrolling_at_320_px(browser, site_url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    too_wide = []
    for path in PAGES:
        page.goto(site_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide.append((path, width))
    context.close()
    assert too_wide == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(browser, site_url, scheme):
    require(AXE, "axe-core (npm install)")
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    found = {}
    for path in PAGES:
        page.goto(site_url + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            """async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa',
                 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}))
                 .violations.map(v => v.id + ': ' + v.nodes[0].html.slice(0, 100))"""
        )
        if violations:
            found[path] = violations
    context.close()
    assert found == {}


def test_skip_link_appears_on_focus_and_moves_to_main(browser, site_url):
    page = browser.new_page()
    page.goto(site_url)
    link = page.locator(".skip-link")
    assert link.bounding_box()["y"] < 0  # off screen until focused
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert link.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenido"
    page.close()


def test_print_style_hides_navigation(browser, site_url):
    page = browser.new_page()
    page.goto(site_url + "2025/2025-11-25-imss-fortalece/")
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".prev-next").is_visible()
    assert not page.locator(".search-box").is_visible()
    assert page.locator("h1").is_visible()
    assert page.locator(".site-logo").is_visible()  # a printed page says where it is from
    page.close()


@pytest.mark.parametrize("accent", ["#f0c000", "#7fd7ff", "#ffffff"])
def test_a_light_accent_colour_keeps_text_readable(browser, build_site, accent):
    """site.yaml may name any accent: links, buttons and the current page number stay
    at WCAG AA contrast (axe's colour-contrast rule) in light and dark mode."""
    require(AXE, "axe-core (npm install)")
    files = dict(FILES, **{"site.yaml": SITE_YAML.replace("#7a1f5c", accent)})
    out, _ = build_site(files)
    found = {}
    with serve(out) as base:
        for scheme in ("light", "dark"):
            context = browser.new_context(color_scheme=scheme)
            page = context.new_page()
            for path in ("", "pagina/2/", "2025/2025-11-25-imss-fortalece/", "archivo/"):
                page.goto(base + path)
                page.add_script_tag(path=str(AXE))
                violations = page.evaluate(
                    """async () => (await axe.run(document, {runOnly: ['color-contrast']}))
                         .violations.flatMap(v => v.nodes.map(n => n.html.slice(0, 80)))"""
                )
                if violations:
                    found[(scheme, path)] = violations
            context.close()
    assert found == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_focusable_element_shows_a_visible_focus_ring(browser, site_url, scheme):
    """Tab through a bulletin page: each element that takes focus draws a solid outline at
    least 2 px wide whose colour has 3:1 contrast with the page (WCAG 1.4.11, 2.4.7)."""
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + "2025/2025-11-25-imss-fortalece/")
    seen, weak = [], []
    for _ in range(60):
        page.keyboard.press("Tab")
        ring = page.evaluate(
            """() => {
                const e = document.activeElement, s = getComputedStyle(e);
                if (e === document.body || e.dataset.tabbed) return null;  // round again
                e.dataset.tabbed = "1";
                const bg = getComputedStyle(document.body).backgroundColor;
                return [e.outerHTML.slice(0, 60), s.outlineStyle, parseFloat(s.outlineWidth),
                        s.outlineColor, bg];
            }"""
        )
        if ring is None:
            break
        seen.append(ring[0])
        html, style, width, colour, background = ring
        if style == "none" or width < 2 or rgb_contrast(colour, background) < 3:
            weak.append(ring)
    context.close()
    assert len(seen) > 15  # header, navigation, facts, buttons, related, footer
    assert weak == []


def rgb_contrast(a: str, b: str) -> float:
    def luminance(text: str) -> float:
        values = [int(float(v)) for v in text[text.index("(") + 1 : -1].split(",")[:3]]
        channels = [v / 255 for v in values]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
