import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../report/schema.ts';
import { FORMATS, REPORT_FILE, render, scan } from '../run.ts';

// reports/ holds reports rendered from fixtures, kept as golden files: a change in output shows in review.
// The fixtures live inside this repository, so their commit is whatever HEAD is; it is blanked here
// (and only here) so the files change when the output changes, not on every commit.
export const EXAMPLES: { name: string; fixture: string }[] = [
  { name: 'demo-startup', fixture: 'fixtures/demo-startup' },
  { name: 'direct-model-call-basic', fixture: 'fixtures/direct-model-call/basic' },
];

const FIXED_EPOCH = '1767225600'; // 2026-01-01T00:00:00Z

export async function exampleReport(fixture: string): Promise<Report> {
  const previous = process.env.SOURCE_DATE_EPOCH;
  process.env.SOURCE_DATE_EPOCH = FIXED_EPOCH;
  try {
    const { report } = await scan({ target: fixture, failOn: null, rulesDirs: [], cacheDir: null, workers: 0, maxFileBytes: 1_000_000, folderOnly: true });
    return { ...report, target: { ...report.target, ref: null, commit: null } };
  } finally {
    if (previous === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = previous;
  }
}

export function examplePaths(name: string): Record<(typeof FORMATS)[number], string> {
  return Object.fromEntries(FORMATS.map((f) => [f, join('reports', name, REPORT_FILE[f])])) as Record<(typeof FORMATS)[number], string>;
}

if (process.argv[1]?.endsWith('example-reports.ts')) {
  for (const { name, fixture } of EXAMPLES) {
    const report = await exampleReport(fixture);
    mkdirSync(join('reports', name), { recursive: true });
    for (const format of FORMATS) writeFileSync(examplePaths(name)[format], render(report, format));
    process.stdout.write(`wrote reports/${name}\n`);
  }
}
