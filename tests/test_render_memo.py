"""A rebuild that keeps the read cache and the render memo (``mkdocs serve``) gives exactly the pages of a build
from scratch, whatever changed: a note, a person's name, a question, a new topic, the day."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO

from generator.audience import parse_audience
from generator.load import ReadCache
from generator.pages import RenderMemo
from generator.render import make_environment
from generator.site import Site, build_site

TODAY = dt.date(2026, 11, 24)


def _pages(site: Site) -> list[tuple[str, str]]:
    return [(page.src_uri, page.markdown) for page in site.pages]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, path
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _edit_a_note(content: Path) -> None:
    note = sorted((content / "notes").rglob("*alex-kim.md"))[-3]
    with note.open("a", encoding="utf-8") as handle:
        handle.write("\n- [ ] @me a new item due:2026-11-01\n")


def _rename_a_person(content: Path) -> None:
    _replace(content / "people" / "alex-kim.md", "name: Alex Kim", "name: Alexandra Kim")


def _reword_a_question(content: Path) -> None:
    questions = content / "questions" / "reports.md"
    text = questions.read_text(encoding="utf-8")
    start = text.index("\n- ") + 3
    questions.write_text(text[:start] + "Reworded: " + text[start:], encoding="utf-8")


def _add_a_topic(content: Path) -> None:
    note = sorted((content / "notes").rglob("*sam-okafor.md"))[0]
    _replace(note, "topics: [", "topics: [roadmap!, ")


CHANGES: dict[str, Callable[[Path], None]] = {
    "a note": _edit_a_note,
    "a person's name": _rename_a_person,
    "a question": _reword_a_question,
    "a topic that reads like another": _add_a_topic,
    "nothing": lambda content: None,
}


@pytest.mark.parametrize("audience", ["owner", "team"])
@pytest.mark.parametrize("change", list(CHANGES))
def test_a_rebuild_with_the_memo_equals_a_build_from_scratch(tmp_path: Path, change: str, audience: str) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    who = parse_audience(audience)
    cache, memo = ReadCache(), RenderMemo()
    build_site(content, None, audience=who, today=TODAY, cache=cache, memo=memo, env=make_environment(None))
    CHANGES[change](content)
    kept = []
    for today in (TODAY, TODAY + dt.timedelta(days=1)):
        again = build_site(content, None, audience=who, today=today, cache=cache, memo=memo, env=make_environment(None))
        kept.append(memo.kept)
        fresh = build_site(content, None, audience=who, today=today)
        assert _pages(again) == _pages(fresh)
        assert [str(p) for p in again.problems] == [str(p) for p in fresh.problems]
    assert kept[0] > 0  # the same day: most note pages are taken from the memo


def test_an_edited_template_is_rendered_again(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    who = parse_audience("owner")
    memo = RenderMemo()
    build_site(REPO / "content", None, audience=who, today=TODAY, memo=memo, env=make_environment(templates))
    note = (REPO / "templates" / "note.md.j2").read_text(encoding="utf-8")
    (templates / "note.md.j2").write_text(note + "\nEdited template.\n", encoding="utf-8")
    site = build_site(REPO / "content", None, audience=who, today=TODAY, memo=memo, env=make_environment(templates))
    notes = [page.markdown for page in site.pages if page.src_uri.startswith("notes/")]
    assert notes and all(text.endswith("\nEdited template.\n") for text in notes)
