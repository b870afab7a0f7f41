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
import markdown
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
    RecordingFiles,
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
from .serve_update import (
    KNOWN_PLUGINS,
    Built,
    Edits,
    FullBuild,
    TagsFile,
    eligible,
    other_files,
    stamp,
    tags_plugin,
    update_in_place,
    users_markdown,
    watch_natively,
    write_pages,
)
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
        """The core's last site, kept under serve to update it in place; a single build lets go of it."""
        self.search_cache = SearchPageCache()
        self.search_writer = SearchIndexWriter()
        self.page_cache: PageCache | None = None
        self.cache_used: tuple[Path, set[tuple[str, str]]] | None = None
        """The render cache folder of the last build in this process and the entries it used (serve)."""
        self.built: Built | None = None
        """What the last build under serve made, while its site can be updated in place."""
        self.looked_up: dict[str, frozenset[str]] = {}
        """Per page, the paths its links looked up among the site's files (serve)."""
        self.searched: dict[str, SearchPage] = {}
        """The search index's part of each page of the last build, by location (serve)."""
        self.server: Any = None
        self.edits = Edits()
        """Which notes were written since the last build, as the system tells (serve)."""
        self.native_watch = False
        self.warmed = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance (and its cache) across serve rebuilds.
        self.serving = command == "serve"
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.built = None  # a full build: until it ends well, there is nothing to update in place
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
        if self.serving:
            self.edits.start(self.native_watch)
            self.watched = stamp(self._watched(config))
            self.day = dt.date.today()
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
        # Pages let go of once written, where no plugin reads them later (a hundred MB at 10,000 notes).
        self.lean = not self.serving and not self.dirty and set(config.plugins) <= KNOWN_PLUGINS
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.settings.audience.is_owner:
            # Drafts are the owner's: `mkdocs build` leaves them out, `mkdocs serve` would serve them raw.
            for file in [f for f in files if f.generated_by is None and f.inclusion.is_excluded()]:  # type: ignore[no-untyped-call]
                files.remove(file)
        sources = [f for f in files if users_markdown(f)]
        self.markdown = [f.src_uri for f in sources]
        if self.serving:
            docs_dir = os.path.abspath(config.docs_dir)
            self.others = other_files(f for f in files if f.generated_by is None and f.src_dir == docs_dir)
        site = self._run_core(self.markdown)
        for file in sources:
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
        self.site = site if self.serving else None
        self.page_cache = self._page_cache(config, site.withheld)
        return files

    def _run_core(self, src_uris: list[str]) -> Site:
        """The core's site from the Markdown files ``src_uris``; its problems logged, a wrong audience raised."""
        settings = self.settings
        site = build_site(
            settings.content_dir,
            src_uris,
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
        return site

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
        page.__dict__.pop("render", None)  # a page rendered again in place: its own method, not last time's wrapper
        render = page.render
        src_uri = page.file.src_uri
        display = display_path(self.settings.display_prefix, src_uri)

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
        if not self.serving:
            page.render = cached  # type: ignore[method-assign,assignment]
            return page

        def noted(config: MkDocsConfig, files: Files) -> None:
            # Which paths the page's links looked up: a page added or deleted there changes its HTML.
            recording = RecordingFiles(files)
            cached(config, recording)  # type: ignore[arg-type]
            self.looked_up[src_uri] = frozenset(recording.lookups)

        page.render = noted  # type: ignore[method-assign]
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
        if self.lean and page.file.generated_by is not None:
            # The page holds its Markdown now: a second copy in its file would stay until the build ends.
            page.file._content = None
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        try:
            html = self.withheld.checked_html(html, page.file.src_uri, page.file.dest_uri)
        except HandbookError as exc:
            raise PluginError(str(exc.message)) from None
        if self.lean:
            # Rendered: "" rather than None, so the page keeps its title (see Page.title).
            page.markdown = ""
            page.__dict__.pop("render", None)  # the render wrapper of on_pre_page, and what it holds
        return html

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        self.files = files
        self.theme_env = env
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
        # A worker rendering ahead reads it into the render cache, where this process finds it.
        search = page.meta.get("search")
        if self.search_index and not (isinstance(search, dict) and search.get("exclude")):
            store = self.page_cache.cache if self.page_cache is not None else None
            found = self.search_cache.page(page.url, page.title or "", page.content or "", store)
            if not in_worker():
                self.search_pages.append(found)
        if self.page_cache is not None:
            self.page_cache.fill_context(context, page)
        return context

    @event_priority(-100)  # after every other plugin has seen the page
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.lean:
            # Written: nothing in this build reads its HTML again, which would otherwise stay until the build ends.
            page.content = None
        return output

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
        if self.serving:
            self._keep_built(config)

    def on_build_error(self, *, error: Exception) -> None:
        self.built = None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.settings.templates_dir.is_dir():
            server.watch(str(self.settings.templates_dir))
        self.server = server
        if self.built is not None:
            self.built.watched = stamp(self._watched(config))
        full_build = server.builder

        def build_changes(config: MkDocsConfig | None = None) -> None:
            if config is None and self.built is not None:
                try:
                    self._update_in_place()
                    return
                except FullBuild as reason:
                    log.info(f"handbook: building the whole site again: {reason}")
                except Exception as exc:  # noqa: BLE001 - the full build reports it properly, or succeeds
                    log.info(f"handbook: building the whole site again after an error updating it in place: {exc}")
            full_build(config)

        server.builder = build_changes
        self.native_watch = watch_natively(server, config.docs_dir, self.edits)
        self.edits.start(self.native_watch)
        return server

    # --- mkdocs serve: updating the site in place -------------------------------------------------

    def _watched(self, config: MkDocsConfig) -> list[str]:
        """What serve watches besides the content folder: mkdocs.yml, templates, the theme (--watch-theme)."""
        docs_dir = os.path.abspath(config.docs_dir)
        if self.server is not None:
            paths = list(getattr(self.server, "_watched_paths", {}))
        else:
            paths = [config.config_file_path or "", str(self.settings.templates_dir), *config.watch]
        return sorted({os.path.abspath(path) for path in paths if path} - {docs_dir})

    def _keep_built(self, config: MkDocsConfig) -> None:
        self.built = None
        self.searched = {page.location: page for page in self.search_pages}
        if eligible(config, is_owner=self.settings.audience.is_owner) is not None or self.site is None:
            return
        for uri in [uri for uri in self.looked_up if self.files.get_file_from_path(uri) is None]:
            del self.looked_up[uri]
        if not self.warmed:
            # Pages rendered in workers (a cold build) left this process without Python-Markdown's extensions
            # imported: the first save would pay for it.
            named = [name for name in config.markdown_extensions if isinstance(name, str)]
            markdown.Markdown(extensions=named, extension_configs=config.mdx_configs).convert("")
            self.warmed = True
        self.built = Built(
            config,
            self.files,
            self.nav,
            self.theme_env,
            self.site,
            self.others,
            self.watched,
            self.day,
            self.looked_up,
            self.markdown,
            TagsFile.of(tags_plugin(config), config.site_dir),
        )

    def _update_in_place(self) -> None:
        built = self.built
        assert built is not None
        self.built = None  # until this update ends well
        config = built.config
        self.page_cache = None  # the few pages rendered are not worth the cache's bookkeeping
        self.search_pages = []

        def render(pages: list[Page], files: Files) -> None:
            write_pages(pages, files, config, built.nav, built.env)

        def write_search(gone: list[str]) -> None:
            if not self.search_index:
                return
            for location in gone:
                self.searched.pop(location, None)
            self.searched.update((page.location, page) for page in self.search_pages)
            write_index(Path(config.site_dir), self.search_writer.files(self.searched.values()))

        log.info("handbook: updating the site in place")
        edited = self.edits.take()
        watched = stamp(self._watched(config))
        updated, update = update_in_place(built, self._run_core, render, write_search, watched, edited)
        self.site, self.files, self.built = updated.site, updated.files, updated
        log.info(
            f"handbook: {len(update.changed)} pages changed, {len(update.added)} added, {len(update.removed)} "
            f"removed; the site was updated in place in {update.seconds:.2f} seconds"
        )



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
