import { Worker } from 'node:worker_threads';

// Built, a worker is plain JS; from sources (tests, tsx) it needs the TypeScript loader registered first.
const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** A worker thread running the module `name` (`./worker`, no extension) beside `base` (the caller's import.meta.url), handed `data`. */
export function startWorker(base: string, name: string, data: unknown): Worker {
  const entry = new URL(`${name}${FROM_SOURCE ? '.ts' : '.js'}`, base);
  return FROM_SOURCE
    ? new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: { entry: entry.href, ...(data as object) } })
    : new Worker(entry, { workerData: data });
}
