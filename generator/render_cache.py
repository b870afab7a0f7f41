"""Rendered output kept on disk between builds, found again by a digest of everything it was made from.

A builder asks for an entry by a key it computed from every input of that
output (the page's Markdown, its address, the navigation, the settings, the
theme, the versions, the audience); a key it has never seen is a miss and it
renders. Nothing here knows what an entry means: it stores bytes.

Entries live in one folder per build setup (the settings, versions and
audience digest, :func:`digest`), so an owner build and a team build never
share an entry even by a mistake in a page key. Each entry is written whole
(a temporary file, then a rename), so two builds at once, or one stopped
half-way, leave only whole entries or none; an entry that cannot be read or
unpacked counts as a miss.

No MkDocs imports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePath
from typing import Any

FORMAT = "1"
"""Changes when the layout or meaning of entries does: older entries are then never read."""
KEPT_SETUPS = 4
"""Build setups (audience, settings, versions) kept on disk; the least recently built go first."""
_STAMP = "last-built"
_IGNORE_ALL = "# Written by the handbook plugin: a render cache, safe to delete.\n*\n"


def stable(value: Any, depth: int = 3, nesting: int = 16) -> Any:
    """``value`` as plain JSON data that is equal exactly when the values are, as far as a digest needs.

    Objects are taken apart into their attributes ``depth`` levels deep; past
    that, and for objects without attributes, only their type counts.
    """
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if nesting <= 0:
        return "..."
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, Mapping):
        items = sorted(((str(k), v) for k, v in value.items()), key=lambda item: item[0])
        return {k: stable(v, depth, nesting - 1) for k, v in items}
    if isinstance(value, (list, tuple)):
        return [stable(v, depth, nesting - 1) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(json.dumps(stable(v, depth, nesting - 1), sort_keys=True) for v in value)
    name = f"{type(value).__module__}.{type(value).__qualname__}"
    if depth > 0 and hasattr(value, "__dict__"):
        return [name, stable(vars(value), depth - 1, nesting - 1)]
    return name


def digest(*parts: Any) -> str:
    """A hex digest of ``parts`` (plain data, see :func:`stable`)."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def source_stamp(folders: Iterable[Path]) -> list[list[Any]]:
    """Each file under ``folders`` (or each that is a file) with its size and time: edits to code change it."""
    stamp: list[list[Any]] = []
    for folder in folders:
        if folder.is_file():
            status = folder.stat()
            stamp.append([str(folder), status.st_size, status.st_mtime_ns])
        for base, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                path = os.path.join(base, name)
                try:
                    status = os.stat(path)
                except OSError:
                    continue
                stamp.append([os.path.relpath(path, folder), status.st_size, status.st_mtime_ns])
    return stamp


class RenderCache:
    """Entries of one build setup under ``root`` (e.g. ``.cache/handbook`` beside mkdocs.yml).

    ``setup`` is the digest of everything every entry of a build depends on
    (settings, versions, audience). Reading and writing never fail a build:
    an entry that cannot be read is a miss, one that cannot be written is
    left out.
    """

    def __init__(self, root: Path, setup: str) -> None:
        self.root = root
        self.folder = root / f"v{FORMAT}-{setup[:32]}"
        self.used: set[tuple[str, str]] = set()
        """Entries this build read or wrote, (kind, key): what :meth:`forget_unused` keeps."""

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / key[2:]

    def get(self, kind: str, key: str) -> bytes | None:
        """The entry ``kind``/``key``, or None if there is none or it is damaged."""
        try:
            data = zlib.decompress(self._path(kind, key).read_bytes())
        except (OSError, zlib.error):
            return None
        self.used.add((kind, key))
        return data

    def put(self, kind: str, key: str, data: bytes) -> None:
        """Store ``data`` as ``kind``/``key``, whole or not at all."""
        self.used.add((kind, key))
        path = self._path(kind, key)
        # Named for this process alone: two builds writing the same entry each rename a whole file.
        temporary = f"{path.parent}/.tmp-{os.getpid()}-{path.name}"
        data = zlib.compress(data, 1)
        try:
            try:
                handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            except FileNotFoundError:
                path.parent.mkdir(parents=True, exist_ok=True)
                handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temporary, path)
            except BaseException:
                os.unlink(temporary)
                raise
        except OSError:
            return

    def count(self, kind: str) -> int:
        """How many entries of ``kind`` are stored (damaged ones included)."""
        total = 0
        try:
            with os.scandir(self.folder / kind) as shards:
                for shard in shards:
                    total += len(os.listdir(shard.path))
        except OSError:
            return total
        return total

    def begin(self) -> None:
        """Mark this setup as just built, make the root ignored by git, drop the least recent setups."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.root / ".gitignore"
            if not ignore.exists():
                ignore.write_text(_IGNORE_ALL, encoding="utf-8")
            (self.folder / _STAMP).touch()
            setups = sorted(
                (entry for entry in self.root.iterdir() if entry.is_dir()),
                key=lambda entry: _stamp_time(entry),
                reverse=True,
            )
        except OSError:
            return
        for old in setups[KEPT_SETUPS:]:
            shutil.rmtree(old, ignore_errors=True)
        self.used = set()

    def forget(self, entries: Iterable[tuple[str, str]]) -> None:
        """Delete ``entries`` (kind, key): outputs of inputs that no longer exist."""
        for kind, key in entries:
            try:
                self._path(kind, key).unlink()
            except OSError:
                continue

    def forget_unused(self, kinds: Iterable[str]) -> None:
        """Delete every entry of ``kinds`` this build neither read nor wrote (old versions of edited pages)."""
        for kind in kinds:
            try:
                shards = list(os.scandir(self.folder / kind))
            except OSError:
                continue
            for shard in shards:
                try:
                    names = os.listdir(shard.path)
                except OSError:
                    continue
                for name in names:
                    if not name.startswith(".tmp-") and (kind, shard.name + name) not in self.used:
                        try:
                            os.unlink(os.path.join(shard.path, name))
                        except OSError:
                            continue


def _stamp_time(folder: Path) -> float:
    try:
        return (folder / _STAMP).stat().st_mtime
    except OSError:
        return 0.0
