import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { render } from '../src/run.ts';
import { exampleReport } from '../src/tools/example-reports.ts';

// The HTML report in a real headless Chromium (Debian's `chromium` package, installed by .ci/run):
// it loads offline with no console error, shows its sections and counts, and its filters work.
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const OUT = resolve('.artifacts');
// In CI (CI set, as every CI service does) the browser is required; on a laptop without one the test
// is skipped with a note rather than failing the suite.
const SKIP = !CHROMIUM && !process.env['CI'];
if (SKIP) console.warn('html.test.ts: skipped: no Chromium found (install the chromium package or set CHROMIUM_PATH); CI=true makes it required');

let browser: Browser;
beforeAll(async () => {
  if (SKIP) return;
  if (!CHROMIUM) throw new Error('no Chromium found: install the chromium package or set CHROMIUM_PATH (required when CI is set)');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});
afterAll(async () => browser?.close());

describe.skipIf(SKIP)('HTML report in Chromium', () => {
  it('loads offline with no console error, shows every section, and filters findings', async () => {
    const report = await exampleReport('fixtures/demo-startup');
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, 'demo-startup.html');
    writeFileSync(file, render(report, 'html'));

    const context = await browser.newContext({ offline: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => { if (!r.url().startsWith('file:')) problems.push(`network request: ${r.url()}`); });
    await page.goto(pathToFileURL(file).href);

    for (const heading of ['Summary', 'Area scores', 'At a glance', 'Investor questions', 'Vendor lock-in', 'Findings', 'Coverage']) {
      await expect(page.getByRole('heading', { name: heading, exact: true }).isVisible()).resolves.toBe(true);
    }
    expect(await page.locator('#charts svg').count()).toBe(3);
    // one row per vendor of the migration surface, each estimate carrying its terms
    await expect(page.locator('#lock-in tbody tr').count()).resolves.toBe(report.inventory.migrationSurface.length);
    await expect(page.locator('#lock-in td.num').first().getAttribute('title')).resolves.toContain('new client, credentials and configuration');
    const total = report.findings.length;
    await expect(page.locator('#shown').textContent()).resolves.toBe(`Showing ${total} of ${total}`);
    await expect(page.locator('.finding:visible').count()).resolves.toBe(total);

    const high = report.findings.filter((f) => f.severity === 'high').length;
    await page.selectOption('#filter-severity', 'high');
    await expect(page.locator('.finding:visible').count()).resolves.toBe(high);
    await expect(page.locator('#shown').textContent()).resolves.toBe(`Showing ${high} of ${total}`);

    const highAi = report.findings.filter((f) => f.severity === 'high' && f.category === 'ai-architecture').length;
    await page.selectOption('#filter-area', 'ai-architecture');
    await expect(page.locator('.finding:visible').count()).resolves.toBe(highAi);

    // evidence expands
    const first = page.locator('.finding:visible').first();
    await first.locator('summary').click();
    await expect(first.locator('.locations').isVisible()).resolves.toBe(true);

    await page.selectOption('#filter-area', '');
    await page.selectOption('#filter-severity', '');
    await page.screenshot({ path: join(OUT, 'demo-startup.png'), fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
