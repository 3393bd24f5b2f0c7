import { nameKey } from '../library/find/catalog.js';
import type { Article, Format, Heading } from '../types.js';
import { toJson } from './json.js';
import { sanitizeLine } from './sanitize.js';
import type { Theme } from './theme.js';
import { displayWidth } from './width.js';
import { wrap } from './wrap.js';

/**
 * The numbered outline, each heading with the `#slug` that reads it alone. A
 * first heading that repeats the title is the title, not a part. A heading
 * wraps under its own text; its `#anchor` follows it on its last line, or
 * takes a line of its own, and is never broken. Width 0: no wrapping.
 */
export function toc(outline: readonly Heading[], article: Article, format: Format, theme: Theme, width: number): string {
  let headings = outline;
  if (headings[0] && nameKey(headings[0].text) === nameKey(article.title)) headings = headings.slice(1);
  if (format === 'json') return toJson(headings);
  if (headings.length === 0) return '';
  const top = Math.min(...headings.map((h) => h.level));
  const counters: number[] = [];
  return headings
    .map((heading) => {
      const depth = heading.level - top;
      counters.length = depth + 1;
      for (let i = 0; i < depth; i++) counters[i] ??= 1;
      counters[depth] = (counters[depth] ?? 0) + 1;
      const number = `${counters.join('.')}.`;
      const indent = '  '.repeat(depth);
      const hang = ' '.repeat(indent.length + number.length + 1);
      const lines = wrap(sanitizeLine(heading.text), width > 0 ? Math.max(width - hang.length, 1) : 0).map(
        (line, at) => `${at === 0 ? `${indent}${theme.marker(number)} ` : hang}${line}`,
      );
      const anchor = `#${heading.slug}`;
      const last = lines.length - 1;
      if (width <= 0 || displayWidth(lines[last]!) + 2 + displayWidth(anchor) <= width) lines[last] += `  ${theme.address(anchor)}`;
      else lines.push(`${hang}${theme.address(anchor)}`);
      return `${lines.join('\n')}\n`;
    })
    .join('');
}
