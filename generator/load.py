"""Walk a content folder into records, collecting every problem in one pass."""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

from .actions import parse_actions
from .errors import ContentError, Problem, display_path
from .layout import PEOPLE, QUESTIONS, is_note, person_file, person_slug, question_list_slug
from .model import (
    FORMATS,
    NAMED_CADENCES,
    PARTIES,
    RELATIONSHIPS,
    STATUSES,
    VISIBILITIES,
    Handbook,
    Meeting,
    Page,
    Person,
    Source,
    Visibility,
)
from .parse import Document, FieldReader, closest, quoted, read_document
from .questions import Question, duplicate_ids, parse_question_list

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PERSON_FIELDS = (
    "name",
    "role",
    "relationship",
    "cadence",
    "since",
    "active",
    "visibility",
    "private",
    "tags",
)
NOTE_FIELDS = (
    "person",
    "date",
    "status",
    "cancelled_by",
    "format",
    "minutes",
    "planned_minutes",
    "mood",
    "topics",
    "asked",
    "summary",
    "visibility",
    "private",
)
RESERVED_PEOPLE = {"index"}
MAX_SUMMARY = 1000
"""Characters of a note's ``summary:``: a few sentences, not the note."""


RACY_SECONDS = 2.0
"""A file changed this recently may change again within its timestamp's resolution (a second or two on some
file systems) without its status showing it: such a file is checked by its content on the next build."""


@dataclass
class _Entry:
    stamp: tuple[int, ...]
    """What the file's status said before it was read: times, size, mode, inode, device."""
    digest: bytes | None
    """Hash of the content read, for files that changed within ``RACY_SECONDS`` of reading; else None."""
    document: Document


@dataclass
class ReadCache:
    """Parsed documents kept between rebuilds; a file is read again on any doubt that it is the same.

    Its status is compared in full: modification and change times (an editor
    or ``touch`` can set the first back, nobody can set the second), size,
    mode, inode and device. A file whose status changed within
    ``RACY_SECONDS`` of being read is also compared by a hash of its content,
    since a second change in that window may leave its status as it was.
    Only files that were read cleanly are kept: a file in error is read again
    on every build, so fixing it (or its permissions) shows at once.
    """

    entries: dict[str, _Entry] = field(default_factory=dict)
    reads: int = 0
    """How many files were actually read and parsed (for tests and the benchmark)."""
    notes: dict[str, tuple[Document, Meeting | None, tuple[Problem, ...]]] = field(default_factory=dict)
    """Each note as read from its document last time, with its problems: reused while nothing it was checked
    against (the people, the question ids, the unreadable people files) changed."""
    notes_checked_against: object = None
    """What :attr:`notes` were checked against."""
    folders: dict[str, str] = field(default_factory=dict)
    """Real paths of the folders read in this build (links followed); cleared by :meth:`start_build`."""

    def start_build(self) -> None:
        """Forget what was learnt about folders: a folder may have become a link since the last build."""
        self.folders = {}

    def read(self, path: str, display: str, root: Path) -> Document:
        """The document at ``path`` (a string: ten thousand of them per rebuild), read again only if it changed."""
        key = path
        try:
            info = os.stat(path)
            stamp: tuple[int, ...] | None = (
                info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_mode, info.st_ino, info.st_dev,
            )
        except OSError:
            stamp = None
        now = time.time_ns()
        cached = self.entries.get(key)
        if stamp is not None and cached is not None and cached.stamp == stamp:
            if cached.digest is None:
                return cached.document
            current = _digest(Path(path))
            if current == cached.digest:
                cached.digest = current if _racy(stamp, now) else None
                return cached.document
        self.entries.pop(key, None)
        self.reads += 1
        doc = read_document(Path(path), display, root=root, folders=self.folders)
        if stamp is not None:
            self.entries[key] = _Entry(stamp, _digest(Path(path)) if _racy(stamp, now) else None, doc)
        return doc

    def forget_missing(self, keep: Iterable[str]) -> None:
        """Drop entries of files no longer in the content folder (``keep``: the paths as :meth:`read` took them)."""
        wanted = set(keep)
        for key in [k for k in self.entries if k not in wanted]:
            del self.entries[key]


def _racy(stamp: tuple[int, ...], now: int) -> bool:
    return now - max(stamp[0], stamp[1]) < RACY_SECONDS * 1e9


def _digest(path: Path) -> bytes | None:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return None


def content_files(root: Path) -> list[str]:
    """src_uris of every Markdown file under ``root``, sorted; never leaves ``root``."""
    found: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.endswith(".md") and not name.startswith("."):
                rel = os.path.relpath(os.path.join(folder, name), root)
                found.append(Path(rel).as_posix())
    return sorted(found)


_OTHER_MARKDOWN = re.compile(r"\.(md|markdown|mdown|mkdn|mkd|mdwn|mdtxt|mdtext)$", re.IGNORECASE)
"""Markdown file names other than ``.md`` (which is read): ``.markdown``, ``.MD`` and the like."""


def odd_entries(root: Path, *, display_prefix: str = "content") -> tuple[set[str], list[Problem]]:
    """Entries under ``root`` that must be neither read nor copied (src_uris), and a problem for each.

    MkDocs follows links to folders: one leading out of the content folder
    would publish what lies outside it, and one leading back in loops until
    the path is too long. Nothing reached through a folder link is read or
    published. Nor is a file (other than Markdown, which the reader refuses
    itself) linked from outside the content folder, a link to nothing, or a
    pipe, on which MkDocs' copy would wait forever. A folder named like a note
    (``notes/x.md/``) is reported too.
    """
    real_root = os.path.realpath(root)
    left_out: set[str] = set()
    problems: list[Problem] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        entries = [(name, True) for name in dirs]
        entries += [(name, False) for name in sorted(files) if not name.endswith(".md")]
        for name, is_folder in entries:
            path = os.path.join(folder, name)
            src_uri = Path(os.path.relpath(path, root)).as_posix()
            display = display_path(display_prefix, src_uri)
            if is_folder and os.path.islink(path):
                left_out.add(src_uri)
                problems.append(Problem(
                    display, None, None, "is a link to a folder; folder links are not followed, nothing in it is read",
                    hint="move the folder itself into the content folder",
                ))
            elif is_folder and name.endswith(".md"):
                problems.append(Problem(
                    display, None, None, "is a folder named like a note; a note is a file", hint="rename the folder",
                ))
            elif not is_folder and _OTHER_MARKDOWN.search(name):
                # MkDocs would render .markdown pages with its own front-matter reader, and copy .MD ones raw.
                left_out.add(src_uri)
                stem = name[: name.rindex(".")]
                problems.append(Problem(
                    display, None, None, f'is Markdown named "{name[len(stem):]}"; only .md files are read, so it is '
                    "left out", hint=f'rename it to "{stem}.md"',
                ))
            elif not is_folder:
                reason = _not_copied(path, real_root)
                if reason is not None:
                    left_out.add(src_uri)
                    problems.append(Problem(display, None, None, reason))
    return left_out, problems


def _not_copied(path: str, real_root: str) -> str | None:
    """Why MkDocs must not copy the file at ``path``, if it must not."""
    try:
        info = os.stat(path)
    except OSError:
        return "is a link to a file that does not exist; not followed" if os.path.islink(path) else "cannot be read"
    if os.path.islink(path) and os.path.commonpath([real_root, os.path.realpath(path)]) != real_root:
        return "is a link to a file outside the content folder; not followed"
    if not S_ISREG(info.st_mode):
        return "is not a regular file (a pipe, socket or device?); not read"
    return None


def under_links(src_uri: str, left_out: Collection[str]) -> bool:
    """Whether ``src_uri`` is one of the ``left_out`` entries or lies in one of them."""
    return src_uri in left_out or any(src_uri.startswith(entry + "/") for entry in left_out)


def load_handbook(
    root: Path,
    src_uris: Iterable[str],
    *,
    display_prefix: str = "content",
    cache: ReadCache | None = None,
) -> tuple[Handbook, list[Problem]]:
    """Read every Markdown file named by ``src_uris`` (relative to ``root``).

    Returns the handbook of everything readable and every problem found;
    a file with any problem is left out of the handbook whole.
    """
    cache = cache if cache is not None else ReadCache()
    cache.start_build()
    problems: list[Problem] = []
    left_out: set[str] = set()
    people_docs: list[tuple[str, Document]] = []
    note_docs: list[tuple[str, Document]] = []
    page_docs: list[tuple[str, Document]] = []
    folder = os.fspath(root)
    for src_uri in sorted(src_uris):
        display = display_path(display_prefix, src_uri)
        try:
            doc = cache.read(os.path.join(folder, src_uri), display, root)
        except ContentError as exc:
            problems.extend(exc.problems)
            left_out.add(src_uri)
            continue
        if person_slug(src_uri) is not None:
            people_docs.append((src_uri, doc))
        elif is_note(src_uri):
            note_docs.append((src_uri, doc))
        else:
            page_docs.append((src_uri, doc))

    pages: list[Page] = []
    for src_uri, doc in page_docs:
        page, found = _read_page(src_uri, doc)
        problems.extend(found)
        if page is None:
            left_out.add(src_uri)
        else:
            pages.append(page)
    questions = _read_questions(pages, problems, left_out)
    pages = [p for p in pages if p.source.src_uri not in left_out]
    question_ids = {q.id for q in questions}

    people: dict[str, Person] = {}
    slugs = {str(person_slug(uri)) for uri, _ in people_docs}
    for src_uri, doc in people_docs:
        person, found = _read_person(src_uri, doc, slugs)
        problems.extend(found)
        if person is None:
            left_out.add(src_uri)
        else:
            people[person.slug] = person

    meetings: list[Meeting] = []
    unreadable = {slug for slug in map(person_slug, left_out) if slug is not None}
    taken: dict[tuple[str, object, object], str] = {}
    checked_against = (people, question_ids, unreadable)
    before = cache.notes if cache.notes_checked_against == checked_against else {}
    cache.notes, cache.notes_checked_against = {}, checked_against
    for src_uri, doc in note_docs:
        read_before = before.get(src_uri)
        if read_before is not None and read_before[0] is doc:
            meeting, found = read_before[1], list(read_before[2])
        else:
            meeting, found = _read_note(src_uri, doc, people, question_ids, unreadable)
        cache.notes[src_uri] = (doc, meeting, tuple(found))
        if meeting is not None:
            key = (meeting.person, meeting.date, meeting.time)
            other = taken.get(key)
            if other is not None:
                when = meeting.date.isoformat() + (f" {meeting.time:%H:%M}" if meeting.time else "")
                found.append(
                    Problem(
                        doc.display,
                        doc.fields["date"].line if doc.fields and "date" in doc.fields else 1,
                        "date",
                        f"another note for {meeting.person} is dated {when}: {display_path(display_prefix, other)}",
                        hint="add a time to tell them apart, or merge the notes",
                    )
                )
            else:
                taken[key] = src_uri
        problems.extend(found)
        if meeting is None or found:
            left_out.add(src_uri)
        else:
            meetings.append(meeting)
    meetings.sort(key=lambda m: (m.when, m.source.src_uri))

    problems.sort(key=lambda p: (p.path, p.line or 0))
    handbook = Handbook(
        people,
        tuple(meetings),
        tuple(pages),
        frozenset(left_out),
        tuple(questions),
    )
    return handbook, problems


def _source(src_uri: str, doc: Document) -> Source:
    return Source(src_uri, doc.display, doc.body_line)


def _missing_front_matter(doc: Document, what: str) -> list[Problem]:
    return [Problem(doc.display, 1, None, f"{what} needs front-matter between --- lines, starting on line 1")]


def _visibility(reader: FieldReader) -> Visibility | None:
    """``visibility``, or its synonym ``private: true``; None when neither is given."""
    # An empty value would read as "not given", which means shared: what the writer meant is unclear.
    why = "an empty visibility is not taken to mean shared"
    reader.given_empty("visibility", "private, shared or team", why)
    reader.given_empty("private", "true or false", why)
    chosen = reader.choice("visibility", VISIBILITIES)
    private = reader.boolean("private")
    if private and chosen not in (None, "private"):
        reader.problem(reader.fields["private"], f'says true but visibility says "{chosen}"; keep one')
    if private:
        return "private"
    return chosen  # type: ignore[return-value]


def _read_person(src_uri: str, doc: Document, taken: Collection[str] = ()) -> tuple[Person | None, list[Problem]]:
    if doc.fields is None:
        return None, _missing_front_matter(doc, "a person's page")
    slug = str(person_slug(src_uri))
    reader = FieldReader(doc, PERSON_FIELDS)
    if slug in RESERVED_PEOPLE:
        problem = Problem(
            doc.display, None, None, f"{person_file(slug)} is reserved for the people index and cannot be a person",
            hint='rename it after the person, e.g. "alex-kim.md"; the people index at /people/ is generated',
        )
        return None, [problem]
    if not SLUG.match(slug):
        suggestion = re.sub(r"[^a-z0-9-]+", "-", slug.lower()).strip("-") or "alex-kim"
        reader.problems.append(
            Problem(
                doc.display,
                None,
                None,
                "a person's file name must be a slug of lowercase letters, digits and hyphens",
                hint=f'"{suggestion}.md" already exists: merge the two files'
                if suggestion in taken
                else f'rename it to "{suggestion}.md"',
            )
        )
    name = reader.text("name", required=True)
    role = reader.text("role")
    relationship = reader.choice("relationship", RELATIONSHIPS, required=True)
    cadence_days, cadence = _cadence(reader)
    since = reader.date("since")
    active = reader.boolean("active")
    visibility = _visibility(reader) or "shared"
    tags = reader.words("tags")
    if reader.problems or name is None or relationship is None or cadence_days is None:
        return None, reader.problems
    person = Person(
        slug=slug,
        name=name,
        role=role,
        relationship=relationship,  # type: ignore[arg-type]
        cadence_days=cadence_days,
        cadence=cadence,
        since=None if since is None else since[0],
        active=True if active is None else active,
        visibility=visibility,
        tags=tags,
        body=doc.body,
        source=_source(src_uri, doc),
    )
    return person, []


def _cadence(reader: FieldReader) -> tuple[int | None, str]:
    expected = "weekly, biweekly, monthly or a number of days from 1 to 366"
    found = reader.raw_scalar("cadence", expected, required=True)
    if found is None:
        return None, ""
    field_, value = found
    if value in NAMED_CADENCES:
        return NAMED_CADENCES[value], value
    # ASCII digits only: "²".isdigit() is true but int("²") raises, and so does a 5,000-digit number.
    plain = not getattr(field_.node, "style", None)
    if plain and re.fullmatch(r"[0-9]{1,3}", value) and 1 <= int(value) <= 366:
        return int(value), f"every {int(value)} days"
    guess = closest(value, list(NAMED_CADENCES))
    reader.problem(
        field_,
        f"expected {expected}; got {quoted(value)}",
        hint=None if guess is None else f'did you mean "{guess}"?',
    )
    return None, ""


def _read_questions(pages: list[Page], problems: list[Problem], left_out: set[str]) -> list[Question]:
    """Questions of every list in the questions folder; a list reusing another's id is left out."""
    questions: list[Question] = []
    by_list: dict[str, list[Question]] = {}
    for page in pages:
        slug = question_list_slug(page.source.src_uri)
        if slug is None:
            continue
        found = parse_question_list(page.body, list_slug=slug, first_line=page.source.body_line)
        by_list[page.source.src_uri] = found
        questions.extend(found)
        relationships = page.meta.get("for")
        if relationships is not None and (
            not isinstance(relationships, list) or any(r not in RELATIONSHIPS for r in relationships)
        ):
            problems.append(
                Problem(
                    page.source.display,
                    1,
                    "for",
                    f"expected a list of {', '.join(RELATIONSHIPS)}; got {relationships!r:.60}",
                )
            )
            left_out.add(page.source.src_uri)
    displays = {q.list_slug: uri for uri, qs in by_list.items() for q in qs}
    for first, later in duplicate_ids(questions):
        later_uri = displays[later.list_slug]
        first_display = next(p.source.display for p in pages if p.source.src_uri == displays[first.list_slug])
        later_display = next(p.source.display for p in pages if p.source.src_uri == later_uri)
        problems.append(
            Problem(
                later_display,
                later.line,
                None,
                f'question id "{later.id}" is already used at {first_display}:{first.line}',
                hint="give one of them another {#id}",
            )
        )
        left_out.add(later_uri)
    return [q for q in questions if displays[q.list_slug] not in left_out]


def _read_note(
    src_uri: str,
    doc: Document,
    people: dict[str, Person],
    question_ids: Collection[str] = (),
    unreadable: Collection[str] = (),
) -> tuple[Meeting | None, list[Problem]]:
    if doc.fields is None:
        return None, _missing_front_matter(doc, "a meeting note")
    reader = FieldReader(doc, NOTE_FIELDS)
    person_slug: str | None = None
    found = reader.raw_scalar("person", f"the slug of a file in {PEOPLE}/", required=True)
    if found is not None:
        field_, value = found
        if value in unreadable:
            reader.problem(field_, f"{person_file(value)} could not be read", hint="fix its problems first")
        elif value not in people:
            guess = closest(value, people)
            reader.problem(
                field_,
                f"no person {quoted(value, 60)} in {PEOPLE}/",
                hint=f'did you mean "{guess}"?' if guess else f"add {person_file('<slug>')} first",
            )
        else:
            person_slug = value
    when = reader.date("date", required=True)
    status = reader.choice("status", STATUSES) or "held"
    cancelled_by = reader.choice("cancelled_by", PARTIES)
    if cancelled_by is not None and status not in ("cancelled", "rescheduled"):
        reader.problem(
            reader.fields["cancelled_by"],
            f'only applies to a cancelled or rescheduled meeting; status is "{status}"',
        )
    meeting_format = reader.choice("format", FORMATS)
    minutes = reader.integer("minutes", low=0, high=1440)
    planned = reader.integer("planned_minutes", low=0, high=1440)
    mood = reader.integer("mood", low=1, high=5)
    topics = reader.words("topics")
    asked = reader.words("asked")
    summary = reader.text("summary", max_length=MAX_SUMMARY)
    if question_ids:
        for question_id in asked:
            if question_id not in question_ids:
                guess = closest(question_id, question_ids)
                reader.problem(
                    reader.fields["asked"],
                    f"no question with id {quoted(question_id, 60)} in {QUESTIONS}/",
                    hint=f'did you mean "{guess}"?' if guess else None,
                )
    visibility = _visibility(reader)
    actions, action_problems = parse_actions(
        doc.body,
        body_line=doc.body_line,
        people=people,
        display=doc.display,
    )
    problems = reader.problems + action_problems
    if problems or person_slug is None or when is None:
        return None, problems
    person = people[person_slug]
    meeting = Meeting(
        person=person_slug,
        date=when[0],
        time=when[1],
        status=status,  # type: ignore[arg-type]
        cancelled_by=cancelled_by,  # type: ignore[arg-type]
        format=meeting_format,  # type: ignore[arg-type]
        minutes=minutes,
        planned_minutes=planned,
        mood=mood,
        topics=topics,
        asked=asked,
        visibility=least_visible(visibility or person.visibility, person.visibility),
        body=doc.body,
        actions=actions,
        source=_source(src_uri, doc),
        summary=summary or None,
    )
    return meeting, []


def least_visible(a: Visibility, b: Visibility) -> Visibility:
    """The more restrictive of two visibilities."""
    return a if VISIBILITIES.index(a) <= VISIBILITIES.index(b) else b


def _read_page(src_uri: str, doc: Document) -> tuple[Page | None, list[Problem]]:
    if doc.fields is None:
        return Page(None, {}, doc.body, _source(src_uri, doc)), []
    reader = FieldReader(doc, ())
    title = reader.text("title") if "title" in doc.fields else None
    _visibility(reader)
    meta = reader.plain_meta(doc.fields)
    if reader.problems:
        return None, reader.problems
    return Page(title, meta, doc.body, _source(src_uri, doc)), []
