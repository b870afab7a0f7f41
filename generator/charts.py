"""Small inline SVG charts a person can read: no scripts, no requests, styled by the handbook's CSS.

Each chart is a ``<figure>``: a caption that says what it shows in a sentence,
the SVG (``role="img"``, named by its ``<title>``, described by its ``<desc>``),
and the same numbers as a table that only screen readers get. The SVG's
``viewBox`` is narrow (420 units), so its 13-unit labels stay legible when a
390-pixel phone scales it down.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .model import STATUSES, Meeting
from .render import attr

MAX_MONTHS = 24
MOOD_MONTHS = 12
"""The mood chart shows this many months up to the last mood: a point per meeting would grow with the history."""
MIN_SLOTS = 6
"""A chart is at least this many months wide: one month of data is one bar, not a slab."""
MOOD_WORDS = {1: "drained", 2: "low", 3: "steady", 4: "good", 5: "energised"}
"""The mood scale in words, as the charts label it."""

_W = 420
_TOP, _BOTTOM = 20, 40
_H = 200


def _months(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    months: list[tuple[int, int]] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months[-MAX_MONTHS:]


def _month(key: tuple[int, int], style: str = "%b %Y") -> str:
    return dt.date(key[0], key[1], 1).strftime(style)


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%b %Y}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _figure(kind: str, label: str, summary: str, svg: list[str], after: str, table: str) -> str:
    """A figure whose SVG is named by ``label`` and described by ``summary``, which the caption also shows."""
    title_id, desc_id = f"hb-{kind}-title", f"hb-{kind}-desc"
    return "".join(
        [
            f'<figure class="hb-figure hb-{kind}">',
            f"<figcaption><strong>{attr(label)}</strong>: {attr(summary)}</figcaption>",
            f'<svg class="hb-chart" viewBox="0 0 {_W} {_H}" role="img" aria-labelledby="{title_id}" '
            f'aria-describedby="{desc_id}" xmlns="http://www.w3.org/2000/svg">',
            f'<title id="{title_id}">{attr(label)}</title><desc id="{desc_id}">{attr(summary)}</desc>',
            *svg,
            "</svg>",
            after,
            table,
            "</figure>",
        ]
    )


def _step(peak: int) -> int:
    """Gridline spacing: at most five lines above zero."""
    return max(1, -(-peak // 5))


def meetings_by_month(meetings: Sequence[Meeting], today: dt.date, label: str) -> str:
    """Stacked bars of meetings per month by status, up to the last 24 months, with counts and a month axis."""
    if not meetings:
        return ""
    first = min(m.date for m in meetings)
    months = _months(first, max(today, max(m.date for m in meetings)))
    counts = {key: dict.fromkeys(STATUSES, 0) for key in months}
    for meeting in meetings:
        key = (meeting.date.year, meeting.date.month)
        if key in counts:
            counts[key][meeting.status] += 1
    totals = {status: sum(c[status] for c in counts.values()) for status in STATUSES}
    peak = max(max(sum(c.values()) for c in counts.values()), 1)
    step = _step(peak)
    top = -(-peak // step) * step
    left, right = 30, _W - 8
    base = _H - _BOTTOM
    scale = (base - _TOP) / top
    slot = (right - left) / max(len(months), MIN_SLOTS)
    bar = min(slot * 0.7, 44.0)
    svg: list[str] = []
    for tick in range(0, top + 1, step):
        y = base - tick * scale
        css = "hb-axis" if tick == 0 else "hb-grid"
        svg.append(f'<line class="{css}" x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}"/>')
        svg.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    every = 1 if len(months) <= 12 else 3
    for index, key in enumerate(months):
        x = left + index * slot + (slot - bar) / 2
        middle = x + bar / 2
        y = float(base)
        for status in STATUSES:
            count = counts[key][status]
            if not count:
                continue
            height = count * scale
            y -= height
            svg.append(
                f'<rect class="hb-{status}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}">'
                f"<title>{_month(key)}: {count} {status}</title></rect>"
            )
        total = sum(counts[key].values())
        if total:
            svg.append(f'<text class="hb-count" x="{middle:.1f}" y="{y - 4:.1f}" text-anchor="middle">{total}</text>')
        if (len(months) - 1 - index) % every == 0:
            svg.append(f'<text x="{middle:.1f}" y="{base + 16}" text-anchor="middle">{_month(key, "%b")}</text>')
        if index == 0 or key[1] == 1:
            svg.append(f'<text x="{middle:.1f}" y="{base + 32}" text-anchor="middle">{key[0]}</text>')
    span = _month(months[0]) if len(months) == 1 else f"{_month(months[0])} to {_month(months[-1])}"
    noted = sum(totals.values())
    parts = ", ".join(f"{totals[s]} {s}" for s in STATUSES if totals[s])
    summary = f"{_plural(noted, 'meeting')} noted, {span}: {parts}."
    legend = "".join(
        f'<li><span class="hb-swatch hb-{status}"></span>{status} {totals[status]}</li>' for status in STATUSES
    )
    head = "".join(f'<th scope="col">{status}</th>' for status in STATUSES)
    rows = "".join(
        f'<tr><th scope="row">{_month(key)}</th>' + "".join(f"<td>{counts[key][s]}</td>" for s in STATUSES) + "</tr>"
        for key in months
    )
    table = (
        f'<table class="hb-sr-only"><caption>{attr(label)}</caption><thead><tr><th scope="col">Month</th>'
        f"{head}</tr></thead><tbody>{rows}</tbody></table>"
    )
    return _figure("meetings", label, summary, svg, f'<ul class="hb-legend">{legend}</ul>', table)


def mood_line(moods: Sequence[tuple[dt.date, int]], label: str) -> str:
    """Mood (1-5) over the last :data:`MOOD_MONTHS` months: a line through each held meeting's mood, with dates
    and the scale in words."""
    if not moods:
        return ""
    last = moods[-1][0]
    first_month = last.year * 12 + last.month - MOOD_MONTHS  # months since year 0 of the month before the window
    moods = [(day, mood) for day, mood in moods if day.year * 12 + day.month > first_month]
    start, end = moods[0][0], moods[-1][0]
    span = max((end - start).days, 1)
    left, right = 92, _W - 12
    base, top = _H - _BOTTOM, _TOP

    def x_of(day: dt.date) -> float:
        return left + (day - start).days / span * (right - left)

    def y_of(mood: int) -> float:
        return base - (mood - 1) / 4 * (base - top)

    svg: list[str] = []
    for mood, word in MOOD_WORDS.items():
        y = y_of(mood)
        css = "hb-axis" if mood == 1 else "hb-grid"
        svg.append(f'<line class="{css}" x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}"/>')
        svg.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{mood} {word}</text>')
    # A date under each month's first day, and under the first and last meetings when they fit.
    ticks: list[tuple[float, str]] = []
    month = dt.date(start.year, start.month, 1)
    while month <= end:
        if month >= start:
            ticks.append((x_of(month), f"{month:%b}" if month.month != 1 else f"{month:%b %Y}"))
        month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    if not ticks or ticks[0][0] - left > 40:
        ticks.insert(0, (float(left), f"{start.day} {start:%b}"))
    for x, text in ticks:
        svg.append(f'<line class="hb-axis" x1="{x:.1f}" y1="{base}" x2="{x:.1f}" y2="{base + 4}"/>')
        svg.append(f'<text x="{x:.1f}" y="{base + 18}" text-anchor="middle">{text}</text>')
    svg.append(f'<text x="{left}" y="{base + 34}">{start.year}</text>')
    points = " ".join(f"{x_of(d):.1f},{y_of(mood):.1f}" for d, mood in moods)
    if len(moods) > 1:
        svg.append(f'<polyline class="hb-mood-line" points="{points}"/>')
    for day, mood in moods:
        svg.append(
            f'<circle class="hb-mood-point" cx="{x_of(day):.1f}" cy="{y_of(mood):.1f}" r="3.5">'
            f"<title>{_day(day)}: {mood} ({MOOD_WORDS[mood]})</title></circle>"
        )
    last_day, last_mood = moods[-1]
    low, high = min(m for _, m in moods), max(m for _, m in moods)
    summary = (
        f"one meeting with a mood: {last_mood} ({MOOD_WORDS[last_mood]}) on {_day(last_day)}."
        if len(moods) == 1
        else f"{_plural(len(moods), 'meeting')} with a mood, {_day(start)} to {_day(end)}; ranged from {low} "
        f"({MOOD_WORDS[low]}) to {high} ({MOOD_WORDS[high]}); last {last_mood} ({MOOD_WORDS[last_mood]}) "
        f"on {_day(last_day)}."
    )
    rows = "".join(
        f'<tr><th scope="row">{_day(day)}</th><td>{mood} ({MOOD_WORDS[mood]})</td></tr>' for day, mood in moods
    )
    table = (
        f'<table class="hb-sr-only"><caption>{attr(label)}</caption><thead><tr><th scope="col">Date</th>'
        f'<th scope="col">Mood, 1 to 5</th></tr></thead><tbody>{rows}</tbody></table>'
    )
    return _figure("mood", label, summary, svg, "", table)
