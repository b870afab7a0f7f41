"""The front-matter reader on ordinary files: what it accepts and how it reads values."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from generator.errors import ContentError
from generator.parse import Document, FieldReader, decode, split_document

NOTE = "content/notes/x.md"


def doc(text: str) -> Document:
    return split_document(text, NOTE)


def messages(text: str) -> list[str]:
    with pytest.raises(ContentError) as caught:
        doc(text)
    return [str(p) for p in caught.value.problems]


def reader(front_matter: str, known: tuple[str, ...] = ()) -> FieldReader:
    return FieldReader(doc(f"---\n{front_matter}---\nBody.\n"), known)


def test_fields_keep_their_lines_and_the_body_its_first_line() -> None:
    found = doc("---\nname: Alex Kim\nrole: Engineer\n---\nFirst line.\n\nMore.\n")
    assert found.fields is not None
    assert {name: f.line for name, f in found.fields.items()} == {"name": 2, "role": 3}
    assert found.body == "First line.\n\nMore.\n"
    assert found.body_line == 5


def test_a_file_without_front_matter_is_all_body() -> None:
    found = doc("# A page\n\nText.\n")
    assert found.fields is None
    assert found.body == "# A page\n\nText.\n"
    assert found.body_line == 1


@pytest.mark.parametrize("block", ["", "\n\n", "# only a comment\n"])
def test_empty_front_matter_has_no_fields(block: str) -> None:
    found = doc(f"---\n{block}---\nBody.\n")
    assert found.fields == {}
    assert found.body == "Body.\n"


def test_a_utf8_bom_is_dropped_from_bytes_and_text() -> None:
    raw = b"\xef\xbb\xbf---\nname: Alex\n---\nBody.\n"
    assert decode(raw, NOTE) == "---\nname: Alex\n---\nBody.\n"
    found = doc("\ufeff---\nname: Alex\n---\nBody.\n")
    assert found.fields is not None and list(found.fields) == ["name"]


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_line_endings_read_like_unix_ones(newline: str) -> None:
    text = "---\nname: Alex\nrole: Lead\n---\nOne.\nTwo.\n".replace("\n", newline)
    for found in (doc(text), doc(decode(text.encode(), NOTE))):
        assert found.fields is not None
        assert {n: f.line for n, f in found.fields.items()} == {"name": 2, "role": 3}
        assert found.body == "One.\nTwo.\n"
        assert found.body_line == 5


def test_three_dots_close_front_matter_as_in_yaml_and_mkdocs() -> None:
    found = doc("---\nname: Alex\n...\nBody.\n")
    assert found.fields is not None and list(found.fields) == ["name"]
    assert found.body == "Body.\n"


def test_spaces_after_the_fences_are_allowed() -> None:
    found = doc("---  \nname: Alex\n--- \t\nBody.\n")
    assert found.fields is not None and list(found.fields) == ["name"]


def test_a_later_rule_in_the_body_is_body() -> None:
    found = doc("---\nname: Alex\n---\nAbove.\n\n---\n\nBelow.\n")
    assert found.body == "Above.\n\n---\n\nBelow.\n"


def test_a_page_may_start_with_a_rule_written_as_asterisks() -> None:
    found = doc("***\n\nText.\n")
    assert found.fields is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False), ("FALSE", False)],
)
def test_booleans_are_true_and_false_only(value: str, expected: bool) -> None:
    read = reader(f"active: {value}\n")
    assert read.boolean("active") is expected
    assert read.problems == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yes", 'content/notes/x.md:2: active: expected true or false; got "yes"'),
        ("NO", 'content/notes/x.md:2: active: expected true or false; got "NO"'),
        ("on", 'content/notes/x.md:2: active: expected true or false; got "on"'),
        ("1", 'content/notes/x.md:2: active: expected true or false; got "1"'),
        ('"false"', 'content/notes/x.md:2: active: expected true or false; got "false" (remove the quotes)'),
        ("'true'", 'content/notes/x.md:2: active: expected true or false; got "true" (remove the quotes)'),
        ("[true]", "content/notes/x.md:2: active: expected true or false; got a list"),
    ],
)
def test_yaml_11_booleans_and_quoted_booleans_are_refused(value: str, message: str) -> None:
    read = reader(f"active: {value}\n")
    assert read.boolean("active") is None
    assert [str(p) for p in read.problems] == [message]


def test_a_missing_or_empty_boolean_is_none_without_a_problem() -> None:
    read = reader("active:\n")
    assert read.boolean("active") is None
    assert read.boolean("other") is None
    assert read.problems == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-20", (dt.date(2026, 11, 20), None)),
        ("'2026-11-20'", (dt.date(2026, 11, 20), None)),
        ("2026-11-20 15:30", (dt.date(2026, 11, 20), dt.time(15, 30))),
        ("2026-11-20T09:05", (dt.date(2026, 11, 20), dt.time(9, 5))),
        ("2026-11-20 9:05:30", (dt.date(2026, 11, 20), dt.time(9, 5, 30))),
        ("2024-02-29", (dt.date(2024, 2, 29), None)),
    ],
)
def test_dates_with_and_without_a_time(value: str, expected: tuple[dt.date, dt.time | None]) -> None:
    read = reader(f"date: {value}\n")
    assert read.date("date") == expected
    assert read.problems == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024-02-30", 'date: expected a real calendar date; got "2024-02-30"'),
        ("2026-13-01", 'date: expected a real calendar date; got "2026-13-01"'),
        ("0000-01-01", 'date: expected a real calendar date; got "0000-01-01"'),
        ("2026-11-20 24:00", 'date: expected a real calendar date and time of day; got "2026-11-20 24:00"'),
        ("20/11/2026", 'date: expected a date like 2026-11-20 (a time like 15:30 may follow); got "20/11/2026"'),
        ("2026-11-20Z", 'date: expected a date like 2026-11-20 (a time like 15:30 may follow); got "2026-11-20Z"'),
        ("２０２６-11-20", 'date: expected a date like 2026-11-20 (a time like 15:30 may follow); got "２０２６-11-20"'),
        ("[2026-11-20]", "date: expected a date like 2026-11-20 (a time like 15:30 may follow); got a list"),
    ],
)
def test_impossible_dates_are_refused_not_guessed(value: str, message: str) -> None:
    read = reader(f"date: {value}\n")
    assert read.date("date") is None
    assert [str(p) for p in read.problems] == [f"content/notes/x.md:2: {message}"]


def test_a_required_field_that_is_missing_or_empty_is_reported_on_line_1() -> None:
    read = reader("date:\n")
    assert read.date("date", required=True) is None
    assert read.text("name", required=True) is None
    assert [str(p) for p in read.problems] == [
        "content/notes/x.md:1: date: required field is missing; expected a date like 2026-11-20 (a time like 15:30 may follow)",
        "content/notes/x.md:1: name: required field is missing; expected a line of text",
    ]


def test_text_is_one_line_with_spacing_folded() -> None:
    read = reader("name: >\n  Alex\n  Kim\nrole: '  Staff   Engineer '\n")
    assert read.text("name") == "Alex Kim"
    assert read.text("role") == "Staff Engineer"
    assert reader("name: 1.0\n").text("name") == "1.0"
    assert reader("name: null\n").text("name") is None


@pytest.mark.parametrize(
    ("value", "expected"), [("0", 0), ("45", 45), ("1440", 1440), ("007", 7)],
)
def test_whole_numbers(value: str, expected: int) -> None:
    read = reader(f"minutes: {value}\n")
    assert read.integer("minutes", low=0, high=1440) == expected
    assert read.problems == []


@pytest.mark.parametrize(
    ("value", "got"),
    [("-5", '"-5"'), ("4.5", '"4.5"'), ("0x1F", '"0x1F"'), ("1_000", '"1_000"'), ("²", '"²"'),
     ("٣", '"٣"'), ("1441", "1441"), ("9999999", '"9999999"')],
)
def test_anything_but_plain_ascii_digits_in_range_is_refused(value: str, got: str) -> None:
    read = reader(f"minutes: {value}\n")
    assert read.integer("minutes", low=0, high=1440) is None
    assert [str(p) for p in read.problems] == [
        f"content/notes/x.md:2: minutes: expected a whole number from 0 to 1440; got {got}"
    ]


def test_words_are_lowercased_and_deduplicated_in_order() -> None:
    read = reader("topics: [Career, growth, career, '  Big   Picture ']\ntags: solo\n")
    assert read.words("topics") == ("career", "growth", "big picture")
    assert read.words("tags") == ("solo",)
    assert read.words("missing") == ()
    assert read.problems == []


def test_a_choice_suggests_the_closest_word() -> None:
    read = reader("status: canceled\n")
    assert read.choice("status", ("held", "cancelled", "rescheduled", "no-show")) is None
    assert [str(p) for p in read.problems] == [
        'content/notes/x.md:2: status: expected held, cancelled, rescheduled or no-show; got "canceled" '
        '(did you mean "cancelled"?)'
    ]


def test_a_near_miss_of_a_known_field_is_a_typo_and_other_fields_are_welcome() -> None:
    read = reader("stauts: held\nmy_field: 1\n", known=("status", "person"))
    assert [str(p) for p in read.problems] == ['content/notes/x.md:2: stauts: unknown field (did you mean "status"?)']


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        ("name: a\nName: b\n", "content/notes/x.md:3: Name: duplicate field (also on line 2)"),
        ("name: a\nNAME: b\n", "content/notes/x.md:3: NAME: duplicate field (also on line 2)"),
        ("name: a\nname: b\n", "content/notes/x.md:3: name: duplicate field (also on line 2)"),
        ("Straße: a\nSTRASSE: b\n", "content/notes/x.md:3: STRASSE: duplicate field (also on line 2)"),
        ("extra:\n  a: 1\n  A: 2\n", "content/notes/x.md:4: A: duplicate field (also on line 3)"),
        ("list:\n  - x: 1\n    X: 2\n", "content/notes/x.md:4: X: duplicate field (also on line 3)"),
        ("extra: {a: 1, 'A': 2}\n", "content/notes/x.md:2: A: duplicate field (also on line 2)"),
        ("1: a\n'1': b\n", "content/notes/x.md:3: 1: duplicate field (also on line 2)"),
    ],
)
def test_duplicate_fields_in_any_letter_case_at_any_level_are_refused(front_matter: str, message: str) -> None:
    assert messages(f"---\n{front_matter}---\n") == [message]


def test_every_duplicate_is_reported_in_one_pass() -> None:
    assert messages("---\na: 1\nA: 2\nb: 1\nB: 2\n---\n") == [
        "content/notes/x.md:3: A: duplicate field (also on line 2)",
        "content/notes/x.md:5: B: duplicate field (also on line 4)",
    ]


def test_plain_meta_keeps_strings_as_written() -> None:
    read = reader("title: Hello\nhide: [toc, navigation]\nsearch: {exclude: true}\ncount: 3\nempty:\n")
    assert read.plain_meta(["title", "hide", "search", "count", "empty"]) == {
        "title": "Hello", "hide": ["toc", "navigation"], "search": {"exclude": True}, "count": "3", "empty": None,
    }


def test_fields_are_nodes_so_yaml_never_converts_a_value() -> None:
    found = doc("---\ndate: 2024-02-30\nactive: NO\nn: 0o17\n---\n")
    assert found.fields is not None
    assert all(isinstance(f.node, yaml.ScalarNode) for f in found.fields.values())
    assert [f.node.value for f in found.fields.values()] == ["2024-02-30", "NO", "0o17"]
