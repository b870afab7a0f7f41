"""A real, non-editable install: the wheel carries its templates and starter, and works without a checkout.

The wheel is built from a copy of the files git would commit (tracked files plus
untracked ones not ignored, as they are in the working tree), then installed with
its dependencies into a fresh virtual environment without system site-packages.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import MKDOCS_YML, REPO, build_env

from generator import __version__

pytestmark = pytest.mark.slow

STARTER_FOLDERS = ("guidance", "questions", "reading")
"""What `handbook init` copies; the example handbook's people and notes stay in the checkout."""
TEMPLATE_MARKER = "OVERRIDDEN-NOTE-TEMPLATE-3c1e"


def run(command: list[str | Path], *, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run ``command`` outside the checkout, so nothing can import the checkout's ``generator``."""
    env = build_env()
    for name in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME"):
        env.pop(name, None)
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{command} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


def committable_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return [name for name in listed.stdout.split("\0") if name and (REPO / name).is_file()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs a git checkout to know which files ship")
    root = tmp_path_factory.mktemp("install")
    source = root / "source"
    for name in committable_files():
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", root / "dist", source], cwd=root)
    (built,) = (root / "dist").glob("handbook-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path) -> Iterator[Path]:
    """A fresh virtual environment with the wheel and its dependencies installed."""
    path = wheel.parent.parent / "venv"
    run([sys.executable, "-m", "venv", path], cwd=wheel.parent)
    run([path / "bin" / "python", "-m", "pip", "install", "-q", wheel], cwd=wheel.parent)
    yield path


def test_the_wheel_carries_templates_and_starter(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (REPO / "templates").glob("*.md.j2"):
        assert f"generator/_data/templates/{template.name}" in names
    assert "generator/_data/templates/handbook.css" in names
    for folder in STARTER_FOLDERS:
        assert any(n.startswith(f"generator/_data/pages/{folder}/") and n.endswith(".md") for n in names), folder
    assert "generator/_data/starter/mkdocs.yml" in names
    assert "generator/_data/starter/content/people/example-person.md" in names
    # Of people and notes, only the one marked example travels: never the example handbook's.
    assert {n for n in names if "/people/" in n or "/notes/" in n} == {
        "generator/_data/starter/content/people/example-person.md",
        "generator/_data/starter/content/notes/example-note.md",
    }
    assert "generator/plugin.py" in names
    assert "generator/vendor/iframe-worker/shim.js" in names  # what makes `handbook build --zip` search offline
    assert not any(n.startswith(("tests/", "content/", "templates/")) for n in names)
    assert not any("__pycache__" in n for n in names)
    assert wheel.name.startswith(f"handbook-{__version__}-")


def installed_package(venv: Path) -> Path:
    found = run(
        [venv / "bin" / "python", "-c", "import generator; print(generator.__file__)"],
        cwd=venv,
    )
    return Path(found.stdout.strip()).parent


def test_the_installed_package_is_a_copy_with_its_data(venv: Path) -> None:
    package = installed_package(venv)
    assert package.is_relative_to(venv), f"imported from {package}, not the fresh environment"
    templates = package / "_data" / "templates"
    assert sorted(p.name for p in templates.glob("*.md.j2")) == sorted(
        p.name for p in (REPO / "templates").glob("*.md.j2")
    )
    assert (templates / "handbook.css").is_file()
    for folder in STARTER_FOLDERS:
        assert list((package / "_data" / "pages" / folder).rglob("*.md")), folder
    found = run(
        [
            venv / "bin" / "python",
            "-c",
            "from generator.render import default_templates_dir as t; from generator.starter import "
            "starter_pages_dir as p, skeleton_dir as s; print(t()); print(p()); print(s())",
        ],
        cwd=venv,
    )
    assert found.stdout.split() == [str(templates), str(package / "_data" / "pages"), str(package / "_data" / "starter")]


def test_the_command_runs_from_the_environment(venv: Path) -> None:
    version = run([venv / "bin" / "handbook", "--version"], cwd=venv)
    assert version.stdout == f"handbook, version {__version__}\n"
    usage = run([venv / "bin" / "handbook", "--help"], cwd=venv)
    assert usage.stdout.startswith("Usage: handbook")
    assert "check" in usage.stdout


def test_a_handbook_without_templates_builds_from_the_package(venv: Path, tmp_path: Path) -> None:
    project = tmp_path / "my-handbook"
    project.mkdir()
    assert not project.is_relative_to(REPO)
    shutil.copytree(REPO / "content", project / "content")
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    assert not (project / "templates").exists()

    checked = run([venv / "bin" / "handbook", "check"], cwd=project)
    assert "0 problem(s)" in checked.stdout

    run([venv / "bin" / "mkdocs", "build", "--strict", "-d", tmp_path / "site"], cwd=project)
    dashboard = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'id="overdue"' in dashboard and "Jordan Lee" in dashboard
    stylesheet = (tmp_path / "site" / "assets" / "handbook.css").read_text(encoding="utf-8")
    assert stylesheet == (REPO / "templates" / "handbook.css").read_text(encoding="utf-8")
    note = (tmp_path / "site" / "notes" / "2026" / "2026-10-09-alex-kim" / "index.html").read_text(encoding="utf-8")
    assert "heliotrope" in note and TEMPLATE_MARKER not in note

    # The handbook's own template wins over the packaged one; the others still come from the package.
    (project / "templates").mkdir()
    packaged_note = installed_package(venv) / "_data" / "templates" / "note.md.j2"
    (project / "templates" / "note.md.j2").write_text(
        packaged_note.read_text(encoding="utf-8") + f"\n{TEMPLATE_MARKER}\n", encoding="utf-8"
    )
    run([venv / "bin" / "mkdocs", "build", "--strict", "-d", tmp_path / "site-2"], cwd=project)
    note = (tmp_path / "site-2" / "notes" / "2026" / "2026-10-09-alex-kim" / "index.html").read_text(encoding="utf-8")
    assert TEMPLATE_MARKER in note and "heliotrope" in note
    dashboard = (tmp_path / "site-2" / "index.html").read_text(encoding="utf-8")
    assert TEMPLATE_MARKER not in dashboard and 'id="overdue"' in dashboard


README_MKDOCS_YML = """\
site_name: My handbook
docs_dir: content
theme:
  name: material
  font: false
plugins:
  - search
  - tags
  - handbook
"""
"""The minimal mkdocs.yml of the README's "Using it without this repository": no Markdown extensions listed."""


def test_init_from_the_installed_package_builds_strictly(venv: Path, tmp_path: Path) -> None:
    made = run([venv / "bin" / "handbook", "init", "fresh"], cwd=tmp_path)
    assert "content/people/example-person.md is an example" in made.stdout
    project = tmp_path / "fresh"
    assert sorted(p.name for p in (project / "content" / "people").iterdir()) == ["example-person.md"]
    for folder in STARTER_FOLDERS:
        assert sorted(p.name for p in (project / "content" / folder).rglob("*.md")) == sorted(
            p.name for p in (REPO / "content" / folder).rglob("*.md")
        ), folder
    result = run([venv / "bin" / "mkdocs", "build", "--strict", "-d", tmp_path / "site"], cwd=project)
    assert "WARNING" not in result.stderr
    assert "Example Person" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")

    sent = run([venv / "bin" / "handbook", "build", "--audience", "person:example-person", "--zip"], cwd=project)
    assert "Packed it to send: site-example-person.zip" in sent.stdout
    with zipfile.ZipFile(project / "site-example-person.zip") as archive:
        names = set(archive.namelist())
    assert "site-example-person/assets/javascripts/iframe-worker-shim.js" in names
    assert "site-example-person/search/search_index.js" in names


def test_the_readme_minimal_setup_builds(venv: Path, tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for line in README_MKDOCS_YML.splitlines():
        assert line in readme, line
    project = tmp_path / "readme-handbook"
    shutil.copytree(REPO / "content", project / "content")
    (project / "mkdocs.yml").write_text(README_MKDOCS_YML, encoding="utf-8")
    result = run([venv / "bin" / "mkdocs", "build", "--strict", "-d", tmp_path / "site"], cwd=project)
    assert "WARNING" not in result.stderr
    # Without extensions in mkdocs.yml, task lists and private sections still render: the plugin adds them.
    site = tmp_path / "site" / "notes" / "2026"
    tasks = (site / "2026-06-05-alex-kim" / "index.html").read_text(encoding="utf-8")
    assert 'class="task-list-item"' in tasks and "[ ]" not in tasks
    private = (site / "2026-06-26-priya-nair" / "index.html").read_text(encoding="utf-8")
    assert 'class="admonition private"' in private and "!!! private" not in private
