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
from .model import Handbook, Meeting, Person, Visibility

HANDBOOK_FOLDERS = ("guidance", "questions", "reading")
"""Pages every audience may read: the handbook itself, not anyone's notes."""

_PRIVATE_SECTION = re.compile(r"^([ \t]*)(?:!!!|\?\?\?\+?)[ \t]+private\b.*$")


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


def strip_private_sections(body: str) -> str:
    """``body`` without any ``!!! private`` / ``??? private`` admonition (marker and content)."""
    if "private" not in body:
        return body
    kept: list[str] = []
    cut_indent: int | None = None
    for line in body.split("\n"):
        if cut_indent is not None:
            indent = len(line) - len(line.lstrip(" \t"))
            if not line.strip() or indent > cut_indent:
                continue
            cut_indent = None
        match = _PRIVATE_SECTION.match(line)
        if match is not None:
            cut_indent = len(match.group(1).expandtabs(4))
            continue
        kept.append(line)
    return "\n".join(kept)


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
        _redact_meeting(meeting, people)
        for meeting in handbook.meetings
        if meeting.person in people and audience.may_read(meeting.visibility, meeting.person)
    )
    pages = tuple(
        dataclasses.replace(page, body=strip_private_sections(page.body))
        for page in handbook.pages
        if page.source.src_uri.split("/")[0] in HANDBOOK_FOLDERS
    )
    return Handbook(people, meetings, pages, handbook.left_out)


def _redact_person(person: Person) -> Person:
    return dataclasses.replace(person, body=strip_private_sections(person.body))


def _redact_meeting(meeting: Meeting, people: dict[str, Person]) -> Meeting:
    body = strip_private_sections(meeting.body)
    actions, _ = parse_actions(
        body,
        body_line=meeting.source.body_line,
        people=people,
        display=meeting.source.display,
    )
    # Questions asked and topics stay: they are the note's own front-matter, readable at its visibility.
    return dataclasses.replace(meeting, body=body, actions=actions)
