import { expect } from 'vitest';

/** Past this ratio between 10N and N, the work is not linear: quadratic work gives about 100, N^1.5 about 32. */
export const MAX_RATIO = 30;

/**
 * How long a run took: the clock or the CPU time this process used,
 * whichever is less. Each alone misleads. With more test files than cores
 * (--maxWorkers=4 on two), the clock also counts the time a run waits for a
 * core, which gave ratios of 31 to 44 to linear work; the CPU time also
 * counts the threads that run beside it (the collector's helpers, libuv's
 * pool writing files).
 */
function now(): { wall: number; cpu: number } {
  const { user, system } = process.cpuUsage();
  return { wall: performance.now(), cpu: (user + system) / 1000 };
}

function since(start: { wall: number; cpu: number }): number {
  const end = now();
  return Math.min(end.wall - start.wall, end.cpu - start.cpu);
}

/** The collector, where the workers run with --expose-gc (vitest.config.ts): the garbage of earlier runs is not this one's to collect. */
const collect = (globalThis as { gc?: () => void }).gc;

function time(run: () => unknown): number {
  collect?.();
  const start = now();
  run();
  return since(start);
}

async function timeAsync(run: () => Promise<unknown>): Promise<number> {
  collect?.();
  const start = now();
  await run();
  return since(start);
}

/**
 * Asserts that `run(n)` takes linear time: the time at 10N over the time at
 * N stays near 10, asserted as a ratio, never as a time. N grows from `n`
 * until a run takes long enough to measure; each size is timed more than
 * once and the fastest counts, so a busy machine does not fail the test.
 * Returns the ratio and the sizes, for reports.
 */
export function linear(run: (n: number) => unknown, n: number, limit = MAX_RATIO): { n: number; ratio: number } {
  run(n); // warm up: modules, caches, JIT
  let size = n;
  while (time(() => run(size)) < 5 && size < n * 64) size *= 2;
  const best = (at: number, times: number) => Math.min(...Array.from({ length: times }, () => time(() => run(at))));
  let ratio = Infinity;
  // A busy machine (other test files, garbage collection of a large heap) only slows runs down: more tries, the fastest counts.
  for (let attempt = 0; attempt < 3 && ratio >= limit; attempt++) ratio = Math.min(ratio, best(size * 10, attempt + 1) / best(size, 3));
  expect(ratio, `time at ${size * 10} over time at ${size}`).toBeLessThan(limit);
  return { n: size, ratio };
}

/**
 * The same for work that is asynchronous (a command run in-process).
 * `prepare(n)` sets up the input (files, say) and returns the work to time:
 * only the work is timed.
 */
export async function linearAsync(prepare: (n: number) => (() => Promise<unknown>) | Promise<() => Promise<unknown>>, n: number, limit = MAX_RATIO): Promise<{ n: number; ratio: number }> {
  const once = async (at: number): Promise<number> => timeAsync(await prepare(at));
  await once(n);
  let size = n;
  while ((await once(size)) < 10 && size < n * 64) size *= 2;
  const best = async (at: number, times: number) => {
    let fastest = Infinity;
    for (let i = 0; i < times; i++) fastest = Math.min(fastest, await once(at));
    return fastest;
  };
  let ratio = Infinity;
  // A busy machine (other test files, garbage collection) only slows runs down: more tries, the fastest counts.
  for (let attempt = 0; attempt < 3 && ratio >= limit; attempt++) ratio = Math.min(ratio, (await best(size * 10, attempt + 2)) / (await best(size, 3)));
  expect(ratio, `time at ${size * 10} over time at ${size}`).toBeLessThan(limit);
  return { n: size, ratio };
}
