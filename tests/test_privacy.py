"""Private means private: every way of writing a private section, and the files notes link to.

Real builds for the owner and for shared audiences, with canary words grepped
over every file of the built site.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Build

from generator.audience import strip_private_sections
from generator.published import address, holds_private_element, linked_paths

PERSON = """
    ---
    name: Alex Kim
    relationship: report
    cadence: weekly
    visibility: team
    ---
    Alex likes walking one-on-ones.

    !!! Private "Calibration"
        canarypersoncap
"""
# Every spelling Python-Markdown renders as a private admonition or details block.
SHARED_NOTE = """
    ---
    person: alex-kim
    date: 2026-11-20
    visibility: team
    ---
    We talked about the roadmap.

    !!! Private
        canarycapital

    !!!private
        - [ ] @me canaryaction raise it with HR

    > !!! private
    >     canaryquote

    ???+ Private "x"
        canarydetails

    !!! note private
        canaryclasses

    - an item
    - !!! private
          canarylistitem

    An example of the syntax stays, because it is code:

    ```markdown
    !!! private
        fencedexample
    ```

    Also [by address](../2026-10-16/), <a href='2026-10-16.md'>raw</a> and <a href="../2026-10-16/index.html">full</a>.

    Earlier: [the hard talk](2026-10-16.md). Whiteboard: ![board](board.png). Plan: [plan](../files/plan.txt).
"""
PRIVATE_NOTE = """
    ---
    person: alex-kim
    date: 2026-10-16
    visibility: private
    ---
    canaryprivatenote. Review: [review](../files/review.txt).
"""
FILES = {
    "people/alex-kim.md": PERSON,
    "notes/2026-11-20.md": SHARED_NOTE,
    "notes/2026-10-16.md": PRIVATE_NOTE,
    "files/plan.txt": "shared plan\n",
    "files/review.txt": "canaryreviewfile\n",
    "files/unlinked.txt": "canaryunlinked\n",
}
CANARIES = (
    "canarypersoncap", "canarycapital", "canaryaction", "canaryquote", "canarydetails", "canaryclasses",
    "canarylistitem", "canaryprivatenote", "canaryreviewfile", "canaryunlinked",
)


def published(site: Path) -> str:
    return "\n".join(
        f"{path.relative_to(site)}\n{path.read_text(encoding='utf-8', errors='replace')}"
        for path in sorted(site.rglob("*"))
        if path.is_file()
    )


def with_board(project: Path) -> Path:
    (project / "content" / "notes" / "board.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return project


@pytest.fixture
def project(make_handbook: Callable[..., Path]) -> Path:
    return with_board(make_handbook(FILES))


def test_the_owner_build_holds_every_private_section_as_one(project: Path, build: Callable[..., Build]) -> None:
    result = build(project)
    assert result.returncode == 0, result.log
    note = result.html("notes/2026-11-20")
    for canary in ("canarycapital", "canaryaction", "canaryquote", "canarydetails", "canaryclasses"):
        assert canary in note
    assert note.count('class="admonition private"') + note.count('class="admonition note private"') >= 4
    assert "canaryaction" in result.html("")  # the owner's open items include it
    assert (result.site / "files" / "unlinked.txt").exists()  # the owner's site copies everything


@pytest.mark.parametrize("audience", ["team", "person:alex-kim"])
def test_a_shared_build_holds_no_private_section_and_no_file_of_a_left_out_note(
    project: Path, build: Callable[..., Build], audience: str,
) -> None:
    result = build(project, HANDBOOK_AUDIENCE=audience)
    assert result.returncode == 0, result.log
    everything = published(result.site)
    for canary in CANARIES:
        assert canary not in everything, canary
    note = result.html("notes/2026-11-20")
    assert "We talked about the roadmap." in note
    assert "fencedexample" in note  # code is not a section
    assert "Alex likes walking one-on-ones." in result.html("people/alex-kim")
    # The link to the private note keeps its words and loses its address.
    assert "the hard talk" in note and "by address" in note and ">raw</a>" in note
    assert "2026-10-16" not in everything
    # Files a published page links to are copied; the rest are not.
    assert (result.site / "notes" / "board.png").exists()
    assert (result.site / "files" / "plan.txt").read_text(encoding="utf-8") == "shared plan\n"
    assert not (result.site / "files" / "review.txt").exists()
    assert not (result.site / "files" / "unlinked.txt").exists()


def test_raw_html_styled_private_stops_a_shared_build(
    make_handbook: Callable[..., Path], build: Callable[..., Build],
) -> None:
    note = SHARED_NOTE.replace(
        "We talked about the roadmap.", '<div class="private" markdown>\n    canaryrawhtml\n    </div>\n'
    )
    project = with_board(make_handbook({**FILES, "notes/2026-11-20.md": note}))
    result = build(project, strict=False, HANDBOOK_AUDIENCE="team")
    assert result.returncode != 0
    assert (
        'content/notes/2026-11-20.md: holds an element with the class "private" that a team build may not publish; '
        "build stopped" in result.log
    )
    assert "Traceback" not in result.log
    assert "canaryrawhtml" not in (published(result.site) if result.site.exists() else "")
    assert build(project).returncode == 0  # the owner's own build is unaffected


@pytest.mark.parametrize(
    "body",
    [
        "!!! Private\n    secret",
        "!!!private\n    secret",
        '??? PRIVATE "t"\n    secret',
        "???+ private\n    secret",
        "!!! note private\n    secret",
        "> !!! private\n>     secret\n>\n>     secret",
        "> !!! private\n    secret (lazy)",
        ">> !!! private\n>>     secret",
        "- !!! private\n      secret",
        "\t!!! private\n\t\tsecret",
        "!!! private\n    ```\nsecret at column one\n    ```",
        "```\nnever closed\n\n!!! private\n    secret",
        "Term\n:   !!! private\n        secret",
        "- > !!! private\n  >     secret",
        "1. item\n\n    ???+ private\n        secret",
    ],
)
def test_every_private_section_spelling_is_stripped(body: str) -> None:
    stripped = strip_private_sections(f"Before.\n\n{body}\n\nAfter.\n")
    assert "secret" not in stripped
    assert stripped.startswith("Before.") and "After." in stripped


def test_what_follows_a_private_section_stays() -> None:
    body = "> quote\n> !!! private\n>     secret\n> kept quote\n- item\n    !!! private\n        secret\n    kept\n"
    stripped = strip_private_sections(body)
    assert "secret" not in stripped
    assert "> kept quote" in stripped and "    kept" in stripped


def test_stripping_is_linear_on_hostile_fences() -> None:
    # Fences that never close: searching each to the end would take quadratic time.
    body = "```` x\n" * 200_000 + "!!! private\n    secret\n"
    assert "secret" not in strip_private_sections(body)


def test_rendered_html_checks() -> None:
    assert holds_private_element('<div class="admonition private">')
    assert holds_private_element("<details class='Private'>")
    assert not holds_private_element('<div class="admonition note">private words</div>')
    html = '<a href="../../files/a.txt">a</a> <img src="b.png"> <a href="https://x.org/c">c</a> <a href="#d">d</a>'
    assert linked_paths(html, "notes/2026/x/index.html") == {"notes/files/a.txt", "notes/2026/x/b.png"}
    for same in ("notes/x.md", "notes/x/", "notes/x/index.html", "notes/x/index.md"):
        assert address(same) == "notes/x", same
    assert address("people.md") == address("people/index.md") == "people"
    assert address("index.md") == address(".") == ""


@pytest.mark.parametrize(
    ("audience", "message"),
    [
        ("person:alex-kmi", 'audience: person:alex-kmi: no person "alex-kmi" in people/ (did you mean "person:alex-kim"?)'),
        (
            "person:mei",
            "audience: person:mei: Mei is private, so a build for them would hold none of their pages "
            "(set visibility: shared in people/mei.md to build their agenda)",
        ),
        (
            "",
            "HANDBOOK_AUDIENCE is set but empty; expected owner, team or person:<slug> (unset it for an owner build)",
        ),
    ],
)
def test_a_build_for_nobody_stops_instead_of_building_something_else(
    make_handbook: Callable[..., Path], build: Callable[..., Build], audience: str, message: str,
) -> None:
    mei = "---\nname: Mei\nrelationship: peer\ncadence: monthly\nvisibility: private\n---\ncanarymei\n"
    project = with_board(make_handbook({**FILES, "people/mei.md": mei}))
    result = build(project, strict=False, HANDBOOK_AUDIENCE=audience)
    assert result.returncode != 0
    assert f"ERROR   -  {message}" in result.log
    assert "Traceback" not in result.log
    assert not (result.site / "index.html").exists()


def test_handbook_pages_marked_private_and_items_for_hidden_people_stay_out(
    make_handbook: Callable[..., Path], build: Callable[..., Build],
) -> None:
    zed = "---\nname: Zed Hidden\nrelationship: peer\ncadence: monthly\nvisibility: private\n---\nZed.\n"
    note = SHARED_NOTE.replace("We talked about the roadmap.", "We talked about the roadmap.\n\n    - [ ] @zed canaryzeditem")
    files = {
        **FILES,
        "people/zed.md": zed,
        "notes/2026-11-20.md": note,
        "guidance/mine.md": "---\ntitle: Mine\nvisibility: private\n---\ncanaryguidance\n",
        "questions/mine.md": "---\ntitle: Mine too\nprivate: true\n---\n- What canaryquestion? {#canary-q}\n",
    }
    project = with_board(make_handbook(files))
    owner = build(project)
    assert owner.returncode == 0, owner.log
    assert "canaryguidance" in owner.html("guidance/mine") and "Zed Hidden" in owner.html("")
    team = build(project, HANDBOOK_AUDIENCE="team")
    assert team.returncode == 0, team.log
    assert not (team.site / "guidance" / "mine").exists() and not (team.site / "questions" / "mine").exists()
    dashboard = team.html("")
    assert "canaryzeditem" not in dashboard  # not taken for the owner's own item
    everything = published(team.site)
    for canary in ("canaryguidance", "canaryquestion", "Zed Hidden"):
        assert canary not in everything, canary
