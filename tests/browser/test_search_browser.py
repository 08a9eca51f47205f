"""Search in a real browser, on the sample bulletins served under /archivo/.

Expected results come from the site's own data export (bulletins.json: URL, number, date,
text of every bulletin), never from numbers written into the tests.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from builder.core.text import fold

pytestmark = pytest.mark.browser

SEARCHED = "#search[aria-busy='false']"


def settled(page) -> int:
    """Wait until the search page has finished its current search; the count of searches."""
    page.wait_for_selector(SEARCHED, state="attached")
    return int(page.get_attribute("#search", "data-searches") or 0)


def wait_for_next_search(page, before: int) -> None:
    page.wait_for_function(
        "n => { const r = document.getElementById('search');"
        " return r.getAttribute('aria-busy') === 'false' && Number(r.dataset.searches || 0) > n; }",
        arg=before,
    )


def open_search(page, server, query: str) -> None:
    page.goto(server.url(f"buscar/?q={query}"))
    page.wait_for_function(
        "() => { const r = document.getElementById('search');"
        " return r.getAttribute('aria-busy') === 'false' && Number(r.dataset.searches || 0) > 0; }"
    )


def result_urls(page) -> list[str]:
    """Every result's URL path, pressing "show more" until all are listed."""
    while page.is_visible("#search-more"):
        count = page.locator("#search-results > li").count()
        page.click("#search-more")
        page.wait_for_function(
            "n => document.querySelectorAll('#search-results > li').length > n", arg=count
        )
    hrefs = page.eval_on_selector_all(
        "#search-results .search-result-title a", "as => as.map(a => a.getAttribute('href'))"
    )
    return hrefs


def filter_counts(page, group: str) -> dict[str, int]:
    buttons = page.locator(f"button[data-filter='{group}']")
    counts = {}
    for i in range(buttons.count()):
        button = buttons.nth(i)
        count = button.locator(".search-filter-count").inner_text()
        counts[button.get_attribute("data-value")] = int(re.sub(r"\D", "", count))
    return counts


def words(bulletin: dict) -> str:
    return fold(" ".join([bulletin["title"], *bulletin["highlights"], bulletin["text"]]))


def year_of(bulletin: dict) -> str:
    return bulletin["date"][:4] if bulletin["date"] else "Sin fecha"


@pytest.fixture(scope="session")
def ceci(site) -> dict:
    (bulletin,) = [b for b in site.bulletins if b["number"] == "591/2025"]
    return bulletin


def test_guarderias_without_accent_lists_the_ceci_bulletin_first(page, server, ceci):
    open_search(page, server, "guarderias")
    first = page.locator("#search-results > li").first
    assert first.locator("a").get_attribute("href") == ceci["url"]
    assert first.locator("a").inner_text() == ceci["title"]
    meta = first.locator(".search-result-meta").inner_text()
    assert meta == f"No. 591/2025 · 25 de noviembre de 2025 · {ceci['location']}"
    marks = first.locator(".search-result-excerpt mark").all_inner_texts()
    assert marks and all(fold(m).startswith("guarder") for m in marks)
    assert "guarderias" in page.inner_text("#search-status")


@pytest.mark.parametrize("query", ["591/2025", "591"])
def test_the_bulletin_number_finds_the_bulletin(page, server, ceci, query):
    open_search(page, server, query)
    assert result_urls(page)[0] == ceci["url"]


def test_zoe_robledo_lists_every_bulletin_that_names_him(page, server, site):
    open_search(page, server, "Zoé Robledo")
    expected = {b["url"] for b in site.bulletins if "zoe robledo" in words(b)}
    assert len(expected) >= 2
    assert expected <= set(result_urls(page))


@pytest.mark.parametrize("query", ["IMSS-Bienestar", "imss-bienestar"])
def test_a_hyphenated_name_finds_it_written_with_a_hyphen_or_a_space(page, server, site, query):
    open_search(page, server, query)
    expected = {b["url"] for b in site.bulletins if re.search(r"imss[- ]bienestar", words(b))}
    spellings = {m for b in site.bulletins for m in re.findall(r"imss[- ]bienestar", words(b))}
    assert spellings == {"imss bienestar", "imss-bienestar"}  # the samples write it both ways
    assert set(result_urls(page)) == expected
    assert query in page.inner_text("#search-status")


def values_of(group: str, bulletin: dict) -> list[str]:
    """The filter values a bulletin should carry, from the data export."""
    if group == "year":
        return [year_of(bulletin)]
    if group == "location":
        return [bulletin["location"]] if bulletin["location"] else []
    return list(dict.fromkeys(bulletin["tags"]))


@pytest.mark.parametrize("group", ["year", "topic", "location"])
def test_filtering_narrows_the_results_with_right_counts(page, server, site, group):
    open_search(page, server, "IMSS")
    before = result_urls(page)
    expected = Counter(v for url in before for v in values_of(group, site.by_url[url]))
    assert expected, f"the sample results should carry a {group}"
    assert filter_counts(page, group) == dict(expected)

    # A value that narrows the results (a real year for "year"), the most common one.
    narrowing = [v for v, n in expected.items() if n < len(before)]
    assert narrowing, f"every result has the same {group}"
    value = max(narrowing, key=lambda v: (v[:1].isdigit(), expected[v], v))
    searches = settled(page)
    page.locator(f"button[data-filter='{group}'][data-value='{value}']").click()
    wait_for_next_search(page, searches)

    after = result_urls(page)
    assert sorted(after) == sorted(u for u in before if value in values_of(group, site.by_url[u]))
    assert len(after) == expected[value] < len(before)
    pressed = f"button[data-filter='{group}'][data-value='{value}']"
    assert page.get_attribute(pressed, "aria-pressed") == "true"
    # Faceted: the group's own counts ignore its own choice, so the other values still show
    # how many results they would add.
    assert filter_counts(page, group) == dict(expected)
    assert str(expected[value]) in page.inner_text("#search-status")


def test_sorting_by_date_puts_newest_first_and_undated_last(page, server, site):
    open_search(page, server, "IMSS")
    searches = settled(page)
    page.click("button[data-sort='date']")
    wait_for_next_search(page, searches)
    dates = [site.by_url[url]["date"] for url in result_urls(page)]
    dated = [d for d in dates if d]
    assert dated and None in dates, "the sample results should mix dated and undated bulletins"
    assert dates == sorted(dated, reverse=True) + [None] * (len(dates) - len(dated))
    assert page.get_attribute("button[data-sort='date']", "aria-pressed") == "true"


def test_opening_a_result_lands_on_the_bulletin_page_and_back_returns(page, server, ceci):
    open_search(page, server, "guarderias")
    page.click("#search-results > li:first-child a")
    page.wait_for_url(server.url(ceci["url"].removeprefix("/archivo/")))
    assert page.inner_text("h1") == ceci["title"]

    page.go_back()
    page.wait_for_url(re.compile(r".*/archivo/buscar/\?q=guarderias$"))
    page.wait_for_selector("#search-results > li")
    assert page.input_value("#search-q") == "guarderias"
    assert result_urls(page)[0] == ceci["url"]


def test_header_search_box_on_a_bulletin_page_leads_to_results(page, server, ceci):
    page.goto(server.origin + ceci["url"])
    page.fill("#site-search-q", "guarderias")
    page.press("#site-search-q", "Enter")
    page.wait_for_url(re.compile(r".*/archivo/buscar/\?q=guarderias$"))
    settled(page)
    page.wait_for_selector("#search-results > li")
    assert page.input_value("#search-q") == "guarderias"
    assert ceci["url"] in result_urls(page)


def test_every_page_has_the_header_search_box(site):
    from lxml import html

    pages = [p for p in site.out.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 10
    for path in pages:
        tree = html.parse(str(path))
        forms = tree.xpath("//header//form[@role='search']")
        if not forms and tree.xpath("//meta[@http-equiv='refresh']"):
            continue  # alias redirect pages have no header
        if path == site.out / "buscar" / "index.html":
            # The search page's own form takes the header box's place: one search landmark.
            forms = tree.xpath("//form[@role='search']")
        assert len(forms) == 1, path
        (form,) = forms
        assert form.get("action") == "/archivo/buscar/"
        assert (form.get("method") or "get").lower() == "get"
        (field,) = form.xpath(".//input[@name='q']")
        assert form.xpath(f".//label[@for='{field.get('id')}']"), path


def test_no_results_says_so_in_spanish(page, server):
    open_search(page, server, "zzqxv")
    assert page.inner_text("#search-status") == (
        "No se encontraron boletines para «zzqxv». Pruebe con otra palabra o quite los filtros."
    )
    assert page.locator("#search-results > li").count() == 0
    assert page.is_hidden("#search-controls")


def test_on_a_phone_the_controls_fold_and_open_with_the_keyboard(page, server):
    page.set_viewport_size({"width": 390, "height": 800})
    open_search(page, server, "IMSS")
    assert page.is_hidden("button[data-filter='year']")
    assert page.inner_text(".search-controls-summary") == "Ordenar y filtrar"
    page.focus(".search-controls-summary")
    page.keyboard.press("Enter")
    assert page.is_visible("button[data-filter='year']")


def test_the_url_follows_what_the_reader_types(page, server):
    page.goto(server.url("buscar/"))
    settled(page)
    page.fill("#search-q", "Robledo")
    page.wait_for_url(re.compile(r".*/buscar/\?q=Robledo$"))
    page.wait_for_selector("#search-results > li")
    page.fill("#search-q", "")
    page.wait_for_url(re.compile(r".*/buscar/$"))


def test_the_page_title_names_the_search(page, server):
    page.goto(server.url("buscar/"))
    settled(page)
    title = page.title()
    assert title.startswith("Buscar")
    searches = settled(page)
    page.fill("#search-q", "Zoé Robledo")
    page.press("#search-q", "Enter")
    wait_for_next_search(page, searches)
    assert page.title() == f"«Zoé Robledo» · {title}"
    searches = settled(page)
    page.fill("#search-q", "")
    page.press("#search-q", "Enter")
    wait_for_next_search(page, searches)
    assert page.title() == title


def focus_by_tab(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def test_keyboard_alone_reaches_and_uses_field_filters_and_results(page, server, site):
    page.goto(server.url("buscar/"))
    settled(page)
    focus_by_tab(page, "#search-q")
    page.keyboard.type("IMSS")
    searches = settled(page)
    page.keyboard.press("Enter")
    wait_for_next_search(page, searches)
    page.wait_for_selector("#search-results > li")
    total = len(result_urls(page))

    focus_by_tab(page, "button[data-filter='year']")
    year = page.evaluate("() => document.activeElement.dataset.value")
    searches = settled(page)
    page.keyboard.press("Enter")
    wait_for_next_search(page, searches)
    assert page.evaluate("() => document.activeElement.getAttribute('aria-pressed')") == "true"
    narrowed = result_urls(page)
    assert 0 < len(narrowed) < total
    assert {year_of(site.by_url[u]) for u in narrowed} == {year}

    focus_by_tab(page, "#search-results a")
    target = page.evaluate("() => document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(server.origin + target)
    assert page.inner_text("h1") == site.by_url[target]["title"]


def test_no_console_errors_failed_or_foreign_requests(page, server, site, ceci, traffic):
    for path in ["", ceci["url"].removeprefix("/archivo/"), "archivo/"]:
        page.goto(server.url(path))
    open_search(page, server, "guarderias")
    assert any("/archivo/pagefind/pagefind.js" in url for url in traffic.requests)
    assert any(".pf_fragment" in url for url in traffic.requests)
    assert all(url.startswith(server.origin + "/archivo/") for url in traffic.requests)
    assert not traffic.problems()


def test_the_reader_is_told_a_search_is_under_way_while_the_index_loads(page, server):
    held = []
    page.route("**/pagefind/shards.json", lambda route: held.append(route))  # answered later
    page.goto(server.url("buscar/?q=guarderias"))
    page.wait_for_function("() => document.getElementById('search-status').textContent !== ''")
    assert page.inner_text("#search-status") == "Buscando…"
    assert page.get_attribute("#search", "aria-busy") == "true"
    held[0].fallback()
    settled(page)
    assert page.inner_text("#search-status") == "Se encontró 1 boletín para «guarderias»."


def test_when_the_index_cannot_load_the_page_says_so_and_points_to_the_archive(browser, server):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.route("**/pagefind/shards.json", lambda route: route.fulfill(status=404))
        page.goto(server.url("buscar/?q=guarderias"))
        settled(page)
        assert page.inner_text("#search-status") == (
            "La búsqueda no está disponible en este momento. "
            "Puede recorrer los boletines en el archivo."
        )
        assert page.get_attribute("#search-fallback a", "href") == "/archivo/archivo/"
        assert page.is_visible("#search-fallback a")
        assert page.locator("#search-results > li").count() == 0
    finally:
        context.close()


def test_without_javascript_the_page_points_to_the_archive(browser, server):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server.url("buscar/?q=guarderias"))
        message = page.locator(".search-noscript")
        assert message.is_visible()
        assert "JavaScript" in message.inner_text()
        assert message.locator("a").get_attribute("href") == "/archivo/archivo/"
    finally:
        context.close()


COLOURS = """() => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const paint = canvas.getContext("2d", { willReadFrequently: true });
  const rgb = (colour) => {  // any CSS colour (rgb(), color(srgb ...)) as 0-255 channels
    paint.clearRect(0, 0, 1, 1);
    paint.fillStyle = colour;
    paint.fillRect(0, 0, 1, 1);
    return [...paint.getImageData(0, 0, 1, 1).data].slice(0, 3);
  };
  const style = (selector) => getComputedStyle(document.querySelector(selector));
  const page = [document.body, document.documentElement]
    .map((e) => getComputedStyle(e).backgroundColor)
    .find((c) => c !== "rgba(0, 0, 0, 0)");
  const off = style("button[data-filter][aria-pressed='false']");
  const on = style("button[data-filter][aria-pressed='true']");
  return {
    page: rgb(page),
    off_border: rgb(off.borderTopColor),
    on_fill: rgb(on.backgroundColor),
    on_text: rgb(on.color),
  };
}"""


def contrast(one: list[int], two: list[int]) -> float:
    def luminance(rgb: list[int]) -> float:
        linear = [c / 255 / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_filter_buttons_and_their_pressed_state_stand_out_in_light_and_dark(
    page, server, axe_source, scheme
):
    page.emulate_media(color_scheme=scheme)
    open_search(page, server, "IMSS")
    searches = settled(page)
    page.locator("button[data-filter='year']").first.click()
    wait_for_next_search(page, searches)
    colours = page.evaluate(COLOURS)
    assert contrast(colours["off_border"], colours["page"]) >= 3  # the button's outline
    assert contrast(colours["on_fill"], colours["page"]) >= 3  # pressed against not pressed
    assert contrast(colours["on_text"], colours["on_fill"]) >= 4.5
    page.add_script_tag(content=axe_source)
    found = page.evaluate("async () => await axe.run(document, {runOnly: ['color-contrast']})")
    assert not found["violations"], [n["target"] for v in found["violations"] for n in v["nodes"]]


@pytest.mark.parametrize("which", ["home", "bulletin", "archive", "search"])
def test_no_serious_accessibility_violations(page, server, ceci, axe_source, which):
    path = {
        "home": "",
        "bulletin": ceci["url"].removeprefix("/archivo/"),
        "archive": "archivo/",
        "search": "buscar/?q=guarderias",
    }[which]
    if which == "search":
        open_search(page, server, "guarderias")
        page.wait_for_selector("#search-results > li")
    else:
        page.goto(server.url(path))
    page.add_script_tag(content=axe_source)
    results = page.evaluate("async () => await axe.run(document)")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)
