"""Properties of the reader over generated content (Hypothesis).

1. Reading never raises anything but ContentError.
2. What is read survives the trip through the front-matter the generator
   writes for MkDocs: MkDocs' own reader and ours see the same meta and body.
3. Nothing without a readable, allowed visibility reaches a non-owner build.

Deterministic (derandomize) so CI and laptops see the same examples; set
HANDBOOK_HYPOTHESIS_EXPLORE=1 to search afresh. The file runs in well under 60 s.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from generator.audience import parse_audience
from generator.errors import ContentError
from generator.load import NOTE_FIELDS, PERSON_FIELDS, content_files, load_handbook
from generator.pages import builder_meta, front_matter
from generator.parse import Document, FieldReader, decode, read_document, split_document
from generator.site import build_site

settings.register_profile(
    "handbook-properties",
    derandomize=not os.environ.get("HANDBOOK_HYPOTHESIS_EXPLORE"),
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = settings.get_profile("handbook-properties")
TODAY = dt.date(2026, 11, 24)
PATH = "content/notes/x.md"

# --- Generated front-matter text -------------------------------------------------------------

awkward_text = st.lists(
    st.one_of(
        st.sampled_from(list(":-#[]{}!&*|>'\",?%@`\\ \t\n.~=<+")),
        st.sampled_from(["---", "...", "+++", ": ", " #", "\n---\n", "\n...\n", "\r\n", "\r", "\ufeff", "\u2028", "\x85"]),
        st.characters(codec="utf-8"),
        st.text(max_size=5),
    ),
    max_size=12,
).map("".join)
awkward_line = awkward_text.map(lambda text: " ".join(text.splitlines()))
keys = st.one_of(st.sampled_from(list(NOTE_FIELDS + PERSON_FIELDS) + ["title", "Title", "TITLE", "tags", "<<"]), awkward_text)


def quoted(value: str, style: str) -> str:
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "double":
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if style == "block":
        return "|\n" + "".join(f"  {line}\n" for line in value.split("\n")).rstrip("\n")
    return value


scalar_text = st.builds(quoted, awkward_text, st.sampled_from(["plain", "single", "double", "block"]))
flow_value = st.recursive(
    st.builds(quoted, awkward_line, st.sampled_from(["plain", "single", "double"])),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(keys.map(lambda k: " ".join(k.splitlines())), inner), max_size=3).map(
            lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
        ),
    ),
    max_leaves=8,
)
front_matter_lines = st.lists(
    st.one_of(
        st.tuples(keys, st.one_of(scalar_text, flow_value)).map(lambda kv: f"{kv[0]}: {kv[1]}"),
        st.tuples(keys, st.lists(scalar_text, max_size=3)).map(
            lambda kv: f"{kv[0]}:\n" + "".join(f"  - {v}\n" for v in kv[1]).rstrip("\n")
        ),
        awkward_text,
    ),
    max_size=8,
)
bodies = st.text(st.characters(codec="utf-8"), max_size=60) | st.sampled_from(
    ["", "---\n", "\n---\ntitle: x\n---\n", "- [ ] @me do it due:2026-02-30\n", "!!! private\n    hidden\n"]
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    opening = draw(st.sampled_from(["---\n", "---\n", "---\n", "--- \n", "\n---\n", "\ufeff---\n", "+++\n", ""]))
    closing = draw(st.sampled_from(["---\n", "---\n", "...\n", "--- \t\n", "", "----\n"]))
    return opening + "\n".join(draw(front_matter_lines)) + "\n" + closing + draw(bodies)


def read_every_field(doc: Document) -> None:
    reader = FieldReader(doc, NOTE_FIELDS + PERSON_FIELDS)
    for name in list(doc.fields or {}) + list(NOTE_FIELDS + PERSON_FIELDS):
        reader.text(name)
        reader.text(name, required=True, max_length=5)
        reader.choice(name, ("held", "cancelled"))
        reader.boolean(name)
        reader.date(name, required=True)
        reader.integer(name, low=1, high=5)
        reader.raw_scalar(name, "anything")
        reader.words(name)
    reader.plain_meta(doc.fields or {})
    for problem in reader.problems:
        str(problem)


# --- 1. Nothing but ContentError -------------------------------------------------------------


@settings(PROFILE, max_examples=600)
@given(documents())
def test_reading_generated_front_matter_raises_only_content_errors(text: str) -> None:
    try:
        doc = split_document(text, PATH)
    except ContentError as exc:
        event("refused")
        assert exc.problems and all(p.path == PATH for p in exc.problems)
        assert all(str(p).startswith(PATH) and "\n" not in str(p) for p in exc.problems)
        return
    event("read")
    read_every_field(doc)


@settings(PROFILE, max_examples=300)
@given(st.text(max_size=200))
def test_reading_any_text_raises_only_content_errors(text: str) -> None:
    with contextlib.suppress(ContentError):
        read_every_field(split_document(text, PATH))


@settings(PROFILE, max_examples=300)
@given(st.binary(max_size=200) | documents().map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_decoding_any_bytes_raises_only_content_errors(raw: bytes) -> None:
    with contextlib.suppress(ContentError):
        read_every_field(split_document(decode(raw, PATH), PATH))


@settings(PROFILE, max_examples=40)
@given(st.lists(st.tuples(st.sampled_from(["people/a.md", "people/b.md", "notes/n1.md", "notes/2026/n2.md",
                                             "questions/q.md", "guidance/g.md", "index.md"]),
                          documents().map(lambda t: t.encode("utf-8", "surrogatepass")) | st.binary(max_size=100)),
                max_size=6))
def test_loading_a_generated_content_folder_raises_nothing(files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name, raw in files:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(raw)
        for name, _ in files:
            with contextlib.suppress(ContentError):
                read_document(root / name, name, root=root)
        handbook, problems = load_handbook(root, content_files(root))
        for problem in problems:
            assert "\n" not in str(problem)
        assert not {m.source.src_uri for m in handbook.meetings} & handbook.left_out


# --- 2. The round trip through MkDocs --------------------------------------------------------

# Text a page may hold: awkward for YAML (fences, colons, quotes, newlines, any script) but
# without the characters the reader refuses outright, which the properties above cover.
page_text = st.lists(
    st.one_of(
        st.sampled_from(list(":-#[]{}!&*|>'\",?%@`\\ \t\n.~=<+") + ["---", "...", "\n---\n", ": ", " #", "- ", "? "]),
        st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Zl", "Zp"], exclude_characters="\ufeff"),
    ),
    max_size=12,
).map("".join)
plain_values = st.recursive(
    st.none() | st.booleans() | page_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(page_text, inner, max_size=3),
    max_leaves=6,
)


@st.composite
def pages(draw: st.DrawFn) -> str:
    """A page whose front-matter is either hand-written lines or PyYAML's own dump, in any style."""
    if draw(st.integers(0, 3)) == 0:
        block = "\n".join(draw(front_matter_lines)) + "\n"
    else:
        meta = draw(st.dictionaries(st.sampled_from(["title", "tags", "hide", "x"]) | page_text, plain_values, max_size=4))
        style = draw(st.sampled_from([None, '"', "'", "|", ">"]))
        flow = draw(st.sampled_from([None, True, False]))
        try:
            block = yaml.safe_dump(meta, default_style=style, default_flow_style=flow, allow_unicode=draw(st.booleans()))
        except yaml.YAMLError:
            block = ""
    return "---\n" + block + "---\n" + draw(bodies)


def mkdocs_and_ours(written: str) -> tuple[tuple[str, object], tuple[str, object]]:
    mkdocs_body, mkdocs_meta = get_data(written)
    doc = split_document(written, PATH)
    ours = FieldReader(doc, ()).plain_meta(doc.fields or {})
    return (mkdocs_body, mkdocs_meta), (doc.body.lstrip("\n"), ours)


@settings(PROFILE, max_examples=700)
@given(pages())
def test_what_is_read_round_trips_through_the_front_matter_written_for_mkdocs(text: str) -> None:
    try:
        doc = split_document(text, PATH)
    except ContentError:
        event("refused")
        return
    meta = FieldReader(doc, ()).plain_meta(doc.fields or {})
    event("read, with fields" if meta else "read, no fields")
    written = front_matter(meta) + doc.body
    (mkdocs_body, mkdocs_meta), (our_body, our_meta) = mkdocs_and_ours(written)
    expected = as_written_for_mkdocs(meta)
    assert mkdocs_meta == expected
    assert our_meta == expected
    assert without_leading_blank_lines(mkdocs_body) == without_leading_blank_lines(our_body)
    assert without_leading_blank_lines(our_body) == without_leading_blank_lines(doc.body)


def without_leading_blank_lines(body: str) -> str:
    """Blank lines at the top of a body mean nothing to Markdown; readers differ in keeping them."""
    return re.sub(r"\A(?:[ \t]*(?:\n|\Z))+", "", body)


def as_written_for_mkdocs(meta: dict[str, object]) -> dict[str, object]:
    """What MkDocs must read back: ``meta`` with the generator's deliberate changes only."""
    return builder_meta(meta)


def test_non_text_tags_are_left_out() -> None:
    doc = split_document("---\ntags: [null, true, {a: b}, kept]\n---\n", PATH)
    meta = FieldReader(doc, ()).plain_meta(doc.fields or {})
    (_, mkdocs_meta), _ = mkdocs_and_ours(front_matter(meta))
    assert mkdocs_meta == {"tags": ["kept"]}


def test_empty_front_matter_before_a_rule_round_trips() -> None:
    doc = split_document("---\n---\n---\ntitle: Not meta\n---\nText.\n", PATH)
    assert doc.fields == {}
    (_, mkdocs_meta), _ = mkdocs_and_ours(front_matter({}) + doc.body)
    assert mkdocs_meta == {}


def test_a_page_without_front_matter_keeps_a_first_line_that_looks_like_multimarkdown_meta() -> None:
    doc = split_document("Summary: listen more than you talk.\n\nText.\n", PATH)
    assert doc.fields is None
    mkdocs_body, mkdocs_meta = get_data(front_matter({}) + doc.body)
    assert (mkdocs_body, mkdocs_meta) == (doc.body, {})


def test_empty_front_matter_before_a_blank_line_and_a_rule_round_trips() -> None:
    doc = split_document("---\n---\n\n---\nText.\n", PATH)
    assert doc.fields == {}
    mkdocs_and_ours(front_matter({}) + doc.body)


# --- 3. Visibility: fail closed --------------------------------------------------------------

VISIBLE = {  # written as, what it means once read: None = unreadable
    "": "default",
    "visibility: private\n": "private",
    "visibility: shared\n": "shared",
    "visibility: team\n": "team",
    "private: true\n": "private",
    "private: false\n": "default",
    "private: false\nvisibility: team\n": "team",
}
BROKEN = [
    "visibility: Team\n",
    "visibility: publik\n",
    "visibility: [team]\n",
    "visibility: 'team\n",
    "visibility: team\nVisibility: private\n",
    "private: yes\n",
    'private: "true"\n',
    "private: true\nvisibility: team\n",
    "visibility: !!str team\n",
    "visibility: &v team\nx: *v\n",
    "visibility:\n\tteam\n",
    "visibility: team\u2028\n",
]
ORDER = ["private", "shared", "team"]
SLUGS = ["alex-kim", "sam", "mei"]


@dataclass(frozen=True)
class Written:
    src_uri: str
    text: str
    canary: str | None
    """A word that must not reach this audience, or None when the file may be read."""
    marker: str | None = None
    """A word that must reach this audience (the model and the build agree)."""


def effective(person: str | None, note: str | None) -> str | None:
    if person is None or note is None:
        return None
    person_v = "shared" if person == "default" else person
    note_v = person_v if note == "default" else note
    return min(person_v, note_v, key=ORDER.index)


def may_read(audience: str, visibility: str | None, about: str) -> bool:
    if visibility is None:
        return False
    if audience == "team":
        return visibility == "team"
    return audience == f"person:{about}" and visibility in ("shared", "team")


visibility_lines = st.one_of(*[st.sampled_from(list(VISIBLE))] * 3, st.sampled_from(BROKEN))


@st.composite
def content_folders(draw: st.DrawFn, audience: str) -> list[Written]:
    files: list[Written] = []
    people: dict[str, str | None] = {}
    for index, slug in enumerate(draw(st.lists(st.sampled_from(SLUGS), unique=True, min_size=1, max_size=3))):
        line = draw(visibility_lines)
        meaning = VISIBLE.get(line)
        people[slug] = meaning
        visible = may_read(audience, effective(meaning, "default"), slug)
        word = f"zqokperson{index}x" if visible else f"zqperson{index}x"
        name = f"Alex{index}" if visible else f"Zq{index} Hidden"
        files.append(Written(
            f"people/{slug}.md",
            f"---\nname: {name}\nrelationship: report\ncadence: weekly\n{line}---\nAbout {word}.\n",
            None if visible else word,
            word if visible else None,
        ))
    for index in range(draw(st.integers(0, 6))):
        slug = draw(st.sampled_from(list(people)) | st.sampled_from(SLUGS))
        line = draw(visibility_lines)
        visible = may_read(audience, effective(people.get(slug), VISIBLE.get(line)), slug)
        word = f"zqok{index}x" if visible else f"zqnote{index}x"
        topic = "roadmap" if visible else f"zqtopic{index}x"
        private_section = f"!!! private\n    zqsection{index}x in a private section\n\n"
        files.append(Written(
            f"notes/2026/n{index}.md",
            f"---\nperson: {slug}\ndate: 2026-10-{index + 1:02d}\ntopics: [{topic}]\n{line}---\n"
            f"We spoke {word}.\n\n{private_section}- [ ] @me follow up on {word}\n",
            None if visible else word,
            word if visible else None,
        ))
    return files


def build_text(files: list[Written], audience: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for file in files:
            (root / file.src_uri).parent.mkdir(parents=True, exist_ok=True)
            (root / file.src_uri).write_text(file.text, encoding="utf-8")
        site = build_site(root, content_files(root), audience=parse_audience(audience), today=TODAY)
    return "\n".join(page.markdown for page in site.pages).lower()


def canaries_in_build(files: list[Written], audience: str) -> list[str]:
    published = build_text(files, audience)
    words = [f.canary for f in files if f.canary] + [f"zqsection{i}x" for i in range(10)]
    return [word for word in words if word.lower() in published]


@pytest.mark.parametrize("audience", ["team", "person:alex-kim"])
@settings(PROFILE, max_examples=60)
@given(data=st.data())
def test_nothing_unreadable_or_not_allowed_reaches_a_non_owner_build(audience: str, data: st.DataObject) -> None:
    files = data.draw(content_folders(audience))
    event(f"{sum(f.canary is None for f in files)} readable by the audience")
    published = build_text(files, audience)
    leaked = [w for w in [f.canary for f in files if f.canary] + [f"zqsection{i}x" for i in range(10)] if w in published]
    assert leaked == []
    # The model agrees with the build both ways: what it deems readable is there.
    assert [f.marker for f in files if f.marker and f.marker not in published] == []


def test_the_visibility_model_sees_canaries_in_an_owner_build() -> None:
    # The property above would pass vacuously if canaries never reached pages at all.
    files = [
        Written("people/alex-kim.md", "---\nname: Zq0 Hidden\nrelationship: report\ncadence: weekly\n"
                "visibility: private\n---\nAbout zqperson0x.\n", "zqperson0x"),
        Written("notes/2026/n0.md", "---\nperson: alex-kim\ndate: 2026-10-01\n---\nWe spoke zqnote0x.\n", "zqnote0x"),
    ]
    assert canaries_in_build(files, "owner") == ["zqperson0x", "zqnote0x"]
    assert canaries_in_build(files, "team") == []


words_and_marks = st.text(alphabet="aZ0 ·'.-:_#,&?!é中\u00a0\u200b\ufeffǅ١", min_size=1, max_size=12)


@settings(PROFILE, max_examples=500)
@given(st.fixed_dictionaries({"title": words_and_marks}, optional={"tags": st.lists(words_and_marks, max_size=3)}))
def test_front_matter_is_written_as_yaml_writes_it(meta: dict[str, object]) -> None:
    # Plain titles and tags skip the YAML emitter; whatever they are, the text is the emitter's to the byte.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # as pages.py picks it
    dumped = yaml.dump(builder_meta(meta), Dumper=dumper, sort_keys=False, allow_unicode=True, width=10**6)
    assert front_matter(meta) == f"---\n{dumped}---\n\n"


def test_front_matter_of_only_the_handbooks_own_fields_is_an_empty_block() -> None:
    # Nothing is left for the builder: "{}" keeps MkDocs from reading the body's first lines as fields.
    assert front_matter({"person": None}) == "---\n{}\n---\n\n"
