import type { FileFacts } from '../facts/types.ts';
import { parseJob, type ParseJob } from './parse-file.ts';
import { startWorker } from '../util/worker.ts';

// Measured on the 2-vCPU class (see the bench and research notes): the TypeScript parse is
// allocation-bound and gets slower when split across threads; tree-sitter scales on two. A worker
// costs ~0.5 s to start (runtime, wasm grammar) plus copying every file's facts back, so it pays only
// for a large Python load, and then only one: it takes about half of the Python parse work while the
// main thread parses the rest, TypeScript and import-only scans included. crewAI (10.9 MB, 1,046 Python
// files parsed in full): 3.9-4.0 s inline, 3.4-3.9 s with the worker; two workers were slower than inline.
const PYTHON_SPLIT_BYTES = 4 * 1024 * 1024;

/** Parse jobs inline, or with one worker thread sharing a large Python load; a failed worker falls back to inline. */
export async function runParseJobs(jobs: ParseJob[], workers: number | 'auto'): Promise<FileFacts[]> {
  const python = jobs.filter((j) => j.full && j.language === 'python');
  const pythonBytes = python.reduce((n, j) => n + j.text.length, 0);
  const useWorker = workers === 'auto' ? pythonBytes >= PYTHON_SPLIT_BYTES : workers > 0;
  if (!useWorker) return parseInline(jobs);
  const offloaded = halfByBytes(python);
  const local = jobs.filter((j) => !offloaded.has(j));
  const [remote, here] = await Promise.all([runWorker([...offloaded]).catch(() => parseInline([...offloaded])), parseInline(local)]);
  return [...here, ...remote];
}

/** Every other file by size, so both halves get a similar share of large and small files. */
function halfByBytes(jobs: ParseJob[]): Set<ParseJob> {
  return new Set([...jobs].sort((a, b) => b.text.length - a.text.length).filter((_, i) => i % 2 === 1));
}

async function parseInline(jobs: ParseJob[]): Promise<FileFacts[]> {
  const out: FileFacts[] = [];
  for (const job of jobs) out.push(await parseJob(job));
  return out;
}

/** One worker thread parsing `jobs`; rejects when the worker fails (callers fall back to inline). */
export function runWorker(jobs: ParseJob[]): Promise<FileFacts[]> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(import.meta.url, './worker', { jobs });
    worker.once('message', (facts: string) => {
      resolve(JSON.parse(facts) as FileFacts[]);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`parse worker exited with code ${code}`));
    });
  });
}
