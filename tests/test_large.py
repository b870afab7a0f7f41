"""A 2,000-note handbook through one real ``mkdocs build --strict``: it builds, and its size grows with notes, not
notes squared. Not a benchmark: nothing here is timed (see bench/run.py)."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from conftest import MKDOCS_YML, REPO, Build, run_mkdocs_build

pytestmark = pytest.mark.slow

PEOPLE = 40
NOTES = 2000
NAV_START = re.compile(r'<nav class="md-nav md-nav--primary"')
NAV_TAG = re.compile(r"<(/?)nav\b")
HREF = re.compile(r'href="([^"]*)"')


def _synthetic():  # type: ignore[no-untyped-def]
    """bench/synthetic.py, imported by path: bench/ is not a package."""
    if "bench_synthetic" in sys.modules:
        return sys.modules["bench_synthetic"]
    spec = importlib.util.spec_from_file_location("bench_synthetic", REPO / "bench" / "synthetic.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, list[str]]:
    """The synthetic handbook built once; with the src_uris of its notes."""
    project = tmp_path_factory.mktemp("large") / "project"
    (project / "content").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    _synthetic().make_synthetic_handbook(project / "content", people=PEOPLE, notes=NOTES, seed=0)
    notes = sorted(p.relative_to(project / "content").as_posix() for p in (project / "content" / "notes").rglob("*.md"))
    return run_mkdocs_build(project / "mkdocs.yml", project.parent / "site"), notes


def note_url(src_uri: str) -> str:
    return src_uri.removesuffix(".md") + "/"


def primary_nav(html: str) -> str:
    """The sidebar navigation: from ``md-nav--primary`` to its matching ``</nav>``."""
    start = NAV_START.search(html)
    assert start is not None, "no primary nav"
    depth = 0
    for tag in NAV_TAG.finditer(html, start.start()):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return html[start.start() : tag.end()]
    raise AssertionError("primary nav is not closed")


def test_builds_strict_without_warnings(large: tuple[Build, list[str]]) -> None:
    build, notes = large
    assert len(notes) == NOTES
    assert build.returncode == 0, build.log[-5000:]
    assert build.warnings() == []


def test_every_note_has_its_page(large: tuple[Build, list[str]]) -> None:
    build, notes = large
    missing = [uri for uri in notes if not (build.site / note_url(uri) / "index.html").is_file()]
    assert missing == []


def test_navigation_grows_with_people_not_notes(large: tuple[Build, list[str]]) -> None:
    build, notes = large
    for uri in notes:
        html = build.html(note_url(uri))
        nav_links = HREF.findall(primary_nav(html))
        assert not [link for link in nav_links if "notes/" in link], uri
        # Everyone, their index, the dashboard, topics, questions: a bound in people, whatever the notes.
        assert len(nav_links) <= PEOPLE + 20, uri
        # A note may point at a neighbour or two, never at a growing list of notes.
        others = {link for link in HREF.findall(html) if "notes/" in link}
        assert len(others) <= 4, (uri, sorted(others)[:10])


def test_site_size_is_linear_in_notes(large: tuple[Build, list[str]]) -> None:
    build, _notes = large
    pages = list(build.site.rglob("*.html"))
    sizes = {page: page.stat().st_size for page in pages}
    assert len(pages) > NOTES
    assert sum(sizes.values()) / len(pages) < 200_000
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] < 2_000_000, f"{largest.relative_to(build.site)}: {sizes[largest]} bytes"


def test_search_index_has_every_note(large: tuple[Build, list[str]]) -> None:
    build, notes = large
    locations = {doc["location"] for doc in build.search_documents()}
    missing = [uri for uri in notes if note_url(uri) not in locations]
    assert missing == []


def test_synthetic_handbook_is_deterministic(tmp_path: Path) -> None:
    synthetic = _synthetic()
    synthetic.make_synthetic_handbook(tmp_path / "a", people=5, notes=60, seed=3)
    synthetic.make_synthetic_handbook(tmp_path / "b", people=5, notes=60, seed=3)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.md"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.md"))
    assert files_a == files_b
    assert len([f for f in files_a if f.parts[0] == "notes"]) == 60
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a)
