"""Writing files the way every command does: all at once, and never over a file the user has.

A reader (MkDocs under serve, an editor, a sync tool) never sees half a file:
the data goes to a temporary file beside the target, reaches the disk, and
only then takes the target's name.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def user_umask() -> int:
    """The process's umask: temporary files are made 0o600 and folders 0o700, the results get the usual modes."""
    current = os.umask(0)
    os.umask(current)
    return current


def _staged(path: Path, data: bytes) -> str:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o666 & ~user_umask())
    except BaseException:
        os.unlink(temporary)
        raise
    return temporary


def write_new_file(path: Path, data: bytes) -> None:
    """Create ``path`` holding ``data``; raise FileExistsError, writing nothing, if anything is there."""
    temporary = _staged(path, data)
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links: create exclusively, then write (whole, but not in one step).
        with open(path, "xb") as out:
            out.write(data)
    finally:
        os.unlink(temporary)


def replace_file(path: Path, data: bytes) -> None:
    """Write ``path`` whole, replacing what is there at once: only for files this program wrote itself."""
    temporary = _staged(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
