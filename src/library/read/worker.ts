/**
 * A worker thread's work for `shared` (threads.ts): the heads of a share of
 * the files a listing does not know yet. Articles come back without their
 * text, which the listing does not need and which would cost more to copy
 * between threads than to read again.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { articleReader, type HeadJob } from '../load.js';

const reader = await articleReader();
const results = reader.heads(workerData as HeadJob[]).map(({ article, warnings }) => ({
  article: article && { ...article, source: '', body: '', partial: true },
  warnings,
}));
parentPort!.postMessage(results);
