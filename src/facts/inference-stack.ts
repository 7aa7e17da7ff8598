import { INFERENCE_STACK, type InferenceKind } from '../catalog/infra.ts';
import type { Manifest } from '../inventory/manifests/index.ts';
import type { InfraFact } from '../infra/scan.ts';
import type { ModuleGraph } from '../resolve/modules.ts';
import type { FileFacts } from './types.ts';
import { hostWithPort } from '../util/url.ts';

// Where inference runs and what sits between the product and the providers: self-hosted serving,
// hosted platforms and gateways, from code, manifests, Dockerfiles, compose files and Terraform.

export interface InferenceComponent {
  id: string;
  kind: InferenceKind;
  label: string;
  /** where it was seen: an import, a declared dependency, a URL, or infrastructure files */
  sources: ('code' | 'manifest' | 'url' | 'infra')[];
  evidence: string[];
}

export interface InferenceInput {
  facts: readonly FileFacts[];
  manifests: readonly Manifest[];
  infra: readonly InfraFact[];
  graph: ModuleGraph;
}

export function inferenceStack(input: InferenceInput): InferenceComponent[] {
  const found = new Map<string, { sources: Set<InferenceComponent['sources'][number]>; evidence: Set<string> }>();
  const add = (id: string, source: InferenceComponent['sources'][number], file: string) => {
    let e = found.get(id);
    if (!e) found.set(id, (e = { sources: new Set(), evidence: new Set() }));
    e.sources.add(source);
    e.evidence.add(file);
  };
  for (const f of input.facts) {
    for (const imp of f.imports) {
      if (input.graph.resolve(f.path, imp.module) !== undefined) continue;
      for (const t of INFERENCE_STACK) if (t.modules?.test(imp.module)) add(t.id, 'code', f.path);
    }
    for (const s of f.strings) {
      const host = s.kind === 'url' ? hostWithPort(s.value) : undefined;
      if (!host) continue;
      for (const t of INFERENCE_STACK) if (t.hosts?.test(host)) add(t.id, 'url', f.path);
    }
  }
  for (const m of input.manifests) {
    for (const d of m.dependencies) for (const t of INFERENCE_STACK) if (t.packages?.includes(d.name)) add(t.id, 'manifest', m.path);
  }
  for (const fact of input.infra) if (fact.kind === 'inference') add(fact.id, 'infra', fact.file);
  return INFERENCE_STACK.flatMap((t) => {
    const e = found.get(t.id);
    // Modal, Replicate or RunPod in a manifest alone may run sandboxes or jobs, not inference: code or infrastructure must show it.
    if (e && t.kind === 'hosted-platform' && e.sources.size === 1 && e.sources.has('manifest')) return [];
    return e ? [{ id: t.id, kind: t.kind, label: t.label, sources: [...e.sources].sort(), evidence: [...e.evidence].sort().slice(0, 10) }] : [];
  });
}

