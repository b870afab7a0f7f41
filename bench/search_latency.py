"""Search as a person meets it: headless Chromium, keystroke to first result, bytes fetched.

The built site is served over HTTP from this process (as a host would serve
it), or by ``mkdocs serve``; the browser opens a page, clicks the search box in
the header, waits for it to be ready, and types a query a key at a time.
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
    """First key pressed to the first result shown, on a page just opened (measured in the page)."""
    again_ms: float
    """The same for a second query on the same page."""
    fetched_mb: float
    """Bytes fetched from the first keystroke of the query to its last result (every keystroke's query)."""
    third_party: int
    """Requests to any host but the site's own."""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def serve_site(site: Path) -> tuple[str, socketserver.ThreadingTCPServer]:
    """``site`` served over HTTP by a thread of this process: its address, and the server to shut down."""
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}", httpd


WATCH = """() => {
  // Times taken in the page: a key pressed, and the result list filled (Material renders in batches).
  const list = document.querySelector(".md-search-result__list");
  window.__search = { keys: [], shown: [] };
  document.querySelector(".md-search__input").addEventListener("keydown", () => {
    window.__search.keys.push(performance.now());
  }, true);
  new MutationObserver(() => {
    if (list.children.length) window.__search.shown.push(performance.now());
  }).observe(list, { childList: true });
}"""


def header_search(url: str, query: str, again: str, chromium: str = "/usr/bin/chromium") -> SearchTiming:
    """Material's search box in the header of the site at ``url`` (its people page), as a person types."""
    from playwright.sync_api import sync_playwright

    own = url.rstrip("/")
    fetched = [0]
    third_party = [0]
    last = [0.0]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        page = browser.new_page()

        def count(response) -> None:  # type: ignore[no-untyped-def]
            if not response.url.startswith(own):
                third_party[0] += 1
            if "/livereload/" in response.url:
                return
            length = response.headers.get("content-length")
            fetched[0] += int(length) if length else len(response.body())
            last[0] = time.perf_counter()

        def typed(words: str) -> float:
            """Milliseconds from the first key pressed to the first result shown."""
            page.evaluate("() => { window.__search.keys = []; window.__search.shown = []; }")
            box.press_sequentially(words)
            page.wait_for_function("window.__search.shown.length > 0", timeout=300_000)
            # Settled when the index has sent nothing for half a second (serve's live reload never idles).
            while time.perf_counter() - last[0] < 0.5:
                page.wait_for_timeout(100)
            times = page.evaluate("() => window.__search")
            return float(times["shown"][0] - times["keys"][0])

        page.on("response", count)
        page.goto(f"{own}/people/", wait_until="load")
        box = page.locator(".md-search__input")
        box.click()
        page.wait_for_function(
            "document.querySelector('.md-search-result__meta').textContent.includes('Type to start')", timeout=300_000
        )
        page.evaluate(WATCH)
        before = fetched[0]
        first = typed(query)
        mb = (fetched[0] - before) / 1e6
        box.fill("")
        box.press("End")  # Material asks on keyup: the empty query clears the results
        page.wait_for_function(
            "document.querySelector('.md-search-result__meta').textContent.includes('Type to start')", timeout=300_000
        )
        second = typed(again)
        browser.close()
    return SearchTiming(first, second, mb, third_party[0])
