#!/usr/bin/env node
// node bench/tokenizers.mjs [--size 10000]
//
// The FTS5 tokenizer for the library database, measured: the index size,
// the time to build it and to answer a common and a rare word, for
// unicode61 (words) and trigram (any three characters: CJK inside longer
// runs), on the bench's generated library. The index is contentless, as
// kiosk's is; the library's own size is printed beside it.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLibrary } from './library.mjs';

const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const at = process.argv.indexOf('--size');
const size = at === -1 ? 10_000 : Number(process.argv[at + 1]);
const dir = join(tmpdir(), `kiosk-bench-${size}`);
ensureLibrary(dir, size);

const files = [];
for (const name of readdirSync(dir, { recursive: true })) if (name.endsWith('.md')) files.push(join(dir, name));
const texts = files.map((file) => readFileSync(file, 'utf8'));
const libraryBytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
console.log(`library: ${files.length} articles, ${mb(libraryBytes)}`);

for (const tokenizer of ['unicode61 remove_diacritics 2', 'trigram remove_diacritics 1']) {
  const work = mkdtempSync(join(tmpdir(), 'kiosk-tokenizer-'));
  const path = join(work, 'index.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE VIRTUAL TABLE words USING fts5(body, content='', contentless_delete=1, tokenize='${tokenizer}')`);
  const insert = db.prepare('INSERT INTO words (rowid, body) VALUES (?, ?)');
  let start = performance.now();
  db.transaction(() => texts.forEach((text, i) => insert.run(i + 1, text)))();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const built = performance.now() - start;
  db.exec("INSERT INTO words(words) VALUES ('optimize')");
  db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = statSync(path).size;
  const count = db.prepare('SELECT count(*) AS n FROM words WHERE words MATCH ?');
  const time = (query) => {
    let best = Infinity;
    let n = 0;
    for (let i = 0; i < 5; i++) {
      start = performance.now();
      n = count.get(query).n;
      best = Math.min(best, performance.now() - start);
    }
    return `${n} in ${best.toFixed(1)} ms`;
  };
  console.log(`${tokenizer}: built in ${(built / 1000).toFixed(1)} s, ${mb(bytes)} (${((bytes / libraryBytes) * 100).toFixed(0)}% of the library); "piratage": ${time('"piratage"')}; "zephyr": ${time('"zephyr"')}; "electorale": ${time('"electorale"')}`);
  db.close();
  rmSync(work, { recursive: true, force: true });
}
