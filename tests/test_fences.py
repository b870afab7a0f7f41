"""One fence reader for action items and private sections: fenced code is code, for both."""

from __future__ import annotations

import pytest

from generator.actions import parse_actions
from generator.audience import strip_private_sections
from generator.markdown import Fences


def items(body: str) -> list[str]:
    found, _ = parse_actions(body, body_line=1, people=(), display="content/notes/x.md")
    return [item.text for item in found]


@pytest.mark.parametrize(
    "body",
    [
        # A four-backtick fence showing a three-backtick one: the inner line closes nothing.
        "````\n```\n- [ ] phantom\n```\n````\n- [ ] real\n",
        "~~~\n- [ ] phantom\n~~~\n- [ ] real\n",
        "~~~~\n~~~\n- [ ] phantom\n~~~~\n- [ ] real\n",
        # A backtick line does not close a tilde fence, nor the other way round.
        "~~~\n```\n- [ ] phantom\n```\n~~~\n- [ ] real\n",
        "```\n~~~\n- [ ] phantom\n~~~\n```\n- [ ] real\n",
        # Inside a list item, indented.
        "- [ ] real\n\n    ```\n    - [ ] phantom\n    ```\n",
        # A closing line may be longer than the opening one.
        "```python\n- [ ] phantom\n`````\n- [ ] real\n",
    ],
)
def test_items_in_fenced_code_are_not_action_items(body: str) -> None:
    assert items(body) == ["real"]


def test_an_unclosed_fence_is_no_fence_for_action_items() -> None:
    # Python-Markdown renders a fence that never closes as text: the items after it are items.
    assert items("```\nnever closed\n\n- [ ] real\n") == ["real"]


def test_a_fence_with_an_info_string_opens_and_a_line_with_words_does_not_close() -> None:
    assert items("``` python\n- [ ] phantom\n``` not a close\n- [ ] phantom too\n```\n- [ ] real\n") == ["real"]


@pytest.mark.parametrize(
    "body",
    [
        "````\n```\n!!! private\n    shown as code\n```\n````\n",
        "> ```\n> !!! private\n>     shown as code\n> ```\n",
        "- item\n\n    ```\n    !!! private\n        shown as code\n    ```\n",
        "~~~\n!!! private\n    shown as code\n~~~\n",
    ],
)
def test_the_stripper_keeps_a_private_opener_that_is_code(body: str) -> None:
    assert strip_private_sections(body) == body


@pytest.mark.parametrize(
    "body",
    [
        # The inner ``` closes nothing, so the ```` fence runs to its own closer; the section after it is real.
        "````\n```\n````\n!!! private\n    secret\n",
        # An unclosed fence is no fence: it hides no section from the stripper.
        "```\nnever closed\n\n!!! private\n    secret\n",
        "> ```\n> never closed\n>\n> !!! private\n>     secret\n",
        # An unclosed fence inside a section takes the rest of the note with it.
        "!!! private\n    ```\n    secret\n\nsecret too\n",
        # A fence inside a section in a list item is cut with the section.
        "- item\n    !!! private\n        ```\n        secret\n        ```\n        secret\n",
    ],
)
def test_the_stripper_strips_sections_around_and_after_fences(body: str) -> None:
    assert "secret" not in strip_private_sections(body)


def test_fences_find_closers_and_skip_code() -> None:
    lines = ["a", "````", "```", "b", "````", "c", "```", "d"]
    fences = Fences(lines)
    assert fences.end(1) == 4
    assert fences.end(6) is None  # never closed
    assert [index for index, _ in Fences(lines).outside()] == [0, 5, 6, 7]


def test_many_unclosed_fences_cost_one_search() -> None:
    lines = ["```` x"] * 100_000 + ["- [ ] real"]
    fences = Fences(lines, budget=300_000)
    assert [text for _, text in fences.outside()] == lines
    assert fences.budget > 100_000  # the first search failed; the rest were known to fail
