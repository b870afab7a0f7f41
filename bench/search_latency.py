"""Search as a person meets it: headless Chromium, keystroke to first result, bytes fetched.

The built site is served over HTTP from this process (as a host would serve
it); the browser opens a page, clicks the search box and types a query.
``first_ms`` runs from the first keystroke to the first result on screen, so
it includes whatever the search must load or build first; ``again_ms`` is a
second query on the same page, once everything is loaded.
"""

from __future__ import annotations

import functools
import http.server
import socketserver
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class SearchTiming:
    """One search in the browser."""

    first_ms: float
    """First keystroke to the first result shown, on a page just opened."""
    again_ms: float
    """A second query on the same page, to its result count shown."""
    fetched_mb: float
    """Bytes fetched opening the page and searching (Material loads its index as the page opens)."""
    third_party: int
    """Requests to any host but the site's own."""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def pagefind_search(site: Path, query: str, again: str, chromium: str = "/usr/bin/chromium") -> SearchTiming:
    """The Search page (Pagefind): the page opened, then a query typed into its box."""
    from playwright.sync_api import sync_playwright

    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    port = httpd.server_address[1]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    own = f"http://127.0.0.1:{port}"
    fetched = [0, 0]
    third_party = [0]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium)
            page = browser.new_page()

            def count(response) -> None:  # type: ignore[no-untyped-def]
                if not response.url.startswith(own):
                    third_party[0] += 1
                length = int(response.headers.get("content-length") or 0)
                fetched[0] += length
                if "/pagefind/" in response.url:
                    fetched[1] += length

            page.on("response", count)
            page.goto(f"{own}/search/", wait_until="load")
            box = page.locator(".pagefind-ui__search-input")
            box.wait_for(timeout=60_000)
            before = fetched[1]
            start = time.perf_counter()
            box.press_sequentially(query)
            page.wait_for_selector(".pagefind-ui__result-link", timeout=300_000)
            first = time.perf_counter() - start
            mb = (fetched[1] - before) / 1e6
            box.fill("")
            page.wait_for_selector(".pagefind-ui__result-link", state="detached", timeout=60_000)
            start = time.perf_counter()
            box.press_sequentially(again)
            page.wait_for_selector(".pagefind-ui__result-link", timeout=300_000)
            second = time.perf_counter() - start
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return SearchTiming(first * 1000, second * 1000, mb, third_party[0])


def material_search(site: Path, query: str, again: str, chromium: str = "/usr/bin/chromium") -> SearchTiming:
    """Material's search box on ``site``'s people page."""
    from playwright.sync_api import sync_playwright

    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    port = httpd.server_address[1]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    own = f"http://127.0.0.1:{port}"
    fetched = [0]
    third_party = [0]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium)
            page = browser.new_page()

            def count(response) -> None:  # type: ignore[no-untyped-def]
                if not response.url.startswith(own):
                    third_party[0] += 1
                length = response.headers.get("content-length")
                fetched[0] += int(length) if length else 0

            page.on("response", count)
            page.goto(f"{own}/people/", wait_until="load")
            box = page.locator(".md-search__input")
            box.click()
            start = time.perf_counter()
            box.press_sequentially(query)
            page.wait_for_selector(".md-search-result__item", timeout=300_000)
            first = time.perf_counter() - start
            mb = fetched[0] / 1e6
            box.fill("")
            start = time.perf_counter()
            box.press_sequentially(again)
            page.wait_for_function(
                "document.querySelector('.md-search-result__meta').textContent.includes('matching')", timeout=300_000
            )
            second = time.perf_counter() - start
            browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return SearchTiming(first * 1000, second * 1000, mb, third_party[0])
