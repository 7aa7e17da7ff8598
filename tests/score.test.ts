import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/engine/run-rules.ts';
import { buildRepoFacts } from '../src/facts/index.ts';
import { scoreAreas } from '../src/score/areas.ts';
import { fixNow, prioritize } from '../src/score/prioritize.ts';
import { scanFixture } from './support/scan-fixture.ts';

function finding(over: Partial<Finding> & Pick<Finding, 'ruleId'>): Finding {
  return {
    title: over.ruleId, category: 'ai-architecture', severity: 'medium', confidence: 'high', message: 'm', locations: [{ file: 'a.ts', line: 1 }], evidence: 'e',
    fingerprint: `${over.ruleId}-${over.severity ?? 'medium'}-${over.effortHours ?? 1}`, effortHours: 1, effortLaterHours: 2, ddQuestion: 'q', data: {}, ...over,
  };
}

// Facts of a repository with model calls, so every area is measured.
const withCalls = buildRepoFacts({
  files: [{ path: 'a.py', language: 'python', role: 'product', size: 10, blob: null }],
  fileFacts: [{
    path: 'a.py', language: 'python', depth: 'full', strings: [], definitions: [], decorators: [], prompts: [],
    imports: [{ module: 'openai', line: 1, bindings: [{ imported: 'OpenAI', local: 'OpenAI' }], kind: 'static', typeOnly: false }],
    calls: [{ callee: 'OpenAI().responses.create', line: 2, column: 1, origin: { module: 'openai', path: 'OpenAI().responses.create' }, isNew: false, args: { count: 0, positional: [], keys: [], values: {} }, enclosing: '<module>' }],
  }],
  manifests: [], ciConfigs: [], aliases: [],
});

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
    const scores = scoreAreas([...repeated, finding({ ruleId: 'leak', category: 'security', severity: 'critical' })], withCalls);
    const byId = Object.fromEntries(scores.areas.map((a) => [a.id, a.score]));
    // 12 high findings of one rule: 2.5 + min(2.5, 0.2 x 11 x 2.5) = 5
    expect(byId).toEqual({ 'ai-architecture': 5, evaluation: 10, observability: 10, portability: 10, engineering: 10, security: 5 });
    // (5 x .25 + 10 x .2 + 10 x .15 + 10 x .1 + 10 x .15 + 5 x .15) = 8
    expect(scores.overall).toEqual({ score: 8, grade: 'B' });
  });

  it('says an area is not measured, never a pass, when the scan had nothing to judge it by', async () => {
    const report = await scanFixture('fixtures/no-error-tracking/fires');
    const byId = Object.fromEntries(report.scores.areas.map((a) => [a.id, a.score]));
    expect(byId['ai-architecture']).toBeNull();
    expect(byId['evaluation']).toBeNull();
    expect(byId['security']).toBe(10);
    expect(report.scores.areas.find((a) => a.id === 'portability')?.reason).toMatch(/^not measured/);
    // error tracking is judged with or without model calls
    expect(byId['observability']).toBe(8.8);
    expect(report.questions.find((q) => q.question.startsWith('Are model calls centralised'))?.status).toBe('not-measured');
  });
});
