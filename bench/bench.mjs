#!/usr/bin/env node
// npm run bench [-- --sizes 1000,10000,100000] [--runs N]
//
// Generates deterministic libraries (about 8 KB an article, eight sections,
// French text with accents) in the temporary folder, then times kiosk with
// hyperfine, one run per size, side by side with `node -e 0` (the floor of
// any Node CLI) and the nearest native tools: `rg` for listing and searching,
// `lowdown -Tterm` for rendering. Peak memory comes from /usr/bin/time -v.
// Prints one table and writes it to BENCHMARKS.md. Nothing here is asserted.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, tmpdir, totalmem } from 'node:os';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureLibrary } from './library.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'kiosk.js');
const SEED = join(ROOT, 'articles', 'monde', 'trump-menace-l-iran-apres-le-piratage-de-sa-campagne-electorale.md');
const WORD = 'piratage';
const RARE = 'zephyr';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : args[at + 1];
};
const sizes = option('--sizes', '1000,10000,100000').split(',').map(Number);
const runs = Number(option('--runs', '10'));

function have(tool) {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

/** hyperfine, rg and lowdown come from Debian; install them when we can. */
function ensureTools() {
  const missing = [['hyperfine', 'hyperfine'], ['rg', 'ripgrep'], ['lowdown', 'lowdown']].filter(([tool]) => !have(tool));
  if (missing.length === 0 || !have('apt-get') || process.getuid?.() !== 0) return;
  const packages = missing.map(([, pkg]) => pkg);
  console.error(`bench: installing ${packages.join(', ')} with apt-get`);
  spawnSync('sh', ['-c', `apt-get update -qq && apt-get install -y -qq ${packages.join(' ')} >/dev/null`], { stdio: 'inherit' });
}

function quote(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

const kiosk = (rest) => `node ${quote(BIN)} ${rest}`;

/** One hyperfine run over named commands; medians in milliseconds. */
function hyperfine(commands, minRuns) {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-'));
  const json = join(dir, 'out.json');
  const argv = ['-N', '--warmup', '2', '--min-runs', String(minRuns), '--export-json', json, '--style', 'none'];
  for (const [name, command] of commands) argv.push('-n', name, command);
  // -i: a search that finds nothing exits 1, which is what it should do.
  execFileSync('hyperfine', ['-i', ...argv], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], env: benchEnv() });
  const results = JSON.parse(readFileSync(json, 'utf8')).results;
  rmSync(dir, { recursive: true, force: true });
  return new Map(results.map((r) => [r.command, r.median * 1000]));
}

/** Peak resident memory of one run, in MB. */
function peakMemory(command) {
  const run = spawnSync('/usr/bin/time', ['-v', 'sh', '-c', `${command} >/dev/null`], { encoding: 'utf8', env: benchEnv() });
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr ?? '');
  return match ? Number(match[1]) / 1024 : NaN;
}

// NODE_EXTRA_CA_CERTS makes every Node process load a certificate bundle at
// start (80 ms on the machines this was written on): it is cleared, so that
// `node -e 0` is the floor a user's shell sees. The cache lives in a folder of
// the bench's own.
const CACHE = mkdtempSync(join(tmpdir(), 'kiosk-bench-cache-'));

function benchEnv() {
  const env = { ...process.env, XDG_CACHE_HOME: CACHE };
  for (const name of ['NO_COLOR', 'FORCE_COLOR', 'KIOSK_DIR', 'PAGER', 'KIOSK_PAGER', 'COLUMNS', 'NODE_EXTRA_CA_CERTS']) delete env[name];
  return env;
}

/** Bytes under a folder, in MB, as `du` counts them. */
function diskMb(dir) {
  const run = spawnSync('du', ['-sk', dir], { encoding: 'utf8' });
  return Number(run.stdout.split('\t')[0]) / 1024;
}

/**
 * The first search of a library, in a cache of its own where a listing
 * has been made but no index: the time to index every article, once.
 */
function coldIndex(dir) {
  const cache = mkdtempSync(join(tmpdir(), 'kiosk-bench-cold-'));
  const env = { ...benchEnv(), XDG_CACHE_HOME: cache };
  spawnSync('sh', ['-c', `${kiosk(`list --dir ${quote(dir)}`)} >/dev/null`], { env });
  const start = performance.now();
  spawnSync('sh', ['-c', `${kiosk(`search ${WORD} --dir ${quote(dir)}`)} >/dev/null`], { env });
  const took = performance.now() - start;
  const result = { ms: took, cacheMb: diskMb(cache), libraryMb: diskMb(dir) };
  rmSync(cache, { recursive: true, force: true });
  return result;
}

function machine() {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const os = spawnSync('sh', ['-c', '. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"'], { encoding: 'utf8' }).stdout.trim();
  return `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM; ${os || process.platform}; Node ${process.version}`;
}

const ms = (value) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : '—');
const ratio = (value, base) => (Number.isFinite(value) && Number.isFinite(base) ? `${(value / base).toFixed(2)}×` : '—');
const mb = (value) => (Number.isFinite(value) ? `${value.toFixed(0)} MB` : '—');

ensureTools();
if (!have('hyperfine')) {
  console.error('bench: hyperfine is needed (Debian package hyperfine)');
  process.exitCode = 1;
} else {
  const rows = [];
  const floor = hyperfine([['node -e 0', 'node -e 0']], runs).get('node -e 0');
  const embedded = hyperfine(
    [
      ['node -e 0', 'node -e 0'],
      ['kiosk list (embedded)', kiosk('list --dir ' + quote(join(ROOT, 'articles')))],
      ['kiosk read seed, text', kiosk('read trump-menace --format text')],
      ['kiosk read seed, ansi', kiosk('read trump-menace --format ansi')],
      ...(have('lowdown') ? [['lowdown -Tterm seed', `lowdown -Tterm ${quote(SEED)}`]] : []),
      // The renderer the design card named (a devDependency, for the README's design choices): its import alone.
      ['import marked-terminal', `node -e ${quote("import('marked-terminal')")}`],
    ],
    runs,
  );
  const base = embedded.get('node -e 0') ?? floor;
  rows.push(['embedded', 'node -e 0', ms(base), '1.00×', '', '']);
  const lowdown = embedded.get('lowdown -Tterm seed');
  rows.push(['embedded', 'kiosk list', ms(embedded.get('kiosk list (embedded)')), ratio(embedded.get('kiosk list (embedded)'), base), '', mb(peakMemory(kiosk('list')))]);
  for (const format of ['text', 'ansi']) {
    const name = `kiosk read seed, ${format}`;
    rows.push(['embedded', `kiosk read trump-menace --format ${format}`, ms(embedded.get(name)), ratio(embedded.get(name), base), `lowdown ${ratio(embedded.get(name), lowdown)}`, mb(peakMemory(kiosk(`read trump-menace --format ${format}`)))]);
  }
  rows.push(['embedded', 'lowdown -Tterm seed', ms(embedded.get('lowdown -Tterm seed')), ratio(embedded.get('lowdown -Tterm seed'), base), '', '']);
  rows.push(['embedded', "node -e \"import('marked-terminal')\"", ms(embedded.get('import marked-terminal')), ratio(embedded.get('import marked-terminal'), base), '', '']);

  for (const size of sizes) {
    const dir = join(tmpdir(), `kiosk-bench-${size}`);
    console.error(`bench: library of ${size} articles in ${dir}`);
    ensureLibrary(dir, size);
    const results = hyperfine(
      [
        ['node -e 0', 'node -e 0'],
        ['kiosk list', kiosk(`list --dir ${quote(dir)}`)],
        ['kiosk search', kiosk(`search ${WORD} --dir ${quote(dir)}`)],
        // A word no article holds: the word index answers without reading articles (kiosk exits 1: nothing found).
        ['kiosk search (rare)', kiosk(`search ${RARE} --dir ${quote(dir)}`)],
        ...(have('rg')
          ? [
              ['rg -m1 ^title:', `rg -m1 --no-filename ^title: ${quote(dir)}`],
              ['rg -c -i word', `rg -c -i ${WORD} ${quote(dir)}`],
              ['rg -c -i rare', `rg -c -i ${RARE} ${quote(dir)}`],
            ]
          : []),
      ],
      size >= 100_000 ? 3 : Math.max(3, Math.round(runs / 2)),
    );
    const node = results.get('node -e 0');
    const index = coldIndex(dir);
    const cold = hyperfine([['kiosk list --no-cache', kiosk(`list --no-cache --dir ${quote(dir)}`)]], size >= 100_000 ? 1 : 3).get('kiosk list --no-cache');
    const list = results.get('kiosk list');
    const found = results.get('kiosk search');
    rows.push([`${size}`, 'kiosk list', ms(list), ratio(list, node), `rg ${ratio(list, results.get('rg -m1 ^title:'))}`, mb(peakMemory(kiosk(`list --dir ${quote(dir)}`)))]);
    rows.push([`${size}`, 'kiosk list --no-cache', ms(cold), ratio(cold, node), `rg ${ratio(cold, results.get('rg -m1 ^title:'))}`, mb(peakMemory(kiosk(`list --no-cache --dir ${quote(dir)}`)))]);
    rows.push([`${size}`, 'kiosk search', ms(found), ratio(found, node), `rg ${ratio(found, results.get('rg -c -i word'))}`, mb(peakMemory(kiosk(`search ${WORD} --dir ${quote(dir)}`)))]);
    const rare = results.get('kiosk search (rare)');
    rows.push([`${size}`, `kiosk search ${RARE}`, ms(rare), ratio(rare, node), `rg ${ratio(rare, results.get('rg -c -i rare'))}`, '']);
    rows.push([`${size}`, `kiosk search ${WORD}, building the index`, ms(index.ms), ratio(index.ms, node), '', '']);
    rows.push([`${size}`, 'cache and index on disk', mb(index.cacheMb), `${((index.cacheMb / index.libraryMb) * 100).toFixed(0)}% of the library (${mb(index.libraryMb)})`, '', '']);
    rows.push([`${size}`, 'rg -m1 --no-filename ^title:', ms(results.get('rg -m1 ^title:')), ratio(results.get('rg -m1 ^title:'), node), '', '']);
    rows.push([`${size}`, `rg -c -i ${WORD}`, ms(results.get('rg -c -i word')), ratio(results.get('rg -c -i word'), node), '', '']);
    rows.push([`${size}`, `rg -c -i ${RARE}`, ms(results.get('rg -c -i rare')), ratio(results.get('rg -c -i rare'), node), '', '']);
  }

  // One large article, then one twice its size: rendering should grow no faster than the text.
  const large = join(tmpdir(), 'kiosk-bench-large');
  const { article } = await import('./library.mjs');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(large, { recursive: true });
  writeFileSync(join(large, 'ten.md'), article(1, 10 * 1024 * 1024));
  writeFileSync(join(large, 'twenty.md'), article(1, 20 * 1024 * 1024));
  const big = hyperfine(
    [
      ['read 10 MB', kiosk(`read ten --dir ${quote(large)} --no-cache`)],
      ['read 20 MB', kiosk(`read twenty --dir ${quote(large)} --no-cache`)],
      ...(have('lowdown') ? [['lowdown 10 MB', `lowdown -Tterm ${quote(join(large, 'ten.md'))}`]] : []),
    ],
    3,
  );
  rows.push(['10 MB article', 'kiosk read, text', ms(big.get('read 10 MB')), '', `lowdown ${ratio(big.get('read 10 MB'), big.get('lowdown 10 MB'))}`, mb(peakMemory(kiosk(`read ten --dir ${quote(large)}`)))]);
  rows.push(['20 MB article', 'kiosk read, text', ms(big.get('read 20 MB')), `${ratio(big.get('read 20 MB'), big.get('read 10 MB'))} the 10 MB time`, '', mb(peakMemory(kiosk(`read twenty --dir ${quote(large)}`)))]);

  const header = ['library', 'command', 'median', 'vs node -e 0', 'vs native', 'peak memory'];
  const table = [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
  const report = `# Benchmarks

Produced by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.
Machine: ${machine()}.
Medians of hyperfine runs (\`-N\`, warm file cache; kiosk's own cache warm
unless the row says \`--no-cache\`); ratios against \`node -e 0\` and against
the native tool doing the nearest job (\`rg\` for list and search, \`lowdown
-Tterm\` for rendering). NODE_EXTRA_CA_CERTS is unset for every command: it
adds a certificate load to each Node start. Libraries: deterministic, about
8 KB an article, French text; the search word is "${WORD}", which nearly
every generated article holds (the worst case: every article is a result).

${table}
`;
  console.log(table);
  writeFileSync(join(ROOT, 'BENCHMARKS.md'), report);
  console.error('bench: wrote BENCHMARKS.md');
}
