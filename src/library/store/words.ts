import type BetterSqlite3 from 'better-sqlite3';
import { foldWord } from '../find/patterns.js';
import { TOKENIZER } from './database.js';
import { ftsString, type Query, type Term } from '../find/query.js';

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

/**
 * bm25's weights for the columns, in the table's order (title, headings,
 * body, tags, author): a word in the title counts ten times one in the
 * body, one in a heading four times, a tag or the author twice.
 */
const WEIGHTS = '10.0, 4.0, 1.0, 2.0, 2.0';

/** What the index holds of an article, each part as kiosk reads it (folded here). */
export interface IndexedText {
  title: string;
  /** The body's ATX heading lines, marks and all. */
  headings: string;
  /** The rest of the body. */
  body: string;
  tags: readonly string[];
  author: string | null;
}

const HEADING_LINE = /^ {0,3}#{1,6}(?:[ \t]|$)/;

/** An article's parts for the index: its body cut into heading lines and the rest, in one pass. */
export function indexedText(article: { title: string; tags: readonly string[]; author: string | null }, body: string): IndexedText {
  const headings: string[] = [];
  const rest: string[] = [];
  for (const line of body.split('\n')) (HEADING_LINE.test(line) ? headings : rest).push(line);
  return { title: article.title, headings: headings.join('\n'), body: rest.join('\n'), tags: article.tags, author: article.author };
}

/** The statement that indexes an article, prepared once for each database (a tenth of a second for 10,000). */
const inserts = new WeakMap<Database, BetterSqlite3.Statement>();

/** Records an article's words, as the rowid of its row in `files`, which holds none yet. */
export function indexWords(db: Database, id: number | bigint, text: IndexedText): void {
  let insert = inserts.get(db);
  if (!insert) inserts.set(db, (insert = db.prepare('INSERT INTO words (rowid, title, headings, body, tags, author) VALUES (?, ?, ?, ?, ?, ?)')));
  insert.run(
    id,
    foldWord(text.title),
    foldWord(text.headings),
    foldWord(text.body),
    foldWord(text.tags.join('\n')),
    foldWord(text.author ?? ''),
  );
}

/** The tokens of some text as FTS5 cuts them, read back from a table of its own in memory. */
function tokensOf(db: Database, text: string): string[] {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.probe USING fts5(text, tokenize="${TOKENIZER}");
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.probe_vocabulary USING fts5vocab(temp, probe, row);`);
  db.exec('DELETE FROM temp.probe');
  db.prepare('INSERT INTO temp.probe (text) VALUES (?)').run(text);
  return (db.prepare('SELECT term FROM temp.probe_vocabulary WHERE term IS NOT NULL').raw(true).all() as [string][]).map(([term]) => term);
}

/** What the index tells of a query: the articles (rowids of `files`) that may hold it, with their bm25. */
export interface Narrowed {
  /** Null when it cannot tell: every article must be read. */
  ids: Set<number> | null;
  /** Lower is better; null when the query gave FTS5 nothing to rank by. */
  ranks: Map<number, number> | null;
}

/** The column a field is looked for in; a section is in the listing's records, not in the index. */
const COLUMNS: Record<NonNullable<Term['field']>, string | null> = { title: 'title', tag: 'tags', author: 'author', section: null };

/**
 * The articles that may hold the query, and their bm25. Each group that
 * can be narrowed (no term left out, every term with a letter or digit and
 * no part common to most of the vocabulary) becomes an FTS5 expression,
 * and the groups are joined with AND; a query with none is not narrowed.
 */
export function narrow(db: Database, query: Query): Narrowed {
  freshVocabulary(db);
  // Filtered in SQLite: a large vocabulary is never brought into JavaScript.
  const holding = db.prepare(`SELECT term FROM vocabulary WHERE instr(term, ?) > 0 LIMIT ${MAX_TOKENS + 1}`).raw(true);
  const terms = (token: string) => (holding.all(token) as [string][]).map(([term]) => term);
  const clauses: string[] = [];
  for (const group of query) {
    if (group.some((term) => term.negated)) continue;
    const choices = group.map((term) => expression(db, term, terms));
    if (choices.includes(null)) continue;
    const possible = choices.filter((choice): choice is string => choice !== '');
    if (possible.length === 0) return { ids: new Set(), ranks: new Map() };
    clauses.push(possible.length === 1 ? possible[0]! : `(${possible.join(' OR ')})`);
  }
  if (clauses.length === 0) return { ids: null, ranks: null };
  const rows = db.prepare(`SELECT rowid, bm25(words, ${WEIGHTS}) FROM words WHERE words MATCH ?`).raw(true).all(clauses.join(' AND ')) as [number, number][];
  return { ids: new Set(rows.map(([id]) => id)), ranks: new Map(rows) };
}

/**
 * Says that the index changed: the vocabulary is copied out of it again
 * when a search next needs it. In the transaction that changed it.
 */
export function vocabularyChanged(db: Database): void {
  db.exec(`DELETE FROM meta WHERE key = 'vocabulary'`);
}

/** The vocabulary table, copied anew from the index when it changed since (a tenth of a second for 10,000 articles). */
function freshVocabulary(db: Database): void {
  if (db.prepare(`SELECT 1 FROM meta WHERE key = 'vocabulary'`).get() !== undefined) return;
  db.transaction(() => {
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.index_vocabulary USING fts5vocab(main, words, row);
      DELETE FROM vocabulary;
      INSERT INTO vocabulary (term) SELECT term FROM temp.index_vocabulary WHERE term IS NOT NULL;
      INSERT INTO meta (key, value) VALUES ('vocabulary', 'fresh');`);
  }).immediate();
}

/**
 * A term as an FTS5 expression over the vocabulary: for each of its
 * tokens, the vocabulary's tokens that hold it; '' when some token is in
 * none (nothing can match), null when it cannot be narrowed.
 */
function expression(db: Database, term: Term, holding: (token: string) => string[]): string | null {
  const column = term.field === null ? null : COLUMNS[term.field];
  if (term.field !== null && column === null) return null;
  const tokens = tokensOf(db, foldWord(term.text));
  if (tokens.length === 0) return null;
  const parts: string[] = [];
  for (const token of tokens) {
    const known = holding(token);
    if (known.length === 0) return '';
    if (known.length > MAX_TOKENS) return null;
    parts.push(`(${known.map((text) => ftsString({ text, kind: 'word' })).join(' OR ')})`);
  }
  const all = parts.join(' AND ');
  return column === null ? `(${all})` : `({${column}} : (${all}))`;
}
