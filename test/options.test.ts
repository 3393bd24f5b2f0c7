import { describe, expect, it } from 'vitest';
import { NO_CONFIG } from '../src/config.js';
import { availableParallelism } from 'node:os';
import { colorLevel, pagerCommand, parsingThreads, readWidth, type Environment } from '../src/options.js';

function environment(env: Record<string, string>, tty: boolean, columns?: number): Environment {
  return { env, cwd: '/', stdoutIsTTY: tty, columns, rows: 24, hyperlinks: async () => false, config: NO_CONFIG('/nowhere/config.yaml') };
}

describe('colorLevel', () => {
  it.each([
    ['auto at a terminal', 'auto', {}, true, 1],
    ['auto in a pipe', 'auto', {}, false, 0],
    ['NO_COLOR at a terminal', 'auto', { NO_COLOR: '1' }, true, 0],
    ['empty NO_COLOR is ignored', 'auto', { NO_COLOR: '' }, true, 1],
    ['FORCE_COLOR in a pipe', 'auto', { FORCE_COLOR: '1' }, false, 1],
    ['FORCE_COLOR=0 at a terminal', 'auto', { FORCE_COLOR: '0' }, true, 0],
    ['FORCE_COLOR=3', 'auto', { FORCE_COLOR: '3' }, false, 3],
    ['--color always in a pipe', 'always', { NO_COLOR: '1' }, false, 1],
    ['--color never at a terminal', 'never', { FORCE_COLOR: '1' }, true, 0],
    ['TERM=dumb', 'auto', { TERM: 'dumb' }, true, 0],
  ] as const)('%s', (_name, mode, env, tty, level) => {
    expect(colorLevel(mode, environment(env, tty))).toBe(level);
  });
});

describe('readWidth', () => {
  it.each([
    ['the terminal width', undefined, true, 72, 72],
    ['at most 100 at a terminal', undefined, true, 200, 100],
    ['80 in a pipe', undefined, false, 200, 80],
    ['--width', '60', true, 200, 60],
    ['--width 0', '0', false, undefined, 0],
  ] as const)('%s', (_name, flag, tty, columns, width) => {
    expect(readWidth(flag, environment({}, tty, columns))).toBe(width);
  });

  it.each(['-1', 'abc', '1.5', ''])('refuses --width %j as a usage error', (flag) => {
    expect(() => readWidth(flag, environment({}, false))).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});

describe('pagerCommand', () => {
  it('prefers KIOSK_PAGER, then PAGER, then less', () => {
    expect(pagerCommand(environment({ KIOSK_PAGER: 'most', PAGER: 'more' }, true))).toBe('most');
    expect(pagerCommand(environment({ PAGER: 'more' }, true))).toBe('more');
    expect(pagerCommand(environment({}, true))).toBe('less');
  });
});

describe('parsingThreads', () => {
  const all = availableParallelism();
  it.each([
    [{}, Math.min(all, 4)],
    [{ KIOSK_THREADS: '' }, Math.min(all, 4)],
    [{ KIOSK_THREADS: '1' }, 1],
    [{ KIOSK_THREADS: '6' }, Math.min(6, all)],
    [{ KIOSK_THREADS: '1000' }, all],
  ])('%j → %i, never more than the CPUs', (env, threads) => {
    expect(parsingThreads(environment(env, false))).toBe(threads);
  });

  it.each(['0', '-1', 'many', '2.5', '1e3'])('KIOSK_THREADS=%s is a usage error', (value) => {
    expect(() => parsingThreads(environment({ KIOSK_THREADS: value }, false))).toThrow(
      expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/^KIOSK_THREADS takes a whole number of threads from 1/) }),
    );
  });
});
