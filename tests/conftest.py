"""Shared fixtures: real MkDocs builds of real content folders in temp dirs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.search_index import INDEX_FOLDER, read_index

REPO = Path(__file__).resolve().parents[1]
TODAY = "2026-11-24"
"""The example handbook is written as of this date; builds fix it for stable facts."""

ALEX = """
    ---
    name: Alex Kim
    relationship: report
    cadence: weekly
    ---
    Alex.
"""
"""A minimal person file, dedented by write_files."""

MKDOCS_YML = """\
site_name: Test handbook
docs_dir: content
theme:
  name: material
  font: false
plugins:
  - search
  - tags
  - handbook
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tasklist
"""


@dataclass
class Build:
    """The outcome of one ``mkdocs build``."""

    returncode: int
    log: str
    site: Path

    def html(self, url_path: str) -> str:
        """The HTML served at ``url_path`` (``""`` for the home page)."""
        path = self.site / url_path.strip("/") / "index.html" if url_path.strip("/") else self.site / "index.html"
        return path.read_text(encoding="utf-8")

    def warnings(self) -> list[str]:
        return [line for line in self.log.splitlines() if line.startswith("WARNING")]

    def search_documents(self) -> list[dict[str, str]]:
        """Every section the site's search can find (location, title, text), from whichever index it has."""
        if (self.site / INDEX_FOLDER / "manifest.json").is_file():
            return read_index(self.site)
        index = json.loads((self.site / "search" / "search_index.json").read_text(encoding="utf-8"))
        return list(index["docs"])

    def search_text(self) -> str:
        """Every file of the site's search index, as one text: for words that must be, or must not be, in it."""
        return "\n".join(
            path.read_text(encoding="utf-8") for path in sorted((self.site / "search").rglob("*")) if path.is_file()
        )


def build_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", HANDBOOK_TODAY=TODAY, PYTHONUTF8="1")
    env.pop("HANDBOOK_AUDIENCE", None)
    env.update(extra)
    return env


def run_mkdocs_build(config: Path, site_dir: Path, *, strict: bool = True, env: dict[str, str] | None = None) -> Build:
    """Run a real ``mkdocs build`` in a subprocess, as a user would."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site_dir)]
    if strict:
        command.append("--strict")
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=env or build_env(),
        timeout=600,
    )
    return Build(result.returncode, result.stderr + result.stdout, site_dir)


def run_handbook(project: Path, *args: str) -> Any:
    """``handbook ARGS`` run in ``project`` through click's runner, as of TODAY, with no audience set."""
    from click.testing import CliRunner

    from generator.cli import main

    cwd = os.getcwd()
    os.chdir(project)
    try:
        return CliRunner().invoke(main, list(args), env={"HANDBOOK_TODAY": TODAY, "HANDBOOK_AUDIENCE": None})
    finally:
        os.chdir(cwd)


def without_cache(project: Path, target: Path) -> Path:
    """A copy of ``project`` (no render cache copied) whose builds keep no render cache: a clean build."""
    shutil.copytree(project, target, ignore=shutil.ignore_patterns(".cache"))
    config = target / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"^  - handbook:?\n", "  - handbook:\n      cache: false\n", text, count=1, flags=re.M))
    return target


def write_files(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


@pytest.fixture
def make_handbook(tmp_path: Path) -> Callable[..., Path]:
    """A project folder with mkdocs.yml and ``content/`` holding ``files`` (dedented)."""

    def make(files: dict[str, str], mkdocs_yml: str = MKDOCS_YML) -> Path:
        project = tmp_path / "project"
        (project / "content").mkdir(parents=True, exist_ok=True)
        (project / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
        write_files(project / "content", files)
        return project

    return make


@pytest.fixture
def build(tmp_path: Path) -> Callable[..., Build]:
    """Build a project folder into a fresh temp site dir."""
    count = 0

    def run(project: Path, *, strict: bool = True, **env: str) -> Build:
        nonlocal count
        count += 1
        return run_mkdocs_build(
            project / "mkdocs.yml",
            tmp_path / f"site-{count}",
            strict=strict,
            env=build_env(**env),
        )

    return run


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The example handbook shipped in the repo, built once under --strict."""
    site = tmp_path_factory.mktemp("example") / "site"
    return run_mkdocs_build(REPO / "mkdocs.yml", site)
