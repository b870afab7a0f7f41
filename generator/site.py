"""One call from content folder to site pages: load, filter, derive, render.

Both adapters (the MkDocs plugin, the CLI) go through :func:`build_site`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .audience import Audience, for_audience
from .errors import Problem, display_path
from .facts import DEFAULT_LONG_TERM_TOPICS
from .load import ReadCache, load_handbook
from .model import Handbook
from .pages import Options, SitePage, site_pages
from .parse import closest
from .published import address
from .render import make_environment, render


@dataclass(frozen=True)
class Site:
    """What a build produces, before any builder sees it."""

    handbook: Handbook
    """As the audience may see it."""
    pages: list[SitePage]
    problems: list[Problem]
    stylesheet: str
    audience_error: str | None = None
    """Why this build's audience makes no sense (a person who does not exist or is private); the build stops."""


def _check_person_audience(everything: Handbook, audience: Audience, display_prefix: str) -> str | None:
    """Why a ``person:`` build is a mistake in the command, not a site: its person is missing or private."""
    slug = str(audience.slug)
    person = everything.people.get(slug)
    if person is None:
        where = f"people/{slug}.md"
        if where in everything.left_out:
            shown = display_path(display_prefix, where)
            return f"audience: {audience}: {shown} cannot be read (see its problems above)"
        guess = closest(slug, everything.people)
        hint = f'did you mean "person:{guess}"?' if guess else "add people/<slug>.md first"
        return f'audience: {audience}: no person "{slug}" in people/ ({hint})'
    if person.visibility == "private":
        return (
            f"audience: {audience}: {person.name} is private, so a build for them would hold none of their pages "
            f"(set visibility: shared in people/{slug}.md to build their agenda)"
        )
    return None


def _without_clashes(pages: list[SitePage], display_prefix: str) -> tuple[list[SitePage], list[Problem]]:
    """The pages without any of the user's own that would be served where a generated page is."""
    generated = {address(page.src_uri): page.src_uri for page in pages if not page.own}
    kept: list[SitePage] = []
    problems: list[Problem] = []
    for page in pages:
        taken = generated.get(address(page.src_uri)) if page.own else None
        if taken is None:
            kept.append(page)
            continue
        problems.append(Problem(
            display_path(display_prefix, page.src_uri), None, None,
            f"would be served at /{address(page.src_uri)}/, where the generated page {taken} is; left out",
            hint="rename or move this page",
        ))
    return kept, problems


def build_site(
    content_dir: Path,
    src_uris: Iterable[str],
    *,
    audience: Audience,
    today: dt.date,
    long_term_topics: Sequence[str] = DEFAULT_LONG_TERM_TOPICS,
    env: jinja2.Environment | None = None,
    display_prefix: str = "content",
    cache: ReadCache | None = None,
    show_errors_as_pages: bool = False,
) -> Site:
    """Every page of the site for ``audience``, and every problem in the content."""
    env = env or make_environment(None)
    src_uris = list(src_uris)
    everything, problems = load_handbook(
        content_dir,
        src_uris,
        display_prefix=display_prefix,
        cache=cache,
    )
    if cache is not None:
        cache.forget_missing(content_dir / uri for uri in src_uris)
    audience_error = _check_person_audience(everything, audience, display_prefix) if audience.kind == "person" else None
    handbook = for_audience(everything, audience)
    options = Options(
        today=today,
        long_term_topics=tuple(long_term_topics),
        show_problems=audience.is_owner,
    )
    pages = site_pages(handbook, env, options, problems)
    pages, clashes = _without_clashes(pages, display_prefix)
    problems = problems + clashes
    if show_errors_as_pages and audience.is_owner:
        # Under `mkdocs serve`, a half-saved note shows what is wrong where the note was.
        for src_uri in sorted(handbook.left_out):
            display = display_path(display_prefix, src_uri)
            mine = [p for p in problems if p.path == display]
            pages.append(SitePage(src_uri, render(env, "problem.md.j2", src_uri, problems=mine, path=display), False))
    stylesheet = env.loader.get_source(env, "handbook.css")[0] if env.loader else ""
    return Site(handbook, pages, problems, stylesheet, audience_error)
