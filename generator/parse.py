"""The one front-matter reader. Strict, located, and fail-closed.

Every path that reads content goes through :func:`read_document`. Before YAML
sees a byte it bounds the file's size, the front-matter's size, its characters
and (by a linear scan) its nesting depth. YAML nodes are then built here from
the parser's event stream, without recursion and with an exact depth limit:
libyaml's own composer recurses once per level and kills the process on deep
nesting, so it is never used. Aliases, tags, duplicate keys (in any letter
case, at any level) and non-mapping front-matter are refused, and each
problem is reported with its file and line. Typed values are read from those
nodes by :class:`FieldReader`, so YAML 1.1 guesses (``NO`` as false,
``2024-02-30`` as a crash) never decide a value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import errno
import functools
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError, Problem

try:  # libyaml's parser is ~10x faster and iterative; only its events are used.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_DEPTH = 16
"""Lists and sets of fields nested in one another, the top-level fields included."""
MAX_INDENT = 2 * MAX_DEPTH + 8
"""Columns of indentation (block indicators such as ``- `` included) a front-matter line may have."""
MAX_TEXT = 300
_READ_ATTEMPTS = 3

_MERGE = "tag:yaml.org,2002:merge"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_FENCE_LINE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_OPENING = re.compile(r"^---[ \t]*$")
# Blank or invisible characters an editor may put before a fence without showing them.
_INVISIBLE = " \t\n\u00a0\u200b\u200c\u200d\u2060\ufeff"
# Characters YAML refuses, and those it reads as line breaks where editors may
# not (U+0085, U+2028, U+2029): a field hidden on the "same" line is never read.
_NOT_ALLOWED = re.compile(
    "[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_BLOCK_INDICATORS = re.compile(r"(?:[-?:](?:[ \t]+|$))+")
_BLOCK_SCALAR = re.compile(r"(?:^|[ \t])[|>][0-9+-]{0,2}[ \t]*(?:#.*)?$")
_DATE = re.compile(
    r"^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:(?:[Tt]| +)([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?$"
)
_WHOLE_NUMBER = re.compile(r"^[0-9]{1,6}$")
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


def read_document(
    path: Path, display: str, *, root: Path | None = None, folders: dict[str, str] | None = None
) -> Document:
    """Read and split one file; raise :class:`ContentError` naming everything wrong.

    ``root``, when given, is the content folder: a link leading out of it is
    refused rather than followed. Only regular files are read (a pipe would
    block forever), and at most ``MAX_FILE_BYTES`` of them. ``folders`` keeps
    the real paths of folders between calls of one build (see :func:`_real_path`).
    """
    return split_document(decode(_read_bytes(path, display, root, folders), display), display)


def _real_path(path: Path | str, folders: dict[str, str] | None) -> str:
    """Where ``path`` really is, links followed; raises OSError if it does not exist or links loop.

    With ``folders`` (one build's cache), a file that is no link is placed in
    its folder's real path, found once per folder: following every file's path
    from ``/`` took a tenth of a cold build at 10,000 notes.
    """
    if folders is None or stat.S_ISLNK(os.lstat(path).st_mode):
        return os.path.realpath(path, strict=True)
    folder, name = os.path.split(path)
    return os.path.join(_real_folder(folder, folders), name)


def _real_folder(folder: str, folders: dict[str, str]) -> str:
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder)
    return real


def _read_bytes(path: Path, display: str, root: Path | None, folders: dict[str, str] | None = None) -> bytes:
    for _attempt in range(_READ_ATTEMPTS):
        try:
            raw = _read_once(path, display, root, folders)
        except OSError as exc:
            raise _file_error(path, display, exc) from None
        if raw is not None:
            return raw
    raise _whole_file(display, "kept changing while it was being read; build again once it is saved")


def _read_once(path: Path, display: str, root: Path | None, folders: dict[str, str] | None) -> bytes | None:
    """The file's first ``MAX_FILE_BYTES + 1`` bytes; None if it was replaced while being opened."""
    real: str | None = None
    if root is not None:
        try:
            real = _real_path(path, folders)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise _whole_file(display, "is a link that leads back to itself; not followed") from None
            raise
        real_root = os.path.realpath(root) if folders is None else _real_folder(str(root), folders)
        if real != real_root and not real.startswith(real_root.rstrip("/") + "/"):
            raise _whole_file(display, "is a link to a file outside the content folder; not followed")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        opened = os.fstat(fd)
        if stat.S_ISDIR(opened.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(opened.st_mode):
            raise _whole_file(display, "is not a regular file (a pipe, socket or device?); not read")
        if real is not None and not os.path.samestat(opened, os.stat(real)):
            return None  # replaced (an editor saving, a checkout) between the check and the open
        data = _read_at_most(fd, MAX_FILE_BYTES + 1, opened.st_size)
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise _whole_file(
            display,
            f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; "
            "split it or move large files out of the content folder",
        )
    return data


def _read_at_most(fd: int, limit: int, size: int) -> bytes:
    """Up to ``limit`` bytes from ``fd``: the file's ``size`` and one byte more (to see its end), then any growth.

    One read of ``limit`` would allocate four megabytes for every small note.
    """
    parts: list[bytes] = []
    total = 0
    while total < limit:
        part = os.read(fd, min(limit - total, size + 1 - total if total <= size else 65536))
        if not part:
            break
        parts.append(part)
        total += len(part)
    return b"".join(parts)


def decode(raw: bytes, display: str) -> str:
    """UTF-8 text with any BOM removed and line endings normalised; located errors otherwise."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise _whole_file(display, "is UTF-32 encoded; save it as UTF-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _whole_file(display, "is UTF-16 encoded; save it as UTF-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        if _looks_like_utf16(raw):
            raise _whole_file(display, "is UTF-16 encoded (without a byte-order mark); save it as UTF-8")
        line = raw.count(b"\n", 0, nul) + 1
        raise ContentError([Problem(display, line, None, "contains a NUL byte; is it a binary file?")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ContentError([Problem(display, line, None, "is not valid UTF-8; save it as UTF-8")]) from None
    return _normalise_line_endings(text)


def _looks_like_utf16(raw: bytes) -> bool:
    """Mostly ASCII text with every other byte zero."""
    sample = raw[:512]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return odd.count(0) >= 0.8 * len(odd) or even.count(0) >= 0.8 * len(even)


def _normalise_line_endings(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def split_document(text: str, display: str) -> Document:
    """Split text into front-matter fields and body.

    Line endings are normalised and one leading BOM dropped, so text straight
    from :func:`decode` and text from elsewhere are read alike.
    """
    text = _normalise_line_endings(text)
    if text.startswith("\ufeff"):
        text = text[1:]
    first, _, rest = text.partition("\n")
    if not _OPENING.match(first):
        _refuse_other_front_matter(text, first, display)
        return Document(display, None, text, 1)
    fence = _FENCE_LINE.search(rest)
    if fence is None:
        raise ContentError([Problem(
            display, 1, None,
            "front-matter opened with --- on line 1 is never closed; add a line with --- "
            "after the last field (for a horizontal rule at the top of a page, write *** instead)",
        )])
    # Slices, not a list of every line joined again: the body is most of the file.
    block = rest[: max(fence.start() - 1, 0)]
    body = rest[fence.end() + 1 :]
    return Document(display, _parse_front_matter(block, display), body, rest.count("\n", 0, fence.start()) + 3)


def _refuse_other_front_matter(text: str, first: str, display: str) -> None:
    """Front-matter we would not read must not pass for the body of a page."""
    stripped = text.lstrip(_INVISIBLE)
    candidate = stripped.partition("\n")[0].rstrip(_INVISIBLE)
    if candidate == "---" and stripped is not text:
        line = text[: len(text) - len(stripped)].count("\n") + 1
        raise ContentError([Problem(
            display, line, None,
            "front-matter must start on line 1 with ---; "
            "remove the blank lines, spaces or invisible characters before it",
        )])
    if candidate == "---":
        raise ContentError([Problem(
            display, 1, None, "the --- on line 1 is followed by invisible characters; remove them",
        )])
    if first.rstrip() == "+++":
        raise ContentError([Problem(
            display, 1, None, "TOML front-matter (+++) is not supported; write YAML between --- lines",
        )])
    if first.strip() == "{" or first.startswith('{"'):
        raise ContentError([Problem(
            display, 1, None, "JSON front-matter is not supported; write YAML between --- lines",
        )])


def _parse_front_matter(block: str, display: str) -> dict[str, Field]:
    if len(block.encode("utf-8", "surrogatepass")) > MAX_FRONT_MATTER_BYTES:
        raise ContentError([Problem(
            display, 2, None,
            f"front-matter is larger than {MAX_FRONT_MATTER_BYTES // 1024} KB; "
            "move long text into the body",
        )])
    simple = _simple_fields(block)
    if simple is not None:
        # Plain ASCII fields, one to a line: none of the checks below can find anything.
        return simple
    bad = _NOT_ALLOWED.search(block)
    if bad is not None:
        at = block.count("\n", 0, bad.start()) + 2
        raise ContentError([Problem(display, at, None, _describe_character(bad.group()))])
    deep = _too_deep(block)
    if deep is not None:
        raise ContentError([Problem(display, deep + 2, None, _too_deep_message(block, deep))])
    if "\t" in block:
        for number, line in enumerate(block.split("\n"), start=2):
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            if "\t" in indent:
                raise ContentError([Problem(
                    display, number, None, "front-matter is indented with a tab; YAML needs spaces",
                )])
    if not block.strip():
        return {}
    root = _compose(block, display)
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        kind = "a list" if isinstance(root, yaml.SequenceNode) else "a single value"
        raise ContentError([Problem(
            display, root.start_mark.line + 2, None,
            f"front-matter must be a set of fields like `name: Alex Kim`; got {kind}",
            hint="for a horizontal rule at the top of a page, write *** instead of ---",
        )])
    fields: dict[str, Field] = {}
    for key, value in root.value:
        name = str(key.value)
        fields[name] = Field(name, value, key.start_mark.line + 2)
    return fields


def _describe_character(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if char in "\x85\u2028\u2029":
        return (
            f"front-matter contains a Unicode line separator ({code}), which YAML reads as "
            "a line break; use an ordinary line break"
        )
    if char == "\ufeff":
        return f"front-matter contains a byte-order mark ({code}); remove it"
    if "\ud800" <= char <= "\udfff":
        return f"front-matter contains a lone surrogate ({code}), which is not text; save the file as UTF-8"
    return f"front-matter contains the control character {code}; remove it"


def _describe_escape(char: str) -> str:
    return f"front-matter contains the character U+{ord(char):04X}, written as an escape; remove it"


def _too_deep(block: str) -> int | None:
    """Index of the first line where flow or block nesting passes the limits, else None.

    A linear scan that never recurses, so that no parser ever sees extreme
    nesting. It errs on the side of letting text through: the node builder
    applies the exact limit.
    """
    depth = 0
    quote = ""
    text_indent: int | None = None  # inside a block scalar (| or >): text, however indented or bracketed
    for number, line in enumerate(block.split("\n")):
        content = line.lstrip(" ")
        indent = len(line) - len(content)
        if text_indent is not None:
            if not content or indent > text_indent:
                continue
            text_indent = None
        if not quote and _BLOCK_SCALAR.search(line):
            text_indent = indent
        lead = _BLOCK_INDICATORS.match(content)
        if lead is not None:
            indent += lead.end()
        if indent > MAX_INDENT:
            return number
        previous = ":"  # the start of a line may start a node
        escaped = False
        for char in line:
            if quote:
                if escaped:
                    escaped = False
                elif quote == '"' and char == "\\":
                    escaped = True
                elif char == quote:
                    quote = ""
                    previous = char
                continue
            if char in " \t":
                if previous != "#":
                    previous = previous if previous in ":[{,-?" else " "
                continue
            if char == "#" and previous in " :[{,-?":
                break
            if char in "'\"" and previous in " :[{,-?":
                quote = char
            elif char in "[{" and previous in " :[{,-?":
                depth += 1
                if depth > MAX_DEPTH:
                    return number
            elif char in "]}":
                depth = max(0, depth - 1)
            previous = char
    return None


def _too_deep_message(block: str, index: int) -> str:
    line = block.split("\n")[index]
    content = line.lstrip(" ")
    lead = _BLOCK_INDICATORS.match(content)
    indent = len(line) - len(content) + (0 if lead is None else lead.end())
    if indent > MAX_INDENT:
        return (
            f"front-matter is indented {indent} columns; at most {MAX_INDENT} are allowed "
            f"(nesting at most {MAX_DEPTH} levels)"
        )
    return f"front-matter is nested deeper than {MAX_DEPTH} levels"


_WORD = r"[A-Za-z0-9_](?:[A-Za-z0-9_./-]|:(?=[A-Za-z0-9]))*"
_ITEM = r"[A-Za-z0-9_][A-Za-z0-9_./-]*(?: [A-Za-z0-9_./-]+)*"
_SIMPLE_FIELD = re.compile(rf"([A-Za-z_][A-Za-z0-9_-]*): (?:({_WORD}(?: {_WORD})*)|\[((?:{_ITEM})(?:, {_ITEM})*)?\])")
"""``name: plain words`` or ``name: [plain, words]``: what nearly every note's front-matter is made of."""
_STR = "tag:yaml.org,2002:str"


_LINE_MARKS: list[yaml.Mark] = []


def _line_mark(index: int) -> yaml.Mark:
    """Where line ``index`` of a front-matter block starts; shared, since only its line is ever read."""
    while len(_LINE_MARKS) <= index:
        _LINE_MARKS.append(yaml.Mark("<front-matter>", 0, len(_LINE_MARKS), 0, "", 0))
    return _LINE_MARKS[index]


def _simple_fields(block: str) -> dict[str, Field] | None:
    """``block``'s fields, when every line is a :data:`_SIMPLE_FIELD` with a field name of its own; else None.

    Such lines mean the same to YAML and to this reading (plain scalars of
    letters, digits and ``_ . / - :``, no quotes, anchors, tags or comments),
    so the strict reader below is needed only for anything else. It costs ten
    times as much per file, most of a cold build's reading at 10,000 notes.
    """
    fields: dict[str, Field] = {}
    seen: set[str] = set()
    for index, line in enumerate(block.split("\n")):
        if not line:
            continue
        match = _SIMPLE_FIELD.fullmatch(line)
        if match is None:
            return None
        name, words, items = match.groups()
        folded = name.casefold()
        if folded in seen:
            return None  # the strict reader reports it
        seen.add(folded)
        mark = _line_mark(index)
        value: yaml.Node
        if words is not None:
            value = yaml.ScalarNode(_STR, words, mark, mark, style="")
        else:
            listed = [] if items is None else items.split(", ")
            value = yaml.SequenceNode(_SEQ, [yaml.ScalarNode(_STR, item, mark, mark, style="") for item in listed],
                                      mark, mark)
        fields[name] = Field(name, value, index + 2)
    return fields or None


@dataclass
class _Open:
    """A list or set of fields whose items are still being read."""

    node: yaml.SequenceNode | yaml.MappingNode
    key: yaml.Node | None = None
    keys: dict[str, int] = dataclasses.field(default_factory=dict)
    """Casefolded field name -> line, to find duplicates."""


def _compose(block: str, display: str) -> yaml.Node | None:
    """The one YAML document in ``block`` as nodes; refuses aliases, tags, duplicates, depth."""
    problems: list[Problem] = []
    loader = _Loader(block)
    root: yaml.Node | None = None
    stack: list[_Open] = []
    documents = aliases = 0
    try:
        while True:
            event: Any = loader.get_event()  # PyYAML's stubs type the C marks apart from the Python ones
            start: Any = event.start_mark
            end: Any = event.end_mark
            line = start.line + 2
            node: yaml.Node
            if isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    problems.append(Problem(
                        display, line, None,
                        "front-matter holds a second YAML document; remove the --- inside it",
                    ))
                    break
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                node = stack.pop().node
                node.end_mark = end
            elif isinstance(event, yaml.AliasEvent):
                if not aliases:  # an alias bomb gets one line, not thousands
                    problems.append(Problem(
                        display, line, None, "YAML aliases (*name) are not allowed; write the value out",
                    ))
                aliases += 1
                node = yaml.ScalarNode(_NULL, "", start, end)
            else:
                assert isinstance(event, yaml.NodeEvent)
                tag = getattr(event, "tag", None)
                if tag is not None:
                    shown = "!!" + tag[18:] if tag.startswith("tag:yaml.org,2002:") else tag
                    problems.append(Problem(
                        display, line, None, f"YAML tags ({shown[:40]}) are not allowed; write a plain value",
                    ))
                if isinstance(event, yaml.ScalarEvent):
                    bad = _NOT_ALLOWED.search(event.value)
                    if bad is not None:  # an escape in a double-quoted value: "\0", "\e", "\L"...
                        problems.append(Problem(display, line, None, _describe_escape(bad.group())))
                    # Only a merge key's tag is ever looked at; resolving every scalar would cost a tenth of reading.
                    resolved = (
                        loader.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
                        if event.value == "<<" else _STR
                    )
                    node = yaml.ScalarNode(
                        resolved, event.value, start, end, style=event.style,
                    )
                else:
                    if len(stack) >= MAX_DEPTH:
                        problems.append(Problem(
                            display, line, None, f"front-matter is nested deeper than {MAX_DEPTH} levels",
                        ))
                        break
                    opened: yaml.SequenceNode | yaml.MappingNode
                    if isinstance(event, yaml.SequenceStartEvent):
                        opened = yaml.SequenceNode(_SEQ, [], start, end)
                    else:
                        opened = yaml.MappingNode(_MAP, [], start, end)
                    stack.append(_Open(opened))
                    continue
            if not stack:
                root = node
            else:
                _add(stack[-1], node, display, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "cannot be read"
        context = exc.context or ""
        if exc.context_mark is not None and context.startswith("while parsing a flow"):
            # An unclosed [ or { is found where the block ends; point at where it opened.
            mark = exc.context_mark
            closer = "]" if "sequence" in context else "}"
            reason = f"a {'list' if closer == ']' else 'mapping'} opened here is never closed with {closer}"
        problems.append(Problem(
            display, None if mark is None else mark.line + 2, None,
            f"front-matter is not valid YAML: {reason}",
            hint=_yaml_hint(exc.problem or ""),
        ))
    except yaml.YAMLError as exc:
        reason = getattr(exc, "reason", None) or str(exc).split("\n")[0]
        problems.append(Problem(display, None, None, f"front-matter is not valid YAML: {reason}"))
    finally:
        loader.dispose()
    if problems:
        raise ContentError(problems)
    return root


def _add(parent: _Open, node: yaml.Node, display: str, problems: list[Problem]) -> None:
    if isinstance(parent.node, yaml.SequenceNode):
        parent.node.value.append(node)
        return
    if parent.key is None:
        parent.key = node
        return
    key, parent.key = parent.key, None
    line = key.start_mark.line + 2
    if not isinstance(key, yaml.ScalarNode):
        problems.append(Problem(display, line, None, "a field name must be a plain word, not a list or set"))
        return
    name = str(key.value)
    if key.tag == _MERGE and not key.style:
        problems.append(Problem(display, line, None, "merge keys (<<) are not allowed; write the fields out"))
        return
    folded = name.casefold()
    if folded in parent.keys:
        shown = name if len(name) <= 40 else name[:37] + "..."
        problems.append(Problem(display, line, shown, f"duplicate field (also on line {parent.keys[folded]})"))
        return
    parent.keys[folded] = line
    parent.node.value.append((key, node))


def _yaml_hint(problem: str) -> str | None:
    if "mapping values are not allowed" in problem:
        return 'put quotes around a value that contains ": "'
    if "'\\t'" in problem:
        return "use spaces, not tabs"
    return None


def _file_error(path: Path, display: str, exc: OSError) -> ContentError:
    if isinstance(exc, FileNotFoundError):
        reason = (
            "is a link to a file that does not exist" if path.is_symlink()
            else "was deleted or renamed before it could be read"
        )
    elif isinstance(exc, PermissionError):
        reason = "cannot be read: permission denied"
    elif isinstance(exc, IsADirectoryError):
        reason = "is a folder, not a file"
    elif exc.errno == errno.ELOOP:
        reason = "is a link that leads back to itself; not followed"
    else:
        reason = f"cannot be read: {exc.strerror or exc}"
    return _whole_file(display, reason)


def _whole_file(display: str, message: str) -> ContentError:
    return ContentError([Problem(display, None, None, message)])


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The choice most like ``word``, if one is reasonably close."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def quoted(value: str, limit: int = 40) -> str:
    """``value`` in double quotes for a message: shortened, on one line, invisible characters escaped."""
    shown = value if len(value) <= limit else value[: limit - 3] + "..."
    return '"' + "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown) + '"'


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a set of fields"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return quoted(str(node.value))


# Invisible but part of how people write: joiners in Persian, Indic and emoji sequences, soft hyphens.
_WRITTEN_FORMAT_CHARACTERS = frozenset("\u200c\u200d\u00ad")


def _control_character(value: str) -> str | None:
    """The first character of ``value`` that does not belong in a line of text (bidi overrides do not)."""
    for char in value:
        if not char.isprintable() and char not in " \t\n" and char not in _WRITTEN_FORMAT_CHARACTERS:
            return f"U+{ord(char):04X}"
    return None


def _plain_style(node: yaml.Node) -> bool:
    """Unquoted, unblocked: libyaml says "" where pure-Python PyYAML says None."""
    return not getattr(node, "style", None)


def _is_null(node: yaml.Node) -> bool:
    return (
        isinstance(node, yaml.ScalarNode)
        and _plain_style(node)
        and node.value in ("", "~", "null", "Null", "NULL")
    )


FIRST_YEAR = 1900
LAST_YEAR = 2999
"""Dates outside these years are refused: typos, and far enough out to overflow date arithmetic."""


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

    def _scalar_field(self, name: str, required: bool, expected: str) -> tuple[Field, str] | None:
        """The field and its text, when it is given and is a single value; else None, the problem noted."""
        field = self._get(name, required, expected)
        if field is None:
            return None
        value = self._scalar(field, expected)
        return None if value is None else (field, value)

    def _scalar(self, field: Field, expected: str) -> str | None:
        if not isinstance(field.node, yaml.ScalarNode):
            self.problem(field, f"expected {expected}; got {_describe(field.node)}")
            return None
        return str(field.node.value)

    def text(self, name: str, *, required: bool = False, max_length: int = MAX_TEXT) -> str | None:
        """A single line of text."""
        expected = "a line of text"
        found = self._scalar_field(name, required, expected)
        if found is None:
            return None
        field, value = found
        bad = _control_character(value)
        if bad is not None:
            self.problem(field, f"expected {expected}; got the control character {bad}")
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
        expected = _one_of(tuple(choices))
        found = self._scalar_field(name, required, expected)
        if found is None:
            return None
        field, value = found
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
        found = self._scalar_field(name, False, expected)
        if found is None:
            return None
        field, value = found
        if _plain_style(field.node) and value in _TRUE:
            return True
        if _plain_style(field.node) and value in _FALSE:
            return False
        hint = "remove the quotes" if value in _TRUE | _FALSE else None
        self.problem(field, f"expected {expected}; got {_describe(field.node)}", hint=hint)
        return None

    def date(self, name: str, *, required: bool = False) -> tuple[dt.date, dt.time | None] | None:
        """A real calendar date, YYYY-MM-DD, optionally followed by a time HH:MM."""
        expected = "a date like 2026-11-20 (a time like 15:30 may follow)"
        found = self._scalar_field(name, required, expected)
        if found is None:
            return None
        field, value = found
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
            what = "a real calendar date" if hour is None else "a real calendar date and time of day"
            self.problem(field, f"expected {what}; got {_describe(field.node)}")
            return None
        if not FIRST_YEAR <= day_value.year <= LAST_YEAR:
            # Cadence arithmetic on 9999-12-30 overflows; no one-on-one is that far out.
            self.problem(field, f"expected a date from {FIRST_YEAR} to {LAST_YEAR}; got {_describe(field.node)}")
            return None
        return day_value, time_value

    def integer(self, name: str, *, low: int, high: int) -> int | None:
        """A whole number within [low, high]."""
        expected = f"a whole number from {low} to {high}"
        found = self._scalar_field(name, False, expected)
        if found is None:
            return None
        field, value = found
        if not _plain_style(field.node) or not _WHOLE_NUMBER.match(value):
            quoted = not _plain_style(field.node) and _WHOLE_NUMBER.match(value)
            hint = "remove the quotes" if quoted else None
            self.problem(field, f"expected {expected}; got {_describe(field.node)}", hint=hint)
            return None
        number = int(value)
        if not low <= number <= high:
            self.problem(field, f"expected {expected}; got {number}")
            return None
        return number

    def given_empty(self, name: str, expected: str, why: str) -> bool:
        """Whether ``name`` is written with no value (``name:``, ``~``, ``null``); if so, a problem saying ``why``."""
        field = self.fields.get(name)
        if field is None or not _is_null(field.node):
            return False
        self.problem(field, f"expected {expected}; got nothing ({why})", hint="write a value or remove the line")
        return True

    def raw_scalar(self, name: str, expected: str, *, required: bool = False) -> tuple[Field, str] | None:
        """The text of a scalar field, for callers with their own rules."""
        found = self._scalar_field(name, required, expected)
        return None if found is None else (found[0], found[1].strip())

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
                got = "an empty item" if _is_null(item) else _describe(item)
                self.problem(field, f"expected {expected}; got {got}")
                return ()
            word = " ".join(str(item.value).split()).lower()
            bad = _control_character(word)
            if bad is not None:
                self.problem(field, f"expected {expected}; got the control character {bad}")
                return ()
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


@functools.lru_cache(maxsize=64)  # the same few sets of words, asked for four times a note
def _one_of(choices: tuple[str, ...]) -> str:
    if len(choices) == 1:
        return choices[0]
    return ", ".join(choices[:-1]) + " or " + choices[-1]
