"""The second line of a non-owner build's privacy: checks on what each page renders to.

The audience filter (``generator.audience``) removes what a reader may not
see before anything is derived. These helpers look at the rendered HTML,
read with a real HTML parser (never a regex, so an unquoted, entity-encoded
or ``srcset`` address reads as a browser reads it): which files of the
content folder a page really links to (nothing else is copied into a
non-owner site), whether anything styled as a private section got through
(the build stops rather than publish it), and the page without any address
of a page the build leaves out and without HTML comments.

Pure Python: no MkDocs imports, no I/O.
"""

from __future__ import annotations

import html as html_module
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = frozenset({
    "href", "src", "data", "action", "formaction", "poster", "cite", "background", "longdesc", "usemap",
    "manifest", "icon", "codebase", "archive", "classid", "profile", "dynsrc", "lowsrc", "xlink:href",
    "srcset", "imagesrcset", "ping", "value", "content", "style",
})
"""Attributes whose value a browser may fetch or follow: what a page links to or embeds."""

# Where one address ends and the next begins in a list-like value: srcset, ping, "0; url=..." and url(...).
_TOKEN_SEPARATORS = re.compile(r"""[\s,;'"()<>=]+""")
# Browsers drop tabs and line breaks anywhere in a URL, and leading and trailing controls and spaces.
_URL_NOISE = re.compile(r"[\t\n\r]")
# What stands between the path segments of any address a value may hold.
_PIECES = re.compile(r"""[/?#\s,;'"()=<>]+""")
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\(.)", re.DOTALL)


@dataclass(frozen=True)
class PublishedHtml:
    """A page's rendered HTML as a non-owner build may publish it, and what it refers to."""

    html: str
    """The page without any address of a left-out page, without comments and without unreadable markup."""
    linked: frozenset[str]
    """Site paths (from the site's root) that the page links to or embeds."""
    holds_private: bool
    """Some element has the class ``private``, as a private section renders: the build must stop."""


def publish_html(html: str, page_src: str, page_dest: str, withheld: frozenset[str]) -> PublishedHtml:
    """``html`` (the page built from ``page_src``, written at ``page_dest``) as a non-owner build publishes it.

    ``withheld`` holds the addresses (see :func:`address`) of pages the build
    leaves out. Any attribute whose value, or any address listed in it, names
    one of them is removed: the element stays, so its words do. A link is read
    both ways it can be meant: as a browser resolves it from the page's
    address, and as MkDocs resolves a Markdown link from its source file.
    ``<base href>`` is removed too (it would change what every other link
    names), and so are comments, declarations and processing instructions,
    and any ``<`` the parser could not read as markup (a browser might). The
    contents of ``<style>`` and ``<script>`` that name a left-out page are
    emptied.
    """
    scanner = _Scanner(html, (posixpath.dirname(page_dest), posixpath.dirname(page_src)), withheld)
    scanner.feed(html)
    scanner.close()
    return PublishedHtml(scanner.result(), frozenset(scanner.linked), scanner.holds_private)


def holds_private_element(html: str) -> bool:
    """Whether any element of ``html`` has the class ``private``, as a private section renders."""
    return publish_html(html, "", "", frozenset()).holds_private


def linked_paths(html: str, page_dest: str) -> set[str]:
    """Site paths of everything ``html`` (the page written at ``page_dest``) links to or embeds.

    Only relative references count: ``../../files/plan.pdf`` from
    ``notes/2026/x/index.html`` is ``files/plan.pdf``. Addresses with a scheme,
    ``//host`` references and bare fragments are not files of this site.
    """
    return set(publish_html(html, page_dest, page_dest, frozenset()).linked)


def unlink_withheld(html: str, page_src: str, page_dest: str, withheld: frozenset[str]) -> str:
    """``html`` without any address that names a page this build leaves out (see :func:`publish_html`)."""
    return publish_html(html, page_src, page_dest, withheld).html


def resolve_link(value: str, base: str) -> str | None:
    """``value``, a link written in a page whose folder is ``base``, as a path from the site's root."""
    parts = urlsplit(_clean_url(value))
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        joined = posixpath.normpath(path.lstrip("/"))
    else:
        joined = posixpath.normpath(posixpath.join(base, path))
    if joined.startswith("../") or joined == "..":
        return None
    return joined


def address(path: str) -> str:
    """The page a src_uri or site path names: ``notes/x.md``, ``notes/x/`` and ``notes/x/index.html`` are ``notes/x``.

    ``people.md`` and ``people/index.md`` are both ``people``; the home page is ``""``.
    """
    for suffix in (".md", ".html"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    path = path.rstrip("/")
    return "" if path in ("index", ".") else path.removesuffix("/index")


def _clean_url(value: str) -> str:
    """``value`` as a browser reads a URL: no tabs or line breaks, no edge spaces, ``\\`` as ``/``."""
    return _URL_NOISE.sub("", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13"
                                           "\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ").replace("\\", "/")


def _css_unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            code = int(match.group(1), 16)
            return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return match.group(2)

    return _CSS_ESCAPE.sub(one, text)


def _candidates(value: str) -> Iterator[str]:
    """Every address ``value`` may hold: itself, and each item of it read as a list (srcset, ``0; url=x``, CSS)."""
    for text in {value, _css_unescape(value)}:
        yield text
        for token in _TOKEN_SEPARATORS.split(text):
            if token:
                yield token.removeprefix("url")


class _Scanner(HTMLParser):
    """Reads a page once and notes the edits that make it publishable.

    Every event of the parser starts where the previous one ended, so a
    construct's text runs from its start to the next event's start.
    """

    def __init__(self, text: str, bases: tuple[str, str], withheld: frozenset[str]) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.bases = bases
        # Compared in lower case: a host on a case-insensitive disk serves notes/X/ for notes/x/.
        self.withheld = frozenset(page.lower() for page in withheld)
        self.last_segments = frozenset(page.rsplit("/", 1)[-1] for page in self.withheld)
        self.inside_withheld = any(self._under_withheld(base) for base in bases if base)
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.edits: list[tuple[int, int, str]] = []
        """(start, end, replacement), in order."""
        self.drop_from: int | None = None
        """Start of a construct whose text is removed up to the next event."""
        self.linked: set[str] = set()
        self.holds_private = False
        self.cdata_start: int | None = None
        """Where the text of the open ``<style>`` or ``<script>`` starts."""
        self.in_junk = False
        """Inside a ``<`` the parser read as text: dropped up to the next ``>``."""

    # Where things are.

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _event(self) -> int:
        """Close a dropped construct at this event's start, and return that start."""
        start = self._offset()
        if self.drop_from is not None:
            self.edits.append((self.drop_from, start, ""))
            self.drop_from = None
        return start

    def result(self) -> str:
        if self.drop_from is not None:
            self.edits.append((self.drop_from, len(self.text), ""))
            self.drop_from = None
        if not self.edits:
            return self.text
        parts: list[str] = []
        position = 0
        for start, end, replacement in sorted(self.edits):
            if end <= position and start < position:
                continue  # inside a comment the parser did not see end: already dropped
            if start < position:
                start, replacement = position, ""
            parts.append(self.text[position:start])
            parts.append(replacement)
            position = end
        parts.append(self.text[position:])
        return "".join(parts)

    # What an address names.

    def _names_withheld(self, value: str) -> bool:
        if not self.withheld or not self._may_name_withheld(value.lower()):
            return False
        for candidate in _candidates(value.lower()):
            cleaned = _clean_url(candidate)
            parts = urlsplit(cleaned)
            if parts.scheme or parts.netloc or cleaned.startswith("/"):
                # Another host, or this site mounted under a prefix: judge by any tail of the path.
                segments = posixpath.normpath("/" + unquote(parts.path)).strip("/").split("/")
                if any(self._under_withheld("/".join(segments[i:])) for i in range(len(segments))):
                    return True
                continue
            for base in self.bases:
                target = resolve_link(cleaned, base)
                if target is not None and self._under_withheld(target):
                    return True
        return False

    def _may_name_withheld(self, value: str) -> bool:
        """A quick test that must hold for ``value`` to name a withheld page: its last segment is written in it.

        Only ``%`` and CSS escapes can hide it, and a page whose own folder is
        withheld can name it with ``..`` alone: those always get the full reading.
        """
        if "%" in value or "\\" in value or self.inside_withheld:
            return True
        for text in (value, _URL_NOISE.sub("", value)):
            for piece in _PIECES.split(text):
                if piece in self.last_segments or piece.removesuffix(".md").removesuffix(".html") in self.last_segments:
                    return True
        return False

    def _under_withheld(self, path: str) -> bool:
        """Whether ``path`` names a left-out page or lies under its address (``notes/x/plan.png``)."""
        segments = address(path).split("/")
        return any("/".join(segments[: i + 1]) in self.withheld for i in range(len(segments)) if segments[i])

    def _note_links(self, name: str, value: str) -> None:
        if name not in LINK_ATTRIBUTES:
            return
        for candidate in _candidates(value):
            target = resolve_link(candidate, self.bases[0])
            if target is not None:
                self.linked.add(target)

    # The parser's events.

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], *, closed: bool) -> None:
        start = self._markup()
        raw = self.get_starttag_text() or ""
        kept: list[tuple[str, str | None]] = []
        for name, value in attrs:
            if name == "class" and value and "private" in value.lower().split():
                self.holds_private = True
            if value is None:
                kept.append((name, value))
                continue
            if (tag == "base" and name == "href") or (name == "srcdoc" and self._srcdoc_names_withheld(value)):
                continue
            if self._names_withheld(value):
                continue
            self._note_links(name, value)
            kept.append((name, value))
        if len(kept) != len(attrs):
            self.edits.append((start, start + len(raw), _start_tag(tag, kept, closed=closed)))
        if tag in self.CDATA_CONTENT_ELEMENTS and not closed:
            self.cdata_start = start + len(raw)

    def _srcdoc_names_withheld(self, value: str) -> bool:
        inner = _Scanner(value, self.bases, self.withheld)
        inner.feed(value)
        inner.close()
        self.holds_private |= inner.holds_private
        return inner.result() != value

    def handle_endtag(self, tag: str) -> None:
        start = self._markup()
        if self.cdata_start is not None:
            content = self.text[self.cdata_start : start]
            if self._names_withheld(content):
                self.edits.append((self.cdata_start, start, ""))
            elif tag == "style":
                self._note_links("style", content)
            self.cdata_start = None

    def handle_data(self, data: str) -> None:
        start = self._event()
        if self.cdata_start is not None or not (self.in_junk or "<" in data):
            return
        # Text holding a "<" the parser could not read as markup (Markdown escapes every "<" it writes):
        # a browser may read a tag there, so it goes up to the next ">", and a comment up to its end.
        kept: list[str] = []
        index = 0
        while index < len(data):
            if self.in_junk:
                end = data.find(">", index)
                if end < 0:
                    break
                self.in_junk = False
                index = end + 1
                continue
            opener = data.find("<", index)
            if opener < 0:
                kept.append(data[index:])
                break
            kept.append(data[index:opener])
            if data.startswith("<!--", opener):
                self.edits.append((start + opener, _comment_end(self.text, start + opener), ""))
                break
            self.in_junk = True
            index = opener + 1
        self.edits.append((start, start + len(data), "".join(kept)))

    def handle_comment(self, data: str) -> None:
        self.drop_from = self._markup()

    def handle_decl(self, decl: str) -> None:
        self.drop_from = self._markup()

    def handle_pi(self, data: str) -> None:
        self.drop_from = self._markup()

    def unknown_decl(self, data: str) -> None:
        self.drop_from = self._markup()

    def handle_entityref(self, name: str) -> None:
        self._reference()

    def handle_charref(self, name: str) -> None:
        self._reference()

    def _reference(self) -> None:
        start = self._event()
        if self.in_junk:
            self.drop_from = start

    def _markup(self) -> int:
        self.in_junk = False
        return self._event()


def _comment_end(text: str, start: int) -> int:
    """Where a browser ends a comment opened at ``start``: after ``-->`` or ``--!>``, else at the end."""
    ends = [found + len(mark) for mark in ("-->", "--!>") if (found := text.find(mark, start + 4)) >= 0]
    return min(ends, default=len(text))


def _start_tag(tag: str, attrs: list[tuple[str, str | None]], *, closed: bool) -> str:
    written = "".join(
        f" {name}" if value is None else f' {name}="{html_module.escape(value)}"' for name, value in attrs
    )
    return f"<{tag}{written}{' /' if closed else ''}>"
