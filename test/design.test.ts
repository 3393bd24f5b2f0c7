import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import chalk from 'chalk';
import { Marked } from 'marked';
import { markedTerminal } from 'marked-terminal';
import stringWidth from 'string-width';
import { afterAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../src/render/markdown.js';
import { createTheme } from '../src/render/theme.js';
import { BIN, ROOT, cleanEnv, emptyDir, library } from './helpers.js';
import { lostAndLeaked, referenceText, tagFilter } from './reference.js';

/**
 * What the README's "Design choices" says of marked-terminal, the renderer
 * the design card named, measured with kiosk's own CommonMark test: the
 * README's figures are read from it, so they stay true.
 */

interface Example {
  markdown: string;
  html: string;
  number: number;
}
const require = createRequire(import.meta.url);
const examples = (require('commonmark-spec') as { tests: Example[] }).tests.map((example) => ({
  ...example,
  markdown: example.markdown.replaceAll('→', '\t'),
  html: example.html.replaceAll('→', '\t'),
}));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const figure = (pattern: RegExp): number => Number(pattern.exec(README.replace(/\s+/g, ' '))?.[1] ?? NaN);

const level = chalk.level;
afterAll(() => {
  chalk.level = level;
});

/** marked-terminal's output, in colour (chalk level 1) or not. */
function markedTerminalOf(markdown: string, options: { width?: number; reflowText?: boolean; showSectionPrefix?: boolean } = {}, colour = false): string {
  chalk.level = colour ? 1 : 0;
  return new Marked(markedTerminal({ width: 80, ...options })).parse(markdown) as string;
}

const kioskOf = (markdown: string, width = 80, colour = false): string =>
  renderMarkdown(markdown, { width, theme: createTheme(colour ? 1 : 0), hyperlinks: false }).text;

/** The examples whose text a renderer loses, or whose markup it leaks. */
function failing(render: (markdown: string) => string): { failed: number; lost: number } {
  let failed = 0;
  let lost = 0;
  for (const example of examples) {
    const problems = lostAndLeaked(render(example.markdown), referenceText(tagFilter(example.html)));
    if (problems.length > 0) failed++;
    if (problems.some((problem) => problem.startsWith('missing'))) lost++;
  }
  return { failed, lost };
}

describe('the README’s design choices, measured', () => {
  it('gives how many of the CommonMark examples marked-terminal and kiosk fail', () => {
    expect(examples).toHaveLength(figure(/of the (\d+) examples of CommonMark/));
    const defaults = failing((markdown) => markedTerminalOf(markdown));
    expect(defaults.failed).toBe(figure(/marked-terminal 7 fails (\d+)/));
    expect(defaults.lost).toBe(figure(/(\d+) of them lose text/));
    expect(failing((markdown) => markedTerminalOf(markdown, { showSectionPrefix: false })).failed).toBe(figure(/without its # marks before headings, (\d+)/));
    expect(failing((markdown) => kioskOf(markdown)).failed).toBe(0);
  });

  it('shows marked-terminal ending a quotation’s style before its text, where kiosk keeps it', () => {
    const theirs = markedTerminalOf('> a quotation, **bold** and not\n', {}, true);
    // Its quote style (grey, italic) is opened, then SGR 0 resets everything before the words.
    expect(theirs).toMatch(/^\x1b\[90m\x1b\[3m {4}\x1b\[0ma quotation/);
    const ours = kioskOf('> a quotation, **bold** and not\n', 80, true);
    // kiosk's quotation is italic (SGR 3) from its first word to its last, the bold inside it too.
    expect(ours).toMatch(/\x1b\[3ma quotation, \x1b\[1mbold\x1b\[22m and not\x1b\[23m/);
  });

  it('shows marked-terminal measuring width in UTF-16 units, where kiosk measures columns', () => {
    const cjk = `${'中文'.repeat(20)}\n`;
    const widest = (text: string) => Math.max(...text.split('\n').map((line) => stringWidth(line)));
    expect(widest(markedTerminalOf(cjk, { width: 20, reflowText: true }))).toBe(40);
    expect(widest(kioskOf(cjk, 20))).toBeLessThanOrEqual(20);
  });
});

describe('no network', () => {
  it('is used by any command, whatever an article or a page links to', async () => {
    // A server that counts who comes, and a preload that notes every socket, lookup and fetch kiosk would start.
    let visits = 0;
    const server = createServer((socket) => {
      visits++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const url = `http://127.0.0.1:${port}`;
    const log = join(emptyDir(), 'network.log');
    const preload = join(emptyDir(), 'watch.mjs');
    writeFileSync(
      preload,
      `import net from 'node:net';
import dns from 'node:dns';
import { appendFileSync } from 'node:fs';
const note = (what) => appendFileSync(${JSON.stringify(log)}, what + '\\n');
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) { note('connect'); return connect.apply(this, args); };
const lookup = dns.lookup;
dns.lookup = function (...args) { note('lookup'); return lookup.apply(this, args); };
globalThis.fetch = async () => { note('fetch'); throw new Error('no network'); };
`,
    );
    const root = library({ 'a/one.md': `---\ntitle: One\n---\n![remote](${url}/image.png) [a link](${url}/page) <img src="${url}/raw.png">\n` });
    const page = join(emptyDir(), 'page.html');
    writeFileSync(
      page,
      `<html><head><title>Page</title><link rel="stylesheet" href="${url}/style.css"><script src="${url}/script.js"></script></head>` +
        `<body><article><h1>Page</h1><p>Text with <img src="${url}/photo.jpg"> an image, <a href="${url}/next">a link</a>.</p>` +
        `<iframe src="${url}/frame"></iframe><video src="${url}/video.mp4"></video></article></body></html>`,
    );
    const run = (args: string[]) => promisify(execFile)(process.execPath, ['--import', preload, BIN, ...args], { env: cleanEnv({ FORCE_COLOR: '1', FORCE_HYPERLINK: '1' }) });
    for (const args of [['list'], ['read', 'one'], ['search', 'link'], ['read', 'one', '--format', 'json'], ['import', page, '--section', 'b']]) {
      await run([...args, '--dir', root]);
    }
    // Past every command's end, whatever was queued has arrived.
    await new Promise((resolve) => setTimeout(resolve, 100));
    server.close();
    expect(visits).toBe(0);
    expect(() => readFileSync(log, 'utf8')).toThrow(/ENOENT/);
    // The watch works: a fetch from the same preload is noted.
    await promisify(execFile)(process.execPath, ['--import', preload, '-e', 'fetch("http://x").catch(() => {})']);
    expect(readFileSync(log, 'utf8')).toBe('fetch\n');
  });
});
