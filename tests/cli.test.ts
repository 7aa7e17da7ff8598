import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const tmp = mkdtempSync(join(tmpdir(), 'arch-audit-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// A fixture stands for a repository of its own, not for a folder of this one.
function cli(...args: string[]) {
  const argv = args[0] === 'scan' && args[1]?.startsWith('fixtures/') ? [...args, '--folder-only'] : args;
  const r = spawnSync(process.execPath, ['dist/src/bin.mjs', ...argv], { encoding: 'utf8', env: { ...process.env, ARCH_AUDIT_CACHE_DIR: join(tmp, 'cache') } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('bad input: exit 2 and one clear line on stderr, no stack trace', () => {
  it.each([
    [['scan', 'no/such/dir/here'], /^arch-audit: no such directory: no\/such\/dir\/here$|^arch-audit: .*no\/such/],
    [['scan', join(tmp, 'missing')], /^arch-audit: no such directory: .*missing$/],
    [['scan', '--bogus'], /^arch-audit: unknown option: --bogus \(see --help\)$/],
    [['scan', 'fixtures/demo-startup', '--only', 'no-such-rule'], /^arch-audit: unknown rule id: no-such-rule \(known: .*direct-model-call.*\)$/],
    [['scan', 'fixtures/demo-startup', '--skip', 'nope'], /^arch-audit: unknown rule id: nope /],
    [['scan', 'fixtures/demo-startup', '--fail-on', 'urgent'], /^arch-audit: unknown severity for --fail-on: urgent/],
    [['scan', 'fixtures/demo-startup', '--format', 'pdf'], /^arch-audit: unknown format: pdf/],
    [['scan', 'file:///no/such/repo.git', '--no-cache'], /^arch-audit: cannot clone file:\/\/\/no\/such\/repo\.git: /],
    [['scan', 'fixtures/demo-startup', '--rules', join(tmp, 'no-rules')], /^arch-audit: rules folder not found: /],
    [['scan', 'fixtures/demo-startup', '--history', '200'], /^arch-audit: --history reads at most 120 months \(ten years\)$/],
    [['frobnicate'], /^arch-audit: unknown command: frobnicate/],
    [[], /^arch-audit: missing command/],
  ])('%j', (args, line) => {
    const r = cli(...args);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(r.stdout).toBe('');
  });
});

describe('one format to standard output (--out -)', () => {
  it('prints the JSON report alone, writes no file, and keeps the gate\'s exit code', () => {
    const r = cli('scan', 'fixtures/demo-startup', '--format', 'json', '--out', '-', '--no-cache', '--fail-on', 'high');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { summary: { totalFindings: number } };
    expect(report.summary.totalFindings).toBeGreaterThan(0);
    expect(existsSync('-')).toBe(false);
  });

  it('prints the short summary for a job summary or a comment, within 8 KB', () => {
    const r = cli('scan', 'fixtures/demo-startup', '--format', 'summary', '--out', '-', '--no-cache');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## arch-audit: demo-startup @ `[0-9a-f]{12}`\n\n\*\*Grade C\*\* \(5\.6 \/ 10\) · 20 findings \(0 critical, 5 high, 5 medium, 8 low, 2 info\)\n/);
    expect(r.stdout).toContain('### Top findings\n\n- **high**: ');
    expect(Buffer.byteLength(r.stdout)).toBeLessThanOrEqual(8192);
  });

  it('refuses two formats on standard output, with one line and exit 2', () => {
    const r = cli('scan', 'fixtures/demo-startup', '--format', 'json,md', '--out', '-', '--no-cache');
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr.trimEnd()).toBe('arch-audit: --out - writes one format to standard output (got json, md); name one with --format');
  });
});

describe('a scan', () => {
  it('writes report.json and report.md, prints a summary, exits 0 without a gate', () => {
    const out = join(tmp, 'out0');
    const r = cli('scan', 'fixtures/demo-startup', '--out', out, '--no-cache');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(existsSync(join(out, 'report.json'))).toBe(true);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/^# Architecture audit: demo-startup/);
    expect(r.stdout).toMatch(/^demo-startup @ [0-9a-f]{12}: \d+ finding\(s\): 0 critical, \d+ high/);
    expect(r.stdout).toMatch(/reports: .*report\.json, .*report\.md/);
  });

  it('exits 1 when findings reach --fail-on, 0 when they do not', () => {
    expect(cli('scan', 'fixtures/demo-startup', '--out', join(tmp, 'out1'), '--fail-on', 'high', '--quiet').code).toBe(1);
    expect(cli('scan', 'fixtures/direct-model-call/one-module', '--only', 'direct-model-call', '--out', join(tmp, 'out2'), '--fail-on', 'info', '--quiet').code).toBe(0);
  });

  it('writes only the formats asked for, and --quiet prints nothing', () => {
    const out = join(tmp, 'out3');
    const r = cli('scan', 'fixtures/direct-model-call/basic', '--out', out, '--format', 'json', '--quiet');
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    expect([existsSync(join(out, 'report.json')), existsSync(join(out, 'report.md'))]).toEqual([true, false]);
  });

  it('loads an extra rule written in TypeScript with --rules and runs it', () => {
    const dir = join(tmp, 'extra', 'vector-store-in-many-files');
    mkdirSync(dir, { recursive: true });
    const meta = {
      id: 'vector-store-in-many-files', title: 'Vector store client used from several files', category: 'portability', severity: 'low',
      confidence: 'medium', rationale: 'Every file that talks to the vector store directly must change when the store changes.',
      remediation: { text: 'Put the vector store behind one repository module.', effortHours: 4 }, ddQuestion: 'How hard is it to change vector database?',
      languages: ['any'], requires: ['vectorStores'], lifecycle: 'experimental',
    };
    writeFileSync(join(dir, 'rule.ts'), `interface Store { id: string; files: number; evidence: string[] }
export default { meta: ${JSON.stringify(meta)}, check(ctx: { facts: { vectorStores: Store[] }; report(f: object): void }) {
  for (const v of ctx.facts.vectorStores) if (v.files > 1) ctx.report({ message: v.id + ' used from ' + v.files + ' files', locations: [{ file: v.evidence[0] ?? '', line: 1 }], evidence: v.id });
} };
`);
    const out = join(tmp, 'out-extra');
    const r = cli('scan', 'fixtures/demo-startup', '--rules', join(tmp, 'extra'), '--only', 'vector-store-in-many-files', '--out', out, '--format', 'json', '--quiet');
    expect([r.code, r.stderr]).toEqual([0, '']);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { findings: { ruleId: string; message: string; severity: string }[] };
    expect(report.findings.map((f) => [f.ruleId, f.message, f.severity])).toEqual([['vector-store-in-many-files', 'pinecone used from 4 files', 'low']]);
  });

  it('prints help and version', () => {
    expect(cli('--help').stdout).toMatch(/^Usage: arch-audit scan \[target\]/);
    expect(cli('--version').stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});
