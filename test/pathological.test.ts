import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyDir, inProcess } from './helpers.js';
import { linearAsync } from './linear.js';

/**
 * Every command on pathological input, at size N and 10N: the time ratio
 * must stay near 10 (linear), asserted as a ratio, never as a time. Each
 * generator is a shape that made some command quadratic or crash: long runs
 * of spaces, brackets and emphasis marks, one-line files, deep nesting,
 * long words in scripts that need a grapheme segmenter. The commands run
 * in-process, as the binary would run them. The ratios are printed at the
 * end of the run.
 */

type Command = 'read' | 'read ansi' | 'toc' | 'list' | 'search' | 'import text' | 'import html';

const ARGS: Record<Command, (root: string, file: string) => string[]> = {
  read: (root) => ['read', 'x', '--dir', root, '--width', '80'],
  'read ansi': (root) => ['read', 'x', '--dir', root, '--format', 'ansi', '--width', '80'],
  toc: (root) => ['read', 'x', '--dir', root, '--toc'],
  list: (root) => ['list', '--dir', root, '--no-cache'],
  search: (root) => ['search', 'zephyr', '--dir', root],
  'import text': (root, file) => ['import', file, '--dir', root, '--dry-run', '--from', 'text', '--title', 'T'],
  'import html': (root, file) => ['import', file, '--dir', root, '--dry-run', '--from', 'html', '--title', 'T'],
};

const MARKDOWN: Command[] = ['read', 'toc', 'search', 'import text'];
// Styling takes its own paths through emphasis, quotations, links and wrapping.
const STYLED: Command[] = [...MARKDOWN, 'read ansi'];
const ALL: Command[] = [...MARKDOWN, 'list', 'import html'];

/** name, text of size about n, base n, the commands that read it. */
const GENERATORS: Array<[string, (n: number) => string, number, Command[]]> = [
  ['spaces in a paragraph', (n) => `zephyr${' '.repeat(n)}b\n`, 4_000, [...ALL, 'read ansi']],
  ['spaces around line breaks', (n) => `zephyr${'  \n'.repeat(n)}b\n`, 4_000, ALL],
  ['tabs', (n) => `zephyr${'\t'.repeat(n)}b\n`, 4_000, ALL],
  ['carriage returns', (n) => 'zephyr\r'.repeat(n), 2_000, ALL],
  ['a heading padded to backtrack', (n) => `# x${' '.repeat(n)}#x\n\nzephyr\n`, 4_000, ALL],
  ['a front-matter value padded to backtrack', (n) => `---\ntitle:${' '.repeat(n)}#x\nsection: a${' '.repeat(n)}b\n---\nzephyr\n`, 4_000, ALL],
  ['open brackets', (n) => `zephyr ${'['.repeat(n)}\n`, 4_000, ALL],
  ['links never closed', (n) => `zephyr ${'[a]('.repeat(n)}\n`, 4_000, [...ALL, 'read ansi']],
  ['angle brackets and tags never closed', (n) => `zephyr ${'<a b="'.repeat(n)}${'<!--'.repeat(n)}\n`, 4_000, ALL],
  ['nested emphasis', (n) => `${'*'.repeat(n)}zephyr${'*'.repeat(n)}\n`, 2_000, STYLED],
  ['underscores between letters', (n) => `zephyr ${'_a'.repeat(n)}\n`, 4_000, STYLED],
  // The title is taken from the first heading when the front matter gives none.
  ['a title heading of underscores between letters', (n) => `# ${'_a'.repeat(n)}\n\nzephyr\n`, 4_000, ALL],
  ['a setext title of underscores between letters', (n) => `${'_a'.repeat(n)}\n===\n\nzephyr\n`, 4_000, ALL],
  ['strong marks between letters', (n) => `zephyr ${'**a'.repeat(n)}\n`, 4_000, STYLED],
  ['tildes between letters', (n) => `zephyr ${'~a'.repeat(n)}\n`, 4_000, MARKDOWN],
  ['backticks', (n) => `zephyr ${'`a'.repeat(n)}\n`, 4_000, MARKDOWN],
  ['footnote markers never closed', (n) => `zephyr ${'[^a'.repeat(n)}\n`, 4_000, MARKDOWN],
  ['footnote references', (n) => `zephyr ${'[^1]'.repeat(n)}\n\n[^1]: a note\n`, 2_000, STYLED],
  ['image tags of many attributes', (n) => `zephyr <img ${'alt=a src=b '.repeat(n)}>\n`, 2_000, [...MARKDOWN, 'read ansi']],
  ['image tags of quotes never closed', (n) => `zephyr <img ${'alt="a src=\'b '.repeat(n)}>\n`, 2_000, [...MARKDOWN, 'read ansi']],
  ['an image attribute padded with spaces', (n) => `zephyr <img alt${' '.repeat(n)}x>\n`, 4_000, MARKDOWN],
  ['disallowed tags', (n) => `zephyr ${'<script>'.repeat(n)}\n`, 4_000, MARKDOWN],
  ['entities never closed', (n) => `zephyr ${'&#'.repeat(n)}\n`, 4_000, ALL],
  ['table pipes', (n) => `zephyr\n\n${'|a'.repeat(n)}|\n${'|-'.repeat(n)}|\n${'|x'.repeat(n)}|\n`, 1_000, MARKDOWN],
  ['quotation marks never closed', (n) => `zephyr ${'« a “b '.repeat(n)}\n`, 4_000, STYLED],
  ['a one-line file of one word', (n) => `${'zephyr '.repeat(n)}\n`, 4_000, ALL],
  ['a word of control pictures', (n) => `zephyr ${'a\u240d'.repeat(n)}\n`, 4_000, ALL],
  ['an accented word', (n) => `zephyr ${'é'.repeat(n)}\n`, 4_000, ALL],
  ['a run of CJK', (n) => `zephyr ${'東京'.repeat(n)}\n`, 4_000, [...ALL, 'read ansi']],
  ['emoji', (n) => `zephyr ${'👍🏽'.repeat(n)}\n`, 2_000, ALL],
  ['marks stacked on a letter', (n) => `zephyr a${'\u0301'.repeat(n)}\n`, 4_000, ALL],
  ['a quote of lazy lines', (n) => `zephyr\n\n${'> a\nb\n'.repeat(n)}`, 2_000, MARKDOWN],
  ['a list item of many lines', (n) => `zephyr\n\n- a\n${'  b\n'.repeat(n)}`, 2_000, MARKDOWN],
  ['a list item of lazy lines', (n) => `zephyr\n\n- a\n${'b\n'.repeat(n)}`, 2_000, MARKDOWN],
  ['a list item in a quote', (n) => `zephyr\n\n> - a\n${'>   b\n'.repeat(n)}`, 2_000, MARKDOWN],
  ['quotes nested deep', (n) => `zephyr\n\n${'> '.repeat(n)}a\n`, 1_000, MARKDOWN],
  ['lists nested deep', (n) => `zephyr\n\n${Array.from({ length: n }, (_, i) => `${'  '.repeat(i % 300)}- a`).join('\n')}\n`, 500, MARKDOWN],
  ['blank lines', (n) => `zephyr\n${'\n'.repeat(n)}b\n`, 4_000, ALL],
  // Highlighting: some grammars of highlight.js are quadratic on such code.
  ['a C code block of bare words', (n) => `zephyr\n\n\`\`\`c\n${'a '.repeat(n)}\n\`\`\`\n`, 2_000, ['read ansi']],
  ['a C code block of short lines', (n) => `zephyr\n\n\`\`\`c\n${'a\n'.repeat(n)}\`\`\`\n`, 2_000, ['read ansi']],
  ['an INI code block of dots', (n) => `zephyr\n\n\`\`\`ini\n${'.a'.repeat(n)}\n\`\`\`\n`, 2_000, ['read ansi']],
  ['lines of spaces', (n) => `zephyr\n${`${' '.repeat(100)}\n`.repeat(n)}b\n`, 1_000, ALL],
  ['nested divs', (n) => `<p>zephyr</p>${'<div>'.repeat(n)}a${'</div>'.repeat(n)}\n`, 1_000, ['read', 'import html']],
  ['unclosed bold', (n) => `<p>zephyr</p>${'<b>'.repeat(n)}a\n`, 2_000, ['read', 'import html']],
  ['nested lists in HTML', (n) => `<p>zephyr</p>${'<ul><li>'.repeat(n)}a\n`, 100, ['import html']],
  ['a table of many rows in HTML', (n) => `<p>zephyr</p><table>${'<tr><td>a</td><td colspan="2">b | c</td></tr>'.repeat(n)}</table>\n`, 500, ['import html']],
  ['a raw HTML table of many cells', (n) => `zephyr\n\n<table>${'<tr><td>a<td>b &amp; c'.repeat(n)}</table>\n`, 1_000, [...MARKDOWN, 'read ansi']],
  ['footnotes of lazy lines', (n) => `zephyr[^a]\n\n${'[^a]: x\ny\n'.repeat(n)}`, 2_000, [...MARKDOWN, 'read ansi']],
  ['a footnote of many lazy lines', (n) => `zephyr[^a]\n\n[^a]: x\n${'y\n'.repeat(n)}`, 4_000, [...MARKDOWN, 'read ansi']],
  ['a block of HTML of many breaks and blocks', (n) => `zephyr\n\n<div>${'<p>a\n<br> <div>b</div>'.repeat(n)}</div>\n`, 2_000, [...MARKDOWN, 'read ansi']],
  ['raw HTML table tags never closed', (n) => `zephyr\n\n<table>${'<td x="'.repeat(n)}\n`, 2_000, MARKDOWN],
  ['nested tables in HTML', (n) => `<p>zephyr</p>${'<table><tr><td>'.repeat(n)}a\n`, 50, ['import html']],
];

const ratios: string[] = [];
afterAll(() => {
  if (ratios.length > 0) console.log(`time at 10N over time at N, per generator and command:\n${ratios.join('\n')}`);
});

describe.each(GENERATORS)('%s', (name, make, base, commands) => {
  it.each(commands)('%s runs in linear time', async (command) => {
    const prepare = (n: number) => {
      const dir = emptyDir();
      const root = join(dir, 'lib');
      mkdirSync(root);
      const text = make(n);
      writeFileSync(join(root, 'x.md'), text);
      const file = join(dir, command === 'import html' ? 'page.html' : 'page.txt');
      writeFileSync(file, command === 'import html' && !text.startsWith('<') ? `<p>${text}</p>` : text);
      return async () => {
        const result = await inProcess(ARGS[command](root, file), { cwd: dir, env: { XDG_CACHE_HOME: join(dir, 'cache') } });
        // Whatever it holds, one line a problem and never a stack trace.
        expect(result.stderr).not.toMatch(/unexpected error|\n\s+at /);
        for (const line of result.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^kiosk: /);
      };
    };
    const { n, ratio } = await linearAsync(prepare, base);
    ratios.push(`${ratio.toFixed(1).padStart(5)}×  ${command.padEnd(11)}  ${name} (N = ${n})`);
  }, 120_000);
});

describe('limits give one clear line, not a stack trace', () => {
  const read = (markdown: string, ...args: string[]) => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'x.md'), markdown);
    return inProcess(['read', 'x', '--dir', dir, ...args]);
  };

  it('a flat paragraph of 300,000 lines once wrapped (push(...lines) overflowed the stack)', async () => {
    const { stdout, stderr, status } = await read(`${'w '.repeat(300_000)}\n`, '--width', '1');
    expect(status).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.split('\n').filter((line) => line === 'w')).toHaveLength(300_000);
  });

  it('a front matter longer than what a listing reads: listed with a true warning, read without one', async () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'x.md'), `---\ntitle: Long${' '.repeat(100_000)}\nsection: Monde\n---\nText.\n`);
    const listed = await inProcess(['list', '--dir', dir]);
    expect(listed.stderr).toMatch(/^kiosk: warning: .*x\.md: front matter longer than the first 64 KiB, which is all a listing reads; its fields are not listed\n$/);
    const read = await inProcess(['read', 'x', '--dir', dir]);
    expect(read.stderr).toBe('');
    expect(read.stdout).toMatch(/^Long\nMonde · 1 min\n/);
  });

  it.each(['600000000', '99999999999999999999'])('--width %s is refused, exit 2', async (width) => {
    const { stdout, stderr, status } = await read('# T\n\n---\n\ntext\n', '--width', width);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`kiosk: --width takes a whole number of columns, from 0 (no wrapping) to 10000; not "${width}"\n`);
  });

  it('HTML nested 20,000 deep imports with one warning (Readability overflowed the stack)', async () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'deep.html'), `<p>${'Text of a page. '.repeat(20)}</p>${'<div>'.repeat(20_000)}deep words${'</div>'.repeat(20_000)}`);
    const { stdout, stderr, status } = await inProcess(['import', 'deep.html', '--dry-run', '--title', 'Deep'], { cwd: dir });
    expect(status).toBe(0);
    expect(stderr).toBe('kiosk: warning: deep.html: elements nested more than 64 deep; the deeper tags were dropped and their text kept\n');
    expect(stdout).toContain('deep words');
  });
});
