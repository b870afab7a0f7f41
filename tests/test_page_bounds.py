"""No generated page grows with the whole history: the same weekly rhythm over two years and over eight gives
pages of the same size, except the pages made to hold one period (a note, a year of someone's meetings).
Not a benchmark: nothing here is timed (see bench/run.py)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from generator.audience import parse_audience
from generator.pages import ACTIONS_ON_DASHBOARD, MEETINGS_ON_PERSON_PAGE
from generator.site import build_site

TODAY = dt.date(2026, 11, 20)
TOPICS = ["career", "workload", "the-future"]
GROWTH_ALLOWED = 600
"""Bytes a page may gain from six more years: a link per year, wider counts."""


def _handbook(root: Path, years: int, *, tick_off: bool = True) -> Path:
    """Two people met weekly for ``years`` years: topics, questions, moods, an action item per note.

    With ``tick_off``, each note ticks off the item of the one before; without, open items pile up.
    """
    (root / "people").mkdir(parents=True)
    (root / "questions").mkdir()
    for slug, name in (("alex-kim", "Alex Kim"), ("sam-okafor", "Sam Okafor")):
        (root / "people" / f"{slug}.md").write_text(
            f"---\nname: {name}\nrelationship: report\ncadence: weekly\n---\nAbout {name}.\n", encoding="utf-8"
        )
    questions = "".join(f"- Question number {n}? {{#q{n}}}\n" for n in range(10))
    (root / "questions" / "reports.md").write_text(f"---\ntitle: For reports\n---\n{questions}", encoding="utf-8")
    day = TODAY - dt.timedelta(days=365 * years)
    number = 0
    while day <= TODAY:
        for slug in ("alex-kim", "sam-okafor"):
            done = f"- [x] @me follow up on thing {number - 2}\n" if tick_off and number >= 2 else ""
            folder = root / "notes" / str(day.year)
            folder.mkdir(parents=True, exist_ok=True)
            topics = ", ".join(TOPICS[(number + k) % len(TOPICS)] for k in range(2))
            (folder / f"{day.isoformat()}-{slug}.md").write_text(
                f"---\nperson: {slug}\ndate: {day.isoformat()}\nmood: {number % 5 + 1}\ntopics: [{topics}]\n"
                f"asked: [q{number % 10}]\nminutes: 30\nplanned_minutes: 30\n---\n"
                f"We talked.\n\n{done}- [ ] @me follow up on thing {number} due:{day.isoformat()}\n",
                encoding="utf-8",
            )
            number += 1
        day += dt.timedelta(days=7)
    return root


def _kind(src_uri: str) -> str:
    """Pages of one kind, whose largest is compared: a person's page per person, a year's page per year..."""
    if src_uri.startswith("notes/"):
        return "note"
    if re.fullmatch(r"people/[^/]+/[0-9]{4}\.md", src_uri):
        return "year of meetings"
    if re.fullmatch(r"topics/.+\.md", src_uri):
        return "topic page"
    return src_uri


def _largest_by_kind(content: Path) -> dict[str, int]:
    site = build_site(content, None, audience=parse_audience("owner"), today=TODAY)
    assert site.problems == []
    largest: dict[str, int] = {}
    for page in site.pages:
        kind = _kind(page.src_uri)
        largest[kind] = max(largest.get(kind, 0), len(page.markdown.encode("utf-8")))
    return largest


@pytest.fixture(scope="module")
def two_and_eight_years(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, int], dict[str, int]]:
    root = tmp_path_factory.mktemp("bounds")
    return _largest_by_kind(_handbook(root / "two", 2)), _largest_by_kind(_handbook(root / "eight", 8))


def test_no_page_grows_with_the_history(two_and_eight_years: tuple[dict[str, int], dict[str, int]]) -> None:
    short, long = two_and_eight_years
    assert set(long) >= set(short)
    grown = {kind: (short[kind], long[kind]) for kind in short if long[kind] > short[kind] + GROWTH_ALLOWED}
    assert grown == {}


def test_the_long_history_is_on_pages_per_year_and_topic(
    two_and_eight_years: tuple[dict[str, int], dict[str, int]],
) -> None:
    _short, long = two_and_eight_years
    # Eight years of weekly notes: more than a person's page lists, more than a dashboard's list of open items.
    assert 2 * MEETINGS_ON_PERSON_PAGE + ACTIONS_ON_DASHBOARD < 2 * 52 * 8
    assert "year of meetings" in long
    assert "topic page" in long


def test_a_persons_page_links_every_year_and_each_year_lists_its_meetings(tmp_path: Path) -> None:
    content = _handbook(tmp_path / "content", 3, tick_off=False)
    site = build_site(content, None, audience=parse_audience("owner"), today=TODAY)
    pages = {page.src_uri: page.markdown for page in site.pages}
    person = pages["people/alex-kim.md"]
    assert f"The latest {MEETINGS_ON_PERSON_PAGE} of " in person
    for year in range(TODAY.year - 3, TODAY.year + 1):
        assert f"[{year}](alex-kim/{year}.md)" in person
        year_page = pages[f"people/alex-kim/{year}.md"]
        notes = sorted((content / "notes" / str(year)).glob("*-alex-kim.md"))
        assert f"{len(notes)} meetings in {year}" in year_page
        for note in notes:
            assert f"(../../notes/{year}/{note.name})" in year_page
    # Items never ticked off pile up: the dashboard lists the first, each person's prep guide all of theirs.
    dashboard = pages["index.md"]
    listed = re.findall(r"^- follow up on thing ", dashboard, re.MULTILINE)
    assert len(listed) == ACTIONS_ON_DASHBOARD
    open_items = 2 * (len(list((content / "notes").rglob("*.md"))) // 2)
    assert f"{open_items - ACTIONS_ON_DASHBOARD} more: each person's prep guide or page lists all of theirs." in dashboard
