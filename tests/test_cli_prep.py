"""`handbook prep`: the prep guide in a terminal, wrapped to 80 columns, coloured only on a terminal."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import REPO, TODAY, build_env

from generator.cli import main

EXAMPLE = ["--content", str(REPO / "content")]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def prep(*args: str, color: bool) -> str:
    result = CliRunner().invoke(main, ["prep", *args, *EXAMPLE], env={"HANDBOOK_TODAY": TODAY}, color=color)
    assert result.exit_code == 0, result.output
    return result.output


def test_the_guide_fits_80_columns_and_shows_what_to_bring() -> None:
    text = prep("alex-kim", color=False)
    assert "\x1b[" not in text, "colour off a terminal"
    lines = text.splitlines()
    assert lines[0] == "Alex Kim · Senior Engineer · report, weekly"
    assert lines[1] == "Last met 2026-11-20 (4 days ago); next due 2026-11-27."
    assert max(len(line) for line in lines) <= 80
    for heading in ("Your open items", "Their open items", "Questions you might ask"):
        assert heading in lines, heading
    assert "[ ] ask finance whether Alex can join the December cost review (due 2026-12-01)" in " ".join(text.split())
    # The recap keeps its list items, each with a hanging indent.
    start = lines.index("  - Rested after the long weekend. The cron jobs have owners now, which is half")
    assert lines[start + 1] == "    the battle."
    assert lines[start + 2].startswith("  - Learn next: Alex wants")
    assert re.search(r"^     id: [a-z0-9-]+ · ", text, re.MULTILINE), "each question shows its id"


def test_colour_on_a_terminal_only() -> None:
    plain = prep("alex-kim", color=False)
    coloured = prep("alex-kim", color=True)
    assert "\x1b[1m" in coloured  # bold headings
    assert ANSI.sub("", coloured) == plain
    overdue = prep("jordan-lee", color=True)
    assert "\x1b[31m" in overdue and "Overdue by" in ANSI.sub("", overdue)


def test_a_narrow_width_wraps_every_line() -> None:
    text = prep("priya-nair", "--width", "40", color=False)
    assert max(len(line) for line in text.splitlines() if " " in line.strip()) <= 40


def test_prep_for_an_unknown_person_names_the_closest() -> None:
    result = CliRunner().invoke(main, ["prep", "alex-kin", *EXAMPLE], env={"HANDBOOK_TODAY": TODAY})
    assert result.exit_code == 1
    assert result.output.endswith('people/ (did you mean "alex-kim"?)\n')
    bad = CliRunner().invoke(main, ["prep", "alex-kim", "--width", "10", *EXAMPLE])
    assert bad.exit_code == 2 and "10 is not in the range 40<=x<=200" in bad.output


def test_prep_as_a_command() -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "handbook"), "prep", "alex-kim"],
        cwd=REPO, env=build_env(), capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Alex Kim · Senior Engineer")
    assert "\x1b[" not in done.stdout and done.stderr == ""
