"""From content folder to site pages, in four stages that can each be called alone.

1. :func:`read_content`: the content folder as read, with every problem (:class:`Loaded`).
2. :func:`filter_for`: what one audience may see, and which files get no page (:class:`Filtered`).
3. :func:`derive`: facts per person and the dashboard (:class:`Derived`).
4. :func:`render_pages`: every page of the site as Markdown (:class:`~generator.pages.SitePage`).

:func:`build_site` is their composition. Both adapters (the MkDocs plugin, the
CLI) go through these stages, so ``handbook check`` sees what a build sees.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .audience import Audience, for_audience
from .errors import Problem, display_path
from .facts import DEFAULT_LONG_TERM_TOPICS, Dashboard, PersonFacts, dashboard, everyone
from .finished import content_links
from .layout import PEOPLE, person_file
from .load import ReadCache, content_files, load_handbook, odd_entries, under_links
from .model import Handbook
from .pages import Options, RenderMemo, SitePage, cost_problem, generated_uris, site_pages, split_front_matter
from .parse import closest
from .prep import PrepGuide, prep_guide
from .published import address
from .render import make_environment, render

RENDER_BUDGET_NOTICE = (
    "!!! warning \"This page is not shown\"\n"
    "    Its Markdown would take minutes to render (see the build's warnings); "
    "shorten it or put the long part in a code block.\n"
)


@dataclass(frozen=True)
class Loaded:
    """The content folder as read, before any audience: stage 1."""

    content_dir: Path
    """The folder that was read."""
    display_prefix: str
    """How the user knows that folder in messages, e.g. ``content``."""
    src_uris: tuple[str, ...]
    """Markdown files read, relative to the folder, sorted."""
    handbook: Handbook
    """Everything that could be read; the owner's view."""
    problems: tuple[Problem, ...]
    """Entries never read or copied (folder links, pipes, ...), then every problem in the files."""
    unsafe: frozenset[str]
    """Entries (src_uris) neither read nor copied, with everything under them."""


@dataclass(frozen=True)
class Filtered:
    """What one audience may see, and what gets no page: stage 2."""

    loaded: Loaded
    """The stage it was filtered from."""
    audience: Audience
    """Whom the build is for."""
    handbook: Handbook
    """As the audience may see it, without pages of the user's own that clash with generated ones."""
    audience_error: str | None
    """Why this audience makes no sense (a person who does not exist or is private); the build stops."""
    withheld: frozenset[str]
    """Markdown files of the content folder (src_uris) that this build holds no page for."""
    problems: tuple[Problem, ...]
    """The content's problems, then pages left out because a generated page is served at their address."""
    problem_pages: frozenset[str]
    """Unreadable files that get a page showing their problems instead (owner builds under serve)."""
    linked: frozenset[str] = frozenset()
    """Files that are links to others inside the content folder: neither read nor copied by non-owner builds."""


@dataclass(frozen=True)
class Derived:
    """Facts derived from a filtered handbook: stage 3."""

    options: Options
    """The date and settings they were derived with."""
    facts: dict[str, PersonFacts]
    """Per person, by slug, in name order."""
    dashboard: Dashboard
    """The weekly view."""
    guides: dict[str, PrepGuide] = dataclasses.field(default_factory=dict)
    """Prep guides for the next meeting, by slug, for every active person."""


@dataclass(frozen=True)
class Site:
    """What a build produces, before any builder sees it."""

    handbook: Handbook
    """As the audience may see it."""
    pages: list[SitePage]
    """Every page, as Markdown."""
    problems: list[Problem]
    """Every problem, in the order a build reports them."""
    stylesheet: str
    """The handbook's CSS, served at ``pages.STYLESHEET``."""
    audience_error: str | None = None
    """Why this build's audience makes no sense (a person who does not exist or is private); the build stops."""
    withheld: frozenset[str] = frozenset()
    """Markdown files of the content folder that this build holds no page for."""
    unsafe: frozenset[str] = frozenset()
    """Entries of the content folder neither read nor copied (folder links, links out, pipes)."""
    script: str = ""
    """The handbook's script that recounts day counts in the browser, served at ``pages.SCRIPT``."""


def read_content(
    content_dir: Path,
    src_uris: Iterable[str] | None = None,
    *,
    display_prefix: str = "content",
    cache: ReadCache | None = None,
) -> Loaded:
    """Stage 1: read the Markdown files ``src_uris`` (default: every ``.md`` file) of ``content_dir``.

    Files under an unsafe entry (a folder link, a link out of the folder) are
    never read, even when named in ``src_uris``.
    """
    unsafe, odd = odd_entries(content_dir, display_prefix=display_prefix)
    wanted = content_files(content_dir) if src_uris is None else src_uris
    uris = tuple(sorted(uri for uri in wanted if not under_links(uri, unsafe)))
    handbook, problems = load_handbook(content_dir, uris, display_prefix=display_prefix, cache=cache)
    if cache is not None:
        folder = os.fspath(content_dir)
        cache.forget_missing(os.path.join(folder, uri) for uri in uris)
    return Loaded(content_dir, display_prefix, uris, handbook, (*odd, *problems), frozenset(unsafe))


def filter_for(loaded: Loaded, audience: Audience, *, problem_pages: bool = False) -> Filtered:
    """Stage 2: the handbook as ``audience`` may see it, and the files that get no page.

    With ``problem_pages`` (``mkdocs serve``), an owner build shows each
    unreadable file's problems at its address instead of leaving it out.
    """
    linked: frozenset[str] = frozenset()
    link_problems: list[Problem] = []
    if not audience.is_owner:
        # Privacy follows the real file: a guidance page linked to a private note is that note.
        found, link_problems = content_links(loaded.content_dir, display_prefix=loaded.display_prefix)
        linked = frozenset(found)
    everything = _without_files(loaded.handbook, linked)
    audience_error = _check_person_audience(everything, audience, loaded.display_prefix)
    handbook = for_audience(everything, audience)
    handbook, clashes = _without_clashes(handbook, loaded.display_prefix)
    shown_broken = frozenset(everything.left_out) if problem_pages and audience.is_owner else frozenset()
    published = {*generated_uris(handbook), *(page.source.src_uri for page in handbook.pages), *shown_broken}
    withheld = frozenset(uri for uri in loaded.src_uris if uri not in published)
    problems = (*loaded.problems, *link_problems, *clashes)
    return Filtered(loaded, audience, handbook, audience_error, withheld, problems, shown_broken, linked)


def _without_files(handbook: Handbook, src_uris: frozenset[str]) -> Handbook:
    """``handbook`` as if the files ``src_uris`` did not exist (a person's notes go with them)."""
    if not src_uris:
        return handbook
    people = {slug: person for slug, person in handbook.people.items() if person.source.src_uri not in src_uris}
    return dataclasses.replace(
        handbook,
        people=people,
        meetings=tuple(m for m in handbook.meetings if m.source.src_uri not in src_uris and m.person in people),
        pages=tuple(p for p in handbook.pages if p.source.src_uri not in src_uris),
    )


def derive(filtered: Filtered, options: Options) -> Derived:
    """Stage 3: facts per person and the dashboard, from what the audience may see."""
    handbook = filtered.handbook
    facts = everyone(handbook, options.today, options.long_term_topics)
    guides = {
        slug: prep_guide(
            f, handbook, options.today,
            audience_is_owner=filtered.audience.is_owner, audience_is_them=filtered.audience.slug == slug,
            long_term_topics=options.long_term_topics,
        )
        for slug, f in facts.items()
        if f.person.active
    }
    return Derived(options, facts, dashboard(handbook, facts, options.today), guides)


def render_pages(
    filtered: Filtered,
    derived: Derived,
    env: jinja2.Environment,
    memo: RenderMemo | None = None,
    costs: dict[str, str | None] | None = None,
) -> list[SitePage]:
    """Stage 4: every page of the site as Markdown, problem pages (if any) last.

    With ``memo`` (kept between builds), unchanged note pages are not rendered again. ``costs`` gets the
    verdicts on pages judged while rendering (see :func:`within_render_budget`).
    """
    options = derived.options
    problems = filtered.problems if options.show_problems else ()
    pages = site_pages(
        filtered.handbook, env, options, problems, derived.facts, derived.dashboard, derived.guides, memo=memo,
        costs=costs,
    )
    prefix = filtered.loaded.display_prefix
    for src_uri in sorted(filtered.problem_pages):
        # Under `mkdocs serve`, a half-saved note shows what is wrong where the note was.
        display = display_path(prefix, src_uri)
        mine = [p for p in filtered.problems if p.path == display]
        pages.append(SitePage(src_uri, render(env, "problem.md.j2", src_uri, problems=mine, path=display), False))
    return pages


def within_render_budget(
    pages: list[SitePage], display_prefix: str, checked: dict[str, str | None] | None = None
) -> tuple[list[SitePage], list[Problem]]:
    """The pages, each one too costly to render (see :mod:`generator.render_budget`) shown as a notice instead.

    ``checked`` holds verdicts on pages' Markdown already judged (by the build before, or while rendering);
    it is updated.
    """
    kept: list[SitePage] = []
    problems: list[Problem] = []
    before = dict(checked) if checked is not None else {}
    if checked is not None:
        checked.clear()
    for page in pages:
        why = before[page.markdown] if page.markdown in before else cost_problem(page.markdown)
        if checked is not None:
            checked[page.markdown] = why
        if why is None:
            kept.append(page)
            continue
        kept.append(dataclasses.replace(page, markdown=split_front_matter(page.markdown)[0] + RENDER_BUDGET_NOTICE))
        problems.append(Problem(
            display_path(display_prefix, page.src_uri), None, None, f"{why}; its page shows only a notice",
            hint="split it into shorter paragraphs, or put it in a fenced code block",
        ))
    return kept, problems


@contextlib.contextmanager
def fewer_cycle_collections() -> Iterator[None]:
    """Python's cycle collector run a hundred times less often while the core builds.

    A build makes hundreds of thousands of objects that live until it ends and
    hold no cycles; with the usual thresholds the collector walks all of them
    again and again, a third of the core's time at 10,000 notes.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0] * 100, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def build_site(
    content_dir: Path,
    src_uris: Iterable[str] | None,
    *,
    audience: Audience,
    today: dt.date,
    long_term_topics: Sequence[str] = DEFAULT_LONG_TERM_TOPICS,
    env: jinja2.Environment | None = None,
    display_prefix: str = "content",
    cache: ReadCache | None = None,
    show_errors_as_pages: bool = False,
    memo: RenderMemo | None = None,
) -> Site:
    """Every page of the site for ``audience``, and every problem in the content: the four stages in a row.

    ``cache`` and ``memo``, kept from one build to the next, spare reading unchanged files and rendering
    unchanged note pages again.
    """
    env = env or make_environment(None)
    with fewer_cycle_collections():
        loaded = read_content(content_dir, src_uris, display_prefix=display_prefix, cache=cache)
        filtered = filter_for(loaded, audience, problem_pages=show_errors_as_pages)
        options = Options(today=today, long_term_topics=tuple(long_term_topics), show_problems=audience.is_owner)
        costs = {} if memo is None else memo.costs
        pages, too_costly = within_render_budget(
            render_pages(filtered, derive(filtered, options), env, memo, costs), display_prefix, costs
        )
    stylesheet = env.loader.get_source(env, "handbook.css")[0] if env.loader else ""
    script = env.loader.get_source(env, "handbook.js")[0] if env.loader else ""
    return Site(
        filtered.handbook,
        pages,
        [*filtered.problems, *too_costly],
        stylesheet,
        filtered.audience_error,
        filtered.withheld,
        loaded.unsafe | filtered.linked,
        script=script,
    )


def _check_person_audience(everything: Handbook, audience: Audience, display_prefix: str) -> str | None:
    """Why a ``person:`` build is a mistake in the command, not a site: its person is missing or private."""
    if audience.kind != "person":
        return None
    slug = str(audience.slug)
    person = everything.people.get(slug)
    if person is None:
        where = person_file(slug)
        if where in everything.left_out:
            shown = display_path(display_prefix, where)
            return f"audience: {audience}: {shown} cannot be read (see its problems above)"
        guess = closest(slug, everything.people)
        hint = f'did you mean "person:{guess}"?' if guess else f"add {person_file('<slug>')} first"
        return f'audience: {audience}: no person "{slug}" in {PEOPLE}/ ({hint})'
    if person.visibility == "private":
        return (
            f"audience: {audience}: {person.name} is private, so a build for them would hold none of their pages "
            f"(set visibility: shared in {person_file(slug)} to build their agenda)"
        )
    return None


def _without_clashes(handbook: Handbook, display_prefix: str) -> tuple[Handbook, list[Problem]]:
    """``handbook`` without any page of the user's own that would be served where a generated page is."""
    generated = {address(uri): uri for uri in generated_uris(handbook)}
    kept = []
    problems: list[Problem] = []
    for page in handbook.pages:
        src_uri = page.source.src_uri
        taken = generated.get(address(src_uri))
        if taken is None:
            kept.append(page)
            continue
        problems.append(Problem(
            display_path(display_prefix, src_uri), None, None,
            f"would be served at /{address(src_uri)}/, where the generated page {taken} is; left out",
            hint="rename or move this page",
        ))
    if not problems:
        return handbook, problems
    return dataclasses.replace(handbook, pages=tuple(kept)), problems
