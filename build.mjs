// Builds dist/ as ES modules bundled by esbuild: one small entry for what
// every command needs, and chunks loaded on demand (the renderer, search,
// highlighting, completion). Type-checking is tsc's job (npm run build runs
// both); esbuild only strips types.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const common = {
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  packages: 'bundle',
  // commander is CommonJS and calls require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __kioskRequire } from 'node:module'; const require = __kioskRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
};

rmSync('dist', { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { main: 'src/main.ts' },
  splitting: true,
  // Chunks sit beside main.js, so a chunk's import.meta.url finds the package root one level up.
  chunkNames: '[name]-[hash]',
});
// The worker thread starts from a file of its own, built apart: sharing chunks
// with main.js would split the modules every command loads into more files
// (two more cost `kiosk list` about 7 ms).
await build({ ...common, entryPoints: { worker: 'src/library/read/worker.ts' }, splitting: false });

// The man page, from the same definitions as --help: built apart, run once, removed.
const manBuilder = 'dist/manpage-builder.mjs';
await build({ ...common, entryPoints: ['src/manpage.ts'], outdir: undefined, outfile: manBuilder, splitting: false });
const { manPage } = await import(pathToFileURL(manBuilder).href);
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
// SOURCE_DATE_EPOCH, when set, makes the page the same on every build.
const epoch = Number(process.env.SOURCE_DATE_EPOCH);
const date = (Number.isFinite(epoch) && process.env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date()).toISOString().slice(0, 10);
writeFileSync('dist/kiosk.1', manPage(version, date));
rmSync(manBuilder);
