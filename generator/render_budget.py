"""Whether a page's Markdown renders in bounded time: a cheap count before the slow work.

Python-Markdown and the search indexer are fast on any note a person writes,
but a few constructs cost far more than their size (measured on one core):

- inline markup in one paragraph or list item: each ``[`` scans the rest of
  the paragraph for its ``]`` and ``(...)``, and each inline element is
  searched for again from the start, so time grows with the square of their
  number (20,000 ``[`` in one paragraph took 43 s, 20,000 ``<b>x</b>`` 9 s);
- deep nesting of lists, block quotes and admonitions: each line costs as much
  as the containers around it (1,000 nested list levels took 32 s);
- raw HTML tags left open: the search indexer looks through every open tag for
  each element and run of text after them (10,000 open ``<div>`` took 30 s).

Each is counted here in linear time and held to a budget that costs about a
second at most, far above any ordinary note: thousands of list items, table
rows and paragraphs are runs of their own and stay inside it.

Pure Python: no MkDocs imports, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .markdown import Fences

MAX_CHARACTERS = 500_000
"""A page's Markdown, about 80,000 words: rendering time grows with it even when nothing else is costly."""
MAX_INLINE_COST = 200_000_000
"""Sum over paragraphs and list items of 100 [² + <² + (*, _, `)²/4: each alone about a second."""
MAX_NESTING = 30_000
"""Sum over lines of the containers around them (4 spaces, a tab or a > each): about a second."""
MAX_LINE_NESTING = 64
"""Containers around one line: deeper nesting reaches Python's recursion limit."""
MAX_OPEN_TAG_COST = 2_500_000
"""Sum over characters of the raw HTML elements open around them: about a second of search indexing."""

_PREFIX_RE = re.compile(r"^[ \t>]+(?=\S)", re.M)
_DEEP_FIRST_LINE_RE = re.compile(rf"[ \t>]{{{MAX_LINE_NESTING + 1},}}\S")
# Searched for from each line break: a literal first character, ten times faster than ^ in multiline mode.
_DEEP_LATER_LINE_RE = re.compile(rf"\n[ \t>]{{{MAX_LINE_NESTING + 1},}}\S")
_ITEM_RE = re.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_TABLE_RULE_RE = re.compile(r"^[ \t>]*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
# Lazy before the end: a greedy run would take the "/" of "<line ... />" and count it as left open.
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*?)?(/?)>")
_VOID = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr")
)


def render_cost_problem(markdown: str) -> str | None:
    """Why ``markdown`` would take too long to render, or None when it is within budget.

    Cheap on ordinary pages: each budget is first checked on counts over the
    whole text (an upper bound), and line by line only when that fails.
    """
    if len(markdown) > MAX_CHARACTERS:
        return f"is {len(markdown):,} characters long: too long to render in seconds (at most {MAX_CHARACTERS:,})"
    if _inline_cost(markdown) > MAX_INLINE_COST:
        problem = _costliest_run(markdown)
        if problem is not None:
            return problem
    if len(markdown) > MAX_NESTING or _DEEP_FIRST_LINE_RE.match(markdown) or _DEEP_LATER_LINE_RE.search(markdown):
        problem = _too_deep(markdown)
        if problem is not None:
            return problem
    if markdown.count("<") * len(markdown) > MAX_OPEN_TAG_COST:
        return _too_many_open_tags(markdown)
    return None


def _inline_cost(text: str) -> int:
    brackets = text.count("[") - text.count("\\[")
    tags = text.count("<")
    emphasis = text.count("*") + text.count("_") + text.count("`")
    return 100 * brackets * brackets + tags * tags + emphasis * emphasis // 4


def _lines_outside_fences(markdown: str) -> list[str]:
    """Every line, with the lines of fenced code blanked: code is shown as it is, at no cost."""
    lines = markdown.splitlines()
    if "``" not in markdown and "~~" not in markdown:
        return lines
    shown = [""] * len(lines)
    for index, line in Fences(lines).outside():
        shown[index] = line
    return shown


def _inline_runs(lines: list[str]) -> Iterator[str]:
    """The text Python-Markdown parses as one inline run: a paragraph, a list item, a table row."""
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line)
            continue
        if len(block) > 1 and _TABLE_RULE_RE.match(block[1]):
            yield from block
        elif block:
            start = 0
            for index in range(1, len(block)):
                if _ITEM_RE.match(block[index]):
                    yield "\n".join(block[start:index])
                    start = index
            yield "\n".join(block[start:])
        block = []


def _costliest_run(markdown: str) -> str | None:
    total = 0
    worst = (0, "")
    for run in _inline_runs(_lines_outside_fences(markdown)):
        cost = _inline_cost(run)
        total += cost
        worst = max(worst, (cost, run))
    if total <= MAX_INLINE_COST:
        return None
    run = worst[1]
    counts = {
        "[": run.count("[") - run.count("\\["),
        "<": run.count("<"),
        "*, _ or `": run.count("*") + run.count("_") + run.count("`"),
    }
    shown = ", ".join(f"{count:,} {mark}" for mark, count in counts.items() if count)
    return f"has a paragraph or list item with {shown}: too much inline markup to render in seconds"


def _too_deep(markdown: str) -> str | None:
    total = 0
    for prefix in _PREFIX_RE.findall("\n".join(_lines_outside_fences(markdown))):
        depth = prefix.count(">") + (prefix.count(" ") + 4 * prefix.count("\t")) // 4
        if depth > MAX_LINE_NESTING:
            return (
                f"nests one line {depth:,} lists, quotes or admonitions deep: "
                f"too deep to render in seconds (at most {MAX_LINE_NESTING})"
            )
        total += depth
    if total <= MAX_NESTING:
        return None
    return f"nests its lines {total:,} lists, quotes or admonitions deep in all: too much nesting to render in seconds"


def _too_many_open_tags(markdown: str) -> str | None:
    # As the search indexer counts them: an end tag closes only the element opened last.
    text = "\n".join(_lines_outside_fences(markdown))
    open_tags: list[str] = []
    cost = 0
    last = 0
    for match in _TAG_RE.finditer(text):
        cost += len(open_tags) * (match.start() - last)
        last = match.end()
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            if open_tags and open_tags[-1] == name:
                open_tags.pop()
        elif not self_closing and name not in _VOID:
            open_tags.append(name)
            cost += len(open_tags)
    cost += len(open_tags) * (len(text) - last)
    if cost <= MAX_OPEN_TAG_COST:
        return None
    return (
        f"leaves HTML tags open around too much text ({len(open_tags):,} still open at its end) "
        "to index it for search in seconds"
    )
