"""`handbook new`: the note for a one-on-one, pre-filled from what the handbook knows, written once.

:func:`note_text` is pure: front-matter, the open action items carried over
as a checklist, and the prep (waiting topics, suggested questions) in a
private section. :func:`write_new_note` picks a file name and a time that
no other note has and writes the file atomically, never over another.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .actions import parse_actions
from .audience import strip_private_sections
from .errors import HandbookError
from .facts import OpenAction, PersonFacts
from .files import write_new_file
from .layout import note_file
from .model import FORMATS, VISIBILITIES, Handbook, Meeting, Person

MAX_NAME_TRIES = 99
"""A 100th note for one person on one day is a mistake, not a meeting."""


@dataclass(frozen=True)
class Prompt:
    """One line of prep to put in a new note: a waiting topic or a question to ask."""

    text: str
    """What to show."""
    question_id: str | None = None
    """The question's id, to copy into ``asked`` once it was asked."""


def note_text(
    person: Person,
    facts: PersonFacts,
    when: dt.date,
    at: dt.time | None,
    today: dt.date,
    *,
    meeting_format: str | None = None,
    waiting_topics: Sequence[Prompt] = (),
    questions: Sequence[Prompt] = (),
) -> str:
    """The text of a new note about ``person`` on ``when`` (at ``at``), as of ``today``."""
    held = facts.meetings
    last = next((m for m in held if m.status == "held"), None)
    meeting_format = meeting_format or (last.format if last else None)
    planned = next((m.planned_minutes for m in held if m.planned_minutes), None)
    lines = ["---", f"person: {person.slug}", f"date: {when.isoformat()}" + (f" {at:%H:%M}" if at else "")]
    if when <= today:
        # A note dated ahead is an agenda: saying it was held would hide that it was not (yet).
        lines.append("status: held")
    lines.append(f"format: {meeting_format}" if meeting_format else f"# format: {', '.join(FORMATS)}")
    if planned:
        lines.append(f"planned_minutes: {planned}")
    lines += [
        "# minutes: 30          # how long it actually ran",
        "# mood: 4              # 1-5: their energy as you read it",
        "# topics: [career]     # what you talked about",
    ]
    ids = [q.question_id for q in questions if q.question_id]
    if ids:
        lines.append(f"# asked: [{', '.join(ids)}]   # keep the ids of the questions you asked")
    lines.append("---")
    shown, owner_only = _carried(facts.open_actions, person)
    prep = [*(_item_prep("Waiting", p) for p in waiting_topics), *(_item_prep("Ask", q) for q in questions)]
    if owner_only or prep:
        # First, folded: read before the meeting, and never in a build for anyone else.
        lines.append('??? private "Only for you: prep and private items"')
        if prep:
            lines += ["", *(f"    {line}" for line in prep)]
        if owner_only:
            lines += ["", *(f"    {_item(a)}" for a in owner_only)]
        lines.append("")
    if shown:
        lines += ["## Carried over", "", *(_item(a) for a in shown), ""]
    # "Next time" is where a topic is parked for a later meeting (see the prep guide).
    lines += ["## Notes", "", "", "## Next time", "", "<!-- a topic to take up later: - a topic #tag -->", ""]
    return "\n".join(lines)


def _item(action: OpenAction) -> str:
    item = action.item
    due = f" due:{item.due.isoformat()}" if item.due else ""
    return f"- [ ] @{item.owner} {item.text}{due}"


def _item_prep(label: str, prompt: Prompt) -> str:
    tail = f" (`{prompt.question_id}`)" if prompt.question_id else ""
    return f"- {label}: {prompt.text}{tail}"


def _carried(actions: Sequence[OpenAction], person: Person) -> tuple[list[OpenAction], list[OpenAction]]:
    """Open items split into those the new note may show as written and those only the owner may read.

    The new note has the person's visibility; an item from a less visible
    note, or from a private section, would be published wider by the copy,
    so it goes into the new note's private section instead.
    """
    shown: list[OpenAction] = []
    owner_only: list[OpenAction] = []
    for action in actions:
        wider = VISIBILITIES.index(action.meeting.visibility) < VISIBILITIES.index(person.visibility)
        (owner_only if wider or _in_private_section(action) else shown).append(action)
    return shown, owner_only


def _in_private_section(action: OpenAction) -> bool:
    meeting: Meeting = action.meeting
    if "private" not in meeting.body.lower():
        return False
    public, _ = parse_actions(
        strip_private_sections(meeting.body), body_line=meeting.source.body_line, people=(), display=""
    )
    return action.item.key not in {item.key for item in public}


def free_note(
    handbook: Handbook, content_dir: Path, person: str, when: dt.date, at: dt.time | None
) -> tuple[str, dt.time | None]:
    """A file name no file has and a time no note of ``person`` on ``when`` has.

    A second note the same day gets ``-2`` (then ``-3`` ...) and, since the
    reader refuses two notes with the same date and time, the next free
    minute from ``at`` (or 09:00).
    """
    times = {m.time for m in handbook.meetings if m.person == person and m.date == when}
    if at in times or (at is None and times):
        minute = at or dt.time(9, 0)
        start = dt.datetime.combine(when, minute)
        for step in range(24 * 60):
            candidate = (start + dt.timedelta(minutes=step)).time()
            if candidate not in times and (start + dt.timedelta(minutes=step)).date() == when:
                at = candidate
                break
        else:
            raise HandbookError(f"every minute of {when.isoformat()} already has a note for {person}")
    base = note_file(person, when)
    stem, ext = posixpath.splitext(base)
    for number in range(1, MAX_NAME_TRIES + 1):
        src_uri = base if number == 1 else f"{stem}-{number}{ext}"
        if not os.path.lexists(content_dir / src_uri):
            return src_uri, at
    raise HandbookError(f"{content_dir / base}: {MAX_NAME_TRIES} notes already; write this one by hand")


def write_new_note(content_dir: Path, src_uri: str, text: str) -> Path:
    """Write ``text`` to ``src_uri`` in ``content_dir`` all at once; never over an existing file."""
    path = content_dir / src_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_new_file(path, text.encode("utf-8"))
    except FileExistsError:
        raise HandbookError(f"{path}: already exists; nothing was written") from None
    return path
