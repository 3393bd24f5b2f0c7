/** A Markdown table as a grid that fits the width, or as blocks where no grid fits. */
import type { Tokens } from 'marked';
import { unbreakableWidth, wrap } from './wrap.js';
import { displayWidth, maxOf } from './width.js';
import type { Context } from './blocks.js';
import { inlineRun } from './inline.js';

export function table(token: Tokens.Table, width: number, context: Context): string[] {
  const { theme } = context;
  const box = theme.color;
  const header = token.header.map((cell) => theme.strong(inlineRun(cell.tokens, context)));
  const rows = token.rows.map((row) => row.map((cell) => inlineRun(cell.tokens, context)));
  const columns = header.length;
  const all = [header, ...rows];
  const natural = Array.from({ length: columns }, (_, col) =>
    maxOf(all.map((row) => maxOf((row[col] ?? '').split('\n').map(displayWidth))), 1),
  );
  const gap = box ? 3 : 2;
  const overhead = box ? gap * (columns - 1) + 4 : gap * (columns - 1);
  const minimum = Array.from({ length: columns }, (_, col) =>
    maxOf(all.map((row) => maxOf((row[col] ?? '').split(/\s+/).map(unbreakableWidth))), 1),
  );
  const available = width - overhead;
  // Not even each column's longest word fits: a grid would break words, so each row becomes a block.
  if (width > 0 && minimum.reduce((sum, w) => sum + w, 0) > available) return tableAsBlocks(header, rows, width, context);
  const widths = width > 0 ? fitColumns(natural, minimum, available) : natural;
  const align = token.align;

  const renderRow = (cells: string[]): string[] => {
    const wrapped = widths.map((w, col) => wrap(cells[col] ?? '', w, { hard: true }));
    const height = maxOf(wrapped.map((lines) => lines.length));
    const lines: string[] = [];
    for (let i = 0; i < height; i++) {
      const parts = widths.map((w, col) => pad(wrapped[col]![i] ?? '', w, align[col] ?? null));
      lines.push(box ? `${theme.rule('│')} ${parts.join(` ${theme.rule('│')} `)} ${theme.rule('│')}` : parts.join(' '.repeat(gap)).trimEnd());
    }
    return lines;
  };
  const rule = (left: string, middle: string, right: string): string =>
    theme.rule(left + widths.map((w) => '─'.repeat(w + 2)).join(middle) + right);

  if (box) {
    return [rule('┌', '┬', '┐'), ...renderRow(header), rule('├', '┼', '┤'), ...rows.flatMap(renderRow), rule('└', '┴', '┘')];
  }
  return [...renderRow(header), widths.map((w) => '-'.repeat(w)).join(' '.repeat(gap)), ...rows.flatMap(renderRow)];
}

/**
 * Fits columns into the available width, which holds every column's longest
 * word: the widest column gives up a column at a time, never below its
 * longest word, so the room goes where the content is.
 */
function fitColumns(natural: number[], minimum: number[], available: number): number[] {
  const widths = [...natural];
  let total = widths.reduce((sum, w) => sum + w, 0);
  while (total > available) {
    let widest = -1;
    widths.forEach((w, col) => {
      if (w > minimum[col]! && (widest === -1 || w > widths[widest]!)) widest = col;
    });
    if (widest === -1) break;
    widths[widest]!--;
    total--;
  }
  return widths;
}

/**
 * A table too narrow for a grid: each row a block of `header: value` lines,
 * rows apart by a blank line, a value's wrapped lines indented under it.
 * An empty cell keeps its header, which says so.
 */
function tableAsBlocks(header: string[], rows: string[][], width: number, context: Context): string[] {
  const out: string[] = [];
  for (const row of rows) {
    if (out.length > 0) out.push('');
    header.forEach((name, col) => {
      const value = row[col] ?? '';
      const lines = wrap(`${name}${context.theme.rule(':')}${value.trim() === '' ? '' : ` ${value}`}`, width > 4 ? width - 2 : width);
      lines.forEach((line, at) => out.push(at === 0 || width <= 4 ? line : `  ${line}`));
    });
  }
  return out;
}

function pad(text: string, width: number, align: 'left' | 'right' | 'center' | null): string {
  const space = Math.max(0, width - displayWidth(text));
  if (align === 'right') return ' '.repeat(space) + text;
  if (align === 'center') return ' '.repeat(Math.floor(space / 2)) + text + ' '.repeat(space - Math.floor(space / 2));
  return text + ' '.repeat(space);
}
