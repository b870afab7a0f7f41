"""One exception root, printed cleanly by MkDocs and by the CLI."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

import click


class HandbookError(click.ClickException):
    """Root of every error the handbook raises on purpose."""


def display_path(display_prefix: str, src_uri: str) -> str:
    """A file as the user knows it: ``content/notes/x.md`` for ``notes/x.md`` (no prefix: as it is)."""
    return posixpath.join(display_prefix, src_uri)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one content file, located as precisely as we can."""

    path: str
    """The file as the user knows it, e.g. ``content/notes/x.md``."""
    line: int | None
    """1-based line in the file, or None when the whole file is at fault."""
    field: str | None
    """The front-matter field at fault, or None."""
    message: str
    """What was expected and what was found."""
    hint: str | None = None
    """A likely fix, e.g. the closest existing slug."""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = self.message if self.field is None else f"{self.field}: {self.message}"
        text = f"{where}: {what}"
        text = text if self.hint is None else f"{text} ({self.hint})"
        # One problem, one line: a file name or value may carry a line break.
        return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class ContentError(HandbookError):
    """Content that cannot be read; carries every problem found in one pass."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
