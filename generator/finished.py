"""Checks on a non-owner build as a whole: its settings before it starts, its folder when it ends.

The audience filter and the checks on each rendered page (``generator.published``)
keep out what they see. These close the paths around them: settings that
would read or list files past the filter (extensions that include files,
an explicit ``nav:``, ``--dirty``), links inside the content folder that make
one file look like another, and, last, the built folder itself, which must
hold nothing the build did not mean to write.

Pure Python: no MkDocs imports.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from .audience import Audience
from .errors import HandbookError, Problem, display_path
from .published import address, resolve_link

FILE_READING_EXTENSIONS = ("pymdownx.snippets", "markdown_include", "mdx_include", "markdown_include_lines")
"""Markdown extensions that copy other files into a page: a private note would ride into a shared one."""
FILE_READING_PLUGINS = ("include-markdown", "macros", "mkdocs-macros", "mkdocs-include-markdown")
"""MkDocs plugins that do the same."""
UNSUPPORTED_PLUGINS = ("blog", "material/blog")
"""Plugins that read the content folder's pages with MkDocs' own reader, past the handbook's."""
BUILDER_OUTPUTS = (
    "sitemap.xml.gz", "search/search_index.json", "search/search_index.js", "tags.json",
)
"""Files MkDocs and Material (search, tags) write besides the pages, assets and the theme's own templates."""


def check_settings(
    audience: Audience, *, extensions: Iterable[str], plugins: Iterable[str], dirty: bool, config_file: str,
) -> None:
    """Stop a build whose settings would take something past the audience filter; raises HandbookError."""
    plugins = list(plugins)
    for name in plugins:
        if name in UNSUPPORTED_PLUGINS:
            raise HandbookError(
                f"{config_file}: plugins: Material's blog plugin cannot run beside handbook: it reads the content "
                "folder's pages with MkDocs' own reader, which the handbook replaces (and which no audience filter "
                "sees); remove `- blog` from plugins"
            )
    if audience.is_owner:
        return
    for name in extensions:
        module = name.split(":")[0].strip().lower()
        if any(module == reader or module.startswith(reader + ".") for reader in FILE_READING_EXTENSIONS):
            raise HandbookError(
                f'{config_file}: markdown_extensions: "{name}" copies other files into pages, so a {audience} '
                "build could publish a note it leaves out; build stopped (remove it, or build for the owner)"
            )
    for name in plugins:
        if name.lower() in FILE_READING_PLUGINS:
            raise HandbookError(
                f'{config_file}: plugins: "{name}" copies other files into pages, so a {audience} build could '
                "publish a note it leaves out; build stopped (remove it, or build for the owner)"
            )
    if dirty:
        raise HandbookError(
            f"--dirty keeps what an earlier build wrote into the site folder, perhaps pages a {audience} build "
            "leaves out; build stopped (build without --dirty)"
        )


def nav_without(nav: Any, withheld: Collection[str], audience: Audience) -> tuple[Any, list[str]]:
    """An explicit ``nav:`` (as mkdocs.yml gives it) without entries naming a page in ``withheld`` (addresses).

    Returns the nav and a warning for each entry dropped, by its title (its
    address is printed nowhere); a section left empty goes too. Entries that
    are not pages of the site stay.
    """
    dropped: list[str] = []

    def names_withheld(target: str) -> bool:
        path = resolve_link(target, "")
        return path is not None and address(path) in withheld

    def prune(items: list[Any]) -> list[Any]:
        kept: list[Any] = []
        for item in items:
            title, value = next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (None, item)
            if isinstance(value, str) and names_withheld(value):
                dropped.append(title if title is not None else "(untitled)")
                continue
            if isinstance(value, list):
                inner = prune(value)
                if value and not inner:
                    continue
                kept.append({title: inner} if title is not None else inner)
                continue
            kept.append(item)
        return kept

    if not isinstance(nav, list) or not withheld:
        return nav, []
    pruned = prune(nav)
    return pruned, [
        f'mkdocs.yml: nav: "{title}" names a page this {audience} build leaves out; left out of the navigation'
        for title in dropped
    ]


def content_links(root: Path, *, display_prefix: str = "content") -> tuple[set[str], list[Problem]]:
    """Files of ``root`` that are links to, or hard links of, another file: left out of non-owner builds.

    Privacy follows the real file: ``guidance/x.md`` linked to a private note
    is that note. A shared build publishes no file that is another by a link
    (links leading out of the folder are refused for every build already).
    """
    left_out: set[str] = set()
    problems: list[Problem] = []
    inodes: dict[tuple[int, int], list[str]] = {}
    real_root = os.path.realpath(root)
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = os.path.join(folder, name)
            src_uri = Path(os.path.relpath(path, root)).as_posix()
            if os.path.islink(path):
                if not _leads_inside(path, real_root):
                    continue  # a link out of the folder or to nothing: refused for every build already
                left_out.add(src_uri)
                problems.append(Problem(
                    display_path(display_prefix, src_uri), None, None,
                    "is a link; a shared build publishes no linked file, since what it may show depends on the "
                    "file it leads to; left out", hint="copy the file instead, or build for the owner",
                ))
                continue
            try:
                info = os.lstat(path)
            except OSError:
                continue
            if info.st_nlink > 1:
                inodes.setdefault((info.st_dev, info.st_ino), []).append(src_uri)
    for names in inodes.values():
        if len(names) < 2:
            continue
        for src_uri in names:
            left_out.add(src_uri)
            others = ", ".join(display_path(display_prefix, other) for other in names if other != src_uri)
            problems.append(Problem(
                display_path(display_prefix, src_uri), None, None,
                f"is the same file as {others} (a hard link); a shared build publishes neither, since each "
                "path may say another audience; left out", hint="copy the file instead",
            ))
    return left_out, problems


def _leads_inside(path: str, real_root: str) -> bool:
    target = os.path.realpath(path)
    return os.path.isfile(target) and os.path.commonpath([real_root, target]) == real_root


def check_folder(site_dir: Path, written: Collection[str], audience: Audience) -> None:
    """Stop a non-owner build whose ``site_dir`` holds a file it did not write; raises HandbookError.

    ``written`` holds the site paths of its pages, copied files and the
    theme's own templates; what MkDocs and Material write besides them is
    :data:`BUILDER_OUTPUTS`.
    """
    if audience.is_owner:
        return
    expected = {*written, *BUILDER_OUTPUTS}
    strays: list[str] = []
    for folder, _dirs, files in os.walk(site_dir):
        for name in files:
            site_path = Path(os.path.relpath(os.path.join(folder, name), site_dir)).as_posix()
            if site_path not in expected:
                strays.append(site_path)
    if strays:
        strays.sort()
        shown = ", ".join(strays[:5]) + (f" and {len(strays) - 5} more" if len(strays) > 5 else "")
        raise HandbookError(
            f"{site_dir}: holds files this {audience} build did not write: {shown}; build stopped, the folder "
            "must not be published (remove them, or build into an empty folder)"
        )
