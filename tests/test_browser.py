"""What a person sees: the built example site in headless Chromium, served from 127.0.0.1 only.

Uses the system's Chromium (never a downloaded one). Without Chromium or Playwright
the tests skip, unless HANDBOOK_REQUIRE_BROWSER=1 (as in CI), where they fail.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import Build

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NOTE_PATH = "/notes/2026/2026-10-09-alex-kim/"
TIMEOUT_MS = 15_000


def browser_unavailable(reason: str) -> None:
    if os.environ.get("HANDBOOK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and HANDBOOK_REQUIRE_BROWSER=1")
    pytest.skip(reason)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(example_site: Build) -> Iterator[str]:
    """The built example site, served by a thread on a free port of 127.0.0.1."""
    assert example_site.returncode == 0, example_site.log
    handler = functools.partial(QuietHandler, directory=str(example_site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if sync_playwright is None:
        browser_unavailable("the playwright package is not installed")
    if not Path(CHROMIUM).is_file():
        browser_unavailable(f"no Chromium at {CHROMIUM}")
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield chromium
        finally:
            chromium.close()


class Visit:
    """One browser context: its page, every request it made and every script error."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.requests: list[str] = []
        self.errors: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))
        # Recorded above, then refused: a leak fails the test without reaching the network.
        context.route("**/*", self._only_local)
        self.page = context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    @staticmethod
    def _only_local(route: Any) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort()

    def assert_stayed_local(self) -> None:
        assert self.requests, "no requests were recorded"
        outside = [url for url in self.requests if not is_local(url)]
        assert outside == [], f"requests left 127.0.0.1: {outside}"
        assert self.errors == [], f"script errors: {self.errors}"


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob") or (parts.scheme == "http" and parts.hostname == "127.0.0.1")


@pytest.fixture
def visit(browser: Any) -> Iterator[Visit]:
    context = browser.new_context()
    try:
        yield Visit(context)
    finally:
        context.close()


def test_search_finds_the_one_note_and_opens_it(visit: Visit, site_url: str) -> None:
    page = visit.page
    page.goto(f"{site_url}/")
    search = page.locator(".md-search__input")
    search.click()
    expect(search).to_be_focused()
    # Material listens for key presses, not input events, and drops queries typed before its index loads.
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    search.press_sequentially("heliotrope")
    expect(search).to_have_value("heliotrope")
    expect(page.locator(".md-search-result__meta")).to_have_text("1 matching document")
    results = page.locator(".md-search-result__list > .md-search-result__item")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("Alex Kim")
    expect(results.first.locator("mark")).to_have_text(["heliotrope"])

    results.first.locator("a.md-search-result__link").first.click()
    page.wait_for_url(lambda url: urlsplit(url).path == NOTE_PATH)
    article = page.locator("article.md-content__inner")
    expect(article.locator("h1")).to_contain_text("Alex Kim")
    expect(article).to_contain_text("Pitched the heliotrope dashboard redesign")
    expect(article.get_by_role("link", name="Alex Kim")).to_be_visible()
    visit.assert_stayed_local()


def test_dashboard_and_person_page_render(visit: Visit, site_url: str) -> None:
    page = visit.page
    page.goto(f"{site_url}/")
    expect(page.locator("article h1")).to_contain_text("Dashboard")
    # Material wraps each table in scroll containers, so the table is inside the heading's next sibling.
    overdue = page.locator("h2#overdue + *")
    expect(overdue.locator("table")).to_be_visible()
    expect(overdue.locator("tbody tr")).to_have_count(1)
    expect(overdue.locator("tbody tr")).to_contain_text("Jordan Lee")
    expect(page.locator("h2#due-this-week + ul")).to_contain_text("Alex Kim")

    page.locator("h2#due-this-week + ul").get_by_role("link", name="Alex Kim").click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/people/alex-kim/")
    expect(page.locator("article h1")).to_contain_text("Alex Kim")
    chart = page.locator("svg.hb-chart").first
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 50, box
    expect(page.get_by_role("img", name="Meetings with Alex Kim by month and status")).to_be_visible()
    held = chart.locator("rect.hb-held").first
    expect(held).to_be_visible()
    # The packaged stylesheet is loaded: held meetings are green, not SVG's default black.
    expect(held).to_have_css("fill", "rgb(46, 125, 50)")
    page.locator("a[href$='/2026-10-09-alex-kim/']").first.click()
    page.wait_for_url(lambda url: urlsplit(url).path == NOTE_PATH)
    expect(page.locator("article")).to_contain_text("heliotrope")
    visit.assert_stayed_local()


def test_search_box_finds_a_note_by_the_start_of_a_word_from_small_parts_of_the_index(
    visit: Visit, site_url: str, example_site: Build,
) -> None:
    page = visit.page
    page.goto(f"{site_url}/people/")
    search = page.locator(".md-search__input")
    search.click()
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    before = len(visit.requests)
    # One query: the words set at once, then one key released (Material asks on keyup).
    search.fill("helio")
    search.press("End")
    expect(page.locator(".md-search-result__meta")).to_have_text("1 matching document")
    result = page.locator(".md-search-result__list > .md-search-result__item")
    expect(result.locator("mark").first).to_have_text("helio")
    # The section the word is in, by its heading's anchor.
    links = [urlsplit(href) for href in result.locator("a").evaluate_all("links => links.map(a => a.href)")]
    assert {link.path for link in links} == {NOTE_PATH}
    assert any(link.fragment for link in links), links
    # The manifest came with the page; the query fetched the one term shard and the one chunk of pages it needs.
    asked = sorted(urlsplit(url).path for url in visit.requests[before:])
    assert len(asked) == 2 and asked[0].startswith("/search/handbook/pages/"), asked
    assert asked[1].startswith("/search/handbook/terms/"), asked
    fetched = sum((example_site.site / path.lstrip("/")).stat().st_size for path in asked)
    assert fetched < 150_000, asked
    # Material's own index, fetched on every page, holds its settings and no pages.
    assert (example_site.site / "search" / "search_index.json").stat().st_size < 2_000
    result.locator("a[href*='#']").first.click()
    page.wait_for_url(lambda url: urlsplit(url).path == NOTE_PATH and urlsplit(url).fragment != "")
    # Material marks the words searched for on the page opened.
    expect(page.locator("article mark").first).to_have_text("helio")
    visit.assert_stayed_local()
