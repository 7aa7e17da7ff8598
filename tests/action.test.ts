import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readInputs } from '../src/action/main.ts';

// The GitHub Action as the runner drives it: inputs in INPUT_* variables, a job-summary file and an outputs
// file named by GITHUB_STEP_SUMMARY and GITHUB_OUTPUT, the workspace as the working folder.

const tmp = mkdtempSync(join(tmpdir(), 'arch-audit-action-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface ActionYml {
  inputs: Record<string, { description: string; default: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: { id?: string; run?: string; env?: Record<string, string> }[] };
}
const action = parse(readFileSync('action.yml', 'utf8')) as ActionYml;

function runAction(name: string, inputs: Record<string, string>) {
  const dir = join(tmp, name);
  const summary = join(tmp, `${name}-summary.md`);
  const output = join(tmp, `${name}-output.txt`);
  writeFileSync(summary, '');
  writeFileSync(output, '');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, RUNNER_TEMP: dir, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output, ARCH_AUDIT_CACHE_DIR: join(tmp, 'cache') };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const r = spawnSync(process.execPath, [join(process.cwd(), 'dist/src/action/run.mjs')], { cwd: tmp, env, encoding: 'utf8' });
  const outputs = Object.fromEntries(readFileSync(output, 'utf8').trim().split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, summary: readFileSync(summary, 'utf8'), summaryBytes: statSync(summary).size, outputs };
}

describe('action.yml', () => {
  it('is a composite action that installs this repository and runs the entry point with every input', () => {
    expect(action.runs.using).toBe('composite');
    const step = action.runs.steps.find((s) => s.id === 'scan');
    expect(step?.run).toBe('node "$GITHUB_ACTION_PATH/dist/src/action/run.mjs"');
    // Each input reaches the entry point, under the name the runner would give it.
    expect(Object.keys(step?.env ?? {}).sort()).toEqual(Object.keys(action.inputs).map((k) => `INPUT_${k.toUpperCase().replace(/-/g, '_')}`).sort());
    for (const [k, v] of Object.entries(step?.env ?? {})) expect(v).toBe(`\${{ inputs.${k.slice(6).toLowerCase().replace(/_/g, '-')} }}`);
    for (const input of Object.values(action.inputs)) expect(input.description.length).toBeGreaterThan(10);
  });

  it('reads its defaults the way action.yml declares them', () => {
    const defaults = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v.default]));
    expect(readInputs({ ...defaults, RUNNER_TEMP: '/runner/tmp' })).toEqual({
      target: '.', formats: ['json', 'md', 'summary', 'sarif'], out: '/runner/tmp/arch-audit-report', failOn: 'none', newOnly: false, baseline: '', config: '', sarif: true, summary: true,
    });
  });
});

describe('the action, run as the runner runs it', () => {
  const repo = join(tmp, 'product');
  cpSync('fixtures/direct-model-call/basic', repo, { recursive: true });

  it('fails the step on the gate, writes a short job summary and every output it declares', () => {
    const r = runAction('gate', { target: 'product', 'fail-on': 'high' });
    expect(r.code).toBe(1);
    expect(r.summaryBytes).toBeLessThanOrEqual(8 * 1024);
    expect(r.summary).toMatch(/^## arch-audit: product\n\n\*\*Grade [A-F]\*\* \(\d+(\.\d)? \/ 10\) · \d+ findings \(\d+ critical, \d+ high, /);
    expect(r.summary).toContain('gate `--fail-on high`: **failed**');
    expect(r.summary).toContain('### Top findings');
    expect(Object.keys(r.outputs).sort()).toEqual(Object.keys(action.outputs).sort());
    expect(r.outputs).toMatchObject({ gate: 'failed', 'exit-code': '1', 'new-findings': '', 'ratchets-broken': '0', 'report-dir': join(tmp, 'gate', 'arch-audit-report') });
    expect(r.outputs.grade).toMatch(/^[A-F]$/);
    expect(Number(r.outputs.high)).toBeGreaterThan(0);
    expect(existsSync(r.outputs['sarif-file'] ?? '')).toBe(true);
    expect(JSON.parse(readFileSync(r.outputs['report-json'] ?? '', 'utf8')).summary.totalFindings).toBe(Number(r.outputs.findings));
  });

  it('with a baseline and a ratchet: counts what is new, and says which ratchet broke in the summary', () => {
    const first = runAction('first', { target: 'product', sarif: 'false' });
    expect(first.code).toBe(0);
    writeFileSync(join(repo, 'src/routes/title.ts'), `import OpenAI from 'openai';

export const title = (text: string) => new OpenAI().chat.completions.create({ model: 'gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: text }] });
`);
    writeFileSync(join(tmp, 'ratchets.json'), '{ "ratchets": { "files-outside-gateway": "no-increase" } }');
    const r = runAction('second', { target: 'product', baseline: first.outputs['report-json'] ?? '', config: join(tmp, 'ratchets.json'), 'fail-on': 'critical', 'new-only': 'true', sarif: 'false' });
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ gate: 'failed', 'ratchets-broken': '1' });
    expect(Number(r.outputs['new-findings'])).toBeGreaterThan(0);
    expect(r.outputs['sarif-file']).toBeUndefined();
    expect(r.summary).toContain('- **broken**: model-calling files outside the gateway 2 → 3 (no-increase); new: `src/routes/title.ts`');
    expect(r.summary).toContain('Since the baseline: **');
    expect(r.stdout).toContain('::error title=arch-audit ratchet::ratchet broken: files-outside-gateway went from 2 to 3 (no-increase); new since the baseline: src/routes/title.ts\n');
  });

  it('a bad input stops with exit 2, one line saying why, and the exit code as an output', () => {
    const r = runAction('bad', { target: 'product', 'fail-on': 'urgent' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^arch-audit: unknown severity for --fail-on: urgent/);
    expect(r.outputs).toEqual({ 'exit-code': '2', 'report-dir': join(tmp, 'bad', 'arch-audit-report') });
    expect(r.summary).toBe('');
    expect(runAction('bad-flag', { target: 'product', 'new-only': 'yes' }).stderr).toBe('::error title=arch-audit::input new-only must be true or false (got "yes")\n');
  });
});
