"""Markdown structure the handbook reads in bodies: fenced code, and top-level list items.

:class:`Fences` is the one reader of fenced code: action items, private
sections, HTML comments and question and reading lists all ask it, so code
is code for every one of them.

Pure Python: no MkDocs imports, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_FENCE_OPENER = re.compile(r"(`{3,}|~{3,})")


def fence_marker(content: str) -> str | None:
    """The fence ``content`` opens (three or more backticks or tildes), after its indentation; None if none."""
    match = _FENCE_OPENER.match(content.lstrip(" \t"))
    return None if match is None else match.group(1)


def closes_fence(line: str, marker: str) -> bool:
    """Whether ``line`` closes the fence ``marker`` opened: as long or longer, the same character, nothing else.

    Indentation and blockquote markers before it are allowed: a fence in a
    list item or a quote closes at its own depth.
    """
    rest = line.lstrip(" \t>").rstrip()
    return rest.startswith(marker) and not rest.strip(marker[0])


class Fences:
    """Where fenced code closes in ``lines``, as Python-Markdown reads it: a fence never closed is no fence.

    Searching is bounded: past ``budget`` lines looked
    at, no fence is recognised any more (hostile input only).
    """

    BUDGET = 200_000

    def __init__(self, lines: Sequence[str], budget: int = BUDGET) -> None:
        self.lines = lines
        self.budget = budget
        self._unclosed: dict[str, tuple[int, int]] = {}
        """Per fence character: (length, line) of a marker known to close nowhere below that line."""

    def end(self, start: int, content: str | None = None) -> int | None:
        """The line closing the fence that line ``start`` opens; None if none.

        ``content`` is the line's text after any prefix (list or quote markers) the caller reads past.
        """
        marker = fence_marker(self.lines[start] if content is None else content)
        if marker is None:
            return None
        # A longer marker closes only where a shorter one would: once a marker is known to close
        # nowhere below a line, so is every marker as long or longer below any later line.
        known = self._unclosed.get(marker[0])
        if known is not None and len(marker) >= known[0] and start > known[1]:
            return None
        for index in range(start + 1, len(self.lines)):
            self.budget -= 1
            if self.budget < 0:
                return None
            if closes_fence(self.lines[index], marker):
                return index
        self._unclosed[marker[0]] = (len(marker), start)
        return None

    def outside(self) -> Iterator[tuple[int, str]]:
        """Each line (index, text) that is not part of a closed fence: its opener, code and closer are skipped."""
        if not any("```" in line or "~~~" in line for line in self.lines):
            yield from enumerate(self.lines)  # no line can open a fence: most note bodies
            return
        index = 0
        while index < len(self.lines):
            end = self.end(index)
            if end is not None:
                index = end + 1
                continue
            yield index, self.lines[index]
            index += 1

HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_ITEM_RE = re.compile(r"^( *)([-*+]|\d{1,9}[.)])([ \t]+|$)(.*)$")


@dataclass(frozen=True)
class ListItem:
    """A top-level list item: where it is and what it says."""

    first: int
    """0-based index of the line with its marker."""
    last: int
    """0-based index of the last line of its text."""
    indent: int
    """Column where its text starts; continuation lines are indented this far."""
    marker: str
    """Its list marker: `-`, `*`, `+` or a number with `.` or `)`."""
    text: str
    """Its text lines joined by spaces."""
    group: str
    """The `##` heading above it ("" if none)."""


def list_items(lines: Sequence[str]) -> list[ListItem]:
    """Every top-level list item, outside fenced code, with the `##` group it sits in.

    Nested items are sub-points of the item above them, not items of their
    own; continuation lines (indented or lazy) join the item's text.
    """
    items: list[ListItem] = []
    group = ""
    fences = Fences(lines)
    after_fence = 0
    # Column where the current top-level item's text starts; None outside a list.
    item_indent: int | None = None
    # The item whose text is being read: (first line, last line, marker, text parts).
    pending: tuple[int, int, str, list[str]] | None = None

    def flush() -> None:
        nonlocal pending
        if pending is not None and item_indent is not None:
            first, last, marker, parts = pending
            items.append(ListItem(first, last, item_indent, marker, " ".join(parts), group))
        pending = None

    for index, raw in enumerate(lines):
        if index < after_fence:
            continue
        fence_end = fences.end(index) if _FENCE_RE.match(raw) else None
        if fence_end is not None:
            flush()
            after_fence = fence_end + 1
            continue
        if not raw.strip():
            # A blank line ends the item's text but not the list.
            flush()
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        heading = HEADING_RE.match(raw)
        if heading and (item_indent is None or indent < item_indent):
            flush()
            item_indent = None
            level = len(heading.group(1))
            if level == 2:
                group = (heading.group(2) or "").strip()
            elif level == 1:
                group = ""
            continue
        item = _ITEM_RE.match(raw)
        if item and (item_indent is None or indent < item_indent) and indent <= 3:
            flush()
            marker_end = len(item.group(1)) + len(item.group(2)) + len(item.group(3))
            item_indent = marker_end if item.group(4) else len(item.group(1)) + 2
            pending = (index, index, item.group(2), [item.group(4).strip()])
            continue
        if item_indent is not None and indent >= item_indent and item is not None:
            # A nested item: a sub-point of the question, not part of its text.
            flush()
            continue
        if pending is not None:
            # A continuation line, indented or lazy.
            pending = (pending[0], index, pending[2], [*pending[3], raw.strip()])
            continue
        if item_indent is None or indent < item_indent:
            # Unindented text that continues no item ends the list.
            item_indent = None
    flush()
    return items

