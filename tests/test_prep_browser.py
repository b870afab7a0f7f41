"""The prep guide as a person sees it: opened from the dashboard, what matters on the first screen."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from test_browser import Visit, browser, site_url, visit  # noqa: F401 - fixtures shared with the other browser tests

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - test_browser skips or fails first
    expect = None

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("HANDBOOK_SHOTS", "/tmp/prep-shots"))


def above_the_fold(page: Any, locator: Any) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= height


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1280, 800), ("phone", 390, 844)])
def test_open_items_and_questions_are_on_the_first_screen_of_a_prep_guide_opened_from_the_dashboard(
    browser: Any, site_url: str, name: str, width: int, height: int  # noqa: F811 - fixtures
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        seen = Visit(context)
        page = seen.page
        page.goto(f"{site_url}/")
        page.locator("h2#due-this-week + ul").get_by_role("link", name="prep guide").first.click()
        page.wait_for_url(lambda url: urlsplit(url).path == "/people/alex-kim/prep/")
        expect(page.locator("article h1")).to_contain_text("Prep: Alex Kim")
        first_item = page.locator("h2#open-action-items ~ ul li").first
        first_question = page.locator("h2#questions-to-bring + ul li").first
        expect(first_item).to_contain_text("talk to Rafael")
        expect(first_question.locator("code")).to_be_visible()
        assert above_the_fold(page, page.locator("h2#open-action-items")), name
        assert above_the_fold(page, first_item), name
        assert above_the_fold(page, page.locator("h2#questions-to-bring")), name
        assert above_the_fold(page, first_question), name
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"prep-{name}.png"))
        seen.assert_stayed_local()
    finally:
        context.close()


def test_day_counts_are_recounted_to_the_readers_today(browser: Any, site_url: str) -> None:  # noqa: F811
    context = browser.new_context()
    try:
        seen = Visit(context)
        page = seen.page
        # A week after the build: 2026-11-24 + 7 days.
        page.clock.set_fixed_time(dt.datetime(2026, 12, 1, 12, 0))
        page.goto(f"{site_url}/people/alex-kim/prep/")
        expect(page.locator('time[datetime="2026-11-20"][data-hb="ago"]').first).to_have_text("11 days")
        expect(page.locator('time[datetime="2026-11-27"][data-hb="due"]').first).to_have_text("overdue by 4 days")
        expect(page.locator(".hb-recounted")).to_contain_text("recounted to today, 2026-12-01")
        # The day it was built, nothing changes.
        page.clock.set_fixed_time(dt.datetime(2026, 11, 24, 12, 0))
        page.reload()
        expect(page.locator('time[datetime="2026-11-20"][data-hb="ago"]').first).to_have_text("4 days")
        expect(page.locator(".hb-recounted")).to_be_hidden()
        seen.assert_stayed_local()
    finally:
        context.close()
