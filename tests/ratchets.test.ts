import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../src/errors.ts';
import { MetricInventorySchema, type MetricInventory } from '../src/report/metrics.ts';
import { checkRatchets } from '../src/report/ratchets.ts';
import { loadConfig } from '../src/settings/load.ts';

const tmp = mkdtempSync(join(tmpdir(), 'arch-audit-ratchets-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const inventory = (calls: string[], bypass: string[], ids: string[], reached: string[] = []): MetricInventory =>
  MetricInventorySchema.parse({ modelCalls: calls.map((file) => ({ file })), modelIds: ids.map((id) => ({ id })), gateway: { bypassFiles: bypass }, evalHarness: { reachedCallFiles: reached } });

describe('ratchets on architecture metrics', () => {
  const before = inventory(['a.ts', 'b.ts', 'llm.ts'], ['a.ts'], ['gpt-4o'], ['llm.ts', 'a.ts']);
  const after = inventory(['a.ts', 'b.ts', 'c.ts', 'llm.ts'], ['a.ts', 'c.ts'], ['gpt-4o', 'gpt-4.1', 'o3'], ['llm.ts']);

  it('breaks when a metric grows past the baseline, naming the old and new value and what moved it', () => {
    expect(checkRatchets({ 'files-outside-gateway': 'no-increase' }, after, before)).toEqual([{
      metric: 'files-outside-gateway', label: 'model-calling files outside the gateway', rule: 'no-increase', before: 1, after: 2, status: 'broken', added: ['c.ts'],
      message: 'ratchet broken: files-outside-gateway went from 1 to 2 (no-increase); new since the baseline: c.ts',
    }]);
  });

  it('holds when the metric stays or falls, and a maximum holds up to its value', () => {
    const r = checkRatchets({ 'files-outside-gateway': 'no-increase', 'distinct-model-ids': { max: 3 } }, before, after);
    expect(r.map((x) => [x.metric, x.status, x.message])).toEqual([
      ['files-outside-gateway', 'held', 'ratchet held: files-outside-gateway is 1 (2 in the baseline)'],
      ['distinct-model-ids', 'held', 'ratchet held: distinct-model-ids is 1 (3 in the baseline)'],
    ]);
    expect(checkRatchets({ 'distinct-model-ids': { max: 3 } }, after, null)[0]?.status).toBe('held');
  });

  it('breaks a maximum without a baseline, and a minimum or no-decrease where less is worse (eval reach)', () => {
    expect(checkRatchets({ 'distinct-model-ids': { max: 2 } }, after, null)[0]?.message).toBe('ratchet broken: distinct-model-ids is 3, above its maximum of 2');
    expect(checkRatchets({ 'eval-reach': 'no-decrease' }, after, before)[0]).toMatchObject({ status: 'broken', before: 2, after: 1, message: 'ratchet broken: eval-reach went from 2 to 1 (no-decrease)' });
    expect(checkRatchets({ 'eval-reach': { min: 2 } }, after, null)[0]).toMatchObject({ status: 'broken', rule: 'min 2' });
  });

  it('does not check a comparison with nothing to compare with, and says so', () => {
    expect(checkRatchets({ 'files-outside-gateway': 'no-increase' }, after, null)[0]).toMatchObject({
      status: 'not-checked', before: null, message: 'ratchet not checked: files-outside-gateway is 2; no-increase needs a baseline (--baseline, or `baseline` in the config)',
    });
  });

  it('are checked in the config: an unknown metric names the one meant, a limit must be given', () => {
    const problem = (text: string): string => {
      const path = join(tmp, `c${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(path, text);
      try {
        loadConfig(path, 'arch-audit.config.json', []);
      } catch (err) {
        expect(err).toBeInstanceOf(UserError);
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(problem('{ "ratchets": { "files-outside-gateways": "no-increase" } }')).toBe('arch-audit.config.json: ratchets: unknown key "files-outside-gateways" (did you mean "files-outside-gateway"?)');
    expect(problem('{ "ratchets": { "providers": {} } }')).toMatch(/^arch-audit\.config\.json: ratchets\.providers: /);
    expect(problem('{ "ratchets": { "providers": "less" } }')).toMatch(/^arch-audit\.config\.json: ratchets\.providers: /);
  });
});

describe('a rescan with ratchets', () => {
  function cli(...args: string[]) {
    const r = spawnSync(process.execPath, ['dist/src/bin.mjs', ...args], { encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('fails the gate when a file calling a model outside the gateway is added, and passes on the baseline\'s own code', () => {
    const repo = join(tmp, 'repo');
    cpSync('fixtures/direct-model-call/basic', repo, { recursive: true });
    writeFileSync(join(repo, 'arch-audit.config.json'), JSON.stringify({
      baseline: '../baseline/baseline.json',
      ratchets: { 'files-outside-gateway': 'no-increase', 'distinct-model-ids': { max: 5 } },
    }));
    const quiet = ['--no-cache', '--quiet', '--format', 'json'];
    expect(cli('baseline', repo, '--out', join(tmp, 'baseline'), '--no-config', '--no-cache', '--quiet').code).toBe(0);
    // Nothing changed: every ratchet holds.
    const same = cli('scan', repo, '--out', join(tmp, 'same'), ...quiet);
    expect([same.code, same.stderr]).toEqual([0, '']);
    writeFileSync(join(repo, 'src/routes/title.ts'), `import OpenAI from 'openai';

const client = new OpenAI();

export async function title(text: string): Promise<string> {
  const res = await client.chat.completions.create({ model: 'gpt-4.1-mini', max_tokens: 20, messages: [{ role: 'user', content: text }] });
  return res.choices[0]?.message.content ?? '';
}
`);
    const grown = cli('scan', repo, '--out', join(tmp, 'grown'), ...quiet);
    expect(grown.code).toBe(1);
    expect(grown.stderr).toBe('arch-audit: ratchet broken: files-outside-gateway went from 2 to 3 (no-increase); new since the baseline: src/routes/title.ts\n');
    const report = JSON.parse(readFileSync(join(tmp, 'grown', 'report.json'), 'utf8')) as { summary: { gate: { passed: boolean; ratchetsBroken: number }; ratchets: { metric: string; status: string; before: number; after: number }[] } };
    expect(report.summary.gate).toMatchObject({ passed: false, ratchetsBroken: 1 });
    expect(report.summary.ratchets.map((r) => [r.metric, r.status, r.before, r.after])).toEqual([['files-outside-gateway', 'broken', 2, 3], ['distinct-model-ids', 'held', 3, 4]]);
    // The summary a CI job shows says which ratchet broke and why.
    const summary = cli('scan', repo, '--format', 'summary', '--out', '-', '--no-cache');
    expect(summary.code).toBe(1);
    expect(summary.stdout).toContain('- **broken**: model-calling files outside the gateway 2 → 3 (no-increase); new: `src/routes/title.ts`');
  });
});
