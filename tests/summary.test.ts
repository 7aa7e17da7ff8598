import { describe, expect, it } from 'vitest';
import { renderSummary, SUMMARY_MAX_BYTES } from '../src/render/summary.ts';
import { scanFixture } from './support/scan-fixture.ts';

describe('the short summary', () => {
  it('stays within 8 KB however many findings there are, and says it was cut', async () => {
    const report = await scanFixture('fixtures/demo-startup');
    const many = Array.from({ length: 400 }, (_, i) => ({ ...report.findings[0]!, message: `${'a very long message '.repeat(30)}${i}`, baseline: 'new' as const }));
    const text = renderSummary({ ...report, findings: many, summary: { ...report.summary, baseline: { file: 'base.json', commit: null, scannedAt: null, new: 400, updated: 0, unchanged: 0, growth: [], fixed: [] } } });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(text).toContain('Since the baseline: **400 new**, **0 grew**, 0 unchanged, **0 fixed**.');
    expect(text).toContain('- and 390 more in report.md');
    expect(text).toContain('The whole report is report.md.');
    // Each message is cut to a line a reader takes in.
    expect(text.split('\n').filter((l) => l.startsWith('- **')).every((l) => l.length < 400)).toBe(true);
  });

  it('cuts whole lines when even the header would not fit, and says so', async () => {
    const report = await scanFixture('fixtures/demo-startup');
    const text = renderSummary({ ...report, target: { ...report.target, source: 'x'.repeat(9000) } });
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES);
    expect(text.trimEnd().endsWith('_(cut to 8 KB: the rest is in report.md)_')).toBe(true);
  });

  it('keeps Markdown a file name or a message might carry from taking effect', async () => {
    const report = await scanFixture('fixtures/demo-startup');
    const f = { ...report.findings[0]!, message: 'see [here](http://x) **now**\n# heading', locations: [{ file: 'a`b.py', line: 3 }] };
    const text = renderSummary({ ...report, findings: [f] });
    expect(text).toContain('- **high**: see \\[here\\](http://x) \\*\\*now\\*\\* # heading (`ab.py:3`)');
  });
});
