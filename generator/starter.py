"""A new handbook: the starter pages, a mkdocs.yml and one example person, written into an empty folder.

The starter guidance, question lists and reading are the checkout's
``content/{guidance,questions,reading}`` (inside the wheel:
``_data/pages``); the mkdocs.yml, the example person and their note are the
checkout's ``starter/`` (inside the wheel: ``_data/starter``). The fictional
people and notes of the example handbook never travel: a new handbook starts
with one clearly marked example person.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import jinja2

from .errors import HandbookError
from .files import user_umask
from .layout import HANDBOOK_FOLDERS, note_file
from .render import PACKAGE_DIR

EXAMPLE_PERSON = "example-person"
"""The slug of the one person a new handbook starts with."""
EXAMPLE_NOTE_TEMPLATE = "content/notes/example-note.md"
EXAMPLE_NOTE_DAYS_AGO = 7
"""The example note is a week old, so its weekly person is due and `handbook new` has an item to carry."""


def starter_pages_dir() -> Path:
    """The folder holding ``guidance/``, ``questions/`` and ``reading/`` for a new handbook."""
    packaged = PACKAGE_DIR / "_data" / "pages"
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / "content"


def skeleton_dir() -> Path:
    """The folder holding a new handbook's mkdocs.yml and its example person."""
    packaged = PACKAGE_DIR / "_data" / "starter"
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / "starter"


def starter_files(today: dt.date) -> Iterator[tuple[str, bytes]]:
    """Every file of a new handbook as of ``today``: its path inside the handbook and its bytes."""
    pages = starter_pages_dir()
    for folder in HANDBOOK_FOLDERS:
        for path in sorted((pages / folder).rglob("*")):
            if path.is_file():
                yield f"content/{path.relative_to(pages).as_posix()}", path.read_bytes()
    skeleton = skeleton_dir()
    for path in sorted(skeleton.rglob("*")):
        relative = path.relative_to(skeleton).as_posix()
        if not path.is_file() or relative == EXAMPLE_NOTE_TEMPLATE:
            continue
        yield relative, path.read_bytes()
    met = today - dt.timedelta(days=EXAMPLE_NOTE_DAYS_AGO)
    template = jinja2.Template((skeleton / EXAMPLE_NOTE_TEMPLATE).read_text(encoding="utf-8"), autoescape=False)
    note = template.render(date=met.isoformat(), due=(today + dt.timedelta(days=7)).isoformat())
    yield f"content/{note_file(EXAMPLE_PERSON, met)}", note.encode("utf-8")


def init_handbook(target: Path, today: dt.date) -> list[str]:
    """Write a new handbook into ``target``, which must be missing or empty; return the paths written.

    All or nothing: the files are written into a temporary folder beside
    ``target`` that is then renamed onto it. The rename fails rather than
    replace a folder that gained a file in the meantime.
    """
    if target.exists() and not target.is_dir():
        raise HandbookError(f"{target}: is a file; give a new or empty folder for the handbook")
    if target.is_dir() and any(target.iterdir()):
        raise HandbookError(f"{target}: is not empty; give a new or empty folder, so nothing of yours is overwritten")
    parent = target.absolute().parent
    if not parent.is_dir():
        raise HandbookError(f"{parent}: no such folder; create it first")
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=parent))
    written: list[str] = []
    try:
        for relative, data in starter_files(today):
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(relative)
        staging.chmod(0o777 & ~user_umask())
        try:
            os.rename(staging, target)
        except OSError as exc:
            raise HandbookError(f"{target}: could not be created ({exc.strerror}); nothing was written") from None
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return written
