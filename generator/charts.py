"""Small inline SVG charts: no scripts, no requests, styled by the handbook's CSS."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .model import STATUSES, Meeting
from .render import attr

MAX_MONTHS = 24
_W, _H, _PAD = 640, 160, 24


def _months(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    months: list[tuple[int, int]] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months[-MAX_MONTHS:]


def meetings_by_month(meetings: Sequence[Meeting], today: dt.date, label: str) -> str:
    """Stacked bars: meetings per month by status, up to the last 24 months."""
    if not meetings:
        return ""
    first = min(m.date for m in meetings)
    months = _months(first, max(today, max(m.date for m in meetings)))
    counts = {key: dict.fromkeys(STATUSES, 0) for key in months}
    for meeting in meetings:
        key = (meeting.date.year, meeting.date.month)
        if key in counts:
            counts[key][meeting.status] += 1
    peak = max(max(sum(c.values()) for c in counts.values()), 1)
    slot = (_W - 2 * _PAD) / len(months)
    bar = max(4.0, slot * 0.6)
    scale = (_H - 2 * _PAD) / peak
    parts = [
        f'<svg class="hb-chart" viewBox="0 0 {_W} {_H + 24}" role="img" '
        f'aria-label="{attr(label)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{attr(label)}</title>",
        f'<line class="hb-axis" x1="{_PAD}" y1="{_H - _PAD}" x2="{_W - _PAD}" y2="{_H - _PAD}"/>',
    ]
    for index, key in enumerate(months):
        x = _PAD + index * slot + (slot - bar) / 2
        y = float(_H - _PAD)
        for status in STATUSES:
            count = counts[key][status]
            if not count:
                continue
            height = count * scale
            y -= height
            month_name = dt.date(key[0], key[1], 1).strftime("%b %Y")
            parts.append(
                f'<rect class="hb-{status}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                f'height="{height:.1f}"><title>{month_name}: {count} {status}</title></rect>'
            )
        if len(months) <= 12 or index % 3 == 0:
            parts.append(
                f'<text class="hb-label" x="{x + bar / 2:.1f}" y="{_H - _PAD + 14}" '
                f'text-anchor="middle">{dt.date(key[0], key[1], 1):%b}</text>'
            )
    legend_x = _PAD
    for status in STATUSES:
        parts.append(f'<rect class="hb-{status}" x="{legend_x}" y="{_H + 6}" width="10" height="10"/>')
        parts.append(f'<text class="hb-label" x="{legend_x + 14}" y="{_H + 15}">{status}</text>')
        legend_x += 110
    parts.append("</svg>")
    return "".join(parts)


def mood_line(moods: Sequence[tuple[dt.date, int]], label: str) -> str:
    """A line of mood (1-5) over time."""
    if len(moods) < 2:
        return ""
    start, end = moods[0][0], moods[-1][0]
    span = max((end - start).days, 1)
    height = 100
    points = " ".join(
        f"{_PAD + (d - start).days / span * (_W - 2 * _PAD):.1f},{height - 10 - (mood - 1) / 4 * (height - 20):.1f}"
        for d, mood in moods
    )
    return (
        f'<svg class="hb-chart hb-mood" viewBox="0 0 {_W} {height}" role="img" '
        f'aria-label="{attr(label)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{attr(label)}</title>"
        f'<text class="hb-label" x="2" y="14">5</text><text class="hb-label" x="2" y="{height - 6}">1</text>'
        f'<polyline class="hb-mood-line" fill="none" points="{points}"/></svg>'
    )
