import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR, loadRules } from '../src/engine/load.ts';
import type { Finding } from '../src/engine/run-rules.ts';
import { buildRepoFacts } from '../src/facts/index.ts';
import { createPythonParser } from '../src/parse/python.ts';
import type { Report } from '../src/report/schema.ts';
import { scan } from '../src/run.ts';
import { scoreAreas } from '../src/score/areas.ts';
import { RULE_CHECKS, ruleRuns } from '../src/score/coverage.ts';
import { fixNow, prioritize } from '../src/score/prioritize.ts';
import { scanFixture } from './support/scan-fixture.ts';

const builtin = await loadRules(fileURLToPath(BUILTIN_RULES_DIR), 'builtin');
/** Every built-in rule ran, or the ones named crashed. */
const runs = (crashed: Record<string, string> = {}) => ruleRuns(builtin, [], Object.entries(crashed).map(([ruleId, message]) => ({ kind: 'rule-error' as const, ruleId, message })));
const area = (r: Report, id: string) => r.scores.areas.find((a) => a.id === id);
const question = (r: Report, start: string) => r.questions.find((q) => q.question.startsWith(start));

function finding(over: Partial<Finding> & Pick<Finding, 'ruleId'>): Finding {
  return {
    title: over.ruleId, category: 'ai-architecture', severity: 'medium', confidence: 'high', message: 'm', locations: [{ file: 'a.ts', line: 1 }], evidence: 'e',
    fingerprint: `${over.ruleId}-${over.severity ?? 'medium'}-${over.effortHours ?? 1}`, effortHours: 1, effortLaterHours: 2, ddQuestion: 'q', data: {}, ...over,
  };
}

// Facts of a repository with a traced model call, so every area is measured.
const python = await createPythonParser();
const withCalls = buildRepoFacts({
  files: [{ path: 'a.py', language: 'python', role: 'product', size: 10, blob: null }],
  fileFacts: [python.parse('a.py', 'from openai import OpenAI\n\nOpenAI().responses.create(model="gpt-4o", input="hi")\n')],
  manifests: [], ciConfigs: [], aliases: [],
});
python.dispose();

describe('priority', () => {
  it('puts severity first, then what compounds fastest per hour of effort', () => {
    const slow = finding({ ruleId: 'slow', effortHours: 4, effortLaterHours: 4 });
    const fast = finding({ ruleId: 'fast', effortHours: 4, effortLaterHours: 40 });
    const high = finding({ ruleId: 'high', severity: 'high', effortHours: 40, effortLaterHours: 40 });
    expect(prioritize([slow, fast, high]).map((f) => f.ruleId)).toEqual(['high', 'fast', 'slow']);
  });

  it('shortlists at most five fixes of a day or less, by the hours waiting would add', () => {
    const findings = [
      finding({ ruleId: 'big', effortHours: 16, effortLaterHours: 200 }),
      finding({ ruleId: 'flat', effortHours: 2, effortLaterHours: 2 }),
      ...[1, 2, 3, 4, 5, 6].map((n) => finding({ ruleId: `r${n}`, effortHours: 1, effortLaterHours: 1 + n })),
    ];
    expect(fixNow(findings).map((f) => f.ruleId)).toEqual(['r6', 'r5', 'r4', 'r3', 'r2']);
  });
});

describe('area scores', () => {
  it('costs each rule its worst finding plus a fifth per repeat, at most double, and grades the measured areas', () => {
    const repeated = Array.from({ length: 12 }, (_, i) => finding({ ruleId: 'per-file', severity: 'high', fingerprint: `p${i}` }));
    const scores = scoreAreas([...repeated, finding({ ruleId: 'leak', category: 'security', severity: 'critical' })], withCalls, runs());
    const byId = Object.fromEntries(scores.areas.map((a) => [a.id, a.score]));
    // 12 high findings of one rule: 2.5 + min(2.5, 0.2 x 11 x 2.5) = 5; security is under its ceiling of 5.8
    expect(byId).toEqual({ 'ai-architecture': 5, evaluation: 10, observability: 10, portability: 10, engineering: 10, security: 5 });
    // (5 x .25 + 10 x .2 + 10 x .15 + 10 x .1 + 10 x .15 + 5 x .15) = 8
    expect(scores.overall).toMatchObject({ score: 8, grade: 'B', scope: 'ai-and-engineering', heldTo: null });
  });
});

describe('what a score stands on', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'arch-audit-score-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('gives a repository with no AI code no AI grade, and says the grade covers engineering only', async () => {
    const report = await scanFixture('fixtures/scores/no-ai-code');
    expect(report.scores.modelCode.status).toBe('none');
    for (const id of ['ai-architecture', 'evaluation', 'portability']) {
      expect(area(report, id)).toMatchObject({ status: 'not-applicable', score: null, reason: 'not applicable: no model calls or AI SDKs found' });
    }
    // error tracking, CI and tests are judged with or without model calls
    expect(area(report, 'observability')).toMatchObject({ status: 'measured', covered: ['error tracking'] });
    expect(area(report, 'engineering')?.status).toBe('measured');
    expect(report.scores.overall).toMatchObject({ scope: 'engineering-only' });
    expect(report.scores.overall?.note).toMatch(/^covers engineering only: no model calls or AI SDKs found, so there is no AI grade/);
    expect(question(report, 'Are model calls centralised')).toMatchObject({ status: 'not-measured', answer: 'No model calls or AI SDKs found: the question does not apply.' });
  });

  it('does not read AI code it could not trace as no AI code: the AI areas are not measured and the grade is held down', async () => {
    const report = await scanFixture('fixtures/scores/untraced-ai');
    expect(report.scores.modelCode).toMatchObject({ status: 'untraced', note: 'no model call was traced, though 1 product file imports an AI SDK or names a provider' });
    for (const id of ['ai-architecture', 'evaluation', 'portability']) {
      expect(area(report, id)).toMatchObject({ status: 'not-measured', score: null });
      expect(area(report, id)?.reason).toMatch(/^not measured: no model call was traced/);
    }
    // LLM tracing is in the observability area: only error tracking was judged
    expect(area(report, 'observability')).toMatchObject({ status: 'partly-measured', covered: ['error tracking'] });
    const overall = report.scores.overall;
    expect(overall).toMatchObject({ scope: 'engineering-only' });
    // what the grade weighs and the scan did not see counts as middling: never better than a C
    expect(overall?.heldTo).not.toBeNull();
    expect(overall?.score).toBeLessThan(7);
    expect(overall?.note).toMatch(/the AI areas are not measured/);
    expect(question(report, 'Are model calls centralised')).toMatchObject({ status: 'not-measured' });
    expect(question(report, 'Are model calls centralised')?.answer).toMatch(/^No model call was traced, though 1 product file imports an AI SDK/);
  });

  it('a manifest that declares a model SDK is AI code too, even when no file imports it', () => {
    const facts = buildRepoFacts({
      files: [{ path: 'pyproject.toml', language: null, role: 'product', size: 10, blob: null }], fileFacts: [], ciConfigs: [], aliases: [],
      manifests: [{ path: 'pyproject.toml', kind: 'pyproject', ecosystem: 'pypi', name: 'x', dependencies: [{ name: 'anthropic', spec: '>=0.40', scope: 'prod', ecosystem: 'pypi' }], workspaces: [], includes: [] }],
    });
    const scores = scoreAreas([], facts, runs());
    expect(scores.modelCode).toMatchObject({ status: 'untraced', note: 'no model call was traced, though anthropic is declared as a dependency' });
    expect(scores.areas.find((a) => a.id === 'ai-architecture')?.status).toBe('not-measured');
  });

  it('holds the AI areas to what was traced when much of the model code is unresolved', async () => {
    const report = await scanFixture('fixtures/scores/partly-traced');
    // 1 traced file, 3 whose calls were found by name only (half seen each), 1 that builds a client no call
    // was seen on (half unseen): (1 + 1.5) / (1 + 3 + 0.5)
    expect(report.inventory.modelCoverage).toEqual({ traced: 1, lowConfidence: 3, unresolved: 1 });
    expect(report.inventory.unresolved).toMatchObject([{ file: 'app/clients.py', reason: 'builds-clients-only' }]);
    expect(report.scores.modelCode).toMatchObject({ status: 'partly-traced', seen: 0.56 });
    for (const id of ['ai-architecture', 'evaluation', 'portability']) {
      const a = area(report, id);
      // 0.56 x 10 + 0.44 x 5
      expect(a).toMatchObject({ status: 'partly-measured', ceiling: 7.8 });
      expect(a?.score).toBeLessThanOrEqual(7.8);
      expect(a?.reason).toMatch(/Partly measured: not seen: 56% of the model code traced/);
    }
    // no portability finding, and still no clean pass
    expect(area(report, 'portability')).toMatchObject({ score: 7.8 });
    expect(area(report, 'portability')?.reason).toMatch(/^no findings\. .*The 44% not measured counts as middling, never as clean$/);
    expect(question(report, 'What would it cost to switch')?.answer).toMatch(/Partly measured: 56% of the model code traced/);
  });

  it('scores security as partly measured, saying what it covered and what it did not review, never a clean 10', async () => {
    const report = await scanFixture('fixtures/scores/partly-traced');
    const security = area(report, 'security');
    // seen: committed credentials (1), model output run and model routes' auth (0.56 each, the share of model code traced) of 6 checks
    expect(security).toMatchObject({ status: 'partly-measured', covered: ['committed credentials', 'model output run as commands, code or SQL', 'authentication of model routes'], score: 6.8, ceiling: 6.8 });
    expect(security?.reason).toMatch(/^no findings\. Partly measured: covered committed credentials, model output run as commands, code or SQL, authentication of model routes; not reviewed: default credentials, /);
    expect(security?.notCovered.filter((n) => n.kind === 'not-reviewed')).toHaveLength(3);
    expect(question(report, 'How are credentials managed')?.answer).toMatch(/Not reviewed: default credentials, provider keys returned by API routes/);
  });

  it('answers the service questions of a command-line tool as not applying, with no caveat about what was measured', async () => {
    const report = await scanFixture('fixtures/scores/partly-traced-cli');
    expect(report.inventory.product.kind).toBe('cli');
    expect(question(report, 'Can you see every model call')).toMatchObject({
      status: 'ok', answer: "Not a question for a command-line tool: its model calls run on its users' machines, out of the company's sight.",
    });
  });

  it('a rule left out with --skip or --only makes its area partly or not measured, and its question unanswered', async () => {
    const skipped = (await scan({ target: 'fixtures/scores/partly-traced', failOn: null, skip: ['committed-secret', 'model-output-executed', 'model-route-unauthenticated'], rulesDirs: [], cacheDir: null, workers: 0, maxFileBytes: 1_000_000, folderOnly: true })).report;
    expect(area(skipped, 'security')).toMatchObject({ status: 'not-measured', score: null });
    expect(area(skipped, 'security')?.reason).toBe('not measured: its rules did not run (committed-secret left out with --skip; model-output-executed left out with --skip; model-route-unauthenticated left out with --skip)');
    expect(question(skipped, 'How are credentials managed')).toMatchObject({ status: 'not-measured', answer: 'Its rules did not run (committed-secret left out with --skip; model-output-executed left out with --skip; model-route-unauthenticated left out with --skip).' });
    const only = await scanFixture('fixtures/scores/no-ai-code', ['no-error-tracking', 'no-ci-tests']);
    expect(area(only, 'observability')?.status).toBe('measured');
    const engineering = area(only, 'engineering');
    expect(engineering?.status).toBe('partly-measured');
    expect(engineering?.notCovered).toContainEqual({ check: 'lockfiles', kind: 'not-run', why: 'no-lockfile left out with --only' });
    expect(question(only, 'Is the code tested')).toMatchObject({ status: 'not-measured' });
  });

  it('a rule that crashed is not a pass: its area is partly or not measured, and says which rule and why', async () => {
    const crashed = scoreAreas([], withCalls, runs({ 'committed-secret': 'boom' }));
    const security = crashed.areas.find((a) => a.id === 'security');
    expect(security).toMatchObject({ status: 'partly-measured' });
    expect(security?.reason).toMatch(/not run: committed-secret crashed: boom/);
    expect(security?.notCovered).toContainEqual({ check: 'committed credentials', kind: 'not-run', why: 'committed-secret crashed: boom' });
    // a user rule of the security area that throws, beside committed-secret that ran
    const dir = join(tmp, 'rules', 'checks-routes');
    mkdirSync(dir, { recursive: true });
    const meta = {
      id: 'checks-routes', title: 'Model routes without authentication', category: 'security', severity: 'high', confidence: 'medium',
      rationale: 'An open route that spends model budget can be abused by anyone who finds it on the internet.',
      remediation: { text: 'Put the route behind the product authentication.', effortHours: 2 }, ddQuestion: 'Who can call the model routes?',
      languages: ['any'], requires: ['files'], lifecycle: 'experimental',
    };
    writeFileSync(join(dir, 'rule.mjs'), `export default { meta: ${JSON.stringify(meta)}, check() { throw new Error('cannot read routes'); } };`);
    const report = await scanFixture('fixtures/scores/partly-traced', undefined, [join(tmp, 'rules')]);
    expect(report.errors).toContainEqual({ kind: 'rule-error', ruleId: 'checks-routes', message: 'cannot read routes' });
    expect(area(report, 'security')?.notCovered).toContainEqual({ check: 'model routes without authentication', kind: 'not-run', why: 'checks-routes crashed: cannot read routes' });
    expect(area(report, 'security')?.reason).toMatch(/not run: checks-routes crashed: cannot read routes/);
  });

  it('knows what every built-in rule covers', () => {
    expect(builtin.map((r) => r.meta.id).filter((id) => RULE_CHECKS[id] === undefined)).toEqual([]);
  });
});
