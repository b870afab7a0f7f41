"""`handbook build`: one audience into a folder of its own, never over anything; `--zip` works offline."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import build_env, run_handbook
from test_privacy import CANARIES, FILES, published, with_board

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def project(make_handbook: Callable[..., Path]) -> Path:
    return with_board(make_handbook(FILES))




def zipped(zip_file: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(zip_file) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_person_build_zipped_holds_no_private_content(project: Path) -> None:
    result = run_handbook(project, "build", "--audience", "person:alex-kim", "--zip")
    assert result.exit_code == 0, result.output
    assert "Built the person:alex-kim site: " in result.output
    assert "Packed it to send: site-alex-kim.zip" in result.output
    folder, zip_file = project / "site-alex-kim", project / "site-alex-kim.zip"
    everything = published(folder)
    files = zipped(zip_file)
    assert {name.split("/")[0] for name in files} == {"site-alex-kim"}
    assert sorted(n.removeprefix("site-alex-kim/") for n in files if not n.endswith("/")) == sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()
    )
    packed = b"\n".join(files.values()).decode("utf-8", errors="replace")
    for canary in CANARIES:
        assert canary not in everything and canary not in packed, canary
    assert "We talked about the roadmap." in (folder / "notes" / "2026-11-20.html").read_text(encoding="utf-8")
    # Offline: file URLs, the search index as a script, and the Web Worker shim carried, not fetched.
    assert (folder / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index = ")
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/javascripts/iframe-worker-shim.js"' in index
    assert "unpkg" not in "\n".join(p.read_text(encoding="utf-8") for p in folder.rglob("*.html"))


def test_a_team_build_without_zip_is_an_ordinary_site(project: Path, tmp_path: Path) -> None:
    result = run_handbook(project, "build", "--audience", "team", "-d", str(tmp_path / "team-site"))
    assert result.exit_code == 0, result.output
    site = tmp_path / "team-site"
    assert (site / "notes" / "2026-11-20" / "index.html").is_file()
    assert not (site / "search" / "search_index.js").exists()
    assert not list(tmp_path.glob("*.zip"))
    for canary in CANARIES:
        assert canary not in published(site), canary
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [], "a staging folder was left behind"


def test_build_refuses_a_folder_that_holds_anything_and_an_existing_zip(project: Path) -> None:
    (project / "site-team").mkdir()
    (project / "site-team" / "keep.txt").write_text("mine", encoding="utf-8")
    result = run_handbook(project, "build", "--audience", "team")
    assert result.exit_code == 1
    assert "Error: site-team: is not empty; a build always starts from an empty folder" in result.output
    assert [p.name for p in (project / "site-team").iterdir()] == ["keep.txt"]

    (project / "site-alex-kim.zip").write_text("mine", encoding="utf-8")
    result = run_handbook(project, "build", "--audience", "person:alex-kim", "--zip")
    assert result.exit_code == 1
    assert "Error: site-alex-kim.zip: already exists; remove it or build into another folder with -d" in result.output
    assert (project / "site-alex-kim.zip").read_text(encoding="utf-8") == "mine"
    assert not (project / "site-alex-kim").exists()

    # An empty folder is fine: the site takes its place.
    (project / "empty").mkdir()
    result = run_handbook(project, "build", "--audience", "team", "-d", "empty")
    assert result.exit_code == 0, result.output
    assert (project / "empty" / "index.html").is_file()


def test_build_errors_name_what_is_wrong(project: Path, tmp_path: Path) -> None:
    result = run_handbook(project, "build", "--audience", "person:alex-kin")
    assert result.exit_code == 1
    assert 'no person "alex-kin" in people/ (did you mean "person:alex-kim"?)' in result.output
    assert not (project / "site-alex-kin").exists()
    assert sorted(p.name for p in project.iterdir()) == ["content", "mkdocs.yml"]

    result = run_handbook(project, "build", "--audience", "everyone")
    assert result.exit_code == 2
    assert 'audience: expected owner, team or person:<slug>; got "everyone"' in result.output

    result = run_handbook(project, "build", "--audience", "team", "-f", str(tmp_path / "nowhere.yml"))
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'nowhere.yml'}: no such file; run this in your handbook's folder or pass -f" in result.output

    (project / "bare.yml").write_text("site_name: x\ndocs_dir: content\n", encoding="utf-8")
    result = run_handbook(project, "build", "--audience", "team", "-f", "bare.yml")
    assert result.exit_code == 1
    assert "bare.yml: has no handbook plugin; add `- handbook` under plugins" in result.output


def test_build_with_strict_stops_on_a_broken_note(project: Path) -> None:
    (project / "content" / "notes" / "broken.md").write_text("---\nperson: alex-kim\ndate: 2026-13-01\n---\n", encoding="utf-8")
    loose = run_handbook(project, "build", "--audience", "team", "-d", "loose")
    assert loose.exit_code == 0, loose.output
    assert "WARNING -  content/notes/broken.md:3: date:" in loose.output
    strict = run_handbook(project, "build", "--audience", "team", "--strict", "-d", "strict")
    assert strict.exit_code == 1
    assert "mkdocs.yml: build stopped (Aborted with 1 warnings in strict mode!); nothing was written" in strict.output
    assert not (project / "strict").exists()


def test_build_as_a_command(project: Path) -> None:
    command = [str(Path(sys.executable).parent / "handbook"), "build", "--audience", "person:alex-kim"]
    done = subprocess.run(command, cwd=project, env=build_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Built the person:alex-kim site: ")
    assert done.stderr == "", "progress or chatter on a stderr that is not a terminal"
    again = subprocess.run(command, cwd=project, env=build_env(), capture_output=True, text=True, timeout=300)
    assert again.returncode == 1
    assert again.stderr.startswith("Error: site-alex-kim: is not empty")


@pytest.fixture
def chromium() -> Iterator[Any]:
    if sync_playwright is None or not Path(CHROMIUM).is_file():
        if os.environ.get("HANDBOOK_REQUIRE_BROWSER") == "1":
            pytest.fail("no Playwright or no Chromium, and HANDBOOK_REQUIRE_BROWSER=1")
        pytest.skip("no Playwright or no Chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield browser
        finally:
            browser.close()


@pytest.mark.browser
def test_the_unzipped_site_searches_from_disk(project: Path, tmp_path: Path, chromium: Any) -> None:
    result = run_handbook(project, "build", "--audience", "person:alex-kim", "--zip", "-d", str(tmp_path / "for-alex"))
    assert result.exit_code == 0, result.output
    unzipped = tmp_path / "unzipped"
    with zipfile.ZipFile(tmp_path / "for-alex.zip") as archive:
        archive.extractall(unzipped)
    page = chromium.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((unzipped / "for-alex" / "index.html").as_uri())
    search = page.locator(".md-search__input")
    search.click()
    search.press_sequentially("roadmap")
    expect(page.locator(".md-search-result__meta")).to_have_text("1 matching document", timeout=15_000)
    link = page.locator(".md-search-result__item a.md-search-result__link").first
    assert link.get_attribute("href").endswith("notes/2026-11-20.html#we-talked-about-the-roadmap") or "2026-11-20.html" in (
        link.get_attribute("href") or ""
    )
    assert [url for url in requests if not url.startswith("file://")] == []
