"""The ``handbook`` command line."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .audience import Audience, parse_audience
from .errors import HandbookError, Problem, display_path
from .export import site_files, write_folder
from .facts import PersonFacts, person_facts
from .layout import PEOPLE, person_file
from .load import ReadCache, content_files
from .model import FORMATS, Handbook, Person
from .new_note import Prompt, free_note, note_text, write_new_note
from .options import (
    DEFAULT_CONFIG_FILE,
    Settings,
    default_settings,
    read_config,
    resolve_today,
    settings_in,
    site_warnings,
    with_content_dir,
)
from .pages import Options
from .parse import Document, closest
from .prep import QUESTIONS_SHOWN, PrepGuide, prep_guide
from .reminders import future_notes_recorded_as_held, overdue_people, past_due_items
from .render import make_environment
from .site import Loaded, derive, filter_for, read_content, render_pages, within_render_budget
from .starter import EXAMPLE_PERSON, init_handbook
from .terminal import WIDTH, prep_text

NEW_NOTE_QUESTIONS = 3
"""Suggested questions a new note carries."""

F = TypeVar("F", bound=Callable[..., Any])


class _Commands(click.Group):
    """The group: a file system error in any command ends it with one clear line, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            where = exc.filename if exc.filename is not None else "handbook"
            raise click.ClickException(f"{where}: {exc.strerror or exc}") from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="handbook")
def main() -> None:
    """Handbook: your one-on-one notes as a private, searchable site.

    Serve it on your own machine with `mkdocs serve`; these commands help
    you write and check the notes behind it.
    """


def site_options(command: F) -> F:
    """``-f/--config-file`` and ``--content``, as every command that reads the handbook takes them."""
    command = click.option(
        "--content",
        "content_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="The handbook's content folder. [default: docs_dir of mkdocs.yml, else content]",
    )(command)
    return click.option(
        "-f",
        "--config-file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help=f"The site's settings, as for mkdocs. [default: {DEFAULT_CONFIG_FILE}, when there is one]",
    )(command)


def load_site_settings(config_file: Path | None, content_dir: Path | None) -> tuple[Settings, list[str]]:
    """The settings a command builds with, and what the site's settings keep from working.

    Read from ``config_file`` (default ``mkdocs.yml``, when there is one)
    as the plugin reads them; ``content_dir`` overrides its ``docs_dir`` and is
    then named in messages as typed.
    """
    path = config_file if config_file is not None else Path(DEFAULT_CONFIG_FILE)
    if config_file is None and not path.is_file():
        settings, warnings = default_settings(content_dir or Path("content")), []
    else:
        config = read_config(path)
        settings, warnings = settings_in(config, path), site_warnings(config)
    if content_dir is not None:
        settings = with_content_dir(settings, content_dir)
    if not settings.content_dir.is_dir():
        raise click.ClickException(f"{content_dir or settings.display_prefix}: no such folder; pass --content")
    return settings, warnings


@main.command()
@site_options
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for scripts (shape in the README).",
)
def check(config_file: Path | None, content_dir: Path | None, output: str) -> None:
    """Check the handbook as a build would, and remind you of what is due.

    Reads the content folder, filters it for the configured audience and
    renders every page, without writing a site. Reports each problem a build
    reports, then reminders: people overdue for a one-on-one, action items
    past due, and notes dated after today that record a held meeting (a date
    typo hides that you met). Exits with status 1 when there is any problem
    (as `mkdocs build --strict` fails); reminders alone do not. Example:

        handbook check -f mkdocs.yml --format json
    """
    settings, warnings = load_site_settings(config_file, content_dir)
    loaded = read_with_progress(settings)
    filtered = filter_for(loaded, settings.audience)
    options = Options(settings.today, settings.long_term_topics, show_problems=settings.audience.is_owner)
    derived = derive(filtered, options)
    # Rendering finds what only rendering can (a template error in your own templates).
    pages = render_pages(filtered, derived, make_environment(settings.templates_dir))
    _pages, too_costly = within_render_budget(pages, settings.display_prefix)
    problems: list[Problem | str] = [*warnings, *filtered.problems, *too_costly]
    if filtered.audience_error is not None:
        problems.append(filtered.audience_error)
    reminders = [
        *overdue_people(derived.facts, settings.today),
        *past_due_items(derived.facts, settings.today),
        *future_notes_recorded_as_held(filtered.handbook.meetings, settings.content_dir, settings.today),
    ]
    handbook = loaded.handbook
    counts = {
        "people": len(handbook.people),
        "notes": len(handbook.meetings),
        "other_pages": len(handbook.pages),
        "problems": len(problems),
        "reminders": len(reminders),
    }
    if output == "json":
        click.echo(json.dumps({
            "version": 1,
            "counts": counts,
            "problems": [_as_json(problem) for problem in problems],
            "reminders": [{"kind": r.kind, **_as_json(r.where)} for r in reminders],
        }, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            click.echo(str(problem), err=True)
        for reminder in reminders:
            click.echo(click.style(str(reminder), fg="yellow"), err=True)
        click.echo(
            f"{counts['people']} people, {counts['notes']} notes, "
            f"{counts['other_pages']} other pages; {len(problems)} problem(s), {len(reminders)} reminder(s)."
        )
    if problems:
        raise SystemExit(1)


def _as_json(problem: Problem | str) -> dict[str, object]:
    """A problem as the JSON output gives it: located when it is about a file, else its text alone."""
    if isinstance(problem, str):
        return {"path": None, "line": None, "field": None, "message": problem, "hint": None, "text": problem}
    return {
        "path": problem.path,
        "line": problem.line,
        "field": problem.field,
        "message": problem.message,
        "hint": problem.hint,
        "text": str(problem),
    }


@main.command()
@click.argument("folder", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Start a new handbook in FOLDER, which must be new or empty.

    Writes a mkdocs.yml, the starter guidance, question lists and reading,
    and one example person with a note, so `mkdocs serve` works at once.
    Never overwrites: a folder that holds anything is refused. Example:

        handbook init my-handbook && cd my-handbook && mkdocs serve
    """
    written = init_handbook(folder, resolve_today(None))
    click.echo(f"Started a handbook in {folder}: {len(written)} files.")
    click.echo(f"  content/people/{EXAMPLE_PERSON}.md is an example: rename it for someone you meet, or delete it.")
    click.echo(f"  Next: cd {click.format_filename(folder)} && mkdocs serve")


def _audience(ctx: click.Context, param: click.Parameter, value: str) -> Audience:
    try:
        return parse_audience(value)
    except HandbookError as exc:
        raise click.BadParameter(exc.message) from None


def terminal_progress(label: str) -> Callable[[int, int], None] | None:
    """A progress bar on stderr when it is a terminal; None (silence) when it is not."""
    if not sys.stderr.isatty():
        return None
    bar: list[object] = []

    def update(done: int, total: int) -> None:
        if not bar:
            bar.append(click.progressbar(length=total, label=label, file=sys.stderr))
            bar[0].__enter__()  # type: ignore[attr-defined]
        progress = bar[0]
        progress.update(done - progress.pos)  # type: ignore[attr-defined]
        if done >= total:
            progress.__exit__(None, None, None)  # type: ignore[attr-defined]

    return update


@main.command()
@click.option(
    "--audience",
    required=True,
    callback=_audience,
    help="Who the site is for: owner, team or person:<slug>.",
)
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="The folder to build into; it must be new or empty. Default: site-<slug>, site-team or site-owner "
    "beside mkdocs.yml.",
)
@click.option(
    "--zip",
    "make_zip",
    is_flag=True,
    help="Also pack the site into <folder>.zip; it works opened from disk, search included.",
)
@click.option("--strict", is_flag=True, help="Stop on any warning, as `mkdocs build --strict` does.")
@click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The handbook's MkDocs configuration.",
)
def build(audience: Audience, site_dir: Path | None, make_zip: bool, strict: bool, config_file: Path) -> None:
    """Build the site for one audience into a folder of its own, always from an empty one.

    With --zip the site also works offline, opened from the unzipped folder
    (search included): ready to send to one person. Example:

        handbook build --audience person:alex-kim --zip
    """
    from .build import build_for_audience, default_site_folder, show_mkdocs_warnings

    folder = site_dir if site_dir is not None else default_site_folder(config_file, audience)
    zip_file = folder.with_name(folder.name + ".zip") if make_zip else None
    show_mkdocs_warnings()
    built = build_for_audience(
        config_file,
        audience,
        folder,
        offline=make_zip,
        zip_file=zip_file,
        strict=strict,
        progress=terminal_progress("Rendering pages"),
    )
    click.echo(f"Built the {audience} site: {built.pages} pages in {click.format_filename(built.folder)}")
    if built.zip_file is not None:
        click.echo(f"Packed it to send: {click.format_filename(built.zip_file)} (open index.html after unzipping)")


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date like 2026-11-24; got {value!r}") from None


def _person(handbook: Handbook, slug: str, settings: Settings) -> Person:
    """The person ``slug``, or an error naming the closest slug."""
    person = handbook.people.get(slug)
    if person is not None:
        return person
    people = f"{settings.display_prefix}/{PEOPLE}/"
    if person_file(slug) in handbook.left_out:
        shown = display_path(settings.display_prefix, person_file(slug))
        raise click.ClickException(f"{shown}: cannot be read; `handbook check` shows why")
    guess = closest(slug, handbook.people)
    hint = f'did you mean "{guess}"?' if guess else f"add {people}{slug}.md first"
    raise click.ClickException(f'no person "{slug}" in {people} ({hint})')


def _prep_for(
    handbook: Handbook, person: Person, settings: Settings, questions: int = QUESTIONS_SHOWN
) -> tuple[PersonFacts, PrepGuide]:
    """The owner's facts and prep guide for ``person``, as of the settings' today."""
    meetings = [m for m in handbook.meetings if m.person == person.slug]
    facts = person_facts(person, meetings, settings.today, settings.long_term_topics)
    guide = prep_guide(
        facts, handbook, settings.today, long_term_topics=settings.long_term_topics, question_count=questions
    )
    return facts, guide


@main.command()
@click.argument("person")
@click.option(
    "--width",
    type=click.IntRange(40, 200),
    default=None,
    help=f"Columns to wrap to. [default: {WIDTH}, or the terminal's width when narrower]",
)
@site_options
def prep(person: str, width: int | None, config_file: Path | None, content_dir: Path | None) -> None:
    """Show the prep guide for your next one-on-one with PERSON.

    Last time's recap, open action items (yours and theirs), topics waiting
    to come up, questions to ask with their ids, and what the notes suggest.
    Wrapped to 80 columns; in colour on a terminal only. Example:

        handbook prep alex-kim
    """
    settings, _ = load_site_settings(config_file, content_dir)
    handbook = read_with_progress(settings).handbook
    _, guide = _prep_for(handbook, _person(handbook, person, settings), settings)
    columns = width or min(WIDTH, shutil.get_terminal_size((WIDTH, 24)).columns)
    click.echo(prep_text(guide, columns), nl=False)


@main.command()
@click.argument("person")
@click.option("--date", "when", callback=_date, help="The meeting's date, YYYY-MM-DD. [default: today]")
@click.option(
    "--format", "meeting_format", type=click.Choice(FORMATS), help="How it was held. [default: as last time]"
)
@site_options
def new(
    person: str, when: dt.date | None, meeting_format: str | None, config_file: Path | None, content_dir: Path | None
) -> None:
    """Start the note for a one-on-one with PERSON and print its path.

    The note comes pre-filled: front-matter, the open action items carried
    over as a checklist, and (in a section only you read) the topics waiting
    to come up and three questions to ask, with their ids. It never writes
    over a file: a second note the same day gets its own name and time.
    Example:

        handbook new alex-kim --format walking
    """
    settings, _ = load_site_settings(config_file, content_dir)
    loaded = read_content(settings.content_dir, display_prefix=settings.display_prefix)
    handbook = loaded.handbook
    found = _person(handbook, person, settings)
    when = when or settings.today
    facts, guide = _prep_for(handbook, found, settings, NEW_NOTE_QUESTIONS)
    waiting = [
        Prompt(f"{topic.text} (waiting since {topic.meeting.date.isoformat()}; add {topic.topics[0]} to topics: "
               "once you talk about it)")
        for topic in guide.waiting
    ]
    questions = [Prompt(s.question.text, s.question.id) for s in guide.questions[:NEW_NOTE_QUESTIONS]]
    src_uri, at = free_note(handbook, settings.content_dir, person, when, None)
    text = note_text(
        found, facts, when, at, settings.today,
        meeting_format=meeting_format, waiting_topics=waiting, questions=questions,
    )
    write_new_note(settings.content_dir, src_uri, text)
    click.echo(display_path(settings.display_prefix, src_uri))


class _CountingCache(ReadCache):
    """A read cache that reports each file read, for a progress bar."""

    def __init__(self, progress: Callable[[int, int], None], total: int) -> None:
        super().__init__()
        self.progress = progress
        self.total = total

    def read(self, path: str, display: str, root: Path) -> Document:
        document = super().read(path, display, root)
        self.progress(min(self.reads, self.total), self.total)
        return document


def read_with_progress(settings: Settings) -> Loaded:
    """Stage 1 for a command: a progress bar over the files read when stderr is a terminal."""
    progress = terminal_progress("Reading notes")
    cache = None
    if progress is not None:
        cache = _CountingCache(progress, max(1, len(content_files(settings.content_dir))))
    return read_content(settings.content_dir, display_prefix=settings.display_prefix, cache=cache)


def _named_files(config_file: Path | None, settings: Settings) -> set[str]:
    """Files of the content folder that mkdocs.yml names (stylesheets, scripts, logo, favicon)."""
    path = config_file if config_file is not None else Path(DEFAULT_CONFIG_FILE)
    if not path.is_file():
        return set()
    config = read_config(path)
    theme = config.get("theme")
    theme = theme if isinstance(theme, dict) else {}
    named = [*(config.get("extra_css") or []), *(config.get("extra_javascript") or [])]
    named += [theme.get(key) for key in ("logo", "favicon") if theme.get(key)]
    return {str(item) for item in named if isinstance(item, str)}


@main.command()
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--audience",
    callback=lambda ctx, param, value: None if value is None else _audience(ctx, param, value),
    help="Who the pages are for: owner, team or person:<slug>. [default: as in mkdocs.yml]",
)
@site_options
def write(outdir: Path, audience: Audience | None, config_file: Path | None, content_dir: Path | None) -> None:
    """Write the site's pages as Markdown into OUTDIR, for builders that run no MkDocs plugin.

    Point such a builder's docs_dir at OUTDIR (README: "Other builders").
    Only changed files are written; files written before and no longer
    produced are removed. A file it did not write, or one edited since, is
    never touched. A folder for anyone but the owner holds what a build for
    them holds, and nothing more. Example:

        handbook write build/team-pages --audience team
    """
    settings, warnings = load_site_settings(config_file, content_dir)
    audience = audience or settings.audience
    loaded = read_with_progress(settings)
    filtered = filter_for(loaded, audience)
    for problem in [*warnings, *filtered.problems]:
        click.echo(f"WARNING -  {problem}", err=True)
    if filtered.audience_error is not None:
        raise click.ClickException(filtered.audience_error)
    options = Options(settings.today, settings.long_term_topics, show_problems=audience.is_owner)
    env = make_environment(settings.templates_dir)
    rendered = render_pages(filtered, derive(filtered, options), env)
    pages, too_costly = within_render_budget(rendered, settings.display_prefix)
    for problem in too_costly:
        click.echo(f"WARNING -  {problem}", err=True)
    stylesheet = env.loader.get_source(env, "handbook.css")[0] if env.loader else ""
    files = site_files(filtered, pages, stylesheet, _named_files(config_file, settings))
    report = write_folder(outdir, files, settings.content_dir)
    for path in report.kept:
        click.echo(f"WARNING -  {outdir / path}: edited since handbook write wrote it; left as it is", err=True)
    click.echo(
        f"Wrote the {audience} pages to {click.format_filename(outdir)}: {len(report.written)} written, "
        f"{report.unchanged} unchanged, {len(report.removed)} removed."
    )
