"""Unit tests of question-list parsing, ids and duplicate detection."""

from __future__ import annotations

import textwrap

import markdown  # type: ignore[import-untyped]
import pytest

import generator.questions as questions_module
from generator.questions import (
    NEAR_DUPLICATE_THRESHOLD,
    Question,
    anchor_questions,
    duplicate_ids,
    near_duplicates,
    parse_question_list,
    similarity,
    slugify,
)


def body(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def question(text: str, *, qid: str = "", list_slug: str = "reports", line: int = 1) -> Question:
    return Question(id=qid or slugify(text), text=text, group="", list_slug=list_slug, line=line)


# parse_question_list


def test_explicit_ids_are_taken_and_removed_from_the_text() -> None:
    questions = parse_question_list(
        body("""
        - Where do you want to be in two years? {#two-year-picture}
        - What would you drop? {: #what-would-you-drop }
        """),
        list_slug="reports",
    )
    assert [(q.id, q.text) for q in questions] == [
        ("two-year-picture", "Where do you want to be in two years?"),
        ("what-would-you-drop", "What would you drop?"),
    ]
    assert {q.list_slug for q in questions} == {"reports"}


def test_a_question_without_an_id_gets_the_slug_of_its_text() -> None:
    [only] = parse_question_list("- What's blocking you, right now?\n", list_slug="reports")
    assert only.id == "what-s-blocking-you-right-now"
    assert only.text == "What's blocking you, right now?"


def test_groups_come_from_level_two_headings() -> None:
    questions = parse_question_list(
        body("""
        - Before any heading?
        ## Career ##
        - Career one?
        ### A sub-heading does not start a group
        - Career two?
        ## Feedback
        - Feedback one?
        # A title resets the group
        - After the title?
        """),
        list_slug="reports",
    )
    assert [(q.text, q.group) for q in questions] == [
        ("Before any heading?", ""),
        ("Career one?", "Career"),
        ("Career two?", "Career"),
        ("Feedback one?", "Feedback"),
        ("After the title?", ""),
    ]


def test_line_numbers_point_into_the_file() -> None:
    text = body("""
        Intro paragraph.

        ## Career
        - First?
        - Second?
        """)
    questions = parse_question_list(text, list_slug="reports", first_line=5)
    assert [q.line for q in questions] == [8, 9]
    assert [q.line for q in parse_question_list(text, list_slug="reports")] == [4, 5]


def test_items_in_fenced_code_blocks_are_not_questions() -> None:
    questions = parse_question_list(
        body("""
        - Real?
        ```markdown
        - Not a question {#example}
        ~~~
        - Still inside the backtick fence
        ```
        ~~~~
        * Inside a tilde fence
        ~~~~
        - Also real?
        """),
        list_slug="reports",
    )
    assert [q.text for q in questions] == ["Real?", "Also real?"]


def test_nested_items_are_sub_points_not_questions() -> None:
    questions = parse_question_list(
        body("""
        - What would you change about the team? {#change-the-team}
          - follow up: what stops you from changing it?
            - deeper still
        1. A numbered question?
           1. A numbered sub-point
        - Last?
        """),
        list_slug="reports",
    )
    assert [(q.id, q.text) for q in questions] == [
        ("change-the-team", "What would you change about the team?"),
        ("a-numbered-question", "A numbered question?"),
        ("last", "Last?"),
    ]


def test_all_list_markers_are_accepted() -> None:
    questions = parse_question_list(
        "- Dash?\n* Star?\n+ Plus?\n1. Dot?\n2) Paren?\n", list_slug="reports"
    )
    assert [q.text for q in questions] == ["Dash?", "Star?", "Plus?", "Dot?", "Paren?"]


def test_continuation_lines_join_the_question_and_may_carry_the_id() -> None:
    [wrapped, lazy] = parse_question_list(
        body("""
        - What would you work on
          with a free week? {#free-week}
        - A lazy
        continuation line?
        """),
        list_slug="reports",
    )
    assert (wrapped.id, wrapped.text, wrapped.line) == (
        "free-week",
        "What would you work on with a free week?",
        1,
    )
    assert lazy.text == "A lazy continuation line?"


def test_paragraphs_text_and_empty_items_are_not_questions() -> None:
    questions = parse_question_list(
        body("""
        Not a list item, **bold** or *not*.

        ---
        -
        - {#only-an-id}
        - Loose item?

          A second paragraph of the loose item.
        """),
        list_slug="reports",
    )
    assert [q.text for q in questions] == ["Loose item?"]


# slugify


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Where do you want to be in two years?", "where-do-you-want-to-be-in-two-years"),
        ("Café & crème brûlée", "cafe-creme-brulee"),
        ("  --What's *next*?--  ", "what-s-next"),
        ("ＦＵＬＬＷＩＤＴＨ", "fullwidth"),
        ("???", "question"),
        ("", "question"),
        ("日本語", "question"),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_a_long_slug_is_cut_at_a_word_boundary() -> None:
    slug = slugify(
        "What would you want to be doing if money and time were no object at all, really?"
    )
    assert len(slug) <= 60
    assert slug == "what-would-you-want-to-be-doing-if-money-and-time-were-no"
    assert not slug.endswith("-")


def test_a_long_single_word_slug_is_cut_hard() -> None:
    assert slugify("x" * 100) == "x" * 60


# duplicate_ids


def test_duplicate_ids_pairs_each_later_question_with_the_first() -> None:
    first = question("One?", qid="same", list_slug="reports", line=3)
    other = question("Other?", qid="other", list_slug="reports", line=4)
    second = question("Two?", qid="same", list_slug="manager", line=7)
    third = question("Three?", qid="same", list_slug="peers", line=9)
    assert duplicate_ids([first, other, second, third]) == [(first, second), (first, third)]


def test_no_duplicate_ids() -> None:
    assert duplicate_ids([question("One?"), question("Two?")]) == []


# near_duplicates and similarity


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("How can I help your team this quarter?", "What can I do to help your team this quarter?"),
        ("What do you want to learn next?", "What would you like to learn next?"),
        ("What are you proud of this week?", "What's something you're proud of from this week?"),
        (
            "What would make you start looking at other jobs?",
            "What would make you look for another job?",
        ),
        (
            "Whose career do you admire, and what about it?",
            "Whose career do you admire most, and why?",
        ),
        (
            "What would you like to learn next, and how could your work help?",
            "What do you want to learn next?",
        ),
    ],
)
def test_a_reworded_question_is_flagged(a: str, b: str) -> None:
    qa, qb = question(a, list_slug="reports"), question(b, list_slug="manager")
    [(first, later, score)] = near_duplicates([qa, qb])
    assert (first, later) == (qa, qb)
    assert score > NEAR_DUPLICATE_THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("What should we talk about next time?", "Who should I be talking to that I'm not?"),
        ("What's blocking you, or about to?", "Where are you waiting on someone else?"),
        ("What does a good week look like for you?", "What would make next week feel lighter?"),
        (
            "Which of my recent decisions would you have made differently?",
            "How are decisions made in your team, and how much say do you have?",
        ),
        ("What is it?", "How are you?"),
    ],
)
def test_distinct_questions_are_not_flagged(a: str, b: str) -> None:
    assert near_duplicates([question(a), question(b)]) == []


def test_near_duplicates_are_sorted_most_similar_first() -> None:
    questions = [
        question("What does a good week look like for you?"),
        question("How can I help your team this quarter?"),
        question("What does a great week look like for you?"),
        question("What can I do to help your team this quarter?"),
    ]
    found = near_duplicates(questions)
    assert [(a.text, b.text) for a, b, _ in found] == [
        (questions[1].text, questions[3].text),
        (questions[0].text, questions[2].text),
    ]
    assert found[0][2] == 1.0


def test_the_threshold_can_be_lowered_to_hunt_by_eye() -> None:
    pair = [
        question("How does your team plan its work, and what about that is working?"),
        question("What would you change about how the team works?"),
    ]
    assert near_duplicates(pair) == []
    assert len(near_duplicates(pair, threshold=0.5)) == 1


def test_similarity_ignores_case_punctuation_accents_and_filler() -> None:
    assert similarity("What's BLOCKING you — right now?", "what is blocking you") == 1.0
    assert similarity("Café plans?", "cafe plans") == 1.0
    assert similarity("Where do you want to be in two years?", "Who deserves credit?") == 0.0


def test_near_duplicates_compares_only_questions_that_share_a_word(monkeypatch: pytest.MonkeyPatch) -> None:
    # 400 questions in 40 groups of 10; a group shares one word, no word crosses groups. Comparing every pair
    # would score 79,800 pairs; only the 40 * 45 pairs within a group may be scored.
    letters = "bcdfghjklmnpqrstvwxz"

    def word(n: int) -> str:
        return letters[n // 20 % 20] + "o" + letters[n % 20] + "a" + letters[n // 400 % 20]

    questions = [question(f"{word(1000 + group)} {word(2000 + i)} {word(3000 + i)}?") for group in range(40)
                 for i in range(group * 10, group * 10 + 10)]
    scored: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    real = questions_module._word_similarity

    def counting(a: tuple[str, ...], b: tuple[str, ...], floor: float = -1.0) -> float:
        scored.append((a, b))
        return real(a, b, floor)

    monkeypatch.setattr(questions_module, "_word_similarity", counting)
    assert near_duplicates(questions) == []
    assert len(scored) == 40 * 45
    assert all(a[0] == b[0] for a, b in scored)


# anchor_questions


def test_anchor_questions_moves_ids_to_their_own_line() -> None:
    text = body("""
        Intro.

        ## Career
        - Where in two years? {#two-year-picture}
        - Wrapped
          question? {: #wrapped }
          - a sub-point
        - Already anchored?
          {#already}
        - No id?

        ```
        - Example {#example}
        ```
        """)
    assert anchor_questions(text) == body("""
        Intro.

        ## Career
        - Where in two years?
          {#two-year-picture}
        - Wrapped
          question?
          {#wrapped}
          - a sub-point
        - Already anchored?
          {#already}
        - No id?
          {#no-id}

        ```
        - Example {#example}
        ```
        """)


def test_anchored_questions_become_list_item_ids_with_attr_list() -> None:
    text = "- Where in two years? {#two-year-picture}\n1. Numbered? {#numbered}\n"
    assert "{#" in markdown.markdown(text, extensions=["attr_list"])
    html = markdown.markdown(anchor_questions(text), extensions=["attr_list"])
    assert '<li id="two-year-picture">Where in two years?</li>' in html
    assert '<li id="numbered">Numbered?</li>' in html
    assert "{#" not in html


def test_anchoring_keeps_the_questions() -> None:
    text = "## G\n- One? {#one}\n- Two?\n"
    assert parse_question_list(anchor_questions(text), list_slug="x") == [
        Question(id="one", text="One?", group="G", list_slug="x", line=2),
        Question(id="two", text="Two?", group="G", list_slug="x", line=4),
    ]
