"""The records a handbook is made of. Frozen: every later step derives, never mutates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from .questions import Question

Visibility = Literal["private", "shared", "team"]
VISIBILITIES: tuple[Visibility, ...] = ("private", "shared", "team")
"""Ordered from least to most visible."""

Relationship = Literal["report", "manager", "skip-level", "peer", "mentee", "other"]
RELATIONSHIPS: tuple[Relationship, ...] = (
    "report",
    "manager",
    "skip-level",
    "peer",
    "mentee",
    "other",
)
Status = Literal["held", "cancelled", "rescheduled", "no-show"]
STATUSES: tuple[Status, ...] = ("held", "cancelled", "rescheduled", "no-show")
Format = Literal["in-person", "walking", "outdoors", "video", "phone"]
FORMATS: tuple[Format, ...] = ("in-person", "walking", "outdoors", "video", "phone")
Party = Literal["me", "them"]
PARTIES: tuple[Party, ...] = ("me", "them")

NAMED_CADENCES = {"weekly": 7, "biweekly": 14, "monthly": 30}


@dataclass(frozen=True)
class Source:
    """Where a record came from."""

    src_uri: str
    """Path inside the content folder, POSIX style: ``notes/2026/2026-11-20-alex-kim.md``."""
    display: str
    """The path shown in messages: ``content/notes/2026/2026-11-20-alex-kim.md``."""
    body_line: int
    """File line on which the Markdown body starts."""


@dataclass(frozen=True)
class Person:
    """Someone you hold one-on-ones with."""

    slug: str
    """File stem; their identity in notes and URLs."""
    name: str
    """Display name."""
    role: str | None
    """Job title, free text."""
    relationship: Relationship
    """How they relate to you."""
    cadence_days: int
    """Days between meetings the cadence asks for."""
    cadence: str
    """The cadence as written: weekly, biweekly, monthly or a number of days."""
    since: dt.date | None
    """Date of the first one-on-one, if known."""
    active: bool
    """False once you no longer meet: kept in history, never reported overdue."""
    visibility: Visibility
    """Who may read the person's page."""
    tags: tuple[str, ...]
    """Free tags."""
    body: str
    """Their page's own Markdown."""
    source: Source
    """The file they came from."""


@dataclass(frozen=True)
class ActionItem:
    """A promise made in a meeting: a task-list item in a note's body."""

    text: str
    """The item's words without owner and due tokens."""
    key: str
    """Normalised text: how a later note refers to the same item."""
    owner: str
    """``me`` or a person's slug."""
    due: dt.date | None
    """When it is due, if a ``due:`` token gave one."""
    done: bool
    """Checked where it was written."""
    line: int
    """File line of the item."""


@dataclass(frozen=True)
class Meeting:
    """One one-on-one: held, cancelled, rescheduled or missed."""

    person: str
    """Slug of the person met."""
    date: dt.date
    """Day of the meeting."""
    time: dt.time | None
    """Time of day, when the note gives one."""
    status: Status
    """What happened to it."""
    cancelled_by: Party | None
    """Who cancelled or moved it."""
    format: Format | None
    """How it was held."""
    minutes: int | None
    """How long it actually ran."""
    planned_minutes: int | None
    """How long it was meant to run."""
    mood: int | None
    """Their energy as you read it, 1 to 5."""
    topics: tuple[str, ...]
    """What was talked about; lowercase."""
    asked: tuple[str, ...]
    """Ids of questions asked."""
    visibility: Visibility
    """Effective visibility: never more than the person's."""
    body: str
    """The note's Markdown."""
    actions: tuple[ActionItem, ...]
    """Task-list items in the body."""
    source: Source
    """The file it came from."""
    summary: str | None = None
    """The note's ``summary:``: one line saying what happened, shown in the next prep guide."""

    @cached_property  # meetings are sorted by it a dozen times a build
    def when(self) -> dt.datetime:
        """Date and time, for ordering."""
        return dt.datetime.combine(self.date, self.time or dt.time(0, 0))


@dataclass(frozen=True)
class Page:
    """Any other Markdown page of the handbook: guidance, question lists, reading, your own."""

    title: str | None
    """Front-matter title, if any."""
    meta: dict[str, object]
    """Front-matter handed on to the site builder (title, tags, hide, ...)."""
    body: str
    """Markdown body."""
    source: Source
    """The file it came from."""


@dataclass(frozen=True)
class Handbook:
    """Everything read from a content folder, with what could not be read."""

    people: dict[str, Person]
    """By slug."""
    meetings: tuple[Meeting, ...]
    """Oldest first."""
    pages: tuple[Page, ...]
    """Every other Markdown page."""
    left_out: frozenset[str] = field(default_factory=frozenset)
    """src_uris of Markdown files that could not be read; never published."""
    questions: tuple[Question, ...] = ()
    """Every question of every list in questions/, in file order."""
