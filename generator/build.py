"""`handbook build`: one audience's site, built by MkDocs into a folder of its own, and zipped to send.

An adapter like the plugin: it drives MkDocs' own build with the user's
mkdocs.yml and adds nothing to what the plugin decides about the audience.
The site is built into a fresh temporary folder beside the target and
renamed onto it, so a target that holds anything is never touched and a
failed build leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from material.plugins.offline.plugin import OfflinePlugin
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from .audience import Audience
from .errors import HandbookError
from .files import user_umask
from .options import ALLOW_WIDER_VARIABLE, AUDIENCE_VARIABLE

SHIM = Path(__file__).resolve().parent / "vendor" / "iframe-worker" / "shim.js"
SHIM_URI = "assets/javascripts/iframe-worker-shim.js"
"""Where an offline site carries the Web Worker shim that makes search work from ``file://``."""

Progress = Callable[[int, int], None]
"""Told ``(done, total)`` as pages are rendered."""


@dataclass(frozen=True)
class BuiltSite:
    """What ``handbook build`` made."""

    folder: Path
    """The site, ready to serve or open."""
    pages: int
    """How many pages it holds."""
    zip_file: Path | None = None
    """The site packed to send, when asked for."""


def default_site_folder(config_file: Path, audience: Audience) -> Path:
    """``site-team``, ``site-owner`` or ``site-<slug>`` beside mkdocs.yml."""
    name = audience.slug if audience.kind == "person" else audience.kind
    return config_file.parent / f"site-{name}"


def build_for_audience(
    config_file: Path,
    audience: Audience,
    folder: Path,
    *,
    offline: bool = False,
    zip_file: Path | None = None,
    strict: bool = False,
    progress: Progress | None = None,
) -> BuiltSite:
    """Build ``audience``'s site into ``folder``, which must be missing or empty; pack it into ``zip_file``.

    ``offline`` makes a site that works opened from disk, search included.
    """
    _refuse_to_replace(folder, zip_file)
    parent = folder.absolute().parent
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=parent))
    try:
        site = staging / folder.name
        pages = _build(config_file, audience, site, offline=offline, strict=strict, progress=progress)
        site.chmod(0o777 & ~user_umask())
        if zip_file is not None:
            _write_zip(site, zip_file, staging)
        try:
            os.rename(site, folder)
        except OSError as exc:
            if zip_file is not None:
                zip_file.unlink()
            raise HandbookError(f"{folder}: could not be written ({exc.strerror}); nothing was written") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuiltSite(folder, pages, zip_file)


def _refuse_to_replace(folder: Path, zip_file: Path | None) -> None:
    if folder.exists() and not folder.is_dir():
        raise HandbookError(f"{folder}: is a file; give a new or empty folder for the site")
    if folder.is_dir() and any(folder.iterdir()):
        raise HandbookError(
            f"{folder}: is not empty; a build always starts from an empty folder (give another with -d, or remove it)"
        )
    if zip_file is not None and (zip_file.exists() or zip_file.is_symlink()):
        raise HandbookError(f"{zip_file}: already exists; remove it or build into another folder with -d")
    if not folder.absolute().parent.is_dir():
        raise HandbookError(f"{folder.absolute().parent}: no such folder; create it first")


def _build(
    config_file: Path, audience: Audience, site: Path, *, offline: bool, strict: bool, progress: Progress | None
) -> int:
    if not config_file.is_file():
        raise HandbookError(f"{config_file}: no such file; run this in your handbook's folder or pass -f")
    with _audience_variable(audience), _mkdocs_errors(config_file):
        config = load_config(str(config_file), site_dir=str(site), strict=strict)
        if "handbook" not in config.plugins:
            raise HandbookError(f"{config_file}: has no handbook plugin; add `- handbook` under plugins")
        counter = _PageCounter(progress)
        if offline:
            config.plugins["handbook/offline"] = _OfflineSite()
        config.plugins["handbook/progress"] = counter
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    return counter.total


@contextlib.contextmanager
def _audience_variable(audience: Audience) -> Iterator[None]:
    """The plugin reads the audience from the environment first: set it there for this build only.

    ``--audience`` on the command line is said on purpose, so it may widen the audience in mkdocs.yml.
    """
    saved = {name: os.environ.get(name) for name in (AUDIENCE_VARIABLE, ALLOW_WIDER_VARIABLE)}
    os.environ[AUDIENCE_VARIABLE] = str(audience)
    os.environ[ALLOW_WIDER_VARIABLE] = "1"
    try:
        yield
    finally:
        for name, before in saved.items():
            if before is None:
                del os.environ[name]
            else:
                os.environ[name] = before


@contextlib.contextmanager
def _mkdocs_errors(config_file: Path) -> Iterator[None]:
    try:
        yield
    except HandbookError:
        raise
    except MkDocsException as exc:
        # MkDocs has logged the error itself above; its Abort says only that it stopped.
        reason = "see the error above" if "BuildError" in str(exc) else str(exc)
        raise HandbookError(f"{config_file}: build stopped ({reason}); nothing was written") from None


def _write_zip(site: Path, zip_file: Path, staging: Path) -> None:
    """Pack ``site`` under a top folder of its own name; never replace a file at ``zip_file``."""
    packing = staging / "packing.zip"
    with zipfile.ZipFile(packing, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(site.rglob("*")):
            archive.write(path, f"{zip_file.stem}/{path.relative_to(site).as_posix()}")
    try:
        os.link(packing, zip_file)
    except FileExistsError:
        raise HandbookError(f"{zip_file}: already exists; remove it or build into another folder with -d") from None
    except OSError:
        # A file system without hard links: create exclusively, then copy.
        with zip_file.open("xb") as out, packing.open("rb") as source:
            shutil.copyfileobj(source, out)



class _OfflineSite(OfflinePlugin):  # type: ignore[misc]
    """Material's offline plugin, with the Web Worker shim it would fetch from a CDN carried in the site."""

    def __init__(self) -> None:
        super().__init__()
        self.load_config({})

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        super().on_config(config)
        polyfills = config.extra.get("polyfills", [])
        config.extra["polyfills"] = [SHIM_URI if "iframe-worker" in str(url) else url for url in polyfills]
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        files.append(File.generated(config, SHIM_URI, abs_src_path=str(SHIM)))
        return files


class _PageCounter(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Counts pages as MkDocs renders them, for a progress bar and the summary."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.total = 0
        self.done = 0

    @event_priority(-100)
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.total = len(files.documentation_pages())
        return nav

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)
        return output


class _EchoWarnings(logging.Handler):
    """MkDocs' warnings on stderr as `mkdocs build` prints them; click finds the current stderr each time."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"{record.levelname:<8}-  {record.getMessage()}", err=True)


def show_mkdocs_warnings() -> None:
    """Print MkDocs' warnings and errors (not its info lines) on stderr; once per process."""
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(handler, _EchoWarnings) for handler in logger.handlers):
        handler = _EchoWarnings(logging.WARNING)
        logger.addHandler(handler)
    if logger.level == logging.NOTSET or logger.level < logging.WARNING:
        logger.setLevel(logging.WARNING)
