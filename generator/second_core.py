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

FORK_FROM = 2000
"""Notes a build must render before a child renders some of them: below it, forking costs more than it saves."""
CHILD_SHARE = 0.9
"""The share of the notes the child renders (and judges): this process renders every other page as well."""

Render = Callable[[], str]
Judge = Callable[[str], "str | None"]
Texts = tuple[list[str], dict[str, "str | None"]]


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
    cut = len(renders) - int(len(renders) * CHILD_SHARE)
    child = _Child.start(renders[cut:], judge)
    try:

        def texts() -> Texts:
            mine = [render() for render in renders[:cut]]
            theirs, verdicts = child.texts()
            return mine + theirs, verdicts

        yield texts
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
    def start(cls, renders: Sequence[Render], judge: Judge | None = None) -> _Child:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # else what they hold would be written twice
        read_end, write_end = os.pipe()
        # Until the child is done, the collector leaves alone what both hold: walking it would copy it.
        gc.freeze()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child, which never returns
            _render_and_send(renders, judge, read_end, write_end)
        os.close(write_end)
        return cls(pid, read_end, renders)

    def texts(self) -> Texts:
        """The child's texts and verdicts; rendered here instead (and not judged) if it failed to send every one."""
        data = bytearray()
        with os.fdopen(self.pipe, "rb", closefd=True) as pipe:
            self.pipe = -1
            while chunk := pipe.read(1 << 20):
                data += chunk
        _, status = os.waitpid(self.pid, 0) if self.pid is not None else (0, 1)
        self.pid = None
        sent = None
        if os.waitstatus_to_exitcode(status) == 0:
            with contextlib.suppress(ValueError, EOFError, TypeError):
                sent = marshal.loads(data)
        if not isinstance(sent, tuple) or len(sent) != 2 or len(sent[0]) != len(self.renders):
            return [render() for render in self.renders], {}
        texts, verdicts = sent
        return texts, dict(zip(texts, verdicts, strict=True)) if verdicts is not None else {}

    def end(self) -> None:
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = None
        gc.unfreeze()


def _render_and_send(  # pragma: no cover - runs in the child
    renders: Sequence[Render], judge: Judge | None, read_end: int, write_end: int
) -> None:
    code = 1
    try:
        os.close(read_end)
        texts = [render() for render in renders]
        data = marshal.dumps((texts, None if judge is None else [judge(text) for text in texts]))
        with os.fdopen(write_end, "wb", closefd=True) as pipe:
            pipe.write(data)
        code = 0
    finally:
        os._exit(code)
