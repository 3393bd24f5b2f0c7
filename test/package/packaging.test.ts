import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SEED_SLUG, cleanEnv, emptyDir, needs } from '../helpers.js';

/**
 * The tarball npm would publish, installed globally into a prefix of its
 * own, as a user would: `npm run test:package`, which builds first. Apart
 * from the suite, because it needs npm and the registry (kiosk's
 * dependencies are fetched, or taken from npm's cache), and takes minutes
 * where better-sqlite3 is built from source.
 */

/** Longer than installing with a build from source (about 90 s here), shorter than the test's timeout: a hung registry fails, with a reason. */
const INSTALL_TIMEOUT = 480_000;

let files: string[] = [];
let prefix = '';

beforeAll(() => {
  const out = emptyDir();
  // --ignore-scripts: `prepare` would build again and remove dist/ while it runs; npm run test:package built it.
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', out], { cwd: ROOT, encoding: 'utf8', env: cleanEnv() })) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  files = packed[0]!.files.map((file) => file.path);
  prefix = emptyDir();
  try {
    execFileSync('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(out, packed[0]!.filename)], {
      encoding: 'utf8',
      env: cleanEnv(),
      stdio: 'pipe',
      timeout: INSTALL_TIMEOUT,
    });
  } catch (error) {
    const { stderr, signal } = error as { stderr?: string; signal?: string };
    const why = signal ? `it did not finish in ${INSTALL_TIMEOUT / 60_000} minutes (is the registry reachable?)` : (stderr ?? String(error)).trim().split('\n').slice(-3).join(' ');
    throw new Error(`npm install --global of the packed tarball failed: ${why}`);
  }
}, INSTALL_TIMEOUT + 60_000);

describe('the packed tarball', () => {
  it('holds the built code, the library, the README and the man page, nothing of the tests or sources', () => {
    expect(files).toContain('dist/main.js');
    expect(files).toContain('bin/kiosk.js');
    expect(files).toContain('README.md');
    expect(files).toContain('dist/kiosk.1');
    expect(files).toContain(`articles/monde/${SEED_SLUG}.md`);
    expect(files.filter((file) => /^(test|src|\.ci)\//.test(file) || file.endsWith('.ts'))).toEqual([]);
  });

  it('installs globally a kiosk that lists and reads its own library from any folder', () => {
    const installed = join(prefix, 'bin', 'kiosk');
    expect(readdirSync(join(prefix, 'bin'))).toContain('kiosk');
    const cwd = emptyDir();
    mkdirSync(join(cwd, 'elsewhere'));
    const listed = spawnSync(installed, ['list'], { cwd, env: cleanEnv(), encoding: 'utf8' });
    expect(listed.stderr).toBe('');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain(`Monde\t${SEED_SLUG}`);
    expect(spawnSync(installed, ['read', 'trump'], { cwd, env: cleanEnv(), encoding: 'utf8' }).stdout).toContain('Le démenti de l’Iran');
  });

  it('links the man page where man looks for it', () => {
    expect(readFileSync(join(prefix, 'share', 'man', 'man1', 'kiosk.1'), 'utf8')).toMatch(/^\.TH KIOSK 1 /m);
  });

  const man = needs('man');
  it.skipIf(man.skip)(man.name('is shown by `man kiosk`'), () => {
    const shown = spawnSync('man', ['kiosk'], { env: cleanEnv({ MANPATH: join(prefix, 'share', 'man'), MANPAGER: 'cat', MANWIDTH: '80' }), encoding: 'utf8' });
    expect(shown.stdout).toMatch(/^NAME\n {7}kiosk - read a folder of Markdown articles/m);
  });
});
