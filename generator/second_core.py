"""A cold build's note pages rendered on two cores: a share in a forked child, which sends their Markdown back.

Rendering note pages is most of a cold build's rendering (one template per
note). After the facts are derived, :func:`note_texts` forks; the child renders
the last notes and writes their Markdown (plain strings, :mod:`marshal`) into a
pipe, while this process renders every other page and the first notes. Anything
wrong with the child (it died, it raised, it sent too little) and this process
renders the child's share itself, so the pages are the same either way.

Only where forking pays and is safe: :data:`FORK_FROM` notes or more, a second
CPU to run on, ``os.fork``, and no other thread (``mkdocs serve`` has several,
and renders few notes again anyway).
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence

FORK_FROM = 1000
"""Notes a build must render before a child renders some of them: below it, forking costs more than it saves."""
CHILD_SHARE = 0.6
"""The share of the notes the child renders: this process renders every other page as well."""

Render = Callable[[], str]


@contextlib.contextmanager
def note_texts(renders: Sequence[Render]) -> Iterator[Callable[[], list[str]]]:
    """Start rendering ``renders``; the function yielded returns their texts, in order, once every one is done.

    Pages rendered between entering and calling it are rendered while the child
    works. Leaving the block ends the child if it still runs.
    """
    if len(renders) < FORK_FROM or not can_fork():
        yield lambda: [render() for render in renders]
        return
    cut = len(renders) - int(len(renders) * CHILD_SHARE)
    child = _Child.start(renders[cut:])
    try:
        yield lambda: [render() for render in renders[:cut]] + child.texts()
    finally:
        child.end()


def can_fork() -> bool:
    """Whether this process can fork a child that runs on another CPU while it works on."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except AttributeError:  # pragma: no cover - not Linux
        return (os.cpu_count() or 1) > 1


class _Child:
    """A forked process rendering its share of the notes, and the pipe their Markdown comes back through."""

    def __init__(self, pid: int, pipe: int, renders: Sequence[Render]) -> None:
        self.pid: int | None = pid
        self.pipe = pipe
        self.renders = renders

    @classmethod
    def start(cls, renders: Sequence[Render]) -> _Child:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # else what they hold would be written twice
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child, which never returns
            _render_and_send(renders, read_end, write_end)
        os.close(write_end)
        return cls(pid, read_end, renders)

    def texts(self) -> list[str]:
        """The child's texts; rendered here instead if it failed to send every one."""
        data = bytearray()
        with os.fdopen(self.pipe, "rb", closefd=True) as pipe:
            self.pipe = -1
            while chunk := pipe.read(1 << 20):
                data += chunk
        _, status = os.waitpid(self.pid, 0) if self.pid is not None else (0, 1)
        self.pid = None
        texts = None
        if os.waitstatus_to_exitcode(status) == 0:
            with contextlib.suppress(ValueError, EOFError, TypeError):
                texts = marshal.loads(data)
        if not isinstance(texts, list) or len(texts) != len(self.renders):
            return [render() for render in self.renders]
        return texts

    def end(self) -> None:
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = None


def _render_and_send(renders: Sequence[Render], read_end: int, write_end: int) -> None:  # pragma: no cover - child
    code = 1
    try:
        os.close(read_end)
        # The collector would walk, and so copy, every object the parent built; the child makes few cycles.
        gc.freeze()
        data = marshal.dumps([render() for render in renders])
        with os.fdopen(write_end, "wb", closefd=True) as pipe:
            pipe.write(data)
        code = 0
    finally:
        os._exit(code)
