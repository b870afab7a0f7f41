"""Action items: task-list items in a note's body, with owner and due tokens."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from itertools import accumulate

from .errors import Problem
from .layout import PEOPLE
from .markdown import Fences
from .model import ActionItem
from .parse import closest, quoted

_TASK = re.compile(r"^[^\S\n]{0,12}[-*+][^\S\n]+\[([ xX])\][^\S\n]+(.*)$", re.MULTILINE)
"""A task-list line of a body: its checkbox and its text (whitespace within the line only)."""
_OWNER = re.compile(r"(?<![\w@])@([a-z0-9][a-z0-9-]*)\b")
_DUE = re.compile(r"(?<!\S)due:(\S+)")
_CHECKBOX = re.compile(r"\[[ xX]\]")
"""What every line :data:`_TASK` matches holds."""
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
MAX_PROBLEMS = 20
"""Problems listed per note body; past them one line says there are more."""
MAX_GUESSES = 200
"""Misspelt @names looked up per note body: a guess costs time, and a hostile note may hold a million."""


def action_key(text: str) -> str:
    """How two items are recognised as the same: case and spacing ignored."""
    return " ".join(text.casefold().split()).rstrip(".")


def _drop_token(owner: str) -> Callable[[re.Match[str]], str]:
    """A substitution that removes the owner's own @token and keeps any other mention."""
    return lambda match: "" if match.group(1) == owner else match.group(0)


def parse_actions(
    body: str, *, body_line: int, people: Collection[str], display: str
) -> tuple[tuple[ActionItem, ...], list[Problem]]:
    """Every task-list item of ``body`` outside code fences, and the problems found.

    At most ``MAX_PROBLEMS`` problems are listed, then one line saying there are more.
    """
    if _CHECKBOX.search(body) is None:
        return (), []  # most notes hold no task list: skip the line-by-line reading
    items: list[ActionItem] = []
    problems: list[Problem] = []
    guesses: dict[str, str | None] = {}

    def report(line: int, message: str, hint: str | None = None) -> None:
        if len(problems) < MAX_PROBLEMS:
            problems.append(Problem(display, line, None, message, hint))
        elif len(problems) == MAX_PROBLEMS:
            problems.append(Problem(display, line, None, "more problems with action items from here on"))

    for offset, match in _task_lines(body):
        number = body_line + offset
        done = match.group(1) != " "
        text = match.group(2)
        owner = "me"
        for token in _OWNER.finditer(text):
            slug = token.group(1)
            if slug == "me" or slug in people:
                owner = slug
                break
            if slug not in guesses and len(guesses) < MAX_GUESSES and len(problems) <= MAX_PROBLEMS:
                guesses[slug] = closest(slug, people)
            guess = guesses.get(slug)
            if guess is not None:
                report(
                    number,
                    f"action item names {quoted('@' + slug, 60)}, who is not in {PEOPLE}/",
                    f'did you mean "@{guess}"?',
                )
        due: dt.date | None = None
        due_token = _DUE.search(text)
        if due_token is not None:
            written = due_token.group(1)
            if _ISO_DATE.match(written):
                with contextlib.suppress(ValueError):  # 2026-02-30: the shape is right, the day is not
                    due = dt.date.fromisoformat(written)
            if due is None:
                report(number, f"action item due date: expected due:YYYY-MM-DD with a real date; got {quoted(written)}")
        words = _DUE.sub("", text)
        words = _OWNER.sub(_drop_token(owner), words, count=1)
        clean = " ".join(words.split())
        items.append(ActionItem(clean, action_key(clean), owner, due, done, number))
    return tuple(items), problems


def label_tokens(
    body: str,
    items: Collection[ActionItem],
    *,
    body_line: int,
    names: Mapping[str, str],
    overdue: Collection[str],
    escape: Callable[[str], str],
    date: Callable[[dt.date], str],
) -> str:
    """``body`` with each action item's owner and due tokens shown as labels, not as written.

    ``items`` are the items parsed from this ``body`` starting at file line
    ``body_line`` (their owner and due date decide the labels), ``names`` maps
    a slug to a display name, ``overdue`` holds the keys of items still open
    past their due date. A token the parser did not take
    (a misspelt date, a mention of someone else) stays as written.
    """
    by_line = {item.line: item for item in items}
    if not by_line:
        return body
    pieces: list[str] = []
    written = 0
    for index, match in _task_lines(body):
        item = by_line.get(body_line + index)
        if item is None:
            continue
        text = match.group(2)
        if item.due is not None:
            text = _DUE.sub("", text, count=1)
        text = _OWNER.sub(_drop_token(item.owner), text, count=1)
        owner = "me" if item.owner == "me" else names.get(item.owner, item.owner)
        labels = f'<span class="hb-sr-only">owner:</span> <span class="hb-owner">{escape(owner)}</span>'
        if item.due is not None:
            late = not item.done and item.key in overdue
            when = f"overdue, was due {date(item.due)}" if late else f"due {date(item.due)}"
            labels += f' <span class="hb-due{" hb-overdue" if late else ""}">{when}</span>'
        pieces += (body[written : match.start(2)], " ".join(text.split()), " ", labels)
        written = match.end()
    pieces.append(body[written:])
    return "".join(pieces)


def _task_lines(body: str) -> Iterator[tuple[int, re.Match[str]]]:
    """Each task-list line of ``body`` outside fenced code: its line index, and its match (spans within ``body``)."""
    if "```" not in body and "~~~" not in body:
        # No line can open a fence (most notes): only the lines holding a checkbox are looked at.
        index = at = 0
        for box in _CHECKBOX.finditer(body):
            start = body.rfind("\n", 0, box.start()) + 1
            if start < at:
                continue  # a second checkbox on a line already looked at
            end = body.find("\n", box.end())
            match = _TASK.match(body, start, len(body) if end < 0 else end)
            index += body.count("\n", at, start)
            at = start + 1 if match is None else match.end()
            if match is not None:
                yield index, match
        return
    lines = body.split("\n")
    starts = list(accumulate((len(line) + 1 for line in lines), initial=0))
    for index, line in Fences(lines).outside():
        match = _TASK.match(body, starts[index], starts[index] + len(line))
        if match is not None:
            yield index, match
