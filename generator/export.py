"""`handbook write`: the site's pages as Markdown files, for builders that run no MkDocs plugin.

Zensical and other builders read ``mkdocs.yml`` but not our plugin: they can
build a folder this writes, with ``docs_dir`` pointing at it. The pages are
the ones a build renders (the same four stages, the same audience filter and
withheld set); a non-owner folder gets the same guarantees as a plugin
build: no link to a left-out page, no element styled private, and of the
content folder's other files only those a published page links to.

The folder is kept up to date, not rebuilt: a manifest lists what was
written with its digest. Only changed files are written; a file written
before and no longer produced is removed; a file this did not write, or one
edited since, is never touched.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import markdown

from .errors import HandbookError, display_path
from .files import replace_file, write_new_file
from .load import under_links
from .options import REQUIRED_EXTENSIONS
from .pages import STYLESHEET, SitePage
from .published import address, publish_html, resolve_link
from .site import Filtered

MANIFEST = ".handbook-written.json"
"""In the output folder: each file written, with the SHA-256 of what was written."""
MANIFEST_VERSION = 1
MARKDOWN_EXTENSIONS = REQUIRED_EXTENSIONS
"""What the written pages are Markdown for; a builder's configuration must enable them."""

# [words](target "title") and ![alt](target): the forms a note links a page with.
_INLINE_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<words>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\(\s*(?:<(?P<angled>[^>\n]*)>|(?P<bare>[^\s()]*(?:\([^\s()]*\)[^\s()]*)*))(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
# href="..." or src='...' in raw HTML written in the Markdown; anything subtler fails the rendered check.
_URL_ATTRIBUTE = re.compile(r"""\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
# [ref]: target - a reference definition.
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?(?P<target>[^\s>]+)>?.*$", re.MULTILINE)


@dataclass(frozen=True)
class WriteReport:
    """What one ``handbook write`` did."""

    written: tuple[str, ...]
    """Files written because they were new or changed."""
    unchanged: int
    """Files already as they should be."""
    removed: tuple[str, ...]
    """Files written before that this run no longer produces."""
    kept: tuple[str, ...]
    """Files written before but edited since: neither overwritten nor removed."""


def site_files(
    filtered: Filtered, pages: Iterable[SitePage], stylesheet: str, named: Collection[str] = ()
) -> dict[str, bytes]:
    """Every file of the written folder, by path: pages, the stylesheet, and the files the audience may get.

    ``named`` are paths the site's settings name (stylesheets, scripts,
    logo): copied for every audience, as the plugin copies them. Raises
    :class:`HandbookError` naming the page when a non-owner page would keep
    a private element or a link to a left-out page.
    """
    loaded = filtered.loaded
    owner = filtered.audience.is_owner
    withheld = frozenset(address(uri) for uri in filtered.withheld)
    files: dict[str, bytes] = {}
    linked: set[str] = set()
    for page in pages:
        text = page.markdown if owner else _unlinked(page.markdown, page.src_uri, withheld)
        if not owner:
            linked |= _checked(text, page.src_uri, withheld, loaded.display_prefix, str(filtered.audience))
        files[page.src_uri] = text.encode("utf-8")
    files[STYLESHEET] = stylesheet.encode("utf-8")
    for src_uri in _other_files(loaded.content_dir, loaded.unsafe):
        if owner or src_uri in linked or src_uri in named:
            files.setdefault(src_uri, (loaded.content_dir / src_uri).read_bytes())
    return files


def served_at(src_uri: str) -> str:
    """Where a builder with directory URLs serves the page ``src_uri``: ``notes/x.md`` at ``notes/x/index.html``."""
    stem, _ = posixpath.splitext(src_uri)
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        return posixpath.join(folder, "index.html")
    return posixpath.join(stem, "index.html")


def _unlinked(text: str, src_uri: str, withheld: frozenset[str]) -> str:
    """``text`` without any address of a left-out page: link words stay, the address goes."""
    if not withheld:
        return text
    dest_uri = served_at(src_uri)
    bases = (posixpath.dirname(dest_uri), posixpath.dirname(src_uri))

    def names_withheld(target: str) -> bool:
        # Read both ways a link can be meant: from the page's address, and from its source file.
        resolved = (resolve_link(target, base) for base in bases)
        return any(path is not None and address(path) in withheld for path in resolved)

    def inline(match: re.Match[str]) -> str:
        target = match.group("angled") if match.group("angled") is not None else match.group("bare")
        return match.group("words") if names_withheld(target or "") else match.group(0)

    def reference(match: re.Match[str]) -> str:
        return "" if names_withheld(match.group("target")) else match.group(0)

    def attribute(match: re.Match[str]) -> str:
        value = next(group for group in match.groups() if group is not None)
        return "" if names_withheld(value) else match.group(0)

    text = _INLINE_LINK.sub(inline, text)
    text = _REFERENCE.sub(reference, text)
    # Raw HTML in the Markdown: only the attribute goes, so nothing else of the text changes.
    return _URL_ATTRIBUTE.sub(attribute, text)


def _checked(text: str, src_uri: str, withheld: frozenset[str], prefix: str, audience: str) -> set[str]:
    """The content-folder paths ``text`` links to.

    Raises if, rendered, it still names a left-out page or shows a private element.
    """
    html = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS)).convert(text)
    shown = display_path(prefix, src_uri)
    dest_uri = served_at(src_uri)
    as_is = publish_html(html, src_uri, dest_uri, frozenset())
    if as_is.holds_private:
        raise HandbookError(
            f'{shown}: holds an element with the class "private" that a {audience} folder may not hold; '
            "nothing was written (raw HTML is not a private section: write `!!! private` on a line of its own)"
        )
    if publish_html(html, src_uri, dest_uri, withheld).html != as_is.html:
        raise HandbookError(
            f"{shown}: links to a page this {audience} folder leaves out in a way that could not be removed; "
            "nothing was written (write the link as [words](page.md))"
        )
    # A builder resolves Markdown links from the source file and raw HTML from the page's address.
    return set(as_is.linked) | set(publish_html(html, src_uri, src_uri, frozenset()).linked)


def _other_files(content_dir: Path, unsafe: Collection[str]) -> list[str]:
    """Files of the content folder that are not Markdown pages and not hidden, as a builder would copy them."""
    found = []
    for root, folders, names in os.walk(content_dir):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in sorted(names):
            path = Path(root) / name
            src_uri = path.relative_to(content_dir).as_posix()
            if name.startswith(".") or name.endswith(".md") or under_links(src_uri, unsafe) or not path.is_file():
                continue
            found.append(src_uri)
    return found


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(outdir: Path) -> dict[str, str]:
    path = outdir / MANIFEST
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
        if data.get("version") != MANIFEST_VERSION or not isinstance(files, dict):
            raise ValueError
        return {str(k): str(v) for k, v in files.items()}
    except (ValueError, KeyError, TypeError, OSError):
        raise HandbookError(
            f"{path}: is not a manifest this version of handbook wrote; remove it or pick another folder"
        ) from None


def write_folder(outdir: Path, files: Mapping[str, bytes], content_dir: Path) -> WriteReport:
    """Bring ``outdir`` to hold ``files``: write what changed, remove what this wrote before and no longer does."""
    out, content = outdir.resolve(), content_dir.resolve()
    if out == content or content in out.parents:
        raise HandbookError(f"{outdir}: is inside the content folder; a build never writes there, pick another folder")
    if out in content.parents:
        raise HandbookError(f"{outdir}: holds the content folder; pick a folder of its own")
    if outdir.exists() and not outdir.is_dir():
        raise HandbookError(f"{outdir}: is a file; give a folder")
    before = _read_manifest(outdir)
    # Refuse before writing anything: a file that is there but is not ours is the user's.
    for path in sorted(files):
        target = outdir / path
        if path not in before and (target.exists() or target.is_symlink()):
            raise HandbookError(f"{target}: was not written by handbook write; nothing was written (move it away)")
    written: list[str] = []
    kept: list[str] = []
    unchanged = 0
    manifest: dict[str, str] = {}
    for path, data in sorted(files.items()):
        target = outdir / path
        digest = _digest(data)
        current = _digest(target.read_bytes()) if target.is_file() and not target.is_symlink() else None
        if current == digest:
            unchanged += 1
        elif path in before and current is not None and current != before[path]:
            kept.append(path)  # edited since it was written: the edit is the user's now
            manifest[path] = before[path]
            continue
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            (replace_file if current is not None else write_new_file)(target, data)
            written.append(path)
        manifest[path] = digest
    removed: list[str] = []
    for path in sorted(set(before) - set(files)):
        target = outdir / path
        if target.is_file() and not target.is_symlink() and _digest(target.read_bytes()) == before[path]:
            target.unlink()
            removed.append(path)
            _remove_empty_parents(target.parent, outdir)
        elif target.exists():
            kept.append(path)
            manifest[path] = before[path]
    outdir.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"version": MANIFEST_VERSION, "files": manifest}, indent=1, sort_keys=True).encode("utf-8")
    (replace_file if (outdir / MANIFEST).exists() else write_new_file)(outdir / MANIFEST, body)
    return WriteReport(tuple(written), unchanged, tuple(removed), tuple(kept))


def _remove_empty_parents(folder: Path, outdir: Path) -> None:
    while folder != outdir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
