"""Who a build is for, and the filter that removes what they may not read.

The filter runs before anything is derived: counts, charts, search entries
and navigation are computed from what remains, so they are right for the
audience by construction.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from .actions import parse_actions
from .errors import HandbookError
from .layout import HANDBOOK_FOLDERS, folder_of, question_list_file
from .markdown import Fences, fence_marker
from .model import Handbook, Meeting, Page, Person, Visibility

# What may stand before a private section's opener: blockquote markers, list markers, definition markers.
_OPENER_PREFIX = re.compile(r"^(?:[ \t]|>|(?:[-*+]|\d{1,9}[.)]|:)(?=[ \t]))*")
# Before a line's content inside a section: only indentation and blockquote markers.
_LINE_PREFIX = re.compile(r"^[ \t>]*")
# Python-Markdown's admonition and pymdownx.details openers: classes in any case, the space optional, a title after.
_OPENER = re.compile(r'(?:!!!|\?\?\?\+?)[ \t]*([^"]*)')
# Python-Markdown's code span: a run of backticks closed by a run as long; an escaped backtick opens nothing.
_CODE_SPAN = re.compile(r"\\`|(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Audience:
    """The reader of one build: the owner, one person, or the team."""

    kind: str
    """``owner``, ``person`` or ``team``."""
    slug: str | None = None
    """For ``person``: whose shared agenda this is."""

    @property
    def is_owner(self) -> bool:
        return self.kind == "owner"

    def __str__(self) -> str:
        return f"person:{self.slug}" if self.kind == "person" else self.kind

    def may_read(self, visibility: Visibility, about: str) -> bool:
        """Whether this audience may read something about ``about`` with ``visibility``."""
        if self.kind == "owner":
            return True
        if self.kind == "team":
            return visibility == "team"
        return about == self.slug and visibility in ("shared", "team")


def parse_audience(text: str) -> Audience:
    """``owner``, ``team`` or ``person:<slug>``; anything else is an error."""
    value = text.strip()
    if value in ("owner", "team"):
        return Audience(value)
    if value.startswith("person:") and re.fullmatch(r"[a-z0-9][a-z0-9-]*", value[7:]):
        return Audience("person", value[7:])
    raise HandbookError(f'audience: expected owner, team or person:<slug>; got "{value}"')


def shared_body(body: str) -> str:
    """What a non-owner build publishes of a Markdown body: no comments, no private sections."""
    return strip_private_sections(strip_html_comments(body))


def strip_private_sections(body: str) -> str:
    """``body`` without any private section: an admonition or details block with the class ``private``.

    Fails closed: ``!!!private``, ``!!! Private``, ``!!! note private``, and
    an opener inside blockquotes, list items or definitions all count. A
    section is its opener and every following line that is blank or whose
    text starts further right than the opener (counting ``>`` markers as
    columns), with fences inside it cut whole. Closed fenced code outside a
    section is left alone: an example of the syntax in a code block is not a
    section.
    """
    if "private" not in body.lower():
        return body
    lines = body.split("\n")
    fences = Fences(lines)
    kept: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        column, content = _split(line, _OPENER_PREFIX)
        fence_end = fences.end(index, content)
        if fence_end is not None:
            kept.extend(lines[index : fence_end + 1])
            index = fence_end + 1
            continue
        if not _opens_private_section(content):
            kept.append(line)
            index += 1
            continue
        index += 1
        while index < len(lines):
            inner, rest = _split(lines[index], _LINE_PREFIX)
            if rest.strip() and inner <= column:
                break
            if fence_marker(rest):
                end = fences.end(index, rest)
                index = len(lines) if end is None else end + 1  # an unclosed fence takes everything after it
            else:
                index += 1
    return "\n".join(kept)


def strip_html_comments(body: str) -> str:
    """``body`` without HTML comments (``<!-- ... -->``), which the page source would carry to the reader.

    ``<!--`` in fenced code or in a closed code span is text, and stays. Fails
    closed: a comment that never ends takes the rest of the body with it, and
    ``<!--`` in indented code goes (it may be raw HTML in a list item).
    """
    if "<!--" not in body:
        return body
    lines = body.split("\n")
    fences = Fences(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    fenced: list[tuple[int, int]] = []
    index = 0
    while index < len(lines):
        end = fences.end(index, _split(lines[index], _LINE_PREFIX)[1])
        if end is None:
            index += 1
            continue
        fenced.append((starts[index], starts[end + 1]))
        index = end + 1
    kept: list[str] = []
    position = 0
    while True:
        opener = body.find("<!--", position)
        if opener < 0:
            kept.append(body[position:])
            break
        region = next(((a, b) for a, b in fenced if a <= opener < b), None)
        if region is not None or _in_code_span(body, opener, fenced):
            resume = region[1] if region is not None else opener + 4
            kept.append(body[position:resume])
            position = resume
            continue
        kept.append(body[position:opener])
        closer = body.find("-->", opener + 4)
        if closer < 0:
            break
        position = closer + 3
    return "".join(kept)


def _in_code_span(body: str, index: int, fenced: list[tuple[int, int]]) -> bool:
    """Whether ``index`` lies in a code span closed within its paragraph, as Python-Markdown pairs backticks."""
    start = max([body.rfind("\n\n", 0, index) + 1, *(b for a, b in fenced if b <= index)])
    found = _BLANK_LINE.search(body, index)
    end = min([len(body) if found is None else found.start(), *(a for a, b in fenced if a > index)])
    paragraph = body[start:end]
    for match in _CODE_SPAN.finditer(paragraph):
        if match.group(2) is not None and start + match.start() < index < start + match.end():
            return True
    return False


def _split(line: str, prefix: re.Pattern[str]) -> tuple[int, str]:
    """The column where ``line``'s text starts after ``prefix`` (tabs to 4), and that text."""
    match = prefix.match(line)
    assert match is not None  # the prefixes match the empty string
    return len(match.group(0).expandtabs(4)), line[match.end() :]


def _opens_private_section(content: str) -> bool:
    match = _OPENER.match(content)
    return match is not None and "private" in match.group(1).lower().split()


def for_audience(handbook: Handbook, audience: Audience) -> Handbook:
    """The handbook as ``audience`` may see it: as if nothing else existed."""
    if audience.is_owner:
        return handbook
    people = {
        slug: _redact_person(person)
        for slug, person in handbook.people.items()
        if audience.may_read(person.visibility, slug)
    }
    meetings = tuple(
        _redact_meeting(meeting, people, handbook.people)
        for meeting in handbook.meetings
        if meeting.person in people and audience.may_read(meeting.visibility, meeting.person)
    )
    pages = tuple(
        dataclasses.replace(page, body=shared_body(page.body))
        for page in handbook.pages
        if folder_of(page.source.src_uri) in HANDBOOK_FOLDERS and not _page_is_private(page)
    )
    # Every field of Handbook is named in FILTERED_FIELDS or KEPT_FIELDS (a test holds them to it), so a new
    # field cannot pass through unfiltered, nor be dropped, without someone deciding which.
    # A question is read with its list: a list the owner keeps private keeps its questions too.
    lists = {page.source.src_uri for page in pages}
    questions = tuple(q for q in handbook.questions if question_list_file(q.list_slug) in lists)
    return dataclasses.replace(handbook, people=people, meetings=meetings, pages=pages, questions=questions)


FILTERED_FIELDS = frozenset({"people", "meetings", "pages", "questions"})
"""Fields of :class:`Handbook` that :func:`for_audience` narrows to what the audience may read."""
KEPT_FIELDS = frozenset({"left_out"})
"""Fields kept whole: src_uris of files never published (so links to them can be dropped)."""


def _redact_person(person: Person) -> Person:
    return dataclasses.replace(person, body=shared_body(person.body))


def _page_is_private(page: Page) -> bool:
    """A handbook page marked anything but shared or team is the owner's: fail closed on odd values."""
    visibility = page.meta.get("visibility")
    private = page.meta.get("private")
    if private is not None and private is not False:
        return True
    return visibility is not None and visibility not in ("shared", "team")


def _redact_meeting(meeting: Meeting, people: dict[str, Person], everyone: dict[str, Person]) -> Meeting:
    body = shared_body(meeting.body)
    # Owners are read against everyone, so an item for a person this audience may not see is not
    # taken for the owner's own; it is left out of the derived lists with that person.
    actions, _ = parse_actions(
        body,
        body_line=meeting.source.body_line,
        people=everyone,
        display=meeting.source.display,
    )
    actions = tuple(item for item in actions if item.owner == "me" or item.owner in people)
    # Questions asked and topics stay: they are the note's own front-matter, readable at its visibility.
    return dataclasses.replace(meeting, body=body, actions=actions)
