import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParseJob } from '../../src/parse/parse-file.ts';
import { runParseJobs, runWorker } from '../../src/parse/pool.ts';
import { resolved } from '../helpers/program.ts';

describe('parse pool', () => {
  it('gives the same facts from a worker thread as inline', async () => {
    const dir = 'fixtures/demo-startup/services/ml/app';
    const jobs: ParseJob[] = readdirSync(dir).map((name) => ({ path: `app/${name}`, language: 'python', text: readFileSync(join(dir, name), 'utf8'), full: true }));
    jobs.push({ path: 'chat.ts', language: 'typescript', text: readFileSync('fixtures/demo-startup/apps/api/src/routes/chat.ts', 'utf8'), full: true });
    const byPath = <T extends { path: string }>(facts: T[]) => [...facts].sort((a, b) => a.path.localeCompare(b.path));
    const inline = byPath(await runParseJobs(jobs, 0));
    const threaded = byPath(await runWorker(jobs));
    expect(byPath(await runParseJobs(jobs, 1))).toEqual(threaded);
    expect(threaded).toEqual(inline);
    expect(inline.map((f) => f.path)).toEqual([...jobs.map((j) => j.path)].sort((a, b) => a.localeCompare(b)));
    // What crossed the thread is a summary the resolve stage can read.
    const { facts } = resolved(threaded);
    expect(facts.get('app/summarize.py')?.calls.some((c) => c.origin?.module === 'anthropic')).toBe(true);
  });
});
