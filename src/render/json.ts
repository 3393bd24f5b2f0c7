import type { Article, Heading } from '../types.js';
import { escapeJson } from './sanitize.js';

/** The record of an article as `list --json` gives it: the Article without its text. */
export type ArticleRecord = Pick<
  Article,
  'slug' | 'title' | 'section' | 'date' | 'author' | 'tags' | 'summary' | 'lang' | 'path' | 'words' | 'readingMinutes' | 'draft' | 'meta'
>;

export interface FullRecord extends ArticleRecord {
  headings: Heading[];
  /** GFM footnotes in order of first reference, their text as `text` shows it. */
  footnotes: Array<{ number: number; label: string; text: string }>;
  markdown: string;
  text: string;
}

export function articleRecord(article: Article): ArticleRecord {
  return {
    slug: article.slug,
    title: article.title,
    section: article.section,
    date: article.date,
    author: article.author,
    tags: article.tags,
    summary: article.summary,
    lang: article.lang,
    path: article.path,
    words: article.words,
    readingMinutes: article.readingMinutes,
    draft: article.draft,
    meta: article.meta,
  };
}

/** JSON for a terminal or a pipe: indented, with nothing a terminal would act on. */
export function toJson(value: unknown): string {
  return escapeJson(JSON.stringify(value, jsonSafe, 2)) + '\n';
}

// Front matter may hold dates and big numbers; keep them as plain JSON values.
function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  return value;
}
