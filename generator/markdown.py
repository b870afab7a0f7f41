"""Top-level list items of a Markdown body: the shape question and reading lists share.

Pure Python: no MkDocs imports, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
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
    fence: str | None = None
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
        if fence is not None:
            if closes_fence(raw, fence):
                fence = None
            continue
        fence_match = _FENCE_RE.match(raw)
        if fence_match:
            flush()
            fence = fence_match.group(1)
            continue
        if not raw.strip():
            # A blank line ends the item's text but not the list.
            flush()
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        heading = _HEADING_RE.match(raw)
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


def closes_fence(line: str, fence: str) -> bool:
    stripped = line.strip()
    return len(line) - len(line.lstrip(" ")) <= 3 and len(stripped) >= len(fence) and set(stripped) == {fence[0]}
