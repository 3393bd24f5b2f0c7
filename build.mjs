// Builds dist/ as ES modules bundled by esbuild: one small entry for what
// every command needs, and chunks loaded on demand (the renderer, search,
// highlighting, completion). Type-checking is tsc's job (npm run build runs
// both); esbuild only strips types.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
await build({
  // The worker is an entry of its own: a thread starts from a file.
  entryPoints: { main: 'src/main.ts', worker: 'src/library/worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  packages: 'bundle',
  // Chunks sit beside main.js, so a chunk's import.meta.url finds the package root one level up.
  chunkNames: '[name]-[hash]',
  // commander is CommonJS and calls require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __kioskRequire } from 'node:module'; const require = __kioskRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
