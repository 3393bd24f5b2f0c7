/**
 * A thread that reads and parses the heads of a share of the files a listing
 * does not know yet (see `parseInThreads` in load.ts). It sends back each
 * file's article without its text, which the listing does not need and which
 * would cost more to copy between threads than to read again.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadHeads, preloadParser, type HeadJob } from './load.js';

await preloadParser();
const results = loadHeads(workerData as HeadJob[]).map(({ article, warnings }) => ({
  article: article && { ...article, source: '', body: '', partial: true },
  warnings,
}));
parentPort!.postMessage(results);
