import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/run.ts';
import type { Report } from '../../src/report/schema.ts';
import { datedRepo, type DatedRepo } from '../support/dated-repo.ts';

// A repository whose model code grows month by month, built with real commits: a file deleted and added back with
// the same bytes, and a feature branch merged into the main line (its own commit is not a point of the main line).

const OPENAI_TS = "import OpenAI from 'openai';\nconst client = new OpenAI();\nexport async function ask(q: string) {\n  return client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: q }] });\n}\n";
const ANTHROPIC_TS = "import Anthropic from '@anthropic-ai/sdk';\nconst client = new Anthropic();\nexport async function summarize(t: string) {\n  return client.messages.create({ model: 'claude-3-5-sonnet-latest', max_tokens: 512, messages: [{ role: 'user', content: t }] });\n}\n";
const OPENAI_PY = "from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef classify(text):\n    return client.chat.completions.create(model='gpt-4o-mini', messages=[{'role': 'user', 'content': text}])\n";

let r: DatedRepo;
let repo = '';
let report: Report;
const git = (args: string[], date?: string) => r.git(args, date);
const write = (path: string, text: string) => r.write(path, text);
const commit = (message: string, day: string) => r.commit(message, day);

beforeAll(async () => {
  r = datedRepo('arch-audit-curve-');
  repo = r.dir;
  write('package.json', '{"name":"acme","dependencies":{"openai":"^4.0.0","@anthropic-ai/sdk":"^0.30.0"}}\n');
  write('src/ask.ts', OPENAI_TS);
  commit('first version', '2026-01-05');
  write('src/summarize.ts', ANTHROPIC_TS);
  commit('summaries', '2026-02-05');
  rmSync(join(repo, 'src/ask.ts'));
  commit('drop ask', '2026-03-01');
  git(['checkout', '--quiet', '-b', 'feature', 'HEAD']);
  write('worker/classify.py', OPENAI_PY);
  commit('classifier', '2026-03-02');
  git(['checkout', '--quiet', 'main']);
  git(['merge', '--quiet', '--no-ff', '--no-edit', 'feature'], '2026-03-04T12:00:00Z');
  write('src/ask.ts', OPENAI_TS);
  commit('ask again', '2026-04-05');
  write('README.md', '# acme\n');
  write('src/summarize.ts', ANTHROPIC_TS.replace('claude-3-5-sonnet-latest', 'claude-3-7-sonnet-latest'));
  commit('docs', '2026-05-05');
  report = (await scan({ target: repo, failOn: null, rulesDirs: [], cacheDir: null, workers: 0, maxFileBytes: 1_000_000, historyMonths: 4, only: ['direct-model-call'] })).report;
}, 60_000);

afterAll(() => r.remove());

describe('history curve', () => {
  it('reads the main line at each month boundary before the scanned commit, oldest first', () => {
    const h = report.history;
    expect(h?.status).toBe('measured');
    const firstParent = git(['log', '--first-parent', '--format=%H %s']).trim().split('\n').map((l) => l.split(' '));
    const commitOf = (subject: string) => firstParent.find(([, s]) => s === subject)?.[0];
    expect(h?.points.map((p) => [p.asOf, p.commit])).toEqual([
      ['2026-01-05', commitOf('first')],
      ['2026-02-05', commitOf('summaries')],
      ['2026-03-05', commitOf('Merge')],
      ['2026-04-05', commitOf('ask')],
      ['2026-05-05', commitOf('docs')],
    ]);
  });

  it('counts the model-calling files and providers at each point', () => {
    const h = report.history;
    expect(h?.points.map((p) => p.values['model-calling-files'])).toEqual([1, 2, 2, 3, 3]);
    expect(h?.points.map((p) => p.values.providers)).toEqual([1, 2, 2, 2, 2]);
    expect(h?.points.map((p) => p.values['distinct-model-ids'])).toEqual([1, 2, 2, 3, 3]);
    expect(h?.growth.find((g) => g.metric === 'model-calling-files')).toEqual({ metric: 'model-calling-files', label: 'model-calling files', from: 1, to: 3, since: '2026-01-05' });
  });

  it('parses only blobs no other point had: the scanned commit\'s parse serves the past, a file added back is not parsed again', () => {
    const h = report.history;
    // Read newest first: April writes the four files the scan reads and parses only summarize.ts as it was then;
    // March only removes ask.ts; February has it again, the bytes the scanned commit has; January only removes.
    expect(h?.points.map((p) => p.written)).toEqual([0, 1, 0, 4, 0]);
    expect(h?.points.map((p) => p.parsed)).toEqual([0, 0, 0, 1, 0]);
  });

  it('reads the older points on a worker thread while the commit is scanned, with the same values', async () => {
    const split = (await scan({ target: repo, failOn: null, rulesDirs: [], cacheDir: null, workers: 'auto', maxFileBytes: 1_000_000, historyMonths: 4, only: ['direct-model-call'] })).report;
    expect(split.history?.points.map((p) => [p.commit, p.values])).toEqual(report.history?.points.map((p) => [p.commit, p.values]));
    // The main thread reads April from the scan's parse; the worker starts at March with nothing written or parsed.
    expect(split.history?.points.map((p) => p.written)).toEqual([0, 1, 3, 4, 0]);
    expect(split.history?.points.map((p) => p.parsed)).toEqual([0, 1, 2, 1, 0]);
  }, 60_000);

  it('says how each finding\'s decision grew, and projects its effort along that rate', () => {
    // One model-calling file is its own gateway; two TypeScript modules with no layer between them are both outside
    // one (the worker is a script, listed apart).
    expect(report.history?.points.map((p) => p.values['files-outside-gateway'])).toEqual([0, 2, 0, 2, 2]);
    const months = (Date.parse('2026-05-05') - Date.parse('2026-01-05')) / (30.44 * 24 * 3600 * 1000);
    const rate = 2 / months;
    const findings = report.findings.filter((f) => f.ruleId === 'direct-model-call');
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.growth).toEqual({
        metric: 'files-outside-gateway', label: 'model-calling files outside the gateway', from: 0, to: 2, since: '2026-01-05',
        perMonth: Math.round(rate * 10) / 10, sixMonthsHours: Math.round(f.effortHours * ((2 + 6 * rate) / 2) * 10) / 10,
      });
      expect(f.effortLaterHours).toBe(Math.round(f.effortHours * ((2 + 12 * rate) / 2) * 10) / 10);
    }
  });

  it('reads who knows the code from the same history: one author, a truck factor of one', () => {
    expect(report.knowledge?.areas.find((a) => a.id === 'all')).toEqual({ id: 'all', files: 3, commits: 6, authors: [{ name: 'Ada', share: 1 }], truckFactor: 1, keyPeople: ['Ada'] });
  });

  it('leaves the scanned repository as it was', () => {
    expect(git(['status', '--porcelain'])).toBe('');
    expect(git(['worktree', 'list']).trim().split('\n')).toHaveLength(1);
  });

  it('--history with no count reads the year; the Markdown report shows each point', () => {
    const r = spawnSync(process.execPath, ['dist/src/bin.mjs', 'scan', repo, '--history', '--only', 'direct-model-call', '--no-cache', '--format', 'md', '--out', '-'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const table = r.stdout.slice(r.stdout.indexOf('## How the architecture grew')).split('\n').filter((l) => /^\| 2026-/.test(l));
    expect(table.map((l) => l.split('|').slice(1, 4).map((c) => c.trim()))).toEqual([
      ['2026-01-05', expect.stringMatching(/^`[0-9a-f]{10}`$/), '1'],
      ['2026-02-05', expect.any(String), '2'],
      ['2026-03-05', expect.any(String), '2'],
      ['2026-04-05', expect.any(String), '3'],
      ['2026-05-05', expect.any(String), '3'],
    ]);
    expect(r.stdout).toContain('- model-calling files: 1 on 2026-01-05, 3 now.');
  });

  it('says why it is not measured where there is no history', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'arch-audit-curve-nogit-'));
    try {
      writeFileSync(join(folder, 'a.ts'), OPENAI_TS);
      const r = (await scan({ target: folder, failOn: null, rulesDirs: [], cacheDir: null, workers: 0, maxFileBytes: 1_000_000, historyMonths: 12, only: ['direct-model-call'] })).report;
      expect(r.history).toEqual({ status: 'not-measured', note: 'not measured: the checkout has no history (not a git checkout with commits)', points: [], growth: [] });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
