import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { render } from '../src/run.ts';
import { readAnnotations } from './support/annotations.ts';
import { scanFixture } from './support/scan-fixture.ts';

// One data-driven harness: every rule in rules/ runs alone on every case in fixtures/<rule-id>/, and its
// findings must equal the annotations (`arch-audit-expect` / `arch-audit-ok`) plus expected.json.

const RULES = readdirSync('rules').filter((n) => !n.startsWith('_') && statSync(join('rules', n)).isDirectory()).sort();

/** A finding with no line of its own to annotate (a repo-level one anchored to a manifest's line 1). */
interface ExpectedFinding {
  ruleId: string;
  file: string;
  line: number;
  severity?: string;
}

describe.each(RULES)('rule %s', (ruleId) => {
  const casesDir = join('fixtures', ruleId);
  const cases = existsSync(casesDir) ? readdirSync(casesDir).filter((c) => statSync(join(casesDir, c)).isDirectory()).sort() : [];

  it('has a README, a case that fires and a case that stays silent', () => {
    expect(existsSync(join('rules', ruleId, 'README.md'))).toBe(true);
    const firing = cases.filter((c) => expectationsOf(join(casesDir, c), ruleId).length > 0);
    expect(firing.length).toBeGreaterThan(0);
    expect(cases.length - firing.length).toBeGreaterThan(0);
  });

  it.each(cases)('case %s', async (caseName) => {
    const dir = join(casesDir, caseName);
    const annotations = readAnnotations(dir).filter((a) => a.ruleId === ruleId);
    const listed = expectedFindings(dir).filter((f) => f.ruleId === ruleId);
    const report = await scanFixture(dir, [ruleId]);
    expect(report.errors.filter((e) => e.kind === 'rule-error')).toEqual([]);

    const actual = report.findings.flatMap((f) => f.locations.map((l) => `${l.file}:${l.line} ${f.severity}`)).sort();
    const expected = [...annotations.filter((a) => a.kind === 'expect'), ...listed].map((a) => `${a.file}:${a.line} ${a.severity ?? '*'}`).sort();
    const actualAt = actual.map((a) => a.split(' ')[0]);
    const expectedAt = expected.map((e) => e.split(' ')[0]);
    expect({ missing: expectedAt.filter((e) => !actualAt.includes(e)), unexpected: actualAt.filter((a) => !expectedAt.includes(a)) }).toEqual({ missing: [], unexpected: [] });
    for (const e of expected) if (!e.endsWith('*')) expect(actual).toContain(e);
    for (const ok of annotations.filter((a) => a.kind === 'ok')) expect(actualAt).not.toContain(`${ok.file}:${ok.line}`);

  });
});

describe('one finding per root cause', () => {
  it('llm-tracing-partial says where a tracer is set up that no model call goes through, not that it is installed', async () => {
    const report = await scanFixture('fixtures/llm-tracing-partial/set-up-unused', ['llm-tracing-partial']);
    expect(report.findings.map((f) => f.message)).toEqual(['langfuse is set up in the code (app/tracing.py), yet none of the 1 model calls is traced by it']);
  });

  it('reports stores called directly from the same modules once, naming each store', async () => {
    const report = await scanFixture('fixtures/vector-store-scattered/two-stores-one-cause', ['vector-store-scattered']);
    expect(report.findings.map((f) => [f.message, f.severity, new Set(f.locations.map((l) => l.file)).size])).toEqual([
      ['pinecone and qdrant are used directly from 3 product files, with no single adapter in front of them', 'low', 3],
    ]);
  });
});

describe('one finding per root cause, credentials', () => {
  it('reports one key pasted into two files once, with both copies, led by the product copy', async () => {
    const report = await scanFixture('fixtures/committed-secret/test-context', ['committed-secret']);
    const anthropic = report.findings.filter((f) => f.message.startsWith('Anthropic API key'));
    expect(anthropic.map((f) => [f.severity, f.locations.map((l) => l.file)])).toEqual([['critical', ['app/settings.py', 'tests/test_settings.py']]]);
    expect(anthropic[0]?.message).toMatch(/^Anthropic API key committed in 2 files, app\/settings\.py, tests\/test_settings\.py: /);
  });
});

describe('one finding per root cause, embeddings', () => {
  it('reports vectors embedded by either of two vendors once, naming both', async () => {
    const report = await scanFixture('fixtures/embeddings-locked-to-provider/fires-low-two-vendors', ['embeddings-locked-to-provider']);
    expect(report.findings.map((f) => [f.severity, f.locations.length, f.message.includes(' or ')])).toEqual([['low', 2, true]]);
  });
});

describe('one fact, said one way', () => {
  it('says an aiohttp request runs on that library\'s 5-minute default, in the finding and in the model-call table', async () => {
    const report = await scanFixture('fixtures/model-call-no-timeout/fires', ['model-call-no-timeout']);
    expect(report.findings.find((f) => f.locations.some((l) => l.file === 'app/embed.py'))?.message).toMatch(/, 5 minutes in aiohttp\)/);
    expect(render(report, 'md')).toContain('| `app/embed.py:8` | openai | direct | `http` | `text-embedding-3-small` | default timeout (5 min in aiohttp) ·');
  });

  it('says which default a call without a timeout runs on: the SDKs\' ten minutes, or none in the AI SDK', async () => {
    const report = await scanFixture('fixtures/model-call-no-timeout/fires', ['model-call-no-timeout']);
    const message = report.findings.find((f) => f.locations.some((l) => l.file === 'app/api/draft/route.ts'))?.message ?? '';
    expect(message).toContain('none in the AI SDK, whose fetch waits as long as the server does');
    expect(message).toContain('10 minutes in the OpenAI and Anthropic SDKs');
  });

  it('counts calls whose client it could not see apart, and reports a command-line tool\'s raw request for information', async () => {
    const report = await scanFixture('fixtures/model-call-no-timeout/fires-cli-raw-http', ['model-call-no-timeout']);
    expect(report.findings.map((f) => [f.severity, f.message])).toEqual([
      ['info', '1 of 2 model calls, in 1 file, set no timeout: 1 raw HTTP request with none, so a stalled response blocks the caller indefinitely; 1 more not measured (the scan could not read their options, or where their client is built)'],
    ]);
  });

  it('says the truck factor of the code a key person holds: the whole code, or the model code alone', async () => {
    const messages = async (c: string) => (await scanFixture(`fixtures/key-person-risk/${c}`, ['key-person-risk'])).findings.map((f) => f.message.split('; ').pop());
    expect(await messages('fires')).toEqual(['truck factor 1 (Dana Okafor): one departure would leave more than half of the code with no one who knows it']);
    expect(await messages('model-code-in-one-head')).toEqual(['truck factor 1 (Dana Okafor): one departure would leave more than half of the model code with no one who knows it']);
  });

  it('names each open model route by method and path, where it is declared, and says which only limit the rate', async () => {
    const report = await scanFixture('fixtures/model-route-unauthenticated/fires', ['model-route-unauthenticated']);
    expect(report.findings.map((f) => f.message.split(': ')[1]?.split('. ')[0])).toEqual([
      'POST /summarize (api/src/server.ts:15), POST /chat (app/main.py:9), POST /api/complete (web/app/api/complete/route.ts:7); 1 of them has a rate limiter, which caps how often, not who',
    ]);
  });

  it('names a batch API for the vendor of the client that calls it', async () => {
    const report = await scanFixture('fixtures/provider-specific-features/fires', ['provider-specific-features']);
    const batch = report.findings.filter((f) => f.locations.some((l) => l.file === 'app/summarize.py' && l.line > 20));
    expect(batch.map((f) => f.message.split(' in ')[0])).toEqual(['Uses Anthropic Message Batches']);
  });

  it('calls a product whose only tests are evals one with no unit tests, not one with no test files', async () => {
    const report = await scanFixture('fixtures/low-test-ratio/evals-only', ['low-test-ratio']);
    expect(report.findings.map((f) => [f.severity, f.message])).toEqual([['medium', 'No unit tests for 24 product source files (the one test file there is an eval, a benchmark or a fixture)']]);
  });
});

function expectationsOf(dir: string, ruleId: string) {
  return [...readAnnotations(dir).filter((a) => a.ruleId === ruleId && a.kind === 'expect'), ...expectedFindings(dir).filter((f) => f.ruleId === ruleId)];
}

function expectedFindings(dir: string): ExpectedFinding[] {
  const file = join(dir, 'expected.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ExpectedFinding[]) : [];
}

describe('one finding per root cause, no CI', () => {
  it('names the evals in the missing-CI finding instead of reporting them apart', async () => {
    const report = await scanFixture('fixtures/evals-not-gating/no-ci-at-all', ['no-ci-tests', 'evals-not-gating']);
    expect(report.findings.map((f) => [f.ruleId, f.severity])).toEqual([['no-ci-tests', 'high']]);
    expect(report.findings[0]?.message).toMatch(/; the evals \(home-grown\) are never run automatically either$/);
  });
});
