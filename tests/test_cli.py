"""The ``handbook`` command line: help, version, and ``check`` on good and broken content."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import ALEX, REPO, build_env, write_files

from generator import __version__
from generator.cli import main, terminal_progress

EXAMPLE_CONTENT = REPO / "content"


def test_help_describes_the_tool_and_lists_commands() -> None:
    result = CliRunner().invoke(main, ["--help"], prog_name="handbook")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Usage: handbook")
    assert "one-on-one notes" in result.output
    assert "check" in result.output
    assert CliRunner().invoke(main, ["-h"], prog_name="handbook").output == result.output


def test_version_is_the_package_version() -> None:
    init = (REPO / "generator" / "__init__.py").read_text(encoding="utf-8")
    declared = re.search(r'^__version__ = "([^"]+)"', init, re.MULTILINE)
    assert declared is not None and declared.group(1) == __version__
    for flag in ("--version", "-V"):
        result = CliRunner().invoke(main, [flag])
        assert result.exit_code == 0, result.output
        assert result.output == f"handbook, version {__version__}\n"


def test_every_command_has_help_with_an_example() -> None:
    assert main.commands, "the group has no commands"
    lacking = [name for name, command in main.commands.items() if not (command.help or "").strip()]
    assert lacking == [], f"commands without a docstring: {lacking}"
    for name, command in main.commands.items():
        assert command.get_short_help_str(), name
        assert f"handbook {name}" in (command.help or ""), f"{name}: its help shows no example"
        result = CliRunner().invoke(main, [name, "--help"], prog_name="handbook")
        assert result.exit_code == 0, result.output
        assert result.output.startswith(f"Usage: handbook {name}"), result.output
        for option in command.params:
            if isinstance(option, click.Option) and not option.hidden:
                assert option.help, f"{name} {option.opts}: option without help"


def test_check_passes_on_the_example_and_prints_counts() -> None:
    result = CliRunner().invoke(main, ["check", "--content", str(EXAMPLE_CONTENT)])
    assert result.exit_code == 0, result.output
    counts = re.fullmatch(
        r"(\d+) people, (\d+) notes, (\d+) other pages; 0 problem\(s\), \d+ reminder\(s\)\.\n", result.stdout
    )
    assert counts is not None, result.output
    people, notes, others = (int(n) for n in counts.groups())
    assert people == len(list((EXAMPLE_CONTENT / "people").glob("*.md")))
    assert notes == len(list((EXAMPLE_CONTENT / "notes").rglob("*.md")))
    assert others > 0


BROKEN = {
    "people/alex-kim.md": """
        ---
        name: Alex Kim
        relationship: report
        cadence: wekly
        ---
        Alex.
        """,
    "people/priya-nair.md": """
        ---
        name: Priya Nair
        relationship: report
        cadence: biweekly
        ---
        Priya.
        """,
    "notes/2026-10-01-priya-nair.md": """
        ---
        person: priya-nair
        date: 2026-10-01
        ---
        Fine.
        """,
    "notes/2026-10-02-priya-nair.md": """
        ---
        person: priya-nayr
        date: 2026-10-02
        ---
        Misspelt person.
        """,
}


def test_check_on_broken_content_exits_1_and_locates_every_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_files(Path("content"), BROKEN)
    result = CliRunner().invoke(main, ["check", "--content", "content"], env={"HANDBOOK_TODAY": "2026-10-05"})
    assert result.exit_code == 1, result.output
    assert (
        'content/people/alex-kim.md:4: cadence: expected weekly, biweekly, monthly or a number of days from 1 to 366; got "wekly"'
        ' (did you mean "weekly"?)'
    ) in result.output
    assert re.search(
        r'content/notes/2026-10-02-priya-nair\.md:2: person: no person "priya-nayr" in people/ '
        r'\(did you mean "priya-nair"\?\)',
        result.output,
    ), result.output
    assert result.output.rstrip().endswith("1 people, 1 notes, 0 other pages; 2 problem(s), 0 reminder(s).")


def test_check_on_a_missing_folder_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--content", "nowhere"])
    assert result.exit_code == 1
    assert "Error: nowhere: no such folder; pass --content" in result.output


def test_progress_shows_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    update = terminal_progress("Rendering pages")
    assert update is not None
    for done in range(1, 41):
        update(done, 40)
    assert "Rendering pages" in terminal.getvalue() and "100%" in terminal.getvalue()

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert terminal_progress("Rendering pages") is None


REMINDING = {
    "people/alex-kim.md": ALEX,
    "people/priya-nair.md": """
        ---
        name: Priya Nair
        relationship: report
        cadence: biweekly
        ---
        Priya.
        """,
    "notes/2026-10-01-priya-nair.md": """
        ---
        person: priya-nair
        date: 2026-10-01
        ---
        - [ ] @me send the promotion template due:2026-11-02
        - [ ] @priya-nair share the RFC due:2026-12-20
        """,
    "notes/2026-11-20-alex-kim.md": """
        ---
        person: alex-kim
        date: 2026-11-20
        ---
        Fine.
        """,
    # Meant 2026-11-21: dated a year ahead, it records a held meeting that counts for nothing.
    "notes/2027-11-21-priya-nair.md": """
        ---
        person: priya-nair
        date: 2027-11-21
        status: held
        minutes: 30
        ---
        Talked about the move.
        """,
    # An agenda written ahead: no reminder.
    "notes/2026-12-01-alex-kim.md": """
        ---
        person: alex-kim
        date: 2026-12-01
        ---
        - the offsite
        """,
}


def test_check_reminds_of_overdue_people_past_due_items_and_a_likely_date_typo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_files(Path("content"), REMINDING)
    result = CliRunner().invoke(main, ["check"], env={"HANDBOOK_TODAY": "2026-11-24"})
    assert result.exit_code == 0, result.output  # reminders are not problems
    assert result.stderr.splitlines() == [
        "content/people/priya-nair.md: Priya Nair is overdue: last met 2026-10-01, 54 days ago; biweekly cadence, due 2026-10-15",
        'content/notes/2026-10-01-priya-nair.md:5: @me "send the promotion template" was due 2026-11-02, 22 days ago'
        " (check it off in your next note, or give it a new due: date)",
        "content/notes/2027-11-21-priya-nair.md:3: date: 2027-11-21 is after today, yet the note records status: held and "
        "minutes: it counts as not yet held (a typo in the date? an agenda written ahead needs neither)",
    ]
    assert result.stdout == "2 people, 4 notes, 0 other pages; 0 problem(s), 3 reminder(s).\n"

    as_json = CliRunner().invoke(main, ["check", "--format", "json"], env={"HANDBOOK_TODAY": "2026-11-24"})
    assert as_json.exit_code == 0
    report = json.loads(as_json.stdout)
    assert report["version"] == 1
    assert report["counts"] == {"people": 2, "notes": 4, "other_pages": 0, "problems": 0, "reminders": 3}
    assert [r["kind"] for r in report["reminders"]] == ["overdue", "past-due", "future-held"]
    assert report["reminders"][2] == {
        "kind": "future-held",
        "path": "content/notes/2027-11-21-priya-nair.md",
        "line": 3,
        "field": "date",
        "message": "2027-11-21 is after today, yet the note records status: held and minutes: it counts as not yet held",
        "hint": "a typo in the date? an agenda written ahead needs neither",
        "text": result.stderr.splitlines()[2],
    }
    assert as_json.stderr == ""


def test_check_json_lists_problems_and_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_files(Path("content"), BROKEN)
    result = CliRunner().invoke(main, ["check", "--format", "json"], env={"HANDBOOK_TODAY": "2026-10-05"})
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["counts"]["problems"] == 2
    (cadence,) = [p for p in report["problems"] if p["field"] == "cadence"]
    assert (cadence["path"], cadence["line"]) == ("content/people/alex-kim.md", 4)
    assert cadence["hint"] == 'did you mean "weekly"?'


def test_check_as_a_command(tmp_path: Path) -> None:
    write_files(tmp_path / "content", REMINDING)
    done = subprocess.run(
        [str(Path(sys.executable).parent / "handbook"), "check", "--format", "json"],
        cwd=tmp_path, env=build_env(), capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["counts"]["reminders"] == 3


def test_the_readme_shows_every_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"`handbook {name}" in readme, name


def test_reading_reports_progress_file_by_file(monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.cli

    seen: list[tuple[int, int]] = []
    monkeypatch.setattr(generator.cli, "terminal_progress", lambda label: lambda done, total: seen.append((done, total)))
    settings, _ = generator.cli.load_site_settings(None, EXAMPLE_CONTENT)
    loaded = generator.cli.read_with_progress(settings)
    files = len(loaded.src_uris)
    assert seen[-1] == (files, files) and len(seen) == files
