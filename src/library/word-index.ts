import type { FileStats } from './cache.js';
import { readCacheFile, writeCacheFile } from './cache-file.js';
import { foldWord } from './search.js';

/**
 * Which words each article holds, kept beside the listing cache so that a
 * search reads only the articles that can match: a word found in none is
 * answered without opening a file. Entries follow the same rule as the
 * listing cache (size, mtime and ctime unchanged), the file is replaced
 * atomically, and anything unreadable is rebuilt.
 *
 * Words are folded the way query words are (case, accents and ligatures:
 * `Œuvre` → `oeuvre`). A query word matches every indexed word that contains
 * it, as search itself matches substrings.
 */

interface Entry extends FileStats {
  /** Indices into the vocabulary, ascending; decoded from `encoded` when first needed. */
  ids?: number[];
  encoded?: string;
}

/** An entry's word ids, decoded on first use (a search for a word no article holds decodes none). */
function idsOf(entry: Entry, vocabularySize: number): number[] {
  if (!entry.ids) {
    const ids = decodeIds(entry.encoded ?? '');
    entry.ids = ids.filter((id) => id < vocabularySize);
  }
  return entry.ids;
}

interface IndexBody {
  vocabulary: string[];
  /** relPath, size, mtimeMs, ctimeMs, inode, ids as base64 of ascending varint gaps. */
  rows: Array<[string, number, number, number, number, string]>;
}

export interface WordIndex {
  vocabulary: string[];
  entries: Map<string, Entry>;
  /** When the index was written; 0 for a new one. */
  writtenAt: number;
}

// Words are cut at whitespace and punctuation (ASCII, Latin-1 and the general
// punctuation block): splitting is twice as fast as matching letter runs, and
// a word cut more coarsely still contains every run of letters inside it.
const SEPARATORS = /[\s!-/:-@[-`{-~\u00a0-\u00bf\u2000-\u206f]+/;
/** What indexing several articles shares: raw words already folded and their ids. */
export interface Indexer {
  index: WordIndex;
  /** Folded word → id. */
  ids: Map<string, number>;
  /** Lowercased word as written → id, so each spelling is folded once. */
  raw: Map<string, number>;
  /** The last article each id was seen in, to keep an article's ids distinct. */
  seen: number[];
  stamp: number;
}

export function indexer(index: WordIndex): Indexer {
  return { index, ids: new Map(index.vocabulary.map((word, id) => [word, id])), raw: new Map(), seen: [], stamp: 1 };
}

/** Records the words of one article, replacing what was known of it. */
export function indexArticle(state: Indexer, relPath: string, stats: FileStats, text: string): void {
  const list: number[] = [];
  for (const word of text.toLowerCase().split(SEPARATORS)) {
    if (word === '') continue;
    let id = state.raw.get(word);
    if (id === undefined) {
      const key = foldWord(word);
      id = state.ids.get(key);
      if (id === undefined) {
        id = state.index.vocabulary.push(key) - 1;
        state.ids.set(key, id);
      }
      state.raw.set(word, id);
    }
    if (state.seen[id] !== state.stamp) {
      state.seen[id] = state.stamp;
      list.push(id);
    }
  }
  state.stamp++;
  state.index.entries.set(relPath, { ...stats, ids: list.sort((a, b) => a - b) });
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/**
 * The index kept at `path`, every entry validated (cache-file.ts has
 * checked the file whole): what does not validate is dropped, and the
 * caller indexes its article again. Missing or damaged: an empty index.
 */
export function readWordIndex(path: string, root: string, format: string): WordIndex {
  const empty = (): WordIndex => ({ vocabulary: [], entries: new Map(), writtenAt: 0 });
  const file = readCacheFile(path);
  if (!file || file.header.format !== format || file.header.root !== root) return empty();
  let body: Partial<IndexBody>;
  try {
    body = JSON.parse(file.body) as Partial<IndexBody>;
  } catch {
    return empty();
  }
  const { vocabulary, rows } = body;
  if (!Array.isArray(vocabulary) || !Array.isArray(rows) || !vocabulary.every((word) => typeof word === 'string' && word !== '')) return empty();
  const index: WordIndex = { vocabulary, entries: new Map(), writtenAt: file.writtenAt };
  for (const row of rows as unknown[]) {
    if (!Array.isArray(row) || row.length !== 6) continue;
    const [relPath, size, mtimeMs, ctimeMs, ino, encoded] = row as unknown[];
    if (typeof relPath !== 'string' || relPath === '' || !isCount(size) || !isTime(mtimeMs) || !isTime(ctimeMs) || !isCount(ino)) continue;
    if (typeof encoded !== 'string' || !BASE64.test(encoded)) continue;
    index.entries.set(relPath, { size, mtimeMs, ctimeMs, ino, encoded });
  }
  return index;
}

export function writeWordIndex(path: string, root: string, format: string, index: WordIndex): void {
  // Words no article holds any more are dropped, and ids renumbered.
  const used = new Map<number, number>();
  const vocabulary: string[] = [];
  const rows: IndexBody['rows'] = [];
  for (const [relPath, entry] of index.entries) {
    const ids = idsOf(entry, index.vocabulary.length).map((id) => {
      let renumbered = used.get(id);
      if (renumbered === undefined) {
        renumbered = vocabulary.push(index.vocabulary[id]!) - 1;
        used.set(id, renumbered);
      }
      return renumbered;
    });
    rows.push([relPath, entry.size, entry.mtimeMs, entry.ctimeMs, entry.ino, encodeIds(ids.sort((a, b) => a - b))]);
  }
  writeCacheFile(path, { format, root }, JSON.stringify({ vocabulary, rows } satisfies IndexBody));
}

/**
 * The articles (by path relative to the root) that hold every query word,
 * or null when a word is not one the index can answer for (it holds
 * punctuation, as `l’iran` or `c++` do).
 */
export function candidates(index: WordIndex, query: readonly string[]): Set<string> | null {
  let result: Set<string> | null = null;
  for (const word of query) {
    const key = foldWord(word);
    if (key === '' || !/^[\p{L}\p{M}\p{N}]+$/u.test(key)) return null;
    const matching = new Set<number>();
    index.vocabulary.forEach((indexed, id) => {
      if (indexed.includes(key)) matching.add(id);
    });
    const holders = new Set<string>();
    if (matching.size > 0) {
      for (const [relPath, entry] of index.entries) {
        if (result !== null && !result.has(relPath)) continue;
        if (idsOf(entry, index.vocabulary.length).some((id) => matching.has(id))) holders.add(relPath);
      }
    }
    result = holders;
    if (result.size === 0) break;
  }
  return result;
}

// Ids as ascending gaps, each a little-endian base-128 varint, the bytes in base64.
function encodeIds(ids: number[]): string {
  const bytes: number[] = [];
  let previous = 0;
  for (const id of ids) {
    let gap = id - previous;
    previous = id;
    while (gap >= 0x80) {
      bytes.push((gap & 0x7f) | 0x80);
      gap >>>= 7;
    }
    bytes.push(gap);
  }
  return Buffer.from(bytes).toString('base64');
}

function decodeIds(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  const ids: number[] = [];
  let previous = 0;
  let value = 0;
  let shift = 0;
  for (const byte of bytes) {
    value |= (byte & 0x7f) << shift;
    if (byte & 0x80) {
      shift += 7;
      continue;
    }
    previous += value;
    ids.push(previous);
    value = 0;
    shift = 0;
  }
  return ids;
}
