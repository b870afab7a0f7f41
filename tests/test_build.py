"""Real ``mkdocs build`` runs: the example handbook and small fixtures, asserting on HTML, search and log."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import ALEX, MKDOCS_YML, REPO, TODAY, Build

from generator.pages import MEETINGS_ON_PERSON_PAGE

EXAMPLE_NOTES = sorted((REPO / "content" / "notes").rglob("*.md"))


def search_docs(build: Build) -> list[dict[str, str]]:
    return build.search_documents()


def test_example_builds_strict_without_warnings(example_site: Build) -> None:
    assert example_site.returncode == 0, example_site.log
    assert example_site.warnings() == []


def test_dashboard_shows_who_needs_attention(example_site: Build) -> None:
    html = example_site.html("")
    overdue = html.split('id="overdue"')[1].split('id="due-this-week"')[0]
    assert "Jordan Lee" in overdue and "Alex Kim" not in overdue
    due = html.split('id="due-this-week"')[1].split('id="open-action-items"')[0]
    assert "Alex Kim" in due and "Priya Nair" in due
    mine = html.split('id="mine"')[1].split('id="theirs"')[0]
    theirs = html.split('id="theirs"')[1].split('id="recent-meetings"')[0]
    assert "nominate Priya for the quarterly product award" in mine
    assert "write a one-page RFC for the dashboard redesign" in theirs
    assert "nominate Priya" not in theirs
    assert "<strong>overdue</strong>" in mine
    # Closed by a checked item with the same text in a later note: not open anywhere.
    assert "send the promotion template" not in html
    recent = html.split('id="recent-meetings"')[1].split('id="cancelled-or-moved-by-me-in-the-last-90-days"')[0]
    assert recent.count("<tr>") == 11  # header + ten meetings
    cancelled = html.split('id="cancelled-or-moved-by-me-in-the-last-90-days"')[1]
    assert "4 in 90 days" in cancelled


def test_people_index_is_a_table_of_everyone(example_site: Build) -> None:
    html = example_site.html("people")
    for header in ("Name", "Role", "Relationship", "Cadence", "Last met", "Next due", "Held rate", "Open items"):
        assert f">{header}</th>" in html
    for name in ("Alex Kim", "Priya Nair", "Sam Okafor", "Jordan Lee", "Mei Tanaka", "Chris Romero"):
        assert f">{name}</a>" in html
    assert "Chris Romero</a> (inactive)" in html
    row = next(r for r in html.split("<tr>") if ">Jordan Lee</a>" in r)
    assert "<strong>overdue</strong> since 29 Oct 2026" in row


def test_person_page_has_their_own_words_then_the_history(example_site: Build) -> None:
    html = example_site.html("people/alex-kim")
    assert html.index("What energises them") < html.index('id="history"')
    assert '<svg class="hb-chart"' in html
    assert '<title id="hb-meetings-title">Meetings with Alex Kim by month and status</title>' in html
    assert "hb-mood-line" in html
    assert "Last talked about career" in html
    # Career was last discussed on 4 Sep: the page nudges, linking guidance on it.
    assert "It has been 81 days since you last talked with Alex Kim about career" in html
    assert 'href="../../guidance/career-conversations/"' in html
    assert 'id="guidance-for-what-you-talk-about"' in html
    # The latest meetings on the page; past MEETINGS_ON_PERSON_PAGE, every one on the page of its year.
    alex_notes = sorted((n for n in EXAMPLE_NOTES if n.name.endswith("-alex-kim.md")), key=lambda n: n.name)
    assert len(alex_notes) > MEETINGS_ON_PERSON_PAGE
    assert 'href="2026/"' in html
    year_page = example_site.html("people/alex-kim/2026")
    past = [n for n in alex_notes if n.name[:10] <= TODAY]
    for note in alex_notes:
        url = note.relative_to(REPO / "content").with_suffix("").as_posix()
        assert f'href="../../../{url}/"' in year_page, f"the year's page lacks {url}"
        if note in past[-MEETINGS_ON_PERSON_PAGE:]:
            assert f'href="../../{url}/"' in html, f"timeline lacks {url}"


def test_every_note_is_a_page_but_not_in_the_navigation(example_site: Build) -> None:
    for note in EXAMPLE_NOTES:
        url = note.relative_to(REPO / "content").with_suffix("").as_posix()
        assert (example_site.site / url / "index.html").is_file()
    for url in ("", "people/sam-okafor", "notes/2026/2026-10-09-alex-kim"):
        html = example_site.html(url)
        nav = html.split("md-sidebar--primary")[1].split("md-sidebar--secondary")[0]
        assert "notes/" not in nav, url
        assert "Alex Kim" in nav and "Priya Nair" in nav


def test_note_page_has_a_header_linking_back(example_site: Build) -> None:
    html = example_site.html("notes/2026/2026-10-09-alex-kim")
    assert 'href="../../../people/alex-kim/"' in html
    assert "heliotrope" in html
    assert "<title>Alex Kim · 2026-10-09" in html
    # Asked questions link to their anchor in the question list.
    asked = example_site.html("notes/2026/2026-11-20-alex-kim")
    assert '<a href="../../../questions/reports/#learn-next">' in asked


def test_search_finds_notes_by_words_person_and_topics(example_site: Build) -> None:
    docs = search_docs(example_site)
    hits = [d for d in docs if "heliotrope" in d["text"].lower() or "heliotrope" in d["title"].lower()]
    assert {d["location"].split("#")[0] for d in hits} == {"notes/2026/2026-10-09-alex-kim/"}
    note = next(d for d in docs if d["location"] == "notes/2026/2026-10-09-alex-kim/")
    assert "Alex Kim" in note["title"]
    source = (REPO / "content/notes/2026/2026-10-09-alex-kim.md").read_text(encoding="utf-8")
    topics = re.search(r"^topics: \[(.*)\]$", source, re.M)
    assert topics is not None
    for topic in topics.group(1).split(", "):
        assert topic in note["text"]


def test_topics_page_links_each_topic_and_each_topic_lists_its_notes_newest_first(example_site: Build) -> None:
    html = example_site.html("topics")
    topics = re.findall(r'<td><a href="([^"]+)/">([^<]+)</a></td>', html)
    assert len(topics) > 5 and ("career", "career") in topics
    for href, topic in topics:
        page = example_site.html(f"topics/{href}")
        dates = re.findall(r">[^<>·]+ · (\d{4}-\d\d-\d\d)", page)
        assert dates and dates == sorted(dates, reverse=True), topic
    note = example_site.html("notes/2026/2026-10-09-alex-kim")
    # Topics stay Material tags (shown on the note and searchable) and link to their own page.
    assert "md-tag" in note and '<a href="../../../topics/roadmap/">roadmap</a>' in note
    # Notes are listed on the topic pages, never on the topics index: it grows with topics, not notes.
    assert "notes/" not in html.split('<article', 1)[1].split("</article>")[0]


def test_a_topic_raised_by_many_notes_is_paged_newest_first(
    make_handbook: Callable[..., Path], build: Callable[..., Build],
) -> None:
    notes = {
        f"notes/2026-{1 + i // 28:02d}-{1 + i % 28:02d}-alex-kim.md":
        f"---\nperson: alex-kim\ndate: 2026-{1 + i // 28:02d}-{1 + i % 28:02d}\ntopics: [Big Picture]\n---\n"
        for i in range(230)
    }
    result = build(make_handbook({"people/alex-kim.md": ALEX, **notes}))
    assert result.returncode == 0, result.log
    first, second, third = (result.html(p) for p in ("topics/big-picture", "topics/big-picture/2", "topics/big-picture/3"))
    assert "Notes 1 to 100 of 230" in first and "Notes 201 to 230 of 230" in third
    assert "Alex Kim · 2026-09-06" in first and "Alex Kim · 2026-01-01" in third
    assert 'href="2/">Older notes' in first
    assert 'href="../">Newer notes' in second and 'href="../3/">Older notes' in second
    assert "Older notes" not in third
    assert all(page.count("Alex Kim · 2026-") == n for page, n in ((first, 100), (second, 100), (third, 30)))


def test_site_loads_nothing_from_outside(example_site: Build) -> None:
    pattern = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.I)
    for page in example_site.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        external = [m.group(0) for m in pattern.finditer(text)]
        # Outbound links a reader clicks are fine; nothing may be *loaded* from outside.
        assert not re.search(r"""<(?:script|link|img|iframe)[^>]+(?:src|href)=["'](?:https?:)?//""", text), page
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page
        del external
    for css in example_site.site.rglob("*.css"):
        assert "@import url(http" not in css.read_text(encoding="utf-8")


def test_build_never_writes_into_content(tmp_path: Path, example_site: Build) -> None:
    before = {p: p.stat().st_mtime_ns for p in (REPO / "content").rglob("*")}
    assert example_site.returncode == 0
    after = {p: p.stat().st_mtime_ns for p in (REPO / "content").rglob("*")}
    assert before == after


BROKEN = {
    "people/alex-kim.md": ALEX,
    "notes/2026-11-10-alex-kim.md": """
        ---
        person: alex-kim
        date: 2026-11-10
        topics: [goodword]
        ---
        A readable note.
    """,
    "notes/2026-11-17-alex-kim.md": """
        ---
        person: alex-kim
        date: 2026-11-17
        cadence: wekly
        status: helld
        ---
        BROKENWORD in a broken note.
    """,
}


def test_broken_note_strict_fails_with_exact_warning(
    make_handbook: Callable[..., Path], build: Callable[..., Build]
) -> None:
    result = build(make_handbook(BROKEN), strict=True)
    assert result.returncode != 0
    assert result.warnings() == [
        "WARNING -  content/notes/2026-11-17-alex-kim.md:5: status: expected held, cancelled, "
        'rescheduled or no-show; got "helld" (did you mean "held"?)',
    ]
    assert "Aborted with 1 warnings in strict mode!" in result.log


def test_broken_note_plain_build_leaves_out_only_that_file(
    make_handbook: Callable[..., Path], build: Callable[..., Build]
) -> None:
    result = build(make_handbook(BROKEN), strict=False)
    assert result.returncode == 0, result.log
    assert len(result.warnings()) == 1
    assert (result.site / "notes/2026-11-10-alex-kim/index.html").is_file()
    assert not (result.site / "notes/2026-11-17-alex-kim").exists()
    everything = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in result.site.rglob("*")
        if p.is_file() and p.suffix in (".html", ".json", ".xml")
    )
    assert "BROKENWORD" not in everything
    assert "goodword" in everything
    # The owner's dashboard says what is wrong and where.
    assert "content/notes/2026-11-17-alex-kim.md:5: status" in result.html("")


def test_user_values_are_escaped_in_html(make_handbook: Callable[..., Path], build: Callable[..., Build]) -> None:
    files = {
        "people/pat-doe.md": """
            ---
            name: "Pat <script>alert('x')</script> *Star*"
            relationship: peer
            cadence: monthly
            ---
            Pat.
        """,
        "notes/2026-11-20-pat-doe.md": """
            ---
            person: pat-doe
            date: 2026-11-20
            topics: ["<img src=x onerror=alert(1)>"]
            ---
            Note.
        """,
    }
    result = build(make_handbook(files))
    assert result.returncode == 0, result.log
    for page in result.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert(" not in text, page
        assert "<img src=x" not in text, page


def test_every_starter_page_and_reading_entry_is_reachable(example_site: Build) -> None:
    from generator.reading import parse_reading_list

    nav = example_site.html("").split("md-sidebar--primary")[1].split("md-sidebar--secondary")[0]
    docs = search_docs(example_site)
    locations = {d["location"].split("#")[0] for d in docs}
    for folder in ("guidance", "questions", "reading"):
        for source in sorted((REPO / "content" / folder).glob("*.md")):
            url = source.relative_to(REPO / "content").with_suffix("").as_posix()
            url = url.removesuffix("/index") + "/"
            assert f'href="{url}"' in nav, f"{url} is not in the navigation"
            assert url in locations, f"{url} is not in the search index"
    reading_text = " ".join(d["text"] for d in docs if d["location"].startswith("reading/"))
    for source in sorted((REPO / "content" / "reading").glob("*.md")):
        body = source.read_text(encoding="utf-8").split("---", 2)[2]
        for entry in parse_reading_list(body, list_slug=source.stem):
            assert entry.title.split(":")[0][:30] in reading_text, entry.title


def test_questions_are_anchors_without_literal_ids(example_site: Build) -> None:
    html = example_site.html("questions/reports")
    assert 'id="two-year-picture"' in html
    assert "{#" not in html


def test_own_index_moves_the_dashboard(make_handbook: Callable[..., Path], build: Callable[..., Build]) -> None:
    files = dict(BROKEN)
    del files["notes/2026-11-17-alex-kim.md"]
    files["index.md"] = "# Welcome to my handbook\n"
    result = build(make_handbook(files))
    assert result.returncode == 0, result.log
    assert "Welcome to my handbook" in result.html("")
    assert "Open action items" in result.html("dashboard")


def test_excluded_docs_stay_excluded(make_handbook: Callable[..., Path], build: Callable[..., Build]) -> None:
    files = dict(BROKEN)
    del files["notes/2026-11-17-alex-kim.md"]
    files["drafts/secret.md"] = "# EXCLUDEDWORD\n"
    result = build(make_handbook(files, MKDOCS_YML + "exclude_docs: |\n  drafts/\n"))
    assert result.returncode == 0, result.log
    assert not (result.site / "drafts").exists()
    assert "EXCLUDEDWORD".lower() not in result.search_text().lower()


def test_a_note_written_ahead_is_shown_as_coming_up(
    make_handbook: Callable[..., Path], build: Callable[..., Build],
) -> None:
    files = {
        "people/alex-kim.md": ALEX,
        "notes/2026-11-03-alex-kim.md": "---\nperson: alex-kim\ndate: 2026-11-03\n---\nMet.\n",
        "notes/2026-12-03-alex-kim.md": "---\nperson: alex-kim\ndate: 2026-12-03\ntopics: [career]\n---\n"
        "Agenda: the ladder.\n",
        "notes/2026-11-10-alex-kim.md": "---\nperson: alex-kim\ndate: 2026-11-10\nstatus: cancelled\n---\nNo word why.\n",
    }
    result = build(make_handbook(files))
    assert result.returncode == 0, result.log
    page = result.html("people/alex-kim")
    assert "Coming up" in page and "Thu 3 Dec 2026" in page
    assert re.search(r"Held</td>\s*<td>1 of 2 ", page)
    assert "1 (by me 0, by them 0, not recorded 1)" in page
    assert "3 Nov 2026 (21 days ago)" in page
    assert "booked" in page
    dashboard = result.html("")
    overdue = dashboard.split('id="overdue"')[1].split('id="due-this-week"')[0]
    assert "Alex Kim" in overdue and "(booked 3 Dec 2026)" in overdue
    assert "<strong>coming up</strong>" in result.html("notes/2026-12-03-alex-kim")


def test_own_pages_never_replace_generated_ones(make_handbook: Callable[..., Path], build: Callable[..., Build]) -> None:
    files = {
        "people/alex-kim.md": ALEX,
        "index.md": "# Welcome\n",
        "dashboard.md": "# canarydashboard\n",
        "topics.md": "# canarytopics\n",
        "people.md": "# canarypeople\n",
        "people/alex-kim/index.md": "# canaryperson\n",
        "about.md": "# About me\n",
    }
    result = build(make_handbook(files), strict=False)
    assert result.returncode == 0, result.log
    assert sorted(line.removeprefix("WARNING -  ") for line in result.warnings()) == [
        f"content/{src}: would be served at /{url}/, where the generated page {page} is; left out "
        "(rename or move this page)"
        for src, url, page in [
            ("dashboard.md", "dashboard", "dashboard.md"),
            ("people.md", "people", "people/index.md"),
            ("people/alex-kim/index.md", "people/alex-kim", "people/alex-kim.md"),
            ("topics.md", "topics", "topics.md"),
        ]
    ]
    site_text = "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in result.site.rglob("*") if p.suffix in (".html", ".json")
    )
    assert "canary" not in site_text
    assert "Open action items" in result.html("dashboard") and "About me" in result.html("about")
    assert build(make_handbook(files)).returncode != 0  # --strict


NOTE_FOR_RELEASE = "---\nperson: alex-kim\ndate: 2026-11-20\n---\nWe spoke.\n"
COUNTING_HOOK = '''
import logging

seen = []


def on_post_page(output, page, config):
    seen.append(page)
    return output


def on_post_build(config):
    held = sum(1 for page in seen if page.content and page.markdown)
    logging.getLogger("mkdocs.hooks").info(f"pages still held after the build: {held} of {len(seen)}")
'''


def test_a_build_lets_go_of_each_page_once_written(make_handbook: Callable[..., Path], tmp_path: Path) -> None:
    # In process, to look at the pages after the build: their HTML and Markdown are gone, their titles are not.
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    project = make_handbook({"people/alex-kim.md": ALEX, "notes/2026-11-20.md": NOTE_FOR_RELEASE})
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    files: list[Any] = []
    config.plugins.events["post_build"].insert(0, lambda config: files.extend(config.plugins["handbook"].files))
    mkdocs_build(config)
    pages = {file.src_uri: file.page for file in files if file.page is not None}
    assert pages["notes/2026-11-20.md"].title == "Alex Kim · 2026-11-20"
    assert all(page.content is None and not page.markdown for page in pages.values())
    assert "<h1" in (tmp_path / "site" / "notes" / "2026-11-20" / "index.html").read_text(encoding="utf-8")


def test_another_plugin_still_finds_every_page_whole_after_it_is_written(
    make_handbook: Callable[..., Path], build: Callable[..., Build]
) -> None:
    project = make_handbook(
        {"people/alex-kim.md": ALEX, "notes/2026-11-20.md": NOTE_FOR_RELEASE},
        mkdocs_yml=MKDOCS_YML + "hooks:\n  - counting.py\n",
    )
    (project / "counting.py").write_text(COUNTING_HOOK, encoding="utf-8")
    result = build(project)
    assert result.returncode == 0, result.log
    held = re.search(r"pages still held after the build: (\d+) of (\d+)", result.log)
    assert held is not None and held.group(1) == held.group(2) and int(held.group(2)) > 2
