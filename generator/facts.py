"""Facts derived from records: pure functions, no I/O, no site builder."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .layout import GUIDANCE, folder_of
from .model import ActionItem, Handbook, Meeting, Page, Person

DEFAULT_LONG_TERM_TOPICS = ("career", "growth", "the-future")
RECENT_MEETINGS = 10
CANCELLATION_WINDOW_DAYS = 90


@dataclass(frozen=True)
class OpenAction:
    """An action item still open after the carry-over rule."""

    item: ActionItem
    """The item as last written (its due date may have been updated)."""
    person: str
    """Whose one-on-one it came from."""
    meeting: Meeting
    """The note that first wrote it."""
    overdue: bool
    """Due before today."""


@dataclass(frozen=True)
class TopicTrail:
    """How often a topic came up with one person."""

    topic: str
    count: int
    first: dt.date
    last: dt.date


@dataclass(frozen=True)
class TopicNotes:
    """A topic and every note that raised it, with anyone."""

    topic: str
    """As the notes name it, lowercased."""
    meetings: tuple[Meeting, ...]
    """Newest first."""


def notes_by_topic(meetings: Iterable[Meeting]) -> list[TopicNotes]:
    """Every topic noted in a meeting, by name, each with its notes newest first."""
    raised: dict[str, list[Meeting]] = {}
    for meeting in meetings:
        for topic in meeting.topics:
            raised.setdefault(topic, []).append(meeting)
    return [
        TopicNotes(topic, tuple(sorted(raised[topic], key=lambda m: (m.when, m.source.src_uri), reverse=True)))
        for topic in sorted(raised)
    ]


@dataclass(frozen=True)
class MinutesFacts:
    """Actual against planned minutes, over held meetings that give both."""

    compared: int
    actual: int
    planned: int
    ended_early: int
    ran_over: int


@dataclass(frozen=True)
class PersonFacts:
    """Everything the history and dashboard show about one person."""

    person: Person
    meetings: tuple[Meeting, ...]
    """Meetings up to today, newest first: every figure below counts only these."""
    upcoming: tuple[Meeting, ...]
    """Notes dated after today (an agenda written ahead), soonest first; not counted as held."""
    counts: dict[str, int]
    """Meetings per status (held, cancelled, rescheduled, no-show)."""
    moved_by: dict[tuple[str, str], int]
    """(status, me|them) -> count, for cancelled and rescheduled meetings."""
    last_held: dt.date | None
    days_since_last_held: int | None
    next_due: dt.date | None
    """Last held meeting (or ``since``) plus the cadence."""
    overdue: bool
    """Active, and the next meeting was due before today."""
    due_this_week: bool
    """Active, not overdue, and due within the next seven days."""
    longest_gap: int | None
    """Most days between two held meetings, counting the gap still open today."""
    on_cadence_run: int
    """Held meetings in a row up to the last one, each within the cadence's tolerance of the one before.

    The gap still open today is not part of it: ``late_by`` says how that one is going.
    """
    late_by: int
    """Days past ``next_due`` for an overdue person; 0 otherwise."""
    held_rate: float | None
    """Held meetings over all meetings noted."""
    outside_share: float | None
    """Walking or outdoor meetings over held meetings whose format is known."""
    minutes: MinutesFacts
    moods: tuple[tuple[dt.date, int], ...]
    """(date, mood) of held meetings, oldest first."""
    topics: tuple[TopicTrail, ...]
    """Most recently discussed first."""
    long_term: dict[str, dt.date | None]
    """Each long-term topic and when it was last discussed."""
    open_actions: tuple[OpenAction, ...]
    """Overdue first, then by due date, then oldest first."""

    @property
    def last_long_term(self) -> dt.date | None:
        """When any long-term topic was last discussed."""
        dates = [d for d in self.long_term.values() if d is not None]
        return max(dates) if dates else None


@dataclass(frozen=True)
class Dashboard:
    """The weekly view across everyone."""

    today: dt.date
    overdue: tuple[PersonFacts, ...]
    due_this_week: tuple[PersonFacts, ...]
    my_actions: tuple[OpenAction, ...]
    their_actions: tuple[OpenAction, ...]
    recent: tuple[Meeting, ...]
    cancelled_by_me: tuple[Meeting, ...]
    """Meetings I cancelled or moved in the last 90 days, newest first."""


def cadence_tolerance(cadence_days: int) -> int:
    """Days a meeting may slip and still count as on cadence."""
    return cadence_days + max(2, cadence_days // 5)


def open_actions(meetings: Sequence[Meeting], today: dt.date) -> tuple[OpenAction, ...]:
    """Items still open: unchecked where written and not checked, same text, in a later note.

    ``meetings`` are one person's, in any order.
    """
    open_items: dict[str, tuple[ActionItem, Meeting]] = {}
    for meeting in sorted(meetings, key=lambda m: (m.when, m.source.src_uri)):
        for item in meeting.actions:
            if item.done:
                open_items.pop(item.key, None)
            elif item.key in open_items:
                first_item, first_meeting = open_items[item.key]
                # Carried over by hand: keep where it was first promised, take the newest due date.
                open_items[item.key] = (item if item.due else first_item, first_meeting)
            else:
                open_items[item.key] = (item, meeting)
    found = [
        OpenAction(item, meeting.person, meeting, item.due is not None and item.due < today)
        for item, meeting in open_items.values()
    ]
    found.sort(key=lambda a: (not a.overdue, a.item.due or dt.date.max, a.meeting.when))
    return tuple(found)


def person_facts(
    person: Person,
    meetings: Iterable[Meeting],
    today: dt.date,
    long_term_topics: Sequence[str] = DEFAULT_LONG_TERM_TOPICS,
) -> PersonFacts:
    """Facts about one person from their meetings (any order, any person's: others are ignored)."""
    everything = sorted(
        (m for m in meetings if m.person == person.slug),
        key=lambda m: (m.when, m.source.src_uri),
        reverse=True,
    )
    mine = [m for m in everything if m.date <= today]
    upcoming = tuple(reversed([m for m in everything if m.date > today]))
    counts = Counter(m.status for m in mine)
    moved_by = Counter((m.status, m.cancelled_by) for m in mine if m.cancelled_by is not None)
    held = [m for m in mine if m.status == "held"]
    held_dates = sorted({m.date for m in held})
    last_held = held_dates[-1] if held_dates else None
    start = last_held or person.since
    next_due = None if start is None else start + dt.timedelta(days=person.cadence_days)
    overdue = person.active and next_due is not None and next_due < today
    due_this_week = person.active and not overdue and next_due is not None and next_due <= today + dt.timedelta(days=6)
    gaps = [(b - a).days for a, b in zip(held_dates, held_dates[1:], strict=False)]
    if last_held is not None and person.active:
        gaps.append((today - last_held).days)
    tolerance = cadence_tolerance(person.cadence_days)
    run = 1 if held_dates else 0
    for a, b in reversed(list(zip(held_dates, held_dates[1:], strict=False))):
        if (b - a).days > tolerance:
            break
        run += 1
    with_format = [m for m in held if m.format is not None]
    outside = sum(1 for m in with_format if m.format in ("walking", "outdoors"))
    timed = [m for m in held if m.minutes is not None and m.planned_minutes is not None]
    minutes = MinutesFacts(
        compared=len(timed),
        actual=sum(m.minutes or 0 for m in timed),
        planned=sum(m.planned_minutes or 0 for m in timed),
        ended_early=sum(1 for m in timed if (m.minutes or 0) < (m.planned_minutes or 0)),
        ran_over=sum(1 for m in timed if (m.minutes or 0) > (m.planned_minutes or 0)),
    )
    trails: dict[str, TopicTrail] = {}
    for meeting in reversed(mine):
        for topic in meeting.topics:
            old = trails.get(topic)
            trails[topic] = (
                TopicTrail(topic, 1, meeting.date, meeting.date)
                if old is None
                else TopicTrail(topic, old.count + 1, old.first, meeting.date)
            )
    topics = tuple(sorted(trails.values(), key=lambda t: (t.last, t.count), reverse=True))
    long_term = {topic: trails[topic].last if topic in trails else None for topic in long_term_topics}
    return PersonFacts(
        person=person,
        meetings=tuple(mine),
        upcoming=upcoming,
        counts={status: counts.get(status, 0) for status in ("held", "cancelled", "rescheduled", "no-show")},
        moved_by=dict(moved_by),  # type: ignore[arg-type]
        last_held=last_held,
        days_since_last_held=None if last_held is None else (today - last_held).days,
        next_due=next_due,
        overdue=overdue,
        due_this_week=due_this_week,
        longest_gap=max(gaps) if gaps else None,
        on_cadence_run=run,
        late_by=(today - next_due).days if overdue and next_due is not None else 0,
        held_rate=len(held) / len(mine) if mine else None,
        outside_share=outside / len(with_format) if with_format else None,
        minutes=minutes,
        moods=tuple((m.date, m.mood) for m in reversed(held) if m.mood is not None),
        topics=topics,
        long_term=long_term,
        open_actions=open_actions(everything, today),
    )


LONG_TERM_NUDGE_DAYS = 60
"""After this many days without a long-term topic, a person's page suggests one."""


def guidance_for(
    pages: Iterable[Page], topics: Iterable[str], limit: int = 4, *, relationship: str | None = None
) -> list[Page]:
    """Guidance pages for ``relationship`` whose front-matter ``topics`` meet ``topics``: most shared first.

    A page whose ``for:`` lists relationships is only for those, and comes
    first for them, whatever its topics; a page without ``for:`` suits everyone.
    """
    wanted = list(dict.fromkeys(topics))
    scored: list[tuple[int, int, int, str, Page]] = []
    for page in pages:
        if folder_of(page.source.src_uri) != GUIDANCE:
            continue
        suits = page.meta.get("for")
        made_for = isinstance(suits, list) and relationship in {str(r) for r in suits}
        if isinstance(suits, list) and not made_for:
            continue
        raw = page.meta.get("topics")
        theirs = {str(t).lower() for t in raw} if isinstance(raw, list) else set()
        shared = [t for t in wanted if t in theirs]
        if shared or made_for:
            first = min((wanted.index(t) for t in shared), default=len(wanted))
            scored.append((not made_for, -len(shared), first, page.source.src_uri, page))
    return [page for *_, page in sorted(scored, key=lambda s: s[:4])][:limit]


def long_term_overdue(facts: PersonFacts, today: dt.date) -> int | None:
    """Days since a long-term topic, when it is time to make room for one; else None."""
    if not facts.person.active or not facts.meetings:
        return None
    last = facts.last_long_term
    since = last or facts.meetings[-1].date
    days = (today - since).days
    return days if days >= LONG_TERM_NUDGE_DAYS else None


def everyone(
    handbook: Handbook, today: dt.date, long_term_topics: Sequence[str] = DEFAULT_LONG_TERM_TOPICS
) -> dict[str, PersonFacts]:
    """Facts for every person, by slug, in name order."""
    by_person: dict[str, list[Meeting]] = {slug: [] for slug in handbook.people}
    for meeting in handbook.meetings:
        by_person.setdefault(meeting.person, []).append(meeting)
    people = sorted(handbook.people.values(), key=lambda p: (p.name.casefold(), p.slug))
    return {p.slug: person_facts(p, by_person[p.slug], today, long_term_topics) for p in people}


def dashboard(handbook: Handbook, facts: dict[str, PersonFacts], today: dt.date) -> Dashboard:
    """The weekly view, from every person's facts."""
    overdue = sorted((f for f in facts.values() if f.overdue), key=lambda f: f.next_due or dt.date.min)
    due = sorted((f for f in facts.values() if f.due_this_week), key=lambda f: f.next_due or dt.date.max)
    actions = sorted(
        (a for f in facts.values() for a in f.open_actions),
        key=lambda a: (not a.overdue, a.item.due or dt.date.max, a.meeting.when),
    )
    newest = sorted(handbook.meetings, key=lambda m: (m.when, m.source.src_uri), reverse=True)
    since = today - dt.timedelta(days=CANCELLATION_WINDOW_DAYS)
    return Dashboard(
        today=today,
        overdue=tuple(overdue),
        due_this_week=tuple(due),
        my_actions=tuple(a for a in actions if a.item.owner == "me"),
        their_actions=tuple(a for a in actions if a.item.owner != "me"),
        recent=tuple(m for m in newest if m.date <= today)[:RECENT_MEETINGS],
        cancelled_by_me=tuple(
            m
            for m in newest
            if m.cancelled_by == "me" and m.status in ("cancelled", "rescheduled") and since <= m.date <= today
        ),
    )
