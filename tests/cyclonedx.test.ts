import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import { render } from '../src/run.ts';
import { exampleReport } from '../src/tools/example-reports.ts';
import { scanFixture } from './support/scan-fixture.ts';

// The AI bill of materials validates against CycloneDX 1.6 with the CycloneDX library's strict JSON validator.
const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

describe('CycloneDX AI bill of materials', () => {
  it.each([
    ['demo-startup', 'fixtures/demo-startup'],
    ['evals-and-tracing', 'fixtures/facts/evals-and-tracing'],
    ['inference-stack', 'fixtures/facts/inference-stack'],
    ['store-catalogue', 'fixtures/facts/store-catalogue'],
  ])('%s validates against CycloneDX 1.6', async (name, fixture) => {
    const report = name === 'demo-startup' ? await exampleReport(fixture) : await scanFixture(fixture);
    await expect(validator.validate(render(report, 'cyclonedx'))).resolves.toBeNull();
  });

  it('lists models, providers and vector stores as services, AI libraries and eval datasets', async () => {
    const report = await scanFixture('fixtures/facts/evals-and-tracing');
    const bom = JSON.parse(render(report, 'cyclonedx'));
    const byType = (t: string) => bom.components.filter((c: { type: string }) => c.type === t).map((c: { name: string }) => c.name);
    expect(byType('machine-learning-model')).toContain('gpt-4o-mini');
    expect(byType('library')).toEqual(expect.arrayContaining(['openai', 'deepeval', 'langfuse', 'qdrant-client']));
    expect(byType('library')).not.toContain('pytest');
    expect(byType('data')).toEqual(['evals/golden.jsonl']);
    expect(bom.services.map((s: { name: string }) => s.name)).toEqual(['openai', 'qdrant']);
    expect(bom.dependencies[0].dependsOn).toHaveLength(bom.components.length + bom.services.length);
    // the same scan gives the same serial number
    expect(JSON.parse(render(report, 'cyclonedx')).serialNumber).toBe(bom.serialNumber);
  });

  it('lists the inference stack as services, and the dimensions vector stores declare', async () => {
    const stack = JSON.parse(render(await scanFixture('fixtures/facts/inference-stack'), 'cyclonedx'));
    expect(stack.services.filter((s: { 'bom-ref': string }) => s['bom-ref'].startsWith('service:inference:')).map((s: { name: string }) => s.name))
      .toEqual(['vllm', 'tei', 'triton', 'ray-serve', 'bentoml', 'ollama', 'sentence-transformers', 'gpu-workload', 'modal', 'replicate', 'sagemaker', 'baseten', 'litellm-proxy', 'portkey', 'openrouter', 'vercel-ai-gateway', 'cloudflare-ai-gateway']);
    const stores = JSON.parse(render(await scanFixture('fixtures/facts/store-catalogue'), 'cyclonedx'));
    const milvus = stores.services.find((s: { name: string }) => s.name === 'milvus');
    expect(milvus.properties).toContainEqual({ name: 'arch-audit:dimensions', value: '1024' });
  });
});
