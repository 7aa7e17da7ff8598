import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReportSchema, type Report } from '../src/report/schema.ts';
import { schemaText } from '../src/tools/gen-schema.ts';
import { scanFixture } from './support/scan-fixture.ts';

const committed = JSON.parse(readFileSync('src/report/report.schema.json', 'utf8')) as object;

describe('the JSON report contract', () => {
  let report: Report;
  beforeAll(async () => {
    report = await scanFixture('fixtures/demo-startup');
  });

  it('committed JSON Schema is the one generated from the zod schema (run npm run gen:schema)', () => {
    expect(readFileSync('src/report/report.schema.json', 'utf8')).toBe(schemaText());
  });

  it('a real report validates against the committed JSON Schema and the zod schema', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(committed);
    const ok = validate(JSON.parse(JSON.stringify(report)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(ReportSchema.safeParse(report).success).toBe(true);
  });

  it('holds no absolute path of this machine', () => {
    expect(JSON.stringify(report)).not.toContain(process.cwd());
  });

  it('rejects a report with an absolute path or an unknown provider id', () => {
    const validate = new Ajv2020({ strict: false }).compile(committed);
    const call = report.inventory.modelCalls[0];
    expect(call).toBeDefined();
    const absolute = structuredClone(report);
    (absolute.inventory.modelCalls[0] as { file: string }).file = '/home/me/repo/app.ts';
    expect(validate(absolute)).toBe(false);
    const unknown = structuredClone(report);
    (unknown.inventory.modelCalls[0] as { provider: string }).provider = 'acme';
    expect(validate(unknown)).toBe(false);
  });

  it('lists the demo inventory fields the contract promises', () => {
    const inv = report.inventory;
    expect(inv.languages.map((l) => l.id)).toEqual(expect.arrayContaining(['typescript', 'python']));
    expect(inv.providers.map((p) => p.id)).toEqual(['openai', 'anthropic']);
    expect(inv.evalHarness.present).toBe(false);
    expect(inv.llmObservability.present).toBe(false);
    expect(inv.vectorStores.map((v) => v.id)).toEqual(['pinecone']);
    expect(inv.gateway.present).toBe(false);
    expect(inv.modelCalls).toContainEqual(expect.objectContaining({ file: 'services/ml/app/rerank.py', line: 24, provider: 'anthropic', kind: 'direct', api: 'messages.create' }));
    expect(inv.modelCalls).toContainEqual(expect.objectContaining({ file: 'apps/web/app/api/suggest/route.ts', line: 15, provider: 'openai', kind: 'framework', framework: 'vercel-ai-sdk' }));
  });
});
