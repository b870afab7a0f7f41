"""Search that fetches only what a query needs: a static index in small files behind Material's search box.

Material's own search downloads one index of every page and builds it in the
browser on each page opened (25 MB and about 6 s at 10,000 notes). This index
is split instead: a small manifest, the terms in alphabetical shards of about
100 KB, and the pages' sections in chunks of about 7 KB. The search worker
(``generator/assets/search-worker.js``) speaks Material's worker protocol and
fetches only the shards of the words typed and the chunks of the best results.

It is made from each page's finished HTML, after the audience filter and the
checks on published pages: it holds exactly the words a reader of this build
can read, and nothing of a page the build leaves out. Each page's part is
cached by the hash of its HTML (in memory under ``mkdocs serve``, and in the
render cache between builds), so a build reads only the pages that changed.
Pages are numbered by a hash of their address, not by their place among the
others: a page edited, added or deleted changes the terms it holds and its own
chunk of pages, and a rebuild rewrites only the files whose bytes changed. The
files always equal a clean build's, byte for byte (the index is a function of
the published pages alone).

A site opened from disk cannot ``fetch``: offline builds keep Material's search.
Pure Python: no MkDocs imports.
"""

from __future__ import annotations

import functools
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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .render_cache import RenderCache

INDEX_FOLDER = "search/handbook"
"""Where the index goes in the site: ``manifest.json``, ``terms/N.json``, ``pages/N.json`` (N: a page number)."""
WORKER = Path(__file__).parent / "assets" / "search-worker.js"
"""The search worker, served in place of Material's own."""
WORKER_PATTERN = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js(\.map)?")
"""Material's search worker (and its source map) among the theme's files: its name carries a hash."""

SEARCH = "search"
"""The render cache's kind of entry for a page's part of the index."""
NUMBER_BITS = 20
"""A page's number in the index is a hash of its address of this many bits: about a million numbers."""
SHARD_BYTES = 100_000
"""A term shard's size: a query's first word costs about one shard."""
CHUNK_BYTES = 11_000
"""A chunk of pages' sections at most (but a page alone): halved ranges of pages make chunks of 7 KB on average.

The results shown fetch one chunk per page or few pages; a build writes one file per chunk.
"""
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
    """Each page's part of the index by the hash of its address, title and HTML: a rebuild reads only changed pages.

    Kept in memory between the rebuilds of ``mkdocs serve`` and, given a render cache, on disk between
    builds: a build in a new process reads again only the pages whose HTML changed since.
    """

    def __init__(self) -> None:
        self._pages: dict[str, tuple[str, SearchPage]] = {}

    def page(self, location: str, title: str, content: str, store: RenderCache | None = None) -> SearchPage:
        """The index's part of a page, read again only if its address, title or HTML changed.

        ``store`` keeps it between builds (as :data:`SEARCH` entries); an entry found in memory is
        marked used there too, so the store keeps it.
        """
        key = hashlib.blake2b(f"{location}\0{title}\0{content}".encode(), digest_size=16).hexdigest()
        cached = self._pages.get(location)
        if cached is not None and cached[0] == key:
            if store is not None:
                store.used.add((SEARCH, key))
            return cached[1]
        page = None
        if store is not None:
            data = store.get(SEARCH, key)
            page = None if data is None else _unpacked(location, title, data)
        if page is None:
            page = page_for_search(location, title, content)
            if store is not None:
                store.put(SEARCH, key, _packed(page))
        self._pages[location] = (key, page)
        return page

    def keep(self, locations: Iterable[str]) -> None:
        """Forget every page but those at ``locations`` (the pages of the last build)."""
        kept = set(locations)
        self._pages = {location: entry for location, entry in self._pages.items() if location in kept}


def _packed(page: SearchPage) -> bytes:
    """A page's part of the index as a render cache entry: its entry, its terms, its places."""
    terms = "\n".join(page.terms).encode()
    return b"%d %d\n" % (len(page.entry), len(terms)) + page.entry + terms + page.places.tobytes()


def _unpacked(location: str, title: str, data: bytes) -> SearchPage | None:
    """The page :func:`_packed` stored, or None if ``data`` is not one."""
    head, _, rest = data.partition(b"\n")
    try:
        entry_length, terms_length = (int(part) for part in head.split(b" "))
        terms = rest[entry_length : entry_length + terms_length].decode()
        places = array("i")
        places.frombytes(rest[entry_length + terms_length :])
    except ValueError:  # a damaged entry (UnicodeDecodeError is one)
        return None
    words = tuple(map(sys.intern, terms.split("\n"))) if terms else ()
    if len(places) != 2 * len(words):
        return None
    return SearchPage(location, title, rest[:entry_length], words, places)


def page_numbers(locations: Iterable[str]) -> dict[str, int]:
    """Each page's number in the index: the hash of its address, or the next number free after it.

    A hash of ``NUMBER_BITS`` bits; pages sharing one take the numbers after it in the order of their
    addresses. A function of the set of addresses in which adding or deleting a page renumbers no
    other page, but those few whose hashes follow its own with no number free in between.
    """
    numbers: dict[str, int] = {}
    last = -1
    for home, location in sorted((_hash_number(location), location) for location in locations):
        last = max(home, last + 1)
        numbers[location] = last
    return numbers


def _hash_number(location: str) -> int:
    return _address_hash(location) >> (64 - NUMBER_BITS)


@functools.lru_cache(maxsize=1 << 17)
def _address_hash(location: str) -> int:
    # Kept: every rebuild under serve numbers every page again.
    return int.from_bytes(hashlib.blake2b(location.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def index_files(pages: Iterable[SearchPage]) -> dict[str, bytes]:
    """Every file of the index (path under ``INDEX_FOLDER`` -> bytes) for the pages a build published."""
    return dict(SearchIndexWriter().files(pages))


Postings = tuple["array[int]", "array[int]", "array[int]"]
"""A term's pages' numbers, its sections there and its weights, in the order of page and section."""


class SearchIndexWriter:
    """The index's files, kept between builds and updated for the pages that changed, came or went.

    Pages are numbered by their addresses (:func:`page_numbers`), not by their place among the
    others, so a rebuild encodes again only the terms of the pages edited, added or deleted: the rest
    of the index is reused as it was. The files are those of a clean build, whatever came before.
    """

    def __init__(self) -> None:
        self._pages: dict[str, tuple[int, SearchPage]] = {}
        """The pages of the last build by address: their numbers, and their parts of the index."""
        self._postings: dict[str, Postings] = {}
        self._encoded: dict[str, bytes] = {}
        self._last_kept: dict[str, tuple[int, int, int]] = {}
        """Of a term with more postings than its entry keeps, the last one kept: (weight, page, section)."""

    def files(self, pages: Iterable[SearchPage]) -> Iterator[tuple[str, bytes]]:
        """Every file of the index (path under ``INDEX_FOLDER``, bytes) for the pages a build published.

        One file at a time, the manifest last: the index is never held whole a second time.
        """
        published = {page.location: page for page in pages}
        numbers = page_numbers(published)
        gone = [
            kept
            for location, kept in self._pages.items()
            if not _same(kept, numbers.get(location), published.get(location))
        ]
        came = [
            (numbers[location], page)
            for location, page in published.items()
            if not _same(self._pages.get(location), numbers[location], page)
        ]
        if len(came) + len(gone) > len(published) // 2:
            self._start_over(sorted((numbers[location], page) for location, page in published.items()))
        else:
            self._update(gone, came)
        self._pages = {location: (numbers[location], page) for location, page in published.items()}
        terms = sorted(self._encoded)
        term_starts: list[int] = []
        page_starts: list[int] = []
        digest = hashlib.blake2b(digest_size=8)
        entries = sorted((number, page.entry) for number, page in self._pages.values())
        for path, data in chain(
            _page_chunks(entries, page_starts),
            _chunks([self._encoded[term] for term in terms], SHARD_BYTES, "terms", term_starts),
        ):
            digest.update(path.encode() + b"\0" + data)
            yield path, data
        manifest = {
            "version": digest.hexdigest(),
            "pages": len(published),
            "page_chunks": page_starts,
            "term_shards": [terms[start] for start in term_starts],
            "stop_words": sorted(STOP_WORDS),
            "longest_term": LONGEST_TERM,
        }
        yield "manifest.json", _dump(manifest)

    def _start_over(self, numbered: list[tuple[int, SearchPage]]) -> None:
        # Flat arrays: a list of tuples per term would take more memory than the pages' HTML.
        postings: dict[str, Postings] = {}
        for number, page in numbered:
            places = page.places
            for term, section, weight in zip(page.terms, places[::2], places[1::2], strict=True):
                found = postings.get(term)
                if found is None:
                    found = postings[term] = (array("i"), array("i"), array("i"))
                found[0].append(number)
                found[1].append(section)
                found[2].append(weight)
        self._postings = postings
        self._encoded, self._last_kept = {}, {}
        for term in postings:
            self._encode(term)

    def _encode(self, term: str) -> None:
        self._encoded[term], last_kept = _encode_term(term, self._postings[term])
        if last_kept is None:
            self._last_kept.pop(term, None)
        else:
            self._last_kept[term] = last_kept

    def _update(self, gone: list[tuple[int, SearchPage]], came: list[tuple[int, SearchPage]]) -> None:
        # Postings are by number: under a number both gone and come (a page edited), only the terms
        # whose sections or weights there changed are touched. A word added to a note re-encodes that word.
        before = {number: _places_by_term(page) for number, page in gone}
        after = {number: _places_by_term(page) for number, page in came}
        touched: dict[str, list[tuple[int, int, int]]] = {}
        """Per term changed, the postings it lost and gained: (page, section, weight)."""
        for number, terms in before.items():
            now = after.get(number, {})
            for term, places in terms.items():
                if now.get(term) != places:
                    numbers = self._postings[term][0]
                    low = bisect_left(numbers, number)
                    high = bisect_right(numbers, number, low)
                    for column in self._postings[term]:
                        del column[low:high]
                    postings = touched.setdefault(term, [])
                    postings += [(number, places[k], places[k + 1]) for k in range(0, len(places), 2)]
        for number, terms in after.items():
            then = before.get(number, {})
            for term, places in terms.items():
                if then.get(term) == places:
                    continue
                found = self._postings.get(term)
                if found is None:
                    found = self._postings[term] = (array("i"), array("i"), array("i"))
                at = bisect_right(found[0], number)
                postings = touched.setdefault(term, [])
                for k in range(0, len(places), 2):
                    found[0].insert(at, number)
                    found[1].insert(at, places[k])
                    found[2].insert(at, places[k + 1])
                    postings.append((number, places[k], places[k + 1]))
                    at += 1
        for term, postings in touched.items():
            found = self._postings[term]
            last = self._last_kept.get(term)
            if not found[0]:
                del self._postings[term], self._encoded[term]
                self._last_kept.pop(term, None)
            elif last is not None and len(found[0]) > MOST_POSTINGS and all(_below(p, last) for p in postings):
                # A word on most pages: the postings its entry keeps are as they were; its count of pages may not be.
                self._encoded[term] = _with_count(term, self._encoded[term], len(set(found[0])))
            else:
                self._encode(term)


def _places_by_term(page: SearchPage) -> dict[str, array[int]]:
    """Each term of ``page`` with its sections and weights there, in turn."""
    grouped: dict[str, array[int]] = {}
    places = page.places
    for i, term in enumerate(page.terms):
        found = grouped.get(term)
        if found is None:
            grouped[term] = places[2 * i : 2 * i + 2]
        else:
            found.extend(places[2 * i : 2 * i + 2])
    return grouped


def _same(kept: tuple[int, SearchPage] | None, number: int | None, page: SearchPage | None) -> bool:
    """Whether a page the last build published is published again as it was, under the same number."""
    return kept is not None and page is not None and kept[0] == number and (kept[1] is page or kept[1] == page)


def _encode_term(term: str, found: Postings) -> tuple[bytes, tuple[int, int, int] | None]:
    """A term's entry: how many pages hold it, then (page - previous page, section, weight) of its weightiest.

    And if it keeps only the weightiest, the last of them kept: (weight, page, section).
    """
    pages, sections, weights = found
    last_kept = None
    if len(pages) <= MOST_POSTINGS:
        chosen: Iterable[int] = range(len(pages))
    else:
        chosen, last = _weightiest(weights)
        last_kept = (weights[last], pages[last], sections[last])
    flat = [len(set(pages))]
    previous = 0
    for k in chosen:
        flat += (pages[k] - previous, sections[k], weights[k])
        previous = pages[k]
    return _dump([term, flat]), last_kept


def _below(posting: tuple[int, int, int], last_kept: tuple[int, int, int]) -> bool:
    """Whether ``posting`` (page, section, weight) ranks after the last posting a term's entry keeps.

    Postings rank by weight, then the earliest first: one that ranks after the last kept neither is
    kept nor, coming or going, changes which are.
    """
    page, section, weight = posting
    cut, last_page, last_section = last_kept
    return weight < cut or (weight == cut and (page, section) > (last_page, last_section))


def _with_count(term: str, entry: bytes, pages: int) -> bytes:
    """A term's ``entry`` (see :func:`_encode_term`) saying it is on ``pages`` pages."""
    start = len(_dump(term)) + 3  # '["term",['
    return entry[:start] + b"%d" % pages + entry[entry.index(b",", start) :]


def _excerpt(text: str) -> str:
    """The start of a section's text, cut at a word: what an excerpt under a result can show."""
    if len(text) <= MOST_TEXT:
        return text
    cut = text.rfind(" ", 0, MOST_TEXT)
    return text[: cut if cut > 0 else MOST_TEXT] + " …"


def _weightiest(weights: array[int]) -> tuple[list[int], int]:
    """The positions of the ``MOST_POSTINGS`` greatest weights (the earliest first among equals), in order.

    And the last of them in that ranking: the last kept of the least weight kept. The weight that makes
    the cut is found by counting: a word on most pages is re-encoded after many saves under serve, and
    sorting all its postings by weight took most of that time.
    """
    counts = Counter(weights)
    room, cut = MOST_POSTINGS, 0
    for weight in sorted(counts, reverse=True):
        if counts[weight] >= room:
            cut = weight
            break
        room -= counts[weight]
    above = [k for k, weight in enumerate(weights) if weight > cut]
    at_cut = [k for k, weight in enumerate(weights) if weight == cut][:room]
    return sorted(above + at_cut), at_cut[-1]


def _page_chunks(entries: list[tuple[int, bytes]], starts: list[int]) -> Iterator[tuple[str, bytes]]:
    """The pages' ``entries`` (number, entry; in order) in chunks of ``CHUNK_BYTES``; first numbers to ``starts``.

    A chunk holds the pages of a range of numbers: the whole range at first, halved while a half
    holds more than a chunk's bytes. A page added or deleted changes its own chunk only (or splits
    it, or joins it to its other half), and each chunk's name is the first number of its pages.
    """
    numbers = [number for number, _ in entries]
    ends = [0]
    for number, entry in entries:
        ends.append(ends[-1] + len(entry) + len(str(number)) + 2)
    ranges: list[tuple[int, int, int]] = [(0, 1 << max(NUMBER_BITS, numbers[-1].bit_length() if numbers else 0), 0)]
    while ranges:
        start, span, low = ranges.pop()
        high = bisect_left(numbers, start + span, low)
        if high == low:
            continue
        if high - low > 1 and ends[high] - ends[low] + 1 > CHUNK_BYTES:
            half = span // 2
            ranges += [(start + half, half, bisect_left(numbers, start + half, low, high)), (start, half, low)]
            continue
        starts.append(numbers[low])
        # Each entry with its number in front: made anew each time, not kept a second time for every page.
        chunk = b",".join([b"[%d,%s" % (number, entry[1:]) for number, entry in entries[low:high]])
        yield f"pages/{numbers[low]}.json", b"[" + chunk + b"]"


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
    """Make the index at ``site_dir`` hold the ``files``, in order: write those that differ, then delete the rest.

    A folder a build just made gets every file; a folder an earlier build wrote keeps the files that
    are the same, and loses the index's files that are no longer part of it. Each file is whole or
    absent at any time (written beside, then renamed).
    """
    # Paths as strings: thousands of files per rebuild, and pathlib's objects cost more than the reading.
    folder = os.path.normpath(os.path.join(site_dir, INDEX_FOLDER))
    written: set[str] = set()
    for path, data in files:
        target = os.path.normpath(os.path.join(folder, path))
        written.add(target)
        try:
            with open(target, "rb") as existing:
                if os.fstat(existing.fileno()).st_size == len(data) and existing.read() == data:
                    continue
        except OSError:
            pass  # not there yet: written below
        os.makedirs(os.path.dirname(target), exist_ok=True)
        temporary = os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.tmp")
        with open(temporary, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    for base, _dirs, names in os.walk(folder):
        for name in names:
            if os.path.join(base, name) not in written:
                os.unlink(os.path.join(base, name))


def read_index(site_dir: Path) -> list[dict[str, str]]:
    """The sections the index at ``site_dir`` holds, as Material's documents (location, title, text)."""
    folder = site_dir / INDEX_FOLDER
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    documents = []
    for start in manifest["page_chunks"]:
        for _, location, title, sections in json.loads((folder / f"pages/{start}.json").read_text(encoding="utf-8")):
            for anchor, heading, text in sections:
                address = f"{location}#{anchor}" if anchor else location
                documents.append({"location": address, "title": heading if anchor else title, "text": text})
    return documents
