import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../src/errors.ts';
import { fingerprint } from '../src/engine/fingerprint.ts';
import { loadRules, type LoadedRule } from '../src/engine/load.ts';
import { RuleMetaSchema } from '../src/engine/meta.ts';
import { runRules } from '../src/engine/run-rules.ts';
import { buildRepoFacts } from '../src/facts/index.ts';
import { scanFixture } from './support/scan-fixture.ts';

const validMeta = {
  id: 'always-fires',
  title: 'A rule that always reports one finding',
  category: 'engineering',
  severity: 'low',
  confidence: 'high',
  rationale: 'Used by the engine tests to prove that findings flow from a rule to the report.',
  remediation: { text: 'Nothing to do: this rule exists for tests.', effortHours: 1 },
  ddQuestion: 'Does the engine report what rules find?',
  languages: ['any'],
  requires: ['files'],
  lifecycle: 'experimental',
};

const tmp = mkdtempSync(join(tmpdir(), 'arch-audit-engine-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function ruleDir(name: string, files: Record<string, string>): string {
  const dir = join(tmp, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const emptyFacts = () => buildRepoFacts({ files: [], fileFacts: [], manifests: [], ciConfigs: [], aliases: [] });

function rule(id: string, check: LoadedRule['check']): LoadedRule {
  return { meta: RuleMetaSchema.parse({ ...validMeta, id }), check, origin: 'test' };
}

describe('rule metadata', () => {
  it('accepts complete metadata and fills defaults', () => {
    expect(RuleMetaSchema.parse(validMeta).references).toEqual([]);
  });

  it.each([
    ['severity', { severity: 'urgent' }],
    ['id', { id: 'Not_Kebab' }],
    ['remediation', { remediation: { text: 'short' } }],
    ['ddQuestion', { ddQuestion: undefined }],
    ['unknown key', { colour: 'red' }],
  ])('rejects a bad %s', (_name, patch) => {
    expect(RuleMetaSchema.safeParse({ ...validMeta, ...patch }).success).toBe(false);
  });
});

describe('loading rules from a folder (--rules)', () => {
  it('loads a valid JS rule', async () => {
    const dir = ruleDir('good', { 'always-fires/rule.mjs': `export default { meta: ${JSON.stringify(validMeta)}, check(ctx) { ctx.report({ message: 'hi', locations: [{ file: 'a.ts', line: 1 }], evidence: 'a' }); } };` });
    const rules = await loadRules(dir, 'extra');
    expect(rules.map((r) => [r.meta.id, r.origin])).toEqual([['always-fires', 'extra']]);
  });

  it('refuses a rule whose id differs from its folder, naming both', async () => {
    const dir = ruleDir('mismatch', { 'other-name/rule.mjs': `export default { meta: ${JSON.stringify(validMeta)}, check() {} };` });
    await expect(loadRules(dir, 'extra')).rejects.toThrow(new UserError('invalid rule extra/other-name: meta.id "always-fires" must equal its folder name'));
  });

  it('refuses invalid metadata with the field named', async () => {
    const dir = ruleDir('badmeta', { 'always-fires/rule.mjs': `export default { meta: ${JSON.stringify({ ...validMeta, severity: 'urgent' })}, check() {} };` });
    await expect(loadRules(dir, 'extra')).rejects.toThrow(/^invalid rule extra\/always-fires: severity: /);
  });

  it('refuses a folder without rule.ts and a module without check()', async () => {
    await expect(loadRules(ruleDir('empty', { 'always-fires/notes.md': '' }), 'x')).rejects.toThrow('no rule.ts or rule.js');
    await expect(loadRules(ruleDir('nocheck', { 'always-fires/rule.mjs': `export default { meta: ${JSON.stringify(validMeta)} };` }), 'x')).rejects.toThrow('must default-export');
  });

  it('refuses a missing folder', async () => {
    await expect(loadRules(join(tmp, 'nope'), 'nope')).rejects.toThrow('rules folder not found: nope');
  });
});

describe('running rules', () => {
  it('turns a throwing rule into a rule-error and still runs the others', async () => {
    const broken = rule('broken', () => {
      throw new Error('boom\nsecond line');
    });
    const fine = rule('fine', (ctx) => ctx.report({ message: 'found', locations: [{ file: 'x.py', line: 3 }], evidence: 'x()' }));
    const { findings, errors } = await runRules([broken, fine], emptyFacts());
    expect(errors).toEqual([{ kind: 'rule-error', ruleId: 'broken', message: 'boom' }]);
    expect(findings.map((f) => [f.ruleId, f.locations[0]?.file, f.locations[0]?.line, f.severity])).toEqual([['fine', 'x.py', 3, 'low']]);
  });

  it('lets a finding override severity and effort', async () => {
    const r = rule('override', (ctx) => ctx.report({ message: 'm', locations: [{ file: 'a', line: 1 }], evidence: 'e', severity: 'critical', effortHours: 9 }));
    const { findings } = await runRules([r], emptyFacts());
    expect([findings[0]?.severity, findings[0]?.effortHours]).toEqual(['critical', 9]);
  });

  it('a rule that crashes in a real scan is listed in the report, and the scan completes', async () => {
    const dir = ruleDir('crashing', { 'crashes-always/rule.mjs': `export default { meta: ${JSON.stringify({ ...validMeta, id: 'crashes-always' })}, check() { throw new TypeError('cannot read x'); } };` });
    const report = await (await import('./support/scan-fixture.ts')).scanFixture('fixtures/direct-model-call/basic', undefined, [dir]);
    expect(report.errors).toContainEqual({ kind: 'rule-error', ruleId: 'crashes-always', message: 'cannot read x' });
    expect(report.findings.some((f) => f.ruleId === 'direct-model-call')).toBe(true);
  });
});

describe('fingerprints', () => {
  it('ignore the line and whitespace, separate rules, files and repeated keys', () => {
    const a = fingerprint('r', 'f.ts', 'client.chat.completions.create(model: gpt-4o)', 0);
    expect(fingerprint('r', 'f.ts', 'client.chat.completions.create(model:   gpt-4o)', 0)).toBe(a);
    expect(fingerprint('r', 'g.ts', 'client.chat.completions.create(model: gpt-4o)', 0)).not.toBe(a);
    expect(fingerprint('q', 'f.ts', 'client.chat.completions.create(model: gpt-4o)', 0)).not.toBe(a);
    expect(fingerprint('r', 'f.ts', 'client.chat.completions.create(model: gpt-4o)', 1)).not.toBe(a);
  });

  it('follow a rule\'s key wherever its first location moves, and the file where there is no key', async () => {
    const anchoredAt = (file: string, key?: string) => rule('keyed', (ctx) => ctx.report({ message: 'm', locations: [{ file, line: 1 }, { file: 'z.ts', line: 4 }], evidence: `calls in ${file}`, ...(key ? { key } : {}) }));
    const print = async (r: LoadedRule) => (await runRules([r], emptyFacts())).findings[0]?.fingerprint;
    expect(await print(anchoredAt('b.ts', 'uncapped'))).toBe(await print(anchoredAt('a.ts', 'uncapped')));
    expect(await print(anchoredAt('b.ts'))).not.toBe(await print(anchoredAt('a.ts')));
  });

  it('survive code inserted above a finding in a real scan', async () => {
    const before = await scanFixture('fixtures/direct-model-call/basic', ['direct-model-call']);
    const moved = join(tmp, 'moved');
    const { cpSync, readFileSync } = await import('node:fs');
    cpSync('fixtures/direct-model-call/basic', moved, { recursive: true });
    const file = join(moved, 'src/routes/chat.ts');
    writeFileSync(file, `// a new comment\n// and another\n${readFileSync(file, 'utf8')}`);
    const after = await scanFixture(moved, ['direct-model-call']);
    const chat = (r: typeof before) => r.findings.find((f) => f.locations.some((l) => l.file === 'src/routes/chat.ts'));
    const line = (r: typeof before) => chat(r)?.locations.find((l) => l.file === 'src/routes/chat.ts')?.line ?? 0;
    expect(line(after)).toBe(line(before) + 2);
    expect(chat(after)?.fingerprint).toBe(chat(before)?.fingerprint);
  });
});
