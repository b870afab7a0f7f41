"""Keeping what a build leaves out out of what it publishes: links, rendered pages, copied files.

The audience filter decides which files of the content folder get no page
(``Filtered.withheld``). A builder then renders the pages that remain and
copies other files: :class:`Withheld` is what it asks, page by page and file
by file, so any builder (the MkDocs plugin, a command) applies the same rules.

No MkDocs imports: the unlinking is a Python-Markdown extension.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .audience import Audience
from .errors import HandbookError, display_path
from .published import address, publish_html, resolve_link


class Withheld:
    """What one build leaves out, and the checks on each page and file it publishes.

    Reset with :meth:`start` at each build (``mkdocs serve`` rebuilds with the
    same instance); tell it each page as its Markdown is converted with
    :meth:`converting`.
    """

    def __init__(self, audience: Audience, display_prefix: str) -> None:
        self.audience = audience
        self.display_prefix = display_prefix
        self.src_uris: frozenset[str] = frozenset()
        """Markdown files of the content folder that this build holds no page for."""
        self.addresses: frozenset[str] = frozenset()
        """Their addresses (see ``published.address``)."""
        self.linked: set[str] = set()
        """Site paths that the pages of a non-owner build link to or embed."""
        self.page_src = ""
        """The page whose Markdown is being converted, for links written in it."""

    def start(self, withheld: frozenset[str]) -> None:
        """Begin a build that holds no page for ``withheld`` (src_uris)."""
        self.src_uris = withheld
        self.addresses = frozenset(address(uri) for uri in withheld)
        self.linked = set()
        self.page_src = ""

    def converting(self, src_uri: str) -> None:
        """The page whose Markdown is converted next."""
        self.page_src = src_uri

    def markdown_extension(self) -> Extension:
        """Turns Markdown links to withheld pages into plain text, before a builder reports them as broken."""
        return _WithheldLinks(self)

    def checked_html(self, html: str, src_uri: str, dest_uri: str) -> str:
        """A page's rendered ``html`` as this build may publish it; raises when it holds a private element.

        Owner builds publish it as it is. Other builds drop every address that
        names a withheld page and note what the page links to, for :meth:`may_copy`.
        """
        if self.audience.is_owner:
            return html
        published = publish_html(html, src_uri, dest_uri, self.addresses)
        if published.holds_private:
            shown = display_path(self.display_prefix, src_uri)
            raise HandbookError(
                f'{shown}: holds an element with the class "private" that a '
                f"{self.audience} build may not publish; build stopped (raw HTML is not a private section: "
                "write `!!! private` on a line of its own, with the private text indented under it)"
            )
        self.linked |= published.linked
        return published.html

    def may_copy(self, src_uri: str, dest_uri: str, named: Collection[str]) -> bool:
        """Whether a file of the content folder that is not a page goes into the site.

        An owner site copies everything. Any other copies a file only when a
        page it publishes links to it or the site's settings name it
        (``named``: stylesheets, scripts, logo): attachments of left-out notes
        stay out with them. Call after every page is rendered.
        """
        return self.audience.is_owner or dest_uri in self.linked or src_uri in named


class _WithheldLinks(Extension):
    """A shared note may link to a private one: the shared build keeps the words and drops the address."""

    def __init__(self, withheld: Withheld) -> None:
        super().__init__()
        self.withheld = withheld

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # Before MkDocs' relpath treeprocessor (priority 0), which reports links to missing pages.
        md.treeprocessors.register(_Unlink(md, self.withheld), "handbook_withheld_links", 1)


class _Unlink(Treeprocessor):
    def __init__(self, md: Markdown, withheld: Withheld) -> None:
        super().__init__(md)
        self.withheld = withheld

    def run(self, root: Element) -> None:
        withheld = self.withheld.src_uris
        if not withheld:
            return
        base = posixpath.dirname(self.withheld.page_src)
        for element in root.iter("a"):
            target = resolve_link(element.get("href", ""), base)
            if target is not None and target in withheld:
                del element.attrib["href"]
                element.tag = "span"
