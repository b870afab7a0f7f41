"""The prep guide: what to bring to the next one-on-one with someone.

Pure functions over one person's facts and the handbook: no I/O, no site
builder. The site shows the guide at ``/people/<slug>/prep/`` and, compact, at
the top of the person page; the CLI prints it and seeds new notes from it.

Topics waiting (see docs/content-format.md): each plain list item under a
``Next time`` heading of a note is parked. It waits until a later held note
takes it up: lists the item's topic (the slug of its text, or one of its
``#tags``) in ``topics:``, or checks a task-list item with the same text.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from .actions import action_key
from .facts import (
    CANCELLATION_WINDOW_DAYS,
    DEFAULT_LONG_TERM_TOPICS,
    OpenAction,
    PersonFacts,
    guidance_for,
    long_term_overdue,
)
from .markdown import HEADING_RE, closes_fence, fence_marker, list_items
from .model import Handbook, Meeting, Page, Person
from .questions import Question, slugify

QUESTIONS_SHOWN = 5
"""Suggested questions in a guide; ``handbook new`` takes the first three."""
LONG_TERM_PICKS = 2
"""Long-term questions placed first when a long-term topic is overdue."""
RECENT_NOTES = 3
"""Notes looked at for meetings you cancelled or moved (within ``CANCELLATION_WINDOW_DAYS``)."""
MOMENT_MEETINGS = 3
"""Held meetings whose topics keep a list for a particular moment (its ``topics:``) among the suggestions."""
WALK_GAP_DAYS = 60
"""No walking or outdoor meeting for this long, while meeting in person, suggests one."""
WALK_IN_PERSON_MIN = 2
"""In-person meetings within the gap before a walk is suggested: no walks for video-only relationships."""
EARLY_LOOKBACK = 3
"""Recent timed meetings looked at for ending early."""
EARLY_MIN = 2
"""Of those, how many ending early suggest running the full time."""
LOW_MOOD = 2
"""A last mood at or below this suggests not forcing the conversation."""
FIRST_MEETINGS = 3
"""A report with fewer held meetings than this is new: the first-one-on-one guidance applies."""
NEW_REPORT_DAYS = 90
"""A report whose ``since`` is older than this is not new, however few notes there are."""
RECAP_MAX_LINES = 8
"""Lines of a note's first paragraph shown as its recap."""

GUIDANCE = {
    "cancelled-by-me": ("guidance/treat-one-on-ones-as-fixed.md",),
    "no-walk": ("guidance/walking-one-on-ones.md",),
    "ended-early": ("guidance/run-the-full-time.md",),
    "low-mood": ("guidance/dont-force-the-conversation.md", "guidance/listening.md"),
    "first-meetings": ("guidance/first-one-on-one.md",),
    "long-term": ("guidance/career-conversations.md", "guidance/run-the-full-time.md"),
}
"""Each nudge rule and the guidance pages it links to (those the handbook has)."""

_NEXT_TIME = re.compile(r"next[ \t]+time:?", re.IGNORECASE)
_TASK = re.compile(r"^\[[ xX]\](\s|$)")
_TASK_LINE = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+\[[ xX]\](\s|$)")
_TAG = re.compile(r"(?<![\w&#])#([a-z0-9][a-z0-9-]*)\b")


@dataclass(frozen=True)
class Recap:
    """What happened at the last held meeting."""

    meeting: Meeting
    """The note."""
    summary: str
    """Markdown: the note's ``summary:`` field, else its first paragraph; may be empty."""
    from_field: bool
    """The summary is the ``summary:`` field (one line), not a paragraph of the body."""


@dataclass(frozen=True)
class WaitingTopic:
    """A topic parked under ``Next time`` and not yet taken up by a later held meeting."""

    text: str
    """The item as written (Markdown), without its ``#tags``."""
    topics: tuple[str, ...]
    """Topics that take it up when listed in a later note's ``topics:``: its tags, then the slug of its text."""
    meeting: Meeting
    """The note that first parked it."""
    line: int
    """File line of the item in that note."""


@dataclass(frozen=True)
class SuggestedQuestion:
    """A question worth bringing, with why it was chosen."""

    question: Question
    """The question; its ``id`` goes in the note's ``asked:``."""
    list_title: str
    """Title of its list."""
    times_asked: int
    """How often it was asked of this person."""
    last_asked: dt.date | None
    """When it was last asked of them; None if never."""
    long_term: bool
    """It is about the long term (its group names a long-term topic)."""


@dataclass(frozen=True)
class Nudge:
    """A suggestion the data calls for, with the guidance behind it."""

    rule: str
    """Which rule fired: a key of ``GUIDANCE``."""
    text: str
    """What to do, in plain text addressed to the owner."""
    guidance: tuple[Page, ...]
    """Guidance pages to read, those of the rule's that the handbook has."""


@dataclass(frozen=True)
class AskedQuestion:
    """A question already asked of a person."""

    question_id: str
    """The id as written in ``asked:``."""
    question: Question | None
    """The question, if its list is in this build."""
    dates: tuple[dt.date, ...]
    """When it was asked, newest first."""


@dataclass(frozen=True)
class PrepGuide:
    """What to bring to the next one-on-one with one person."""

    person: Person
    """Whom it is for."""
    today: dt.date
    """The date it was computed for; every day count below is relative to it."""
    for_owner: bool
    """Written for the handbook's owner; else a shared agenda for both sides (no nudges, no questions)."""
    for_them: bool
    """A shared agenda built for the person themselves: "you" is them, and the owner is "your manager" or the like."""
    last_held: Meeting | None
    """The last held meeting, if any."""
    days_since_last_held: int | None
    """Days from it to ``today``."""
    next_due: dt.date | None
    """When the cadence asks for the next meeting."""
    overdue: bool
    """Active, and the next meeting was due before today."""
    booked: Meeting | None
    """The soonest note dated after today: the next meeting, booked and perhaps with an agenda."""
    recap: Recap | None
    """The last held meeting, summed up."""
    mine: tuple[OpenAction, ...]
    """Open action items the owner holds, overdue first."""
    theirs: tuple[OpenAction, ...]
    """Open action items others hold, overdue first."""
    waiting: tuple[WaitingTopic, ...]
    """Topics parked for a later meeting and not yet taken up, longest waiting first."""
    questions: tuple[SuggestedQuestion, ...]
    """Questions to bring, best first; empty in shared agendas."""
    nudges: tuple[Nudge, ...]
    """Suggestions the data calls for; empty in shared agendas."""
    guidance: tuple[Page, ...]
    """Guidance pages for this relationship and what you talk about."""

    @property
    def days_overdue(self) -> int | None:
        """Days since the next meeting was due, when overdue."""
        return (self.today - self.next_due).days if self.overdue and self.next_due else None

    @property
    def agenda(self) -> str:
        """The body of the booked note, written ahead; empty if none."""
        return self.booked.body.strip() if self.booked else ""


def prep_guide(
    facts: PersonFacts,
    handbook: Handbook,
    today: dt.date,
    *,
    audience_is_owner: bool = True,
    audience_is_them: bool = False,
    long_term_topics: Sequence[str] = DEFAULT_LONG_TERM_TOPICS,
    question_count: int = QUESTIONS_SHOWN,
) -> PrepGuide:
    """The prep guide for ``facts.person``'s next one-on-one, as of ``today``.

    ``handbook`` must be the one ``facts`` were derived from (already filtered
    for the build's audience). A guide not ``audience_is_owner`` is a shared
    agenda: both sides' items and topics, no nudges and no questions;
    ``audience_is_them`` says it is built for the person themselves.
    """
    person = facts.person
    held = [m for m in facts.meetings if m.status == "held"]
    last = held[0] if held else None
    booked = facts.upcoming[0] if facts.upcoming else None
    questions: tuple[SuggestedQuestion, ...] = ()
    nudges: tuple[Nudge, ...] = ()
    if audience_is_owner:
        next_date = booked.date if booked else max(facts.next_due or today, today)
        seed = f"{person.slug}:{len(held)}:{next_date.isoformat()}"
        wants_long_term = long_term_overdue(facts, today) is not None
        questions = suggest_questions(
            person, facts.meetings, handbook, seed=seed, long_term_topics=long_term_topics,
            long_term_first=wants_long_term, count=question_count,
        )
        nudges = nudges_for(facts, handbook.pages, today, long_term_topics)
    talked_about = [t.topic for t in facts.topics] + list(long_term_topics)
    return PrepGuide(
        person=person,
        today=today,
        for_owner=audience_is_owner,
        for_them=audience_is_them and not audience_is_owner,
        last_held=last,
        days_since_last_held=facts.days_since_last_held,
        next_due=facts.next_due,
        overdue=facts.overdue,
        booked=booked,
        recap=None if last is None else recap_of(last),
        mine=tuple(a for a in facts.open_actions if a.item.owner == "me"),
        theirs=tuple(a for a in facts.open_actions if a.item.owner != "me"),
        waiting=waiting_topics(facts.meetings),
        questions=questions,
        nudges=nudges,
        guidance=tuple(guidance_for(handbook.pages, talked_about, relationship=person.relationship)),
    )


def recap_of(meeting: Meeting) -> Recap:
    """The meeting summed up: its ``summary:`` field, else the first paragraph of its body."""
    if meeting.summary:
        return Recap(meeting, meeting.summary, True)
    return Recap(meeting, first_paragraph(meeting.body), False)


def first_paragraph(body: str) -> str:
    """The first block of text of ``body`` that says what happened.

    Headings, code, admonitions, raw HTML, task-list items and the ``Next
    time`` section are skipped; a block is cut at ``RECAP_MAX_LINES`` lines.
    """
    lines = _without_next_time(body.splitlines())
    block: list[str] = []
    fence: str | None = None
    skipping = False
    for line in lines:
        if fence is not None:
            if closes_fence(line, fence):
                fence = None
            continue
        opening = fence_marker(line)
        if opening:
            fence = opening
            if block:
                break
            continue
        if not line.strip():
            if block:
                break
            skipping = False
            continue
        if skipping or HEADING_RE.match(line) or _TASK_LINE.match(line):
            continue
        if not block and (line.lstrip().startswith(("!!!", "???", "<", "|")) or line.startswith(("    ", "\t"))):
            skipping = True  # an admonition, raw HTML, a table or indented code: not a summary
            continue
        block.append(line)
    return "\n".join(block[:RECAP_MAX_LINES])


def _without_next_time(lines: list[str]) -> list[str]:
    return [line for index, line in enumerate(lines) if index not in _next_time_lines(lines)]


def _next_time_lines(lines: Sequence[str]) -> set[int]:
    """Indexes of the lines inside ``Next time`` sections, their headings included."""
    inside: set[int] = set()
    level: int | None = None
    fence: str | None = None
    for index, line in enumerate(lines):
        if fence is not None:
            if closes_fence(line, fence):
                fence = None
        elif (opening := fence_marker(line)) is not None:
            fence = opening
        elif (heading := HEADING_RE.match(line)) is not None:
            depth = len(heading.group(1))
            if _NEXT_TIME.fullmatch((heading.group(2) or "").strip()):
                level = depth
            elif level is not None and depth <= level:
                level = None
        if level is not None:
            inside.add(index)
    return inside


@functools.lru_cache(maxsize=1 << 16)
def parked_topics(body: str) -> tuple[tuple[str, tuple[str, ...], int], ...]:
    """(text, tags, 0-based line) of each plain list item under a ``Next time`` heading of ``body``.

    Task-list items there stay action items and are not topics. Kept per body: under ``mkdocs serve``
    every save asks again for every note, and an unchanged note's body is the same string.
    """
    if _NEXT_TIME.search(body) is None:
        return ()  # no such heading: most notes, and reading every line of each costs a second at 10,000 notes
    lines = body.splitlines()
    inside = _next_time_lines(lines)
    section = [line if index in inside else "" for index, line in enumerate(lines)]
    found = []
    for item in list_items(section):
        if _TASK.match(item.text):
            continue
        tags = tuple(dict.fromkeys(_TAG.findall(item.text)))
        text = " ".join(_TAG.sub("", item.text).split())
        if text or tags:
            found.append((text or " ".join(f"#{t}" for t in tags), tags, item.first))
    return tuple(found)


def waiting_topics(meetings: Iterable[Meeting]) -> tuple[WaitingTopic, ...]:
    """Topics parked in ``meetings`` (one person's, any order) that no later held meeting took up.

    A later held meeting takes a topic up when its ``topics:`` names one of
    the topic's tags or the slug of its text, or when it checks a task-list
    item with the same text. Parked again before that, it keeps its first date.
    """
    waiting: dict[str, WaitingTopic] = {}
    for meeting in sorted(meetings, key=lambda m: (m.when, m.source.src_uri)):
        if meeting.status == "held" and waiting:
            done = {item.key for item in meeting.actions if item.done}
            for key, topic in list(waiting.items()):
                if key in done or any(t in meeting.topics for t in topic.topics):
                    del waiting[key]
        for text, tags, offset in parked_topics(meeting.body):
            key = action_key(text)
            if key not in waiting:
                topics = tuple(dict.fromkeys((*tags, slugify(text))))
                waiting[key] = WaitingTopic(text, topics, meeting, meeting.source.body_line + offset)
    return tuple(waiting.values())


def list_fits(page: Page | None, relationship: str) -> bool:
    """A question list suits ``relationship``: its ``for:`` names it, or it has no ``for:``."""
    wanted = None if page is None else page.meta.get("for")
    if not isinstance(wanted, list):
        return True
    return relationship in {str(r) for r in wanted}


def list_is_timely(page: Page | None, lately: Collection[str]) -> bool:
    """A list for a particular moment suits now: it has no ``topics:``, or one of them came up lately.

    Questions for someone who is struggling or leaving must not turn up in a
    guide for someone who is neither, so such a list waits until its topic
    is in one of the last ``MOMENT_MEETINGS`` held meetings.
    """
    moment = None if page is None else page.meta.get("topics")
    if not isinstance(moment, list):
        return True
    return any(str(topic).lower() in lately for topic in moment)


def recent_topics(meetings: Iterable[Meeting]) -> set[str]:
    """Topics of the last ``MOMENT_MEETINGS`` held meetings."""
    held = sorted((m for m in meetings if m.status == "held"), key=lambda m: m.when, reverse=True)
    return {topic for m in held[:MOMENT_MEETINGS] for topic in m.topics}


def is_long_term(question: Question, long_term_topics: Sequence[str]) -> bool:
    """The question's group heading names a long-term topic (``the-future`` matches "The long-term future")."""
    group = slugify(question.group) if question.group else ""
    words = [topic.removeprefix("the-") for topic in long_term_topics]
    return any(word and re.search(rf"(^|-){re.escape(word)}($|-)", group) for word in words)


def asked_of(meetings: Iterable[Meeting]) -> dict[str, list[dt.date]]:
    """Question id -> dates it was asked in held ``meetings``, newest first."""
    asked: dict[str, list[dt.date]] = {}
    for meeting in sorted(meetings, key=lambda m: m.when, reverse=True):
        if meeting.status != "held":
            continue
        for question_id in meeting.asked:
            asked.setdefault(question_id, []).append(meeting.date)
    return asked


def questions_asked(meetings: Iterable[Meeting], handbook: Handbook) -> tuple[AskedQuestion, ...]:
    """Every question asked in ``meetings``, most recently asked first."""
    by_id = {q.id: q for q in handbook.questions}
    asked = asked_of(meetings)
    found = [AskedQuestion(qid, by_id.get(qid), tuple(dates)) for qid, dates in asked.items()]
    return tuple(sorted(found, key=lambda a: (-a.dates[0].toordinal(), a.question_id)))


def suggest_questions(
    person: Person,
    meetings: Iterable[Meeting],
    handbook: Handbook,
    *,
    seed: str,
    long_term_topics: Sequence[str] = DEFAULT_LONG_TERM_TOPICS,
    long_term_first: bool = False,
    count: int = QUESTIONS_SHOWN,
) -> tuple[SuggestedQuestion, ...]:
    """Up to ``count`` questions for ``person`` from the lists that suit their relationship and the moment.

    Never-asked questions come first, then those asked longest ago. Ties are
    broken by a hash of ``seed``, so a guide is the same for the same input and
    changes with the next meeting. Picks spread over the lists' groups. With
    ``long_term_first``, up to ``LONG_TERM_PICKS`` long-term questions lead.
    """
    lists = {
        page.source.src_uri.removeprefix("questions/").removesuffix(".md"): page
        for page in handbook.pages
        if page.source.src_uri.startswith("questions/")
    }
    meetings = list(meetings)
    asked = asked_of(meetings)
    lately = recent_topics(meetings)
    candidates = [
        SuggestedQuestion(
            question=q,
            list_title=_title(lists.get(q.list_slug), q.list_slug),
            times_asked=len(asked.get(q.id, ())),
            last_asked=asked[q.id][0] if q.id in asked else None,
            long_term=is_long_term(q, long_term_topics),
        )
        for q in handbook.questions
        if q.list_slug in lists
        and list_fits(lists[q.list_slug], person.relationship)
        and list_is_timely(lists[q.list_slug], lately)
    ]

    def rank(s: SuggestedQuestion) -> tuple[int, int, str]:
        shuffle = hashlib.sha256(f"{seed}:{s.question.id}".encode()).hexdigest()
        return (s.last_asked is not None, (s.last_asked or dt.date.min).toordinal(), shuffle)

    ordered = sorted(candidates, key=rank)
    picks: list[SuggestedQuestion] = []
    if long_term_first:
        picks = _spread([s for s in ordered if s.long_term], LONG_TERM_PICKS)
    rest = [s for s in ordered if s not in picks]
    picks += _spread(rest, count - len(picks), taken={_group(s) for s in picks})
    return tuple(picks)


def _group(s: SuggestedQuestion) -> tuple[str, str]:
    return (s.question.list_slug, s.question.group)


def _spread(
    ordered: Sequence[SuggestedQuestion], count: int, taken: Iterable[tuple[str, str]] = ()
) -> list[SuggestedQuestion]:
    """The first ``count`` of ``ordered``, one per group while groups last, then by order."""
    picks: list[SuggestedQuestion] = []
    groups = set(taken)
    for s in ordered:
        if len(picks) < count and _group(s) not in groups:
            picks.append(s)
            groups.add(_group(s))
    for s in ordered:
        if len(picks) < count and s not in picks:
            picks.append(s)
    return picks


def _title(page: Page | None, fallback: str) -> str:
    return page.title if page is not None and page.title else fallback


def nudges_for(
    facts: PersonFacts,
    pages: Iterable[Page],
    today: dt.date,
    long_term_topics: Sequence[str] = DEFAULT_LONG_TERM_TOPICS,
) -> tuple[Nudge, ...]:
    """Suggestions for the owner that the data about this person calls for, each with its guidance."""
    by_uri = {page.source.src_uri: page for page in pages}
    person = facts.person
    if not person.active:
        return ()
    found: list[tuple[str, str]] = []
    name = person.name
    recent = [m for m in facts.meetings[:RECENT_NOTES] if (today - m.date).days <= CANCELLATION_WINDOW_DAYS]
    moved = [m for m in recent if m.cancelled_by == "me" and m.status in ("cancelled", "rescheduled")]
    if moved:
        found.append((
            "cancelled-by-me",
            f"You cancelled or moved {len(moved)} of your last {len(recent)} one-on-ones with {name} "
            f"(last on {moved[0].date.isoformat()}). Keep this one where it is.",
        ))
    held = [m for m in facts.meetings if m.status == "held"]
    window = [m for m in held if (today - m.date).days <= WALK_GAP_DAYS]
    walked = [m for m in held if m.format in ("walking", "outdoors")]
    in_person = [m for m in window if m.format == "in-person"]
    if len(in_person) >= WALK_IN_PERSON_MIN and not any(m in window for m in walked):
        since = f"since {walked[0].date.isoformat()}" if walked else "yet"
        found.append((
            "no-walk",
            f"You have not had a walking or outdoor one-on-one with {name} {since}. Suggest a walk this time.",
        ))
    timed = [m for m in held if m.minutes is not None and m.planned_minutes is not None][:EARLY_LOOKBACK]
    early = [m for m in timed if (m.minutes or 0) < (m.planned_minutes or 0)]
    if len(early) >= EARLY_MIN:
        found.append((
            "ended-early",
            f"{len(early)} of your last {len(timed)} one-on-ones with {name} ended early. "
            "Keep the full time: once the agenda is done, ask about the longer term.",
        ))
    if held and held[0].mood is not None and held[0].mood <= LOW_MOOD:
        found.append((
            "low-mood",
            f"{name} seemed low last time (mood {held[0].mood} of 5). Ask how they are, listen, "
            "and let them choose what to talk about; don't push for updates.",
        ))
    new = person.since is None or (today - person.since).days <= NEW_REPORT_DAYS
    if person.relationship == "report" and len(held) < FIRST_MEETINGS and new:
        which = "first" if not held else ("second" if len(held) == 1 else "third")
        found.append((
            "first-meetings",
            f"This is your {which} one-on-one with {name}: set up how you will meet, and get to know them.",
        ))
    gap = long_term_overdue(facts, today)
    if gap is not None:
        subjects = ", ".join(topic.replace("-", " ") for topic in long_term_topics)
        said = (
            f"It has been {gap} days since you last talked with {name} about {subjects}."
            if facts.last_long_term
            else f"In {gap} days of notes you have not yet talked with {name} about {subjects}."
        )
        found.append(("long-term", f"{said} Leave room for the long term this time."))
    return tuple(
        Nudge(rule, text, tuple(by_uri[uri] for uri in GUIDANCE[rule] if uri in by_uri)) for rule, text in found
    )


@dataclass(frozen=True)
class QuestionUse:
    """How a question has been used across every one-on-one."""

    times: int
    """Held meetings it was asked in."""
    people: tuple[str, ...]
    """Slugs of those it was asked of, most recently asked first."""
    last: dt.date
    """When it was last asked."""


def question_use(meetings: Iterable[Meeting], today: dt.date) -> dict[str, QuestionUse]:
    """Question id -> how often, of whom and when it was last asked, over held meetings up to ``today``."""
    use: dict[str, QuestionUse] = {}
    for meeting in sorted(meetings, key=lambda m: m.when, reverse=True):
        if meeting.status != "held" or meeting.date > today:
            continue
        for question_id in meeting.asked:
            old = use.get(question_id)
            if old is None:
                use[question_id] = QuestionUse(1, (meeting.person,), meeting.date)
            else:
                people = old.people if meeting.person in old.people else (*old.people, meeting.person)
                use[question_id] = QuestionUse(old.times + 1, people, old.last)
    return use
