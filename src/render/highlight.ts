import { Chalk } from 'chalk';
import type { ColorLevel } from '../types.js';
import type { Highlighter } from './markdown.js';

/**
 * Code highlighting with emphasize (highlight.js grammars through lowlight,
 * chalk 5 for the colours). Its import costs about 120 ms, so it is loaded
 * only when an article has a fenced code block and colour is on. An unknown
 * language gives null: the block is shown in the plain code style, silently.
 */
export async function loadHighlighter(level: ColorLevel): Promise<Highlighter> {
  const { common, createEmphasize } = await import('emphasize');
  const emphasize = createEmphasize(common);
  const c = new Chalk({ level });
  // hljs scopes → styles, in the two colours of theme.ts that read on every background, and attributes:
  // words of the language bold, names italic, strings red, other values and types magenta, comments dim.
  const sheet = {
    keyword: c.bold,
    built_in: c.magenta,
    type: c.magenta,
    literal: c.magenta,
    number: c.magenta,
    string: c.red,
    regexp: c.red,
    symbol: c.magenta,
    comment: c.dim,
    doctag: c.dim.bold,
    meta: c.dim,
    title: c.bold,
    'title.function': c.bold,
    'title.class': c.bold,
    attr: c.italic,
    attribute: c.italic,
    variable: c.italic,
    'template-variable': c.italic,
    params: (text: string) => text,
    section: c.bold.magenta,
    bullet: c.magenta,
    name: c.bold,
    'selector-tag': c.bold,
    'selector-class': c.magenta,
    'selector-id': c.magenta,
    addition: c.bold,
    deletion: c.red,
    emphasis: c.italic,
    strong: c.bold,
    link: c.underline,
  };
  const highlight = (code: string, lang: string): string => emphasize.highlight(lang, code, sheet).value;
  return (code, lang) => {
    if (!emphasize.registered(lang)) return null;
    try {
      return chunks(code)
        .map(({ text, plain }) => (plain ? text : highlight(text, lang)))
        .join('\n');
    } catch {
      return null;
    }
  };
}

/**
 * Some highlight.js grammars take time quadratic in a block's length on
 * some text (C on a run of bare words: 40 KB took 4 s), so a long block is
 * highlighted in pieces of at most CHUNK_LINES lines and CHUNK_CHARS
 * characters, cut at a blank line where one is near; a line longer than
 * LONG_LINE is left plain. A comment or string that spans a cut may be
 * coloured wrong after it; nothing of the text changes.
 */
const CHUNK_LINES = 200;
const CHUNK_CHARS = 8_192;
const LONG_LINE = 1_024;

function chunks(code: string): Array<{ text: string; plain: boolean }> {
  if (code.length <= LONG_LINE) return [{ text: code, plain: false }];
  const lines = code.split('\n');
  const out: Array<{ text: string; plain: boolean }> = [];
  let start = 0;
  while (start < lines.length) {
    if (lines[start]!.length > LONG_LINE) {
      out.push({ text: lines[start]!, plain: true });
      start++;
      continue;
    }
    let end = start;
    let size = 0;
    let blank = -1;
    while (end < lines.length && end - start < CHUNK_LINES && lines[end]!.length <= LONG_LINE && size + lines[end]!.length < CHUNK_CHARS) {
      size += lines[end]!.length + 1;
      if (lines[end]!.trim() === '' && end - start >= CHUNK_LINES / 2) blank = end;
      end++;
    }
    // Cut after a blank line in the piece's second half, when there is one and more follows.
    if (end < lines.length && blank !== -1) end = blank + 1;
    out.push({ text: lines.slice(start, end).join('\n'), plain: false });
    start = end;
  }
  return out;
}
