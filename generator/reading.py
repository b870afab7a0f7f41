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

from .markdown import list_items

__all__ = ["ReadingLink", "chip_tags", "parse_reading_list"]


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


# Only `-` and `*` items are entries.
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
    for item in list_items(body.splitlines()):
        if item.marker in _ENTRY_MARKERS:
            entry = _entry_from(item.text, list_slug, first_line + item.first)
            if entry is not None:
                entries.append(entry)
    return entries


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


def chip_tags(body: str) -> str:
    """``body`` with the #tags of each entry's note shown as chips (``<span class="hb-tag">career</span>``).

    Only the note after an entry's link or title changes; the link, other
    items and fenced code stay as written.
    """
    lines = body.split("\n")
    for item in list_items(lines):
        if item.marker not in _ENTRY_MARKERS:
            continue
        for index in range(item.first, item.last + 1):
            line = lines[index]
            start = 0
            if index == item.first:
                start = len(line) - len(line.lstrip(" ")) + len(item.marker)
                text = line[start:].lstrip()
                start = len(line) - len(text)
                title = _LINK_RE.match(text) or _EMPHASIS_RE.match(text)
                if title is None:
                    break
                start += title.end()
            lines[index] = line[:start] + _TAG_RE.sub(_chip, line[start:])
    return "\n".join(lines)


def _chip(match: re.Match[str]) -> str:
    tag = _tag_of(match)
    if tag is None:
        return match.group(0)
    return f'<span class="hb-tag"><span class="hb-sr-only">tag:</span>{tag}</span>'
