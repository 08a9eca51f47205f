"""What a reader on a phone meets: links that stand alone are big enough to tap, and a
bulletin's number or date in a list is never split over two lines ("Boletín No." at the end
of one line, "70/2025" at the start of the next)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# Pages with the menu, breadcrumbs, footer and lists of bulletins with numbers and dates.
PAGES = ["", "2025/", "2025/11/", "2025/2025-11-25-imss-fortalece/", "temas/guarderias/"]


SMALL_TARGETS = """() => [...document.querySelectorAll(
    '.site-nav a, .breadcrumbs a, .footer-links a')]
  .map(a => [a.closest('nav, footer').className, a.textContent.trim(),
             a.getBoundingClientRect().height])
  .filter(([, , height]) => height < 24)"""


def test_menu_breadcrumb_and_footer_links_are_at_least_24_px_tall_on_a_phone(
    browser, site_url
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    small = {}
    for path in PAGES:
        page.goto(site_url + path)
        if found := page.evaluate(SMALL_TARGETS):
            small[path] = found
    context.close()
    assert small == {}


SPLIT = """() => [...document.querySelectorAll('.meta time, .meta .number')]
  .filter(el => el.getClientRects().length > 1)
  .map(el => el.textContent.trim())"""


def test_numbers_and_dates_in_lists_stay_on_one_line_at_any_phone_width(browser, site_url) -> None:
    """Every width from 300 to 480 px, so that some width puts each of them at a line end."""
    context = browser.new_context(viewport={"width": 480, "height": 800})
    page = context.new_page()
    split = {}
    for path in ["", "2025/", "temas/guarderias/"]:
        page.goto(site_url + path)
        for width in range(300, 481, 3):
            page.set_viewport_size({"width": width, "height": 800})
            if found := page.evaluate(SPLIT):
                split[(path, width)] = found
    context.close()
    assert split == {}
