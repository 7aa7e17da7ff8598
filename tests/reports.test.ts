import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FORMATS, render } from '../src/run.ts';
import { EXAMPLES, examplePaths, exampleReport } from '../src/tools/example-reports.ts';

// reports/ are golden files: the renderers' output for the fixtures, read in review. When output changes
// on purpose, regenerate them with `npm run gen:reports` and read the diff.
describe.each(EXAMPLES)('example report $name', ({ name, fixture }) => {
  it.each(FORMATS)('%s matches reports/ exactly', async (format) => {
    const report = await exampleReport(fixture);
    expect(render(report, format)).toBe(readFileSync(examplePaths(name)[format], 'utf8'));
  });
});
