"""The MkDocs adapter: hands content to the core and its pages back to MkDocs.

No logic lives here that the CLI lacks; see ``generator.site`` for the work.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .errors import HandbookError
from .facts import DEFAULT_LONG_TERM_TOPICS
from .load import ReadCache, odd_entries, under_links
from .options import resolve_audience, resolve_today
from .pages import STYLESHEET
from .render import make_environment
from .site import Site, build_site

log = logging.getLogger("mkdocs.plugins.handbook")


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

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps this instance (and its cache) across serve rebuilds.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self.audience = resolve_audience(self.config.audience)
            self.today = resolve_today(self.config.today)
        except HandbookError as exc:
            raise PluginError(str(exc.message)) from None
        config_dir = Path(config.config_file_path or ".").resolve().parent
        self.templates_dir = config_dir / self.config.templates_dir
        self.env = make_environment(self.templates_dir)
        docs_dir = Path(config.docs_dir).resolve()
        prefix = os.path.relpath(docs_dir, config_dir)
        self.display_prefix = Path(prefix).as_posix() if not prefix.startswith("..") else str(docs_dir)
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        return config

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
        for file in markdown:
            files.remove(file)
        if not self.audience.is_owner:
            for file in list(files):
                if file.src_uri.split("/")[0] in ("people", "notes"):
                    files.remove(file)
        for page in site.pages:
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion))
        files.append(File.generated(config, STYLESHEET, content=site.stylesheet))
        self.site = site
        return files

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.templates_dir.is_dir():
            server.watch(str(self.templates_dir))
        return server
