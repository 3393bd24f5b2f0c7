/**
 * The search query language, as search engines have taught it: words (all
 * must appear), `"exact phrases"`, `prefix*`, `OR` between two choices,
 * `-word` to leave out, and `title:`, `section:`, `tag:`, `author:` before a
 * word or a phrase. kiosk reads the query itself, in one pass: FTS5 is only
 * ever given quoted strings (see ftsString), so no query can be an FTS5
 * syntax error, and none reaches SQL, where every value is bound.
 */

export const FIELDS = ['title', 'section', 'tag', 'author'] as const;
export type Field = (typeof FIELDS)[number];

export interface Term {
  /** The text as typed, without its quotes, field, `-` or `*`. */
  text: string;
  /** A word, a quoted phrase, or the start of a word (`pirat*`, `"le pira"*`). */
  kind: 'word' | 'phrase' | 'prefix';
  /** Where to look; null for anywhere in the article. */
  field: Field | null;
  /** `-word`: articles that hold it are left out. */
  negated: boolean;
}

/** Every group must hold; a group holds when any of its terms does (`a OR b` is one group of two). */
export type Query = Term[][];

/** A query that cannot be read: `column` (from 1) is where, for the message. */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

/** Sticky: tried where a term starts, on the query itself (no copy of it per term). */
const FIELD = /(title|section|tag|author):/iy;
const SPACE = /\s/;
const LETTER = /[\p{L}\p{N}]/u;

interface Token {
  term: Term;
  /** A bare `OR`, which joins the terms on either side. */
  or: boolean;
  at: number;
}

/** Reads a query; throws QueryError when a quote is never closed or an OR has nothing to join. */
export function parseQuery(input: string): Query {
  const tokens = tokenize(input);
  const groups: Query = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.or) {
      const previous = groups.at(-1);
      const next = tokens[i + 1];
      if (!previous || !next || next.or) throw new QueryError(`OR at column ${token.at + 1} needs a word on each side`, token.at + 1);
      continue;
    }
    const joined = i > 0 && tokens[i - 1]!.or;
    if (joined) groups.at(-1)!.push(token.term);
    else groups.push([token.term]);
  }
  for (const group of groups) {
    if (group.length > 1 && group.some((term) => term.negated)) {
      const at = tokens.find((token) => token.term.negated && group.includes(token.term))!.at;
      throw new QueryError(`a word left out with - cannot be one of the choices of OR (column ${at + 1})`, at + 1);
    }
  }
  return groups;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    if (SPACE.test(input[i]!)) {
      i++;
      continue;
    }
    const at = i;
    let negated = false;
    if (input[i] === '-' && i + 1 < input.length && !SPACE.test(input[i + 1]!)) {
      negated = true;
      i++;
    }
    let field: Field | null = null;
    FIELD.lastIndex = i;
    const named = FIELD.exec(input);
    if (named) {
      field = named[1]!.toLowerCase() as Field;
      i += named[0].length;
    }
    let text: string;
    let kind: Term['kind'];
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1);
      if (close === -1) throw new QueryError(`the quote at column ${i + 1} is never closed`, i + 1);
      text = input.slice(i + 1, close);
      kind = 'phrase';
      i = close + 1;
    } else {
      const start = i;
      while (i < input.length && !SPACE.test(input[i]!) && input[i] !== '"') i++;
      text = input.slice(start, i);
      kind = 'word';
    }
    let stars = 0;
    while (input[i] === '*') {
      stars++;
      i++;
    }
    if (kind === 'word') {
      let end = text.length;
      while (end > 0 && text[end - 1] === '*') end--;
      if (end < text.length) kind = 'prefix';
      text = text.slice(0, end);
    } else if (stars > 0) {
      kind = 'prefix';
    }
    if (kind === 'word' && text === 'OR' && !negated && field === null) {
      tokens.push({ term: { text, kind, field, negated }, or: true, at });
      continue;
    }
    // `-`, `*`, `++` or `title:` alone: no letter or digit, nothing to find.
    if (!LETTER.test(text)) continue;
    tokens.push({ term: { text, kind, field, negated }, or: false, at });
  }
  return tokens;
}

/**
 * A term as FTS5 reads it: always a quoted string (`"` doubled inside,
 * NUL made a space), which FTS5 cuts into tokens itself, so nothing in it
 * is FTS5 syntax; a prefix adds ` *` after the quotes.
 */
export function ftsString(term: Pick<Term, 'text' | 'kind'>): string {
  // FTS5 reads its query as a C string: a NUL would end it inside the quotes.
  return `"${term.text.replaceAll('\0', ' ').replaceAll('"', '""')}"${term.kind === 'prefix' ? ' *' : ''}`;
}

/** The query as one line, the way a person would type it again: for messages. */
export function showQuery(query: Query): string {
  const show = (term: Term) =>
    `${term.negated ? '-' : ''}${term.field ? `${term.field}:` : ''}${term.kind === 'phrase' || /\s/.test(term.text) ? `"${term.text}"` : term.text}${term.kind === 'prefix' ? '*' : ''}`;
  return query.map((group) => group.map(show).join(' OR ')).join(' ');
}
