// npm run validate -- <checkouts-dir> [labels-dir]
// Scores arch-audit against hand-made labels: for each labels/<owner>+<name>.json, scans
// <checkouts-dir>/<owner>+<name> (check out the labelled commit first), turns the report into a
// prediction with the labels' own adapter, and runs their scorer.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [checkouts, labelsArg] = process.argv.slice(2);
const validation = labelsArg ? resolve(labelsArg, '..') : resolve(root, '..', 'shared', 'validation');
const labels = labelsArg ? resolve(labelsArg) : join(validation, 'labels');
if (!checkouts || !existsSync(labels)) {
  process.stderr.write('usage: npm run validate -- <checkouts-dir> [labels-dir]  (labels default to ../shared/validation/labels)\n');
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'arch-audit-validate-'));
const pred = join(work, 'pred');
mkdirSync(pred);
for (const file of readdirSync(labels).filter((f) => f.endsWith('.json')).sort()) {
  const name = file.replace(/\.json$/, '');
  const target = resolve(checkouts, name);
  if (!existsSync(target)) {
    process.stderr.write(`skipped ${name}: no checkout at ${target}\n`);
    continue;
  }
  const out = join(work, name);
  execFileSync(process.execPath, [join(root, 'dist/src/bin.mjs'), 'scan', target, '--format', 'json', '--out', out, '--no-cache', '--quiet'], { stdio: 'inherit' });
  writeFileSync(join(pred, file), execFileSync('python3', [join(validation, 'adapt_report.py'), join(out, 'report.json')]));
}
process.stdout.write(execFileSync('python3', [join(validation, 'score.py'), labels, pred], { encoding: 'utf8' }));
