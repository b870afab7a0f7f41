"""The ``handbook`` command line."""

from __future__ import annotations

from pathlib import Path

import click

from . import __version__
from .load import content_files, load_handbook, odd_entries
from .options import resolve_today
from .starter import EXAMPLE_PERSON, init_handbook


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="handbook")
def main() -> None:
    """Handbook: your one-on-one notes as a private, searchable site.

    Serve it on your own machine with `mkdocs serve`; these commands help
    you write and check the notes behind it.
    """


@main.command()
@click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="The handbook's content folder.",
)
def check(content_dir: Path) -> None:
    """Check every file in the content folder and report each problem.

    Exits with status 1 when any file cannot be read. Example:

        handbook check --content content
    """
    if not content_dir.is_dir():
        raise click.ClickException(f"{content_dir}: no such folder; pass --content")
    handbook, problems = load_handbook(
        content_dir,
        content_files(content_dir),
        display_prefix=content_dir.as_posix(),
    )
    problems = odd_entries(content_dir, display_prefix=content_dir.as_posix())[1] + problems
    for problem in problems:
        click.echo(str(problem), err=True)
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
