import { createHash } from 'node:crypto';
import { isModelPackage } from '../catalog/model-modules.ts';
import { EVAL_TOOLS, OBSERVABILITY_TOOLS, VECTOR_STORES } from '../catalog/tools.ts';
import type { Report } from '../report/schema.ts';

// An AI bill of materials in CycloneDX 1.6 JSON: the models the code names, the providers and vector
// stores it calls as services, the SDKs, frameworks and AI tooling it declares as libraries, and the
// eval datasets it keeps. Built from the report alone, so it matches what the other formats say.

type Manifest = Report['inventory']['manifests'][number];

const AI_TOOL_PACKAGES = new Set([...EVAL_TOOLS, ...OBSERVABILITY_TOOLS, ...VECTOR_STORES].flatMap((t) => t.packages));

export function renderCycloneDx(r: Report): string {
  const app = `app:${r.target.source}`;
  const libraries = aiLibraries(r.inventory.manifests);
  const models = r.inventory.modelIds.map((m) => ({
    type: 'machine-learning-model',
    'bom-ref': `model:${m.id}`,
    name: m.id,
    ...(m.provider ? { publisher: m.provider } : {}),
    properties: [
      { name: 'arch-audit:occurrences', value: String(m.count) },
      { name: 'arch-audit:files', value: m.files.map((f) => f.file).join(', ') },
      ...(m.retired ? [{ name: 'arch-audit:retired', value: m.retired }] : []),
      ...(m.movingAlias ? [{ name: 'arch-audit:moving-alias', value: 'true' }] : []),
    ],
  }));
  const datasets = r.inventory.evalHarness.evidence.filter((p) => /\.(jsonl|csv)$/i.test(p)).map((p) => ({
    type: 'data',
    'bom-ref': `dataset:${p}`,
    name: p,
    data: [{ type: 'dataset', name: p, description: 'evaluation dataset' }],
  }));
  const providers = r.inventory.providers.filter((p) => p.calls > 0 || p.importingFiles > 0).map((p) => ({
    'bom-ref': `service:${p.id}`,
    name: p.id,
    description: 'model provider',
    properties: [
      { name: 'arch-audit:calls', value: String(p.calls) },
      { name: 'arch-audit:files', value: String(p.files) },
    ],
  }));
  const stores = r.inventory.vectorStores.map((v) => ({
    'bom-ref': `service:vector-store:${v.id}`, name: v.id, description: v.inMemory ? 'in-memory vector store' : 'vector store',
    properties: [
      { name: 'arch-audit:files', value: String(v.files) },
      ...[...new Set(v.dimensions.map((d) => d.value))].map((d) => ({ name: 'arch-audit:dimensions', value: String(d) })),
    ],
  }));
  const stack = r.inventory.inferenceStack.map((c) => ({
    'bom-ref': `service:inference:${c.id}`, name: c.id, description: `${c.label} (${c.kind})`,
    properties: [{ name: 'arch-audit:kind', value: c.kind }, ...c.sources.map((s) => ({ name: 'arch-audit:seen-in', value: s }))],
  }));
  const refs = [...libraries.map((l) => l['bom-ref']), ...models.map((m) => m['bom-ref']), ...datasets.map((d) => d['bom-ref']), ...providers.map((p) => p['bom-ref']), ...stores.map((s) => s['bom-ref']), ...stack.map((s) => s['bom-ref'])];
  const bom = {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${uuidFrom(`${r.target.source}|${r.target.commit ?? ''}|${r.target.scannedAt}`)}`,
    version: 1,
    metadata: {
      timestamp: r.target.scannedAt,
      tools: { components: [{ type: 'application', name: 'arch-audit', version: r.tool.version }] },
      component: { type: 'application', 'bom-ref': app, name: r.target.github?.fullName ?? r.target.source, ...(r.target.commit ? { version: r.target.commit } : {}) },
    },
    components: [...libraries, ...models, ...datasets],
    services: [...providers, ...stores, ...stack],
    dependencies: [{ ref: app, dependsOn: refs }],
  };
  return `${JSON.stringify(bom, null, 2)}\n`;
}

/** Declared model SDKs, AI frameworks and AI tooling (evals, tracing, vector stores), once each. */
function aiLibraries(manifests: readonly Manifest[]): { type: string; 'bom-ref': string; name: string; version?: string; purl: string; scope: string }[] {
  const seen = new Map<string, { type: string; 'bom-ref': string; name: string; version?: string; purl: string; scope: string }>();
  for (const m of manifests) {
    for (const d of m.dependencies) {
      if (!isAiPackage(d.name, m.ecosystem)) continue;
      const ref = `pkg:${m.ecosystem}/${d.name}`;
      if (seen.has(ref)) continue;
      const exact = /^(==|=)?\s*(\d[\w.+-]*)$/.exec(d.spec.trim())?.[2];
      seen.set(ref, { type: 'library', 'bom-ref': ref, name: d.name, ...(d.spec ? { version: d.spec } : {}), purl: `${purlName(ref)}${exact ? `@${exact}` : ''}`, scope: d.scope === 'dev' ? 'excluded' : 'required' });
    }
  }
  return [...seen.values()].sort((a, b) => (a['bom-ref'] < b['bom-ref'] ? -1 : 1));
}

function isAiPackage(name: string, ecosystem: 'npm' | 'pypi'): boolean {
  return AI_TOOL_PACKAGES.has(name) || isModelPackage(name, ecosystem);
}

/** `pkg:npm/@scope/name` needs the scope's `@` encoded in a purl. */
function purlName(ref: string): string {
  return ref.replace('/@', '/%40');
}

/** A stable UUID (v4 layout) from the scan's identity, so the same scan gives the same BOM. */
function uuidFrom(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
