"""Which pages the site has and where they live: the only module that decides paths."""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import posixpath
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field

import jinja2
import yaml

try:  # libyaml's emitter is ~3x faster: a quarter of a warm rebuild's core time at 2,000 notes.
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

from . import charts, second_core
from .actions import label_tokens
from .errors import Problem
from .facts import (
    DEFAULT_LONG_TERM_TOPICS,
    Dashboard,
    PersonFacts,
    TopicNotes,
    cadence_tolerance,
    guidance_for,
    notes_by_topic,
)
from .layout import (
    GUIDANCE,
    PEOPLE,
    QUESTIONS,
    READING,
    folder_of,
    is_note,
    person_file,
    question_list_file,
    question_list_slug,
)
from .model import Handbook, Meeting, Page, Person
from .prep import PrepGuide, question_use, questions_asked
from .questions import Question, anchor_questions
from .reading import chip_tags, parse_reading_list
from .render import md, render, short_date, topic_name
from .render_budget import render_cost_problem

PEOPLE_INDEX = f"{PEOPLE}/index.md"
TOPICS = "topics.md"
STYLESHEET = "assets/handbook.css"
SCRIPT = "assets/handbook.js"
"""Recounts "days ago" and "due in" from a page's dates in the reader's browser: pages are read days later."""
QUESTIONS_INDEX = f"{QUESTIONS}/index.md"
READING_INDEX = f"{READING}/index.md"
PREP_QUESTIONS_ON_PERSON_PAGE = 3
NOTES_PER_TOPIC_PAGE = 100
"""A topic's page lists this many notes, newest first; older ones are on its next pages."""
MEETINGS_ON_PERSON_PAGE = 20
"""A person's page lists this many of their latest meetings; past that, every meeting is on a page per year."""
PEOPLE_PER_QUESTION = 5
"""People named per question on the questions index, those asked most recently; the count says how many more."""
ACTIONS_ON_DASHBOARD = 30
"""Open action items listed per owner on the dashboard (overdue first); items never ticked off pile up."""
QUESTION_DATES_SHOWN = 3
"""Dates listed per question asked of a person; the count says how many more."""
_NOT_IN_SLUG = re.compile(r"[^\w]+")
PRIVATE_MARKER = '<span class="hb-private">Private</span>'
"""How a wholly private note or person is marked, in the colour of a private section."""


NAV_ORDER = ("", PEOPLE, GUIDANCE, QUESTIONS, READING)
"""The navigation's order when mkdocs.yml gives none: the dashboard, people (the pages used every day),
then guidance, questions and reading; the topics page and pages of your own follow in their own order."""


def nav_rank(src_uri: str) -> int:
    """Where a top-level navigation entry holding ``src_uri`` goes (lower first; ties keep their order)."""
    folder = folder_of(src_uri)
    if folder == "" and src_uri not in ("index.md", "dashboard.md"):
        return len(NAV_ORDER)
    return NAV_ORDER.index(folder) if folder in NAV_ORDER else len(NAV_ORDER)


@dataclass(frozen=True)
class SitePage:
    """One page of the built site, as Markdown."""

    src_uri: str
    """Where it pretends to live in the content folder."""
    markdown: str
    """Its full text, front-matter included."""
    in_nav: bool
    """Listed in the navigation. Notes are not: the nav grows with people, not notes."""
    own: bool = False
    """The user's own page, passed through; generated pages are not."""


@dataclass
class RenderMemo:
    """Generated pages' Markdown kept from one build to the next (``mkdocs serve``), by everything each is made of.

    A note's page is rendered again only when something it shows changed:
    the note, its person, the template, today, its topics' addresses, the
    questions it asked, which of its items are overdue. What a build did not
    ask for again is dropped at its end, so the memo never outgrows the site.
    """

    pages: dict[object, str] = field(default_factory=dict)
    """Markdown by the inputs it was rendered from."""
    kept: int = 0
    """Pages the last build took from the memo (for tests and the benchmark)."""
    costs: dict[str, str | None] = field(default_factory=dict)
    """Each page's Markdown -> why it is too costly to render, or None: see ``site.within_render_budget``."""
    _next: dict[object, str] = field(default_factory=dict)
    _sources: dict[str, str] = field(default_factory=dict)

    def start_build(self) -> None:
        self._next = {}
        self._sources = {}
        self.kept = 0

    def source(self, env: jinja2.Environment, template: str) -> str:
        """The text of ``template`` as this build reads it: part of every key, so editing a template shows."""
        if template not in self._sources:
            self._sources[template] = env.loader.get_source(env, template)[0] if env.loader else ""
        return self._sources[template]

    def page(self, key: object, render_page: Callable[[], str]) -> str:
        """The Markdown rendered for ``key`` before, or ``render_page()`` now."""
        text = self.pages.get(key)
        if text is None:
            text = render_page()
        else:
            self.kept += 1
        self._next[key] = text
        return text

    def finish_build(self) -> None:
        self.pages, self._next = self._next, {}


@dataclass(frozen=True)
class Options:
    """What a build needs beyond the content."""

    today: dt.date
    long_term_topics: tuple[str, ...] = DEFAULT_LONG_TERM_TOPICS
    show_problems: bool = True
    """Owner builds list content problems on the dashboard and on the pages of the people they name."""


def dashboard_uri(handbook: Handbook) -> str:
    """``index.md``, unless the handbook has its own: then ``dashboard.md``."""
    has_index = any(p.source.src_uri == "index.md" for p in handbook.pages)
    return "dashboard.md" if has_index else "index.md"


def person_uri(slug: str) -> str:
    """Where a person's page is served: where their file is (see ``layout.person_file``)."""
    return person_file(slug)


def prep_uri(slug: str) -> str:
    """``people/<slug>/prep.md``: served at ``/people/<slug>/prep/``, beside the person's own ``/people/<slug>/``."""
    return f"{PEOPLE}/{slug}/prep.md"


def index_uris(handbook: Handbook) -> list[str]:
    """The question and reading indexes the site generates: those the handbook has no page of its own for."""
    own = {page.source.src_uri for page in handbook.pages}
    return [uri for uri in (QUESTIONS_INDEX, READING_INDEX) if uri not in own]


def note_uri(meeting: Meeting) -> str:
    return meeting.source.src_uri


def topic_slugs(topics: Sequence[str]) -> dict[str, str]:
    """Each topic's part of its address: ``big picture`` -> ``big-picture``; topics that read alike get -2, -3."""
    slugs: dict[str, str] = {}
    taken = {"index"}
    for topic in sorted(topics):
        base = _NOT_IN_SLUG.sub("-", topic).strip("-_") or "topic"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs[topic] = slug
    return slugs


def year_uri(slug: str, year: int) -> str:
    """``people/<slug>/2025.md``: every meeting with a person in one year, at ``/people/<slug>/2025/``."""
    return f"{PEOPLE}/{slug}/{year}.md"


def history_years(meetings: Sequence[Meeting]) -> list[int]:
    """Years that get a page of a person's ``meetings`` (all of theirs), newest first.

    Empty while every meeting fits on the person's own page: a page per year
    only where the history outgrows :data:`MEETINGS_ON_PERSON_PAGE`.
    """
    if len(meetings) <= MEETINGS_ON_PERSON_PAGE:
        return []
    return sorted({m.date.year for m in meetings}, reverse=True)


def meetings_by_person(meetings: Sequence[Meeting]) -> dict[str, list[Meeting]]:
    """Each person's meetings, in the order given."""
    found: dict[str, list[Meeting]] = {}
    for meeting in meetings:
        found.setdefault(meeting.person, []).append(meeting)
    return found


def topic_uri(slug: str, page: int = 1) -> str:
    """``topics/career.md`` for the newest notes on a topic, ``topics/career/2.md`` for the next ones."""
    return f"topics/{slug}.md" if page == 1 else f"topics/{slug}/{page}.md"


def note_title(meeting: Meeting, person: Person) -> str:
    """``Alex Kim · 2026-11-20``: the topics page lists notes by title, so ISO dates keep them in order."""
    when = meeting.date.isoformat() + ("" if meeting.time is None else f" {meeting.time:%H:%M}")
    return f"{person.name} · {when}"


THEME_META = frozenset({"title", "description", "author", "tags", "hide", "search", "status", "subtitle", "icon"})
"""Front-matter fields handed to MkDocs and the theme; the others are the handbook's own and stop at the reader."""


def builder_meta(meta: dict[str, object]) -> dict[str, object]:
    """``meta`` as the site builder must get it: only :data:`THEME_META` fields, every text HTML-escaped.

    MkDocs and Material print these into the page, its ``<meta>`` tags, the
    navigation and the search index without escaping. ``title`` and ``tags``
    keep their quotes (they are only ever printed as text); every other value
    may land in an attribute (``<meta name="description" content="...">``),
    so quotes are escaped too. A tag that is not text (``null``, ``true``, a
    mapping) is no tag and is left out.
    """
    kept: dict[str, object] = {}
    for key, value in meta.items():
        if key not in THEME_META:
            continue
        if key == "tags":
            if isinstance(value, list):
                kept[key] = [html.escape(tag, quote=False) for tag in value if isinstance(tag, str)]
        elif key == "title":
            kept[key] = html.escape(value, quote=False) if isinstance(value, str) else value
        else:
            kept[key] = _escaped(value)
    return kept


def _escaped(value: object) -> object:
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    return value


def front_matter(meta: dict[str, object]) -> str:
    """A front-matter block the site builder reads back as :func:`builder_meta` of ``meta``.

    The block is written even when empty: without it MkDocs would read a first
    line like ``Summary: ...`` or a ``---`` block in the body as metadata.
    """
    if not meta:
        return "---\n{}\n---\n\n"
    meta = builder_meta(meta)
    dumped = _plain_block(meta)
    if dumped is None:
        dumped = yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000)
    return f"---\n{dumped}---\n\n"


_PLAIN_TEXT = re.compile(r"[^\W_](?:[^\W_]|(?: · |[ ·'.-])(?=[^\W_])|:(?=[^\W_]))*", re.UNICODE)
"""Words YAML writes as they are: letters and digits, single spaces, ``·'.-:`` or `` · `` between them."""
_NOT_TEXT_TO_YAML = frozenset(
    word for base in ("yes", "no", "true", "false", "on", "off", "null") for word in (base, base.title(), base.upper())
)


def _plain_block(meta: dict[str, object]) -> str | None:
    """``meta`` as ``yaml.dump`` writes it, when every value is plain text or a list of it; else None.

    Titles and tags of ten thousand note pages: the emitter took a tenth of the core's time for them.
    """
    if not meta:
        return None  # "{}": an empty block would read as no front-matter at all
    lines = []
    for key, value in meta.items():
        if not _is_plain_text(key):
            return None
        if isinstance(value, str) and _is_plain_text(value):
            lines.append(f"{key}: {value}\n")
        elif isinstance(value, list) and all(isinstance(v, str) and _is_plain_text(v) for v in value):
            lines.append(f"{key}:\n" + "".join(f"- {v}\n" for v in value) if value else f"{key}: []\n")
        else:
            return None
    return "".join(lines)


def _is_plain_text(value: str) -> bool:
    # A string YAML would read as another type (a number, a date, true, null) is quoted: not plain text here.
    return (
        _PLAIN_TEXT.fullmatch(value) is not None
        and value[0].isalpha()
        and value.isprintable()
        and value not in _NOT_TEXT_TO_YAML
    )


def generated_uris(handbook: Handbook) -> list[str]:
    """Where :func:`site_pages` puts the pages it generates (not the user's own), in its order.

    Known before rendering, so a page of the user's own that would be served at
    one of these addresses is found and left out first.
    """
    by_person = meetings_by_person(handbook.meetings)
    return [
        dashboard_uri(handbook),
        PEOPLE_INDEX,
        TOPICS,
        *topic_page_uris(notes_by_topic(handbook.meetings)),
        *(
            uri
            for slug, person in handbook.people.items()
            for uri in _person_uris(slug, person.active, by_person.get(slug, []))
        ),
        *(note_uri(meeting) for meeting in handbook.meetings),
        *index_uris(handbook),
    ]


def _person_uris(slug: str, active: bool, meetings: Sequence[Meeting]) -> list[str]:
    """A person's page, their prep guide if you still meet, and a page per year of a long history."""
    years = [year_uri(slug, year) for year in history_years(meetings)]
    return [person_uri(slug), prep_uri(slug), *years] if active else [person_uri(slug), *years]


def topic_page_uris(topics: Sequence[TopicNotes]) -> list[str]:
    """Every page of every topic: a page per :data:`NOTES_PER_TOPIC_PAGE` notes."""
    slugs = topic_slugs([t.topic for t in topics])
    pages = (-(-len(t.meetings) // NOTES_PER_TOPIC_PAGE) for t in topics)
    return [topic_uri(slugs[t.topic], n) for t, count in zip(topics, pages, strict=True) for n in range(1, count + 1)]


def cost_problem(markdown: str) -> str | None:
    """Why a page's body (its Markdown after the front-matter) would take too long to render, or None."""
    return render_cost_problem(split_front_matter(markdown)[1])


def split_front_matter(markdown: str) -> tuple[str, str]:
    """A page's text as written by :func:`front_matter`: the block (with its blank line) and the body."""
    if not markdown.startswith("---\n"):
        return "", markdown
    end = markdown.find("\n---\n", 3)
    if end < 0:
        return "", markdown
    return markdown[: end + 5], markdown[end + 5 :]


def site_pages(
    handbook: Handbook,
    env: jinja2.Environment,
    options: Options,
    problems: Sequence[Problem],
    facts: dict[str, PersonFacts],
    board: Dashboard,
    guides: dict[str, PrepGuide] | None = None,
    memo: RenderMemo | None = None,
    costs: dict[str, str | None] | None = None,
) -> list[SitePage]:
    """Every page of the site for a handbook already filtered for its audience, from its derived facts.

    The generated pages are exactly those of :func:`generated_uris`; the user's own follow. With ``memo``,
    note pages whose inputs did not change since the last build are taken from it; without (a cold build),
    a forked process may render some of the note pages (see :mod:`generator.second_core`), and judge what
    each would cost to render (:func:`cost_problem`): those verdicts go into ``costs``, by Markdown.
    """
    cold = memo is None
    memo = memo if memo is not None else RenderMemo()
    memo.start_build()
    context = {
        "handbook": handbook,
        "people": handbook.people,
        "facts": facts,
        "today": options.today,
        "options": options,
        "person_uri": person_uri,
        "note_uri": note_uri,
        "people_index_uri": PEOPLE_INDEX,
        "topics_uri": TOPICS,
        "dashboard_uri": dashboard_uri(handbook),
        "long_term_topics": options.long_term_topics,
        "questions": handbook_questions(handbook),
        "note_title": note_title,
        "question_list_file": question_list_file,
        "prep_uri": prep_uri,
        "year_uri": year_uri,
        "guides": guides or {},
        "for_owner": options.show_problems,
        "questions_index_uri": QUESTIONS_INDEX,
        "private_marker": PRIVATE_MARKER,
        "cadence_tolerance": cadence_tolerance,
    }
    topics = notes_by_topic(handbook.meetings)
    slugs = topic_slugs([t.topic for t in topics])
    context["topic_uri"] = lambda topic, page=1: topic_uri(slugs[topic], page)
    left_out = _left_out_by_person(handbook, problems) if options.show_problems else {}
    by_person = meetings_by_person(handbook.meetings)
    notes = _note_renders(handbook, env, options, facts, context, slugs, memo)
    # A cold build starts rendering the notes on a second core first, and renders the other pages meanwhile.
    rendering = (
        second_core.note_texts([render for _, render in notes], None if costs is None else cost_problem)
        if cold
        else _in_turn(notes, memo)
    )
    with rendering as note_texts:
        pages = [
            _dashboard(board, env, context, problems if options.show_problems else ()),
            SitePage(PEOPLE_INDEX, render(env, "people.md.j2", PEOPLE_INDEX, **context), True),
            SitePage(TOPICS, render(env, "topics.md.j2", TOPICS, topics=topics, **context), True),
        ]
        for topic in topics:
            pages.extend(_topic_pages(topic, slugs[topic.topic], env, context, memo))
        for person_facts in facts.values():
            pages.append(
                _person_page(person_facts, handbook, env, options, left_out.get(person_facts.person.slug, {}), context)
            )
            guide = (guides or {}).get(person_facts.person.slug)
            if guide is not None:
                pages.append(_prep_page(guide, env, context))
            pages.extend(
                _year_pages(person_facts.person, by_person.get(person_facts.person.slug, []), env, context, memo)
            )
        texts, judged = note_texts()
    if costs is not None:
        costs.update(judged)
    pages.extend(SitePage(note_uri(m), text, False) for m, text in zip(handbook.meetings, texts, strict=True))
    pages.extend(_index_pages(handbook, env, options, context))
    pages.extend(plain_page(page) for page in handbook.pages)
    memo.finish_build()
    return pages


def _note_renders(
    handbook: Handbook,
    env: jinja2.Environment,
    options: Options,
    facts: dict[str, PersonFacts],
    context: dict[str, object],
    slugs: dict[str, str],
    memo: RenderMemo,
) -> list[tuple[Callable[[], tuple[object, ...]], Callable[[], str]]]:
    """Per note, in order: what its page is made of (the memo's key), and how to render it."""
    names = {slug: person.name for slug, person in handbook.people.items()}
    note_template = env.get_template("note.md.j2")  # once: getting it checks the file on disk every time
    note_source = memo.source(env, "note.md.j2")
    questions = handbook_questions(handbook)
    overdue_by_person = {
        slug: frozenset(a.item.key for a in f.open_actions if a.overdue) for slug, f in facts.items()
    }
    found: list[tuple[Callable[[], tuple[object, ...]], Callable[[], str]]] = []
    for meeting in handbook.meetings:
        person = handbook.people[meeting.person]
        overdue = overdue_by_person[meeting.person]

        def render_note(meeting: Meeting = meeting, person: Person = person, overdue: frozenset[str] = overdue) -> str:
            body = label_tokens(
                meeting.body,
                meeting.actions,
                body_line=meeting.source.body_line,
                names=names,
                overdue=overdue,
                escape=md,
                date=short_date,
            )
            tags = [topic_name(topic) for topic in meeting.topics]
            return render(
                env,
                note_template,
                note_uri(meeting),
                meeting=meeting,
                person=person,
                body=body,
                meta=front_matter({"title": note_title(meeting, person), "tags": tags}),
                **context,
            )

        def inputs(meeting: Meeting = meeting, person: Person = person, overdue: frozenset[str] = overdue) -> tuple[
            object, ...
        ]:
            return (
                note_source,
                options.today,
                meeting,
                person,
                overdue.intersection(item.key for item in meeting.actions),
                tuple(names.get(item.owner) for item in meeting.actions),
                tuple(questions.get(question_id) for question_id in meeting.asked),
                tuple(slugs[topic] for topic in meeting.topics),
            )

        found.append((inputs, render_note))
    return found


@contextlib.contextmanager
def _in_turn(
    notes: Sequence[tuple[Callable[[], tuple[object, ...]], Callable[[], str]]], memo: RenderMemo
) -> Iterator[Callable[[], second_core.Texts]]:
    """The note pages' texts in this process, those whose inputs did not change taken from ``memo``."""
    yield lambda: ([memo.page(inputs(), render_note) for inputs, render_note in notes], {})


def handbook_questions(handbook: Handbook) -> dict[str, Question]:
    """Every question by its id."""
    return {q.id: q for q in handbook.questions}


def _prep_page(guide: PrepGuide, env: jinja2.Environment, context: dict[str, object]) -> SitePage:
    uri = prep_uri(guide.person.slug)
    title = f"Prep: {guide.person.name}"
    # Out of search: it repeats its notes' words, and a search should lead to the note itself.
    meta = front_matter({"title": title, "search": {"exclude": True}})
    text = render(env, "prep.md.j2", uri, guide=guide, meta=meta, **context)
    return SitePage(uri, text, False)


def _year_pages(
    person: Person,
    meetings: Sequence[Meeting],
    env: jinja2.Environment,
    context: dict[str, object],
    memo: RenderMemo,
) -> list[SitePage]:
    """A page per year of a long history: no page of a person grows with the whole of it."""
    years = history_years(meetings)
    pages = []
    for year in years:
        uri = year_uri(person.slug, year)
        mine = sorted((m for m in meetings if m.date.year == year), key=lambda m: (m.when, m.source.src_uri),
                      reverse=True)

        def render_year(year: int = year, uri: str = uri, mine: list[Meeting] = mine) -> str:
            # Out of search, like the prep guide: a list of dates, and a search should lead to the note itself.
            meta = front_matter({"title": f"{person.name}: {year}", "search": {"exclude": True}})
            return render(env, "year.md.j2", uri, person=person, year=year, years=years, meetings=mine, meta=meta,
                          **context)

        shown = tuple(
            (m.source.src_uri, m.date, m.status, m.cancelled_by, m.format, m.topics, m.visibility) for m in mine
        )
        inputs = (memo.source(env, "year.md.j2"), context["today"], person.slug, person.name, year, tuple(years), shown)
        pages.append(SitePage(uri, memo.page(inputs, render_year), False))
    return pages


def _index_pages(
    handbook: Handbook, env: jinja2.Environment, options: Options, context: dict[str, object]
) -> list[SitePage]:
    """``/questions/`` and ``/reading/``: every list, unless the handbook has its own index there."""
    wanted = index_uris(handbook)
    found = []
    if QUESTIONS_INDEX in wanted:
        lists = sorted(
            (p for p in handbook.pages if question_list_slug(p.source.src_uri)),
            key=lambda p: ((p.title or p.source.src_uri).casefold(), p.source.src_uri),
        )
        by_list: dict[str, list[Question]] = {p.source.src_uri: [] for p in lists}
        for question in handbook.questions:
            by_list.setdefault(question_list_file(question.list_slug), []).append(question)
        use = question_use(handbook.meetings, options.today)
        text = render(
            env, "questions.md.j2", QUESTIONS_INDEX, lists=lists, by_list=by_list, use=use,
            people_shown=PEOPLE_PER_QUESTION,
            meta=front_matter({"title": "Questions"}), **context,
        )
        found.append(SitePage(QUESTIONS_INDEX, text, True))
    if READING_INDEX in wanted:
        lists = sorted(
            (p for p in handbook.pages if folder_of(p.source.src_uri) == READING),
            key=lambda p: ((p.title or p.source.src_uri).casefold(), p.source.src_uri),
        )
        entries = {
            p.source.src_uri: parse_reading_list(p.body, list_slug=p.source.src_uri, first_line=p.source.body_line)
            for p in lists
        }
        by_tag: dict[str, list[tuple[str, str]]] = {}
        for uri, links in entries.items():
            for entry in links:
                for tag in entry.tags:
                    by_tag.setdefault(tag, []).append((entry.title, uri))
        text = render(
            env, "reading.md.j2", READING_INDEX, lists=lists, entries=entries, by_tag=dict(sorted(by_tag.items())),
            meta=front_matter({"title": "Reading"}), **context,
        )
        found.append(SitePage(READING_INDEX, text, True))
    return found


def _dashboard(
    board: Dashboard, env: jinja2.Environment, context: dict[str, object], problems: Sequence[Problem]
) -> SitePage:
    uri = str(context["dashboard_uri"])
    text = render(env, "dashboard.md.j2", uri, board=board, problems=problems, actions_shown=ACTIONS_ON_DASHBOARD,
                  **context)
    return SitePage(uri, text, True)


def _topic_pages(
    topic: TopicNotes, slug: str, env: jinja2.Environment, context: dict[str, object], memo: RenderMemo
) -> list[SitePage]:
    """A topic's notes, newest first, a page per hundred: no page grows with the whole history."""
    chunks = [
        topic.meetings[start : start + NOTES_PER_TOPIC_PAGE]
        for start in range(0, len(topic.meetings), NOTES_PER_TOPIC_PAGE)
    ]
    people = context["people"]
    assert isinstance(people, dict)
    pages = []
    for number, meetings in enumerate(chunks, start=1):
        uri = topic_uri(slug, number)

        def render_topic(number: int = number, uri: str = uri, meetings: Sequence[Meeting] = meetings) -> str:
            title = topic_name(topic.topic) if number == 1 else f"{topic_name(topic.topic)} ({number})"
            return render(
                env,
                "topic.md.j2",
                uri,
                topic=topic,
                meetings=meetings,
                number=number,
                last_page=len(chunks),
                first_index=(number - 1) * NOTES_PER_TOPIC_PAGE + 1,
                meta=front_matter({"title": f"Topic: {title}"}),
                **context,
            )

        shown = tuple((m.source.src_uri, m.date, m.time, m.status, people[m.person].name) for m in meetings)
        inputs = (
            memo.source(env, "topic.md.j2"), context["today"], topic.topic, slug, number, len(chunks),
            len(topic.meetings), shown,
        )
        pages.append(SitePage(uri, memo.page(inputs, render_topic), False))
    return pages


def _left_out_by_person(
    handbook: Handbook, problems: Sequence[Problem]
) -> dict[str, dict[str, list[Problem]]]:
    """Left-out notes whose file name names a person, by that person's slug: each file's problems."""
    found: dict[str, dict[str, list[Problem]]] = {}
    for src_uri in sorted(handbook.left_out):
        if not is_note(src_uri):
            continue
        slug = person_named_by(src_uri, handbook.people)
        if slug is None:
            continue
        # Problems name the file as the user knows it: the content folder's path, then src_uri.
        mine = [p for p in problems if p.path == src_uri or p.path.endswith("/" + src_uri)]
        if mine:
            found.setdefault(slug, {})[mine[0].path] = mine
    return found


def person_named_by(src_uri: str, slugs: Collection[str]) -> str | None:
    """The person a note's file name names (``2026-11-20-alex-kim.md``: ``alex-kim``), the longest slug if several."""
    stem = posixpath.splitext(posixpath.basename(src_uri))[0].lower()
    named = [
        slug
        for slug in slugs
        if stem == slug or stem.endswith("-" + slug) or stem.startswith(slug + "-") or f"-{slug}-" in stem
    ]
    return max(named, key=len) if named else None


def _person_page(
    facts: PersonFacts,
    handbook: Handbook,
    env: jinja2.Environment,
    options: Options,
    left_out: dict[str, list[Problem]],
    context: dict[str, object],
) -> SitePage:
    uri = person_uri(facts.person.slug)
    name = facts.person.name
    talked_about = [t.topic for t in facts.topics] + list(options.long_term_topics)
    text = render(
        env,
        "person.md.j2",
        uri,
        person=facts.person,
        f=facts,
        chart=charts.meetings_by_month(facts.meetings, options.today, f"Meetings with {name} by month and status"),
        mood_chart=charts.mood_line(facts.moods, f"{name}'s mood over time, 1 to 5"),
        guidance=guidance_for(handbook.pages, talked_about, relationship=facts.person.relationship),
        guide=context["guides"].get(facts.person.slug) if isinstance(context["guides"], dict) else None,
        asked=questions_asked(facts.meetings, handbook),
        question_dates_shown=QUESTION_DATES_SHOWN,
        shown_meetings=facts.meetings[:MEETINGS_ON_PERSON_PAGE],
        years=history_years([*facts.meetings, *facts.upcoming]),
        left_out=left_out,
        meta=front_matter({"title": name}),
        **context,
    )
    return SitePage(uri, text, True)


def plain_page(page: Page) -> SitePage:
    """An ordinary page, its front-matter as our parser read it (never the builder's guess)."""
    body = page.body
    if folder_of(page.source.src_uri) == QUESTIONS:
        body = anchor_questions(body)
    elif folder_of(page.source.src_uri) == READING:
        body = chip_tags(body)
    return SitePage(page.source.src_uri, front_matter(page.meta) + body, True, own=True)
