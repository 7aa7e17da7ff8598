import { scan } from '../../src/run.ts';
import type { Report } from '../../src/report/schema.ts';

/** Scan a fixture folder in-process, offline, without cache or worker threads, as the repository of its own it stands for. */
export async function scanFixture(dir: string, only?: string[], rulesDirs: string[] = []): Promise<Report> {
  const { report } = await scan({ target: dir, failOn: null, ...(only ? { only } : {}), rulesDirs, cacheDir: null, workers: 0, maxFileBytes: 1_000_000, folderOnly: true });
  return report;
}
