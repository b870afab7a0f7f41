"""Action items: task-list items in a note's body, with owner and due tokens."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection

from .errors import Problem
from .model import ActionItem
from .parse import closest

_TASK = re.compile(r"^\s{0,12}[-*+]\s+\[([ xX])\]\s+(.*)$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_OWNER = re.compile(r"(?<![\w@])@([a-z0-9][a-z0-9-]*)\b")
_DUE = re.compile(r"(?<!\S)due:(\S+)")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
MAX_PROBLEMS = 20
"""Problems reported per note body; a file full of them gets one line for the rest."""


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

    At most ``MAX_PROBLEMS`` problems are listed, then one line counting the rest.
    """
    items: list[ActionItem] = []
    problems: list[Problem] = []
    fence: str | None = None
    for offset, line in enumerate(body.split("\n")):
        opening = _FENCE.match(line)
        if opening is not None:
            marker = opening.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
            continue
        if fence is not None:
            continue
        match = _TASK.match(line)
        if match is None:
            continue
        number = body_line + offset
        done = match.group(1) != " "
        text = match.group(2)
        owner = "me"
        for token in _OWNER.finditer(text):
            slug = token.group(1)
            if slug == "me" or slug in people:
                owner = slug
                break
            guess = closest(slug, people)
            if guess is not None:
                problems.append(Problem(
                    display, number, None, f'action item names "@{slug}", who is not in people/',
                    hint=f'did you mean "@{guess}"?',
                ))
        due: dt.date | None = None
        due_token = _DUE.search(text)
        if due_token is not None:
            try:
                if not _ISO_DATE.match(due_token.group(1)):
                    raise ValueError(due_token.group(1))
                due = dt.date.fromisoformat(due_token.group(1))
            except ValueError:
                problems.append(Problem(
                    display, number, None,
                    f'action item due date: expected due:YYYY-MM-DD with a real date; got "{due_token.group(1)[:40]}"',
                ))
        words = _DUE.sub("", text)
        words = _OWNER.sub(_drop_token(owner), words, count=1)
        clean = " ".join(words.split())
        items.append(ActionItem(clean, action_key(clean), owner, due, done, number))
    if len(problems) > MAX_PROBLEMS:
        rest = len(problems) - MAX_PROBLEMS
        problems[MAX_PROBLEMS:] = [Problem(
            display, problems[MAX_PROBLEMS].line, None, f"{rest} more problems with action items in this note",
        )]
    return tuple(items), problems
