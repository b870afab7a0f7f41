"""The MkDocs adapter: hands content to the core and its pages back to MkDocs.

No logic lives here that the CLI lacks; see ``generator.site`` for the work.
"""

from __future__ import annotations

import logging
import os
import posixpath
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import jinja2
from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .errors import HandbookError, display_path
from .facts import DEFAULT_LONG_TERM_TOPICS
from .load import ReadCache, odd_entries, under_links
from .options import audience_notice, resolve_audience, resolve_today
from .pages import STYLESHEET
from .published import address, publish_html, resolve_link
from .render import make_environment
from .site import Site, build_site

log = logging.getLogger("mkdocs.plugins.handbook")


REQUIRED_EXTENSIONS = (
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tasklist",
)
"""Markdown extensions the generated pages and private sections are written for; added when missing."""


class HandbookConfig(base.Config):  # type: ignore[no-untyped-call]
    audience = c.Type(str, default="owner")
    """owner, team or person:<slug>; the HANDBOOK_AUDIENCE variable overrides it."""
    templates_dir = c.Type(str, default="templates")
    """Your own templates, relative to mkdocs.yml; they override the packaged ones."""
    long_term_topics = c.ListOfItems(c.Type(str), default=list(DEFAULT_LONG_TERM_TOPICS))
    """Topics that count as long-term, heart-to-heart conversations."""
    today = c.Optional(c.Type(str))
    """Fix today's date (YYYY-MM-DD) for reproducible builds; HANDBOOK_TODAY overrides it."""


class HandbookPlugin(BasePlugin[HandbookConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.cache = ReadCache()
        self.serving = False
        self.site: Site | None = None
        self.withheld: set[str] = set()
        """Markdown files of the content folder that this build holds no page for."""
        self.withheld_addresses: frozenset[str] = frozenset()
        self.linked: set[str] = set()
        """Site paths that the pages of a non-owner build link to or embed."""
        self.page_uri = ""
        """The page being rendered, for links written in it."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance (and its cache) across serve rebuilds.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.audience = resolve_audience(self.config.audience)
            self.today = resolve_today(self.config.today)
        except HandbookError as exc:
            raise PluginError(str(exc.message)) from None
        log.info(audience_notice(self.audience))
        config_dir = Path(config.config_file_path or ".").resolve().parent
        self.templates_dir = config_dir / self.config.templates_dir
        self.env = make_environment(self.templates_dir)
        docs_dir = Path(config.docs_dir).resolve()
        prefix = os.path.relpath(docs_dir, config_dir)
        self.display_prefix = Path(prefix).as_posix() if not prefix.startswith("..") else str(docs_dir)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        for name in REQUIRED_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        self._check_theme(config)
        config.markdown_extensions.append(_WithheldLinks(self))  # type: ignore[arg-type]
        return config

    @staticmethod
    def _check_theme(config: MkDocsConfig) -> None:
        if config.theme.name != "material":
            log.warning(
                f'handbook: theme "{config.theme.name}" cannot show the topics page or the tags; '
                "set theme.name: material in mkdocs.yml"
            )
            return
        if not any(name in config.plugins for name in ("tags", "material/tags")):
            log.warning("handbook: the topics page needs Material's tags plugin; add `- tags` to plugins in mkdocs.yml")
        if config.theme.get("font") is not False:
            log.warning(
                "handbook: Material loads its fonts from Google unless told not to, so the site would make requests "
                "outside itself; set theme.font: false in mkdocs.yml"
            )

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # Links out of the content folder, link loops, pipes: never read, never copied.
        unsafe, found = odd_entries(Path(config.docs_dir), display_prefix=self.display_prefix)
        for problem in found:
            log.warning(str(problem))
        for file in [f for f in files if f.generated_by is None and under_links(f.src_uri, unsafe)]:
            files.remove(file)
        # Only the user's own files: excluded docs stay excluded, other plugins' pages stay theirs.
        markdown = [
            f
            for f in files
            if f.src_uri.endswith(".md") and not f.inclusion.is_excluded()  # type: ignore[no-untyped-call]
            and f.generated_by is None
        ]
        site = build_site(
            Path(config.docs_dir),
            [f.src_uri for f in markdown],
            audience=self.audience,
            today=self.today,
            long_term_topics=tuple(self.config.long_term_topics),
            env=self.env,
            display_prefix=self.display_prefix,
            cache=self.cache,
            show_errors_as_pages=self.serving,
        )
        for problem in site.problems:
            log.warning(str(problem))
        if site.audience_error is not None:
            raise PluginError(site.audience_error)
        for file in markdown:
            files.remove(file)
        self.withheld = {f.src_uri for f in markdown} - {page.src_uri for page in site.pages}
        self.withheld_addresses = frozenset(address(uri) for uri in self.withheld)
        self.linked = set()
        for page in site.pages:
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion))
        files.append(File.generated(config, STYLESHEET, content=site.stylesheet))
        self.site = site
        return files

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        # Python-Markdown recurses on nesting: a few thousand `*` or `[` in a row end the whole build
        # with a RecursionError. That page shows a notice instead, and the build warns (--strict fails).
        render = page.render
        display = display_path(self.display_prefix, page.file.src_uri)

        def render_guarded(config: MkDocsConfig, files: Files) -> None:
            try:
                render(config, files)
            except RecursionError:
                log.warning(
                    f"{display}: is nested too deeply for Markdown to render (thousands of *, [ or > in a row?); "
                    "its page shows only a notice"
                )
                page.content = "<p>This page could not be rendered: its Markdown is nested too deeply.</p>"
                page.toc = get_toc([])

        page.render = render_guarded  # type: ignore[method-assign]
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.page_uri = page.file.src_uri
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.audience.is_owner:
            return html
        published = publish_html(html, page.file.src_uri, page.file.dest_uri, self.withheld_addresses)
        if published.holds_private:
            shown = display_path(self.display_prefix, page.file.src_uri)
            raise PluginError(
                f'{shown}: holds an element with the class "private" that a '
                f"{self.audience} build may not publish; build stopped (raw HTML is not a private section: "
                "write `!!! private` on a line of its own, with the private text indented under it)"
            )
        self.linked |= published.linked
        return published.html

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        # A non-owner site copies a file of the content folder only when a page it publishes links to it
        # or mkdocs.yml names it: attachments of left-out notes stay out with them.
        if self.audience.is_owner:
            return env
        named = {str(path) for path in (*config.extra_css, *config.extra_javascript)}
        named |= {str(config.theme.get(key)) for key in ("logo", "favicon") if config.theme.get(key)}
        docs_dir = os.path.abspath(config.docs_dir)
        for file in list(files):
            if file.generated_by is not None or file.is_documentation_page() or file.src_dir != docs_dir:
                continue
            if file.dest_uri not in self.linked and file.src_uri not in named:
                log.info(f"Left out of this {self.audience} build (no page it publishes links to it): {file.src_uri}")
                files.remove(file)
        return env

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.templates_dir.is_dir():
            server.watch(str(self.templates_dir))
        return server


class _WithheldLinks(Extension):
    """Links to pages this build does not hold become plain text, before MkDocs reports them as broken.

    A shared note may link to a private one: the shared build keeps the words
    and drops the address, so nothing names the page it left out.
    """

    def __init__(self, plugin: HandbookPlugin) -> None:
        super().__init__()
        self.plugin = plugin

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_Unlink(md, self.plugin), "handbook_withheld_links", 1)  # before MkDocs' relpath (0)


class _Unlink(Treeprocessor):
    def __init__(self, md: Markdown, plugin: HandbookPlugin) -> None:
        super().__init__(md)
        self.plugin = plugin

    def run(self, root: Element) -> None:
        withheld = self.plugin.withheld
        if not withheld:
            return
        base = posixpath.dirname(self.plugin.page_uri)
        for element in root.iter("a"):
            target = resolve_link(element.get("href", ""), base)
            if target is not None and target in withheld:
                del element.attrib["href"]
                element.tag = "span"
