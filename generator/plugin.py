"""The MkDocs adapter: hands content to the core and its pages back to MkDocs.

Event code only: every rule lives in the core (``generator.site`` for the
stages, ``generator.withheld`` for what a build leaves out, ``generator.options``
for the settings), where the CLI uses it too.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .checkboxes import CheckboxLabels
from .errors import HandbookError, display_path
from .facts import DEFAULT_LONG_TERM_TOPICS
from .finished import check_folder, check_settings, nav_without
from .load import ReadCache, under_links
from .options import REQUIRED_EXTENSIONS, audience_notice, settings_from, theme_warnings
from .page_cache import (
    MARKDOWN,
    PAGE,
    PageCache,
    cache_folder,
    in_worker,
    markdown_worker,
    pages_for_theme,
    setup_digest,
    theme_worker,
)
from .pages import SCRIPT, STYLESHEET, RenderMemo, nav_rank
from .render import make_environment
from .render_cache import RenderCache
from .search_index import WORKER, WORKER_PATTERN, SearchIndexWriter, SearchPage, SearchPageCache, write_index
from .site import Site, build_site
from .withheld import Withheld

log = logging.getLogger("mkdocs.plugins.handbook")


class HandbookConfig(base.Config):  # type: ignore[no-untyped-call]
    audience = c.Type(str, default="owner")
    """owner, team or person:<slug>; the HANDBOOK_AUDIENCE variable overrides it."""
    templates_dir = c.Type(str, default="templates")
    """Your own templates, relative to mkdocs.yml; they override the packaged ones."""
    long_term_topics = c.ListOfItems(c.Type(str), default=list(DEFAULT_LONG_TERM_TOPICS))
    """Topics that count as long-term, heart-to-heart conversations."""
    today = c.Optional(c.Type((str, dt.date)))
    """Fix today's date (YYYY-MM-DD) for reproducible builds; HANDBOOK_TODAY overrides it."""
    cache = c.Type(bool, default=True)
    """Keep rendered pages in .cache/handbook beside mkdocs.yml and reuse them while their inputs are unchanged."""


class HandbookPlugin(BasePlugin[HandbookConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.cache = ReadCache()
        self.memo = RenderMemo()
        self.serving = False
        self.dirty = False
        self.site: Site | None = None
        self.search_cache = SearchPageCache()
        self.search_writer = SearchIndexWriter()
        self.page_cache: PageCache | None = None
        self.cache_used: tuple[Path, set[tuple[str, str]]] | None = None
        """The render cache folder of the last build in this process and the entries it used (serve)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance (and its cache) across serve rebuilds.
        self.serving = command == "serve"
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.own_nav = config.nav is not None
        config_file = Path(config.config_file_path or "mkdocs.yml")
        try:
            self.settings = settings_from(dict(self.config), config_file=config_file, docs_dir=config.docs_dir)
            log.info(audience_notice(self.settings.audience))
            check_settings(
                self.settings.audience,
                extensions=[name for name in config.markdown_extensions if isinstance(name, str)],
                plugins=list(config.plugins),
                dirty=self.dirty,
                config_file=config_file.name,
            )
        except HandbookError as exc:
            raise PluginError(str(exc.message)) from None
        self.env = make_environment(self.settings.templates_dir)
        self.withheld = Withheld(self.settings.audience, self.settings.display_prefix)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(SCRIPT)
        for name in REQUIRED_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        plugins = [name for name in ("tags", "material/tags") if name in config.plugins]
        for warning in theme_warnings(config.theme.name, bool(plugins), config.theme.get("font")):
            log.warning(warning)
        config.markdown_extensions.append(self.withheld.markdown_extension())  # type: ignore[arg-type]
        config.markdown_extensions.append(CheckboxLabels())  # type: ignore[arg-type]
        self.search_index = _use_own_search_index(config)
        self.search_pages: list[SearchPage] = []
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.settings.audience.is_owner:
            # Drafts are the owner's: `mkdocs build` leaves them out, `mkdocs serve` would serve them raw.
            for file in [f for f in files if f.generated_by is None and f.inclusion.is_excluded()]:  # type: ignore[no-untyped-call]
                files.remove(file)
        # Only the user's own files: excluded docs stay excluded, other plugins' pages stay theirs.
        markdown = [
            f
            for f in files
            if f.src_uri.endswith(".md")
            and not f.inclusion.is_excluded()  # type: ignore[no-untyped-call]
            and f.generated_by is None
        ]
        settings = self.settings
        site = build_site(
            settings.content_dir,
            [f.src_uri for f in markdown],
            audience=settings.audience,
            today=settings.today,
            long_term_topics=settings.long_term_topics,
            env=self.env,
            display_prefix=settings.display_prefix,
            # A single build reads and renders each page once: nothing is kept for a next build that never comes
            # (the parsed files are 17 MB at 10,000 notes, held while MkDocs renders every page).
            cache=self.cache if self.serving else None,
            show_errors_as_pages=self.serving,
            memo=self.memo if self.serving else None,
        )
        for problem in site.problems:
            log.warning(str(problem))
        if site.audience_error is not None:
            raise PluginError(site.audience_error)
        for file in markdown:
            files.remove(file)
        # Links out of the content folder, link loops, pipes: never read, never copied.
        for file in [f for f in files if f.generated_by is None and under_links(f.src_uri, site.unsafe)]:
            files.remove(file)
        self.withheld.start(site.withheld)
        config.nav, warnings = nav_without(config.nav, self.withheld.addresses, self.settings.audience)
        for warning in warnings:
            log.warning(warning)
        for page in site.pages:
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion))
        files.append(File.generated(config, STYLESHEET, content=site.stylesheet))
        files.append(File.generated(config, SCRIPT, content=site.script))
        if self.search_index:
            for worker in [f for f in files if f.generated_by is None and WORKER_PATTERN.fullmatch(f.src_uri)]:
                files.remove(worker)
                if not worker.src_uri.endswith(".map"):
                    files.append(File.generated(config, worker.src_uri, abs_src_path=str(WORKER)))
        self.site = site
        self.page_cache = self._page_cache(config, site.withheld)
        return files

    def _page_cache(self, config: MkDocsConfig, withheld: frozenset[str]) -> PageCache | None:
        if not self.settings.cache:
            return None
        folder = cache_folder(config)
        if folder.is_relative_to(Path(config.docs_dir).resolve()):
            log.info(f"No render cache: {folder} would be inside the docs folder, which serve watches")
            return None
        cache = RenderCache(folder, setup_digest(config, str(self.settings.audience), withheld))
        cache.begin()
        previous = self.cache_used[1] if self.cache_used and self.cache_used[0] == cache.folder else None
        return PageCache(cache, previous)

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        # Python-Markdown recurses on nesting: a few thousand `*` or `[` in a row end the whole build
        # with a RecursionError. That page shows a notice instead, and the build warns (--strict fails).
        render = page.render
        display = display_path(self.settings.display_prefix, page.file.src_uri)

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

        cached = render_guarded if self.page_cache is None else self.page_cache.rendering(page, render_guarded)
        page.render = cached  # type: ignore[method-assign,assignment]
        return page

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        # MkDocs lists folders alphabetically; a nav of the user's own is theirs to order.
        if not self.own_nav:
            nav.items.sort(key=lambda item: nav_rank(_first_src_uri(item)))
        self.nav = nav
        if self.page_cache is not None:
            inclusion = InclusionLevel.is_in_serve if self.serving else InclusionLevel.is_included
            pages = files.documentation_pages(inclusion=inclusion)
            self.page_cache.render_ahead(MARKDOWN, pages, markdown_worker(config, files))
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        self.withheld.converting(page.file.src_uri)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        try:
            return self.withheld.checked_html(html, page.file.src_uri, page.file.dest_uri)
        except HandbookError as exc:
            raise PluginError(str(exc.message)) from None

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        self.files = files
        named = {str(path) for path in (*config.extra_css, *config.extra_javascript)}
        named |= {str(config.theme.get(key)) for key in ("logo", "favicon") if config.theme.get(key)}
        docs_dir = os.path.abspath(config.docs_dir)
        for file in list(files):
            if file.generated_by is not None or file.is_documentation_page() or file.src_dir != docs_dir:
                continue
            if not self.withheld.may_copy(file.src_uri, file.dest_uri, named):
                log.info(
                    f"Left out of this {self.settings.audience} build (no page it publishes links to it): "
                    f"{file.src_uri}"
                )
                files.remove(file)
        if self.page_cache is not None:
            pages = pages_for_theme(files)
            self.page_cache.use_cached_template(env, pages, self.nav)
            self.page_cache.render_ahead(PAGE, pages, theme_worker(config, files, self.nav))
        return env

    @event_priority(-100)  # after every other plugin has added to the context: it is part of the page key
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        # The finished, checked HTML of each page: the index holds what a reader of this build reads.
        search = page.meta.get("search")
        if self.search_index and not in_worker() and not (isinstance(search, dict) and search.get("exclude")):
            self.search_pages.append(self.search_cache.page(page.url, page.title or "", page.content or ""))
        if self.page_cache is not None:
            self.page_cache.fill_context(context, page)
        return context

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        written = {file.dest_uri for file in self.files} | set(config.theme.static_templates)
        try:
            check_folder(Path(config.site_dir), written, self.settings.audience)
        except HandbookError as exc:
            raise PluginError(str(exc.message)) from None
        if self.search_index:
            write_index(Path(config.site_dir), self.search_writer.files(self.search_pages))
            self.search_cache.keep(page.location for page in self.search_pages)
        if self.page_cache is not None:
            used = self.page_cache.finish()
            self.cache_used = (self.page_cache.cache.folder, used)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.settings.templates_dir.is_dir():
            server.watch(str(self.settings.templates_dir))
        return server


def _use_own_search_index(config: MkDocsConfig) -> bool:
    """Whether Material's search box is served by the handbook's index; if so, Material's plugin indexes nothing.

    A site opened from disk cannot fetch the index's parts: offline builds keep Material's whole index.
    """
    plugins = config.plugins
    search = plugins.get("material/search") or plugins.get("search")
    offline = any(name in plugins for name in ("offline", "material/offline", "handbook/offline"))
    if search is None or offline or not search.config.get("enabled", True):
        return False
    # Kept configured, so the header still has its search box; its per-page parsing and its index of
    # every page (25 MB at 10,000 notes) are what the handbook's index replaces.
    plugins.events["page_context"] = [
        method for method in plugins.events["page_context"] if getattr(method, "__self__", None) is not search
    ]
    return True


def _first_src_uri(item: Any) -> str:
    """The source of a navigation entry's first page ("" for a link)."""
    if isinstance(item, Section):
        return next((_first_src_uri(child) for child in item.children if _first_src_uri(child)), "")
    file = getattr(item, "file", None)
    return str(file.src_uri) if file is not None else ""
