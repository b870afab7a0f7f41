"""A real ``mkdocs serve`` on a copy of the example: live reload, half-written notes, new notes.

Each test starts its own server on a free port of 127.0.0.1 and kills its whole
process group afterwards. Changes are seen by polling the served pages.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import REPO, build_env, run_mkdocs_build, without_cache
from test_browser import Visit, browser, expect, visit

__all__ = ["browser", "visit"]  # fixtures shared with the other browser tests

from generator.search_index import read_index

START_TIMEOUT = 60.0
CHANGE_TIMEOUT = 30.0
POLL_INTERVAL = 0.1

NOTE = "notes/2026/2026-10-09-alex-kim.md"
NOTE_URL = "/notes/2026/2026-10-09-alex-kim/"


@dataclass
class Server:
    """A running ``mkdocs serve`` of ``project``, answering at ``url``."""

    project: Path
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def content(self) -> Path:
        return self.project / "content"

    def get(self, path: str) -> tuple[int, str]:
        """Status and body of ``path``; (0, reason) when the server does not answer."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            return 0, str(exc)

    def wait_for(
        self, path: str, ready: Callable[[str], bool], what: str, timeout: float = CHANGE_TIMEOUT
    ) -> tuple[float, str]:
        """Poll ``path`` until ``ready(body)`` holds on a 200; return the seconds it took and that body."""
        start = time.monotonic()
        status, body = 0, ""
        while time.monotonic() - start < timeout:
            if self.process.poll() is not None:
                pytest.fail(f"mkdocs serve exited with {self.process.returncode}:\n{self.log_text()}")
            status, body = self.get(path)
            if status == 200 and ready(body):
                return time.monotonic() - start, body
            time.sleep(POLL_INTERVAL)
        pytest.fail(f"{path} did not show {what} within {timeout:.0f} s (last status {status})\n{self.log_text()}")

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def copy_example(target: Path) -> Path:
    target.mkdir()
    shutil.copy2(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "content", target / "content")
    shutil.copytree(REPO / "templates", target / "templates")
    return target


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    project = copy_example(tmp_path / "project")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
            cwd=tmp_path,
            env=build_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        running = Server(project, f"http://127.0.0.1:{port}", process, log)
        running.wait_for("/", lambda body: "Dashboard" in body, "the dashboard", timeout=START_TIMEOUT)
        yield running
    finally:
        stop(process)


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every path under ``root`` with its mtime and size (0 for folders)."""
    found = {}
    for path in sorted(root.rglob("*")):
        stat = path.stat()
        found[path.relative_to(root).as_posix()] = (stat.st_mtime_ns, stat.st_size if path.is_file() else 0)
    return found


def write_over(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so its size or mtime differs even on a coarse-mtime file system."""
    before = path.stat().st_mtime_ns if path.exists() else None
    path.write_text(text, encoding="utf-8")
    if before is not None and path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def test_edits_to_notes_and_templates_are_served_without_touching_content(
    server: Server, record_property: Callable[[str, object], None]
) -> None:
    status, body = server.get(NOTE_URL)
    assert status == 200 and "heliotrope" in body
    assert "zanzibarite" not in body
    before = snapshot(server.content)

    note = server.content / NOTE
    write_over(note, note.read_text(encoding="utf-8") + "\nThey mentioned zanzibarite once.\n")
    latency, _ = server.wait_for(NOTE_URL, lambda body: "zanzibarite" in body, "the appended word")
    record_property("live_reload_seconds", round(latency, 2))
    print(f"\nlive reload: a note edit was served after {latency:.2f} s")
    assert latency < CHANGE_TIMEOUT

    template = server.project / "templates" / "note.md.j2"
    write_over(template, template.read_text(encoding="utf-8") + "\nTEMPLATE-MARKER-7f3a\n")
    server.wait_for(NOTE_URL, lambda body: "TEMPLATE-MARKER-7f3a" in body, "the template's marker")
    status, body = server.get("/notes/2026/2026-10-30-priya-nair/")
    assert status == 200 and "TEMPLATE-MARKER-7f3a" in body
    # A note saved: updated in place. A template saved: every page may change, so the whole site is built.
    log = server.log.read_text(encoding="utf-8")
    assert "the site was updated in place" in log
    assert "building the whole site again: settings, templates or the theme changed" in log

    after = snapshot(server.content)
    del before[NOTE], after[NOTE]
    assert after == before, "mkdocs serve wrote into the content folder"


BROKEN_NOTE = """\
---
person: alex-kim
date: 2026-10-09
topics: [roadmap, ideas
---
Half-written.
"""


def test_a_half_written_note_shows_its_problem_until_fixed(server: Server) -> None:
    note = server.content / NOTE
    good = note.read_text(encoding="utf-8")
    before = snapshot(server.content)

    write_over(note, BROKEN_NOTE)
    _, body = server.wait_for(NOTE_URL, lambda body: "Cannot read" in body, "the problem page")
    assert f"content/{NOTE}" in body
    assert "heliotrope" not in body
    server.wait_for("/", lambda body: "1 content problem" in body and f"content/{NOTE}" in body, "the problem")
    assert f"WARNING -  content/{NOTE}:" in server.log_text()
    assert "front-matter is not valid YAML" in server.log_text()
    assert server.process.poll() is None

    write_over(note, good + "\nFixed again.\n")
    _, body = server.wait_for(NOTE_URL, lambda body: "heliotrope" in body and "Fixed again." in body, "the fixed note")
    assert "Cannot read" not in body
    server.wait_for("/", lambda body: "content problem" not in body, "a dashboard without problems")
    assert server.process.poll() is None, "the server restarted or died"

    after = snapshot(server.content)
    del before[NOTE], after[NOTE]
    assert after == before


NEW_NOTE = """\
---
person: mei-tanaka
date: 2026-11-23
status: held
minutes: 30
---
## What they raised

- Wants to try the quokka-shaped onboarding checklist.
"""


def test_a_new_note_appears_on_its_persons_page(server: Server) -> None:
    new_url = "/notes/2026/2026-11-23-mei-tanaka/"
    status, body = server.get("/people/mei-tanaka/")
    assert status == 200 and "2026-11-23-mei-tanaka/" not in body

    write_over(server.content / "notes" / "2026" / "2026-11-23-mei-tanaka.md", NEW_NOTE)
    server.wait_for("/people/mei-tanaka/", lambda body: "2026-11-23-mei-tanaka/" in body, "a link to the new note")
    server.wait_for(new_url, lambda body: "quokka-shaped onboarding checklist" in body, "the new note")
    status, body = server.get("/")
    assert status == 200 and "content problem" not in body


LIVE_RELOAD = re.compile(rb"<script>\s*var livereload = .*?</script>", re.S)


def served_bytes(server: Server, site_path: str) -> bytes:
    with urllib.request.urlopen(f"{server.url}/{quote(site_path)}", timeout=30) as response:
        return LIVE_RELOAD.sub(b"", response.read())


UPDATED_IN_PLACE = "the site was updated in place"
FULL_BUILD = "building the whole site again"


def assert_served_equals_clean_build(server: Server, clean_dir: Path) -> list[str]:
    """Build the served project from scratch (no render cache, serve's address) and compare every file; its files."""
    project = without_cache(server.project, clean_dir / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"\nsite_url: {server.url}/\n", encoding="utf-8")
    clean = run_mkdocs_build(config, clean_dir / "site")
    assert clean.returncode == 0, clean.log
    files = sorted(p.relative_to(clean.site).as_posix() for p in clean.site.rglob("*") if p.is_file())
    differ = [path for path in files if served_bytes(server, path) != (clean.site / path).read_bytes()]
    assert differ == [], f"{len(differ)} of {len(files)} served files differ from a clean build: {differ[:10]}"
    return files


def test_after_edits_additions_and_deletions_every_served_file_equals_a_clean_build(
    server: Server,
    tmp_path: Path,
) -> None:
    content = server.content
    note = content / NOTE
    write_over(note, note.read_text(encoding="utf-8").replace("topics: [", "topics: [servetopic, ", 1) + "\nEdited.\n")
    server.wait_for("/topics/", lambda body: "servetopic" in body, "the edited note's new topic")
    # A page of the user's own links to a note not written yet: once it is, the link leads to its page.
    guidance = content / "guidance" / "listening.md"
    link = "\nSee [Mei's note](../notes/2026/2026-11-23-mei-tanaka.md).\n"
    write_over(guidance, guidance.read_text(encoding="utf-8") + link)
    server.wait_for("/guidance/listening/", lambda body: "Mei&#x27;s note" in body or "Mei's note" in body, "the link")
    write_over(content / "notes" / "2026" / "2026-11-23-mei-tanaka.md", NEW_NOTE)
    server.wait_for("/people/mei-tanaka/", lambda body: "2026-11-23-mei-tanaka/" in body, "the added note")
    server.wait_for(
        "/guidance/listening/", lambda body: 'href="../../notes/2026/2026-11-23-mei-tanaka/"' in body, "the link resolved"
    )
    (content / "notes" / "2026" / "2026-10-30-priya-nair.md").unlink()
    server.wait_for("/people/priya-nair/", lambda body: "2026-10-30-priya-nair/" not in body, "the deleted note gone")
    person = content / "people" / "alex-kim.md"
    write_over(person, person.read_text(encoding="utf-8").replace("role: ", "role: Servedrole ", 1))
    server.wait_for("/people/alex-kim/", lambda body: "Servedrole" in body, "the person's new role")

    # Serve hears of changes from the system, not by polling; a build reading every file is no change.
    settled = server.log.read_text(encoding="utf-8").count("Detected file changes")
    time.sleep(2)
    log = server.log.read_text(encoding="utf-8")
    assert log.count("Detected file changes") == settled, server.log_text()
    assert "watching for changes by polling" not in log
    # Notes and pages edited, added and deleted: each change updated the served site in place.
    assert log.count(UPDATED_IN_PLACE) >= 5 and FULL_BUILD not in log, server.log_text()
    files = assert_served_equals_clean_build(server, tmp_path / "clean")
    assert "notes/2026/2026-11-23-mei-tanaka/index.html" in files
    assert "notes/2026/2026-10-30-priya-nair/index.html" not in files
    assert server.get("/notes/2026/2026-10-30-priya-nair/")[0] == 404
    # The search index is among the files compared: rebuilt from the changed pages only, equal to a clean build's.
    assert "search/handbook/manifest.json" in files and any(path.startswith("search/handbook/terms/") for path in files)
    assert "tags.json" in files
    documents = read_index(tmp_path / "clean" / "site")
    assert any("quokka-shaped" in document["text"] for document in documents)
    assert not [d for d in documents if d["location"].startswith("notes/2026/2026-10-30-priya-nair/")]

    # A new person changes the navigation of every page: the whole site is built again, and still equal.
    write_over(
        content / "people" / "zed-new.md", "---\nname: Zed New\nrelationship: peer\ncadence: monthly\n---\nZed.\n"
    )
    server.wait_for("/", lambda body: "Zed New" in body, "the new person in the navigation")
    assert FULL_BUILD in server.log.read_text(encoding="utf-8")
    assert_served_equals_clean_build(server, tmp_path / "clean-again")


@pytest.mark.browser
def test_the_search_box_finds_a_word_just_saved(server: Server, visit: Visit) -> None:
    _, manifest = server.wait_for("/search/handbook/manifest.json", lambda body: True, "the search index")
    note = server.content / NOTE
    write_over(note, note.read_text(encoding="utf-8") + "\nA zanzibarish idea came up.\n")
    server.wait_for(NOTE_URL, lambda body: "zanzibarish" in body, "the saved word")
    # The manifest is the index's last file written: once it changed, the whole index has.
    server.wait_for("/search/handbook/manifest.json", lambda body: body != manifest, "a new search index")
    page = visit.page
    page.goto(f"{server.url}/people/")
    search = page.locator(".md-search__input")
    search.click()
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    search.press_sequentially("zanzib")
    expect(page.locator(".md-search-result__meta")).to_have_text("1 matching document")
    expect(page.locator(".md-search-result__item a").first).to_have_attribute("href", re.compile(re.escape(NOTE_URL)))
    visit.assert_stayed_local()
