"""The render cache in a MkDocs build: a page whose inputs are unchanged skips Python-Markdown and the theme.

Two kinds of entries (see :mod:`generator.render_cache` for the storage; the
search index keeps a third, :data:`generator.search_index.SEARCH`):

- ``markdown``: a page's HTML body, table of contents, title and anchors,
  keyed by its Markdown, source and address, the settings and the audience.
  The links it resolved are stored with it and checked against this build's
  files (a link to a note that was deleted since is a miss), and what the
  render logged is logged again on a hit, so ``--strict`` fails alike.
- ``page``: the whole HTML the theme made of a page, keyed by the page (body,
  title, table of contents, front-matter, address), the navigation, the
  settings, the theme and whatever other plugins added to the page's template
  context. Every page is given a one-line template that prints the HTML this
  module hands it: taken from the cache, or rendered here with the page's own
  template on a miss. Other plugins' hooks all still run, on the real
  ``page.content``.

A cold build renders in forked processes first (one per core), which fill the
cache; MkDocs' own loop then finds every page in it.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar, cast

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc
from mkdocs.utils import get_relative_url, normalize_url

from .render_cache import RenderCache, digest, source_stamp, stable
from .search_index import SEARCH

log = logging.getLogger("mkdocs.plugins.handbook")

MARKDOWN = "markdown"
PAGE = "page"
CACHED_TEMPLATE = "handbook/cached-page.html"
"""The template every cached page is given: it prints the HTML in its context, nothing else."""
_HTML = "handbook_page_html"
_CACHED_TEMPLATE_TEXT = "{{ handbook_page_html|safe }}"
_STANDARD_CONTEXT = frozenset(
    ("nav", "pages", "base_url", "extra_css", "extra_javascript", "mkdocs_version", "build_date_utc", "config", "page")
)
"""Keys MkDocs puts in every page's context; anything else a plugin added is part of the page key."""
_PACKAGES = ("handbook", "mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "pygments")
_CONFIG_LEFT_OUT = frozenset(("site_dir", "docs_dir", "config_file_path", "watch", "strict", "dev_addr"))
"""Settings that change no page's HTML (where a site is written, what serve watches)."""
_CONFIG_TAKEN_APART = frozenset(("plugins", "theme", "markdown_extensions", "hooks"))
"""Settings holding objects: their names and own settings go into the digest."""
COLD_MISSES = 64
"""Pages to render before a build renders in worker processes first: below it, forking costs more."""

T = TypeVar("T")


def cache_folder(config: MkDocsConfig) -> Path:
    """Where a handbook's render cache lives: ``.cache/handbook`` beside mkdocs.yml, as Material keeps its own."""
    return Path(config.config_file_path or "mkdocs.yml").resolve().parent / ".cache" / "handbook"


def setup_digest(config: MkDocsConfig, audience: str, withheld: frozenset[str]) -> str:
    """The digest of what every page of this build depends on besides itself: settings, theme, versions, audience."""
    left_out = _CONFIG_LEFT_OUT | _CONFIG_TAKEN_APART
    settings = {key: stable(value) for key, value in config.items() if key not in left_out}
    settings["plugins"] = [[name, _plugin_settings(plugin)] for name, plugin in config.plugins.items()]
    settings["theme"] = [config.theme.name, stable(dict(config.theme)), list(config.theme.dirs)]
    settings["markdown_extensions"] = [
        name if isinstance(name, str) else f"{type(name).__module__}.{type(name).__qualname__}"
        for name in config.markdown_extensions
    ]
    return digest(
        settings,
        _versions(),
        source_stamp(_own_folders(config)),
        audience,
        sorted(withheld),
        # MkDocs notes links to anchors only when not debugging (see Page.render).
        logging.getLogger("mkdocs").getEffectiveLevel() <= logging.DEBUG,
    )


def _plugin_settings(plugin: Any) -> Any:
    settings = getattr(plugin, "config", None)
    if isinstance(settings, Mapping):
        return stable(dict(settings))
    # A hook module: its own code is what it does.
    return source_stamp([Path(plugin.__file__)]) if getattr(plugin, "__file__", None) else stable(settings)


def _versions() -> dict[str, str]:
    versions = {"python": sys.version}
    for package in _PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = ""
    return versions


def _own_folders(config: MkDocsConfig) -> list[Path]:
    """Code and templates that can change without a version number: ours, and theme folders outside packages."""
    here = Path(__file__).parent
    folders = [here]
    packaged = [here, *(Path(p).resolve() for p in sys.path if p.endswith("-packages"))]
    for folder in config.theme.dirs:
        path = Path(folder).resolve()
        if not any(path.is_relative_to(base) for base in packaged):
            folders.append(path)
    return folders


class PageCache:
    """One build's use of the render cache (a new one per build; ``mkdocs serve`` passes the previous one's use on)."""

    def __init__(self, cache: RenderCache, previous_used: set[tuple[str, str]] | None) -> None:
        self.cache = cache
        self.previous_used = previous_used
        self._nav_digest = ""
        self.templates: dict[str, str] = {}
        """A cached page's own template (src_uri -> name), while it is given the cached-output one."""
        self.env: jinja2.Environment | None = None
        self.rendered = {MARKDOWN: 0, PAGE: 0}
        """Pages rendered by this build (in workers too), per kind; the rest came from the cache."""
        self.pages = 0

    # --- Python-Markdown ---------------------------------------------------------------------------

    def rendering(
        self, page: Page, render: Callable[[MkDocsConfig, Files], None]
    ) -> Callable[[MkDocsConfig, Files], None]:
        """``render`` (a page's render method) answered from the cache when the page's Markdown was rendered before."""

        def cached_render(config: MkDocsConfig, files: Files) -> None:
            assert page.markdown is not None
            key = digest(page.file.src_uri, page.url, page.file.inclusion.name, page.markdown)
            data = self.cache.get(MARKDOWN, key)
            if data is not None and _restore_markdown(page, data, files):
                return
            self.rendered[MARKDOWN] += 1
            recording = RecordingFiles(files)
            with _captured_log() as logged:
                render(config, cast(Files, recording))
            _replay(logged)
            self.cache.put(MARKDOWN, key, _markdown_entry(page, recording.lookups, logged))

        return cached_render

    # --- the theme ---------------------------------------------------------------------------------

    def use_cached_template(self, env: jinja2.Environment, pages: Sequence[Page], nav: Navigation) -> None:
        """Give ``pages`` the cached-output template, remembering their own for :meth:`fill_context`."""
        self.env = env
        # Before any page's template is changed: the navigation's front-matter is part of it.
        self._nav_digest = digest(_nav_data(nav.items), nav.homepage.url if nav.homepage else None)
        compiled = self.cache.folder / "templates"
        try:
            compiled.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass
        else:
            # MkDocs makes a new theme environment each build: keep the compiled templates (checked against source).
            env.bytecode_cache = _CompiledTemplates(str(compiled))
        own = {CACHED_TEMPLATE: _CACHED_TEMPLATE_TEXT}
        if env.loader is not None:
            try:
                own[_THEME_NAV_SOURCE] = env.loader.get_source(env, THEME_NAV)[0]
            except jinja2.TemplateNotFound:
                pass  # not Material: every page renders its own navigation
            else:
                own[THEME_NAV] = _SHARED_NAV_TEMPLATE
                env.globals.update(_SharedNavigation(nav).functions())
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader(own), env.loader])  # type: ignore[list-item]
        for page in pages:
            if page.file.inclusion.is_excluded():  # type: ignore[no-untyped-call]
                continue  # MkDocs marks drafts after the context is made: their HTML is rendered the usual way.
            self.templates[page.file.src_uri] = str(page.meta.get("template", "main.html"))
            page.meta["template"] = CACHED_TEMPLATE

    def fill_context(self, context: Any, page: Page) -> None:
        """Put the page's whole HTML in ``context``, from the cache or rendered with its own template now."""
        template = self.templates.get(page.file.src_uri)
        if template is None or self.env is None:
            return
        page.meta["template"] = template  # what the page said, for any hook that reads it later
        key = self._page_key(context, page, template)
        data = self.cache.get(PAGE, key)
        if data is None:
            self.rendered[PAGE] += 1
            html = self.env.get_template(template).render(context)
            self.cache.put(PAGE, key, html.encode("utf-8", "surrogatepass"))
        else:
            html = data.decode("utf-8", "surrogatepass")
        context[_HTML] = html

    def _page_key(self, context: Any, page: Page, template: str) -> str:
        added = {key: stable(value) for key, value in context.items() if key not in _STANDARD_CONTEXT}
        neighbours = [(p.url, p.title) if p is not None else None for p in (page.previous_page, page.next_page)]
        meta = {**page.meta, "template": template}
        return digest(
            self._nav_digest,
            template,
            page.file.src_uri,
            page.url,
            page.title,
            page.content,
            _toc_data(page.toc),
            stable(meta),
            page.canonical_url,
            page.edit_url,
            page.is_homepage,
            neighbours,
            list(context["extra_css"]),
            [str(script) for script in context["extra_javascript"]],
            context["base_url"],
            added,
        )

    # --- both cores on a cold build --------------------------------------------------------------

    def render_ahead(self, kind: str, items: Sequence[T], work: Callable[[T], None]) -> None:
        """Run ``work`` over ``items`` in worker processes when most have no entry of ``kind`` yet.

        The workers fill the cache; MkDocs' loop then finds the pages there.
        Below :data:`COLD_MISSES` missing entries, or on one core, forking
        costs more than it saves and MkDocs renders them itself.
        """
        self.pages = max(self.pages, len(items))
        before = self.cache.count(kind)
        if _processes() < 2 or len(items) - before < COLD_MISSES or not self.cache.available():
            return
        self.cache.flush()
        render_in_workers(items, work, self.cache.flush)
        self.rendered[kind] += max(0, self.cache.count(kind) - before)

    def finish(self) -> set[tuple[str, str]]:
        """Log what was rendered, drop the entries this build made stale; return what it used, for the next build."""
        log.info(
            f"handbook: rendered {self.rendered[MARKDOWN]} pages' Markdown and {self.rendered[PAGE]} pages' HTML "
            f"of {self.pages}; the rest came from the render cache ({self.cache.root})"
        )
        if self.previous_used is None:
            self.cache.forget_unused((MARKDOWN, PAGE, SEARCH))
        else:
            self.cache.forget(self.previous_used - self.cache.used)
        return self.cache.used


def render_in_workers(items: Sequence[T], work: Callable[[T], None], done: Callable[[], None]) -> None:
    """Run ``work`` on ``items`` in forked processes, one per core, then ``done`` in each: only what they store remains.

    A page that fails in a worker is left unwritten, and the build renders
    it itself (and reports what failed).
    """
    global _in_worker
    processes = _processes()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    # The workers' garbage collection would otherwise touch, and so copy, every object the build holds.
    gc.freeze()
    children = []
    for index in range(processes):
        share = items[index::processes]
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child, which never returns
            code = 0
            try:
                _in_worker = True
                _quiet_child()
                for item in share:
                    try:
                        work(item)
                    except Exception:
                        code = 1
                done()
            finally:
                os._exit(code)
        children.append(pid)
    gc.unfreeze()
    for pid in children:
        os.waitpid(pid, 0)


_in_worker = False


def in_worker() -> bool:
    """Whether this process renders ahead for a build (see :func:`render_in_workers`): what it collects is lost."""
    return _in_worker


def _processes() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _quiet_child() -> None:
    # The parent reports every message: a worker's go into its cache entries and are logged on each hit.
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.handlers = []
    mkdocs_log.propagate = False


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled theme templates kept between builds; one that cannot be stored is compiled again next time."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            return


THEME_NAV = "partials/nav.html"
"""Material's navigation sidebar: the same HTML on every page outside the navigation at the same addresses."""
_THEME_NAV_SOURCE = "handbook/theme-nav.html"
_SHARED_NAV_TEMPLATE = (
    "{%- set key = handbook_nav_key(page) -%}"
    "{%- if key is none -%}{% include '" + _THEME_NAV_SOURCE + "' %}"
    "{%- elif handbook_nav_known(key) -%}{{ handbook_nav_html(key) }}"
    "{%- else -%}{%- set html -%}{% include '" + _THEME_NAV_SOURCE + "' %}{%- endset -%}"
    "{{ handbook_nav_keep(key, html) }}{%- endif -%}"
)


class _SharedNavigation:
    """Material's navigation rendered once for all the pages it reads the same on (notes: thousands of them).

    A page outside the navigation marks no entry active, so its sidebar
    differs from another's only by the addresses, relative to the page, of
    what it links to: those are the key. Pages in the navigation render
    their own.
    """

    def __init__(self, nav: Navigation) -> None:
        self.in_nav = {page.file.src_uri for page in nav.pages}
        self.urls = [nav.homepage.url] if nav.homepage is not None else []
        self.urls += _nav_urls(nav.items)
        self.html: dict[tuple[str, ...], str] = {}

    def functions(self) -> dict[str, Callable[..., Any]]:
        return {
            "handbook_nav_key": self.key,
            "handbook_nav_known": lambda key: key in self.html,
            "handbook_nav_html": lambda key: self.html[key],
            "handbook_nav_keep": self.keep,
        }

    def key(self, page: Page | None) -> tuple[str, ...] | None:
        if page is None or page.file.src_uri in self.in_nav:
            return None
        base = get_relative_url(".", page.url)
        return (base, *(normalize_url(url, page, base) for url in self.urls))

    def keep(self, key: tuple[str, ...], html: str) -> str:
        self.html[key] = html
        return html


def _nav_urls(items: Sequence[Any]) -> list[str]:
    urls: list[str] = []
    for item in items:
        if isinstance(item, Section):
            urls += _nav_urls(item.children)
        else:
            urls.append(str(item.url))
    return urls


# --- entries ----------------------------------------------------------------------------------------


class RecordingFiles:
    """This build's files as a page's links see them, noting each one looked up and what it found."""

    def __init__(self, files: Files) -> None:
        self._files = files
        self.lookups: dict[str, list[Any] | None] = {}

    def get_file_from_path(self, path: str) -> File | None:
        file = self._files.get_file_from_path(path)
        self.lookups[path] = _found(file)
        return file

    def __getattr__(self, name: str) -> Any:
        return getattr(self._files, name)

    def __iter__(self) -> Iterator[File]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


def _found(file: File | None) -> list[Any] | None:
    return None if file is None else [file.url, file.inclusion.is_excluded()]  # type: ignore[no-untyped-call]


class _Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[list[Any]] = []
        self.thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:  # not the serve thread's messages
            self.records.append([record.name, record.levelno, record.getMessage()])


@contextmanager
def _captured_log() -> Iterator[list[list[Any]]]:
    """What a render logs at INFO and above, whatever the verbosity: logged for real by replaying the entry."""
    handler = _Captured()
    logger = logging.getLogger("mkdocs")
    kept = (logger.handlers, logger.level, logger.propagate)
    logger.handlers, logger.propagate = [handler], False
    logger.setLevel(min(logger.getEffectiveLevel(), logging.INFO))
    try:
        yield handler.records
    finally:
        logger.handlers, logger.propagate = kept[0], kept[2]
        logger.setLevel(kept[1])


def _markdown_entry(page: Page, lookups: dict[str, list[Any] | None], logged: list[list[Any]]) -> bytes:
    links = page.links_to_anchors
    entry = {
        "content": page.content,
        "toc": _toc_data(page.toc),
        "title": getattr(page, "_title_from_render", None),
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": None if links is None else {file.src_uri: dict(found) for file, found in links.items()},
        "lookups": lookups,
        "log": logged,
    }
    return json.dumps(entry, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _restore_markdown(page: Page, data: bytes, files: Files) -> bool:
    """Set what rendering ``page`` would from an entry; False if the entry is damaged or its links changed."""
    try:
        entry = json.loads(data.decode("utf-8", "surrogatepass"))
        lookups: dict[str, Any] = entry["lookups"]
        if any(_found(files.get_file_from_path(path)) != found for path, found in lookups.items()):
            return False
        links = entry["links"]
        linked = None
        if links is not None:
            linked = {}
            for src_uri, found in links.items():
                target = files.get_file_from_path(src_uri)
                if target is None:
                    return False
                linked[target] = dict(found)
        page.content = str(entry["content"])
        page.toc = get_toc(entry["toc"])
        page._title_from_render = entry["title"]
        page.present_anchor_ids = set(entry["anchors"])
        page.links_to_anchors = linked
        records = [(str(name), int(level), str(message)) for name, level, message in entry["log"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        return False
    _replay(records)
    return True


def _replay(records: Sequence[Sequence[Any]]) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, message)


def _toc_data(toc: Any) -> list[dict[str, Any]]:
    """A table of contents as the tokens it is made from (see ``mkdocs.structure.toc.get_toc``)."""
    return [_anchor_data(anchor) for anchor in toc]


def _anchor_data(anchor: AnchorLink) -> dict[str, Any]:
    return {
        "level": anchor.level,
        "id": anchor.id,
        "name": anchor.title,
        "children": [_anchor_data(child) for child in anchor.children],
    }


def _nav_data(items: Sequence[Any]) -> list[Any]:
    data: list[Any] = []
    for item in items:
        if isinstance(item, Section):
            data.append(["section", item.title, _nav_data(item.children)])
        elif isinstance(item, Link):
            data.append(["link", item.title, item.url])
        else:
            data.append(["page", item.title, item.url, item.file.src_uri, stable(item.meta), item.is_index])
    return data


def pages_for_theme(files: Files) -> list[Page]:
    """The pages MkDocs will write: every documentation file with a rendered page."""
    return [f.page for f in files.documentation_pages() if f.page is not None and f.page.content is not None]


def theme_worker(config: MkDocsConfig, files: Files, nav: Navigation) -> Callable[[Page], None]:
    """Rendering one page's context as MkDocs' loop would, so our ``on_page_context`` stores its HTML."""
    doc_files = files.documentation_pages()

    def work(page: Page) -> None:
        page.active = True
        context = get_context(nav, doc_files, config, page)
        config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        page.active = False

    return work


def markdown_worker(config: MkDocsConfig, files: Files) -> Callable[[File], None]:
    """Reading and rendering one page as MkDocs' loop would, so the render stores its entry.

    Every plugin's page events run (in the worker, so their effects end with
    it): the Markdown rendered is the one MkDocs' loop will look up.
    """

    def work(file: File) -> None:
        page = file.page if file.page is not None else Page(None, file, config)
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        assert page.markdown is not None
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        page.render(config, files)

    return work
