import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/run.ts';
import type { Report } from '../../src/report/schema.ts';
import { datedRepo, type DatedRepo } from '../support/dated-repo.ts';

// A past point shares the scanned commit's parse of every unchanged file, but resolves it in its own program: a
// module that built a client from the SDK now, and from a stub of the product's own a year ago. Reading that
// past must leave the scanned commit's facts as they were.

let r: DatedRepo;

const options = { failOn: null, rulesDirs: [] as string[], cacheDir: null, workers: 0, maxFileBytes: 1_000_000 };
let alone: Report;
let withHistory: Report;

beforeAll(async () => {
  r = datedRepo('arch-audit-isolation-');
  const { write, commit } = r;
  write('pyproject.toml', '[project]\nname = "desk"\nversion = "0.1.0"\ndependencies = ["openai>=1.0"]\n');
  write('app/__init__.py', '');
  write('app/sdk.py', 'class OpenAI:\n    """A stand-in until the provider is chosen."""\n');
  write('app/llm.py', 'import openai\n\nfrom app.sdk import OpenAI\n\nopenai.log = "info"\nclient = OpenAI()\n');
  write('app/answer.py', 'from openai import OpenAI\n\nclient = OpenAI()\n\n\ndef answer(question):\n    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": question}])\n');
  commit('a stub client', '2026-01-05');
  write('app/sdk.py', 'from openai import OpenAI\n\n__all__ = ["OpenAI"]\n');
  commit('the real SDK', '2026-03-05');
  alone = (await scan({ ...options, target: r.dir })).report;
  withHistory = (await scan({ ...options, target: r.dir, historyMonths: 3 })).report;
}, 60_000);

afterAll(() => r.remove());

describe('a history read beside the scanned commit', () => {
  it('reads the commit of January and the scanned one', () => {
    expect(withHistory.history?.points.map((p) => p.asOf)).toEqual(['2026-02-05', '2026-03-05']);
  });

  it('leaves the scanned commit\'s inventory and findings as a scan without history makes them', () => {
    // The history adds how each decision grew, and projects effort along it (which may reorder findings of equal rank).
    const plain = (r: Report) => ({ inventory: r.inventory, findings: r.findings.map((f) => ({ ...f, growth: undefined, effortLaterHours: undefined })).sort((a, b) => a.fingerprint.localeCompare(b.fingerprint)) });
    expect(alone.inventory.unresolved.map((u) => [u.file, u.reason])).toEqual([['app/llm.py', 'builds-clients-only'], ['app/sdk.py', 'no-call-found']]);
    expect(plain(withHistory)).toEqual(plain(alone));
  });
});
