import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { emptyDir } from './helpers.js';

/** Paths whose stat fails as if the file had just been removed: a race no real test can time. */
const vanishing = vi.hoisted(() => new Set<string>());

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const statSync = ((path: Parameters<typeof fs.statSync>[0], options?: Parameters<typeof fs.statSync>[1]) => {
    if (vanishing.has(String(path))) throw Object.assign(new Error(`ENOENT: ${String(path)}`), { code: 'ENOENT' });
    return fs.statSync(path, options);
  }) as typeof fs.statSync;
  return { ...fs, default: { ...fs, statSync }, statSync };
});

const { discover } = await import('../src/library/read/discover.js');

describe('discover', () => {
  it('lists the rest of the library when a linked file vanishes during the walk, with one warning for it', () => {
    const root = realpathSync(emptyDir());
    mkdirSync(join(root, 'real'));
    writeFileSync(join(root, 'real', 'b.md'), '# B\n');
    writeFileSync(join(root, 'c.md'), '# C\n');
    symlinkSync(join(root, 'real', 'b.md'), join(root, 'a.md'));
    vanishing.add(join(root, 'real', 'b.md'));
    const { files, warnings } = discover(root);
    expect(files.map((file) => file.relPath)).toEqual(['c.md', 'real/b.md']);
    expect(warnings).toEqual([{ file: join(root, 'a.md'), reason: 'broken symbolic link: no such file' }]);
  });
});
