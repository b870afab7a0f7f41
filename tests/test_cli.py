"""The ``handbook`` command line: help, version, and ``check`` on good and broken content."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import REPO, write_files

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
    counts = re.fullmatch(r"(\d+) people, (\d+) notes, (\d+) other pages; 0 problem\(s\)\.\n", result.output)
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
    result = CliRunner().invoke(main, ["check", "--content", "content"])
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
    assert result.output.rstrip().endswith("1 people, 1 notes, 0 other pages; 2 problem(s).")


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
