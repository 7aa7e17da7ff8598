import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitAll, initRepo, removeDir, tempDir } from './acquire/helpers.ts';

// A monorepo folder (`apps/web`) scanned on its own: the repository's CI, lockfile, CODEOWNERS, dependency
// updates and config apply to it; the code of the repository's other apps does not.

let tmp: string;
let repo: string;
beforeAll(() => {
  tmp = tempDir('arch-audit-monorepo-');
  repo = join(tmp, 'acme');
  cpSync('fixtures/monorepo-folder', repo, { recursive: true });
  initRepo(repo);
  commitAll(repo, 'two apps');
});
afterAll(() => removeDir(tmp));

interface Report {
  target: { subdir: string | null };
  findings: { ruleId: string; locations: { file: string }[] }[];
  skipped: { path: string; reason: string }[];
  inventory: { modelCalls: { file: string; line: number }[] };
}

function scan(target: string, out: string, formats = 'json') {
  const r = spawnSync(process.execPath, ['dist/src/bin.mjs', 'scan', target, '--out', join(tmp, out), '--format', formats, '--no-cache', '--quiet'], { encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr, read: (file: string) => readFileSync(join(tmp, out, file), 'utf8') };
}

describe('scanning one folder of a monorepo', () => {
  it('reads the repository\'s CI, lockfile, dependency updates and config, with paths from the repository\'s top', () => {
    const r = scan(join(repo, 'apps/web'), 'web', 'json,sarif');
    expect([r.code, r.stderr]).toEqual([0, '']);
    const report = JSON.parse(r.read('report.json')) as Report;
    expect(report.target.subdir).toBe('apps/web');
    // Only this folder's code: the root's main.py and apps/worker call Anthropic, and are not this app.
    expect(report.inventory.modelCalls.map((c) => [c.file, c.line])).toEqual([['apps/web/src/answer.ts', 6]]);
    // The repository's own decisions hold for the folder: no "no CI", "no lockfile", "no dependency updates".
    const rules = report.findings.map((f) => f.ruleId);
    for (const absent of ['no-ci-tests', 'no-lockfile', 'no-dependency-updates', 'no-security-policy']) expect(rules).not.toContain(absent);
    expect(rules).toContain('no-eval-harness');
    // The config at the top excludes by paths relative to itself.
    expect(report.skipped).toContainEqual({ path: 'apps/web/src/legacy/old-answer.ts', reason: 'excluded by config' });
    // GitHub places code-scanning alerts by repository paths.
    const sarif = JSON.parse(r.read('report.sarif')) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const uris = new Set(sarif.runs[0]?.results.flatMap((x) => x.locations.map((l) => l.physicalLocation.artifactLocation.uri)));
    expect([...uris]).toEqual(['apps/web/src/answer.ts']);
  });

  it('the same folder outside its repository has none of them, and says so', () => {
    const alone = join(tmp, 'web-alone');
    cpSync(join(repo, 'apps/web'), alone, { recursive: true });
    initRepo(alone);
    commitAll(alone, 'the app alone');
    const report = JSON.parse(scan(alone, 'alone').read('report.json')) as Report;
    expect(report.target.subdir).toBeNull();
    const rules = report.findings.map((f) => f.ruleId);
    expect(rules).toEqual(expect.arrayContaining(['no-ci-tests', 'no-lockfile', 'no-dependency-updates']));
    expect(report.inventory.modelCalls.map((c) => c.file).sort()).toEqual(['src/answer.ts', 'src/legacy/old-answer.ts']);
  });

  it('refuses to write reports into a folder the scan reads files of', () => {
    const r = scan(join(repo, 'apps/web'), 'acme/apps');
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd()).toMatch(/^arch-audit: report folder \S+ holds the scanned folder, whose scan reads the files beside it; write it elsewhere with --out$/);
  });
});
