"""What serve hears of changes between builds, and when it must list the content folder again."""

from __future__ import annotations

from dataclasses import dataclass

from generator.serve_update import Edits


@dataclass
class Event:
    event_type: str
    src_path: str
    is_directory: bool = False


def test_writes_to_files_are_collected_until_taken() -> None:
    edits = Edits()
    edits.start(heard=True)
    edits.event(Event("modified", "/h/content/notes/a.md"))
    edits.event(Event("closed", "/h/content/notes/a.md"))
    edits.event(Event("modified", "/h/content/notes", is_directory=True))  # its entries: the files' events say which
    edits.event(Event("attrib", "/h/content/notes/b.md"))
    assert edits.take() == {"/h/content/notes/a.md", "/h/content/notes/b.md"}
    assert edits.take() == set()


def test_a_file_created_deleted_or_moved_makes_the_changes_unknown() -> None:
    edits = Edits()
    for kind in ("created", "deleted", "moved"):
        edits.start(heard=True)
        edits.event(Event("modified", "/h/content/notes/a.md"))
        edits.event(Event(kind, "/h/content/notes/new.md"))
        edits.event(Event("modified", "/h/content/notes/a.md"))
        assert edits.take() is None, kind
        assert edits.take() == set()  # and known again from there on


def test_a_folder_created_makes_the_changes_unknown() -> None:
    edits = Edits()
    edits.start(heard=True)
    edits.event(Event("created", "/h/content/notes/2027", is_directory=True))
    assert edits.take() is None


def test_nothing_is_known_when_serve_polls() -> None:
    edits = Edits()
    edits.start(heard=False)
    edits.event(Event("modified", "/h/content/notes/a.md"))
    assert edits.take() is None
    assert edits.take() is None
