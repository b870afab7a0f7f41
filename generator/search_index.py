"""Search that fetches only what a query needs: a static index in small files behind Material's search box.

Material's own search downloads one index of every page and builds it in the
browser on each page opened (25 MB and about 6 s at 10,000 notes). This index
is split instead: a small manifest, the terms in alphabetical shards of about
100 KB, and the pages' sections in chunks of about 16 KB. The search worker
(``generator/assets/search-worker.js``) speaks Material's worker protocol and
fetches only the shards of the words typed and the chunks of the best results.

It is made from each page's finished HTML, after the audience filter and the
checks on published pages: it holds exactly the words a reader of this build
can read, and nothing of a page the build leaves out. Each page's part is
cached by the hash of its HTML, so a rebuild under ``mkdocs serve`` only reads
the pages that changed, and the files written equal a clean build's, byte for
byte (the index is a function of the pages alone).

A site opened from disk cannot ``fetch``: offline builds keep Material's search.
Pure Python: no MkDocs imports.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

INDEX_FOLDER = "search/handbook"
"""Where the index goes in the site: ``manifest.json``, ``terms/N.json``, ``pages/N.json``."""
WORKER = Path(__file__).parent / "assets" / "search-worker.js"
"""The search worker, served in place of Material's own."""
WORKER_PATTERN = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js(\.map)?")
"""Material's search worker (and its source map) among the theme's files: its name carries a hash."""

SHARD_BYTES = 100_000
"""A term shard's size: a query's first word costs about one shard."""
CHUNK_BYTES = 8_000
"""A chunk of pages' sections: the results shown fetch one chunk per page or few pages."""
MOST_TEXT = 3_000
"""Characters of a section's text kept for the excerpt under a result (all of it is searched)."""
MOST_POSTINGS = 2_000
"""The sections kept per term (those where it weighs most): a word on every page costs no more."""
MOST_SECTIONS = 65_536
"""Sections per page the worker tells apart; later headings fold into the last."""
LONGEST_TERM = 40
"""Longer runs of letters are not words a person types (hashes, hostile input)."""
TITLE_WEIGHT = 12
"""A word of the page's title counts as much as this many words of its text."""
HEADING_WEIGHT = 6
"""A word of a section's heading likewise."""
MOST_TEXT_WEIGHT = 8
"""A word repeated in a section's text stops counting more after this many times."""
STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not",
    "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was",
    "will", "with",
))
"""Lunr's English stop words: on nearly every page, they would rank nothing (the worker drops them too)."""

_WORD = re.compile(rf"(?<![^\W_])[^\W_]{{2,{LONGEST_TERM}}}(?![^\W_])")
"""A word: a run of letters and digits, of two to ``LONGEST_TERM`` (longer runs are no word at all)."""
_ELEMENT = re.compile(r"<(script|style|svg|h[1-6])\b([^>]*)>|<a [^>]*class=\"headerlink\"[^>]*>", re.I)
"""What a reader does not read as text (the title is the page's own), and headings, which start sections."""
_PERMALINK = re.compile(r"<a [^>]*class=\"headerlink\"[^>]*>.*?</a>", re.S | re.I)
_ID = re.compile(r"\bid=\"([^\"]*)\"")
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchSection:
    """A part of a page a search result can lead to: the opening, or a heading and what follows it."""

    anchor: str
    """The heading's id, "" for the page's opening (before its first heading below the title)."""
    title: str
    """The heading's text, or the page's title for the opening."""
    text: str
    """The section's text as a reader sees it, tags removed."""


@dataclass(frozen=True)
class SearchPage:
    """What the index holds of one published page."""

    location: str
    """The page's address relative to the site's root, as Material's results expect it."""
    title: str
    """The page's title."""
    entry: bytes
    """Its entry in a chunk of pages: its address, title, and each section's anchor, heading and excerpt."""
    terms: tuple[str, ...]
    """Every term of the page, once per section it is in, sorted (interned: pages share them)."""
    places: array[int]
    """For each of ``terms`` in turn, the section number and the term's weight there."""


def page_for_search(location: str, title: str, content: str) -> SearchPage:
    """The index's part of the page at ``location`` whose body HTML is ``content``."""
    sections = _sections(title, content)
    ordered: list[tuple[str, int, int]] = []
    for number, section in enumerate(sections):
        weights = {
            term: min(count, MOST_TEXT_WEIGHT) for term, count in _term_counts(section.text).items()
        }
        heading_weight = TITLE_WEIGHT if number == 0 else HEADING_WEIGHT
        for term in _term_counts(title if number == 0 else section.title):
            weights[term] = weights.get(term, 0) + heading_weight
        ordered += [(term, number, weight) for term, weight in weights.items()]
    ordered.sort()
    places = array("i", [value for _, number, weight in ordered for value in (number, weight)])
    # Only the encoded entry is kept: the sections' text once, not again as objects.
    entry = _dump([location, title, [[section.anchor, section.title, _excerpt(section.text)] for section in sections]])
    return SearchPage(location, title, entry, tuple(sys.intern(term) for term, _, _ in ordered), places)


def _sections(title: str, content: str) -> list[SearchSection]:
    """The page's opening and its sections, cut at each heading with an id.

    One pass with ``str.find`` rather than one regular expression per element: a note's raw HTML
    may open thousands of tags it never closes, and no scan may restart from each of them.
    """
    lowered = content.lower()
    unclosed: set[str] = set()
    sections: list[SearchSection] = []
    anchor, heading, parts, position = "", title, [], 0
    for match in _ELEMENT.finditer(content):
        if match.start() < position:
            continue
        name = (match.group(1) or "a").lower()
        if name in unclosed:
            continue
        close = lowered.find(f"</{name}", match.end())
        if close == -1:
            unclosed.add(name)
            continue
        found = _ID.search(match.group(2) or "") if name[0] == "h" and name != "h1" else None
        if found is not None and len(sections) >= MOST_SECTIONS - 1:
            found = None
        if name[0] == "h" and name != "h1" and found is None:
            continue  # a heading without an id has no address to lead to: its words stay in this section
        parts.append(content[position : match.start()])
        end = lowered.find(">", close)
        position = len(content) if end == -1 else end + 1
        if found is not None:
            sections.append(SearchSection(anchor, heading, _text("".join(parts))))
            anchor, parts = html.unescape(found.group(1)), []
            heading = _text(_PERMALINK.sub("", content[match.end() : close]))
    parts.append(content[position:])
    sections.append(SearchSection(anchor, heading, _text("".join(parts))))
    return sections


def terms_of(text: str) -> list[str]:
    """The words of ``text`` the index holds: lower case, two letters or more, stop words left out."""
    return [word for word in _WORD.findall(text.lower()) if word not in STOP_WORDS]


def _term_counts(text: str) -> Counter[str]:
    """How often each of the words of ``text`` the index holds is in it."""
    return Counter(terms_of(text))


def _text(fragment: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


class SearchPageCache:
    """Each page's part of the index by its address and the hash of its HTML: a rebuild reads only changed pages."""

    def __init__(self) -> None:
        self._pages: dict[str, tuple[str, SearchPage]] = {}

    def page(self, location: str, title: str, content: str) -> SearchPage:
        """The index's part of a page, read again only if its address, title or HTML changed."""
        key = hashlib.blake2b(f"{location}\0{title}\0{content}".encode(), digest_size=16).hexdigest()
        cached = self._pages.get(location)
        if cached is not None and cached[0] == key:
            return cached[1]
        page = page_for_search(location, title, content)
        self._pages[location] = (key, page)
        return page

    def keep(self, locations: Iterable[str]) -> None:
        """Forget every page but those at ``locations`` (the pages of the last build)."""
        kept = set(locations)
        self._pages = {location: entry for location, entry in self._pages.items() if location in kept}


def index_files(pages: Iterable[SearchPage]) -> dict[str, bytes]:
    """Every file of the index (path under ``INDEX_FOLDER`` -> bytes) for the pages a build published."""
    return dict(SearchIndexWriter().files(pages))


class SearchIndexWriter:
    """The index's files, kept between builds and updated for the pages that changed.

    When a rebuild publishes the same addresses as the one before (a note edited, not added or
    deleted), only the terms of the pages that changed are encoded again: the rest of the index is
    reused as it was. Any other rebuild starts over. Either way the files are those of a clean build.
    """

    def __init__(self) -> None:
        self._pages: list[SearchPage] = []
        self._postings: dict[str, tuple[array[int], array[int], array[int]]] = {}
        """Per term: its pages' numbers, the sections and the weights, sorted by page and section."""
        self._encoded: dict[str, bytes] = {}

    def files(self, pages: Iterable[SearchPage]) -> Iterator[tuple[str, bytes]]:
        """Every file of the index (path under ``INDEX_FOLDER``, bytes) for the pages a build published.

        One file at a time, the manifest last: the index is never held whole a second time.
        """
        ordered = sorted({page.location: page for page in pages}.values(), key=lambda page: page.location)
        if [page.location for page in ordered] == [page.location for page in self._pages]:
            self._update(ordered)
        else:
            self._start_over(ordered)
        self._pages = ordered
        terms = sorted(self._encoded)
        page_starts: list[int] = []
        term_starts: list[int] = []
        digest = hashlib.blake2b(digest_size=8)
        for path, data in chain(
            _chunks([page.entry for page in ordered], CHUNK_BYTES, "pages", page_starts),
            _chunks([self._encoded[term] for term in terms], SHARD_BYTES, "terms", term_starts),
        ):
            digest.update(path.encode() + b"\0" + data)
            yield path, data
        manifest = {
            "version": digest.hexdigest(),
            "pages": len(ordered),
            "page_chunks": page_starts,
            "term_shards": [terms[start] for start in term_starts],
            "stop_words": sorted(STOP_WORDS),
            "longest_term": LONGEST_TERM,
        }
        yield "manifest.json", _dump(manifest)

    def _start_over(self, ordered: list[SearchPage]) -> None:
        # Flat arrays: a list of tuples per term would take more memory than the pages' HTML.
        self._postings = {}
        for number, page in enumerate(ordered):
            for i, term in enumerate(page.terms):
                found = self._postings.get(term)
                if found is None:
                    found = self._postings[term] = (array("i"), array("i"), array("i"))
                found[0].append(number)
                found[1].append(page.places[2 * i])
                found[2].append(page.places[2 * i + 1])
        self._encoded = {term: _encode_term(term, found) for term, found in self._postings.items()}

    def _update(self, ordered: list[SearchPage]) -> None:
        changed: set[str] = set()
        for number, (before, page) in enumerate(zip(self._pages, ordered, strict=True)):
            if before is page:
                continue
            for term in set(before.terms):
                found = self._postings[term]
                low, high = bisect_left(found[0], number), bisect_right(found[0], number)
                for column in found:
                    del column[low:high]
                changed.add(term)
            for i, term in enumerate(page.terms):
                found = self._postings.get(term) or self._postings.setdefault(
                    term, (array("i"), array("i"), array("i"))
                )
                at = bisect_right(found[0], number)
                found[0].insert(at, number)
                found[1].insert(at, page.places[2 * i])
                found[2].insert(at, page.places[2 * i + 1])
                changed.add(term)
        for term in changed:
            if self._postings[term][0]:
                self._encoded[term] = _encode_term(term, self._postings[term])
            else:
                del self._postings[term], self._encoded[term]


def _encode_term(term: str, found: tuple[array[int], array[int], array[int]]) -> bytes:
    """A term's entry: how many pages hold it, then (page - previous page, section, weight) of its weightiest."""
    pages, sections, weights = found
    chosen: Iterable[int] = range(len(pages)) if len(pages) <= MOST_POSTINGS else _weightiest(weights)
    flat = [len(set(pages))]
    previous = 0
    for k in chosen:
        flat += (pages[k] - previous, sections[k], weights[k])
        previous = pages[k]
    return _dump([term, flat])


def _excerpt(text: str) -> str:
    """The start of a section's text, cut at a word: what an excerpt under a result can show."""
    if len(text) <= MOST_TEXT:
        return text
    cut = text.rfind(" ", 0, MOST_TEXT)
    return text[: cut if cut > 0 else MOST_TEXT] + " …"


def _weightiest(weights: array[int]) -> list[int]:
    """The positions of the ``MOST_POSTINGS`` greatest weights (the earliest first among equals), in order.

    The weight that makes the cut is found by counting: a word on most pages is re-encoded after every
    save under serve, and sorting all its postings by weight took most of that time.
    """
    counts = Counter(weights)
    room, cut = MOST_POSTINGS, 0
    for weight in sorted(counts, reverse=True):
        if counts[weight] >= room:
            cut = weight
            break
        room -= counts[weight]
    above = [k for k, weight in enumerate(weights) if weight > cut]
    return sorted(above + [k for k, weight in enumerate(weights) if weight == cut][:room])


def _chunks(entries: list[bytes], most: int, folder: str, starts: list[int]) -> Iterator[tuple[str, bytes]]:
    """The encoded ``entries`` in numbered JSON lists of about ``most`` bytes; each one's first entry to ``starts``."""
    chunk: list[bytes] = []
    size = 1  # the file's bytes so far: "[", then each entry and its "," or "]"
    for number, entry in enumerate(entries):
        if chunk and size + len(entry) + 1 > most:
            yield f"{folder}/{len(starts) - 1}.json", b"[" + b",".join(chunk) + b"]"
            chunk, size = [], 1
        if not chunk:
            starts.append(number)
        chunk.append(entry)
        size += len(entry) + 1
    if chunk:
        yield f"{folder}/{len(starts) - 1}.json", b"[" + b",".join(chunk) + b"]"


def _dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def write_index(site_dir: Path, files: Iterable[tuple[str, bytes]]) -> None:
    """Write the index ``files`` into the built site at ``site_dir`` (a folder the build just made), in order."""
    folder = site_dir / INDEX_FOLDER
    for path, data in files:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)


def read_index(site_dir: Path) -> list[dict[str, str]]:
    """The sections the index at ``site_dir`` holds, as Material's documents (location, title, text)."""
    folder = site_dir / INDEX_FOLDER
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    documents = []
    for number in range(len(manifest["page_chunks"])):
        for location, title, sections in json.loads((folder / f"pages/{number}.json").read_text(encoding="utf-8")):
            for anchor, heading, text in sections:
                address = f"{location}#{anchor}" if anchor else location
                documents.append({"location": address, "title": heading if anchor else title, "text": text})
    return documents
