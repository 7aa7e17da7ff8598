import { Worker } from 'node:worker_threads';
import type { FileFacts } from '../facts/types.ts';
import { parseJob, type ParseJob } from './parse-file.ts';

// Measured on the 2-vCPU class (see the bench and research notes): the TypeScript parse is
// allocation-bound and gets slower when split across workers; tree-sitter scales 1.6-1.85x on two.
// Starting a worker costs ~0.5 s (loading the compiler or compiling the wasm grammar), so workers pay
// only for a large Python load: then two workers share the Python files, and the TypeScript and
// import-only jobs ride in the first. Everything else is parsed inline.
const PYTHON_SPLIT_BYTES = 4 * 1024 * 1024;
// Python parses at roughly a third of TypeScript's speed per byte.
const COST = { python: 1, typescript: 0.35, javascript: 0.35, light: 0.05 } as const;

/** Parse jobs inline or in two worker threads; a worker that fails falls back to inline parsing. */
export async function runParseJobs(jobs: ParseJob[], workers: number | 'auto'): Promise<FileFacts[]> {
  const pythonBytes = jobs.reduce((n, j) => n + (j.full && j.language === 'python' ? j.text.length : 0), 0);
  const useWorkers = workers === 'auto' ? pythonBytes >= PYTHON_SPLIT_BYTES : workers > 0;
  if (!useWorkers) return parseInline(jobs);
  // A worker that dies (out of memory, a grammar that fails to load) costs speed, not the scan.
  const parts = await Promise.all(splitInTwo(jobs).map((g) => runWorker(g).catch(() => parseInline(g))));
  return parts.flat();
}

function cost(job: ParseJob): number {
  return job.text.length * (job.full ? COST[job.language] : COST.light);
}

/** Longest-processing-time split into two groups of about equal parse cost. */
function splitInTwo(jobs: ParseJob[]): ParseJob[][] {
  const groups: { jobs: ParseJob[]; cost: number }[] = [{ jobs: [], cost: 0 }, { jobs: [], cost: 0 }];
  for (const job of [...jobs].sort((a, b) => cost(b) - cost(a))) {
    const target = groups[0]!.cost <= groups[1]!.cost ? groups[0]! : groups[1]!;
    target.jobs.push(job);
    target.cost += cost(job);
  }
  return groups.map((g) => g.jobs).filter((g) => g.length > 0);
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
