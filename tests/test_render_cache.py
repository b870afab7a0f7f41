"""The render cache: real builds that reuse it give the bytes of builds that do not, and reuse only what is unchanged.

Each build logs how many pages it rendered ("rendered N pages' Markdown and M
pages' HTML of P"); the rest came from ``.cache/handbook`` beside mkdocs.yml.
"""

from __future__ import annotations

import re
import sqlite3
import zlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Build, without_cache
from test_privacy import CANARIES, FILES, published, with_board
from test_serve import copy_example

from generator.render_cache import KEPT_SETUPS, RenderCache, digest, stable
from generator.search_index import SEARCH, read_index

RENDERED = re.compile(r"handbook: rendered (\d+) pages' Markdown and (\d+) pages' HTML of (\d+);")
NOTE = "notes/2026/2026-10-09-alex-kim.md"


def stored_entries(setup: Path) -> list[tuple[str, bytes]]:
    """Each entry's kind and data (compressed)."""
    with sqlite3.connect(setup / "entries.sqlite") as db:
        rows = db.execute("SELECT kind, data FROM entries").fetchall()
    db.close()
    return rows


def rendered(result: Build) -> tuple[int, int, int]:
    """(pages whose Markdown was rendered, pages whose HTML was, pages) from a build's log."""
    match = RENDERED.search(result.log)
    assert match is not None, result.log
    markdown, html, pages = (int(group) for group in match.groups())
    return markdown, html, pages


def site_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def assert_same_sites(cached: Build, clean: Build) -> None:
    assert cached.returncode == 0, cached.log
    assert clean.returncode == 0, clean.log
    ours, theirs = site_files(cached.site), site_files(clean.site)
    assert sorted(ours) == sorted(theirs)
    differ = [path for path in ours if ours[path] != theirs[path]]
    assert differ == [], f"{len(differ)} files differ from a build without the cache: {differ[:10]}"


def read_index_pages(site: Path) -> set[str]:
    """The addresses of the pages in a site's search index."""
    return {document["location"].partition("#")[0] for document in read_index(site)}


def changed_pages(before: Build, after: Build) -> int:
    """Pages whose HTML differs between two builds, added ones included (404.html is the theme's, not a page)."""
    old, new = site_files(before.site), site_files(after.site)
    return sum(1 for path, data in new.items() if path.endswith("index.html") and old.get(path) != data)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "example")


def test_a_second_build_from_the_cache_equals_a_build_without_it(
    example: Path, tmp_path: Path, build: Callable[..., Build]
) -> None:
    clean = build(without_cache(example, tmp_path / "clean"))
    assert not (tmp_path / "clean" / ".cache").exists()
    cold = build(example)
    markdown, html, pages = rendered(cold)
    assert pages > 100 and markdown == pages and html == pages
    assert (example / ".cache" / "handbook" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    warm = build(example)
    assert rendered(warm) == (0, 0, pages)
    assert_same_sites(cold, clean)
    assert_same_sites(warm, clean)


def test_each_kind_of_change_renders_exactly_the_pages_it_changes(
    example: Path, tmp_path: Path, build: Callable[..., Build]
) -> None:
    content = example / "content"
    previous = build(example)
    pages = rendered(previous)[2]

    def rebuilt(change: Callable[[], None], name: str) -> tuple[int, int, int, int]:
        nonlocal previous
        change()
        result = build(example)
        clean = build(without_cache(example, tmp_path / f"clean-{name}"))
        assert_same_sites(result, clean)
        markdown, html, count = rendered(result)
        changed = changed_pages(previous, result)
        previous = result
        return markdown, html, count, changed

    def edit(path: Path, old: str, new: str) -> Callable[[], None]:
        def change() -> None:
            text = path.read_text(encoding="utf-8")
            assert old in text, path
            path.write_text(text.replace(old, new, 1), encoding="utf-8")

        return change

    # A note: its page and the pages that show it (person, prep guide, dashboard, topics), nothing else.
    markdown, html, count, changed = rebuilt(edit(content / NOTE, "heliotrope", "heliotrope zanzibarite"), "note")
    assert 0 < markdown <= html == changed < count / 4

    # A person's role: their pages and every page that names it.
    person = content / "people" / "alex-kim.md"
    markdown, html, count, changed = rebuilt(edit(person, "role: ", "role: Principal "), "person")
    assert 0 < markdown <= html == changed < count

    # A template the notes are written with: every note's Markdown, nothing from before.
    template = example / "templates" / "note.md.j2"
    markdown, html, count, changed = rebuilt(
        lambda: template.write_text(template.read_text(encoding="utf-8") + "\nTEMPLATE-MARKER\n", encoding="utf-8"),
        "template",
    )
    notes = sum(1 for _ in (content / "notes").rglob("*.md"))
    assert markdown >= notes and html == changed

    # A new person changes the navigation on every page, but only the new and changed pages' Markdown.
    (content / "people" / "zed-new.md").write_text(
        "---\nname: Zed New\nrelationship: peer\ncadence: monthly\n---\nZed.\n", encoding="utf-8"
    )
    markdown, html, count, changed = rebuilt(lambda: None, "person-added")
    assert count > pages and html == count == changed and 0 < markdown < count / 4

    # The settings: every page again.
    config = example / "mkdocs.yml"
    markdown, html, count, changed = rebuilt(edit(config, "site_name: ", "site_name: Renamed "), "settings")
    assert markdown == html == count == changed


def test_a_warning_of_a_page_from_the_cache_is_logged_again_and_a_gone_link_target_is_noticed(
    make_handbook: Callable[..., Path], build: Callable[..., Build]
) -> None:
    project = make_handbook(
        {
            "people/alex-kim.md": "---\nname: Alex Kim\nrelationship: report\ncadence: weekly\n---\nAlex.\n",
            "notes/2026-11-20.md": "---\nperson: alex-kim\ndate: 2026-11-20\n---\nSee [the other](2026-11-13.md).\n",
            "notes/2026-11-13.md": "---\nperson: alex-kim\ndate: 2026-11-13\n---\nSee [nothing](missing.md).\n",
        }
    )
    first = build(project)
    second = build(project)
    for result in (first, second):
        assert result.returncode == 1  # --strict
        assert "contains a link 'missing.md', but the target 'notes/missing.md' is not found" in result.log
    assert rendered(second)[:2] == (0, 0)

    (project / "content" / "notes" / "2026-11-13.md").unlink()
    third = build(project)
    assert third.returncode == 1
    # The unchanged note's link, checked again.
    assert "contains a link '2026-11-13.md', but the target 'notes/2026-11-13.md' is not found" in third.log


def test_a_shared_build_never_gets_the_owners_pages_from_the_cache(
    make_handbook: Callable[..., Path], build: Callable[..., Build]
) -> None:
    project = with_board(make_handbook(FILES))
    owner = build(project)
    assert owner.returncode == 0, owner.log
    assert "canarycapital" in owner.html("notes/2026-11-20")
    root = project / ".cache" / "handbook"
    owner_setups = {path for path in root.iterdir() if path.is_dir()}

    for audience in ("team", "person:alex-kim"):
        shared = build(project, HANDBOOK_AUDIENCE=audience)
        assert shared.returncode == 0, shared.log
        assert rendered(shared)[0] > 0
        everything = published(shared.site)
        for canary in CANARIES:
            assert canary not in everything, (audience, canary)
    # The shared builds' entries are their own, and hold nothing the owner's pages did; the search
    # index's entries (whose words are what the owner's held) among them.
    def entries(setups: set[Path]) -> list[tuple[str, str]]:
        return [
            (kind, zlib.decompress(data).decode("utf-8", "replace"))
            for setup in setups
            if setup.is_dir()
            for kind, data in stored_entries(setup)
        ]

    assert any(kind == SEARCH and "canarycapital" in entry for kind, entry in entries(owner_setups))
    shared_entries = entries(set(root.iterdir()) - owner_setups)
    assert {kind for kind, _ in shared_entries} == {"markdown", "page", SEARCH}
    for canary in CANARIES:
        assert not any(canary in entry for _, entry in shared_entries), canary
    again = build(project)
    assert rendered(again)[:2] == (0, 0)  # the owner's entries are still there


def test_damaged_entries_and_a_damaged_cache_are_rendered_again(
    example: Path, tmp_path: Path, build: Callable[..., Build]
) -> None:
    first = build(example)
    assert first.returncode == 0, first.log
    pages = rendered(first)[2]
    (database,) = (example / ".cache" / "handbook").glob("*/entries.sqlite")
    with sqlite3.connect(database) as db:
        db.execute("UPDATE entries SET data = substr(data, 1, length(data) / 2) WHERE kind = 'markdown'")
        db.execute("UPDATE entries SET data = 'not zlib' WHERE kind = 'page'")
        db.execute("UPDATE entries SET data = ? WHERE kind = ?", (zlib.compress(b"12 x\n[]"), SEARCH))
    db.close()
    second = build(example)
    assert rendered(second)[:2] == (pages, pages)
    assert_same_sites(second, first)

    database.write_bytes(b"not a database" * 1000)
    third = build(example)
    assert rendered(third)[:2] == (pages, pages)
    assert_same_sites(third, first)
    build(example)
    kinds = Counter(kind for kind, _ in stored_entries(database.parent))  # begun again
    assert kinds == {"markdown": pages, "page": pages, SEARCH: len(read_index_pages(first.site))}


# --- the store alone -----------------------------------------------------------------------------


def test_entries_are_whole_or_missing_and_unused_ones_are_dropped(tmp_path: Path) -> None:
    cache = RenderCache(tmp_path / "cache", digest("setup"))
    cache.begin()
    assert (tmp_path / "cache" / ".gitignore").exists()
    cache.put("page", digest("a"), b"<html>a</html>")
    cache.put("page", digest("b"), b"<html>b</html>")
    assert cache.get("page", digest("a")) == b"<html>a</html>"
    assert cache.get("page", digest("c")) is None
    cache.flush()
    assert cache.count("page") == 2

    next_build = RenderCache(tmp_path / "cache", digest("setup"))
    next_build.begin()
    assert next_build.get("page", digest("b")) == b"<html>b</html>"
    next_build.forget_unused(["page"])
    assert next_build.count("page") == 1 and next_build.get("page", digest("a")) is None


def test_only_the_most_recent_setups_are_kept(tmp_path: Path) -> None:
    for index in range(KEPT_SETUPS + 2):
        cache = RenderCache(tmp_path, digest("setup", index))
        cache.begin()
        cache.put("page", digest(index), b"x")
        cache.flush()
    kept = [path for path in tmp_path.iterdir() if path.is_dir()]
    assert len(kept) == KEPT_SETUPS
    assert cache.folder in kept


def test_stable_data_is_equal_exactly_when_the_values_are() -> None:
    class Tag:
        def __init__(self, name: str) -> None:
            self.name = name

    assert stable({"b": 1, "a": {2, 1}}) == stable({"a": {1, 2}, "b": 1})
    assert stable([Tag("x")]) == stable([Tag("x")]) != stable([Tag("y")])
    assert digest(stable(Path("a"))) != digest(stable(Path("b")))
