import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TOKENIZER } from '../src/library/store/database.js';
import { foldWord } from '../src/library/find/patterns.js';
import { ftsString, parseQuery, QueryError, showQuery, type Query, type Term } from '../src/library/find/query.js';
import { linear } from './linear.js';

const word = (text: string, more: Partial<Term> = {}): Term => ({ text, kind: 'word', field: null, negated: false, ...more });

describe('parseQuery', () => {
  it.each<[string, Query]>([
    ['piratage iran', [[word('piratage')], [word('iran')]]],
    ['"campagne électorale" iran', [[word('campagne électorale', { kind: 'phrase' })], [word('iran')]]],
    ['pirat*', [[word('pirat', { kind: 'prefix' })]]],
    ['"le pira"*', [[word('le pira', { kind: 'prefix' })]]],
    ['iran OR israël trump', [[word('iran'), word('israël')], [word('trump')]]],
    ['a OR b OR c', [[word('a'), word('b'), word('c')]]],
    ['trump -iran', [[word('trump')], [word('iran', { negated: true })]]],
    ['title:iran section:"Monde entier" TAG:vote author:Dupont*', [
      [word('iran', { field: 'title' })],
      [word('Monde entier', { kind: 'phrase', field: 'section' })],
      [word('vote', { field: 'tag' })],
      [word('Dupont', { kind: 'prefix', field: 'author' })],
    ]],
    ['-tag:brouillon x', [[word('brouillon', { field: 'tag', negated: true })], [word('x')]]],
    // An unknown field is text; or in small letters is a word; a - inside a word is the word's.
    ['foo:bar or e-mail', [[word('foo:bar')], [word('or')], [word('e-mail')]]],
    // Nothing to find in marks alone.
    ['- * ++ title: "" x', [[word('x')]]],
    ['', []],
  ])('reads %j', (input, expected) => {
    expect(parseQuery(input)).toEqual(expected);
  });

  it.each([
    ['"never closed', 'the quote at column 1 is never closed', 1],
    ['iran "campagne', 'the quote at column 6 is never closed', 6],
    ['title:"x', 'the quote at column 7 is never closed', 7],
    ['OR iran', 'OR at column 1 needs a word on each side', 1],
    ['iran OR', 'OR at column 6 needs a word on each side', 6],
    ['a OR OR b', 'OR at column 3 needs a word on each side', 3],
    ['a OR -b', 'a word left out with - cannot be one of the choices of OR (column 6)', 6],
  ])('says where %j cannot be read', (input, message, column) => {
    expect(() => parseQuery(input)).toThrow(new QueryError(message, column));
    try {
      parseQuery(input);
    } catch (error) {
      expect((error as QueryError).column).toBe(column);
    }
  });

  it('shows a query as it could be typed again', () => {
    expect(showQuery(parseQuery('a  OR b -title:"c d" e*'))).toBe('a OR b -title:"c d" e*');
  });

  it.each([
    ['quotes', (n: number) => '"'.repeat(n)],
    ['quotes never closed', (n: number) => `x ${'" '.repeat(n)}`],
    ['stars', (n: number) => `a${'*'.repeat(n)}b`],
    ['dashes', (n: number) => '-'.repeat(n)],
    ['fields', (n: number) => 'title:'.repeat(n)],
    ['ORs', (n: number) => `a${' OR a'.repeat(n)}`],
    ['spaces', (n: number) => `a${' '.repeat(n)}b`],
    ['a one-word line', (n: number) => 'a'.repeat(n)],
  ])('reads %s in linear time', (_name, make) => {
    // At 10N a query of runs makes about 400,000 terms, which the garbage collector moves out of the young
    // generation: the ratio reaches 20 to 30 there, linear work all the same. Quadratic work would give about 100.
    linear(
      (n) => {
        try {
          parseQuery(make(n));
        } catch (error) {
          if (!(error instanceof QueryError)) throw error;
        }
      },
      20_000,
      50,
    );
  });
});

describe('what FTS5 is given', () => {
  it('is always a quoted string', () => {
    expect(ftsString({ text: 'a"b', kind: 'word' })).toBe('"a""b"');
    expect(ftsString({ text: 'pira', kind: 'prefix' })).toBe('"pira" *');
    expect(ftsString({ text: 'AND OR NOT NEAR(', kind: 'phrase' })).toBe('"AND OR NOT NEAR("');
    expect(ftsString({ text: 'a\0b', kind: 'word' })).toBe('"a b"');
  });

  // The expression the search builds: groups ANDed, choices ORed, left-out words after NOT, fields as column filters.
  const COLUMN: Record<string, string> = { title: 'title', tag: 'tags', author: 'author' };
  const expression = (query: Query): string | null => {
    const text = (term: Term) => (term.field && COLUMN[term.field] ? `${COLUMN[term.field]} : ${ftsString(term)}` : ftsString(term));
    const positive = query.filter((group) => !group[0]!.negated && group.every((term) => term.field !== 'section'));
    if (positive.length === 0) return null;
    const negative = query.filter((group) => group[0]!.negated && group[0]!.field !== 'section');
    const all = positive.map((group) => `(${group.map(text).join(' OR ')})`).join(' AND ');
    return negative.reduce((so, group) => `${so} NOT ${text(group[0]!)}`, all);
  };

  it('is never an FTS5 syntax error, whatever the query', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE words USING fts5(title, headings, body, tags, author, content='', contentless_delete=1, tokenize="${TOKENIZER}")`);
    db.prepare('INSERT INTO words (title, headings, body, tags, author) VALUES (?, ?, ?, ?, ?)').run('Trump menace l’Iran', 'Le démenti', 'Une campagne électorale « piratée » OR AND NOT', 'monde', 'Dupont');
    const match = db.prepare('SELECT count(*) AS n FROM words WHERE words MATCH ?');
    const pieces = fc.constantFrom('"', '-', '*', 'OR', 'AND', 'NOT', 'NEAR(', ')', '(', ':', 'title:', 'section:', 'tag:', 'author:', '^', '+', ' ', 'iran', 'électorale', 'ÉLECTORALE', 'pir', '東京', '\u0000', '\\', "'", '{', '}');
    const query = fc.oneof(fc.string({ unit: 'grapheme' }), fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join('')), fc.array(pieces, { maxLength: 8 }).map((parts) => parts.join(' ')));
    fc.assert(
      fc.property(query, (input) => {
        let parsed: Query;
        try {
          parsed = parseQuery(input);
        } catch (error) {
          expect(error).toBeInstanceOf(QueryError);
          return;
        }
        const built = expression(parsed);
        if (built !== null) expect(() => match.get(built)).not.toThrow();
      }),
      { numRuns: 3_000 },
    );
    db.close();
  });

  it('finds words whatever their case and accents, phrases, prefixes and fields', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE words USING fts5(title, headings, body, tags, author, content='', contentless_delete=1, tokenize="${TOKENIZER}")`);
    // Text and query words are folded by kiosk before FTS5 sees them (see words.ts).
    db.prepare('INSERT INTO words (title, headings, body, tags, author) VALUES (?, ?, ?, ?, ?)').run(...['Trump menace l’Iran', 'Le démenti', 'Une campagne électorale piratée', 'monde', 'Anne Dupont'].map(foldWord));
    const folded = (query: Query): Query => query.map((group) => group.map((term) => ({ ...term, text: foldWord(term.text) })));
    const hits = (input: string) => (db.prepare('SELECT count(*) AS n FROM words WHERE words MATCH ?').get(expression(folded(parseQuery(input)))) as { n: number }).n;
    for (const found of ['ELECTORALE', 'electorale', '"campagne electorale"', 'pirat*', 'title:iran', 'author:dupont', 'tag:monde', 'iran OR absent', 'trump -absent', 'DÉMENTI'])
      expect(hits(found), found).toBe(1);
    for (const absent of ['"electorale campagne"', 'title:campagne', 'absent', 'trump -iran', 'tag:trump'])
      expect(hits(absent), absent).toBe(0);
    db.close();
  });
});
