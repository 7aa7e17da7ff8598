import { FRAMEWORKS } from '../catalog/frameworks.ts';
import { plural } from '../util/plural.ts';
import { importedProviders } from '../catalog/model-modules.ts';
import { PROVIDER_FEATURES } from '../catalog/provider-features.ts';
import type { EmbeddingCoupling } from './embeddings.ts';
import type { ModelCall } from './model-calls.ts';
import type { ProviderFeatureUse } from './provider-features.ts';
import type { EvalHarness, ProviderUsage } from './signals.ts';
import type { Gateway } from './topology.ts';
import type { ModelIdUsage, PromptUsage } from './sprawl.ts';
import type { FileFacts } from './types.ts';
import type { VectorStoreUsage } from './vector-stores.ts';

// What leaving each vendor would touch, counted from the code, and an estimate of the work with a
// formula written down in docs/scoring.md. The counts are facts; the hours are a model of them.

export interface MigrationSurface {
  vendor: string;
  kind: 'model-provider' | 'framework' | 'vector-store';
  /** product files that would change */
  files: string[];
  callSites: number;
  /** call sites inside the gateway module: rewritten once, for every caller */
  callSitesInGateway: number;
  /** provider-only features in use, by feature id */
  features: string[];
  /** hard-coded model-id occurrences naming this provider */
  modelIdOccurrences: number;
  /** inline prompts in the files that call this provider: re-tuned and re-checked on another model */
  prompts: number;
  /** stored vectors made by this vendor's embedding model, or kept in this store: the corpus moves */
  reembed: boolean;
  /** declared vector dimensions (schemas, index definitions) to migrate */
  schemaSites: number;
  /** the files every caller goes through, when there is one place to change */
  adapter: string[] | null;
  effortHours: number;
  /** each term of the estimate, in hours, in the order of the formula */
  breakdown: { item: string; hours: number }[];
}

export interface MigrationInput {
  facts: readonly FileFacts[];
  modelCalls: readonly ModelCall[];
  providers: readonly ProviderUsage[];
  gateway: Gateway;
  modelIds: readonly ModelIdUsage[];
  prompts: PromptUsage;
  providerFeatures: readonly ProviderFeatureUse[];
  embeddings: EmbeddingCoupling;
  vectorStores: readonly VectorStoreUsage[];
  evalHarness: EvalHarness;
  /** names of the packages the repository publishes (its manifests' names) */
  packageNames: readonly string[];
}

/** The estimate's weights, in hours; docs/scoring.md explains each. */
export const MIGRATION_WEIGHTS = {
  providerBase: 4,
  callSiteInGateway: 0.5,
  callSiteElsewhere: 1.5,
  file: 0.5,
  modelId: 0.25,
  prompt: 0.25,
  reembed: 8,
  storeBase: 8,
  adapterFile: 4,
  directStoreFile: 2,
  frameworkBase: 8,
  frameworkCallSite: 1,
  schemaSite: 1,
  /** with no eval harness, every change is checked by hand */
  noEvalsFactor: 1.5,
} as const;

export function migrationSurface(input: MigrationInput): MigrationSurface[] {
  const w = MIGRATION_WEIGHTS;
  const verify = input.evalHarness.present === true ? 1 : w.noEvalsFactor;
  const gatewayFiles = new Set(input.gateway.present ? input.gateway.files : []);
  const out: MigrationSurface[] = [];

  const importers = new Map<string, Set<string>>();
  for (const f of input.facts) {
    for (const i of f.imports) {
      if (i.typeOnly) continue;
      for (const p of importedProviders(i.module)) (importers.get(p) ?? importers.set(p, new Set()).get(p))?.add(f.path);
    }
  }
  for (const p of input.providers) {
    const calls = input.modelCalls.filter((c) => c.provider === p.id || c.alsoProviders.includes(p.id));
    const files = new Set([...calls.map((c) => c.file), ...(importers.get(p.id) ?? [])]);
    if (files.size === 0) continue;
    const inGateway = calls.filter((c) => gatewayFiles.has(c.file)).length;
    const features = input.providerFeatures.filter((u) => u.provider === p.id || (u.provider === '*' && u.locations.some((l) => files.has(l.file))));
    const modelIdOccurrences = input.modelIds.filter((m) => m.provider === p.id).reduce((n, m) => n + m.count, 0);
    const prompts = input.prompts.inline.filter((x) => files.has(x.file)).length;
    const reembed = input.embeddings.lockedTo.includes(p.id);
    const breakdown = [
      { item: 'new client, credentials and configuration', hours: w.providerBase },
      { item: `${plural(inGateway, 'call site')} in the gateway`, hours: inGateway * w.callSiteInGateway },
      { item: `${plural(calls.length - inGateway, 'call site')} elsewhere`, hours: (calls.length - inGateway) * w.callSiteElsewhere },
      { item: `${plural(files.size, 'file')} to review and test`, hours: files.size * w.file },
      { item: plural(modelIdOccurrences, 'hard-coded model id'), hours: modelIdOccurrences * w.modelId },
      { item: `${plural(prompts, 'inline prompt')} to re-tune`, hours: prompts * w.prompt },
      ...features.map((u) => ({ item: u.label, hours: PROVIDER_FEATURES.find((x) => x.id === u.id)?.portHours ?? 0 })),
      ...(reembed ? [{ item: 're-embed the stored corpus', hours: w.reembed }] : []),
    ];
    out.push(finish({
      vendor: p.id, kind: 'model-provider', files: [...files].sort(), callSites: calls.length, callSitesInGateway: inGateway,
      features: features.map((u) => u.id), modelIdOccurrences, prompts, reembed, schemaSites: 0,
      // One file holding every use of the provider is its adapter (a factory mapping ids to clients).
      adapter: calls.length > 0 && calls.every((c) => gatewayFiles.has(c.file)) ? [...gatewayFiles].sort() : files.size === 1 ? [...files] : null,
    }, breakdown, verify));
  }

  // The framework itself is a dependency to leave too: its call shapes, streaming protocol and types.
  // A framework used only for its vector-store classes is a dependency all the same.
  const imported = FRAMEWORKS.filter((f) => input.facts.some((file) => file.imports.some((i) => !i.typeOnly && f.modules.test(i.module)))).map((f) => f.id);
  const frameworks = [...new Set([...input.modelCalls.flatMap((c) => (c.kind === 'framework' && c.framework ? [c.framework] : [])), ...imported])];
  for (const id of frameworks) {
    const framework = FRAMEWORKS.find((f) => f.id === id);
    // The framework's own repository (a package it publishes) has nothing to leave.
    if (!framework || input.packageNames.some((n) => framework.modules.test(n))) continue;
    const calls = input.modelCalls.filter((c) => c.framework === id);
    const files = new Set(calls.map((c) => c.file));
    for (const f of input.facts) if (f.imports.some((i) => !i.typeOnly && framework.modules.test(i.module))) files.add(f.path);
    const breakdown = [
      { item: 'replacement library or own adapter', hours: w.frameworkBase },
      { item: plural(calls.length, 'call site'), hours: calls.length * w.frameworkCallSite },
      { item: `${plural(files.size, 'file')} to review and test`, hours: files.size * w.file },
    ];
    out.push(finish({
      vendor: id, kind: 'framework', files: [...files].sort(), callSites: calls.length, callSitesInGateway: calls.filter((c) => gatewayFiles.has(c.file)).length,
      features: [], modelIdOccurrences: 0, prompts: 0, reembed: false, schemaSites: 0, adapter: files.size === 1 ? [...files] : null,
    }, breakdown, verify));
  }

  for (const s of input.vectorStores) {
    if (s.inMemory) continue;
    const direct = [...new Set(s.directCalls.map((c) => c.file))];
    const schemaSites = s.dimensions.length;
    const breakdown = [
      { item: 'provision the new store and copy or rebuild the index', hours: w.storeBase },
      s.adapter
        ? { item: `rewrite the adapter (${plural(s.adapter.length, 'file')})`, hours: s.adapter.length * w.adapterFile }
        : { item: `${plural(direct.length, 'file')} calling the store directly`, hours: direct.length * w.directStoreFile },
      { item: plural(schemaSites, 'declared vector dimension'), hours: schemaSites * w.schemaSite },
    ];
    out.push(finish({
      vendor: s.id, kind: 'vector-store', files: s.evidence, callSites: s.directCalls.length, callSitesInGateway: 0,
      features: [], modelIdOccurrences: 0, prompts: 0, reembed: false, schemaSites, adapter: s.adapter,
    }, breakdown, verify));
  }
  return out.sort((a, b) => b.effortHours - a.effortHours || (a.vendor < b.vendor ? -1 : 1));
}

function finish(surface: Omit<MigrationSurface, 'effortHours' | 'breakdown'>, terms: { item: string; hours: number }[], verify: number): MigrationSurface {
  const breakdown = terms.filter((t) => t.hours > 0);
  if (verify !== 1) {
    const sum = breakdown.reduce((n, t) => n + t.hours, 0);
    breakdown.push({ item: 'no eval harness: every change checked by hand', hours: sum * (verify - 1) });
  }
  const effortHours = Math.round(breakdown.reduce((n, t) => n + t.hours, 0) * 2) / 2;
  return { ...surface, effortHours, breakdown: breakdown.map((t) => ({ ...t, hours: Math.round(t.hours * 100) / 100 })) };
}
