"""The ``handbook`` command line."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .audience import Audience, parse_audience
from .errors import HandbookError
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
from .render import make_environment
from .site import derive, filter_for, read_content, render_pages, within_render_budget
from .starter import EXAMPLE_PERSON, init_handbook

F = TypeVar("F", bound=Callable[..., Any])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
def check(config_file: Path | None, content_dir: Path | None) -> None:
    """Check the handbook as a build would and report each problem a build reports.

    Reads the content folder, filters it for the configured audience and
    renders every page, without writing a site. Exits with status 1 when
    there is any problem (as `mkdocs build --strict` fails). Example:

        handbook check -f mkdocs.yml
    """
    settings, warnings = load_site_settings(config_file, content_dir)
    loaded = read_content(settings.content_dir, display_prefix=settings.display_prefix)
    filtered = filter_for(loaded, settings.audience)
    options = Options(settings.today, settings.long_term_topics, show_problems=settings.audience.is_owner)
    # Rendering finds what only rendering can (a template error in your own templates).
    pages = render_pages(filtered, derive(filtered, options), make_environment(settings.templates_dir))
    _pages, too_costly = within_render_budget(pages, settings.display_prefix)
    problems = [*warnings, *(str(problem) for problem in (*filtered.problems, *too_costly))]
    if filtered.audience_error is not None:
        problems.append(filtered.audience_error)
    for problem in problems:
        click.echo(problem, err=True)
    handbook = loaded.handbook
    click.echo(
        f"{len(handbook.people)} people, {len(handbook.meetings)} notes, "
        f"{len(handbook.pages)} other pages; {len(problems)} problem(s)."
    )
    if problems:
        raise SystemExit(1)


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
