import type BetterSqlite3 from 'better-sqlite3';
import { foldWord } from './search.js';
import { TOKENIZER } from './database.js';
import { ftsString } from './query.js';

/**
 * The words of each article, in the database's FTS5 table, so that a
 * search reads only the articles that can match: a word found in none is
 * answered without opening a file.
 *
 * Search matches a query word anywhere inside the text's words, folded as
 * kiosk folds them (case, accents and ligatures: `oeuvre` finds `Œuvre`,
 * `pirat` finds `piratage`, a CJK word is found inside a longer run). FTS5
 * matches whole tokens, or their starts. So the text is indexed folded by
 * kiosk (foldText works a character at a time, as does FTS5's tokenizer),
 * the query word is cut into tokens by FTS5 itself (through a table of its
 * own), and each of its tokens is looked for inside the vocabulary's
 * tokens; FTS5 is then asked for the articles that hold, for every query
 * token, one of the tokens found. That is never fewer articles than search
 * finds (a property test holds it to that), and most often exactly them.
 */

type Database = BetterSqlite3.Database;

/** Past this many tokens for one part of a word (`e` is in most), the index does not narrow the search. */
const MAX_TOKENS = 2_000;

/** Records an article's words, as the rowid of its row in `files`. */
export function indexWords(db: Database, id: number | bigint, title: string, text: string): void {
  db.prepare('DELETE FROM words WHERE rowid = ?').run(id);
  db.prepare('INSERT INTO words (rowid, title, body) VALUES (?, ?, ?)').run(id, foldWord(title), foldWord(text));
}

/** The tokens of some text as FTS5 cuts them, read back from a table of its own in memory. */
function tokensOf(db: Database, text: string): string[] {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.probe USING fts5(text, tokenize="${TOKENIZER}");
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.probe_vocabulary USING fts5vocab(temp, probe, row);`);
  db.exec('DELETE FROM temp.probe');
  db.prepare('INSERT INTO temp.probe (text) VALUES (?)').run(text);
  return (db.prepare('SELECT term FROM temp.probe_vocabulary WHERE term IS NOT NULL').raw(true).all() as [string][]).map(([term]) => term);
}

/**
 * The ids (rowids of `files`) of the articles that may hold every query
 * word, or null when some word cannot be narrowed (no letter or digit in
 * it, or a part common to most of the vocabulary).
 */
export function candidateIds(db: Database, query: readonly string[]): Set<number> | null {
  const parts = query.map((word) => tokensOf(db, foldWord(word)));
  if (parts.some((tokens) => tokens.length === 0)) return null;
  db.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocabulary USING fts5vocab(main, words, row)');
  const vocabulary = (db.prepare('SELECT term FROM temp.vocabulary WHERE term IS NOT NULL').raw(true).all() as [string][]).map(([term]) => term);
  const clauses: string[] = [];
  for (const tokens of parts) {
    for (const token of tokens) {
      const holding = vocabulary.filter((term) => term.includes(token));
      if (holding.length === 0) return new Set();
      if (holding.length > MAX_TOKENS) return null;
      clauses.push(`(${holding.map((text) => ftsString({ text, kind: 'word' })).join(' OR ')})`);
    }
  }
  const rows = db.prepare('SELECT rowid FROM words WHERE words MATCH ?').raw(true).all(clauses.join(' AND ')) as [number][];
  return new Set(rows.map(([id]) => id));
}
