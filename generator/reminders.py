"""What `handbook check` reminds you of beyond problems: who is overdue, what is past due, a likely date typo.

None of these stops a build: the content is valid. They are what a manager
would want to hear before the week starts, and one (a note dated ahead that
records a held meeting) is most often a typo that hides an overdue person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError, Problem
from .facts import PersonFacts
from .model import Meeting
from .parse import quoted, read_document

KINDS = ("overdue", "past-due", "future-held")
"""Every kind of reminder, as the JSON output names them."""


@dataclass(frozen=True)
class Reminder:
    """One thing to act on, located like a problem."""

    kind: str
    """One of :data:`KINDS`."""
    where: Problem
    """The file (and line) it is about, and what to say."""

    def __str__(self) -> str:
        return str(self.where)


def overdue_people(facts: dict[str, PersonFacts], today: dt.date) -> list[Reminder]:
    """Everyone whose next one-on-one was due before today, most overdue first."""
    late = sorted((f for f in facts.values() if f.overdue), key=lambda f: f.next_due or dt.date.min)
    reminders = []
    for found in late:
        person = found.person
        if found.last_held is None:
            since = "no held meeting noted yet"
        else:
            since = f"last met {found.last_held.isoformat()}, {_days(today - found.last_held)} ago"
        due = f"due {found.next_due.isoformat()}" if found.next_due else "due"
        reminders.append(Reminder("overdue", Problem(
            person.source.display, None, None,
            f"{person.name} is overdue: {since}; {person.cadence} cadence, {due}",
        )))
    return reminders


def past_due_items(facts: dict[str, PersonFacts], today: dt.date) -> list[Reminder]:
    """Open action items whose due date has passed, oldest due first."""
    items = sorted(
        (a for f in facts.values() for a in f.open_actions if a.overdue and a.item.due is not None),
        key=lambda a: (a.item.due or dt.date.min, a.meeting.source.display),
    )
    reminders = []
    for action in items:
        assert action.item.due is not None
        owner = "@me" if action.item.owner == "me" else f"@{action.item.owner}"
        reminders.append(Reminder("past-due", Problem(
            action.meeting.source.display, action.item.line, None,
            f"{owner} {quoted(action.item.text, 80)} was due {action.item.due.isoformat()}, "
            f"{_days(today - action.item.due)} ago",
            hint="check it off in your next note, or give it a new due: date",
        )))
    return reminders


def future_notes_recorded_as_held(
    meetings: tuple[Meeting, ...], content_dir: Path, today: dt.date
) -> list[Reminder]:
    """Notes dated after today that say the meeting happened: ``status: held``, ``minutes`` or ``mood``.

    A note dated ahead is an agenda and counts for nothing until its day, so a
    year typed wrong silently hides that you met (and an overdue person).
    """
    reminders = []
    for meeting in meetings:
        if meeting.date <= today:
            continue
        try:
            path = content_dir / meeting.source.src_uri
            fields = read_document(path, meeting.source.display, root=content_dir).fields
        except ContentError:
            continue  # changed since it was loaded; the next check reads it again
        recorded = [name for name in ("status", "minutes", "mood") if fields and name in fields]
        if "status" in recorded and meeting.status != "held":
            recorded.remove("status")
        if not recorded:
            continue
        line = fields["date"].line if fields and "date" in fields else None
        said = " and ".join("status: held" if name == "status" else name for name in recorded)
        reminders.append(Reminder("future-held", Problem(
            meeting.source.display, line, "date",
            f"{meeting.date.isoformat()} is after today, yet the note records {said}: "
            "it counts as not yet held",
            hint="a typo in the date? an agenda written ahead needs neither",
        )))
    return reminders


def _days(delta: dt.timedelta) -> str:
    return "1 day" if delta.days == 1 else f"{delta.days} days"
