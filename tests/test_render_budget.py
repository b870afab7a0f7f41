"""The render budget: hostile Markdown is refused by a cheap count, ordinary long notes never are.

Untimed: what it bounds is measured in bench/README.md; here only which texts pass.
"""

from __future__ import annotations

import pytest

from generator.render_budget import render_cost_problem

HOSTILE = {
    "a run of [": "[" * 20_000,
    "a run of ![": "![" * 20_000,
    "a run of [](": "[](" * 20_000,
    "a run of [x](": "[x](" * 20_000,
    "[ on many lines of one paragraph": "[\n" * 5_000,
    "inline elements in one paragraph": "word <b>x</b> " * 20_000,
    "emphasis and code in one paragraph": "word *a* `b` " * 20_000,
    "nested lists": "\n".join("    " * i + "- x" for i in range(1_000)),
    "nested admonitions": "".join("    " * i + "!!! note\n\n" for i in range(200)),
    "nested quotes": "\n".join(">" * i + " x" for i in range(200)),
    "admonitions nested 60 deep, many times": "".join("    " * i + "!!! note\n\n" for i in range(60)) * 50,
    "open divs": "<div>\n" * 40_000,
    "open tags around long text": "x <b>" * 500 + "\n\n" + "Some words here. " * 20_000,
    "a huge note": "Words and more words.\n\n" * 30_000,
}

ORDINARY = {
    "a long checklist": "\n".join(f"- [ ] item {i} with **bold** and a [link](x.md)" for i in range(4_000)),
    "a long table": "| a | b |\n|---|---|\n" + "\n".join(f"| {i} | [x](y.md) and [z](w.md) |" for i in range(4_000)),
    "many paragraphs": "\n\n".join(f"Paragraph {i} with a [link](x.md), <b>bold</b> and `code`." for i in range(5_000)),
    "a nested outline": "\n".join("    " * (i % 8) + f"- point {i}" for i in range(3_000)),
    "balanced HTML": "<details><summary>More</summary>\n<p>Text <b>bold</b></p>\n</details>\n\n" * 3_000,
    "JSON in a code block": "```json\n" + "[" * 20_000 + "\n```\n",
    "escaped brackets": "\\[" * 20_000,
    "an ordinary note": "# Catch-up\n\nWe talked about the [roadmap](../roadmap.md).\n\n- [ ] Send the doc\n",
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markdown_is_refused_with_a_reason(text: str) -> None:
    problem = render_cost_problem(text)
    assert problem is not None and "in seconds" in problem


@pytest.mark.parametrize("text", ORDINARY.values(), ids=ORDINARY.keys())
def test_ordinary_long_notes_are_never_refused(text: str) -> None:
    assert render_cost_problem(text) is None


def test_the_reason_names_what_there_is_too_much_of() -> None:
    assert render_cost_problem("[" * 20_000) == (
        "has a paragraph or list item with 20,000 [: too much inline markup to render in seconds"
    )
    assert render_cost_problem("\n".join(">" * i + " x" for i in range(100))) == (
        "nests one line 65 lists, quotes or admonitions deep: too deep to render in seconds (at most 64)"
    )
