"""The starter guidance pages and reading lists, and the reading-list parser."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from generator.reading import ReadingLink, parse_reading_list

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
GUIDANCE = CONTENT / "guidance"
READING = CONTENT / "reading"

GUIDANCE_PAGES = sorted(p for p in GUIDANCE.glob("*.md") if p.name != "index.md")
READING_LISTS = sorted(READING.glob("*.md"))
QUESTION_LISTS = sorted(CONTENT.joinpath("questions").glob("*.md"))
STARTER_PAGES = sorted(GUIDANCE.glob("*.md")) + READING_LISTS + QUESTION_LISTS

# Guidance for the hardest moments, and the meeting topics that should lead a person page to it.
MOMENT_GUIDANCE = {
    "performance-concerns.md": {"performance", "feedback"},
    "someone-leaving.md": {"leaving", "retention", "career"},
    "remote-one-on-ones.md": {"remote", "hybrid"},
    "after-a-reorganisation.md": {"reorganisation", "layoffs"},
    "what-to-write-down.md": {"privacy", "notes"},
}

# Titles that must appear, exactly, in some reading list.
REQUIRED_TITLES = {
    "Product Management Career Ladders at 8 Top Technology Firms",
    "Unless You're Oprah, 'Be Yourself' Is Terrible Advice",
    "My response to Adam Grant's New York Times Op/ED: "
    "Unless You're Oprah, 'Be Yourself' Is Terrible Advice",
    "Meetings That Don't Suck",
    "Why WhatsApp Only Needs 50 Engineers for Its 900M Users",
    "High Output Management",
    "Radical Candor",
    "The Making of a Manager",
    "The Coaching Habit",
    "Resilient Management",
    "One on One",
    "The Update, The Vent, and The Disaster",
    "Maker's Schedule, Manager's Schedule",
    "re:Work",
}

# Inline Markdown links: [text](target) or [text](target "title").
_MD_LINK_RE = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_FENCE_RE = re.compile(r"^ {0,3}(```|~~~)")


# --- helpers -----------------------------------------------------------------


def split_front_matter(path: Path) -> tuple[dict[str, Any], str, int]:
    """(front-matter, body, file line of the body's first line) of a content file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines and lines[0].strip() == "---", f"{path}: no front-matter"
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    assert isinstance(meta, dict), f"{path}: front-matter is not a mapping"
    return meta, "\n".join(lines[end + 1 :]), end + 2


def entries_of(path: Path) -> list[ReadingLink]:
    _, body, first_line = split_front_matter(path)
    return parse_reading_list(body, list_slug=path.stem, first_line=first_line)


def all_entries() -> list[ReadingLink]:
    return [entry for path in READING_LISTS for entry in entries_of(path)]


def links_outside_code(text: str) -> list[str]:
    """Targets of inline links, leaving out fenced code blocks and inline code."""
    targets: list[str] = []
    in_fence = False
    for line in text.splitlines():
        if _FENCE_RE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            targets.extend(_MD_LINK_RE.findall(re.sub(r"`[^`]*`", "", line)))
    return targets


def level2_headings(body: str) -> list[str]:
    return [line[3:].strip() for line in body.splitlines() if line.startswith("## ")]


# --- parse_reading_list --------------------------------------------------------


def test_link_entry_gives_title_url_note_and_tags() -> None:
    body = "- [Career ladders](https://example.org/pm-ladders) - how firms level PMs. #career #PM\n"
    (entry,) = parse_reading_list(body, list_slug="careers")
    assert entry == ReadingLink(
        title="Career ladders",
        url="https://example.org/pm-ladders",
        note="how firms level PMs.",
        tags=("career", "pm"),
        list_slug="careers",
        line=1,
    )


def test_link_with_title_attribute_keeps_the_bare_url() -> None:
    body = '* [A book](https://example.org/book "The book\'s page") – a note #books\n'
    (entry,) = parse_reading_list(body, list_slug="x")
    assert entry.url == "https://example.org/book"
    assert entry.title == "A book"
    assert entry.note == "a note"


def test_url_with_balanced_parentheses_is_kept_whole() -> None:
    body = "- [Wiki](https://en.wikipedia.org/wiki/Foo_(bar)) - n #w\n"
    (entry,) = parse_reading_list(body, list_slug="x")
    assert entry.url == "https://en.wikipedia.org/wiki/Foo_(bar)"


@pytest.mark.parametrize(
    "item",
    [
        "- *High Output Management* - Andrew S. Grove (1983). Note. #management",
        "- **High Output Management** - Andrew S. Grove (1983). Note. #management",
        "- _High Output Management_ - Andrew S. Grove (1983). Note. #management",
        "* *High Output Management*: Andrew S. Grove (1983). Note. #management",
    ],
)
def test_emphasised_title_is_an_entry_without_address(item: str) -> None:
    (entry,) = parse_reading_list(item + "\n", list_slug="x")
    assert entry.title == "High Output Management"
    assert entry.url is None
    assert entry.note == "Andrew S. Grove (1983). Note."
    assert entry.tags == ("management",)


def test_tags_are_lowercased_deduplicated_and_removed_from_the_note() -> None:
    body = "- [T](https://e.org) - about #One-on-Ones and #feedback, #feedback again. #Career\n"
    (entry,) = parse_reading_list(body, list_slug="x")
    assert entry.tags == ("one-on-ones", "feedback", "career")
    assert entry.note == "about and , again."


def test_hash_in_url_or_word_or_number_is_not_a_tag() -> None:
    body = "- [T](https://e.org/page#section) - ranked #1, see issue#4 and C#. #real\n"
    (entry,) = parse_reading_list(body, list_slug="x")
    assert entry.url == "https://e.org/page#section"
    assert entry.tags == ("real",)
    assert "#1" in entry.note and "issue#4" in entry.note


def test_line_numbers_count_from_first_line() -> None:
    body = "Intro paragraph.\n\n- [A](https://a.org) - a #x\n- *B* - b #y\n"
    entries = parse_reading_list(body, list_slug="x", first_line=5)
    assert [(e.title, e.line) for e in entries] == [("A", 7), ("B", 8)]


def test_continuation_lines_join_the_note() -> None:
    body = "- [A](https://a.org) - first half\n  second half #x\n"
    (entry,) = parse_reading_list(body, list_slug="x")
    assert entry.note == "first half second half"
    assert entry.tags == ("x",)


def test_non_entries_are_ignored() -> None:
    body = "\n".join(
        [
            "# Heading with [a link](https://h.org)",
            "A paragraph with [a link](https://p.org) #nottag",
            "- plain text item #tag",
            "- see [a link](https://later.org) in the middle",
            "- [reference style][ref]",
            "+ [plus marker](https://plus.org)",
            "1. [ordered](https://ordered.org)",
            "- [parent](https://parent.org) - kept #p",
            "    - [nested](https://nested.org) - a sub-point #n",
            "```",
            "- [in a fence](https://fence.org)",
            "```",
            "* * *",
            "",
        ]
    )
    entries = parse_reading_list(body, list_slug="x")
    assert [e.title for e in entries] == ["parent"]
    assert entries[0].note == "kept"


def test_link_text_emphasis_is_unwrapped() -> None:
    (entry,) = parse_reading_list("- [*A Book*](https://b.org) - n #b\n", list_slug="x")
    assert entry.title == "A Book"


# --- reading lists -------------------------------------------------------------


def test_there_are_reading_lists() -> None:
    assert len(READING_LISTS) >= 4


@pytest.mark.parametrize("path", READING_LISTS, ids=lambda p: p.name)
def test_reading_list_has_title_intro_and_entries(path: Path) -> None:
    meta, body, _ = split_front_matter(path)
    assert isinstance(meta.get("title"), str) and meta["title"].strip()
    paragraphs = [
        p for p in body.split("\n\n") if p.strip() and not p.lstrip().startswith(("#", "- ", "* "))
    ]
    assert paragraphs, f"{path.name}: no introduction paragraph"
    assert entries_of(path), f"{path.name}: no entries"


@pytest.mark.parametrize("path", READING_LISTS, ids=lambda p: p.name)
def test_every_entry_has_a_note_and_a_tag(path: Path) -> None:
    for entry in entries_of(path):
        where = f"{path.name}:{entry.line} {entry.title!r}"
        assert len(entry.note) >= 20, f"{where}: note missing or too short"
        assert entry.tags, f"{where}: no tags"
        assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", t) for t in entry.tags), where


@pytest.mark.parametrize("path", READING_LISTS, ids=lambda p: p.name)
def test_every_list_item_is_an_entry(path: Path) -> None:
    # A top-level item that is not an entry is most likely a typo in a link.
    _, body, _ = split_front_matter(path)
    items = [line for line in body.splitlines() if line.startswith(("- ", "* "))]
    assert len(items) == len(entries_of(path))


def test_required_titles_are_present() -> None:
    titles = {entry.title for entry in all_entries()}
    missing = REQUIRED_TITLES - titles
    assert not missing, sorted(missing)


def test_required_addresses() -> None:
    # Each was checked against a stored copy of the piece or a citation of its address.
    urls = {entry.title: entry.url for entry in all_entries()}
    assert urls["One on One"] == "https://a16z.com/one-on-one/"
    assert (
        urls["The Update, The Vent, and The Disaster"]
        == "https://randsinrepose.com/archives/the-update-the-vent-and-the-disaster/"
    )
    assert urls["Maker's Schedule, Manager's Schedule"] == "https://paulgraham.com/makersschedule.html"
    assert urls["re:Work"] == "https://rework.withgoogle.com/"


def test_every_entry_names_its_author() -> None:
    entries = {entry.title: entry for entry in all_entries()}
    assert "Cade Metz" in entries["Why WhatsApp Only Needs 50 Engineers for Its 900M Users"].note


def test_one_on_one_reading_has_no_product_list() -> None:
    # Reading is for one-on-ones: a product entry must say how it helps one (careers.md does).
    assert not (READING / "product.md").exists()
    for entry in all_entries():
        if "pm" in entry.tags or "product" in entry.tags:
            assert "career conversation" in entry.note, entry.title


def test_titles_are_unique() -> None:
    titles = [entry.title for entry in all_entries()]
    assert len(titles) == len(set(titles)), sorted({t for t in titles if titles.count(t) > 1})


def test_some_entries_have_no_address() -> None:
    # Addresses are given only where they were checked; books are listed by title.
    entries = all_entries()
    assert any(e.url is None for e in entries)
    assert any(e.url is not None for e in entries)


@pytest.mark.parametrize(
    "entry",
    [e for e in all_entries() if e.url is not None],
    ids=lambda e: f"{e.list_slug}:{e.line}",
)
def test_every_url_is_well_formed(entry: ReadingLink) -> None:
    assert entry.url is not None
    parts = urlsplit(entry.url)
    assert parts.scheme == "https", entry.url
    assert parts.netloc and "." in parts.netloc and " " not in entry.url, entry.url
    assert not parts.netloc.endswith(("example.org", "example.com")), entry.url


# --- guidance pages ------------------------------------------------------------


def test_there_are_enough_guidance_pages() -> None:
    assert len(GUIDANCE_PAGES) >= 12


@pytest.mark.parametrize("path", GUIDANCE_PAGES, ids=lambda p: p.name)
def test_guidance_page_front_matter(path: Path) -> None:
    meta, _, _ = split_front_matter(path)
    assert isinstance(meta.get("title"), str) and meta["title"].strip()
    assert isinstance(meta.get("summary"), str) and meta["summary"].strip()
    topics = meta.get("topics")
    assert isinstance(topics, list) and topics, f"{path.name}: topics missing or empty"
    for topic in topics:
        assert isinstance(topic, str) and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", topic)


@pytest.mark.parametrize("path", GUIDANCE_PAGES, ids=lambda p: p.name)
def test_guidance_page_sections(path: Path) -> None:
    _, body, _ = split_front_matter(path)
    headings = level2_headings(body)
    assert "Try this next week" in headings
    assert "Related" in headings
    related = body.split("\n## Related", 1)[1].split("\n## ", 1)[0]
    targets = links_outside_code(related)
    assert any(t.startswith("../questions/") for t in targets), f"{path.name}: no question list"
    assert any(t.startswith("../reading/") for t in targets), f"{path.name}: no reading list"


@pytest.mark.parametrize("path", GUIDANCE_PAGES, ids=lambda p: p.name)
def test_guidance_page_is_substantial_but_short_enough_to_read_before_a_meeting(path: Path) -> None:
    _, body, _ = split_front_matter(path)
    assert 780 <= len(body.split()) <= 1300, f"{path.name}: {len(body.split())} words"


@pytest.mark.parametrize("name", sorted(MOMENT_GUIDANCE))
def test_guidance_for_hard_moments_is_shipped_with_its_topics(name: str) -> None:
    meta, _, _ = split_front_matter(GUIDANCE / name)
    assert MOMENT_GUIDANCE[name] <= set(meta["topics"])
    # A page with for: leads every person page of that relationship whatever was discussed;
    # these must appear only when their topics come up.
    assert "for" not in meta


def test_existing_guidance_points_to_the_hard_moments() -> None:
    linked: set[str] = set()
    for path in GUIDANCE_PAGES:
        if path.name not in MOMENT_GUIDANCE:
            _, body, _ = split_front_matter(path)
            related = body.split("\n## Related", 1)[1]
            linked |= {target.split("#")[0] for target in links_outside_code(related)}
    assert set(MOMENT_GUIDANCE) - linked == set()


def test_guidance_index_links_every_question_and_reading_list() -> None:
    _, body, _ = split_front_matter(GUIDANCE / "index.md")
    linked = {target.split("#")[0] for target in links_outside_code(body)}
    lists = [f"../{p.parent.name}/{p.name}" for p in QUESTION_LISTS + READING_LISTS if p.name != "index.md"]
    assert [target for target in lists if target not in linked] == []


def test_where_privacy_is_explained_the_sensitivity_guidance_is_named() -> None:
    for doc in (ROOT / "README.md", ROOT / "docs" / "content-format.md"):
        assert "guidance/what-to-write-down.md" in doc.read_text(encoding="utf-8"), doc.name


def test_guidance_index_links_every_page() -> None:
    _, body, _ = split_front_matter(GUIDANCE / "index.md")
    linked = {target.split("#")[0] for target in links_outside_code(body)}
    missing = [p.name for p in GUIDANCE_PAGES if p.name not in linked]
    assert not missing


def test_guidance_never_links_into_question_lists_by_anchor() -> None:
    for path in sorted(GUIDANCE.glob("*.md")):
        for target in links_outside_code(path.read_text(encoding="utf-8")):
            assert not (target.startswith("../questions/") and "#" in target), (path.name, target)


@pytest.mark.parametrize("path", STARTER_PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_relative_links_resolve(path: Path) -> None:
    for target in links_outside_code(path.read_text(encoding="utf-8")):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith(("/", "#")):
            continue
        file_part = target.split("#", 1)[0]
        assert file_part.endswith(".md"), f"{path.name}: link to a non-page {target!r}"
        resolved = (path.parent / file_part).resolve()
        assert resolved.is_relative_to(CONTENT.resolve()), f"{path.name}: {target} leaves content/"
        assert resolved.is_file(), f"{path.name}: {target} does not exist"
