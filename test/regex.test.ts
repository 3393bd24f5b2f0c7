import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkSync } from 'recheck';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ACCENT_BLOCKS } from '../src/library/fold.js';
import { bytePattern, termPattern, wordPattern } from '../src/library/find/patterns.js';
import { ONE_COLUMN_CLASS } from '../src/render/width.js';
import { NARROW } from '../src/render/wrap.js';
import { ROOT } from './helpers.js';

/**
 * Every regular expression in src/ sees content from untrusted files, or
 * could one day: each is checked with recheck (a ReDoS checker that finds
 * both backtracking blow-ups and patterns retried from every position) and
 * must be linear. Patterns built at run time are listed here with the
 * instances to check; a new one fails this test until it is added.
 */

interface Found {
  where: string;
  source: string;
  flags: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

function collect(): { literals: Found[]; dynamic: string[] } {
  const literals: Found[] = [];
  const dynamic: string[] = [];
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const tree = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const name = relative(ROOT, file);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText();
        const end = text.lastIndexOf('/');
        literals.push({ where: `${name}:${tree.getLineAndCharacterOfPosition(node.getStart()).line + 1}`, source: text.slice(1, end), flags: text.slice(end + 1) });
      } else if (ts.isNewExpression(node) && node.expression.getText() === 'RegExp') {
        dynamic.push(`${name}: ${node.getText().replace(/\s+/g, ' ')}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(tree);
  }
  return { literals, dynamic };
}

const { literals, dynamic } = collect();

/** Each pattern built at run time, by where it is built, with instances of what it builds. */
const BUILT: Record<string, () => RegExp[]> = {
  'src/library/fold.ts: new RegExp(`[${ACCENT_BLOCKS.map(': () => [
    new RegExp(`[${ACCENT_BLOCKS.map(([from, to]) => `\\u{${from.toString(16)}}-\\u{${to.toString(16)}}`).join('')}]`, 'u'),
  ],
  'src/library/find/patterns.ts: new RegExp(patternSource(word, charClass,': () => [wordPattern('électorale'), wordPattern('strasse'), wordPattern('Αθήνα'), wordPattern('e-mail')],
  'src/library/find/patterns.ts: new RegExp(patternSource(word, byteAlternatives,': () => [bytePattern('strasse'), bytePattern('e\u0301')],
  "src/library/find/patterns.ts: new RegExp(term.kind === 'prefix'": () => [
    termPattern({ text: 'campagne électorale', kind: 'phrase' }),
    termPattern({ text: 'pirat', kind: 'prefix' }),
    termPattern({ text: 'le  straße', kind: 'prefix' }),
  ],
  'src/render/width.ts: new RegExp(`^[\\\\x20-\\\\x7e${ONE_COLUMN_CLASS}]*$`)': () => [new RegExp(`^[\\x20-\\x7e${ONE_COLUMN_CLASS}]*$`)],
  'src/render/wrap.ts: new RegExp(`^[\\\\x20-\\\\x7e${ONE_COLUMN_CLASS}]*$`)': () => [new RegExp(`^[\\x20-\\x7e${ONE_COLUMN_CLASS}]*$`)],
  'src/render/wrap.ts: new RegExp(`[${ONE_COLUMN_CLASS}\\\\uffff]`': () => [NARROW],
  "src/import/nesting.ts: new RegExp(`</${name}`, 'gi')": () => [/<\/script/gi, /<\/textarea/gi],
  'src/render/sanitize.ts: new RegExp(UNSAFE_IN_LINE.source)': () => [/[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/],
  'src/render/wrap.ts: new RegExp(` (?=${SGR}[»”?!:;)](?![\\\\p{L}\\\\p{N}_]))`': () => [/ (?=(?:\x1b\[[0-9;]*m)*[»”?!:;)](?![\p{L}\p{N}_]))/gu],
  'src/render/wrap.ts: new RegExp(`([«“]${SGR}) `': () => [/([«“](?:\x1b\[[0-9;]*m)*) /g],
};

function verdict(pattern: { source: string; flags: string }): string {
  const result = checkSync(pattern.source, pattern.flags, { timeout: 30_000 });
  return result.status === 'vulnerable' ? `vulnerable: ${result.complexity.summary}, e.g. ${result.attack.pattern}` : result.status;
}

describe('regular expressions in src/', () => {
  it('finds the literals', () => {
    expect(literals.length).toBeGreaterThan(100);
  });

  it('are all linear (literals)', () => {
    const unsafe = literals.map((found) => [found.where, `/${found.source}/${found.flags}`, verdict(found)]).filter(([, , status]) => status !== 'safe');
    expect(unsafe).toEqual([]);
  }, 300_000);

  it('built at run time are all known', () => {
    const unknown = dynamic.filter((site) => !Object.keys(BUILT).some((known) => site.startsWith(known)));
    expect(unknown, 'add each new pattern built at run time to BUILT, with instances to check').toEqual([]);
  });

  it('built at run time are all linear', () => {
    const unsafe = Object.entries(BUILT).flatMap(([site, build]) =>
      build()
        .map((pattern) => [site, verdict(pattern)])
        .filter(([, status]) => status !== 'safe'),
    );
    expect(unsafe).toEqual([]);
  }, 300_000);
});
