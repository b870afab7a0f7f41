"""Rendered output kept on disk between builds, found again by a digest of everything it was made from.

A builder asks for an entry by a key it computed from every input of that
output (the page's Markdown, its address, the navigation, the settings, the
theme, the versions, the audience); a key it has never seen is a miss and it
renders. Nothing here knows what an entry means: it stores bytes.

Entries live in one folder per build setup (the settings, versions and
audience digest, :func:`digest`), so an owner build and a team build never
share an entry even by a mistake in a page key. A setup's entries are rows
of one SQLite database, written in transactions, so two builds at once, or
one stopped half-way, leave only whole entries or none; an entry that cannot
be read or unpacked counts as a miss.

No MkDocs imports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePath
from typing import Any

FORMAT = "1"
"""Changes when the layout or meaning of entries does: older entries are then never read."""
KEPT_SETUPS = 4
"""Build setups (audience, settings, versions) kept on disk; the least recently built go first."""
_STAMP = "last-built"
_DATABASE = "entries.sqlite"
_BATCH = 256
"""Entries gathered before a commit: a transaction per entry would cost more than the entry saves."""
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
    (settings, versions, audience). The entries of a setup are rows of one
    SQLite database (thousands of small files cost more to write than the
    pages they save). Writes are gathered and committed in one short
    transaction at a time, so builds and their workers writing at once wait
    for each other only briefly. Reading and writing never fail a build: an
    entry that cannot be read is a miss, one that cannot be written is left
    out, and a damaged database is deleted and begun again.
    """

    def __init__(self, root: Path, setup: str) -> None:
        self.root = root
        self.folder = root / f"v{FORMAT}-{setup[:32]}"
        self.used: set[tuple[str, str]] = set()
        """Entries this build read or wrote, (kind, key): what :meth:`forget_unused` keeps."""
        self._pending: dict[tuple[str, str], bytes] = {}
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._broken = False

    def _connection(self) -> sqlite3.Connection | None:
        # A connection never crosses a fork: each worker opens its own.
        if self._broken:
            return None
        if self._db is not None and self._pid == os.getpid():
            return self._db
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.folder / _DATABASE, timeout=60)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS entries (kind TEXT, key TEXT, data BLOB, PRIMARY KEY (kind, key))"
                " WITHOUT ROWID"
            )
        except (sqlite3.Error, OSError):
            self._damaged()
            return None
        self._db, self._pid = db, os.getpid()
        return db

    def _damaged(self) -> None:
        """Give up on the database for this build and delete it, so the next build begins a sound one."""
        self._broken = True
        self._db = None
        for suffix in ("", "-wal", "-shm"):
            try:
                (self.folder / (_DATABASE + suffix)).unlink()
            except OSError:
                continue

    def available(self) -> bool:
        """Whether entries can be stored at all (the folder can be written, the database read)."""
        return self._connection() is not None

    def get(self, kind: str, key: str) -> bytes | None:
        """The entry ``kind``/``key``, or None if there is none or it is damaged."""
        data = self._pending.get((kind, key))
        if data is None:
            db = self._connection()
            if db is None:
                return None
            try:
                row = db.execute("SELECT data FROM entries WHERE kind = ? AND key = ?", (kind, key)).fetchone()
            except sqlite3.DatabaseError:
                self._damaged()
                return None
            if row is None:
                return None
            data = row[0]
        try:
            found = zlib.decompress(data)
        except (zlib.error, TypeError):
            return None
        self.used.add((kind, key))
        return found

    def put(self, kind: str, key: str, data: bytes) -> None:
        """Store ``data`` as ``kind``/``key`` (with the next :meth:`flush`, whole or not at all)."""
        self.used.add((kind, key))
        self._pending[(kind, key)] = zlib.compress(data, 1)
        if len(self._pending) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        """Commit the entries put since the last flush, in one transaction."""
        if not self._pending:
            return
        rows = [(kind, key, data) for (kind, key), data in self._pending.items()]
        self._pending = {}
        db = self._connection()
        if db is None:
            return
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO entries (kind, key, data) VALUES (?, ?, ?)", rows)
        except sqlite3.OperationalError:
            return  # locked past the timeout, or the disk is full: these entries are left out
        except sqlite3.DatabaseError:
            self._damaged()

    def count(self, kind: str) -> int:
        """How many entries of ``kind`` are stored (damaged ones included)."""
        db = self._connection()
        if db is None:
            return 0
        try:
            return int(db.execute("SELECT COUNT(*) FROM entries WHERE kind = ?", (kind,)).fetchone()[0])
        except sqlite3.DatabaseError:
            self._damaged()
            return 0

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
        self._delete(list(entries))

    def forget_unused(self, kinds: Iterable[str]) -> None:
        """Delete every entry of ``kinds`` this build neither read nor wrote (old versions of edited pages)."""
        self.flush()
        db = self._connection()
        if db is None:
            return
        try:
            stored = [
                (kind, key)
                for kind in kinds
                for (key,) in db.execute("SELECT key FROM entries WHERE kind = ?", (kind,)).fetchall()
            ]
        except sqlite3.DatabaseError:
            self._damaged()
            return
        self._delete([entry for entry in stored if entry not in self.used])

    def _delete(self, entries: list[tuple[str, str]]) -> None:
        self.flush()
        db = self._connection()
        if db is None or not entries:
            return
        try:
            with db:
                db.executemany("DELETE FROM entries WHERE kind = ? AND key = ?", entries)
        except sqlite3.OperationalError:
            return
        except sqlite3.DatabaseError:
            self._damaged()


def _stamp_time(folder: Path) -> float:
    try:
        return (folder / _STAMP).stat().st_mtime
    except OSError:
        return 0.0
