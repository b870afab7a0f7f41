"""The one front-matter reader. Strict, located, and fail-closed.

Every path that reads content goes through :func:`read_document`. It checks
size, encoding and nesting depth *before* YAML sees the text (libyaml's C
parser crashes the process on deep nesting), refuses aliases, tags,
duplicate keys and non-mapping front-matter, and reports each problem with
its file and line. Typed values are read from YAML *nodes* by
:class:`FieldReader`, so YAML 1.1 guesses (``NO`` as false, ``2024-02-30``
as a crash) never decide a value.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import ContentError, Problem

try:  # libyaml is ~10x faster; it is safe here because depth is bounded first.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_DEPTH = 16
MAX_TEXT = 300

_STR = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:(?:[Tt]| +)(\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
)
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


@dataclass(frozen=True)
class Field:
    """One top-level front-matter field."""

    name: str
    node: yaml.Node
    line: int
    """File line of the key."""


@dataclass(frozen=True)
class Document:
    """A content file split into front-matter fields and Markdown body."""

    display: str
    """The path shown in messages."""
    fields: dict[str, Field] | None
    """None when the file has no front-matter at all."""
    body: str
    """Markdown after the front-matter, line endings normalised to ``\\n``."""
    body_line: int
    """File line on which ``body`` starts."""


def read_document(path: Path, display: str, *, root: Path | None = None) -> Document:
    """Read and split one file; raise :class:`ContentError` naming everything wrong.

    ``root``, when given, is the content folder: a symlink leading out of it is
    refused rather than followed.
    """
    if root is not None:
        try:
            real = path.resolve(strict=True)
            inside = real.is_relative_to(root.resolve())
        except OSError as exc:
            raise _file_error(display, exc) from None
        if not inside:
            raise _whole_file(display, "is a link to a file outside the content folder; not followed")
    try:
        with open(path, "rb") as handle:
            if not os.path.isfile(path):
                raise IsADirectoryError(path)
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise _file_error(display, exc) from None
    if len(raw) > MAX_FILE_BYTES:
        raise _whole_file(
            display, f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; split it or move large files out of the content folder"
        )
    return split_document(decode(raw, display), display)


def decode(raw: bytes, display: str) -> str:
    """UTF-8 text with any BOM removed and line endings normalised; located errors otherwise."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _whole_file(display, "is UTF-16 encoded; save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        raise ContentError([Problem(display, line, None, "contains a NUL byte; is it a binary file?")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ContentError([Problem(display, line, None, "is not valid UTF-8; save it as UTF-8")]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_document(text: str, display: str) -> Document:
    """Split normalised text into front-matter fields and body."""
    lines = text.split("\n")
    first = lines[0] if lines else ""
    if first.rstrip() != "---":
        stripped = text.lstrip()
        if stripped.startswith("---") and _FENCE.match(stripped.split("\n", 1)[0]):
            line = text[: len(text) - len(stripped)].count("\n") + 1
            raise ContentError([Problem(
                display, line, None,
                "front-matter must start on line 1 with ---; remove the blank lines or spaces before it",
            )])
        if first.rstrip() == "+++":
            raise ContentError([Problem(display, 1, None, "TOML front-matter (+++) is not supported; write YAML between --- lines")])
        if first.startswith("{"):
            raise ContentError([Problem(display, 1, None, "JSON front-matter is not supported; write YAML between --- lines")])
        return Document(display, None, text, 1)
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
    if end is None:
        raise ContentError([Problem(
            display, 1, None,
            "front-matter opened with --- on line 1 is never closed; add a line with --- after the last field",
        )])
    block = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
    return Document(display, _parse_front_matter(block, display), body, end + 2)


def _parse_front_matter(block: str, display: str) -> dict[str, Field]:
    if len(block.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise _whole_file(display, f"front-matter is larger than {MAX_FRONT_MATTER_BYTES // 1024} KB")
    depth_line = _too_deep(block)
    if depth_line is not None:
        raise ContentError([Problem(display, depth_line + 2, None, f"front-matter is nested deeper than {MAX_DEPTH} levels")])
    if "\t" in block:
        for number, line in enumerate(block.split("\n"), start=2):
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            if "\t" in indent:
                raise ContentError([Problem(display, number, None, "front-matter is indented with a tab; YAML needs spaces")])
    if not block.strip():
        return {}
    try:
        loader = _Loader(block)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = None if mark is None else mark.line + 2
        reason = exc.problem or exc.context or "cannot be read"
        raise ContentError([Problem(display, line, None, f"front-matter is not valid YAML: {reason}")]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(display, None, None, f"front-matter is not valid YAML: {exc}")]) from None
    if root is None:
        return {}
    problems: list[Problem] = []
    _check_nodes(root, block, display, problems, set(), 0)
    if problems:
        raise ContentError(problems)
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        raise ContentError([Problem(
            display, 2, None, f"front-matter must be a set of fields like `name: Alex Kim`; got {kind}",
        )])
    fields: dict[str, Field] = {}
    for key, value in root.value:
        name = key.value
        fields[name] = Field(name, value, key.start_mark.line + 2)
    return fields


def _too_deep(block: str) -> int | None:
    """Index of the first line where flow or block nesting passes MAX_DEPTH, else None.

    Quotes and comments are skipped; the scan is linear and never recurses.
    """
    depth = 0
    for number, line in enumerate(block.split("\n")):
        indent = len(line) - len(line.lstrip(" "))
        if indent > 2 * MAX_DEPTH + 8:
            return number
        quote = ""
        for ch in line:
            if quote:
                if ch == quote:
                    quote = ""
            elif ch in "'\"":
                quote = ch
            elif ch == "#":
                break
            elif ch in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return number
            elif ch in "]}":
                depth = max(0, depth - 1)
    return None


def _check_nodes(
    node: yaml.Node, block: str, display: str, problems: list[Problem], seen: set[int], depth: int
) -> None:
    """Refuse aliases, tags and duplicate keys, at every level."""
    line = node.start_mark.line + 2
    if id(node) in seen:
        problems.append(Problem(display, _alias_line(block, line), None, "YAML aliases (*name) are not allowed; write the value out"))
        return
    seen.add(id(node))
    if depth > MAX_DEPTH:
        problems.append(Problem(display, line, None, f"front-matter is nested deeper than {MAX_DEPTH} levels"))
        return
    if node.tag not in _ALLOWED_TAGS:
        problems.append(Problem(display, line, None, f"YAML tag {node.tag!r} is not allowed; write a plain value"))
        return
    if isinstance(node, yaml.MappingNode):
        keys: dict[str, int] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                problems.append(Problem(display, key.start_mark.line + 2, None, "a field name must be a plain word"))
                continue
            key_line = key.start_mark.line + 2
            folded = str(key.value).casefold()
            if folded in keys:
                problems.append(Problem(
                    display, key_line, str(key.value), f"duplicate field (also on line {keys[folded]})",
                ))
            else:
                keys[folded] = key_line
            _check_nodes(key, block, display, problems, seen, depth + 1)
            _check_nodes(value, block, display, problems, seen, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_nodes(item, block, display, problems, seen, depth + 1)


_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s,\]}]+")


def _alias_line(block: str, anchor_line: int) -> int:
    """The line of the first alias after the anchor: a composed alias keeps only its anchor's mark."""
    for number, text in enumerate(block.split("\n"), start=2):
        if number > anchor_line and _ALIAS.search(text):
            return number
    return anchor_line


def _file_error(display: str, exc: OSError) -> ContentError:
    if isinstance(exc, FileNotFoundError):
        reason = "vanished while it was being read"
    elif isinstance(exc, PermissionError):
        reason = "cannot be read: permission denied"
    elif isinstance(exc, IsADirectoryError):
        reason = "is a folder, not a file"
    else:
        reason = f"cannot be read: {exc.strerror or exc}"
    return _whole_file(display, reason)


def _whole_file(display: str, message: str) -> ContentError:
    return ContentError([Problem(display, None, None, message)])


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like ``word``, if one is reasonably close."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a set of fields"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    value = str(node.value)
    shown = value if len(value) <= 40 else value[:37] + "..."
    return f'"{shown}"'


def _plain_style(node: yaml.Node) -> bool:
    """Unquoted, unblocked: libyaml says "" where pure-Python PyYAML says None."""
    return not getattr(node, "style", None)


def _is_null(node: yaml.Node) -> bool:
    return (
        isinstance(node, yaml.ScalarNode)
        and _plain_style(node)
        and node.value in ("", "~", "null", "Null", "NULL")
    )


class FieldReader:
    """Reads typed values from one document's fields, collecting every problem."""

    def __init__(self, doc: Document, known: Sequence[str]) -> None:
        self.doc = doc
        self.fields = doc.fields or {}
        self.problems: list[Problem] = []
        self._check_spelling(known)

    def _check_spelling(self, known: Sequence[str]) -> None:
        # Fields of one's own are welcome; a near-miss of ours is a typo that
        # would otherwise be ignored in silence (`stauts: cancelled`).
        for name, field in self.fields.items():
            if name in known:
                continue
            guess = closest(name, known)
            if guess is not None and guess not in self.fields:
                self.problem(field, "unknown field", hint=f'did you mean "{guess}"?')

    def problem(self, field: Field | str, message: str, hint: str | None = None) -> None:
        """Record a problem with a field (or a missing field, by name)."""
        if isinstance(field, Field):
            self.problems.append(Problem(self.doc.display, field.line, field.name, message, hint))
        else:
            self.problems.append(Problem(self.doc.display, 1, field, message, hint))

    def _get(self, name: str, required: bool, expected: str) -> Field | None:
        field = self.fields.get(name)
        if field is None or _is_null(field.node):
            if required:
                self.problem(name, f"required field is missing; expected {expected}")
            return None
        return field

    def _scalar(self, field: Field, expected: str) -> str | None:
        if not isinstance(field.node, yaml.ScalarNode):
            self.problem(field, f"expected {expected}; got {_describe(field.node)}")
            return None
        return str(field.node.value)

    def text(self, name: str, *, required: bool = False, max_length: int = MAX_TEXT) -> str | None:
        """A single line of text."""
        expected = "a line of text"
        field = self._get(name, required, expected)
        if field is None:
            return None
        value = self._scalar(field, expected)
        if value is None:
            return None
        value = " ".join(value.split())
        if len(value) > max_length:
            self.problem(field, f"expected at most {max_length} characters; got {len(value)}")
            return None
        if not value and required:
            self.problem(field, f"expected {expected}; got nothing")
            return None
        return value

    def choice(self, name: str, choices: Sequence[str], *, required: bool = False) -> str | None:
        """One of a fixed set of words."""
        expected = _one_of(choices)
        field = self._get(name, required, expected)
        if field is None:
            return None
        value = self._scalar(field, expected)
        if value is None:
            return None
        if value not in choices:
            guess = closest(value, choices)
            self.problem(
                field, f"expected {expected}; got {_describe(field.node)}",
                hint=None if guess is None else f'did you mean "{guess}"?',
            )
            return None
        return value

    def boolean(self, name: str) -> bool | None:
        """true or false, unquoted; YAML 1.1's yes/no/on/off are refused."""
        expected = "true or false"
        field = self._get(name, False, expected)
        if field is None:
            return None
        value = self._scalar(field, expected)
        if value is None:
            return None
        if _plain_style(field.node) and value in _TRUE:
            return True
        if _plain_style(field.node) and value in _FALSE:
            return False
        self.problem(field, f"expected {expected}; got {_describe(field.node)}")
        return None

    def date(self, name: str, *, required: bool = False) -> tuple[dt.date, dt.time | None] | None:
        """A real calendar date, YYYY-MM-DD, optionally followed by a time HH:MM."""
        expected = "a date like 2026-11-20 (a time like 15:30 may follow)"
        field = self._get(name, required, expected)
        if field is None:
            return None
        value = self._scalar(field, expected)
        if value is None:
            return None
        return self._parse_date(field, value.strip(), expected)

    def _parse_date(self, field: Field, value: str, expected: str) -> tuple[dt.date, dt.time | None] | None:
        match = _DATE.match(value)
        if match is None:
            self.problem(field, f"expected {expected}; got {_describe(field.node)}")
            return None
        year, month, day, hour, minute, second = match.groups()
        try:
            day_value = dt.date(int(year), int(month), int(day))
            time_value = (
                None if hour is None else dt.time(int(hour), int(minute), int(second or 0))
            )
        except ValueError:
            self.problem(field, f"expected a real calendar date; got {_describe(field.node)}")
            return None
        return day_value, time_value

    def integer(self, name: str, *, low: int, high: int) -> int | None:
        """A whole number within [low, high]."""
        expected = f"a whole number from {low} to {high}"
        field = self._get(name, False, expected)
        if field is None:
            return None
        value = self._scalar(field, expected)
        if value is None:
            return None
        if not _plain_style(field.node) or not value.isdigit() or len(value) > 6:
            self.problem(field, f"expected {expected}; got {_describe(field.node)}")
            return None
        number = int(value)
        if not low <= number <= high:
            self.problem(field, f"expected {expected}; got {number}")
            return None
        return number

    def raw_scalar(self, name: str, expected: str, *, required: bool = False) -> tuple[Field, str] | None:
        """The text of a scalar field, for callers with their own rules."""
        field = self._get(name, required, expected)
        if field is None:
            return None
        value = self._scalar(field, expected)
        return None if value is None else (field, value.strip())

    def words(self, name: str, *, max_items: int = 50, max_length: int = 80) -> tuple[str, ...]:
        """A list of short words (or one word), lowercased and deduplicated in order."""
        expected = "a list of words like [career, onboarding]"
        field = self._get(name, False, expected)
        if field is None:
            return ()
        node = field.node
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if len(items) > max_items:
            self.problem(field, f"expected at most {max_items} items; got {len(items)}")
            return ()
        found: list[str] = []
        for item in items:
            if not isinstance(item, yaml.ScalarNode) or _is_null(item):
                self.problem(field, f"expected {expected}; got {_describe(item) if not _is_null(item) else 'an empty item'}")
                return ()
            word = " ".join(str(item.value).split()).lower()
            if not word or len(word) > max_length:
                self.problem(field, f"expected words of 1 to {max_length} characters; got {_describe(item)}")
                return ()
            if word not in found:
                found.append(word)
        return tuple(found)

    def plain_meta(self, names: Iterable[str]) -> dict[str, object]:
        """Other fields as plain Python values, for the site builder (title, hide, tags...)."""
        meta: dict[str, object] = {}
        for name in names:
            field = self.fields.get(name)
            if field is not None:
                meta[name] = _plain(field.node)
        return meta


def _plain(node: yaml.Node) -> object:
    """A checked node (no aliases, no tags) as str / list / dict; scalars stay text."""
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): _plain(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    if _is_null(node):
        return None
    if _plain_style(node) and node.value in _TRUE:
        return True
    if _plain_style(node) and node.value in _FALSE:
        return False
    return str(node.value)


def _one_of(choices: Sequence[str]) -> str:
    if len(choices) == 1:
        return choices[0]
    return ", ".join(choices[:-1]) + " or " + choices[-1]
