"""Question lists: parse `content/questions/<list>.md` bodies, derive ids, find duplicates.

A list body is Markdown. Each top-level list item (`- `, `* `, `+ `, `1. `, `1) `)
is a question; the `##` heading above it is its group. A question's id is the
`{#id}` at its end (`{: #id }` is accepted too), or else the slug of its text.

Nested list items are sub-points of the question above them (a follow-up, a
hint), not questions of their own. Items inside fenced code blocks are
examples, not questions. Continuation lines of an item are joined to its text.

Pure Python: no MkDocs imports, no I/O.
"""

from __future__ import annotations

import difflib
import re
import string
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from .markdown import list_items

__all__ = [
    "ID_RE",
    "anchor_questions",
    "NEAR_DUPLICATE_THRESHOLD",
    "Question",
    "duplicate_ids",
    "near_duplicates",
    "parse_question_list",
    "similarity",
    "slugify",
]


@dataclass(frozen=True)
class Question:
    """One question of a question list."""

    id: str
    """The `{#id}` at its end, else the slug of its text."""
    text: str
    """The question as written, without the `{#id}`."""
    group: str
    """The `##` heading above it ("" if none)."""
    list_slug: str
    """File stem of the list it belongs to."""
    line: int
    """1-based line of its list marker in the file."""


ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""What a well-formed id looks like: lowercase ASCII kebab-case."""

_SLUG_MAX = 60
_SLUG_FALLBACK = "question"

_TRAILING_ID_RE = re.compile(r"[ \t]*\{:?[ \t]*#([^\s{}]+)[ \t]*\}[ \t]*$")


def slugify(text: str) -> str:
    """Lowercase ASCII kebab-case of `text`, at most 60 characters, never empty.

    Accents are dropped after NFKD normalisation ("Café" -> "cafe"); a long slug
    is cut at a word boundary. Text with no ASCII letters or digits gives
    "question".
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > _SLUG_MAX:
        cut = slug[: _SLUG_MAX + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:_SLUG_MAX]
        slug = slug.strip("-")
    return slug or _SLUG_FALLBACK


def parse_question_list(body: str, *, list_slug: str, first_line: int = 1) -> list[Question]:
    """Questions of one list body (front-matter already removed).

    `first_line` is the file line of the body's first line, so that
    `Question.line` points into the file. Items with no text are skipped.
    """
    questions = []
    for item in list_items(body.splitlines()):
        text, explicit_id = _split_id(item.text)
        if text:
            questions.append(
                Question(
                    id=explicit_id or slugify(text),
                    text=text,
                    group=item.group,
                    list_slug=list_slug,
                    line=first_line + item.first,
                )
            )
    return questions


def anchor_questions(body: str) -> str:
    """`body` with every question's id moved to a line of its own, where attr_list reads it.

    Python-Markdown's attr_list ignores a `{#id}` at the end of a list item's
    line (it stays as literal text), but applies one written on the item's
    last continuation line to the `<li>`. So `- Why? {#why}` becomes
    `- Why?` followed by `  {#why}`, and a question without an explicit id
    gets its slug, so that every question can be linked to as
    `<list>/#<id>`. Everything else is left as it was.
    """
    lines = body.splitlines()
    moves: dict[int, tuple[int, str]] = {}
    for item in list_items(lines):
        text, explicit_id = _split_id(item.text)
        if not text:
            continue
        last = lines[item.last]
        match = _TRAILING_ID_RE.search(last)
        if match:
            lines[item.last] = last[: match.start()]
        moves[item.last] = (item.indent, explicit_id or slugify(text))
    anchored: list[str] = []
    for index, line in enumerate(lines):
        if line.strip() or index not in moves:
            # An id already on a line of its own leaves that line empty: drop it.
            anchored.append(line)
        if index in moves:
            indent, question_id = moves[index]
            anchored.append(" " * indent + "{#" + question_id + "}")
    trailing_newline = "\n" if body.endswith("\n") else ""
    return "\n".join(anchored) + trailing_newline


def _split_id(text: str) -> tuple[str, str]:
    """(text without its trailing `{#id}`, the id or "")."""
    match = _TRAILING_ID_RE.search(text)
    if match is None:
        return text.strip(), ""
    return text[: match.start()].strip(), match.group(1)


def duplicate_ids(questions: Iterable[Question]) -> list[tuple[Question, Question]]:
    """Pairs (first, later) of questions sharing an id, across lists.

    Each later question is paired with the first one that used its id, in the
    order given.
    """
    first_by_id: dict[str, Question] = {}
    pairs: list[tuple[Question, Question]] = []
    for question in questions:
        first = first_by_id.setdefault(question.id, question)
        if first is not question:
            pairs.append((first, question))
    return pairs


# Words that change when a question is reworded but carry little of its meaning.
_STOP_WORD_TEXT = """
    a an the and or but if so than then there here this that these those it its
    i me my mine we us our you your yours they them their he she his her
    am is are was were be been being do does did doing have has had having
    can could would should will shall may might must
    what which who whom whose when where why how
    to of in on at for with from by about as into over up out any some
    just really much more most very also ever still yet
    like want think feel get got make makes lot lots thing things
    something anything someone anyone one s re ve ll d t m
    now right moment currently recently lately today other another
"""
_STOP_WORDS = frozenset(_STOP_WORD_TEXT.split())
_PUNCTUATION = str.maketrans({char: " " for char in string.punctuation + "\u2019\u2018\u201c\u201d"})

NEAR_DUPLICATE_THRESHOLD = 0.6
"""Default for `near_duplicates`; see its docstring for why."""


def _content_words(text: str) -> tuple[str, ...]:
    """The words of `text` that carry its meaning, lowercased and roughly stemmed.

    A text made only of stop words keeps all its words, so that it still
    compares as itself.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = ascii_text.lower().translate(_PUNCTUATION).split()
    content = [word for word in words if word not in _STOP_WORDS]
    return tuple(_stem(word) for word in content or words)


def _stem(word: str) -> str:
    # Just enough to match "blocker"/"blockers", "learn"/"learning", "job"/"jobs".
    if word.endswith("ss"):
        return word
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def similarity(a: str, b: str) -> float:
    """How alike two question texts are, from 0.0 (no shared word) to 1.0.

    Both texts are reduced to their content words (see `near_duplicates`);
    the score is the largest of three views of their overlap: the `difflib`
    ratio of the two word sequences, which rewards words in the same order;
    the Jaccard index of the two word sets, which forgives a changed order;
    and how much of the shorter text the longer one contains, shared words
    over (shorter length + 1), which catches a question restated with a
    clause added. The + 1 keeps a one- or two-word question from counting as
    wholly contained in every question that mentions its words.
    """
    return _word_similarity(_content_words(a), _content_words(b))


def _word_similarity(a: tuple[str, ...], b: tuple[str, ...], floor: float = -1.0) -> float:
    """`similarity` of two content-word sequences; exact only if the result exceeds `floor`."""
    if not a or not b:
        return 1.0 if a == b else 0.0
    set_a, set_b = set(a), set(b)
    shared = len(set_a & set_b)
    jaccard = shared / len(set_a | set_b)
    containment = shared / (min(len(set_a), len(set_b)) + 1)
    # The ratio counts matched words twice over both lengths; it can match no
    # more of a word than the rarer side has, so this bounds it cheaply.
    matchable = sum(min(a.count(word), b.count(word)) for word in set_a & set_b)
    if max(jaccard, containment, 2 * matchable / (len(a) + len(b))) <= floor:
        return max(jaccard, containment)
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    return max(jaccard, containment, ratio)


def near_duplicates(
    questions: Sequence[Question], threshold: float = NEAR_DUPLICATE_THRESHOLD
) -> list[tuple[Question, Question, float]]:
    """Pairs whose normalised texts are more similar than `threshold`, most similar first.

    Each pair is (earlier, later) in the order given, with its `similarity`.
    Texts are normalised to their content words: lowercased, accents and
    punctuation dropped, a small set of stop words removed (pronouns,
    auxiliaries, question words, fillers such as "really", "want" or "right
    now"), and a few suffixes trimmed. Word-level rather than character-level
    comparison keeps short, unrelated questions that share letters apart.

    Why 0.6: every pair of the starter lists (about 230 questions) and a set
    of hand-made rewordings of them were scored. Distinct starter questions
    stay at or below 0.57 (two shared words out of four or more), while
    rewordings that keep the key words score 0.67 and above ("What does a good
    week look like for you?" / "... a great week ...": 0.67; "How can I help
    your team this quarter?" / "What can I do to help your team this
    quarter?": 1.0; "What do you want to learn next?" against a longer
    question that contains it: 0.67). Rewordings by synonym ("start" / "begin") share no words
    and are beyond any threshold: that is a reviewer's job.

    Only pairs that share a content word are compared, so a few hundred
    questions take a few milliseconds.
    """
    words = [_content_words(question.text) for question in questions]
    holders: dict[str, list[int]] = {}
    for index, question_words in enumerate(words):
        for word in set(question_words):
            holders.setdefault(word, []).append(index)
    candidates = {pair for indices in holders.values() for pair in combinations(indices, 2)}
    pairs: list[tuple[int, int, float]] = []
    for i, j in sorted(candidates):
        score = _word_similarity(words[i], words[j], threshold)
        if score > threshold:
            pairs.append((i, j, score))
    pairs.sort(key=lambda pair: -pair[2])
    return [(questions[i], questions[j], score) for i, j, score in pairs]
