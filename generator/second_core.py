"""A cold build's note pages rendered on two cores: a forked child renders from the last note back, this process from
the first note on, until they meet.

Rendering note pages is most of a cold build's rendering (one template per
note). After the facts are derived, :func:`note_texts` forks; the child renders
the notes from the last one backwards, a chunk at a time, writing each chunk's
Markdown (plain strings, :mod:`marshal`) to a file both share and telling this
process through a pipe. This process renders every other page meanwhile, then
the notes from the first one on, taking each chunk the child finished, until
the two meet. So the work is shared by how fast each one runs: when the other
core is busy with something else, this process renders nearly everything
itself. Anything wrong with the child (it died, it raised, it sent something
unreadable) and this process renders what is left itself, so the pages are the
same either way.

Only where forking can pay and is safe: :data:`FORK_FROM` notes or more, a
second CPU to run on, ``os.fork``, and no other thread (``mkdocs serve`` has
several, and renders few notes again anyway).
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import signal
import struct
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence

FORK_FROM = 2000
"""Notes a build must render before a child renders some of them: below it, forking costs more than it saves."""
CHUNK = 64
"""Notes the child renders before it hands their Markdown over."""

Render = Callable[[], str]
Judge = Callable[[str], "str | None"]
Texts = tuple[list[str], dict[str, "str | None"]]
_DONE = struct.Struct("<QQQ")
"""What the child tells of each chunk: the first note in it, and where its Markdown is in the shared file."""


@contextlib.contextmanager
def note_texts(renders: Sequence[Render], judge: Judge | None = None) -> Iterator[Callable[[], Texts]]:
    """Start rendering ``renders``; the function yielded returns their texts, in order, once every one is done.

    Pages rendered between entering and calling it are rendered while the child
    works. Leaving the block ends the child if it still runs. With ``judge``,
    the child also judges the texts it rendered; the function returns those
    verdicts too, by text (none for texts rendered in this process).
    """
    if len(renders) < FORK_FROM or not can_fork():
        yield lambda: ([render() for render in renders], {})
        return
    child = _Child.start(renders, judge)
    try:
        yield child.texts
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
    """A forked process rendering notes from the last one back; the pipe it tells through and the file it writes."""

    def __init__(self, pid: int, pipe: int, shared: int, renders: Sequence[Render]) -> None:
        self.pid: int | None = pid
        self.pipe = pipe
        self.shared = shared
        self.renders = renders
        self.told = b""
        self.chunks: list[tuple[list[str], list[str | None] | None]] = []
        """What the child sent, last notes first."""
        self.start_of_sent = len(renders)
        """The first note of those the child sent (each after it too)."""

    @classmethod
    def start(cls, renders: Sequence[Render], judge: Judge | None = None) -> _Child:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # else what they hold would be written twice
        read_end, write_end = os.pipe()
        # This process keeps a duplicate of the file's descriptor (closed in end()); the file object closes here.
        with tempfile.TemporaryFile() as shared:
            # Until the child is done, the collector leaves alone what both hold: walking it would copy it.
            gc.freeze()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child, which never returns
                _render_and_send(renders, judge, read_end, write_end, shared.fileno())
            os.close(write_end)
            os.set_blocking(read_end, False)
            return cls(pid, read_end, os.dup(shared.fileno()), renders)

    def texts(self) -> Texts:
        """Every note's text, rendered here from the first one until the child's chunks begin."""
        mine: list[str] = []
        while len(mine) < self.start_of_sent:
            if len(mine) % 8 == 0:
                self._take_sent()
            if len(mine) < self.start_of_sent:
                mine.append(self.renders[len(mine)]())
        # The last chunk taken may begin before the notes rendered here ended: those of its notes are not used.
        skip = len(mine) - self.start_of_sent
        theirs = [text for texts, _ in reversed(self.chunks) for text in texts][skip:]
        judged = [verdict for _, verdicts in reversed(self.chunks) if verdicts is not None for verdict in verdicts]
        return mine + theirs, dict(zip(theirs, judged[skip:], strict=True)) if judged else {}

    def _take_sent(self) -> None:
        """Take every chunk the child told of since; stop listening to it if it ended or sent nonsense."""
        if self.pipe < 0:
            return
        try:
            told = os.read(self.pipe, 1 << 16)
        except BlockingIOError:
            return
        if not told:  # the child ended
            self._close_pipe()
            return
        self.told += told
        whole = len(self.told) - len(self.told) % _DONE.size
        for first, offset, length in _DONE.iter_unpack(self.told[:whole]):
            try:
                texts, judged = marshal.loads(os.pread(self.shared, length, offset))
            except (ValueError, EOFError, TypeError):
                self._close_pipe()
                return
            if len(texts) != self.start_of_sent - first:
                self._close_pipe()
                return
            self.chunks.append((texts, judged))
            self.start_of_sent = first
        self.told = self.told[whole:]

    def _close_pipe(self) -> None:
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1

    def end(self) -> None:
        self._close_pipe()
        if self.shared >= 0:
            os.close(self.shared)
            self.shared = -1
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = None
        gc.unfreeze()


def _render_and_send(  # pragma: no cover - runs in the child
    renders: Sequence[Render], judge: Judge | None, read_end: int, write_end: int, shared: int
) -> None:
    code = 1
    try:
        os.close(read_end)
        offset = 0
        for end in range(len(renders), 0, -CHUNK):
            first = max(0, end - CHUNK)
            texts = [render() for render in renders[first:end]]
            data = marshal.dumps((texts, None if judge is None else [judge(text) for text in texts]))
            os.pwrite(shared, data, offset)
            os.write(write_end, _DONE.pack(first, offset, len(data)))
            offset += len(data)
        code = 0
    finally:
        os._exit(code)
