"""The search index: each page's part of it, its files, and what a real build's index finds."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import zlib
from array import array
from collections.abc import Callable
from pathlib import Path
from unittest.mock import ANY

import pytest
from conftest import Build
from test_serve import copy_example

from generator import search_index
from generator.render_cache import RenderCache, digest
from generator.search_index import (
    INDEX_FOLDER,
    SHARD_BYTES,
    SearchIndexWriter,
    SearchPage,
    SearchPageCache,
    index_files,
    page_for_search,
    read_index,
    terms_of,
)

NOTE = (
    '<h1 id="alex-kim">Alex Kim<a class="headerlink" href="#alex-kim" title="Permanent link">&para;</a></h1>'
    "<p>We walked &amp; talked about the roadmap.</p>"
    '<h2 id="what-they-raised">What they raised<a class="headerlink" href="#what-they-raised">&para;</a></h2>'
    "<ul><li>Career <strong>growth</strong>: the staff path</li></ul>"
    "<h3>Not an address</h3><p>folded into the section above</p>"
    "<script>var hidden = 'scriptword';</script><style>.stylerule { }</style>"
    '<h2 id="actions">Actions</h2><p>send the template</p>'
)


def find(site: Path, word: str) -> list[str]:
    """The sections holding ``word`` exactly, best first, read from the index's files as the worker reads them."""
    folder = site / INDEX_FOLDER
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    shard = max([0] + [i for i, first in enumerate(manifest["term_shards"]) if first <= word])
    terms = dict(json.loads((folder / f"terms/{shard}.json").read_text(encoding="utf-8")))
    if word not in terms:
        return []
    postings = terms[word][1:]
    found: list[tuple[int, int, int]] = []
    page = 0
    for i in range(0, len(postings), 3):
        page += postings[i]
        found.append((-postings[i + 2], page, postings[i + 1]))
    addresses = []
    for _, page, section in sorted(found):
        start = max(first for first in manifest["page_chunks"] if first <= page)
        pages = json.loads((folder / f"pages/{start}.json").read_text(encoding="utf-8"))
        [(_, location, _, sections)] = [entry for entry in pages if entry[0] == page]
        anchor = sections[section][0]
        addresses.append(f"{location}#{anchor}" if anchor else location)
    return addresses


def test_a_page_is_cut_into_sections_at_headings_with_an_address() -> None:
    page = page_for_search("notes/a/", "Alex Kim", NOTE)
    location, title, sections = json.loads(page.entry)
    assert (location, title) == ("notes/a/", "Alex Kim")
    assert sections == [
        ["", "Alex Kim", "We walked & talked about the roadmap."],
        ["what-they-raised", "What they raised", "Career growth : the staff path Not an address folded into the section above"],
        ["actions", "Actions", "send the template"],
    ]
    words = set(page.terms)
    assert {"roadmap", "career", "growth", "folded", "alex", "kim"} <= words
    # What a reader does not read as text, the permalinks' pilcrows and stop words are not searched.
    assert not words & {"scriptword", "stylerule", "hidden", "the", "and", "para"}


def test_title_and_heading_words_weigh_more_than_text_words() -> None:
    page = page_for_search("notes/a/", "Alex Kim", NOTE)
    weight = {
        (term, page.places[2 * i]): page.places[2 * i + 1] for i, term in enumerate(page.terms)
    }
    assert weight["kim", 0] > weight["raised", 1] > weight["career", 1]


def test_tags_left_open_keep_the_text_after_them() -> None:
    content = "<p>before</p><svg><script>" * 50 + '<h2 id="later">Later</h2><p>after words</p>'
    _, _, sections = json.loads(page_for_search("x/", "X", content).entry)
    assert [section[0] for section in sections] == ["", "later"]
    assert sections[1][2] == "after words"


def test_words_are_lower_case_letters_and_digits() -> None:
    assert terms_of("Über-Café 2026 a x_y IT's") == ["über", "café", "2026"]


def test_the_index_is_a_function_of_its_pages() -> None:
    pages = [page_for_search(f"notes/{n}/", f"Note {n}", NOTE.replace("roadmap", f"word{n}")) for n in range(40)]
    forward, backward = index_files(pages), index_files(reversed(pages))
    assert forward == backward
    assert index_files(pages[:-1]) != forward


def test_the_cache_reads_a_page_again_only_when_it_changed() -> None:
    cache = SearchPageCache()
    first = cache.page("notes/a/", "A", NOTE)
    assert cache.page("notes/a/", "A", NOTE) is first
    assert cache.page("notes/a/", "A", NOTE + "<p>more</p>") is not first
    cache.keep(["notes/b/"])
    assert cache.page("notes/a/", "A", NOTE + "<p>more</p>") is not first


def test_term_shards_stay_small_and_in_order(tmp_path: Path) -> None:
    pages = [
        page_for_search(f"p/{n}/", f"Page {n}", " ".join(f"w{n}x{k}" for k in range(300))) for n in range(60)
    ]
    files = index_files(pages)
    manifest = json.loads(files["manifest.json"])
    shards = [path for path in files if path.startswith("terms/")]
    assert len(shards) == len(manifest["term_shards"]) > 1
    assert manifest["term_shards"] == sorted(manifest["term_shards"])
    assert all(len(files[path]) <= SHARD_BYTES for path in shards)
    search_index.write_index(tmp_path, files.items())
    assert find(tmp_path, "w59x299") == ["p/59/"]
    assert len(read_index(tmp_path)) == 60


def test_a_word_on_every_page_keeps_its_weightiest_sections(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(search_index, "MOST_POSTINGS", 5)
    pages = [page_for_search(f"p/{n:02}/", "Page", "<p>" + "common " * (n % 8 + 1) + "</p>") for n in range(20)]
    search_index.write_index(tmp_path, index_files(pages).items())
    found = find(tmp_path, "common")
    assert len(found) == 5 and set(found) <= {f"p/{n:02}/" for n in range(20) if n % 8 >= 5}
    # How many pages hold it is kept whole: it ranks the word against rarer ones.
    terms = dict(json.loads((tmp_path / INDEX_FOLDER / "terms/0.json").read_text(encoding="utf-8")))
    assert terms["common"][0] == 20


def test_a_word_of_a_note_leads_to_the_note_and_its_section(example_site: Build) -> None:
    found = find(example_site.site, "heliotrope")
    assert found[0] == "notes/2026/2026-10-09-alex-kim/#what-they-raised", found
    # The prep guide repeats the note's words; a search leads to the note itself.
    assert not [address for address in found if "/prep/" in address]
    documents = {document["location"]: document for document in read_index(example_site.site)}
    assert "Pitched the heliotrope dashboard redesign" in documents[found[0]]["text"]
    material = json.loads((example_site.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == [] and material["config"]["separator"]


def numbered_page(n: int, words: str) -> SearchPage:
    return page_for_search(f"notes/{n:02}/", f"Note {n}", f"<p>{words}</p><h2 id='more'>More</h2><p>n{n} {words}</p>")


@pytest.mark.parametrize(("bits", "most_postings"), [(search_index.NUMBER_BITS, 2000), (5, 2000), (20, 4), (5, 3)])
def test_an_index_updated_for_edited_added_and_deleted_pages_equals_one_made_from_scratch(
    bits: int, most_postings: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With 5 bits, 30 pages share hash numbers: those after a shared one move when it comes or goes.
    # With a few postings kept per term, a page coming or going changes which are kept, or only the count.
    monkeypatch.setattr(search_index, "NUMBER_BITS", bits)
    monkeypatch.setattr(search_index, "MOST_POSTINGS", most_postings)
    pages = [numbered_page(n, f"common shared w{n} w{n + 1}") for n in range(30)]
    writer = SearchIndexWriter()
    assert dict(writer.files(pages)) == index_files(pages)
    edited = list(pages)
    edited[3] = numbered_page(3, "common brandnew")  # w3 and w4 lose a page, "shared" too; "brandnew" is new
    edited[17] = numbered_page(17, "w3 w4 w5 shared shared")
    assert dict(writer.files(edited)) == index_files(edited)
    edited[3] = numbered_page(3, "")  # every word of the page gone
    assert dict(writer.files(edited)) == index_files(edited)
    for n in (40, 41, 42, 43):  # pages added, then deleted, one at a time
        edited.append(numbered_page(n, f"common added{n}" + " common" * (n % 3)))
        assert dict(writer.files(edited)) == index_files(edited)
    for n in (0, 29, 40, 12, 43, 7, 8, 9):
        edited = [page for page in edited if page.location != f"notes/{n:02}/"]
        assert dict(writer.files(edited)) == index_files(edited)
    assert dict(writer.files(pages)) == index_files(pages)


@pytest.mark.parametrize("seed", range(12))
def test_an_index_updated_through_random_saves_additions_and_deletions_equals_one_made_from_scratch(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Four words on every page, weighted at random, few postings kept: which are kept changes often.
    rng = random.Random(seed)
    monkeypatch.setattr(search_index, "MOST_POSTINGS", rng.choice([2, 3, 5, 8]))
    monkeypatch.setattr(search_index, "NUMBER_BITS", rng.choice([4, 6, 20]))
    words = ["alpha", "beta", "gamma", "delta"]

    def page(n: int, version: int) -> SearchPage:
        pick = random.Random(n * 1000 + version).choice
        text = " ".join(pick(words) for _ in range(pick(range(1, 12))))
        return page_for_search(f"p/{n}/", f"T {pick(words)}", f"<p>{text}</p><h2 id='h'>{pick(words)}</h2><p>{text[:9]}</p>")

    pages = {n: page(n, 0) for n in range(rng.randrange(5, 30))}
    writer = SearchIndexWriter()
    for version in range(1, 30):
        assert dict(writer.files(pages.values())) == index_files(pages.values()), version
        choice = rng.random()
        if choice < 0.4 and pages:
            n = rng.choice(list(pages))
            pages[n] = page(n, version)
        elif choice < 0.7:
            n = rng.randrange(100)
            pages[n] = page(n, version)
        elif pages:
            del pages[rng.choice(list(pages))]


def test_a_word_added_to_a_page_encodes_that_word_again_and_a_page_added_its_own_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pages = [numbered_page(n, f"common shared w{n}") for n in range(20)]
    writer = SearchIndexWriter()
    list(writer.files(pages))
    encoded: list[str] = []
    encode = search_index._encode_term
    monkeypatch.setattr(search_index, "_encode_term", lambda term, found: encoded.append(term) or encode(term, found))
    edited = list(pages)
    edited[4] = numbered_page(4, "common shared w4 quokka")
    updated = dict(writer.files(edited))
    assert sorted(encoded) == ["quokka"]
    assert updated == index_files(edited)
    encoded.clear()
    added = [*edited, numbered_page(30, "common newcomer")]
    updated = dict(writer.files(added))
    assert sorted(encoded) == ["30", "common", "more", "n30", "newcomer", "note"]
    assert updated == index_files(added)


def test_a_page_added_or_deleted_renumbers_no_other_page_and_changes_one_chunk_of_pages() -> None:
    pages = [numbered_page(n, f"common w{n} " + "filler " * 200) for n in range(200)]
    before = index_files(pages)
    added = index_files([*pages, numbered_page(500, "common newword")])
    assert len([path for path in before if path.startswith("pages/")]) > 10
    changed_chunks = [path for path in added if path.startswith("pages/") and added[path] != before.get(path)]
    assert len(changed_chunks) == 1, changed_chunks
    assert [path for path in before if path not in added] == []
    numbers = search_index.page_numbers(page.location for page in pages)
    assert len(set(numbers.values())) == len(pages)
    assert search_index.page_numbers([*numbers, "notes/500/"]) == {**numbers, "notes/500/": ANY}
    assert search_index.page_numbers(list(numbers)[1:]) == dict(list(numbers.items())[1:])


def test_pages_sharing_a_hash_take_the_next_numbers_free_in_the_order_of_their_addresses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_index, "NUMBER_BITS", 2)
    locations = [f"p/{n}/" for n in range(9)]
    numbers = search_index.page_numbers(locations)
    assert sorted(numbers.values()) == list(range(9))
    assert search_index.page_numbers(reversed(locations)) == numbers
    by_hash = sorted(locations, key=lambda location: (search_index._hash_number(location), location))
    assert [numbers[location] for location in by_hash] == list(range(9))


def test_writing_the_index_again_rewrites_only_what_changed_and_deletes_what_is_gone(tmp_path: Path) -> None:
    pages = [numbered_page(n, f"common w{n} " + "filler " * 200) for n in range(100)]
    folder = tmp_path / INDEX_FOLDER
    search_index.write_index(tmp_path, index_files(pages).items())
    (folder / "pages" / ".99.json.tmp").write_bytes(b"a write stopped half-way")
    before = {path: path.stat().st_mtime_ns for path in folder.rglob("*.json")}
    for path in before:
        os.utime(path, ns=(1, 1))
    fewer = pages[:50]
    search_index.write_index(tmp_path, index_files(fewer).items())
    after = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}
    assert after == set(index_files(fewer))
    untouched = [path for path in folder.rglob("*.json") if path.stat().st_mtime_ns == 1]
    assert any(path.parent.name == "pages" for path in untouched)
    assert len(untouched) < len(after)
    assert read_index(tmp_path) == read_index_of(fewer, tmp_path / "clean")


def read_index_of(pages: list[SearchPage], site: Path) -> list[dict[str, str]]:
    search_index.write_index(site, index_files(pages).items())
    return read_index(site)


def test_a_page_read_once_is_found_again_by_a_new_process_in_the_render_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = RenderCache(tmp_path / "cache", digest("setup"))
    store.begin()
    first = SearchPageCache().page("notes/a/", "A", NOTE, store)
    store.flush()
    again = RenderCache(tmp_path / "cache", digest("setup"))
    again.begin()

    def parse(*args: object) -> SearchPage:
        raise AssertionError("read again")

    monkeypatch.setattr(search_index, "page_for_search", parse)
    found = SearchPageCache().page("notes/a/", "A", NOTE, again)
    assert found == first and found is not first
    # Found in memory (a rebuild under serve), the entry is still marked used: the store keeps it.
    cache = SearchPageCache()
    cache.page("notes/a/", "A", NOTE, again)
    again.used.clear()
    assert cache.page("notes/a/", "A", NOTE, again) is cache.page("notes/a/", "A", NOTE, again)
    again.forget_unused([search_index.SEARCH])
    assert again.count(search_index.SEARCH) == 1


def test_a_second_build_takes_each_pages_part_of_the_index_from_the_render_cache(
    tmp_path: Path, build: Callable[..., Build]
) -> None:
    project = copy_example(tmp_path / "example")
    first = build(project)
    assert first.returncode == 0, first.log
    # One note's entry swapped for other words: a build that read its HTML again would not find them.
    note = "notes/2026/2026-10-09-alex-kim/"
    (database,) = (project / ".cache" / "handbook").glob("*/entries.sqlite")
    with sqlite3.connect(database) as db:
        entries = db.execute("SELECT key, data FROM entries WHERE kind = ?", (search_index.SEARCH,)).fetchall()
        assert len(entries) == len({document["location"].partition("#")[0] for document in read_index(first.site)})
        [key] = [key for key, data in entries if stored_location(data) == note]
        swapped = search_index._packed(page_for_search(note, "Alex Kim", "<p>cachedword</p>"))
        db.execute("UPDATE entries SET data = ? WHERE key = ?", (zlib.compress(swapped), key))
    db.close()
    second = build(project)
    assert second.returncode == 0, second.log
    assert find(second.site, "cachedword") == [note]
    assert find(second.site, "heliotrope") != find(first.site, "heliotrope")


def stored_location(data: bytes) -> str:
    page = search_index._unpacked("", "", zlib.decompress(data))
    assert page is not None
    return str(json.loads(page.entry)[0])


def test_a_damaged_entry_is_read_again(tmp_path: Path) -> None:
    page = page_for_search("notes/a/", "A", NOTE)
    assert search_index._unpacked("notes/a/", "A", search_index._packed(page)) == page
    for damaged in (b"", b"12 x\n", search_index._packed(page)[:-3], b"3 2\n[1]\xff\xfe"):
        assert search_index._unpacked("notes/a/", "A", damaged) is None, damaged


def test_a_long_section_keeps_an_excerpt_and_every_word_searchable() -> None:
    words = " ".join(f"word{n}" for n in range(2_000))
    page = page_for_search("x/", "X", f"<p>{words} lastword</p>")
    _, _, [[_, _, text]] = json.loads(page.entry)
    assert len(text) <= search_index.MOST_TEXT + 2 and text.endswith(" …") and text.startswith("word0 word1")
    assert "lastword" in page.terms


def test_the_weightiest_postings_are_those_a_stable_sort_by_weight_keeps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "MOST_POSTINGS", 7)
    for seed in range(50):
        weights = array("i", random.Random(seed).choices([1, 1, 2, 3, 6, 12], k=30))
        expected = sorted(sorted(range(30), key=lambda k: -weights[k])[:7])
        kept, last = search_index._weightiest(weights)
        assert kept == expected, seed
        assert last == sorted(expected, key=lambda k: (-weights[k], k))[-1], seed
