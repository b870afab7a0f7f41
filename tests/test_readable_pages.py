"""Pages a person reads at a glance: tokens as labels, readable charts, clear figures, one date style.

Real builds asserting on the HTML, plus direct calls of the chart functions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from conftest import ALEX, Build

from generator import charts
from generator.model import Meeting, Source

NOTE_WITH_ITEMS = """
    ---
    person: alex-kim
    date: 2026-11-20
    topics: [the-future, career]
    ---
    Talked.

    - [ ] @me send the promotion template due:2026-12-01
    - [ ] share the RFC draft @alex-kim due:2026-11-01
    - [x] @alex-kim book the room
    - [ ] ask @someone-else about it

    ```markdown
    - [ ] @me an example, not an item due:2026-12-01
    ```
"""


def _between(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def test_action_item_tokens_show_as_owner_and_due_labels(
    make_handbook: Callable[..., Path], build: Callable[..., Build]
) -> None:
    files = {"people/alex-kim.md": ALEX, "notes/2026-11-20-alex-kim.md": NOTE_WITH_ITEMS}
    result = build(make_handbook(files))
    assert result.returncode == 0, result.log
    note = result.html("notes/2026-11-20-alex-kim")
    items = re.findall(r'<li class="task-list-item">(.*?)</li>', note, re.S)
    assert len(items) == 4
    mine, theirs, done, odd = items
    assert "send the promotion template" in mine
    assert '<span class="hb-owner">me</span>' in mine and '<span class="hb-due">due 1 Dec 2026</span>' in mine
    assert "@me" not in mine and "due:" not in mine
    # Open past its due date: styled, and said in words too.
    assert '<span class="hb-owner">Alex Kim</span>' in theirs
    assert '<span class="hb-due hb-overdue">overdue, was due 1 Nov 2026</span>' in theirs
    assert "@alex-kim" not in theirs
    assert 'checked' in done and "hb-overdue" not in done and '<span class="hb-owner">Alex Kim</span>' in done
    # A mention of someone who is not the owner stays as written.
    assert "ask @someone-else about it" in odd and '<span class="hb-owner">me</span>' in odd
    # Every checkbox has a name a screen reader can say.
    checkboxes = re.findall(r'<li class="task-list-item">(?:<label[^>]*>)?(<input[^>]*>)', note)
    assert len(checkboxes) == 4 and all('aria-label="Done"' in c for c in checkboxes), checkboxes
    # The example in a code fence is shown as written.
    code = re.sub(r"<[^>]+>", "", _between(note, "<code>", "</code>"))
    assert "- [ ] @me an example, not an item due:2026-12-01" in code


def test_reading_list_tags_are_chips_and_links_stay(
    make_handbook: Callable[..., Path], build: Callable[..., Build]
) -> None:
    files = {
        "people/alex-kim.md": ALEX,
        "reading/careers.md": """
            ---
            title: Careers
            ---
            - [Ladders](https://example.org/ladders#levels) - how levels work. #career #pm
            - *High Output Management* - the classic; item #1 of the list. #management
            - A plain item #notanentry
        """,
    }
    result = build(make_handbook(files))
    assert result.returncode == 0, result.log
    html = result.html("reading/careers")
    assert 'href="https://example.org/ladders#levels"' in html
    chip = '<span class="hb-tag"><span class="hb-sr-only">tag:</span>{}</span>'
    for tag in ("career", "pm", "management"):
        assert chip.format(tag) in html
    assert "#career" not in html and "item #1 of the list" in html
    assert "#notanentry" in html


def test_topics_show_as_names_everywhere(make_handbook: Callable[..., Path], build: Callable[..., Build]) -> None:
    files = {"people/alex-kim.md": ALEX, "notes/2026-11-20-alex-kim.md": NOTE_WITH_ITEMS}
    result = build(make_handbook(files))
    assert result.returncode == 0, result.log
    pages = {
        "note": result.html("notes/2026-11-20-alex-kim"),
        "person": result.html("people/alex-kim"),
        "dashboard": result.html(""),
        "topics": result.html("topics"),
    }
    for where, html in pages.items():
        assert "the future" in html, where
        shown = re.sub(r"<[^>]+>", " ", html.split('<article', 1)[1].split("</article>", 1)[0])
        assert "the-future" not in shown and "the\\-future" not in shown, where


def test_long_term_tip_lists_its_guidance(example_site: Build) -> None:
    html = example_site.html("people/alex-kim")
    tips = html.split('<div class="admonition tip">')[1:]
    listed = [re.findall(r"<li><a [^>]*>([^<]+)</a></li>", tip.split("</div>", 1)[0]) for tip in tips]
    assert any(listed), tips
    # No run-on links: every guidance link in a tip is an item of a list.
    for tip in tips:
        body = tip.split("</div>", 1)[0]
        assert len(re.findall(r"<a ", body)) == len(re.findall(r"<li><a ", body)), body


def test_meetings_chart_is_readable_and_accessible(example_site: Build) -> None:
    html = example_site.html("people/alex-kim")
    figure = _between(html, '<figure class="hb-figure hb-meetings">', "</figure>")
    assert re.search(
        r'<svg class="hb-chart" viewBox="0 0 420 200" role="img" aria-labelledby="hb-meetings-title" '
        r'aria-describedby="hb-meetings-desc"',
        figure,
    )
    assert '<title id="hb-meetings-title">Meetings with Alex Kim by month and status</title>' in figure
    summary = "21 meetings noted, Jun 2026 to Nov 2026: 19 held, 1 cancelled, 1 rescheduled."
    assert f'<desc id="hb-meetings-desc">{summary}</desc>' in figure
    assert f"<figcaption><strong>Meetings with Alex Kim by month and status</strong>: {summary}</figcaption>" in figure
    labels = re.findall(r'<text x="[\d.]+" y="176" text-anchor="middle">(\w+)</text>', figure)
    assert labels == ["Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]
    assert '<text x="' in figure and ">2026</text>" in figure
    counts = re.findall(r'<text class="hb-count"[^>]*>(\d+)</text>', figure)
    assert sum(map(int, counts)) == 21
    # The numbers again, for screen readers.
    table = _between(figure, '<table class="hb-sr-only">', "</table>")
    assert "<caption>Meetings with Alex Kim by month and status</caption>" in table
    assert table.count('<th scope="row">') == 6


def test_mood_chart_has_dates_and_a_scale_in_words(example_site: Build) -> None:
    html = example_site.html("people/alex-kim")
    figure = _between(html, '<figure class="hb-figure hb-mood">', "</figure>")
    for label in ("1 drained", "2 low", "3 steady", "4 good", "5 energised"):
        assert f">{label}</text>" in figure
    assert ">5 Jun</text>" in figure and ">Oct</text>" in figure
    assert 'aria-labelledby="hb-mood-title"' in figure and "<title>20 Nov 2026: 4 (good)</title>" in figure
    assert "<caption>Alex Kim&#x27;s mood over time, 1 to 5</caption>" in figure


def _meeting(day: dt.date, status: str = "held") -> Meeting:
    source = Source(f"notes/{day}.md", f"content/notes/{day}.md", 5)
    return Meeting("alex-kim", day, None, status, None, None, None, None, None, (), (), "shared", "", (), source)  # type: ignore[arg-type]


def test_one_month_of_meetings_is_a_bar_not_a_slab() -> None:
    svg = charts.meetings_by_month([_meeting(dt.date(2026, 11, 3))], dt.date(2026, 11, 24), "Meetings")
    bars = re.findall(r'<rect class="hb-held" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)
    assert len(bars) == 1 and float(bars[0]) <= 44, bars
    assert "1 meeting noted, Nov 2026: 1 held." in svg
    assert ">Nov</text>" in svg and ">2026</text>" in svg
    assert charts.meetings_by_month([], dt.date(2026, 11, 24), "Meetings") == ""


def test_one_mood_is_a_point_with_its_date() -> None:
    svg = charts.mood_line([(dt.date(2026, 11, 3), 2)], "Mood")
    assert svg.count("<circle") == 1 and "<polyline" not in svg
    assert "one meeting with a mood: 2 (low) on 3 Nov 2026." in svg


def test_history_figures_say_something_true(make_handbook: Callable[..., Path], build: Callable[..., Build]) -> None:
    files = {"people/alex-kim.md": ALEX}
    for day in ("2026-10-20", "2026-10-27", "2026-11-03", "2026-11-10", "2026-11-12"):
        files[f"notes/{day}-alex-kim.md"] = f"---\nperson: alex-kim\ndate: {day}\n---\nMet.\n"
    result = build(make_handbook(files))
    assert result.returncode == 0, result.log
    html = result.html("people/alex-kim")
    history = _between(html, 'id="history"', 'id="meetings"')
    assert "<th>Figure</th>" in history and "<th>Value</th>" in history
    assert not re.search(r"<th[^>]*>\s*</th>", history)
    assert not re.search(r"<th[^>]*>History</th>", history)
    # Last met 12 Nov, weekly: due 19 Nov, 5 days late on 24 Nov; the run before the gap still counts.
    assert re.search(
        r"On cadence</td>\s*<td>the last 5 meetings, each within 9 days of the one before; "
        r"now <strong>5 days late</strong></td>",
        history,
    )


def test_one_date_style_across_pages(make_handbook: Callable[..., Path], build: Callable[..., Build]) -> None:
    files = {"people/alex-kim.md": ALEX, "notes/2026-11-20-alex-kim.md": NOTE_WITH_ITEMS}
    result = build(make_handbook(files))
    assert result.returncode == 0, result.log
    assert "As of Tue 24 Nov 2026." in result.html("")
    assert "Alex Kim · Fri 20 Nov 2026</h1>" in result.html("notes/2026-11-20-alex-kim")
    assert ">Fri 20 Nov 2026</a>" in result.html("people/alex-kim")
    assert ">20 Nov 2026</td>" in result.html("people")
    months = re.compile(r"\b(?:January|February|March|April|June|July|August|September|October|November|December)\b")
    weekdays = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
    for url in ("", "people", "people/alex-kim", "notes/2026-11-20-alex-kim"):
        article = result.html(url).split("<article", 1)[1].split("</article>", 1)[0]
        assert not months.search(article) and not weekdays.search(article), url


def test_a_private_note_is_marked_private_for_the_owner(
    make_handbook: Callable[..., Path], build: Callable[..., Build]
) -> None:
    files = {
        "people/alex-kim.md": ALEX,
        "notes/2026-11-20-alex-kim.md": "---\nperson: alex-kim\ndate: 2026-11-20\nvisibility: private\n---\nHush.\n",
        "notes/2026-11-13-alex-kim.md": "---\nperson: alex-kim\ndate: 2026-11-13\n---\nOpen.\n",
    }
    project = make_handbook(files)
    owner = build(project)
    assert owner.returncode == 0, owner.log
    marker = '<span class="hb-private">Private</span>'
    note = owner.html("notes/2026-11-20-alex-kim")
    assert marker in note and '<div class="admonition private">' in note
    assert marker not in owner.html("notes/2026-11-13-alex-kim")
    meetings = _between(owner.html("people/alex-kim"), 'id="meetings"', "</ul>")
    rows = meetings.split("<li>")[1:]
    assert marker in rows[0] and "20 Nov 2026" in rows[0] and marker not in rows[1]
    recent = _between(owner.html(""), 'id="recent-meetings"', "</table>")
    assert recent.count(marker) == 1
    shared = build(project, HANDBOOK_AUDIENCE="person:alex-kim")
    assert shared.returncode == 0, shared.log
    assert "hb-private" not in "".join(p.read_text(encoding="utf-8") for p in shared.site.rglob("*.html"))


def test_a_left_out_note_shows_a_banner_on_its_persons_page(
    make_handbook: Callable[..., Path], build: Callable[..., Build]
) -> None:
    files = {
        "people/alex-kim.md": ALEX,
        "people/sam.md": "---\nname: Sam\nrelationship: peer\ncadence: monthly\n---\nSam.\n",
        "notes/2026-11-20-alex-kim.md": "---\nperson: alex-kim\ndate: 2026-11-20\nstatus: helld\n---\nMet.\n",
        "notes/2026-11-13-alex-kim.md": "---\nperson: alex-kim\ndate: 2026-11-13\n---\nMet.\n",
    }
    project = make_handbook(files)
    owner = build(project, strict=False)
    assert owner.returncode == 0, owner.log
    page = owner.html("people/alex-kim")
    banner = _between(page, '<div class="admonition failure">', "</div>")
    assert "1 note about Alex Kim left out of the site until fixed" in banner
    assert "content/notes/2026-11-20-alex-kim.md:4: status: expected held" in banner
    assert "admonition failure" not in owner.html("people/sam")
    shared = build(project, strict=False, HANDBOOK_AUDIENCE="person:alex-kim")
    assert shared.returncode == 0, shared.log
    assert "admonition failure" not in shared.html("people/alex-kim")


def test_dashboard_puts_late_by_next_to_the_name(example_site: Build) -> None:
    overdue = _between(example_site.html(""), 'id="overdue"', "</table>")
    headers = re.findall(r"<th>([^<]+)</th>", overdue)
    assert headers == ["Person", "Late by", "Last met", "Was due", "Cadence", "Prepare"]


def test_navigation_puts_people_before_the_handbook(example_site: Build) -> None:
    html = example_site.html("")
    nav = html.split("md-sidebar--primary")[1].split("md-sidebar--secondary")[0]
    labels = [" ".join(t.split()) for t in re.findall(r'class="md-nav__link[^"]*"[^>]*>\s*(?:<span[^>]*>)?([^<]+)<', nav)]
    first = {name: labels.index(name) for name in ("Dashboard", "People", "Guidance", "Questions", "Reading")}
    assert list(first) == sorted(first, key=first.__getitem__), labels


def test_a_nav_of_your_own_keeps_its_order(make_handbook: Callable[..., Path], build: Callable[..., Build]) -> None:
    from conftest import MKDOCS_YML

    files = {"people/alex-kim.md": ALEX, "guidance/a.md": "# Advice\n", "about.md": "# About\n"}
    nav = "nav:\n  - About: about.md\n  - Advice: guidance/a.md\n  - People: people/index.md\n"
    result = build(make_handbook(files, MKDOCS_YML + nav), strict=False)
    assert result.returncode == 0, result.log
    sidebar = result.html("").split("md-sidebar--primary")[1].split("md-sidebar--secondary")[0]
    assert sidebar.index("About") < sidebar.index("Advice") < sidebar.index("People")


def test_self_closed_svg_elements_are_not_counted_as_left_open() -> None:
    from generator.render_budget import render_cost_problem

    chart = "<svg>" + '<line class="hb-grid" x1="30" y1="20" x2="412" y2="20"/>' * 500 + "</svg>"
    assert render_cost_problem(chart + "\n\nWords. " * 2000) is None
