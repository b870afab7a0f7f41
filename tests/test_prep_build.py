"""The prep guide in real builds: the example handbook, and a shared agenda that holds nothing private."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from conftest import ALEX, Build


def article(html: str) -> str:
    """The page's own content, without the navigation that lists every page."""
    return html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_prep_guide_holds_what_to_bring_for_every_active_person(example_site: Build) -> None:
    assert example_site.returncode == 0, example_site.log
    page = example_site.html("people/alex-kim/prep")
    words = text_of(page)
    assert "Prep: Alex Kim" in words
    assert "Computed on 24 Nov 2026" in words
    assert '<time datetime="2026-11-20" data-hb="ago">4 days</time> ago' in page
    # Open items, theirs and mine, overdue first.
    assert words.index("talk to Rafael") < words.index("ask finance whether Alex")
    assert "write a one-page RFC for the dashboard redesign" in words
    # Topics waiting, from the Next time sections of two notes.
    assert "the on-call rota for December" in words and "staff promotion timeline to look like" in words
    # Questions that fit a report, each with its id, none asked of Alex before.
    questions = page.split('id="questions-to-bring"')[1].split("</ul>")[0]
    assert questions.count("<li>") == 5 and "never asked" in questions
    for asked in ("learn-next", "proud-of", "two-year-picture", "energy-this-week"):
        assert f"<code>{asked}</code>" not in questions
    assert "manager-" not in questions and "skip-" not in questions
    # The agenda written ahead, inline; last time's summary.
    assert "Finance said yes to the December cost review" in words
    assert "Rested after the long weekend." in words  # no summary: the note's first paragraph
    priya = text_of(example_site.html("people/priya-nair/prep"))
    assert "Priya now aims for Group PM in three years" in priya  # its summary: field
    # Only the nudges the data calls for: the long term, not cancellations or walks.
    assert "81 days since you last talked with Alex Kim about career" in words
    assert "cancelled or moved" not in words and "walking or outdoor" not in words
    assert 'href="../../../guidance/career-conversations/"' in page
    # Jordan, a skip-level, gets the skip-level guidance and not the one for one's own manager.
    jordan = article(example_site.html("people/jordan-lee/prep"))
    assert "Skip-level one-on-ones" in jordan and "One-on-ones with your own manager" not in jordan
    assert "You cancelled or moved 1 of your last" in text_of(jordan)
    # Someone you no longer meet has a history but no prep guide.
    assert not (example_site.site / "people" / "chris-romero" / "prep").exists()
    assert (example_site.site / "assets" / "handbook.js").exists()
    assert 'src="../../../assets/handbook.js"' in page


def test_the_person_page_opens_with_the_prep_block_and_the_figures_follow(example_site: Build) -> None:
    page = example_site.html("people/alex-kim")
    order = [
        page.index('id="before-the-next-one-on-one"'),
        page.index('id="questions-to-bring"'),
        page.index('id="goals"'),
        page.index('id="history"'),
        page.index("Ran the full time"),
        page.index('id="questions-asked"'),
    ]
    assert order == sorted(order)
    assert 'href="prep/"' in page
    asked = text_of(page.split('id="questions-asked"')[1])
    assert "proud-of" in asked and "9 Oct 2026" in asked


def test_the_dashboard_links_the_prep_guides_of_everyone_due_or_overdue(example_site: Build) -> None:
    board = example_site.html("")
    assert 'href="people/alex-kim/prep/"' in board  # due this week
    assert 'href="people/jordan-lee/prep/"' in board  # overdue
    assert 'href="people/chris-romero/prep/"' not in board


def test_questions_and_reading_have_index_pages_with_counts(example_site: Build) -> None:
    questions = example_site.html("questions")
    row = questions.split('href="reports/#proud-of"')[1].split("</tr>")[0]
    cells = [text_of("<td" + cell).strip() for cell in row.split("<td")[1:]]
    assert cells[0] == "5"
    assert "Alex Kim" in cells[2] and "Priya Nair" in cells[2]
    assert 'href="skip-level/"' in questions
    reading = example_site.html("reading")
    assert 'href="careers/"' in reading and "By tag" in reading
    # Both are sections with a page now, not grey labels.
    assert 'href="questions/"' in example_site.html("") and 'href="reading/"' in example_site.html("")


SHARED = """
    ---
    person: alex-kim
    date: 2026-11-17
    summary: We agreed the launch plan.
    ---
    We talked about the launch.

    - [ ] @me send the launch doc
    - [ ] @alex-kim try the new tool

    ## Next time

    - the offsite budget

    !!! private
        ## Next time

        - canaryparkedprivately
"""
PRIVATE = """
    ---
    person: alex-kim
    date: 2026-11-20
    mood: 1
    visibility: private
    summary: canaryprivatesummary
    ---
    canaryprivatebody

    - [ ] @me canaryprivateaction

    ## Next time

    - canaryprivatetopic
"""
CANCELLED = """
    ---
    person: alex-kim
    date: 2026-11-10
    status: cancelled
    cancelled_by: me
    ---
    Moved for a customer call.
"""


def test_a_person_build_shows_a_shared_agenda_with_nothing_private_and_no_nudges(
    make_handbook: Callable[..., Path], build: Callable[..., Build]
) -> None:
    project = make_handbook({
        "people/alex-kim.md": ALEX,
        "notes/2026-11-17.md": SHARED,
        "notes/2026-11-20.md": PRIVATE,
        "notes/2026-11-10.md": CANCELLED,
    })
    owner = build(project)
    assert owner.returncode == 0, owner.log
    mine = text_of(owner.html("people/alex-kim/prep"))
    assert "canaryprivatetopic" in mine and "canaryprivatesummary" in mine and "Mine" in mine
    assert "seemed low last time" in mine  # the owner's nudges
    shared = build(project, HANDBOOK_AUDIENCE="person:alex-kim")
    assert shared.returncode == 0, shared.log
    everything = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in shared.site.rglob("*") if p.is_file())
    for canary in ("canaryparkedprivately", "canaryprivatesummary", "canaryprivatebody", "canaryprivateaction",
                   "canaryprivatetopic"):
        assert canary not in everything, canary
    agenda = text_of(shared.html("people/alex-kim/prep"))
    assert "Our next one-on-one" in agenda
    assert "Your manager's" in agenda and "send the launch doc" in agenda
    assert "Yours" in agenda and "try the new tool" in agenda
    assert "the offsite budget" in agenda and "We agreed the launch plan." in agenda
    assert "Mine" not in agenda and "Questions to bring" not in agenda
    for nudge in ("cancelled or moved", "seemed low", "first one-on-one", "Leave room"):
        assert nudge not in agenda, nudge
    assert "Before the next one-on-one" in shared.html("people/alex-kim")
