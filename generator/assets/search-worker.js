// Handbook's search worker: Material's search box and results, an index fetched in small parts.
//
// Material's page posts SETUP (its search_index.json, which holds no pages here) and then a QUERY
// per keystroke; it renders each RESULT as its own worker's. Instead of building a lunr index of
// every page, this worker reads search/handbook/manifest.json, then, per query, only the term
// shards of the words typed and the page chunks of the best results (generator/search_index.py
// writes them). Nothing is fetched from outside the site. Plain JavaScript, no build step.
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
// This file is served in place of Material's worker, three folders below the site's root.
const ROOT = new URL("../../../search/handbook/", self.location.href);
const MOST_RESULTS = 20;     // pages in a result: each costs the fetch of its chunk of text
const MOST_SHARDS = 3;       // per word typed: a short prefix would otherwise fetch much of the index
const SHORT_WORD = 3;        // shorter words start too many terms: only their own shard, the nearest ones
const PREFIX_FACTOR = 0.5;   // a word that only starts with what was typed counts half
const SNIPPET = 280;         // characters of a section shown under its title
const WORD = /[\p{L}\p{N}]+/gu;

let manifest = null;         // a promise of the manifest, fetched at SETUP
let suggesting = false;
let latest = null;           // the last query asked: results of older ones are dropped
const files = new Map();     // path -> promise of its JSON, for the life of the page

function fetchJSON(url, options) {
  return fetch(url, options).then(response => {
    if (!response.ok)
      throw new Error(`${url}: ${response.status}`);
    return response.json();
  });
}

function load(path, version) {
  if (!files.has(path)) {
    const promise = fetchJSON(new URL(`${path}?v=${version}`, ROOT));
    promise.catch(() => files.delete(path));
    files.set(path, promise);
  }
  return files.get(path);
}

// The same words as generator/search_index.py's terms_of, in the same case.
function wordsOf(text, index) {
  const words = (text.toLowerCase().match(WORD) || [])
    .filter(word => word.length > 1 && word.length <= index.longest_term);
  return [...new Set(words)].filter((word, i, all) => i === all.length - 1 || !index.stopWords.has(word));
}

// The last shard whose first term is at most `term`.
function shardOf(shards, term) {
  let low = 0, high = shards.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (shards[middle] <= term) low = middle; else high = middle - 1;
  }
  return low;
}

// Every term of the index starting with `word`: [term, pages with it, postings].
async function termsStartingWith(index, word) {
  const shards = index.term_shards;
  if (!shards.length)
    return [];
  const first = shardOf(shards, word);
  const most = word.length < SHORT_WORD ? 1 : MOST_SHARDS;
  let last = first;
  while (last + 1 < shards.length && last + 1 - first < most && shards[last + 1].startsWith(word))
    last++;
  const loaded = [];
  for (let number = first; number <= last; number++)
    loaded.push(load(`terms/${number}.json`, index.version));
  const found = [];
  for (const shard of await Promise.all(loaded))
    for (const [term, postings] of shard)
      if (term.startsWith(word))
        found.push([term, postings[0], postings]);
  return found;
}

// Score of each section (page number * 65536 + section) for each word: the best of its terms there.
async function scoreSections(index, words) {
  const scores = new Map();
  const completions = [];
  await Promise.all(words.map(async (word, w) => {
    for (const [term, pages, postings] of await termsStartingWith(index, word)) {
      const weight = Math.log(1 + index.pages / pages) * (term === word ? 1 : PREFIX_FACTOR);
      if (w === words.length - 1 && term !== word)
        completions.push([pages, term]);
      let page = 0;
      for (let i = 1; i < postings.length; i += 3) {
        page += postings[i];
        const key = page * 65536 + postings[i + 1];
        let row = scores.get(key);
        if (!row)
          scores.set(key, row = new Array(words.length).fill(0));
        row[w] = Math.max(row[w], postings[i + 2] * weight);
      }
    }
  }));
  completions.sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1));
  return { scores, suggestion: completions.length ? completions[0][1] : null };
}

function escapeHTML(text) {
  return text.replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function matcher(words) {
  const alternatives = words.map(word => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  return new RegExp(`(^|[^\\p{L}\\p{N}])(${alternatives})`, "giu");
}

// `text` escaped, with every word typed marked where a word of the text starts with it.
function highlight(text, match) {
  let out = "", at = 0;
  match.lastIndex = 0;
  for (let found = match.exec(text); found; found = match.exec(text)) {
    const start = found.index + found[1].length;
    out += escapeHTML(text.slice(at, start)) + `<mark data-md-highlight>${escapeHTML(found[2])}</mark>`;
    at = start + found[2].length;
    if (found[0].length === 0)
      match.lastIndex++;
  }
  return out + escapeHTML(text.slice(at));
}

// About SNIPPET characters of `text` around its first match, at word boundaries.
function snippet(text, match) {
  if (text.length <= SNIPPET)
    return text;
  match.lastIndex = 0;
  const found = match.exec(text);
  let start = found ? Math.max(0, found.index - SNIPPET / 4) : 0;
  if (start > 0)
    start = text.indexOf(" ", start) + 1 || start;
  let end = Math.min(text.length, start + SNIPPET);
  if (end < text.length)
    end = text.lastIndexOf(" ", end) > start ? text.lastIndexOf(" ", end) : end;
  return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
}

async function search(query) {
  const index = await manifest;
  const words = wordsOf(query, index);
  if (!words.length)
    return { items: [] };
  const { scores, suggestion } = await scoreSections(index, words);

  // Each section's score, raised the more of the words it holds; each page ranked by its best.
  const pages = new Map();
  for (const [key, row] of scores) {
    const held = row.filter(score => score > 0).length;
    const score = row.reduce((sum, value) => sum + value, 0) * (1 + (held / words.length) ** 2);
    const page = Math.floor(key / 65536);
    let entry = pages.get(page);
    if (!entry)
      pages.set(page, entry = { best: 0, sections: new Map() });
    entry.sections.set(key % 65536, { score, row });
    entry.best = Math.max(entry.best, score);
  }
  const best = [...pages].sort((a, b) => b[1].best - a[1].best || a[0] - b[0]).slice(0, MOST_RESULTS);

  // The chunks holding the best pages' titles and text: each is named by the first number of its pages.
  const chunks = index.page_chunks;
  const loaded = new Map();
  for (const [page] of best) {
    const start = chunks[shardOf(chunks, page)];
    if (!loaded.has(start))
      loaded.set(start, load(`pages/${start}.json`, index.version));
  }
  const entries = new Map();   // page number -> [number, location, title, sections]
  for (const promise of loaded.values())
    for (const entry of await promise)
      entries.set(entry[0], entry);

  const match = matcher(words);
  const items = best.map(([page, entry]) => {
    const [, location, , sections] = entries.get(page);
    const group = [];
    sections.forEach(([anchor, title, text], section) => {
      const scored = entry.sections.get(section);
      if (!scored && section > 0)
        return;
      const terms = {};
      if (scored)
        words.forEach((word, w) => { terms[word] = scored.row[w] > 0; });
      group.push({
        location: anchor ? `${location}#${anchor}` : location,
        title: highlight(title, match),
        text: text ? `<p>${highlight(snippet(text, match), match)}</p>` : "",
        score: scored ? scored.score : 0,
        terms
      });
    });
    return group.sort((a, b) => b.score - a.score);
  });
  const result = { items };
  if (suggesting)
    result.suggest = suggestion ? [suggestion] : [];
  return result;
}

addEventListener("message", async event => {
  const message = event.data;
  if (message.type === SETUP) {
    suggesting = !!(message.data.options && message.data.options.suggest);
    manifest = fetchJSON(new URL("manifest.json", ROOT), { cache: "no-cache" }).then(index => {
      index.stopWords = new Set(index.stop_words);
      return index;
    });
    manifest.catch(error => console.warn(`Search index: ${error}`));
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    const query = latest = message.data;
    let result;
    try {
      result = await search(query);
    } catch (error) {
      console.warn(`Search: ${error}`);
      result = { items: [] };
    }
    if (query === latest)
      postMessage({ type: RESULT, data: result });
  }
});
