import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { render } from '../src/run.ts';
import { exampleReport } from '../src/tools/example-reports.ts';
import { multitoolProblems, sarifProblems } from './support/sarif-check.ts';
import { scanFixture } from './support/scan-fixture.ts';

// Accepted: SARIF2005 asks for the tool's informationUri, and arch-audit has no public URL to give.
const ACCEPTED_WARNINGS = new Set(['SARIF2005']);

const tmp = mkdtempSync(join(tmpdir(), 'arch-audit-sarif-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('SARIF output', () => {
  it.each([
    ['demo-startup', 'fixtures/demo-startup'],
    ['committed-secret', 'fixtures/committed-secret/fires'],
    ['suppressions', 'fixtures/suppressions'],
  ])('%s validates against SARIF 2.1.0 and GitHub ingestion rules', async (name, fixture) => {
    const report = name === 'demo-startup' ? await exampleReport(fixture) : await scanFixture(fixture);
    const sarif = render(report, 'sarif');
    expect(sarifProblems(sarif)).toEqual([]);
    // The native Multitool as a second opinion where its optional package installed (Linux).
    const native = multitoolProblems(sarif, tmp, name);
    if (native) {
      expect(native.errors).toEqual([]);
      expect(native.warnings.filter((w) => !ACCEPTED_WARNINGS.has(w))).toEqual([]);
    }
  }, 120_000);

  it('the portable check refuses what GitHub would refuse', () => {
    const ok = { version: '2.1.0', runs: [{ tool: { driver: { name: 't', rules: [{ id: 'x' }, { id: 'y' }] } }, results: [] as unknown[] }] };
    expect(sarifProblems(JSON.stringify(ok))).toEqual([]);
    const result = { ruleId: 'x', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a%20b.py' }, region: { startLine: 1 } } }] };
    const bad = { ...ok, runs: [{ ...ok.runs[0], results: [result, { ruleId: 'y', message: { id: 'only-id' }, locations: [] }, { ...result, locations: [{ physicalLocation: { artifactLocation: { uri: 'https://example.com/a.py' }, region: {} } }] }] }] };
    expect(sarifProblems(JSON.stringify(bad)).join('\n')).toMatch(/GH1007[\s\S]*GH1001[\s\S]*GH1005[\s\S]*GH1003/);
    expect(sarifProblems('{"version":"2.1.0","runs":[],"extra":1}')).not.toEqual([]);
    const spaced = { ...ok, runs: [{ ...ok.runs[0], results: [{ ...result, locations: [{ physicalLocation: { artifactLocation: { uri: 'a b#c.py' }, region: { startLine: 1 } } }] }] }] };
    expect(sarifProblems(JSON.stringify(spaced)).join('\n')).toMatch(/URI reference/);
  });

  it('gives every result a rule, a level, a location and a line-independent fingerprint', async () => {
    const report = await exampleReport('fixtures/demo-startup');
    const sarif = JSON.parse(render(report, 'sarif'));
    const run = sarif.runs[0];
    expect(run.results).toHaveLength(report.findings.length);
    for (const [i, result] of run.results.entries()) {
      const finding = report.findings[i];
      expect(result.ruleId).toBe(finding?.ruleId);
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(result.locations.length).toBeGreaterThan(0);
      expect(result.locations.length).toBeLessThanOrEqual(10);
      expect(result.partialFingerprints['archAudit/v1']).toBe(finding?.fingerprint);
      expect(['error', 'warning', 'note']).toContain(result.level);
    }
    // security rules carry the tag and score GitHub uses to list them as security alerts
    const secrets = JSON.parse(render(await scanFixture('fixtures/committed-secret/fires', ['committed-secret']), 'sarif'));
    expect(secrets.runs[0].tool.driver.rules[0]).toMatchObject({ id: 'committed-secret', properties: { tags: ['arch-audit', 'security'], 'security-severity': '9.5' } });
  });
});
