import { parentPort, workerData } from 'node:worker_threads';
import type { FileFacts } from '../facts/types.ts';
import { parseJob, type ParseJob } from './parse-file.ts';

// A parse worker: receives its whole share of jobs at start, answers with every file's facts.
const jobs = (workerData as { jobs: ParseJob[] }).jobs;
const results: FileFacts[] = [];
for (const job of jobs) results.push(await parseJob(job));
// One string: its copy is one block, and JSON.parse rebuilds nested facts faster than a structured clone.
parentPort?.postMessage(JSON.stringify(results));
