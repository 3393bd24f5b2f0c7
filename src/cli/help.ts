/** How --help is laid out for the width of the terminal: descriptions below their terms when narrow, examples side by side when they fit. */
import type { Environment } from '../options.js';

/** How help is laid out: its width, and kiosk's wrapping once help is to be printed (it is loaded only then). */
export interface HelpLayout {
  width: number;
  wrap: ((text: string, width: number) => string[]) | null;
}

export function helpWidth(environment: Environment): number {
  return environment.stdoutIsTTY && environment.columns && environment.columns > 0 ? environment.columns : 80;
}

/** Text wrapped under `indent`; a word too long for the indent loses it, to stay within the width if it can. */
export function wrapped({ width, wrap }: HelpLayout, text: string, indent = ''): string[] {
  if (!wrap || width <= indent.length) return [indent + text];
  return wrap(text, width - indent.length).map((line) => (indent.length + line.length <= width ? indent + line : line));
}

/** Past this, a description beside its term is too narrow to read: it goes below. */
export const MIN_DESCRIPTION = 20;

type ExampleLine = { note: string } | { command: string; what: string; at: number };

/**
 * A block of examples, each `  command  what it does`, laid out for the
 * width: side by side when both fit, else the command, then what it does
 * below it. Lines that do not start with two spaces are notes, wrapped.
 */
export function examplesFor(lines: string, layout: HelpLayout): () => string {
  return () => {
    const { width } = layout;
    const items = lines.split('\n').map((line): ExampleLine => {
      if (!line.startsWith('  ')) return { note: line };
      const body = line.slice(2);
      const gap = body.indexOf('  ');
      if (gap === -1) return { command: body, what: '', at: 0 };
      const what = body.slice(gap).trimStart();
      return { command: body.slice(0, gap), what, at: line.length - what.length };
    });
    // The column the descriptions were written at, as most of them are.
    const column = Math.min(...items.map((item) => ('at' in item && item.at > 0 ? item.at : Infinity)));
    const beside = width - column >= MIN_DESCRIPTION;
    const out = ['', 'Examples:'];
    for (const item of items) {
      if ('note' in item) {
        out.push(...(item.note === '' ? [''] : wrapped(layout, item.note)));
        continue;
      }
      const { command, what } = item;
      if (beside && what !== '' && 2 + command.length + 2 <= column) {
        const [first = '', ...rest] = wrapped(layout, what, ' '.repeat(column));
        out.push(`  ${command.padEnd(column - 2)}${first.trimStart()}`, ...rest);
      } else if (beside && what !== '' && 2 + command.length + 2 + what.length <= width) {
        // A long command keeps its description on its line when both fit.
        out.push(`  ${command}  ${what}`);
      } else {
        // A command that takes two lines goes on further in than it starts.
        const [first = '', ...rest] = wrapped(layout, command, '    ');
        out.push(`  ${first.trimStart()}`, ...rest);
        if (what !== '') out.push(...wrapped(layout, what, '      '));
      }
    }
    return out.join('\n');
  };
}

/** Any help line still wider than the terminal (the usage line, say), wrapped under its own indent. */
export function fitHelp(text: string, layout: HelpLayout): string {
  const { width } = layout;
  if (!layout.wrap) return text;
  const fit = (line: string): string[] => {
    if (line.length <= width) return [line];
    const indent = line.length - line.trimStart().length;
    const [first, ...rest] = wrapped(layout, line.trimStart(), ' '.repeat(indent + 2));
    return [' '.repeat(indent) + first!.trimStart(), ...rest];
  };
  return text.split('\n').flatMap(fit).join('\n');
}
