"""Updating a served site in place when only notes changed (``mkdocs serve``).

``mkdocs serve`` builds the whole site again on every save: it empties the
site folder, reads and renders every page and writes every file (about 30 s
at 10,000 notes, whatever is cached). After each build under serve the plugin
keeps what it built (:class:`Built`). When the next change touches nothing but
Markdown files of the content folder, :func:`update_in_place` runs the core
again (its read cache and render memo redo only what changed), renders and
writes, through MkDocs' own page functions, only the pages whose Markdown
changed (and those whose links point at a page added or deleted), deletes the
pages that are gone, and writes the sitemap (when pages came or went), the
tags file (when tags or titles changed) and the search index again.

Anything else is left to the full build: settings, templates, the theme,
other files of the content folder, a page of the navigation added, removed or
retitled, a page listing tags, a plugin or hook whose work this module does
not know, an audience other than the owner's, another day. The files served
equal those of a clean build (``tests/test_serve.py`` compares every one).

:func:`watch_natively` has serve hear of changes from the system instead of
polling every file, and :class:`Edits` notes which files were written, so a
save of a known note does not list the content folder again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .pages import SitePage
from .site import Site

log = logging.getLogger("mkdocs.plugins.handbook")

KNOWN_PLUGINS = frozenset(("search", "material/search", "tags", "material/tags", "handbook"))
"""Plugins whose work on a page is known: it stays on that page (for tags: in the tags file, which this module
keeps), and none reads a page's Markdown or HTML once the page is written."""

Stamp = tuple[tuple[str, int, int], ...]
"""Files by path, modification time (ns) and size."""


class FullBuild(Exception):
    """The change needs the full build; the message says why (the log tells the user)."""


@dataclass
class Built:
    """What a build under serve made, kept to update its site in place."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    site: Site
    others: Stamp
    """The content folder's files other than Markdown, as MkDocs listed them."""
    watched: Stamp
    """Everything serve watches besides the content folder (mkdocs.yml, templates, theme)."""
    day: dt.date
    looked_up: dict[str, frozenset[str]]
    """Per page (src_uri), the paths its links looked up among the site's files."""
    markdown: list[str]
    """The content folder's Markdown files the core read (src_uris), as MkDocs listed them."""
    tags_file: TagsFile | None = None
    """The tags plugin's file, kept entry by entry; None to have the plugin write it whole."""


def stamp(paths: Iterable[str | Path]) -> Stamp:
    """Every file under ``paths`` (files or folders) with its modification time and size; missing ones as (-1, -1)."""
    found: list[tuple[str, int, int]] = []
    for path in paths:
        path = str(path)
        if os.path.isdir(path):
            for folder, dirs, names in os.walk(path):
                dirs.sort()
                for name in sorted(names):
                    found.append(_file_stamp(os.path.join(folder, name)))
        else:
            found.append(_file_stamp(path))
    return tuple(found)


def _file_stamp(path: str) -> tuple[str, int, int]:
    try:
        status = os.stat(path)
    except OSError:
        return (path, -1, -1)
    return (path, status.st_mtime_ns, status.st_size)


def other_files(files: Iterable[File]) -> Stamp:
    """The stamp of the content folder's own files that are not Markdown (images, attachments)."""
    return stamp(sorted(f.abs_src_path for f in files if f.abs_src_path and not f.src_uri.endswith(".md")))


def eligible(config: MkDocsConfig, *, is_owner: bool) -> str | None:
    """Why builds of ``config`` can never be updated in place, or None if they can."""
    if not is_owner:
        return "not the owner's audience (which files are copied depends on every page)"
    unknown = [name for name in config.plugins if name not in KNOWN_PLUGINS]
    if unknown:
        return f"plugins {', '.join(unknown)}"
    try:
        tags = tags_plugin(config)
    except FullBuild as reason:
        return str(reason)
    if tags is not None and tags.listings.data:
        return "tag listings (they list every page)"
    return None


@dataclass
class Update:
    """One update in place: the pages (src_uris) rendered again, added and removed, and how long it took."""

    changed: list[str]
    added: list[str]
    removed: list[str]
    seconds: float = 0.0


class TagsFile:
    """The tags plugin's file of every page's tags (``tags.json``), kept as one JSON entry per page.

    The plugin writes it whole from every page it knows (0.6 s at 10,000
    notes, most of it reading each page's title); a save changes the entries
    of the pages it renders. The entries are made as the plugin makes them,
    and :meth:`of` checks the whole against the file the full build wrote.
    """

    def __init__(self, path: str, entries: dict[str, str]) -> None:
        self.path = path
        self.entries = entries
        """Each page's entry by its address."""

    @classmethod
    def of(cls, plugin: Any, site_dir: str) -> TagsFile | None:
        """The file the tags plugin wrote into ``site_dir``, or None if it wrote none or this cannot make it."""
        if plugin is None or not plugin.config.get("export"):
            return None
        path = os.path.normpath(os.path.join(site_dir, plugin.config.export_file))
        kept = cls(path, {url: str(_tags_entry(mapping)) for url, mapping in plugin.mappings.data.items()})
        try:
            with open(path, encoding="utf-8") as written:
                same = written.read() == kept.text(plugin.mappings.data)
        except OSError:
            return None
        return kept if same else None

    def text(self, order: Iterable[str]) -> str:
        # What json.dump(dict(mappings=[...]), file) writes, as the plugin calls it.
        return '{"mappings": [' + ", ".join(self.entries[url] for url in order) + "]}"

    def write(self, order: Iterable[str]) -> None:
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        with open(self.path, "w", encoding="utf-8") as out:
            out.write(self.text(order))


def _tags_entry(mapping: Any) -> str | None:
    """A page's entry in the tags file (see the tags plugin's ``_mapping_to_json``); None for a page without tags."""
    if mapping is None:
        return None
    item = {"url": mapping.item.url, "title": mapping.item.title}
    return json.dumps({"item": item, "tags": [str(tag) for tag in sorted(mapping.tags)]})


class Edits:
    """The files of the content folder the system says were written since the last build (serve).

    When every change is a write to a Markdown file the last build read, the
    folder need not be listed again. Anything else (a file created, deleted
    or moved, another kind of file) leaves the answer unknown: the folder is
    listed as MkDocs lists it.
    """

    EDITS = frozenset(("modified", "closed", "attrib"))

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._heard = False
        """Whether the system tells of changes at all (not when serve polls)."""
        self._paths: set[str] | None = None

    def event(self, event: Any) -> None:
        with self._lock:
            if event.is_directory and event.event_type == "modified":
                return  # a folder's entries changed: the files' own events say which
            if self._paths is None or event.is_directory or event.event_type not in self.EDITS:
                self._paths = None
            else:
                self._paths.add(os.path.normpath(os.fsdecode(event.src_path)))

    def start(self, heard: bool) -> None:
        """A build begins: changes from here on are its successor's (``heard``: the system tells of them)."""
        with self._lock:
            self._heard = heard
            self._paths = set() if heard else None

    def take(self) -> set[str] | None:
        """The files written since the last build began (None: unknown), and a fresh start."""
        with self._lock:
            paths, self._paths = self._paths, (set() if self._heard else None)
            return paths


def update_in_place(
    built: Built,
    run_core: Callable[[list[str]], Site],
    render_pages: Callable[[list[Page], Files], None],
    write_search: Callable[[list[str]], None],
    watched: Stamp,
    edited: set[str] | None = None,
) -> tuple[Built, Update]:
    """The site of ``built`` brought up to date, where only Markdown of the content folder changed.

    ``run_core`` reads the content again (given the Markdown files MkDocs
    lists), ``render_pages`` populates and writes pages through MkDocs,
    ``write_search`` updates the search index with the pages rendered and
    the locations gone; ``edited``, the files the system says were written
    since (None: unknown), spares listing the folder. Raises
    :class:`FullBuild` when the change needs the full build; nothing has been
    written then.
    """
    start = time.monotonic()
    config = built.config
    if watched != built.watched:
        raise FullBuild("settings, templates or the theme changed")
    if dt.date.today() != built.day:
        raise FullBuild("a new day")
    docs_dir = os.path.abspath(config.docs_dir)
    read = {os.path.normpath(os.path.join(docs_dir, uri)) for uri in built.markdown} if edited else set()
    if edited is not None and edited <= read:
        markdown, others = built.markdown, built.others  # only notes the last build read were written
    else:
        listed = get_files(config)
        markdown, others = [f.src_uri for f in listed if users_markdown(f)], other_files(listed)
    if others != built.others:
        raise FullBuild("a file other than Markdown changed")
    site = run_core(markdown)
    before = built.site
    if site.audience_error is not None:
        raise FullBuild("the audience")
    if (site.withheld, site.unsafe, site.stylesheet, site.script) != (
        before.withheld,
        before.unsafe,
        before.stylesheet,
        before.script,
    ):
        raise FullBuild("pages left out, the stylesheet or the script changed")
    old = {page.src_uri: page for page in before.pages}
    new = {page.src_uri: page for page in site.pages}
    added = [uri for uri in new if uri not in old]
    removed = [uri for uri in old if uri not in new]
    changed = [uri for uri, page in new.items() if uri in old and old[uri].markdown != page.markdown]
    if any(new[uri].in_nav for uri in added) or any(old[uri].in_nav for uri in removed):
        raise FullBuild("a page of the navigation was added or removed")
    if any(new[uri].in_nav != old[uri].in_nav for uri in new if uri in old):
        raise FullBuild("the navigation changed")
    gone_or_new = set(added) | set(removed)
    linking = [uri for uri, paths in built.looked_up.items() if uri in new and paths & gone_or_new]
    changed += [uri for uri in linking if uri not in changed]

    files = built.files
    by_uri = {file.src_uri: file for file in files}
    # Nav pages first: a changed title or metadata changes every page's navigation.
    nav_pages = [by_uri[uri].page for uri in changed if new[uri].in_nav]
    kept = {id(p): _nav_entry(p) for p in nav_pages if p is not None}
    tags = tags_plugin(config)
    mappings = tags.mappings.data if tags is not None else {}
    tagged_before = {uri: _tags_entry(mappings.pop(by_uri[uri].url, None)) for uri in [*changed, *removed]}
    tags_file = built.tags_file
    for uri in changed:
        by_uri[uri].content_string = new[uri].markdown
    ordered = _in_site_order(files, old, site.pages, by_uri, config)
    pages: list[Page] = []
    for uri in [*changed, *added]:
        file = ordered.get_file_from_path(uri)
        assert file is not None
        page = file.page if file.page is not None else Page(None, file, config)
        pages.append(page)
    for page in pages:
        _populate_page(page, config, ordered)
        if id(page) in kept and kept[id(page)] != _nav_entry(page):
            raise FullBuild(f"{page.file.src_uri}, in the navigation, changed its title or metadata")
    retagged = False
    if tags is not None:
        if tags.listings.data:
            raise FullBuild("a page now lists tags")
        # In the order a clean build reads the pages: the tags file lists them so.
        order = [file.url for file in ordered if file.page is not None]
        tags.mappings.data = {url: mappings[url] for url in order if url in mappings}
        tagged_after = {page.file.src_uri: _tags_entry(mappings.get(page.url)) for page in pages}
        retagged = any(tagged_before.get(uri) != tagged for uri, tagged in tagged_after.items())
        retagged |= any(tagged_before[uri] for uri in removed)

    # From here on the site folder changes.
    render_pages(pages, ordered)
    for uri in removed:
        _delete(Path(config.site_dir), by_uri[uri].dest_uri)
    if added or removed:  # the sitemap lists addresses and the day they were built: an edit changes neither
        for template in config.theme.static_templates:
            if template.startswith("sitemap"):
                _build_theme_template(template, built.env, ordered, config, built.nav)
    write_search([by_uri[uri].url for uri in removed])
    if tags is not None and retagged:
        if tags_file is None:
            tags.on_env(built.env, config=config, files=ordered)  # writes the tags file again (tags.json)
        else:
            for uri in removed:
                tags_file.entries.pop(by_uri[uri].url, None)
            for page in pages:
                entry = tagged_after[page.file.src_uri]
                if entry is None:
                    tags_file.entries.pop(page.url, None)
                else:
                    tags_file.entries[page.url] = entry
            tags_file.write(tags.mappings.data)
    for uri in removed:
        built.looked_up.pop(uri, None)
    update = Update(changed, added, removed, time.monotonic() - start)
    now = Built(
        config, ordered, built.nav, built.env, site, others, watched, built.day, built.looked_up, markdown, tags_file
    )
    return now, update


def users_markdown(file: File) -> bool:
    """A Markdown file of the user's own that the core reads: excluded docs stay excluded, other plugins'
    pages stay theirs."""
    return (
        file.src_uri.endswith(".md")
        and not file.inclusion.is_excluded()  # type: ignore[no-untyped-call]
        and file.generated_by is None
    )


def _nav_entry(page: Page) -> tuple[str | None, dict[str, Any]]:
    """What the theme shows of a page in every page's navigation: its title and metadata.

    The render cache writes the page's template into its metadata (``template``); that is not the page's own.
    """
    return page.title, {key: value for key, value in page.meta.items() if key != "template"}


def tags_plugin(config: MkDocsConfig) -> Any:
    """Material's tags plugin if it is on, holding its pages' tags where this module knows to find them."""
    plugin = config.plugins.get("tags") or config.plugins.get("material/tags")
    if plugin is None or not plugin.config.get("enabled", True):
        return None
    mappings = getattr(getattr(plugin, "mappings", None), "data", None)
    listings = getattr(getattr(plugin, "listings", None), "data", None)
    if not isinstance(mappings, dict) or not isinstance(listings, set):
        raise FullBuild("a version of the tags plugin this handbook does not know")
    return plugin


def _in_site_order(
    files: Files, old: Mapping[str, SitePage], pages: list[SitePage], by_uri: dict[str, File], config: MkDocsConfig
) -> Files:
    """``files`` with the core's pages in the order the core gave them, as a clean build lists them."""
    listed: list[File] = []
    placed = False
    for file in files:
        if file.src_uri not in old:
            listed.append(file)
        elif not placed:
            placed = True
            for page in pages:
                known = by_uri.get(page.src_uri)
                if known is None:
                    known = File.generated(
                        config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV
                    )
                listed.append(known)
    return Files(listed)


def _delete(site_dir: Path, dest_uri: str) -> None:
    """Delete a page that is gone, and the folders it leaves empty."""
    target = site_dir / dest_uri
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    folder = target.parent
    while folder != site_dir and folder.is_relative_to(site_dir):
        try:
            folder.rmdir()
        except OSError:
            break
        folder = folder.parent


def watch_natively(server: Any, docs_dir: str, edits: Edits) -> bool:
    """Have ``server`` (MkDocs' live-reload server, not yet serving) hear of changes from the kernel; False if not.

    MkDocs polls what it watches every half second, reading the status of
    every file each time: at 10,000 notes that is most of a second before a
    save is noticed, and a core kept busy. Where the system tells of changes
    (inotify on Linux, FSEvents on macOS), the same paths are watched that
    way; a trial first makes sure it can (a system out of watches keeps the
    polling). ``edits`` hears which files of ``docs_dir`` were written.
    """
    paths = dict(getattr(server, "_watched_paths", {}))
    if not paths or not hasattr(server, "_watch_refs") or getattr(server.observer, "is_alive", lambda: True)():
        return False
    try:
        from watchdog import events
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        if Observer is PollingObserver:
            return False
        # Files changed, not files read: the kernel also tells of every file opened, and a build reads them all.
        changes = [
            getattr(events, name)
            for name in (
                "FileCreatedEvent", "FileDeletedEvent", "FileModifiedEvent", "FileMovedEvent", "FileClosedEvent",
                "FileAttribEvent",
            )
            if hasattr(events, name)
        ]

        class ChangesOnly(Observer):  # type: ignore[misc,valid-type]
            def schedule(self, handler: Any, path: Any, *, recursive: bool = False, **options: Any) -> Any:
                options["event_filter"] = changes
                return super().schedule(handler, path, recursive=recursive, **options)

        trial = ChangesOnly()
        for path in paths:
            trial.schedule(FileSystemEventHandler(), path, recursive=True)
        trial.start()
        trial.stop()
        trial.join(timeout=5)
    except Exception as exc:  # noqa: BLE001 - any failure keeps MkDocs' polling, which works everywhere
        log.info(f"handbook: watching for changes by polling, as MkDocs does ({exc})")
        return False
    for path, count in paths.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = ChangesOnly()
    for path, count in paths.items():
        for _ in range(count):
            server.watch(path)
    recorder = FileSystemEventHandler()
    recorder.on_any_event = edits.event  # type: ignore[method-assign]
    server.observer.schedule(recorder, os.path.abspath(docs_dir), recursive=True)
    return True


def write_pages(
    pages: list[Page], files: Files, config: MkDocsConfig, nav: Navigation, env: jinja2.Environment
) -> None:
    """Write ``pages`` (populated) as MkDocs' build does, then check their links to anchors."""
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    for page in pages:
        _build_page(page, config, doc_files, nav, env, excluded=page.file.inclusion.is_excluded())  # type: ignore[no-untyped-call]
    for page in pages:
        page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
