"""`handbook init`: a new handbook that builds at once, with one example person and never a file overwritten."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, TODAY, build_env, run_mkdocs_build

import generator.starter
from generator.cli import main
from generator.load import content_files, load_handbook


def init(folder: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["init", str(folder)], env={"HANDBOOK_TODAY": TODAY})
    return result.exit_code, result.output


def test_init_writes_a_handbook_that_builds_strictly(tmp_path: Path) -> None:
    code, output = init(tmp_path / "mine")
    assert code == 0, output
    assert output.startswith(f"Started a handbook in {tmp_path / 'mine'}: ")
    content = tmp_path / "mine" / "content"
    assert sorted(p.name for p in content.iterdir()) == ["guidance", "notes", "people", "questions", "reading"]
    for folder in ("guidance", "questions", "reading"):
        shipped = sorted(p.relative_to(REPO / "content").as_posix() for p in (REPO / "content" / folder).rglob("*.md"))
        written = sorted(p.relative_to(content).as_posix() for p in (content / folder).rglob("*.md"))
        assert written == shipped
    assert [p.name for p in (content / "people").iterdir()] == ["example-person.md"]
    assert [p.relative_to(content).as_posix() for p in (content / "notes").rglob("*.md")] == [
        "notes/2026/2026-11-17-example-person.md"
    ]

    handbook, problems = load_handbook(content, content_files(content))
    assert problems == []
    assert list(handbook.people) == ["example-person"]
    assert "rename this file" in (content / "people" / "example-person.md").read_text(encoding="utf-8")

    built = run_mkdocs_build(tmp_path / "mine" / "mkdocs.yml", tmp_path / "site")
    assert built.returncode == 0, built.log
    assert built.warnings() == []
    assert "Example Person" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert (tmp_path / "site" / "questions" / "reports" / "index.html").is_file()


def test_init_accepts_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, output = init(tmp_path / "empty")
    assert code == 0, output
    assert (tmp_path / "empty" / "mkdocs.yml").is_file()


def test_init_refuses_a_folder_that_holds_anything(tmp_path: Path) -> None:
    folder = tmp_path / "used"
    folder.mkdir()
    (folder / ".hidden").write_text("mine", encoding="utf-8")
    code, output = init(folder)
    assert code == 1
    assert f"Error: {folder}: is not empty; give a new or empty folder, so nothing of yours is overwritten" in output
    assert [p.name for p in folder.iterdir()] == [".hidden"]
    assert [p.name for p in tmp_path.iterdir()] == ["used"], "a staging folder was left behind"


def test_init_refuses_a_file_and_a_missing_parent(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("mine", encoding="utf-8")
    code, output = init(tmp_path / "a-file")
    assert code == 1 and "a-file: is a file; give a new or empty folder" in output
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "mine"
    code, output = init(tmp_path / "missing" / "mine")
    assert code == 1 and f"Error: {tmp_path / 'missing'}: no such folder; create it first" in output


def test_init_never_overwrites_a_file_that_appears_while_it_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "racing"
    real = generator.starter.starter_files

    def racing(today: object) -> Iterator[tuple[str, bytes]]:
        for index, item in enumerate(real(today)):  # type: ignore[arg-type]
            if index == 1:
                folder.mkdir()
                (folder / "mkdocs.yml").write_text("theirs", encoding="utf-8")
            yield item

    monkeypatch.setattr(generator.starter, "starter_files", racing)
    code, output = init(folder)
    assert code == 1
    assert f"Error: {folder}: could not be created" in output and "nothing was written" in output
    assert [p.name for p in folder.iterdir()] == ["mkdocs.yml"]
    assert (folder / "mkdocs.yml").read_text(encoding="utf-8") == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["racing"]


def test_init_as_a_command(tmp_path: Path) -> None:
    handbook = Path(sys.executable).parent / "handbook"
    done = subprocess.run(
        [str(handbook), "init", "new-one"], cwd=tmp_path, env=build_env(), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "Next: cd new-one && mkdocs serve" in done.stdout
    again = subprocess.run(
        [str(handbook), "init", "new-one"], cwd=tmp_path, env=build_env(), capture_output=True, text=True, timeout=60
    )
    assert again.returncode == 1
    assert again.stderr == "Error: new-one: is not empty; give a new or empty folder, so nothing of yours is overwritten\n"
