import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's own folder: one level above this file, both in src/ (tests)
 * and in dist/ (where the build puts every chunk).
 */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

let version: string | undefined;

/** The version in package.json. */
export function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
