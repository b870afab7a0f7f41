"""Reading lists: parse `content/reading/<list>.md` bodies into entries.

An entry is a top-level list item (`- ` or `* `) whose text starts with an
inline link, `[title](url)` or `[title](url "link title")`, or with an
emphasised title, `*Title*`, `**Title**`, `_Title_` or `__Title__`, which the
list gives without an address. The text after the link or title is the
entry's note; `#word` tokens in the note are its tags.

Any other item (plain text, a reference-style link, an ordered item) is not
an entry. Nested items are sub-points of the entry above them, not entries
and not part of its note. Items inside fenced code blocks are examples.
Continuation lines of an item are joined to its text.

Pure Python: no MkDocs imports, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ReadingLink", "parse_reading_list"]


@dataclass(frozen=True)
class ReadingLink:
    """One entry of a reading list."""

    title: str
    """The link text or the emphasised title, without emphasis markers."""
    url: str | None
    """The link's address; None when the list gives none."""
    note: str
    """Text after the link or title, without its #tags or a leading separator."""
    tags: tuple[str, ...]
    """Lowercased #tags of the note, in order of first appearance, without repeats."""
    list_slug: str
    """File stem of the list it belongs to."""
    line: int
    """1-based line of its list marker in the file."""


_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
# Any list item, so that nesting is judged right; only `-` and `*` items are entries.
_ITEM_RE = re.compile(r"^( *)([-*+]|\d{1,9}[.)])([ \t]+|$)(.*)$")
_ENTRY_MARKERS = ("-", "*")

# [text](url), [text](<url>), [text](url "title"), [text](url 'title'), [text](url (title)).
# The destination may hold one level of balanced parentheses, as many encyclopaedia URLs do.
_LINK_RE = re.compile(
    r"""^\[(?P<text>(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]
    \(\s*
    (?:<(?P<angle>[^<>\n]*)>|(?P<bare>(?:[^\s()\\]|\\.|\([^\s()]*\))*))
    (?:\s+(?:"[^"]*"|'[^']*'|\([^()]*\)))?
    \s*\)""",
    re.VERBOSE,
)
_EMPHASIS_RE = re.compile(r"^(\*\*|__|\*|_)(?!\s)(?P<title>.+?)(?<!\s)\1(?![*_])")
_WRAPPING_EMPHASIS_RE = re.compile(r"^(\*\*|__|\*|_)(?!\s)(.+?)(?<!\s)\1$")
# A tag starts after whitespace (or at the start) and holds letters, digits and hyphens.
_TAG_RE = re.compile(r"(?:(?<=\s)|^)#((?:[^\W_]|-)+)")
_SEPARATOR_RE = re.compile(r"^[\s\-\u2013\u2014:]+")


def parse_reading_list(body: str, *, list_slug: str, first_line: int = 1) -> list[ReadingLink]:
    """Entries of one reading list body (front-matter already removed).

    `first_line` is the file line number of the body's first line, so that
    `ReadingLink.line` points into the file.
    """
    entries: list[ReadingLink] = []
    fence: str | None = None
    # Column where the current top-level item's text starts; None outside a list.
    item_indent: int | None = None
    # The top-level item being read: (line, marker, text parts).
    pending: tuple[int, str, list[str]] | None = None

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            line, marker, parts = pending
            if marker in _ENTRY_MARKERS:
                entry = _entry_from(" ".join(parts), list_slug, line)
                if entry is not None:
                    entries.append(entry)
        pending = None

    for offset, raw in enumerate(body.splitlines()):
        line_no = first_line + offset
        if fence is not None:
            if _closes_fence(raw, fence):
                fence = None
            continue
        fence_match = _FENCE_RE.match(raw)
        if fence_match:
            flush()
            fence = fence_match.group(1)
            continue
        if not raw.strip():
            # A blank line ends lazy continuation but not the list.
            flush()
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        if _HEADING_RE.match(raw) and (item_indent is None or indent < item_indent):
            flush()
            item_indent = None
            continue
        item = _ITEM_RE.match(raw)
        if item and (item_indent is None or indent < item_indent) and indent <= 3:
            flush()
            marker_end = len(item.group(1)) + len(item.group(2)) + len(item.group(3))
            item_indent = marker_end if item.group(4) else len(item.group(1)) + 2
            pending = (line_no, item.group(2), [item.group(4).strip()])
            continue
        if item_indent is not None and indent >= item_indent:
            if item is not None:
                # A nested item: a sub-point of the entry, not part of its note.
                flush()
            elif pending is not None:
                pending[2].append(raw.strip())
            continue
        if pending is not None:
            # Lazy continuation: an unindented line right after the item's text.
            pending[2].append(raw.strip())
            continue
        # Any other unindented text ends the list.
        item_indent = None
    flush()
    return entries


def _closes_fence(line: str, fence: str) -> bool:
    stripped = line.strip()
    return (
        len(line) - len(line.lstrip(" ")) <= 3
        and len(stripped) >= len(fence)
        and set(stripped) == {fence[0]}
    )


def _entry_from(text: str, list_slug: str, line: int) -> ReadingLink | None:
    url: str | None
    link = _LINK_RE.match(text)
    if link:
        title = _unwrap_emphasis(link.group("text").strip())
        destination = link.group("angle")
        if destination is None:
            destination = link.group("bare") or ""
        url = destination.strip() or None
        rest = text[link.end() :]
    else:
        emphasis = _EMPHASIS_RE.match(text)
        if emphasis is None:
            return None
        title = emphasis.group("title").strip()
        url = None
        rest = text[emphasis.end() :]
    if not title:
        return None
    tags = _tags_of(rest)
    note = _TAG_RE.sub(lambda match: "" if _tag_of(match) else match.group(0), rest)
    note = _SEPARATOR_RE.sub("", note)
    note = " ".join(note.split())
    return ReadingLink(title=title, url=url, note=note, tags=tags, list_slug=list_slug, line=line)


def _unwrap_emphasis(text: str) -> str:
    match = _WRAPPING_EMPHASIS_RE.match(text)
    return match.group(2) if match else text


def _tags_of(note: str) -> tuple[str, ...]:
    tags: list[str] = []
    for match in _TAG_RE.finditer(note):
        tag = _tag_of(match)
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _tag_of(match: re.Match[str]) -> str | None:
    tag = match.group(1).strip("-").lower()
    # "#1" is a number, not a tag; "#1on1" is a tag.
    return tag if any(char.isalpha() for char in tag) else None
