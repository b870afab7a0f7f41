"""What serve hears of changes between builds, and when it must list the content folder again."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, build_env
from mkdocs.commands.build import build
from mkdocs.config import load_config

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


def test_after_a_build_under_serve_the_example_can_be_updated_in_place_tags_file_included(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The example's settings allow updates in place, and the tags file kept entry by entry reads as the plugin's."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "content", project / "content")
    shutil.copytree(REPO / "templates", project / "templates")
    for name in ("HANDBOOK_TODAY", "NO_MKDOCS_2_WARNING"):
        monkeypatch.setenv(name, build_env()[name])
    monkeypatch.delenv("HANDBOOK_AUDIENCE", raising=False)
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")
    plugin = config.plugins["handbook"]
    assert plugin.built is not None
    tags_file = plugin.built.tags_file
    assert tags_file is not None
    assert len(tags_file.entries) > 10
    written = (tmp_path / "site" / "tags.json").read_text(encoding="utf-8")
    assert tags_file.text(tags_file.entries) == written
    assert any("tags" in entry for entry in json.loads(written)["mappings"])
