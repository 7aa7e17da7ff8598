import { Worker } from 'node:worker_threads';
import type { FileFacts } from '../facts/types.ts';
import { parseJob, type ParseJob } from './parse-file.ts';

// Below this much source to parse fully, starting workers (each loads its parser: ~0.5 s for the
// TypeScript compiler, the wasm grammar for Python) costs more than it saves. Light (import-only)
// passes are cheap and do not count. Measured on OpenHands: 2.8 MB of full parses, 2.4 s inline, 2.7 s in workers.
const INLINE_FULL_BYTES = 8 * 1024 * 1024;

/**
 * Parse jobs inline or in worker threads. Measured on the 2-vCPU class: the TypeScript parse does not
 * scale past one worker (allocation-bound), tree-sitter does, so the split is one worker per language.
 */
export async function runParseJobs(jobs: ParseJob[], workers: number | 'auto'): Promise<FileFacts[]> {
  const fullBytes = jobs.reduce((n, j) => n + (j.full ? j.text.length : 0), 0);
  const useWorkers = workers === 'auto' ? fullBytes >= INLINE_FULL_BYTES : workers > 0;
  if (!useWorkers) return parseInline(jobs);
  const groups = [jobs.filter((j) => j.language !== 'python'), jobs.filter((j) => j.language === 'python')].filter((g) => g.length > 0);
  // A worker that dies (out of memory, a grammar that fails to load) costs speed, not the scan.
  const parts = await Promise.all(groups.map((g) => runWorker(g).catch(() => parseInline(g))));
  return parts.flat();
}

async function parseInline(jobs: ParseJob[]): Promise<FileFacts[]> {
  const out: FileFacts[] = [];
  for (const job of jobs) out.push(await parseJob(job));
  return out;
}

// Built, the worker is plain JS; from sources (tests, tsx) it needs the TypeScript loader registered first.
const FROM_SOURCE = import.meta.url.endsWith('.ts');

function runWorker(jobs: ParseJob[]): Promise<FileFacts[]> {
  const entry = new URL(FROM_SOURCE ? './worker.ts' : './worker.js', import.meta.url);
  return new Promise((resolve, reject) => {
    const worker = FROM_SOURCE
      ? new Worker(new URL('./worker-boot.mjs', import.meta.url), { workerData: { entry: entry.href, jobs } })
      : new Worker(entry, { workerData: { jobs } });
    worker.once('message', (facts: FileFacts[]) => {
      resolve(facts);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`parse worker exited with code ${code}`));
    });
  });
}
