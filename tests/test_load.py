"""Loading a content folder: records, problems in one pass, and the read cache."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import ALEX, write_files

from generator.audience import for_audience, parse_audience, strip_private_sections
from generator.load import ReadCache, content_files, load_handbook

PERSON = ALEX


def note(day: str, extra: str = "") -> str:
    return f"---\nperson: alex-kim\ndate: {day}\n{extra}---\nBody of {day}.\n"


def test_every_problem_is_collected_in_one_pass(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "people/alex-kim.md": PERSON,
            "people/sam.md": "---\nname: Sam\nrelationship: boss\ncadence: wekly\nactive: yes\n---\n",
            "notes/a.md": note("2026-11-01", "mood: 9\n"),
            "notes/b.md": "---\nperson: alex-km\ndate: 2026-13-01\n---\n",
            "notes/c.md": note("2026-11-02"),
        },
    )
    handbook, problems = load_handbook(tmp_path, content_files(tmp_path))
    assert [str(p) for p in problems] == [
        "content/notes/a.md:4: mood: expected a whole number from 1 to 5; got 9",
        'content/notes/b.md:2: person: no person "alex-km" in people/ (did you mean "alex-kim"?)',
        'content/notes/b.md:3: date: expected a real calendar date; got "2026-13-01"',
        'content/people/sam.md:3: relationship: expected report, manager, skip-level, peer, mentee or other; got "boss"',
        'content/people/sam.md:4: cadence: expected weekly, biweekly, monthly or a number of days from 1 to 366; got "wekly" '
        '(did you mean "weekly"?)',
        'content/people/sam.md:5: active: expected true or false; got "yes"',
    ]
    assert sorted(handbook.people) == ["alex-kim"]
    assert [m.source.src_uri for m in handbook.meetings] == ["notes/c.md"]
    assert handbook.left_out == {"notes/a.md", "notes/b.md", "people/sam.md"}


def test_typo_of_a_known_field_is_reported_and_own_fields_are_allowed(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "people/alex-kim.md": PERSON,
            "notes/a.md": note("2026-11-01", "stauts: cancelled\n"),
            "notes/b.md": note("2026-11-02", "my_own_field: anything\n"),
        },
    )
    handbook, problems = load_handbook(tmp_path, content_files(tmp_path))
    assert [str(p) for p in problems] == ['content/notes/a.md:4: stauts: unknown field (did you mean "status"?)']
    assert [m.source.src_uri for m in handbook.meetings] == ["notes/b.md"]


def test_note_visibility_never_exceeds_its_person(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "people/alex-kim.md": PERSON.replace("cadence: weekly", "cadence: weekly\n    visibility: private"),
            "notes/a.md": note("2026-11-01", "visibility: team\n"),
            "notes/b.md": note("2026-11-02"),
        },
    )
    handbook, problems = load_handbook(tmp_path, content_files(tmp_path))
    assert problems == []
    assert {m.visibility for m in handbook.meetings} == {"private"}


def test_private_true_is_a_synonym_and_conflicts_are_errors(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "people/alex-kim.md": PERSON,
            "notes/a.md": note("2026-11-01", "private: true\n"),
            "notes/b.md": note("2026-11-02", "private: true\nvisibility: team\n"),
        },
    )
    handbook, problems = load_handbook(tmp_path, content_files(tmp_path))
    assert [m.visibility for m in handbook.meetings] == ["private"]
    assert [str(p) for p in problems] == [
        'content/notes/b.md:4: private: says true but visibility says "team"; keep one',
    ]


def test_cache_rereads_only_changed_files(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "people/alex-kim.md": PERSON,
            "notes/a.md": note("2026-11-01"),
            "notes/b.md": note("2026-11-02"),
        },
    )
    cache = ReadCache()
    load_handbook(tmp_path, content_files(tmp_path), cache=cache)
    assert cache.reads == 3
    load_handbook(tmp_path, content_files(tmp_path), cache=cache)
    assert cache.reads == 3
    changed = tmp_path / "notes/b.md"
    changed.write_text(note("2026-11-02").replace("Body", "New body"), encoding="utf-8")
    stat = changed.stat()
    os.utime(changed, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    handbook, _ = load_handbook(tmp_path, content_files(tmp_path), cache=cache)
    assert cache.reads == 4
    assert "New body" in handbook.meetings[1].body


def test_strip_private_sections_removes_marker_and_indented_content() -> None:
    body = (
        "Before.\n\n!!! private\n    secret one\n\n    secret two\n\nAfter.\n"
        '??? private "My read"\n    secret three\n???+ private\n    secret four\n'
        "- item\n    !!! private\n        nested secret\n    kept\n"
        "!!! note\n    public admonition\n"
    )
    stripped = strip_private_sections(body)
    assert "secret" not in stripped
    for kept in ("Before.", "After.", "- item", "    kept", "public admonition"):
        assert kept in stripped


def test_team_audience_sees_only_team_people_and_notes(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "people/alex-kim.md": PERSON.replace("cadence: weekly", "cadence: weekly\n    visibility: team"),
            "people/mei.md": PERSON.replace("Alex Kim", "Mei"),
            "notes/a.md": note("2026-11-01", "visibility: team\n")
            + "\n- [ ] @me public item\n\n!!! private\n    - [ ] @me hidden item\n",
            "notes/b.md": note("2026-11-02", "visibility: shared\n"),
            "notes/c.md": note("2026-11-03"),  # inherits the person's: team
            "guidance/g.md": "# Guide\n\n!!! private\n    owner note\n",
            "mine.md": "# My own page\n",
        },
    )
    handbook, problems = load_handbook(tmp_path, content_files(tmp_path))
    assert problems == []
    team = for_audience(handbook, parse_audience("team"))
    assert sorted(team.people) == ["alex-kim"]
    assert [m.source.src_uri for m in team.meetings] == ["notes/a.md", "notes/c.md"]
    assert [a.text for a in team.meetings[0].actions] == ["public item"]
    assert [p.source.src_uri for p in team.pages] == ["guidance/g.md"]
    assert "owner note" not in team.pages[0].body
    alex = for_audience(handbook, parse_audience("person:alex-kim"))
    assert sorted(alex.people) == ["alex-kim"] and len(alex.meetings) == 3
    assert for_audience(handbook, parse_audience("person:mei")).meetings == ()


def test_cache_rereads_a_file_in_error_every_time(tmp_path: Path) -> None:
    write_files(tmp_path, {"people/alex-kim.md": PERSON, "notes/a.md": "---\nperson: [alex-kim\n---\n"})
    cache = ReadCache()
    _, problems = load_handbook(tmp_path, content_files(tmp_path), cache=cache)
    assert len(problems) == 1 and cache.reads == 2
    _, problems = load_handbook(tmp_path, content_files(tmp_path), cache=cache)
    assert len(problems) == 1 and cache.reads == 3
    (tmp_path / "people/alex-kim.md").chmod(0o600)
    load_handbook(tmp_path, content_files(tmp_path), cache=cache)
    assert cache.reads == 5  # a mode change counts as a change

