import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitAll, initRepo } from './acquire/helpers.ts';

// A rescan against a previous report: the fixture is scanned once as the baseline, then edited the way a
// week of work edits a repository (code moved down a file, output caps added to the calls that lacked them,
// one more file calling a model, a token pasted into code) and scanned again with --baseline.

const tmp = mkdtempSync(join(tmpdir(), 'arch-audit-baseline-'));
const repo = join(tmp, 'repo');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['dist/src/bin.mjs', ...args], { encoding: 'utf8', env: { ...process.env, ARCH_AUDIT_CACHE_DIR: join(tmp, 'cache') } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Finding { ruleId: string; severity: string; fingerprint: string; baseline?: string; locations: { file: string; line: number }[] }
interface Growth { fingerprint: string; severityBefore: string; addedFiles: string[] }
interface Report {
  findings: Finding[];
  summary: {
    gate: { failOn: string | null; newOnly: boolean; passed: boolean };
    baseline: { new: number; updated: number; unchanged: number; growth: Growth[]; fixed: { ruleId: string; file: string; line: number }[] } | null;
  };
}

const readReport = (dir: string, name = 'report.json'): Report => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Report;
const at = (f: Finding) => `${f.ruleId} ${f.locations[0]?.file}:${f.locations[0]?.line}`;

let before: Report;

beforeAll(() => {
  cpSync('fixtures/direct-model-call/basic', repo, { recursive: true });
  // One repository at two commits: the baseline is scanned at the first, the rescan at the second.
  initRepo(repo);
  commitAll(repo, 'the product as it was');
  const r = cli('baseline', repo, '--out', join(tmp, 'base'), '--no-cache', '--quiet');
  expect([r.code, r.stderr]).toEqual([0, '']);
  before = readReport(join(tmp, 'base'), 'baseline.json');
  const tagger = join(repo, 'services/worker/tagger.py');
  writeFileSync(tagger, `"""Ticket tagging."""\n\n\n${readFileSync(tagger, 'utf8')}`);
  const chat = join(repo, 'src/routes/chat.ts');
  writeFileSync(chat, readFileSync(chat, 'utf8').replace("model: 'gpt-4o',", "model: 'gpt-4o',\n    max_tokens: 300,"));
  const summarize = join(repo, 'src/routes/summarize.ts');
  writeFileSync(summarize, readFileSync(summarize, 'utf8').replace("model: 'gpt-4o-mini',", "model: 'gpt-4o-mini', max_output_tokens: 300,"));
  // A token from the committed-secret fixture, so no second copy of a key-shaped string is committed.
  const token = /hf_[A-Za-z0-9]+/.exec(readFileSync('fixtures/committed-secret/fires/app/worker.py', 'utf8'))?.[0];
  writeFileSync(join(repo, 'services/worker/settings.py'), `HF_TOKEN = "${token}"\n`);
  writeFileSync(join(repo, 'src/routes/title.ts'), `import OpenAI from 'openai';

const client = new OpenAI();

export async function title(text: string): Promise<string> {
  const res = await client.chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: text }] });
  return res.choices[0]?.message.content ?? '';
}
`);
  commitAll(repo, 'a week of work');
}, 60_000);

describe('a rescan with --baseline', () => {
  it('keeps the identity of a finding whose code moved, marks what appeared as new, and lists what was fixed', () => {
    const out = join(tmp, 'after');
    const r = cli('scan', repo, '--baseline', join(tmp, 'base', 'baseline.json'), '--out', out, '--format', 'json,md,sarif', '--no-cache');
    expect(r.code).toBe(0);
    const after = readReport(out);
    const moved = after.findings.find((f) => f.ruleId === 'hardcoded-model-id');
    const was = before.findings.find((f) => f.ruleId === 'hardcoded-model-id');
    expect([was?.locations[0]?.line, moved?.locations[0]?.line, moved?.baseline]).toEqual([7, 10, 'unchanged']);
    expect(moved?.fingerprint).toBe(was?.fingerprint);
    expect(after.findings.filter((f) => f.baseline === 'new').map(at)).toEqual(['committed-secret services/worker/settings.py:1']);
    // One finding per root cause: a fourth file calling models grows the findings about calls, and the
    // scattered calls now span two areas, which raises that finding from medium to high.
    const grew = new Map(after.summary.baseline?.growth.map((g) => [after.findings.find((f) => f.fingerprint === g.fingerprint)?.ruleId, g]));
    expect([...grew.keys()].sort()).toEqual(['direct-model-call', 'model-call-no-timeout', 'no-eval-harness', 'no-llm-observability', 'untested-model-code']);
    expect(grew.get('direct-model-call')).toMatchObject({ severityBefore: 'medium', addedFiles: ['src/routes/title.ts'] });
    expect(after.findings.find((f) => f.ruleId === 'direct-model-call')).toMatchObject({ severity: 'high', baseline: 'updated' });
    expect(after.summary.baseline?.fixed.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['model-call-no-token-limit src/routes/chat.ts:7']);
    expect([after.summary.baseline?.new, after.summary.baseline?.updated, after.summary.baseline?.unchanged]).toEqual([1, 5, after.findings.length - 6]);
    // Every format says it: the summary line, Markdown, SARIF's baselineState.
    expect(r.stdout).toMatch(/since the baseline .*baseline\.json: 1 new, 5 grew, \d+ unchanged, 1 fixed/);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toMatch(/### Since the baseline\n\nCompared with `.*baseline\.json`.*: \*\*1 new\*\*, \*\*5 grew\*\*, \d+ unchanged, \*\*1 fixed\*\*\./);
    expect(md).toMatch(/- Model calls made directly from product code, outside a gateway: medium then, high now; now also in `src\/routes\/title\.ts`/);
    expect(md).toMatch(/\| Critical \(new\) \| `services\/worker\/settings\.py:1` \|/);
    const sarif = JSON.parse(readFileSync(join(out, 'report.sarif'), 'utf8')) as { runs: { results: { ruleId: string; baselineState?: string }[] }[] };
    const states = sarif.runs[0]?.results.map((x) => x.baselineState) ?? [];
    expect(['new', 'updated', 'unchanged'].map((k) => states.filter((s) => s === k).length)).toEqual([1, 5, after.findings.length - 6]);
    // The short summary a CI step posts leads with what is new.
    const summary = cli('scan', repo, '--baseline', join(tmp, 'base', 'baseline.json'), '--format', 'summary', '--out', '-', '--no-cache');
    expect(summary.stdout).toMatch(/Since the baseline: \*\*1 new\*\*, \*\*5 grew\*\*, \d+ unchanged, \*\*1 fixed\*\*\.\n\n### New or grown\n\n- \*\*critical\*\* new: /);
  });

  it('gates on new findings and findings that grew with --new-only, and on every finding without it', () => {
    // A scan of the baseline's own code: nothing new, nothing grew, so a --new-only gate passes where the plain gate fails.
    const base = join(tmp, 'base', 'baseline.json');
    const same = join(tmp, 'same');
    cpSync('fixtures/direct-model-call/basic', same, { recursive: true });
    const quiet = ['--format', 'json', '--no-cache', '--quiet'];
    expect(cli('scan', same, '--baseline', base, '--fail-on', 'high', '--new-only', '--out', join(tmp, 'g0'), ...quiet).code).toBe(0);
    expect(readReport(join(tmp, 'g0')).summary.gate).toEqual({ failOn: 'high', newOnly: true, passed: true, ratchetsBroken: 0 });
    expect(cli('scan', same, '--baseline', base, '--fail-on', 'high', '--out', join(tmp, 'g1'), ...quiet).code).toBe(1);
    // The edited repository has a new critical finding.
    expect(cli('scan', repo, '--baseline', base, '--fail-on', 'critical', '--new-only', '--out', join(tmp, 'g2'), ...quiet).code).toBe(1);
  });

  it('arch-audit diff puts the two scans side by side: findings new, grown and fixed, the grade, the metrics', () => {
    const before = join(tmp, 'base', 'baseline.json');
    const after = join(tmp, 'after', 'report.json');
    const md = cli('diff', before, after);
    expect([md.code, md.stderr]).toEqual([0, '']);
    expect(md.stdout).toMatch(/^# arch-audit diff: .*repo\n\nFrom `[0-9a-f]{12}` \(\d{4}-\d\d-\d\d\) to `[0-9a-f]{12}` \(\d{4}-\d\d-\d\d\): grade \w \([\d.]+ \/ 10\) → \w \([\d.]+ \/ 10\); findings \d+ → \d+ \(\*\*1 new\*\*, \*\*5 grew\*\*, \*\*1 fixed\*\*\)\./);
    expect(md.stdout).toContain('| model-calling files | 3 | 4 | +1 |');
    expect(md.stdout).toMatch(/\| model-calling files outside the gateway \| (\d+) \| \d+ \| \+1 \|/);
    expect(md.stdout).toContain('| model providers | 2 | 2 | = |');
    // Each area's score on both sides: the new critical credential moves Security.
    expect(md.stdout).toMatch(/\| Area score \| Before \| After \| Change \|\n\| --- \| ---: \| ---: \| ---: \|\n(\| [\w ]+ \| [\d.]+ \| [\d.]+ \| (=|[+-][\d.]+) \|\n){6}/);
    expect(md.stdout).toMatch(/\| Security \| [\d.]+ \| [\d.]+ \| -[\d.]+ \|/);
    expect(md.stdout).toMatch(/## New\n\n- \*\*critical\*\*: .*\(`services\/worker\/settings\.py:1`\)/);
    expect(md.stdout).toMatch(/## Grew\n\n(- .*\n){0,4}- \*\*high\*\*: Model calls are made directly from 4 files.*: medium before; now also in `src\/routes\/title\.ts`/);
    expect(md.stdout).toMatch(/## Fixed\n\n- \*\*low\*\*: .*\(`src\/routes\/chat\.ts:7`\)/);
    const json = JSON.parse(cli('diff', before, after, '--format', 'json').stdout) as { metrics: { id: string; old: number; new: number }[]; findings: { new: unknown[]; grew: unknown[]; fixed: unknown[] } };
    expect(json.metrics.find((m) => m.id === 'model-calling-files')).toMatchObject({ old: 3, new: 4 });
    expect([json.findings.new.length, json.findings.grew.length, json.findings.fixed.length]).toEqual([1, 5, 1]);
    // The same as one self-contained page: the metrics table and the findings, every value escaped.
    const html = cli('diff', before, after, '--format', 'html').stdout;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<tr><td>model-calling files</td><td class="num">3</td><td class="num">4</td><td class="num">+1</td></tr>');
    expect(html).toContain('<h2>New</h2><ul><li><b>critical</b>: ');
    expect(html).not.toContain('<script');
    const one = cli('diff', before);
    expect([one.code, one.stderr.trimEnd()]).toEqual([2, 'arch-audit: arch-audit diff needs two report.json files: OLD NEW']);
  });

  it('refuses a baseline it cannot use, and --new-only without what it needs, with one line and exit 2', () => {
    writeFileSync(join(tmp, 'not-json.json'), '{ nope');
    writeFileSync(join(tmp, 'other.json'), JSON.stringify({ findings: [{ ruleId: 'x' }] }));
    const cases: [string[], RegExp][] = [
      [['--baseline', join(tmp, 'missing.json')], /^arch-audit: cannot read baseline .*missing\.json: no such file\n$/],
      [['--baseline', join(tmp, 'not-json.json')], /^arch-audit: baseline .*not-json\.json is not JSON/],
      [['--baseline', join(tmp, 'other.json')], /^arch-audit: baseline .*other\.json is not an arch-audit report\.json: .* at findings\.0\./],
      [['--new-only', '--fail-on', 'high'], /^arch-audit: --new-only needs --baseline FILE/],
      [['--new-only', '--baseline', join(tmp, 'base', 'baseline.json')], /^arch-audit: --new-only gates nothing without --fail-on/],
    ];
    for (const [args, line] of cases) {
      const r = cli('scan', repo, ...args, '--out', join(tmp, 'bad'), '--no-cache');
      expect(r.code).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(line);
    }
  });
});
