"""`handbook new`: a pre-filled note that the strict reader accepts, never written over another."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MKDOCS_YML, REPO, TODAY, build_env, run_handbook

from generator.audience import Audience, for_audience
from generator.facts import everyone
from generator.load import content_files, load_handbook
from generator.model import Handbook

DAY = dt.date.fromisoformat(TODAY)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the example handbook, to write notes into."""
    shutil.copytree(REPO / "content", tmp_path / "project" / "content")
    (tmp_path / "project" / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return tmp_path / "project"




def read(project: Path) -> tuple[Handbook, list[str]]:
    content = project / "content"
    found, problems = load_handbook(content, content_files(content))
    return found, [str(p) for p in problems]


def open_item_keys(found: Handbook, audience: Audience, slug: str) -> set[str]:
    facts = everyone(for_audience(found, audience), DAY)
    return {a.item.key for a in facts[slug].open_actions} if slug in facts else set()


def test_new_writes_a_note_the_strict_reader_accepts(project: Path) -> None:
    (project / "content" / "notes" / "2026" / "2026-11-21-alex-kim.md").write_text(
        "---\nperson: alex-kim\ndate: 2026-11-21\n---\nShort one.\n\n## Next time\n\n- the offsite agenda #offsite\n",
        encoding="utf-8",
    )
    before, problems = read(project)
    assert problems == []
    result = run_handbook(project, "new", "alex-kim")
    assert result.exit_code == 0, result.output
    path = project / "content" / "notes" / "2026" / f"{TODAY}-alex-kim.md"
    assert result.output == f"content/notes/2026/{TODAY}-alex-kim.md\n"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"---\nperson: alex-kim\ndate: {TODAY}\nstatus: held\n")

    after, problems = read(project)
    assert problems == []
    (note,) = [m for m in after.meetings if m.source.src_uri == f"notes/2026/{TODAY}-alex-kim.md"]
    assert note.status == "held" and note.date == DAY and note.time is None
    # Every open item is carried over, and stays the one item it was (dated from where it was first written).
    owner = Audience("owner")
    assert open_item_keys(after, owner, "alex-kim") == open_item_keys(before, owner, "alex-kim")
    assert {item.key for item in note.actions} == open_item_keys(before, owner, "alex-kim")
    assert "- [ ] @me ask finance whether Alex can join the December cost review due:2026-12-01" in text
    # The prep, in a section only the owner reads: the waiting topic and three questions with their ids.
    private = text[text.index('??? private "Only for you') : text.index("## Notes")]
    assert "- Waiting: the offsite agenda (waiting since 2026-11-21; add offsite to topics: once you talk about it)" in private
    asked = re.search(r"^# asked: \[([a-z0-9-]+), ([a-z0-9-]+), ([a-z0-9-]+)\]", text, re.MULTILINE)
    assert asked is not None, text
    question_ids = {q.id for q in after.questions}
    for question_id in asked.groups():
        assert question_id in question_ids and f"(`{question_id}`)" in private


def test_items_only_the_owner_may_read_stay_private_in_the_new_note(project: Path) -> None:
    notes = project / "content" / "notes" / "2026"
    (notes / "2026-11-21-alex-kim.md").write_text(
        "---\nperson: alex-kim\ndate: 2026-11-21\nvisibility: private\n---\n- [ ] @me canaryprivatenoteitem\n",
        encoding="utf-8",
    )
    (notes / "2026-11-22-alex-kim.md").write_text(
        "---\nperson: alex-kim\ndate: 2026-11-22\n---\nShared words.\n\n!!! private\n    - [ ] @me canarysectionitem\n",
        encoding="utf-8",
    )
    before, problems = read(project)
    assert problems == []
    assert run_handbook(project, "new", "alex-kim").exit_code == 0
    after, problems = read(project)
    assert problems == []
    for audience in (Audience("person", "alex-kim"), Audience("team")):
        assert open_item_keys(after, audience, "alex-kim") == open_item_keys(before, audience, "alex-kim"), audience
    owner_only = open_item_keys(before, Audience("owner"), "alex-kim") - open_item_keys(
        before, Audience("person", "alex-kim"), "alex-kim"
    )
    assert {"canaryprivatenoteitem", "canarysectionitem"} <= owner_only
    text = (notes / f"{TODAY}-alex-kim.md").read_text(encoding="utf-8")
    private = text[text.index("??? private") : text.index("## Carried over")]
    assert "canary" not in text[text.index("## Notes") :] and "\n- [ ] @me canary" not in text
    assert "    - [ ] @me canaryprivatenoteitem" in private and "    - [ ] @me canarysectionitem" in private


def test_a_second_note_the_same_day_gets_its_own_name_and_time(project: Path) -> None:
    first = run_handbook(project, "new", "alex-kim")
    second = run_handbook(project, "new", "alex-kim")
    third = run_handbook(project, "new", "alex-kim")
    assert first.exit_code == second.exit_code == third.exit_code == 0
    assert second.output == f"content/notes/2026/{TODAY}-alex-kim-2.md\n"
    assert third.output == f"content/notes/2026/{TODAY}-alex-kim-3.md\n"
    found, problems = read(project)
    assert problems == []
    times = sorted(str(m.time) for m in found.meetings if m.person == "alex-kim" and m.date == DAY)
    assert times == ["09:00:00", "09:01:00", "None"]
    # The first note was not touched.
    assert f"date: {TODAY}\n" in (project / "content" / "notes" / "2026" / f"{TODAY}-alex-kim.md").read_text(encoding="utf-8")


def test_new_takes_a_date_and_a_format(project: Path) -> None:
    result = run_handbook(project, "new", "priya-nair", "--date", "2026-11-23", "--format", "walking")
    assert result.exit_code == 0, result.output
    text = (project / "content" / "notes" / "2026" / "2026-11-23-priya-nair.md").read_text(encoding="utf-8")
    assert "\nformat: walking\n" in text
    ahead = run_handbook(project, "new", "priya-nair", "--date", "2026-12-03")
    assert ahead.exit_code == 0, ahead.output
    agenda = (project / "content" / "notes" / "2026" / "2026-12-03-priya-nair.md").read_text(encoding="utf-8")
    assert "status:" not in agenda.split("---")[1], "a note dated ahead is an agenda, not a held meeting"
    assert read(project)[1] == []


def test_new_refuses_an_unknown_person_and_bad_options(project: Path) -> None:
    result = run_handbook(project, "new", "alex-kin")
    assert result.exit_code == 1
    assert 'Error: no person "alex-kin" in content/people/ (did you mean "alex-kim"?)' in result.output
    assert run_handbook(project, "new", "nobody-like-that").output.endswith(
        'Error: no person "nobody-like-that" in content/people/ (add content/people/nobody-like-that.md first)\n'
    )
    bad_date = run_handbook(project, "new", "alex-kim", "--date", "2026-02-30")
    assert bad_date.exit_code == 2
    assert "Invalid value for '--date': expected a date like 2026-11-24; got '2026-02-30'" in bad_date.output
    bad_format = run_handbook(project, "new", "alex-kim", "--format", "jogging")
    assert bad_format.exit_code == 2 and "'jogging' is not one of" in bad_format.output
    assert sorted(p.name for p in (project / "content" / "notes" / "2026").iterdir()) == sorted(
        p.name for p in (REPO / "content" / "notes" / "2026").iterdir()
    )


def test_new_never_writes_over_a_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.new_note

    target = project / "content" / "notes" / "2026" / f"{TODAY}-alex-kim.md"
    real = generator.new_note.write_new_file

    def racing(path: Path, data: bytes) -> None:
        path.write_text("theirs", encoding="utf-8")  # another editor saved this very file just now
        real(path, data)

    monkeypatch.setattr(generator.new_note, "write_new_file", racing)
    result = run_handbook(project, "new", "alex-kim")
    assert result.exit_code == 1
    assert f"{target}: already exists; nothing was written" in result.output
    assert target.read_text(encoding="utf-8") == "theirs"
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".")], "a temporary file was left behind"


def test_new_as_a_command(project: Path) -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "handbook"), "new", "sam-okafor"],
        cwd=project, env=build_env(), capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"content/notes/2026/{TODAY}-sam-okafor.md\n"
    assert (project / done.stdout.strip()).is_file()


def test_new_for_a_person_whose_file_cannot_be_read_says_so(project: Path) -> None:
    (project / "content" / "people" / "alex-kim.md").write_text("---\nname: Alex\n", encoding="utf-8")
    result = run_handbook(project, "new", "alex-kim")
    assert result.exit_code == 1
    assert "Error: content/people/alex-kim.md: cannot be read; `handbook check` shows why" in result.output
