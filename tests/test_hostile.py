"""Hostile and broken input, read without MkDocs: a located ContentError, never a crash or a hang.

Each case names the exact line a user sees. The same cases go through a real
build in test_hostile_build.py.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

import generator.parse
from generator.actions import parse_actions
from generator.errors import ContentError
from generator.load import ReadCache, _read_person, content_files, load_handbook, odd_entries
from generator.parse import decode, read_document, split_document

NOTE = "content/notes/x.md"
PERSON = "---\nname: Alex Kim\nrelationship: report\ncadence: weekly\n---\nAlex.\n"
GOOD_NOTE = "---\nperson: alex-kim\ndate: 2026-11-20\n---\nWe talked.\n"


def problems_of(text: str, display: str = NOTE) -> list[str]:
    with pytest.raises(ContentError) as caught:
        split_document(text, display)
    return [str(p) for p in caught.value.problems]


def read_problems(path: Path, root: Path | None = None, display: str = NOTE) -> list[str]:
    with pytest.raises(ContentError) as caught:
        read_document(path, display, root=root)
    return [str(p) for p in caught.value.problems]


def decode_problems(raw: bytes) -> list[str]:
    with pytest.raises(ContentError) as caught:
        decode(raw, NOTE)
    return [str(p) for p in caught.value.problems]


def handbook_with(root: Path, files: dict[str, str | bytes]) -> tuple[object, list[str]]:
    for name, content in {"people/alex-kim.md": PERSON, **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    handbook, problems = load_handbook(root, content_files(root))
    return handbook, [str(p) for p in problems]


# --- Nesting: libyaml's composer recurses in C and kills the process -------------------------

_READ_IN_CHILD = """
import sys
from generator.errors import ContentError
from generator.parse import split_document
text = open(sys.argv[1], encoding="utf-8").read()
try:
    split_document(text, "content/notes/x.md")
except ContentError as exc:
    print(exc.message)
else:
    print("read without error")
"""


def read_in_child(tmp_path: Path, text: str) -> str:
    """The reader's answer, from a child process: a segfault fails this test, not the whole run."""
    source = tmp_path / "input.md"
    source.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", _READ_IN_CHILD, str(source)], capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, f"reader died with {result.returncode}: {result.stderr[-2000:]}"
    return result.stdout.strip()


DEEP = "content/notes/x.md:2: front-matter is nested deeper than 16 levels"
NESTING = {
    "50,000 [ (100 KB)": (
        "---\nx: " + "[" * 50_000 + "]" * 50_000 + "\n---\n",
        "content/notes/x.md:2: front-matter is larger than 64 KB; move long text into the body",
    ),
    "50,000 { (100 KB)": (
        "---\nx: " + "{" * 50_000 + "}" * 50_000 + "\n---\n",
        "content/notes/x.md:2: front-matter is larger than 64 KB; move long text into the body",
    ),
    "20,000 [ under the size limit": ("---\nx: " + "[" * 20_000 + "]" * 20_000 + "\n---\n", DEEP),
    "20,000 { under the size limit": ("---\nx: " + "{a: " * 15_000 + "\n---\n", DEEP),
    "[ and { mixed": ("---\nx: " + "[{a: " * 5_000 + "\n---\n", DEEP),
    "17 levels of [": ("---\nx: " + "[" * 16 + "1" + "]" * 16 + "\n---\n", DEEP),
    "[ across lines": ("---\nx:\n" + "[\n" * 5_000 + "\n---\n", "content/notes/x.md:19: front-matter is nested deeper than 16 levels"),
    "compact block sequences": (
        "---\nx:\n" + "- " * 20_000 + "a\n---\n",
        "content/notes/x.md:3: front-matter is indented 40000 columns; at most 40 are allowed (nesting at most 16 levels)",
    ),
    "compact explicit keys": (
        "---\n" + "? " * 20_000 + "a\n---\n",
        "content/notes/x.md:2: front-matter is indented 40000 columns; at most 40 are allowed (nesting at most 16 levels)",
    ),
    "indented mappings": (
        "---\n" + "".join(" " * i + f"a{i}:\n" for i in range(300)) + "---\n",
        "content/notes/x.md:43: front-matter is indented 41 columns; at most 40 are allowed (nesting at most 16 levels)",
    ),
    "indented sequences": (
        "---\nx:\n" + "".join(" " * i + "-\n" for i in range(300)) + "---\n",
        "content/notes/x.md:43: front-matter is indented 41 columns; at most 40 are allowed (nesting at most 16 levels)",
    ),
    "block and flow mixed": ("---\nx:\n" + "- [" * 5_000 + "\n---\n", "content/notes/x.md:3: front-matter is nested deeper than 16 levels"),
    "block mappings in flow": ("---\nx:\n" + "- {a: " * 5_000 + "\n---\n", "content/notes/x.md:3: front-matter is nested deeper than 16 levels"),
    "quotes do not hide nesting": (
        "---\nname: \"it's\"\nx: " + "[" * 20 + "\n---\n",
        "content/notes/x.md:3: front-matter is nested deeper than 16 levels",
    ),
}


@pytest.mark.parametrize("case", NESTING, ids=list(NESTING))
def test_deep_nesting_is_refused_before_any_yaml_parser_recurses(tmp_path: Path, case: str) -> None:
    text, message = NESTING[case]
    started = time.monotonic()
    assert read_in_child(tmp_path, text) == message
    assert time.monotonic() - started < 30


def test_the_exact_depth_limit_holds_where_the_scan_is_lenient() -> None:
    nested = "x: " + "[" * 15 + "1" + "]" * 15 + "\n"
    assert split_document(f"---\n{nested}---\n", NOTE).fields is not None
    # Sixteen flow levels under the top mapping make seventeen: one too many.
    assert problems_of("---\nx: " + "[" * 16 + "1" + "]" * 16 + "\n---\n") == [DEEP]
    # Block nesting the indentation scan lets through is still counted exactly.
    block = "".join(" " * i + "- \n" for i in range(20))
    assert problems_of(f"---\nx:\n{block}---\n") == ["content/notes/x.md:18: front-matter is nested deeper than 16 levels"]


def test_the_pure_python_parser_is_as_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator.parse, "_Loader", yaml.SafeLoader)
    for text, message in NESTING.values():
        assert problems_of(text) == [message]
    assert split_document(GOOD_NOTE, NOTE).fields is not None


# --- Aliases, tags, odd YAML -----------------------------------------------------------------

BILLION_LAUGHS = "---\n" + "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 10)
) + "---\n"


def test_an_alias_bomb_is_refused_in_one_line_and_at_once() -> None:
    started = time.monotonic()
    assert problems_of(BILLION_LAUGHS) == [
        "content/notes/x.md:3: YAML aliases (*name) are not allowed; write the value out"
    ]
    assert time.monotonic() - started < 1


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        ("a: &x 1\nb: *x\n", "content/notes/x.md:3: YAML aliases (*name) are not allowed; write the value out"),
        ("a: &x [*x]\n", "content/notes/x.md:2: YAML aliases (*name) are not allowed; write the value out"),
        ("a: *nowhere\n", "content/notes/x.md:2: YAML aliases (*name) are not allowed; write the value out"),
        ("base: &b {x: 1}\n<<: *b\n", "content/notes/x.md:3: YAML aliases (*name) are not allowed; write the value out"),
        ("<<: {x: 1}\n", "content/notes/x.md:2: merge keys (<<) are not allowed; write the fields out"),
    ],
)
def test_aliases_and_merge_keys_are_refused(front_matter: str, message: str) -> None:
    assert message in problems_of(f"---\n{front_matter}---\n")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("!!python/object:os.system echo", "!!python/object:os.system"),
        ("!!python/object/apply:os.system [echo]", "!!python/object/apply:os.system"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!foo bar", "!foo"),
        ("!!str 42", "!!str"),
        ("!<tag:example.com,2000:x> 1", "tag:example.com,2000:x"),
    ],
)
def test_yaml_tags_are_refused(value: str, shown: str) -> None:
    assert problems_of(f"---\nname: Alex\nx: {value}\n---\n") == [
        f"content/notes/x.md:3: YAML tags ({shown}) are not allowed; write a plain value"
    ]


def test_a_second_yaml_document_inside_front_matter_is_refused() -> None:
    assert problems_of("---\na: 1\n--- b: 2\n---\n") == [
        "content/notes/x.md:3: front-matter holds a second YAML document; remove the --- inside it"
    ]


def test_broken_yaml_is_located() -> None:
    assert problems_of("---\nname: Alex\ntitle: a: b\n---\n") == [
        'content/notes/x.md:3: front-matter is not valid YAML: mapping values are not allowed in this context '
        '(put quotes around a value that contains ": ")'
    ]
    # An unclosed bracket is reported where it opened, not where the block ends.
    assert problems_of("---\nname: [Alex\n---\n") == [
        "content/notes/x.md:2: front-matter is not valid YAML: a list opened here is never closed with ]"
    ]
    assert problems_of("---\nname: Alex\nrole: {a: 1\n---\n") == [
        "content/notes/x.md:3: front-matter is not valid YAML: a mapping opened here is never closed with }"
    ]


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        ("a:\n\tb: 1\n", "content/notes/x.md:3: front-matter is indented with a tab; YAML needs spaces"),
        ("a:\n  \tb: 1\n", "content/notes/x.md:3: front-matter is indented with a tab; YAML needs spaces"),
        ("\tname: Alex\n", "content/notes/x.md:2: front-matter is indented with a tab; YAML needs spaces"),
    ],
)
def test_tabs_as_indentation_are_refused(front_matter: str, message: str) -> None:
    assert problems_of(f"---\n{front_matter}---\n") == [message]


def test_tabs_inside_values_are_fine() -> None:
    found = split_document("---\nname:\tAlex\nrole: 'a\tb'\n---\n", NOTE)
    assert found.fields is not None and sorted(found.fields) == ["name", "role"]


def test_duplicate_fields_in_any_case_also_nested_leave_the_note_out(tmp_path: Path) -> None:
    handbook, problems = handbook_with(tmp_path, {
        "notes/a.md": "---\nperson: alex-kim\ndate: 2026-11-20\nPerson: sam\n---\n",
        "notes/b.md": "---\nperson: alex-kim\ndate: 2026-11-21\nextra:\n  k: 1\n  K: 2\n---\n",
    })
    assert problems == [
        "content/notes/a.md:4: Person: duplicate field (also on line 2)",
        "content/notes/b.md:6: K: duplicate field (also on line 5)",
    ]


# --- Sizes: bounded time and memory ----------------------------------------------------------


def test_six_megabytes_of_front_matter(tmp_path: Path) -> None:
    block = "---\n" + "".join(f"field{i}: {'x' * 80}\n" for i in range(70_000)) + "---\nBody.\n"
    assert len(block) > 6_000_000
    started = time.monotonic()
    assert problems_of(block) == ["content/notes/x.md:2: front-matter is larger than 64 KB; move long text into the body"]
    path = tmp_path / "big.md"
    path.write_text(block, encoding="utf-8")
    del block
    assert read_problems(path) == [
        "content/notes/x.md: is larger than 4 MB; split it or move large files out of the content folder"
    ]
    assert time.monotonic() - started < 10


def test_front_matter_just_under_the_limit_is_read() -> None:
    block = "".join(f"f{i}: {'x' * 50}\n" for i in range(1000))
    assert len(block) < 64 * 1024
    found = split_document(f"---\n{block}---\n", NOTE)
    assert found.fields is not None and len(found.fields) == 1000


def test_a_fifty_megabyte_body_is_refused_reading_only_four(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    chunk = b"All work and no play makes a dull note.\n" * 26_000  # about 1 MB
    with open(path, "wb") as handle:
        handle.write(GOOD_NOTE.encode())
        for _ in range(50):
            handle.write(chunk)
    del chunk
    assert path.stat().st_size > 50_000_000
    tracemalloc.start()
    try:
        message = read_problems(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message == ["content/notes/x.md: is larger than 4 MB; split it or move large files out of the content folder"]
    assert peak < 12 * 1024 * 1024


def test_a_four_megabyte_note_full_of_bad_action_items_is_read_quickly() -> None:
    line = "- [ ] @alex-kimm do it due:2026-99-99 @al3x due:soon\n"
    body = line * (3_900_000 // len(line))
    started = time.monotonic()
    items, problems = parse_actions(body, body_line=5, people=["alex-kim"], display=NOTE)
    assert time.monotonic() - started < 10
    assert len(items) == body.count("\n")
    assert len(problems) == 21
    assert str(problems[0]) == 'content/notes/x.md:5: action item names "@alex-kimm", who is not in people/ (did you mean "@alex-kim"?)'
    assert str(problems[-1]) == "content/notes/x.md:15: more problems with action items from here on"


def test_a_million_distinct_unknown_names_are_not_each_guessed_at() -> None:
    body = "- [ ] " + " ".join(f"@zz{i}" for i in range(300_000)) + "\n"
    started = time.monotonic()
    items, problems = parse_actions(body, body_line=1, people=[f"person-{i}" for i in range(50)], display=NOTE)
    assert time.monotonic() - started < 10
    assert problems == [] and len(items) == 1


# --- Encodings and characters ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"---\nname: Al\x00ex\n---\n", "content/notes/x.md:2: contains a NUL byte; is it a binary file?"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "content/notes/x.md:3: contains a NUL byte; is it a binary file?"),
        (b"---\nname: Alex\n---\nGr\xfc\xdfe\n", "content/notes/x.md:4: is not valid UTF-8; save it as UTF-8"),
        (b"---\nname: \xc3\n---\n", "content/notes/x.md:2: is not valid UTF-8; save it as UTF-8"),
        (b"\xed\xa0\x80", "content/notes/x.md:1: is not valid UTF-8; save it as UTF-8"),
        ("---\nname: Alex\n---\n".encode("utf-16"), "content/notes/x.md: is UTF-16 encoded; save it as UTF-8"),
        (b"\xfe\xff" + "---\n".encode("utf-16-be"), "content/notes/x.md: is UTF-16 encoded; save it as UTF-8"),
        (
            "---\nname: Alex\n---\n".encode("utf-16-le"),
            "content/notes/x.md: is UTF-16 encoded (without a byte-order mark); save it as UTF-8",
        ),
        (
            "---\nname: Alex\n---\n".encode("utf-16-be"),
            "content/notes/x.md: is UTF-16 encoded (without a byte-order mark); save it as UTF-8",
        ),
        ("---\nname: Alex\n---\n".encode("utf-32"), "content/notes/x.md: is UTF-32 encoded; save it as UTF-8"),
    ],
)
def test_bytes_that_are_not_utf8_text_are_refused(raw: bytes, message: str) -> None:
    assert decode_problems(raw) == [message]


def test_a_utf8_bom_and_any_line_endings_are_read(tmp_path: Path) -> None:
    handbook, problems = handbook_with(tmp_path, {
        "notes/bom.md": b"\xef\xbb\xbf" + GOOD_NOTE.encode(),
        "notes/cr.md": GOOD_NOTE.replace("20", "21").replace("\n", "\r").encode(),
        "notes/crlf.md": GOOD_NOTE.replace("20", "22").replace("\n", "\r\n").encode(),
        "notes/dots.md": GOOD_NOTE.replace("20", "23").replace("---\nWe", "...\nWe"),
    })
    assert problems == []
    assert [m.source.src_uri for m in handbook.meetings] == ["notes/bom.md", "notes/cr.md", "notes/crlf.md", "notes/dots.md"]  # type: ignore[attr-defined]
    assert {m.body for m in handbook.meetings} == {"We talked.\n"}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        ("name: a\x01b\n", "content/notes/x.md:2: front-matter contains the control character U+0001; remove it"),
        ("name: a\x1bb\n", "content/notes/x.md:2: front-matter contains the control character U+001B; remove it"),
        ("role: x\nname: a\x7f\n", "content/notes/x.md:3: front-matter contains the control character U+007F; remove it"),
        (
            "name: Alex\u2028visibility: team\n",
            "content/notes/x.md:2: front-matter contains a Unicode line separator (U+2028), which YAML reads as a "
            "line break; use an ordinary line break",
        ),
        (
            "name: Alex\x85visibility: team\n",
            "content/notes/x.md:2: front-matter contains a Unicode line separator (U+0085), which YAML reads as a "
            "line break; use an ordinary line break",
        ),
        ("name: \ufeffAlex\n", "content/notes/x.md:2: front-matter contains a byte-order mark (U+FEFF); remove it"),
        (
            "name: \ud800\n",
            "content/notes/x.md:2: front-matter contains a lone surrogate (U+D800), which is not text; save the file as UTF-8",
        ),
    ],
)
def test_characters_yaml_refuses_or_reads_as_line_breaks_are_located(front_matter: str, message: str) -> None:
    assert problems_of(f"---\n{front_matter}---\n") == [message]


@pytest.mark.parametrize(
    ("value", "code"), [('"Al\\0ex"', "0000"), ('"Al\\eex"', "001B"), ('"Al\\Lex"', "2028"), ('"Al\\Nex"', "0085"),
                        ('"\\r"', "000D"), ("[a, \"\\x7f\"]", "007F"),
                        ('"\\uD800"', None)],
)
def test_characters_written_as_escapes_are_refused_too(value: str, code: str | None) -> None:
    expected = (
        "content/notes/x.md:2: front-matter is not valid YAML: found invalid Unicode character escape code"
        if code is None  # libyaml refuses an escaped surrogate itself
        else f"content/notes/x.md:2: front-matter contains the character U+{code}, written as an escape; remove it"
    )
    assert problems_of(f"---\nname: {value}\n---\n") == [expected]


# --- Where front-matter starts and what it is ------------------------------------------------

STARTS = {
    "blank line first": ("\n---\nname: Alex\n---\n", 2),
    "blank lines first": ("\n\n\n---\nname: Alex\n---\n", 4),
    "spaces first": ("   ---\nname: Alex\n---\n", 1),
    "tab first": ("\t---\nname: Alex\n---\n", 1),
    "zero-width space first": ("\u200b---\nname: Alex\n---\n", 1),
    "two BOMs": ("\ufeff\ufeff---\nname: Alex\n---\n", 1),
    "no-break space first": ("\u00a0---\nname: Alex\n---\n", 1),
}


@pytest.mark.parametrize("case", STARTS, ids=list(STARTS))
def test_front_matter_not_on_line_one_is_refused_not_published_as_text(case: str) -> None:
    text, line = STARTS[case]
    assert problems_of(text) == [
        f"content/notes/x.md:{line}: front-matter must start on line 1 with ---; "
        "remove the blank lines, spaces or invisible characters before it"
    ]


def test_invisible_characters_after_the_opening_fence_are_refused() -> None:
    assert problems_of("---\u200b\nname: Alex\n---\n") == [
        "content/notes/x.md:1: the --- on line 1 is followed by invisible characters; remove them"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("+++\ntitle = 'x'\n+++\n", "content/notes/x.md:1: TOML front-matter (+++) is not supported; write YAML between --- lines"),
        ('{\n  "title": "x"\n}\n', "content/notes/x.md:1: JSON front-matter is not supported; write YAML between --- lines"),
        ('{"title": "x"}\nBody\n', "content/notes/x.md:1: JSON front-matter is not supported; write YAML between --- lines"),
        (
            "---\n- a\n- b\n---\n",
            "content/notes/x.md:2: front-matter must be a set of fields like `name: Alex Kim`; got a list "
            "(for a horizontal rule at the top of a page, write *** instead of ---)",
        ),
        (
            "---\n[a, b]\n---\n",
            "content/notes/x.md:2: front-matter must be a set of fields like `name: Alex Kim`; got a list "
            "(for a horizontal rule at the top of a page, write *** instead of ---)",
        ),
        (
            "---\njust words\n---\n",
            "content/notes/x.md:2: front-matter must be a set of fields like `name: Alex Kim`; got a single value "
            "(for a horizontal rule at the top of a page, write *** instead of ---)",
        ),
        (
            "---\n\nSome text after a rule.\n\n---\nMore text.\n",
            "content/notes/x.md:3: front-matter must be a set of fields like `name: Alex Kim`; got a single value "
            "(for a horizontal rule at the top of a page, write *** instead of ---)",
        ),
        (
            "---\n\nA page that starts with a rule.\n",
            "content/notes/x.md:1: front-matter opened with --- on line 1 is never closed; add a line with --- after "
            "the last field (for a horizontal rule at the top of a page, write *** instead)",
        ),
    ],
)
def test_front_matter_of_another_kind_or_shape_is_refused(text: str, message: str) -> None:
    assert problems_of(text) == [message]


def test_text_that_only_resembles_front_matter_is_a_page() -> None:
    for text in ("{: .lead }\nHello\n", "---- \nHello\n", "--- a heading?\n", "+++x\n", "***\n\n---\n"):
        found = split_document(text, NOTE)
        assert found.fields is None and found.body == text


def test_an_empty_file_is_not_a_note_but_may_be_a_page(tmp_path: Path) -> None:
    handbook, problems = handbook_with(tmp_path, {"notes/empty.md": "", "people/empty.md": "", "guidance/empty.md": ""})
    assert problems == [
        "content/notes/empty.md:1: a meeting note needs front-matter between --- lines, starting on line 1",
        "content/people/empty.md:1: a person's page needs front-matter between --- lines, starting on line 1",
    ]
    assert [p.source.src_uri for p in handbook.pages] == ["guidance/empty.md"]  # type: ignore[attr-defined]


# --- Values of the wrong type in every field -------------------------------------------------

PERSON_FIELDS = "name: Alex Kim\nrelationship: report\ncadence: weekly\n"
WRONG_PERSON = [
    ("name", "[Alex, Kim]", "4: name: expected a line of text; got a list"),
    ("name", "{first: Alex}", "4: name: expected a line of text; got a set of fields"),
    ("name", "x" * 10_000, "4: name: expected at most 300 characters; got 10000"),
    ("name", '""', "4: name: expected a line of text; got nothing"),
    ("name", "~", "1: name: required field is missing; expected a line of text"),
    ("role", "[a]", "5: role: expected a line of text; got a list"),
    ("relationship", "Report", '4: relationship: expected report, manager, skip-level, peer, mentee or other; got "Report" (did you mean "report"?)'),
    ("relationship", "{a: 1}", "4: relationship: expected report, manager, skip-level, peer, mentee or other; got a set of fields"),
    ("cadence", "wekly", '4: cadence: expected weekly, biweekly, monthly or a number of days from 1 to 366; got "wekly" (did you mean "weekly"?)'),
    ("cadence", "0", '4: cadence: expected weekly, biweekly, monthly or a number of days from 1 to 366; got "0"'),
    ("cadence", "367", '4: cadence: expected weekly, biweekly, monthly or a number of days from 1 to 366; got "367"'),
    ("cadence", "[7]", "4: cadence: expected weekly, biweekly, monthly or a number of days from 1 to 366; got a list"),
    ("cadence", "²", '4: cadence: expected weekly, biweekly, monthly or a number of days from 1 to 366; got "²"'),
    ("cadence", "1" * 5000, f'4: cadence: expected weekly, biweekly, monthly or a number of days from 1 to 366; got "{"1" * 37}..."'),
    ("since", "[2024-01-01]", "5: since: expected a date like 2026-11-20 (a time like 15:30 may follow); got a list"),
    ("since", "2024-02-30", '5: since: expected a real calendar date; got "2024-02-30"'),
    ("active", "NO", '5: active: expected true or false; got "NO"'),
    ("active", '"false"', '5: active: expected true or false; got "false" (remove the quotes)'),
    ("active", "[]", "5: active: expected true or false; got a list"),
    ("visibility", "public", '5: visibility: expected private, shared or team; got "public"'),
    ("visibility", "{team: true}", "5: visibility: expected private, shared or team; got a set of fields"),
    ("private", "yes", '5: private: expected true or false; got "yes"'),
    ("tags", "{a: 1}", "5: tags: expected a list of words like [career, onboarding]; got a set of fields"),
    ("tags", "[[a]]", "5: tags: expected a list of words like [career, onboarding]; got a list"),
    ("tags", "[" + ", ".join(["t"] * 51) + "]", "5: tags: expected at most 50 items; got 51"),
]


@pytest.mark.parametrize(("field", "value", "message"), WRONG_PERSON, ids=[f"{f}={v[:20]}" for f, v, _ in WRONG_PERSON])
def test_a_person_with_a_wrong_value_is_left_out(tmp_path: Path, field: str, value: str, message: str) -> None:
    kept = "".join(line + "\n" for line in PERSON_FIELDS.splitlines() if not line.startswith(f"{field}:"))
    handbook, problems = handbook_with(tmp_path, {"people/sam.md": f"---\n{kept}{field}: {value}\n---\nSam.\n"})
    assert problems == [f"content/people/sam.md:{message}"]
    assert sorted(handbook.people) == ["alex-kim"]  # type: ignore[attr-defined]


WRONG_NOTE = [
    ("person", "{slug: alex-kim}", "2: person: expected the slug of a file in people/; got a set of fields"),
    ("person", "[alex-kim]", "2: person: expected the slug of a file in people/; got a list"),
    ("date", "[2026-11-20]", "3: date: expected a date like 2026-11-20 (a time like 15:30 may follow); got a list"),
    ("date", "2024-02-30", '3: date: expected a real calendar date; got "2024-02-30"'),
    ("date", "2026-11-20 25:00", '3: date: expected a real calendar date and time of day; got "2026-11-20 25:00"'),
    ("status", "done", '4: status: expected held, cancelled, rescheduled or no-show; got "done"'),
    ("status", "[held]", "4: status: expected held, cancelled, rescheduled or no-show; got a list"),
    ("cancelled_by", "me", '4: cancelled_by: only applies to a cancelled or rescheduled meeting; status is "held"'),
    ("cancelled_by", "boss", '4: cancelled_by: expected me or them; got "boss"'),
    ("format", "zoom", '4: format: expected in-person, walking, outdoors, video or phone; got "zoom"'),
    ("minutes", "-5", '4: minutes: expected a whole number from 0 to 1440; got "-5"'),
    ("minutes", "1e3", '4: minutes: expected a whole number from 0 to 1440; got "1e3"'),
    ("minutes", "1441", "4: minutes: expected a whole number from 0 to 1440; got 1441"),
    ("planned_minutes", "[30]", "4: planned_minutes: expected a whole number from 0 to 1440; got a list"),
    ("mood", "9", "4: mood: expected a whole number from 1 to 5; got 9"),
    ("mood", "0", "4: mood: expected a whole number from 1 to 5; got 0"),
    ("mood", "'3'", '4: mood: expected a whole number from 1 to 5; got "3" (remove the quotes)'),
    ("mood", "³", '4: mood: expected a whole number from 1 to 5; got "³"'),
    ("topics", "{a: b}", "4: topics: expected a list of words like [career, onboarding]; got a set of fields"),
    ("topics", "[~]", "4: topics: expected a list of words like [career, onboarding]; got an empty item"),
    ("topics", "['x" + "y" * 100 + "']", f'4: topics: expected words of 1 to 80 characters; got "x{"y" * 36}..."'),
    ("asked", "[nope]", '4: asked: no question with id "nope" in questions/'),
    ("visibility", "secret", '4: visibility: expected private, shared or team; got "secret"'),
    ("visibility", "[team]", "4: visibility: expected private, shared or team; got a list"),
    ("private", '"true"', '4: private: expected true or false; got "true" (remove the quotes)'),
    ("private", "NO", '4: private: expected true or false; got "NO"'),
]


@pytest.mark.parametrize(("field", "value", "message"), WRONG_NOTE, ids=[f"{f}={v[:20]}" for f, v, _ in WRONG_NOTE])
def test_a_note_with_a_wrong_value_is_left_out(tmp_path: Path, field: str, value: str, message: str) -> None:
    values = {"person": "alex-kim", "date": "2026-11-20", field: value}
    front_matter = "".join(f"{k}: {v}\n" for k, v in values.items())
    handbook, problems = handbook_with(tmp_path, {
        "questions/q.md": "---\ntitle: Questions\n---\n- What is on your mind? {#on-your-mind}\n",
        "notes/n.md": f"---\n{front_matter}---\nSecret words.\n",
    })
    assert problems == [f"content/notes/n.md:{message}"]
    assert handbook.meetings == ()  # type: ignore[attr-defined]
    assert "notes/n.md" in handbook.left_out  # type: ignore[attr-defined]


def test_every_wrong_field_of_a_note_is_reported_together(tmp_path: Path) -> None:
    _, problems = handbook_with(tmp_path, {
        "notes/n.md": "---\nperson: [x]\ndate: soon\nmood: 9\nminutes: -5\nvisibility: public\n---\n",
    })
    assert problems == [
        "content/notes/n.md:2: person: expected the slug of a file in people/; got a list",
        'content/notes/n.md:3: date: expected a date like 2026-11-20 (a time like 15:30 may follow); got "soon"',
        "content/notes/n.md:4: mood: expected a whole number from 1 to 5; got 9",
        'content/notes/n.md:5: minutes: expected a whole number from 0 to 1440; got "-5"',
        'content/notes/n.md:6: visibility: expected private, shared or team; got "public"',
    ]


def test_bad_due_dates_in_action_items_are_located(tmp_path: Path) -> None:
    _, problems = handbook_with(tmp_path, {
        "notes/n.md": GOOD_NOTE + "- [ ] @me send it due:2026-02-30\n- [ ] @me call due:20261127\n",
    })
    assert problems == [
        'content/notes/n.md:6: action item due date: expected due:YYYY-MM-DD with a real date; got "2026-02-30"',
        'content/notes/n.md:7: action item due date: expected due:YYYY-MM-DD with a real date; got "20261127"',
    ]


# --- Files that are not notes ----------------------------------------------------------------


def test_a_folder_named_like_a_note(tmp_path: Path) -> None:
    (tmp_path / "notes" / "x.md").mkdir(parents=True)
    assert read_problems(tmp_path / "notes" / "x.md", tmp_path) == ["content/notes/x.md: is a folder, not a file"]
    assert [str(p) for p in odd_entries(tmp_path)[1]] == [
        "content/notes/x.md: is a folder named like a note; a note is a file (rename the folder)"
    ]


def test_a_link_out_of_the_content_folder_is_never_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\nperson: alex-kim\ndate: 2026-11-20\n---\nOutside words.\n", encoding="utf-8")
    root = tmp_path / "content"
    (root / "notes").mkdir(parents=True)
    (root / "notes" / "x.md").symlink_to(secret)
    (root / "notes" / "rel.md").symlink_to(Path("..") / ".." / "secret.md")
    assert read_problems(root / "notes" / "x.md", root) == [
        "content/notes/x.md: is a link to a file outside the content folder; not followed"
    ]
    _, problems = handbook_with(root, {})
    assert problems == [
        "content/notes/rel.md: is a link to a file outside the content folder; not followed",
        "content/notes/x.md: is a link to a file outside the content folder; not followed",
    ]


def test_a_link_inside_the_content_folder_is_read(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "real.md").write_text(GOOD_NOTE, encoding="utf-8")
    (tmp_path / "notes" / "alias.md").symlink_to("real.md")
    assert read_document(tmp_path / "notes" / "alias.md", NOTE, root=tmp_path).body == "We talked.\n"


def test_links_that_loop_or_lead_nowhere(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "loop.md").symlink_to("loop.md")
    (tmp_path / "notes" / "a.md").symlink_to("b.md")
    (tmp_path / "notes" / "b.md").symlink_to("a.md")
    (tmp_path / "notes" / "gone.md").symlink_to("nothing-here.md")
    _, problems = handbook_with(tmp_path, {})
    assert problems == [
        "content/notes/a.md: is a link that leads back to itself; not followed",
        "content/notes/b.md: is a link that leads back to itself; not followed",
        "content/notes/gone.md: is a link to a file that does not exist",
        "content/notes/loop.md: is a link that leads back to itself; not followed",
    ]


def test_a_folder_link_is_reported_and_nothing_under_it_is_read(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    root = tmp_path / "content"
    (root / "notes").mkdir(parents=True)
    (root / "notes" / "loop").symlink_to("..")
    (root / "notes" / "synced").symlink_to(tmp_path / "outside")
    links, problems = odd_entries(root)
    assert links == {"notes/loop", "notes/synced"}
    assert [str(p) for p in problems] == [
        "content/notes/loop: is a link to a folder; folder links are not followed, nothing in it is read "
        "(move the folder itself into the content folder)",
        "content/notes/synced: is a link to a folder; folder links are not followed, nothing in it is read "
        "(move the folder itself into the content folder)",
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_files_mkdocs_would_copy_are_refused_when_linked_out_missing_or_pipes(tmp_path: Path) -> None:
    (tmp_path / "secret.pdf").write_bytes(b"%PDF")
    root = tmp_path / "content"
    (root / "guidance").mkdir(parents=True)
    (root / "guidance" / "ok.png").write_bytes(b"png")
    (root / "guidance" / "inside.png").symlink_to("ok.png")
    (root / "guidance" / "secret.pdf").symlink_to(tmp_path / "secret.pdf")
    (root / "guidance" / "gone.png").symlink_to("nothing.png")
    (root / "guidance" / "loop.png").symlink_to("loop.png")
    os.mkfifo(root / "guidance" / "pipe.css")
    left_out, problems = odd_entries(root)
    assert left_out == {"guidance/secret.pdf", "guidance/gone.png", "guidance/loop.png", "guidance/pipe.css"}
    assert [str(p) for p in problems] == [
        "content/guidance/gone.png: is a link to a file that does not exist; not followed",
        "content/guidance/loop.png: is a link to a file that does not exist; not followed",
        "content/guidance/pipe.css: is not a regular file (a pipe, socket or device?); not read",
        "content/guidance/secret.pdf: is a link to a file outside the content folder; not followed",
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_not_opened_for_a_blocking_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    started = time.monotonic()
    assert read_problems(tmp_path / "pipe.md", tmp_path) == [
        "content/notes/x.md: is not a regular file (a pipe, socket or device?); not read"
    ]
    assert time.monotonic() - started < 5


def test_a_note_that_vanishes_between_listing_and_reading(tmp_path: Path) -> None:
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "alex-kim.md").write_text(PERSON, encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "x.md").write_text(GOOD_NOTE, encoding="utf-8")
    listed = content_files(tmp_path)
    cache = ReadCache()
    handbook, problems = load_handbook(tmp_path, listed, cache=cache)
    assert problems == [] and len(handbook.meetings) == 1
    (tmp_path / "notes" / "x.md").unlink()
    handbook, problems = load_handbook(tmp_path, listed, cache=cache)
    assert [str(p) for p in problems] == ["content/notes/x.md: was deleted or renamed before it could be read"]
    assert handbook.meetings == ()
    assert read_problems(tmp_path / "notes" / "x.md") == ["content/notes/x.md: was deleted or renamed before it could be read"]


def test_a_note_replaced_while_being_opened_is_read_as_it_now_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "x.md"
    target.write_text(GOOD_NOTE, encoding="utf-8")
    real_open = os.open
    swaps = 0

    def editor_saves_first(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        nonlocal swaps
        if Path(path) == target and swaps == 0:
            swaps += 1
            fresh = tmp_path / "x.md.tmp"
            fresh.write_text(GOOD_NOTE.replace("We talked.", "Saved again."), encoding="utf-8")
            os.replace(fresh, target)
        return real_open(path, flags, *args)

    monkeypatch.setattr(generator.parse.os, "open", editor_saves_first)
    assert read_document(target, NOTE, root=tmp_path).body == "Saved again.\n"


def test_a_link_swapped_to_point_outside_while_being_opened_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = tmp_path / "content"
    root.mkdir()
    (root / "inside.md").write_text(GOOD_NOTE, encoding="utf-8")
    (tmp_path / "outside.md").write_text(GOOD_NOTE.replace("We talked.", "Outside words."), encoding="utf-8")
    link = root / "x.md"
    link.symlink_to("inside.md")
    real_open = os.open

    def swap_then_open(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if Path(path) == link:
            link.unlink()
            link.symlink_to(tmp_path / "outside.md")
        return real_open(path, flags, *args)

    monkeypatch.setattr(generator.parse.os, "open", swap_then_open)
    assert read_problems(link, root) == ["content/notes/x.md: is a link to a file outside the content folder; not followed"]


def test_a_file_that_never_stops_changing_is_given_up_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_text(GOOD_NOTE, encoding="utf-8")
    (tmp_path / "b.md").write_text(GOOD_NOTE, encoding="utf-8")
    link = tmp_path / "x.md"
    link.symlink_to("a.md")
    real_open = os.open

    def flip(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if Path(path) == link:
            target = "b.md" if os.readlink(link) == "a.md" else "a.md"
            link.unlink()
            link.symlink_to(target)
        return real_open(path, flags, *args)

    monkeypatch.setattr(generator.parse.os, "open", flip)
    assert read_problems(link, tmp_path) == [
        "content/notes/x.md: kept changing while it was being read; build again once it is saved"
    ]


def test_permission_denied_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "alex-kim.md").write_text(PERSON, encoding="utf-8")
    (tmp_path / "notes").mkdir()
    locked = tmp_path / "notes" / "locked.md"
    locked.write_text(GOOD_NOTE, encoding="utf-8")
    real_open = os.open

    def deny(path: str | os.PathLike[str], flags: int, *args: int) -> int:
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr(generator.parse.os, "open", deny)
    handbook, problems = load_handbook(tmp_path, content_files(tmp_path))
    assert [str(p) for p in problems] == ["content/notes/locked.md: cannot be read: permission denied"]
    assert handbook.meetings == ()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads a chmod 000 file anyway")
def test_permission_denied_for_real(tmp_path: Path) -> None:
    locked = tmp_path / "locked.md"
    locked.write_text(GOOD_NOTE, encoding="utf-8")
    locked.chmod(0)
    try:
        assert read_problems(locked, tmp_path) == ["content/notes/x.md: cannot be read: permission denied"]
    finally:
        locked.chmod(0o644)


# --- Content that conflicts ------------------------------------------------------------------


def test_two_people_whose_file_names_differ_only_in_case(tmp_path: Path) -> None:
    handbook, problems = handbook_with(tmp_path, {
        "people/Alex-Kim.md": PERSON.replace("Alex Kim", "Alex K."),
        "notes/a.md": GOOD_NOTE,
        "notes/b.md": GOOD_NOTE.replace("alex-kim", "Alex-Kim").replace("20", "21"),
    })
    assert problems == [
        "content/notes/b.md:2: person: people/Alex-Kim.md could not be read (fix its problems first)",
        "content/people/Alex-Kim.md: a person's file name must be a slug of lowercase letters, digits and hyphens "
        '("alex-kim.md" already exists: merge the two files)',
    ]
    assert sorted(handbook.people) == ["alex-kim"]  # type: ignore[attr-defined]
    assert [m.source.src_uri for m in handbook.meetings] == ["notes/a.md"]  # type: ignore[attr-defined]


def test_people_index_is_reserved_for_the_generated_index(tmp_path: Path) -> None:
    handbook, problems = handbook_with(tmp_path, {"people/index.md": "---\ntitle: My people\n---\nEveryone.\n"})
    assert problems == [
        "content/people/index.md: people/index.md is reserved for the people index and cannot be a person "
        '(rename it after the person, e.g. "alex-kim.md"; the people index at /people/ is generated)'
    ]
    assert sorted(handbook.people) == ["alex-kim"]  # type: ignore[attr-defined]


def test_two_notes_for_the_same_person_at_the_same_time(tmp_path: Path) -> None:
    handbook, problems = handbook_with(tmp_path, {
        "notes/a.md": GOOD_NOTE,
        "notes/b.md": GOOD_NOTE,
        "notes/c.md": GOOD_NOTE.replace("2026-11-20", "2026-11-20 15:30"),
        "notes/d.md": GOOD_NOTE.replace("2026-11-20", "2026-11-20T15:30"),
    })
    assert problems == [
        "content/notes/b.md:3: date: another note for alex-kim is dated 2026-11-20: content/notes/a.md "
        "(add a time to tell them apart, or merge the notes)",
        "content/notes/d.md:3: date: another note for alex-kim is dated 2026-11-20 15:30: content/notes/c.md "
        "(add a time to tell them apart, or merge the notes)",
    ]
    assert [m.source.src_uri for m in handbook.meetings] == ["notes/a.md", "notes/c.md"]  # type: ignore[attr-defined]


def test_a_note_whose_person_was_deleted(tmp_path: Path) -> None:
    handbook, problems = handbook_with(tmp_path, {"notes/a.md": GOOD_NOTE.replace("alex-kim", "sam-okafor")})
    assert problems == ['content/notes/a.md:2: person: no person "sam-okafor" in people/ (add people/<slug>.md first)']
    assert handbook.meetings == ()  # type: ignore[attr-defined]


def test_a_note_whose_person_cannot_be_read(tmp_path: Path) -> None:
    _, problems = handbook_with(tmp_path, {
        "people/sam.md": "---\nname: Sam\nrelationship: peer\ncadence: wekly\n---\n",
        "notes/a.md": GOOD_NOTE.replace("alex-kim", "sam"),
    })
    assert problems == [
        "content/notes/a.md:2: person: people/sam.md could not be read (fix its problems first)",
        'content/people/sam.md:4: cadence: expected weekly, biweekly, monthly or a number of days from 1 to 366; got "wekly" '
        '(did you mean "weekly"?)',
    ]


def test_question_ids_that_collide_leave_the_later_list_out(tmp_path: Path) -> None:
    handbook, problems = handbook_with(tmp_path, {
        "questions/a.md": "---\ntitle: A\n---\n- Where do you want to be in two years? {#two-years}\n",
        "questions/b.md": "---\ntitle: B\n---\n## Later\n\n- What would you drop? {#two-years}\n",
    })
    assert problems == [
        'content/questions/b.md:6: question id "two-years" is already used at content/questions/a.md:4 '
        "(give one of them another {#id})"
    ]
    assert [p.source.src_uri for p in handbook.pages] == ["questions/a.md"]  # type: ignore[attr-defined]


# --- Regressions: crashes found by fuzzing and by hand ---------------------------------------

CRASHES: dict[str, Callable[[], object]] = {
    # int("²") raised ValueError although "²".isdigit() is true.
    "superscript cadence": lambda: _load_person("cadence: ²\n"),
    # int() of a 5,000-digit string raised ValueError (Python's digit limit).
    "huge cadence": lambda: _load_person("cadence: " + "9" * 5000 + "\n"),
    # str.encode failed on a lone surrogate before YAML was reached.
    "surrogate": lambda: split_document("---\nname: \udcff\n---\n", NOTE),
}


def _load_person(line: str) -> object:
    fields = "".join(x + "\n" for x in PERSON_FIELDS.splitlines() if not x.startswith(line.split(":")[0]))
    doc = split_document(f"---\n{fields}{line}---\n", "content/people/sam.md")
    return _read_person("people/sam.md", doc)


@pytest.mark.parametrize("case", CRASHES, ids=list(CRASHES))
def test_former_crashes_are_located_problems(case: str) -> None:
    with contextlib.suppress(ContentError):  # a located problem is the right outcome; anything else fails
        CRASHES[case]()


def test_brackets_and_indentation_inside_block_text_are_text() -> None:
    code = "".join(" " * (2 + i) + "[" * 20 + "\n" for i in range(60))
    found = split_document(f"---\ntitle: Deep code\nsnippet: |\n{code}notes: >-\n  {{{{{{{{{{{{{{{{{{{{{{{{\n---\n", NOTE)
    assert found.fields is not None and list(found.fields) == ["title", "snippet", "notes"]
    assert problems_of("---\nsnippet: |\n  text\nx: " + "[" * 17 + "\n---\n") == [
        "content/notes/x.md:4: front-matter is nested deeper than 16 levels"
    ]


def test_a_value_with_a_line_break_is_shown_on_one_line(tmp_path: Path) -> None:
    # Found by the fuzzer: a plain scalar folded over a blank line holds "\n", and the
    # message echoed it, splitting one problem over two lines of the build log.
    write = {
        "people/alex-kim.md": "---\nname: Alex\nrelationship: report\ncadence: weekly\n---\n",
        "notes/a.md": "---\nperson: al-ixk\n\n   0\ndate: 2026-11-01\n---\n",
        "notes/b\nc.md": "---\nperson: alex-kim\ndate: 2026-11-02\nstatus: helld\n---\n",
    }
    for name, text in write.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    _, problems = load_handbook(tmp_path, content_files(tmp_path))
    shown = [str(p) for p in problems]
    assert 'content/notes/a.md:2: person: no person "al-ixk\\n0" in people/ (add people/<slug>.md first)' in shown
    assert any(s.startswith("content/notes/b\\nc.md:4: status: expected held") for s in shown), shown
    assert all("\n" not in s for s in shown)


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        (
            {"people/alex-kim.md": PERSON.replace("cadence:", "since: 9999-12-30\ncadence:")},
            'since: expected a date from 1900 to 2999; got "9999-12-30"',
        ),
        ({"notes/a.md": GOOD_NOTE.replace("2026-11-20", "0001-01-01")}, "date: expected a date from 1900 to 2999"),
    ],
)
def test_dates_far_out_are_refused_before_any_arithmetic(
    tmp_path: Path, files: dict[str, str], problem: str,
) -> None:
    _, problems = handbook_with(tmp_path, files)
    assert len(problems) == 1 and problem in problems[0], problems


@pytest.mark.parametrize("name", ["مهر\u200cناز", "Family \U0001f468\u200d\U0001f469\u200d\U0001f467", "Ka\u00adtharina"])
def test_joiners_and_soft_hyphens_are_part_of_names(tmp_path: Path, name: str) -> None:
    handbook, problems = handbook_with(tmp_path, {"people/alex-kim.md": PERSON.replace("Alex Kim", f'"{name}"')})
    assert problems == []
    assert handbook.people["alex-kim"].name == name  # type: ignore[attr-defined]


def test_bidi_overrides_are_still_refused_in_names(tmp_path: Path) -> None:
    _, problems = handbook_with(tmp_path, {"people/alex-kim.md": PERSON.replace("Alex Kim", '"Alex \u202eKim"')})
    assert problems == ["content/people/alex-kim.md:2: name: expected a line of text; got the control character U+202E"]
