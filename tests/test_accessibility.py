"""axe-core over the pages a person uses most (the prep guide among them), in the light and the dark scheme.

axe-core comes from npm (``tests/package.json``; ``npm ci --prefix tests``, as
``.ci/run`` does) and is injected into the built example site in headless
Chromium. No critical or serious violation may come from our pages or
stylesheet; those that come from the theme itself are listed in
``THEME_VIOLATIONS``, each with why it is the theme's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_browser import NOTE_PATH, Visit, browser, browser_unavailable, site_url, visit

__all__ = ["browser", "site_url", "visit"]  # fixtures shared with the other browser tests

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "dashboard": "/",
    "person": "/people/alex-kim/",
    "note": NOTE_PATH,
    "prep guide": "/people/alex-kim/prep/",
    "people": "/people/",
    "reading": "/reading/careers/",
}
SCHEMES = ("default", "slate")
THEME_VIOLATIONS = {
    # Material's search is a role="dialog" with no name; its markup is the theme's (partials/search.html).
    ("aria-dialog-name", ".md-search"),
    # Material's footer line "Made with Material for MkDocs" is #7f7f7f on #171717 in the light scheme: 4.47:1.
    ("color-contrast", ".md-copyright"),
}
"""(rule id, target) of violations that come from Material for MkDocs, not from Handbook."""


def serious_violations(page: Any) -> list[tuple[str, str, str]]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .filter(v => v.impact === "critical" || v.impact === "serious")
            .flatMap(v => v.nodes.map(n => [v.id, n.target.join(" "), n.failureSummary]))"""
    )
    return [(rule, target, summary) for rule, target, summary in found if (rule, target) not in THEME_VIOLATIONS]


@pytest.fixture(scope="module")
def axe_ready() -> None:
    if not AXE.is_file():
        browser_unavailable(f"no axe-core at {AXE} (run: npm ci --prefix tests)")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violation(
    axe_ready: None, visit: Visit, site_url: str, name: str, scheme: str
) -> None:
    page = visit.page
    response = page.goto(f"{site_url}{PAGES[name]}")
    assert response is not None and response.ok, PAGES[name]
    # Colours fade when the scheme changes: axe must see where they end, not a frame of the fade.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != ""
    assert serious_violations(page) == []
    visit.assert_stayed_local()


def test_the_allowlist_still_matches_the_theme(axe_ready: None, visit: Visit, site_url: str) -> None:
    """A theme violation that no longer happens leaves the allowlist."""
    page = visit.page
    page.goto(f"{site_url}/")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .flatMap(v => v.nodes.map(n => [v.id, n.target.join(" ")]))"""
    )
    assert {tuple(item) for item in found} >= THEME_VIOLATIONS


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_open_search_box_and_its_results_pass(axe_ready: None, visit: Visit, site_url: str, scheme: str) -> None:
    page = visit.page
    page.goto(f"{site_url}/people/")
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    search = page.locator(".md-search__input")
    search.click()
    search.press_sequentially("career")
    # Results with their marked words and excerpts, from the handbook's index.
    page.locator(".md-search-result__item mark").first.wait_for()
    assert serious_violations(page) == []
    visit.assert_stayed_local()
