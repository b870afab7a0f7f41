"""The content folder's layout: which folder holds what, and the file each thing lives in.

The one owner of these paths: reading, filtering, deriving and the templates
ask here instead of spelling ``people/`` or ``notes/`` themselves. Where a
generated page is served is decided by ``generator.pages``, from these.

Pure Python: no MkDocs imports, no I/O.
"""

from __future__ import annotations

import datetime as dt
import posixpath

PEOPLE = "people"
"""One file per person: ``people/<slug>.md``."""
NOTES = "notes"
"""Meeting notes, in any subfolders: ``notes/2026/2026-11-20-alex-kim.md``."""
GUIDANCE = "guidance"
"""Advice pages, matched to people by topic."""
QUESTIONS = "questions"
"""Question lists: ``questions/<list>.md``."""
READING = "reading"
"""Reading lists."""

HANDBOOK_FOLDERS = (GUIDANCE, QUESTIONS, READING)
"""Pages every audience may read: the handbook itself, not anyone's notes."""


def folder_of(src_uri: str) -> str:
    """The top folder ``src_uri`` lies in (``""`` for a file at the top)."""
    head, sep, _ = src_uri.partition("/")
    return head if sep else ""


def person_file(slug: str) -> str:
    """``people/alex-kim.md``: the file for the person ``slug``, and where their page is served."""
    return f"{PEOPLE}/{slug}.md"


def person_slug(src_uri: str) -> str | None:
    """``alex-kim`` for ``people/alex-kim.md``; None for a file that is not a person's."""
    parts = src_uri.split("/")
    if len(parts) != 2 or parts[0] != PEOPLE:
        return None
    return posixpath.splitext(parts[1])[0]


def is_note(src_uri: str) -> bool:
    """Whether ``src_uri`` lies in the notes folder."""
    return folder_of(src_uri) == NOTES


def note_file(person: str, date: dt.date) -> str:
    """Where a new note for ``person`` on ``date`` goes: ``notes/2026/2026-11-20-alex-kim.md``."""
    return f"{NOTES}/{date.year:04d}/{date.isoformat()}-{person}.md"


def question_list_file(list_slug: str) -> str:
    """``questions/career.md``: the file of the question list ``list_slug``."""
    return f"{QUESTIONS}/{list_slug}.md"


def question_list_slug(src_uri: str) -> str | None:
    """``career`` for ``questions/career.md``; None for a file that is not a question list (the index is not)."""
    parts = src_uri.split("/")
    if len(parts) != 2 or parts[0] != QUESTIONS or parts[1] == "index.md":
        return None
    return posixpath.splitext(parts[1])[0]


def question_address(list_slug: str, question_id: str) -> str:
    """``questions/career.md#q-career-3``: where a question is, as a link from the content folder."""
    return f"{question_list_file(list_slug)}#{question_id}"
