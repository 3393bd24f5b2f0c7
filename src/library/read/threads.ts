/**
 * Sharing CPU-bound work on many files between this thread and workers (a
 * cold listing parsing file heads). Files are cheap to name and costly to
 * process, so each worker gets a share of the names and sends back small
 * results, in order.
 */
import { existsSync } from 'node:fs';

// A worker takes about 40 ms to start and load its modules: worth it from a
// thousand files a thread on.
const FILES_PER_THREAD = 1000;
const WORKER = new URL('./worker.js', import.meta.url);

/**
 * Runs `here` on this thread's share and hands each other share to a worker
 * (worker.ts) as its data, at most `threads` in all, and returns the results
 * in the items' order. Where the worker script is not there (the sources run
 * unbundled), this thread does all.
 */
export async function shared<T, R>(items: readonly T[], threads: number, here: (share: readonly T[]) => R[]): Promise<R[]> {
  const count = Math.max(1, Math.min(threads, Math.floor(items.length / FILES_PER_THREAD)));
  if (count === 1 || !existsSync(WORKER)) return here(items);
  const { Worker } = await import('node:worker_threads');
  // This thread is already running and starts at once: it takes a larger share.
  const own = Math.ceil((items.length / count) * 1.1);
  const rest = items.slice(own);
  const shares = Array.from({ length: count - 1 }, (_, i) =>
    rest.slice(Math.floor((i * rest.length) / (count - 1)), Math.floor(((i + 1) * rest.length) / (count - 1))),
  );
  const pending = shares.map((share) =>
    new Promise<R[]>((resolvePromise, reject) => {
      const worker = new Worker(WORKER, { workerData: share });
      worker.once('message', (results: R[]) => resolvePromise(results));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`a worker thread stopped (exit code ${code})`)));
    }).then(
      (results) => ({ share, results }),
      // A worker that cannot start or dies (thread limits, memory): this thread does its share.
      () => ({ share, results: null }),
    ),
  );
  const mine = here(items.slice(0, own));
  const theirs = await Promise.all(pending);
  return [...mine, ...theirs.flatMap(({ share, results }) => results ?? here(share))];
}
