"""The prep guide as text for a terminal: wrapped to a width, with colour that click drops off a terminal.

Styles are added after wrapping, so the width counts only what is seen;
``click.echo`` removes them when the output is not a terminal.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable

import click

from .facts import OpenAction
from .prep import PrepGuide

WIDTH = 80
"""Columns the guide fits in unless the terminal is narrower."""
INDENT = "  "

# Markdown a recap may hold that reads as noise in a terminal: emphasis, code ticks, link targets.
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def plain(markdown: str) -> str:
    """``markdown`` as a terminal shows it: link words without addresses, no emphasis markers, one line."""
    text = _LINK.sub(r"\1", markdown)
    text = _EMPHASIS.sub(r"\2", text)
    return " ".join(text.split())


class _Text:
    """Lines being written, each wrapped to ``width`` before it is styled."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[str] = []

    def heading(self, text: str) -> None:
        self.lines.extend(["", click.style(text, bold=True)])

    def para(self, text: str, *, first: str = INDENT, rest: str = INDENT, **style: object) -> None:
        wrapped = textwrap.wrap(text, self.width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False)
        self.lines.extend(click.style(line, **style) if style else line for line in wrapped)  # type: ignore[arg-type]


def prep_text(guide: PrepGuide, width: int = WIDTH) -> str:
    """The whole guide, every line at most ``width`` columns (a longer word stands alone on its line)."""
    out = _Text(width)
    person = guide.person
    about = " · ".join(part for part in (person.name, person.role, f"{person.relationship}, {person.cadence}") if part)
    out.para(about, first="", rest="", bold=True)
    if guide.last_held is not None and guide.days_since_last_held is not None:
        said = f"Last met {guide.last_held.date.isoformat()} ({_days(guide.days_since_last_held)} ago)"
    else:
        said = "No held meeting noted yet"
    if guide.next_due is not None:
        said += f"; next due {guide.next_due.isoformat()}"
    out.para(said + ".", first="", rest="")
    if guide.days_overdue:
        out.para(f"Overdue by {_days(guide.days_overdue)}.", first="", rest="", fg="red", bold=True)
    if guide.booked is not None:
        out.para(f"Booked: {guide.booked.date.isoformat()}.", first="", rest="", fg="green")
        if guide.agenda:
            _paragraphs(out, guide.agenda)
    if guide.recap is not None and guide.recap.summary.strip():
        out.heading(f"Last time ({guide.recap.meeting.date.isoformat()})")
        _paragraphs(out, guide.recap.summary)
    _items(out, "Your open items", guide.mine)
    _items(out, "Their open items", guide.theirs)
    if guide.waiting:
        out.heading("Waiting to come up")
        for topic in guide.waiting:
            out.para(f"- {plain(topic.text)} (since {topic.meeting.date.isoformat()})", rest=INDENT * 2)
    if guide.questions:
        out.heading("Questions you might ask")
        for number, suggested in enumerate(guide.questions, 1):
            lead = f"{number}. "
            under = INDENT + " " * len(lead)
            out.para(f"{lead}{plain(suggested.question.text)}", rest=under)
            asked = (
                f"asked {suggested.times_asked}x, last {suggested.last_asked.isoformat()}"
                if suggested.last_asked
                else "not asked yet"
            )
            out.para(f"id: {suggested.question.id} · {asked}", first=under, rest=under, dim=True)
    if guide.nudges:
        out.heading("Worth doing")
        for nudge in guide.nudges:
            out.para(f"- {plain(nudge.text)}", rest=INDENT * 2)
            for page in nudge.guidance:
                out.para(f"read: {page.title or page.source.src_uri}", first=INDENT * 2, rest=INDENT * 3, dim=True)
    return "\n".join(out.lines) + "\n"


def _paragraphs(out: _Text, markdown: str) -> None:
    """Markdown text kept as its lines and list items, each wrapped with a hanging indent."""
    blocks: list[str] = []
    for line in markdown.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith(("- ", "* ", "+ ")) or not blocks:
            blocks.append(stripped)
        else:
            blocks[-1] += " " + stripped
    for block in blocks:
        listed = block.startswith(("- ", "* ", "+ "))
        text = plain(block[2:] if listed else block)
        out.para(f"- {text}" if listed else text, rest=INDENT * 2 if listed else INDENT)


def _items(out: _Text, title: str, actions: Iterable[OpenAction]) -> None:
    listed = list(actions)
    if not listed:
        return
    out.heading(title)
    for action in listed:
        item = action.item
        owner = "" if item.owner == "me" else f"@{item.owner} "
        due = f" (due {item.due.isoformat()}{', overdue' if action.overdue else ''})" if item.due else ""
        text = f"[ ] {owner}{plain(item.text)}{due}"
        if action.overdue:
            out.para(text, rest=INDENT * 3, fg="red")
        else:
            out.para(text, rest=INDENT * 3)


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"
