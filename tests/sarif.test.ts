import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { render } from '../src/run.ts';
import { exampleReport } from '../src/tools/example-reports.ts';
import { scanFixture } from './support/scan-fixture.ts';

// The native binary directly: the npm wrapper loses the quoting of `--rule-kind "Sarif;Gh"`.
const MULTITOOL = join(dirname(createRequire(import.meta.url).resolve('@microsoft/sarif-multitool-linux/package.json')), 'Sarif.Multitool');
// Accepted: SARIF2005 asks for the tool's informationUri, and arch-audit has no public URL to give.
const ACCEPTED_WARNINGS = new Set(['SARIF2005']);

const tmp = mkdtempSync(join(tmpdir(), 'arch-audit-sarif-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function validate(sarif: string, name: string): { errors: string[]; warnings: string[] } {
  const file = join(tmp, `${name}.sarif`);
  writeFileSync(file, sarif);
  const run = spawnSync(MULTITOOL, ['validate', '--rule-kind', 'Sarif;Gh', file], { encoding: 'utf8', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
  expect(run.status, run.stderr).toBe(0);
  const lines = run.stdout.split('\n');
  return {
    errors: lines.filter((l) => /: error /.test(l)),
    warnings: lines.filter((l) => /: warning /.test(l)).map((l) => /warning (\w+)/.exec(l)?.[1] ?? l),
  };
}

describe('SARIF output', () => {
  it.each([
    ['demo-startup', 'fixtures/demo-startup'],
    ['committed-secret', 'fixtures/committed-secret/fires'],
    ['suppressions', 'fixtures/suppressions'],
  ])('%s validates against SARIF 2.1.0 and GitHub ingestion rules', async (name, fixture) => {
    const report = name === 'demo-startup' ? await exampleReport(fixture) : await scanFixture(fixture);
    const { errors, warnings } = validate(render(report, 'sarif'), name);
    expect(errors).toEqual([]);
    expect(warnings.filter((w) => !ACCEPTED_WARNINGS.has(w))).toEqual([]);
  }, 120_000);

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
