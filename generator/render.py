"""The Jinja2 environment that turns facts into Markdown, and its escaping filters.

Templates produce Markdown; the site builder turns it into HTML. Every value
that comes from content passes through an explicit filter: ``md`` for running
text, ``cell`` for table cells, ``attr`` for HTML attributes.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

PACKAGE_DIR = Path(__file__).resolve().parent
# Python-Markdown's escapable characters; < > & become entities, | an entity so tables hold.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def default_templates_dir() -> Path:
    """Templates inside the installed package, or the checkout's ``templates/``."""
    packaged = PACKAGE_DIR / "_data" / "templates"
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / "templates"


def md(value: object) -> str:
    """Text safe to place in Markdown running text: no markup, no HTML."""
    return _md_text(str(value))


@functools.lru_cache(maxsize=65536)
def _md_text(value: str) -> str:
    # Names, topics and statuses recur on thousands of pages: each is escaped once.
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(value.split()))
    return html.escape(text, quote=False).replace("|", "&#124;")


def attr(value: object) -> str:
    """Text safe inside a double-quoted HTML attribute."""
    return html.escape(" ".join(str(value).split()), quote=True)


def link(from_uri: str, to_uri: str) -> str:
    """Relative Markdown link target from one page's src_uri to another's."""
    return _link_from_folder(posixpath.dirname(from_uri), to_uri)


@functools.lru_cache(maxsize=65536)
def _link_from_folder(folder: str, to_uri: str) -> str:
    # Every note of a month's folder links to the same person and topic pages.
    return quote(_relative(to_uri, folder))


def _relative(to_uri: str, start: str) -> str:
    """``posixpath.relpath(to_uri, start or ".")`` for src_uris; a page links dozens of times, and relpath
    asks the operating system for the working folder on every call."""
    to_parts = to_uri.split("/")
    start_parts = start.split("/") if start else []
    if "" in to_parts or any(part in (".", "..") for part in (*to_parts, *start_parts)) or "" in start_parts:
        return posixpath.relpath(to_uri, start or ".")
    common = 0
    for a, b in zip(to_parts, start_parts, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + to_parts[common:]) or "."


@functools.lru_cache(maxsize=4096)
def long_date(value: dt.date | None) -> str:
    """``Tue 24 Nov 2026``: the one date style of every page, with the weekday where a day is meant."""
    return "" if value is None else f"{value:%a} {short_date(value)}"


@functools.lru_cache(maxsize=4096)  # a few hundred days recur on thousands of pages; strftime is slow
def short_date(value: dt.date | None) -> str:
    """``24 Nov 2026``: the one date style of every page, in tables and lists."""
    return "" if value is None else f"{value.day} {value:%b %Y}"


def topic_name(topic: str) -> str:
    """A topic as people say it: ``the-future`` reads "the future"."""
    return " ".join(topic.replace("-", " ").split())


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def days(value: int | None) -> str:
    if value is None:
        return "–"
    return "1 day" if value == 1 else f"{value} days"


def _day_count(value: int) -> str:
    return "1 day" if value == 1 else f"{value} days"


def ago(value: dt.date, today: dt.date) -> str:
    """``4 days ago`` as HTML whose count the page's script recounts to the reader's today."""
    return f'<time datetime="{value.isoformat()}" data-hb="ago">{_day_count((today - value).days)}</time> ago'


def due_in(value: dt.date, today: dt.date) -> str:
    """``due in 3 days``, ``due today`` or ``overdue by 2 days`` as HTML the page's script recounts."""
    left = (value - today).days
    said = f"due in {_day_count(left)}" if left > 0 else "due today" if left == 0 else f"overdue by {_day_count(-left)}"
    return f'<time datetime="{value.isoformat()}" data-hb="due">{said}</time>'


_HEADING_START = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
_FENCE_START = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LINK_TARGET = re.compile(r"(\]\()(<[^>\n]*>|[^)\s]+)")


def embed(body: str, from_uri: str, page_uri: str) -> str:
    """A note's Markdown shown inside another page: headings two levels down, relative links rebased."""
    out: list[str] = []
    fence: str | None = None
    base = posixpath.dirname(from_uri)

    def rebase(match: re.Match[str]) -> str:
        target = match.group(2)
        bare = target.strip("<>")
        if not bare or bare.startswith(("#", "/")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", bare):
            return match.group(0)
        path, hash_, fragment = bare.partition("#")
        resolved = posixpath.normpath(posixpath.join(base, path)) if path else from_uri
        return match.group(1) + link(page_uri, resolved) + hash_ + fragment

    for line in body.splitlines():
        opening = _FENCE_START.match(line)
        if fence is not None:
            if opening and opening.group(1).startswith(fence):
                fence = None
            out.append(line)
            continue
        if opening:
            fence = opening.group(1)[0] * 3
            out.append(line)
            continue
        line = _HEADING_START.sub(lambda m: m.group(1) + "#" * min(6, len(m.group(2)) + 2), line)
        out.append(_LINK_TARGET.sub(rebase, line))
    return "\n".join(out)


def make_environment(user_templates: Path | None = None) -> jinja2.Environment:
    """Templates from ``user_templates`` first, then the packaged defaults."""
    loaders: list[jinja2.BaseLoader] = []
    if user_templates is not None and user_templates.is_dir():
        loaders.append(jinja2.FileSystemLoader(str(user_templates)))
    loaders.append(jinja2.FileSystemLoader(str(default_templates_dir())))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        # Markdown, not HTML: escaping is explicit per value (md, cell, attr).
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=md,
        cell=md,
        attr=attr,
        long_date=long_date,
        short_date=short_date,
        topic_name=topic_name,
        percent=percent,
        days=days,
        ago=ago,
        due_in=due_in,
        embed=embed,
    )
    return env


def render(env: jinja2.Environment, template: str | jinja2.Template, page_uri: str, **context: Any) -> str:
    """Render one template (by name, or as got once for many pages) for the page at ``page_uri``.

    ``link_to`` resolves from that page.
    """

    def link_to(to_uri: str) -> str:
        return link(page_uri, to_uri)

    return (template if isinstance(template, jinja2.Template) else env.get_template(template)).render(
        page_uri=page_uri, link_to=link_to, **context
    )
