"""The second line of a non-owner build's privacy: checks on what each page renders to.

The audience filter (``generator.audience``) removes what a reader may not
see before anything is derived. These helpers look at the rendered HTML:
which files of the content folder a page really links to (nothing else is
copied into a non-owner site), and whether anything styled as a private
section got through (the build stops rather than publish it).

Pure Python: no MkDocs imports, no I/O.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

# Python-Markdown writes double quotes; raw HTML in a note may use single ones.
_URL_ATTR = re.compile(r"""\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_CLASS_ATTR = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)


def holds_private_element(html: str) -> bool:
    """Whether any element of ``html`` has the class ``private``, as a private section renders."""
    for match in _CLASS_ATTR.finditer(html):
        classes = next(group for group in match.groups() if group is not None)
        if "private" in classes.lower().split():
            return True
    return False


def linked_paths(html: str, page_dest: str) -> set[str]:
    """Site paths of everything ``html`` (the page written at ``page_dest``) links to or embeds.

    Only relative references count: ``../../files/plan.pdf`` from
    ``notes/2026/x/index.html`` is ``files/plan.pdf``. Addresses with a scheme,
    ``//host`` references and bare fragments are not files of this site.
    """
    base = posixpath.dirname(page_dest)
    found: set[str] = set()
    for match in _URL_ATTR.finditer(html):
        value = match.group(1) if match.group(1) is not None else match.group(2)
        resolved = resolve_link(value, base)
        if resolved is not None:
            found.add(resolved)
    return found


def resolve_link(value: str, base: str) -> str | None:
    """``value``, a link written in a page whose folder is ``base``, as a path from the site's root."""
    parts = urlsplit(value.strip())
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


def withheld_stems(src_uris: Iterable[str]) -> frozenset[str]:
    """How links may name these pages: ``notes/x.md`` as ``notes/x``, ``guidance/index.md`` as ``guidance``."""
    stems: set[str] = set()
    for uri in src_uris:
        stem = uri[:-3] if uri.endswith(".md") else uri
        stems.add(stem)
        if stem == "index" or stem.endswith("/index"):
            stems.add(stem[: -len("index")].rstrip("/"))
    return frozenset(stems)


def unlink_withheld(html: str, page_src: str, page_dest: str, stems: frozenset[str]) -> str:
    """``html`` without any ``href`` or ``src`` that names a page this build leaves out.

    A link is read both ways it can be meant: as a browser resolves it from the
    page's address, and as MkDocs resolves a Markdown link from its source file.
    The element stays, so its words do; only the address goes.
    """
    if not stems:
        return html
    bases = (posixpath.dirname(page_dest), posixpath.dirname(page_src))

    def names_withheld(value: str) -> bool:
        for base in bases:
            target = resolve_link(value, base)
            if target is None:
                continue
            for suffix in ("/index.html", ".html", ".md"):
                if target.endswith(suffix):
                    target = target[: -len(suffix)]
                    break
            if target.rstrip("/") in stems or (target in ("", ".") and "" in stems):
                return True
        return False

    def replace(match: re.Match[str]) -> str:
        value = match.group(1) if match.group(1) is not None else match.group(2)
        return "" if names_withheld(value) else match.group(0)

    return _URL_ATTR.sub(replace, html)
