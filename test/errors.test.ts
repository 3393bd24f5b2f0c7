import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSystemError } from '../src/errors.js';
import { emptyDir } from './helpers.js';

const thrown = (action: () => unknown): unknown => {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
};

describe('isSystemError', () => {
  it('is the system’s answer about a file', () => {
    expect(isSystemError(thrown(() => readFileSync(join(emptyDir(), 'gone.md'))))).toBe(true);
    expect(isSystemError(thrown(() => readFileSync(emptyDir())))).toBe(true);
  });

  it('is not a fault of kiosk’s own, which must not be swallowed with it', () => {
    expect(isSystemError(thrown(() => (null as unknown as { x: number }).x))).toBe(false);
    expect(isSystemError(new RangeError('Maximum call stack size exceeded'))).toBe(false);
    // A code alone is not enough: an SQLite error has one and no system call.
    expect(isSystemError(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe(false);
    expect(isSystemError({ code: 'ENOENT', syscall: 'open' })).toBe(false);
  });
});
