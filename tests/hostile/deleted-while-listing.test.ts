import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { put, readReport, scanInProcess, workspace } from './support.ts';

// A file deleted between being listed and being looked at (a build running beside the scan, a checkout
// switching branch). The deletion is made to happen at that moment: the first lstat of the file removes
// it first, as a concurrent process would.

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const lstat = (async (path: Parameters<typeof real.lstat>[0], ...rest: unknown[]) => {
    if (String(path).endsWith('vanishing.py')) await real.rm(path, { force: true });
    return (real.lstat as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof real.lstat;
  return { ...real, lstat, default: { ...real, lstat } };
});

const ws = workspace('deleted');
afterAll(() => ws.dispose());

describe('hostile: crashes in listing', () => {
  it('a file deleted while the folder is listed is reported missing; the scan goes on', async () => {
    const dir = join(ws.base, 'repo');
    put(dir, {
      'app.py': 'import openai\nopenai.OpenAI().chat.completions.create(model="gpt-4o")\n',
      'vanishing.py': 'import openai\n',
    });
    const r = await scanInProcess(['scan', dir, '--out', ws.out(), '--no-cache', '--format', 'json', '--quiet'], { cwd: ws.base });
    expect(r.code, r.stderr).toBe(0);
    const report = readReport(ws.out());
    expect(report.inventory.modelCalls.map((c) => c.file)).toEqual(['app.py']);
    expect(report.skipped).toContainEqual({ path: 'vanishing.py', reason: 'missing' });
  });
});
