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


def unlink_withheld(html: str, page_src: str, page_dest: str, withheld: frozenset[str]) -> str:
    """``html`` without any ``href`` or ``src`` that names a page this build leaves out.

    ``withheld`` holds those pages' addresses (see :func:`address`). A link is
    read both ways it can be meant: as a browser resolves it from the page's
    address, and as MkDocs resolves a Markdown link from its source file.
    The element stays, so its words do; only the address goes.
    """
    if not withheld:
        return html
    bases = (posixpath.dirname(page_dest), posixpath.dirname(page_src))

    def names_withheld(value: str) -> bool:
        targets = (resolve_link(value, base) for base in bases)
        return any(target is not None and address(target) in withheld for target in targets)

    def replace(match: re.Match[str]) -> str:
        value = match.group(1) if match.group(1) is not None else match.group(2)
        return "" if names_withheld(value) else match.group(0)

    return _URL_ATTR.sub(replace, html)
