import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/engine/run-rules.ts';
import { applySuppressions, findIgnoreComments } from '../src/engine/suppress.ts';
import { render } from '../src/run.ts';
import { scanFixture } from './support/scan-fixture.ts';

function finding(ruleId: string, locations: { file: string; line: number }[]): Finding {
  return {
    ruleId, title: 't', category: 'ai-architecture', severity: 'medium', confidence: 'high', message: 'm', locations, evidence: 'e',
    fingerprint: `${ruleId}-fp`, effortHours: 1, effortLaterHours: null, ddQuestion: 'q', data: {},
  };
}

describe('ignore comments', () => {
  it('reads the rule and the reason in any comment syntax', () => {
    const text = ['// arch-audit-ignore direct-model-call -- the one sanctioned bypass', '# arch-audit-ignore hardcoded-model-id', '/* arch-audit-ignore no-model-fallback -- single vendor by contract */'].join('\n');
    expect(findIgnoreComments('a.ts', text)).toEqual([
      { file: 'a.ts', line: 1, ruleId: 'direct-model-call', reason: 'the one sanctioned bypass' },
      { file: 'a.ts', line: 2, ruleId: 'hardcoded-model-id', reason: null },
      { file: 'a.ts', line: 3, ruleId: 'no-model-fallback', reason: 'single vendor by contract' },
    ]);
  });

  it('removes suppressed locations, suppresses a finding left with none, and reports comments that do nothing', () => {
    const comments = [
      { file: 'a.ts', line: 9, ruleId: 'r', reason: 'ok here' },
      { file: 'b.ts', line: 4, ruleId: 'r', reason: 'ok there' },
      { file: 'c.ts', line: 1, ruleId: 'r', reason: null },
      { file: 'd.ts', line: 1, ruleId: 'r', reason: 'nothing here' },
    ];
    const partial = finding('r', [{ file: 'a.ts', line: 10 }, { file: 'c.ts', line: 2 }]);
    const whole = finding('r', [{ file: 'b.ts', line: 4 }]);
    const other = finding('s', [{ file: 'a.ts', line: 10 }]);
    const result = applySuppressions([partial, whole, other], comments);
    expect(result.findings.map((f) => [f.ruleId, f.locations])).toEqual([['r', [{ file: 'c.ts', line: 2 }]], ['s', [{ file: 'a.ts', line: 10 }]]]);
    expect(result.suppressed.map((s) => [s.finding.locations[0]?.file, s.reason])).toEqual([['b.ts', 'ok there']]);
    expect(result.unused.map((u) => [u.comment.file, u.why.split(' (')[0]])).toEqual([['c.ts', 'no reason given'], ['d.ts', 'no r finding on this line or the next']]);
  });

  it('lists suppressed findings in every format, and a comment without a reason suppresses nothing', async () => {
    const report = await scanFixture('fixtures/suppressions', ['committed-secret']);
    expect(report.findings.map((f) => `${f.locations[0]?.file}:${f.locations[0]?.line}`)).toEqual(['.env:4']);
    expect(report.suppressed.map((f) => [`${f.locations[0]?.file}:${f.locations[0]?.line}`, f.reason])).toEqual([['.env:2', 'revoked on 2026-11-02, kept to test the key parser']]);
    expect(report.unusedSuppressions.map((u) => [u.line, u.ruleId])).toEqual([[3, 'committed-secret'], [5, 'no-such-finding-here']]);
    expect(render(report, 'md')).toContain('revoked on 2026-11-02, kept to test the key parser');
    const sarif = JSON.parse(render(report, 'sarif'));
    expect(sarif.runs[0].results.map((r: { suppressions?: unknown[] }) => r.suppressions ?? null)).toEqual([null, [{ kind: 'inSource', justification: 'revoked on 2026-11-02, kept to test the key parser' }]]);
  });
});
