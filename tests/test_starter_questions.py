"""The question lists shipped in content/questions/ keep their promises."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.questions import (
    ID_RE,
    Question,
    duplicate_ids,
    near_duplicates,
    parse_question_list,
)

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = REPO / "content" / "questions"

MINIMUM_QUESTIONS = {
    "reports": 80,
    "manager": 40,
    "skip-level": 20,
    "peers": 20,
    "mentees": 20,
    "starters": 20,
}
# Lists for particular moments: (questions at least, at most), and relationships they must suit.
MOMENT_LISTS = {
    "struggling": ((12, 25), {"report"}),
    "stay": ((12, 25), {"report"}),
    "exit": ((12, 25), {"report"}),
    "remote": ((12, 25), {"report", "manager", "peer"}),
    "listening-tour": ((12, 25), {"report"}),
    "after-a-reorganisation": ((12, 25), {"report"}),
    "managers": ((12, 25), {"report"}),
    "first-90-days": ((12, 25), {"report"}),
}
# Starter questions that matched other public lists word for word; reworded, ids kept.
REWORDED = {
    "manager-hardest-part": "What's the hardest part of your job right now?",
    "lose-track-of-time": "What kind of work makes you lose track of time?",
    "take-off-your-plate": "What could I take off your plate this week?",
    "skip-what-would-you-change": "What would you change about how the team works?",
    "skip-manager-could-do-better": "What could your manager do to support you better?",
    "feedback-for-me": "What's one thing I could do differently that would help you?",
}
REQUIRED_IDS = {
    "reports": {
        "two-year-picture",
        "energy-this-week",
        "what-would-you-drop",
        "blocked-on",
        "feedback-for-me",
        "proud-of",
        "learn-next",
        "best-part-of-week",
    },
    "manager": {"manager-priorities", "how-am-i-doing", "what-should-i-stop", "manager-hardest-part"},
    "skip-level": {"skip-what-would-you-change", "skip-manager-could-do-better"},
    "peers": {"peer-how-can-i-help"},
    "mentees": {"mentee-what-to-practise"},
    "starters": {"starter-highlight"},
}
RELATIONSHIPS = {"report", "manager", "skip-level", "peer", "mentee", "other"}
# A question opening like this can be answered with yes or no.
CLOSED_OPENERS = re.compile(
    r"(?i)(do|does|did|is|are|was|were|have|has|had|can|could|will|would|should|am)\b"
)
EXPLICIT_ID = re.compile(r"\{:?[ \t]*#[^\s{}]+[ \t]*\}[ \t]*$")


@dataclass(frozen=True)
class QuestionList:
    """One shipped list file, split into front-matter and questions."""

    slug: str
    meta: dict[str, Any]
    body: str
    questions: list[Question]


def read_list(path: Path) -> QuestionList:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    fences = [index for index, line in enumerate(lines) if line.rstrip() == "---"]
    assert len(fences) >= 2 and fences[0] == 0, f"{path.name}: no front-matter block"
    meta = yaml.safe_load("".join(lines[1 : fences[1]]))
    assert isinstance(meta, dict), f"{path.name}: front-matter is not a mapping"
    body = "".join(lines[fences[1] + 1 :])
    questions = parse_question_list(body, list_slug=path.stem, first_line=fences[1] + 2)
    return QuestionList(path.stem, meta, body, questions)


LISTS = {
    path.stem: read_list(path) for path in sorted(QUESTIONS.glob("*.md")) if path.stem != "index"
}
ALL_QUESTIONS = [question for qlist in LISTS.values() for question in qlist.questions]


def public_question(text: str, qid: str) -> Question:
    return Question(id=qid, text=text, group="", list_slug="public", line=0)


def where(question: Question) -> str:
    return f"content/questions/{question.list_slug}.md:{question.line}"


def test_every_expected_list_is_shipped() -> None:
    assert set(MINIMUM_QUESTIONS) | set(MOMENT_LISTS) <= set(LISTS)


@pytest.mark.parametrize("slug", sorted(MOMENT_LISTS))
def test_moment_list_has_a_useful_length_and_suits_its_relationships(slug: str) -> None:
    (least, most), relationships = MOMENT_LISTS[slug]
    assert least <= len(LISTS[slug].questions) <= most
    assert relationships <= set(LISTS[slug].meta["for"])
    assert len({q.group for q in LISTS[slug].questions}) >= 3, "group the list under ## headings"
    # Suggested in a prep guide only while one of its topics is recent (see generator/prep.py).
    topics = LISTS[slug].meta.get("topics")
    assert isinstance(topics, list) and topics and all(ID_RE.fullmatch(str(t)) for t in topics)


@pytest.mark.parametrize("slug", sorted(MINIMUM_QUESTIONS))
def test_everyday_lists_are_always_suggested(slug: str) -> None:
    assert "topics" not in LISTS[slug].meta


def test_reworded_questions_keep_their_ids() -> None:
    ids = {question.id for question in ALL_QUESTIONS}
    assert set(REWORDED) <= ids


def test_no_question_is_a_known_public_wording() -> None:
    public = [public_question(text, f"public-{n}") for n, text in enumerate(REWORDED.values())]
    close = [
        f"{score:.2f} {where(ours)} {ours.text!r} ~ {theirs.text!r}"
        for theirs, ours, score in near_duplicates(public + ALL_QUESTIONS)
        if theirs.list_slug == "public" and ours.list_slug != "public"
    ]
    assert close == []


def test_every_question_an_example_note_asked_exists() -> None:
    ids = {question.id for question in ALL_QUESTIONS}
    missing = []
    for note in sorted((REPO / "content" / "notes").rglob("*.md")):
        meta = yaml.safe_load(note.read_text(encoding="utf-8").split("---", 2)[1]) or {}
        missing += [f"{note.name}: {qid}" for qid in meta.get("asked") or [] if qid not in ids]
    assert missing == []


@pytest.mark.parametrize("slug", sorted(MINIMUM_QUESTIONS))
def test_list_has_enough_questions(slug: str) -> None:
    assert len(LISTS[slug].questions) >= MINIMUM_QUESTIONS[slug]


@pytest.mark.parametrize("slug", sorted(LISTS))
def test_every_question_has_an_explicit_well_formed_id(slug: str) -> None:
    lines = (QUESTIONS / f"{slug}.md").read_text(encoding="utf-8").splitlines()
    missing = [where(q) for q in LISTS[slug].questions if not EXPLICIT_ID.search(lines[q.line - 1])]
    assert missing == [], "questions without a {#id} at the end of their line"
    malformed = [f"{where(q)}: {q.id}" for q in LISTS[slug].questions if not ID_RE.fullmatch(q.id)]
    assert malformed == [], "ids must be lowercase kebab-case"


def test_ids_are_unique_across_lists() -> None:
    clashes = [f"{b.id}: {where(a)} and {where(b)}" for a, b in duplicate_ids(ALL_QUESTIONS)]
    assert clashes == []


@pytest.mark.parametrize("slug", sorted(REQUIRED_IDS))
def test_ids_the_example_notes_refer_to_exist(slug: str) -> None:
    ids = {question.id for question in LISTS[slug].questions}
    assert REQUIRED_IDS[slug] - ids == set()


def test_no_question_rewords_another() -> None:
    pairs = [
        f"{score:.2f} {where(a)} {a.text!r} ~ {where(b)} {b.text!r}"
        for a, b, score in near_duplicates(ALL_QUESTIONS)
    ]
    assert pairs == []


def test_no_question_repeats_another_word_for_word() -> None:
    seen: dict[str, Question] = {}
    repeats = []
    for question in ALL_QUESTIONS:
        key = re.sub(r"\W+", " ", question.text.lower()).strip()
        if key in seen:
            repeats.append(f"{where(seen[key])} and {where(question)}")
        seen.setdefault(key, question)
    assert repeats == []


def test_questions_are_open_not_yes_or_no() -> None:
    closed = [f"{where(q)}: {q.text}" for q in ALL_QUESTIONS if CLOSED_OPENERS.match(q.text)]
    assert closed == []


@pytest.mark.parametrize("slug", sorted(LISTS))
def test_front_matter_has_title_and_relationships(slug: str) -> None:
    meta = LISTS[slug].meta
    assert isinstance(meta.get("title"), str) and meta["title"].strip()
    assert isinstance(meta.get("summary"), str) and meta["summary"].strip()
    relationships = meta.get("for")
    assert isinstance(relationships, list) and relationships, "for: must be a non-empty list"
    assert set(relationships) <= RELATIONSHIPS


@pytest.mark.parametrize("slug", sorted(LISTS))
def test_list_is_grouped_under_level_two_headings(slug: str) -> None:
    qlist = LISTS[slug]
    assert re.search(r"(?m)^## \S", qlist.body)
    ungrouped = [where(q) for q in qlist.questions if not q.group]
    assert ungrouped == []


@pytest.mark.parametrize("slug", sorted(LISTS))
def test_list_opens_with_an_introduction(slug: str) -> None:
    intro = LISTS[slug].body.split("\n## ", 1)[0].strip()
    assert len(intro.split()) >= 20, "say how to use the list before the first group"
