"""`handbook write`: the pages as Markdown for builders without our plugin; private stays private; only changes written."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import build_env, run_handbook
from test_privacy import CANARIES, FILES, published, with_board

from generator.export import MANIFEST, MARKDOWN_EXTENSIONS

WRITTEN_YML = """\
site_name: Written pages
docs_dir: {docs}
theme:
  name: material
  font: false
plugins:
  - search
  - tags
extra_css:
  - assets/handbook.css
markdown_extensions:
""" + "".join(f"  - {name}\n" for name in MARKDOWN_EXTENSIONS)
"""The README's configuration for a builder that runs no handbook plugin."""


@pytest.fixture
def project(make_handbook: Callable[..., Path]) -> Path:
    return with_board(make_handbook(FILES))




def builder() -> list[str]:
    """ProperDocs when it is installed (the test extras), else plain MkDocs: neither runs our plugin here."""
    properdocs = Path(sys.executable).parent / "properdocs"
    if properdocs.is_file():
        return [str(properdocs)]
    return [sys.executable, "-m", "mkdocs"]


@pytest.mark.parametrize("audience", ["team", "person:alex-kim"])
def test_a_shared_folder_holds_nothing_private_and_builds_without_the_plugin(
    project: Path, tmp_path: Path, audience: str
) -> None:
    out = tmp_path / "pages"
    result = run_handbook(project, "write", str(out), "--audience", audience)
    assert result.exit_code == 0, result.output
    everything = published(out)
    for canary in CANARIES:
        assert canary not in everything, canary
    assert "2026-10-16" not in everything, "a link names the left-out private note"
    note = (out / "notes" / "2026-11-20.md").read_text(encoding="utf-8")
    assert "We talked about the roadmap." in note
    assert "the hard talk" in note and "by address" in note and ">raw</a>" in note
    assert (out / "files" / "plan.txt").is_file() and (out / "notes" / "board.png").is_file()
    assert not (out / "files" / "review.txt").exists() and not (out / "files" / "unlinked.txt").exists()

    config = tmp_path / "written.yml"
    config.write_text(WRITTEN_YML.format(docs=out), encoding="utf-8")
    built = subprocess.run(
        [*builder(), "build", "--strict", "-f", str(config), "-d", str(tmp_path / "site")],
        capture_output=True, text=True, env=build_env(), timeout=300,
    )
    assert built.returncode == 0, built.stderr
    site = tmp_path / "site"
    assert "We talked about the roadmap." in (site / "notes" / "2026-11-20" / "index.html").read_text(encoding="utf-8")
    assert (site / "assets" / "handbook.css").is_file()
    for canary in CANARIES:
        assert canary not in published(site), canary
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("roadmap" in doc["text"] for doc in index["docs"])


def test_the_owner_folder_holds_everything(project: Path, tmp_path: Path) -> None:
    result = run_handbook(project, "write", str(tmp_path / "mine"), "--audience", "owner")
    assert result.exit_code == 0, result.output
    assert "canaryprivatenote" in (tmp_path / "mine" / "notes" / "2026-10-16.md").read_text(encoding="utf-8")
    assert (tmp_path / "mine" / "files" / "unlinked.txt").is_file()


def test_only_changes_are_written_and_only_its_own_files_removed(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "pages"
    first = run_handbook(project, "write", str(out), "--audience", "team")
    assert first.exit_code == 0, first.output
    count = len(json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"])
    assert f"{count} written, 0 unchanged, 0 removed." in first.output
    (out / "mine.txt").write_text("the user's own", encoding="utf-8")
    stamp = (out / "people" / "alex-kim.md").stat().st_mtime_ns

    again = run_handbook(project, "write", str(out), "--audience", "team")
    assert f"0 written, {count} unchanged, 0 removed." in again.output
    assert (out / "people" / "alex-kim.md").stat().st_mtime_ns == stamp

    # A note gone from the content: its page goes, and the board it embedded, and nothing of the user's.
    (project / "content" / "notes" / "2026-11-20.md").unlink()
    pruned = run_handbook(project, "write", str(out), "--audience", "team")
    assert pruned.exit_code == 0, pruned.output
    assert not (out / "notes" / "2026-11-20.md").exists() and not (out / "notes" / "board.png").exists()
    assert not (out / "files").exists(), "an emptied folder it made stays behind"
    assert (out / "mine.txt").read_text(encoding="utf-8") == "the user's own"
    assert "removed." in pruned.output and " 0 removed." not in pruned.output


def test_write_never_touches_a_file_it_did_not_write_or_one_edited_since(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "pages"
    (out / "people").mkdir(parents=True)
    (out / "people" / "alex-kim.md").write_text("the user's own", encoding="utf-8")
    refused = run_handbook(project, "write", str(out), "--audience", "team")
    assert refused.exit_code == 1
    assert f"{out / 'people' / 'alex-kim.md'}: was not written by handbook write; nothing was written" in refused.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["people", "people/alex-kim.md"]

    (out / "people" / "alex-kim.md").unlink()
    assert run_handbook(project, "write", str(out), "--audience", "team").exit_code == 0
    (out / "people" / "alex-kim.md").write_text("edited by hand", encoding="utf-8")
    kept = run_handbook(project, "write", str(out), "--audience", "team")
    assert kept.exit_code == 0
    assert "people/alex-kim.md: edited since handbook write wrote it; left as it is" in kept.output
    assert (out / "people" / "alex-kim.md").read_text(encoding="utf-8") == "edited by hand"


def test_write_refuses_the_content_folder_and_a_bad_audience(project: Path) -> None:
    inside = run_handbook(project, "write", "content/out")
    assert inside.exit_code == 1
    assert "content/out: is inside the content folder; a build never writes there" in inside.output
    assert not (project / "content" / "out").exists()
    assert run_handbook(project, "write", "content").exit_code == 1
    holding = run_handbook(project, "write", ".")
    assert holding.exit_code == 1 and ".: holds the content folder" in holding.output
    unknown = run_handbook(project, "write", "out", "--audience", "person:alex-kin")
    assert unknown.exit_code == 1 and 'did you mean "person:alex-kim"?' in unknown.output
    assert not (project / "out").exists()
    (project / "out").mkdir()
    (project / "out" / MANIFEST).write_text("not json", encoding="utf-8")
    broken = run_handbook(project, "write", "out")
    assert broken.exit_code == 1 and "is not a manifest this version of handbook wrote" in broken.output


def test_write_as_a_command(project: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "handbook"), "write", str(tmp_path / "out"), "--audience", "team"],
        cwd=project, env=build_env(), capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Wrote the team pages to {tmp_path / 'out'}: ")
    assert done.stderr == ""
    shutil.rmtree(tmp_path / "out")


def test_the_readme_shows_the_configuration_the_test_builds_with() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("### Other builders"):]
    for line in WRITTEN_YML.splitlines()[2:]:
        assert line in block, line


def test_a_file_system_error_is_one_clear_line(project: Path) -> None:
    (project / "a-file").write_text("mine", encoding="utf-8")
    result = run_handbook(project, "write", "a-file/pages", "--audience", "team")
    assert result.exit_code == 1
    assert result.output.startswith("Error: a-file/pages/") and result.output.endswith(": Not a directory\n")
    assert result.exception is None or isinstance(result.exception, SystemExit)
