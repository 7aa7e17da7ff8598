import { describe, expect, it } from 'vitest';
import { redactText } from '../src/io/redact.ts';
import { render } from '../src/run.ts';
import { exampleReport } from '../src/tools/example-reports.ts';
import { scanFixture } from './support/scan-fixture.ts';

describe('evidence in reports', () => {
  it('gives findings the source line of their locations, with credentials masked', async () => {
    const report = await scanFixture('fixtures/committed-secret/fires', ['committed-secret']);
    const snippets = report.findings.map((f) => f.locations[0]?.snippet);
    expect(snippets.every((s) => s !== undefined && /…\[redacted:[0-9a-f]{12}\]/.test(s))).toBe(true);
    expect(redactText('key = "AKIAZ7QW3ERT5YUI9OPL"')).toMatch(/^key = "AKIA…\[redacted:[0-9a-f]{12}\]"$/);
  });

  it('links locations to the file at the scanned commit for GitHub targets, in Markdown and HTML', async () => {
    const base = await exampleReport('fixtures/direct-model-call/basic');
    const commit = 'c0ffee'.padEnd(40, '0');
    const report = {
      ...base,
      target: {
        ...base.target, kind: 'github' as const, commit, subdir: null,
        github: { fullName: 'acme/app', htmlUrl: 'https://github.com/acme/app', defaultBranch: 'main', private: false, archived: false, stars: 1, forks: 0, openIssues: 0, pushedAt: null, language: null, license: null },
      },
    };
    const first = report.findings[0]?.locations[0];
    const url = `https://github.com/acme/app/blob/${commit}/${first?.file}#L${first?.line}`;
    expect(render(report, 'md')).toContain(`(${url})`);
    expect(render(report, 'html')).toContain(`href="${url}"`);
  });
});
