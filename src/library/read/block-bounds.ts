/** The shapes of blocks that cost marked more than linear time, found ahead in one pass (see lexer.ts). */

/** A setext heading's text is looked for over at most this many lines. */
const SETEXT_WINDOW = 32;
/** A quote may alternate between marked and lazy lines this many times before its lines are all marked. */
const MAX_LAZY_RUNS = 32;

const UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
const BLANK = /^[ \t]*$/;

/** Whether a setext underline follows within SETEXT_WINDOW lines, before a blank line. */
export function underlineNear(src: string): boolean {
  let start = src.indexOf('\n') + 1;
  for (let line = 0; start > 0 && line < SETEXT_WINDOW; line++) {
    const end = src.indexOf('\n', start);
    const text = src.slice(start, end === -1 ? src.length : end);
    if (UNDERLINE.test(text)) return true;
    if (BLANK.test(text)) return false;
    start = end + 1;
  }
  return false;
}

const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const INDENTED = /^[ \t]/;

/**
 * What marked copies taking the lazy lines of list items (unindented lines
 * that continue an item's paragraph): each one copies the item's text so
 * far. Counted generously (any unindented line after an item and before a
 * blank line), in one pass.
 */
export function lazyListCost(text: string): number {
  if (!/^ {0,3}(?:[-*+]|\d{1,9}[.)])/m.test(text)) return 0;
  let cost = 0;
  let item = -1;
  for (const line of text.split('\n')) {
    if (BLANK.test(line)) item = -1;
    else if (LIST_ITEM.test(line)) item = line.length;
    else if (item !== -1) {
      item += line.length + 1;
      if (!INDENTED.test(line)) cost += item;
    }
  }
  return cost;
}

const QUOTED = /^ {0,3}>/;

/**
 * Quotes whose marked and lazy lines alternate more than MAX_LAZY_RUNS
 * times, with every line marked: `> a` / `b` becomes `> a` / `> b`. Lazy
 * lines continue the quote's paragraph, so the text and its order stay.
 */
export function markLazyQuotes(text: string): string {
  if (!text.includes('>')) return text;
  const lines = text.split('\n');
  // Each quote: its first line, its last, and how often it went from a lazy line back to a marked one.
  const rewrite: Array<[number, number]> = [];
  let start = -1;
  let runs = 0;
  let lazy = false;
  const close = (end: number): void => {
    if (start !== -1 && runs > MAX_LAZY_RUNS) rewrite.push([start, end]);
    start = -1;
  };
  lines.forEach((line, index) => {
    if (QUOTED.test(line)) {
      if (start === -1) {
        start = index;
        runs = 0;
      } else if (lazy) runs++;
      lazy = false;
    } else if (BLANK.test(line)) {
      close(index - 1);
    } else if (start !== -1) {
      lazy = true;
    }
  });
  close(lines.length - 1);
  if (rewrite.length === 0) return text;
  for (const [from, to] of rewrite) {
    for (let index = from; index <= to; index++) if (!QUOTED.test(lines[index]!)) lines[index] = `> ${lines[index]}`;
  }
  return lines.join('\n');
}
