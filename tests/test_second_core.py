"""A cold build's note pages rendered partly in a forked child: the same pages as in one process, whatever the child does."""

from __future__ import annotations

import datetime as dt
import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from test_large import _synthetic

from generator import second_core
from generator.audience import parse_audience
from generator.pages import RenderMemo
from generator.render import make_environment
from generator.site import build_site

TODAY = dt.date(2026, 11, 24)
forks = pytest.mark.skipif(not second_core.can_fork(), reason="needs os.fork and a second CPU")


def _renders(
    count: int, in_child: Callable[[], None] = lambda: None, seconds: float = 0.0
) -> list[Callable[[], str]]:
    """Renders taking ``seconds`` that say which process ran them; ``in_child`` runs first when that is not this one."""
    parent = os.getpid()

    def render(number: int) -> str:
        if os.getpid() != parent:
            in_child()
        time.sleep(seconds)
        return f"{number} by {os.getpid()}"

    return [lambda number=number: render(number) for number in range(count)]  # type: ignore[misc]


def _no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@forks
def test_the_child_renders_from_the_last_note_back_and_this_process_the_rest() -> None:
    renders = _renders(second_core.FORK_FROM, seconds=0.0002)
    with second_core.note_texts(renders, judge=str.upper) as texts:
        time.sleep(0.5)  # the other pages: the child has a head start
        got, verdicts = texts()
    numbers = [int(text.split()[0]) for text in got]
    by = [int(text.split()[-1]) for text in got]
    assert numbers == list(range(len(renders)))
    assert by[-1] != os.getpid()
    mine = by.count(os.getpid())
    assert by[:mine] == [os.getpid()] * mine
    assert len(set(by[mine:])) == 1
    assert verdicts == {text: text.upper() for text, pid in zip(got, by, strict=True) if pid != os.getpid()}
    assert _no_child_left()


def test_fewer_notes_than_pay_for_a_fork_are_rendered_here() -> None:
    with second_core.note_texts(_renders(second_core.FORK_FROM - 1), judge=str.upper) as texts:
        got, verdicts = texts()
    assert {text.split()[-1] for text in got} == {str(os.getpid())}
    assert verdicts == {}


def _fail() -> None:
    raise RuntimeError("a template that fails only in the child")


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


@forks
@pytest.mark.parametrize("in_child", [_fail, _die, lambda: os._exit(0)], ids=["raises", "killed", "exits early"])
def test_a_child_that_fails_has_its_share_rendered_here(in_child: Callable[[], None]) -> None:
    renders = _renders(second_core.FORK_FROM, in_child)
    with second_core.note_texts(renders, judge=str.upper) as texts:
        got, verdicts = texts()
    assert got == [f"{number} by {os.getpid()}" for number in range(len(renders))]
    assert verdicts == {}
    assert _no_child_left()


@forks
def test_a_failure_here_ends_the_child() -> None:
    with pytest.raises(KeyError), second_core.note_texts(_renders(second_core.FORK_FROM)):
        raise KeyError("a page that fails while the child renders")
    assert _no_child_left()


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not second_core.can_fork()
    finally:
        stop.set()
        thread.join()


@forks
@pytest.mark.parametrize("audience", ["owner", "team", "person:ada-chen"])
def test_a_cold_build_on_two_cores_has_the_pages_of_a_build_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, audience: str
) -> None:
    _synthetic().make_synthetic_handbook(tmp_path, people=8, notes=300, seed=3)
    for note in sorted(tmp_path.glob("notes/**/*.md"))[::50]:
        with note.open("a", encoding="utf-8") as text:
            text.write("[](" * 20_000)  # too costly to render: shown as a notice, with a problem
    who = parse_audience(audience)
    # A memo keeps a build in one process (as under serve).
    one = build_site(tmp_path, None, audience=who, today=TODAY, memo=RenderMemo(), env=make_environment(None))
    monkeypatch.setattr(second_core, "FORK_FROM", 10)
    forked: list[int] = []
    start = second_core._Child.start.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(
        second_core._Child, "start", classmethod(lambda cls, renders, judge: forked.append(len(renders)) or start(cls, renders, judge))
    )
    two = build_site(tmp_path, None, audience=who, today=TODAY, env=make_environment(None))
    assert forked and forked[0] > 0
    assert two.pages == one.pages
    assert two.problems == one.problems
    assert audience != "owner" or sum("shows only a notice" in p.message for p in two.problems) == 6
    assert _no_child_left()
