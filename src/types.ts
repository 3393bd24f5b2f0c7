/** The records that flow through kiosk: disk → Article → catalog → rendered text. */

export interface Article {
  /** Absolute path of the file, or `-` for standard input. */
  path: string;
  /** Path relative to the library root, with `/` separators. */
  relPath: string;
  slug: string;
  title: string;
  section: string;
  /** ISO date `YYYY-MM-DD`, or null when unknown. */
  date: string | null;
  author: string | null;
  tags: string[];
  summary: string | null;
  lang: string | null;
  draft: boolean;
  /** Front-matter fields kiosk does not know, kept as they were. */
  meta: Record<string, unknown>;
  /** The whole file as text, front matter included. */
  source: string;
  /** The Markdown after the front matter. */
  body: string;
  words: number;
  readingMinutes: number;
  /**
   * Only the head of a large file was read (for listing): `source` and `body`
   * are cut short and `words` is estimated from the head. Read the file whole
   * before rendering it.
   */
  partial: boolean;
}

export interface Heading {
  level: number;
  text: string;
  slug: string;
}

/** A problem with one file; the rest of the library is unaffected. */
export interface Warning {
  file: string;
  reason: string;
  /** About the file among others (a slug it shares), not about what it holds. */
  library?: boolean;
}

export type Format = 'ansi' | 'text' | 'markdown' | 'json';

export type ColorLevel = 0 | 1 | 2 | 3;
