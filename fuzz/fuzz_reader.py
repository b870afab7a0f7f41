#!/usr/bin/env python3
"""Coverage-guided fuzzing of the front-matter reader with atheris (libFuzzer).

Each input is a content file's bytes. It goes through what every build does
with a file, short of the disk: decode, split, every typed field read, the
person, note and page readers, and the action items of the body. The same
bytes are also split as text with lone surrogates (``surrogateescape``), as a
caller handing over ``str`` could. A ContentError is the right answer to bad
input; any other exception, a hang past ``-timeout`` or memory past
``-rss_limit_mb`` is a crash.

Run it through ``fuzz/run``; see fuzz/README.md.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout, installed or not

with atheris.instrument_imports(include=["generator", "yaml"]):
    from generator.actions import parse_actions
    from generator.errors import ContentError
    from generator.load import NOTE_FIELDS, PERSON_FIELDS, _read_note, _read_page, _read_person
    from generator.model import Person, Source
    from generator.parse import Document, FieldReader, decode, split_document

DISPLAY = "content/notes/fuzz.md"
KNOWN = tuple(dict.fromkeys(NOTE_FIELDS + PERSON_FIELDS))
ALEX = Person(
    slug="alex-kim", name="Alex Kim", role=None, relationship="report", cadence_days=7, cadence="weekly",
    since=None, active=True, visibility="shared", tags=(), body="", source=Source("people/alex-kim.md", "", 1),
)


def read_everything(doc: Document) -> None:
    reader = FieldReader(doc, KNOWN)
    for name in list(doc.fields or {})[:20] + list(KNOWN):
        reader.text(name)
        reader.text(name, required=True, max_length=10)
        reader.choice(name, ("held", "cancelled", "no-show"))
        reader.boolean(name)
        reader.date(name, required=True)
        reader.integer(name, low=0, high=1440)
        reader.raw_scalar(name, "anything")
        reader.words(name)
    reader.plain_meta(doc.fields or {})
    problems = list(reader.problems)
    problems += _read_person("people/alex-kim.md", doc, ("alex-kim",))[1]
    problems += _read_note("notes/fuzz.md", doc, {"alex-kim": ALEX}, ("two-years",), ("sam",))[1]
    problems += _read_page("guidance/fuzz.md", doc)[1]
    problems += parse_actions(doc.body, body_line=doc.body_line, people=("alex-kim", "sam"), display=DISPLAY)[1]
    for problem in problems:
        text = str(problem)
        assert "\n" not in text, f"a problem spans lines: {text!r}"


def TestOneInput(data: bytes) -> None:  # noqa: N802 - the name atheris looks for
    with contextlib.suppress(ContentError):  # the right answer to bad input
        read_everything(split_document(decode(data, DISPLAY), DISPLAY))
    with contextlib.suppress(ContentError):
        read_everything(split_document(data.decode("utf-8", "surrogateescape"), DISPLAY))


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
