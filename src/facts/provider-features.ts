import { importedProviders, isModelModule } from '../catalog/model-modules.ts';
import { PROVIDER_FEATURES } from '../catalog/provider-features.ts';
import type { ModelCall } from './model-calls.ts';
import type { ModelIdUsage } from './sprawl.ts';
import type { FileFacts } from './types.ts';
import { byLocation } from '../util/location.ts';

// Where product code leans on one provider's own features: the part of a migration that is a rewrite,
// not a search-and-replace of the client.

export interface ProviderFeatureUse {
  id: string;
  provider: string;
  label: string;
  portCost: string;
  locations: { file: string; line: number }[];
}

export function providerFeatures(facts: readonly FileFacts[], calls: readonly ModelCall[], modelIds: readonly ModelIdUsage[]): ProviderFeatureUse[] {
  const out: ProviderFeatureUse[] = [];
  for (const feature of PROVIDER_FEATURES) {
    const at = new Map<string, { file: string; line: number }>();
    const add = (file: string, line: number) => at.set(`${file}:${line}`, { file, line });
    if (feature.path) {
      for (const f of facts) {
        for (const c of f.calls) {
          if (c.origin && isModelModule(c.origin.module) && ofProvider(c.origin.module, feature.provider) && feature.path.test(c.origin.path.replace(/\(\)/g, ''))) add(f.path, c.line);
        }
      }
    }
    if (feature.key) {
      for (const call of calls) {
        if (feature.provider !== '*' && call.provider !== null && call.provider !== feature.provider && !call.alsoProviders.some((p) => p === feature.provider)) continue;
        if (feature.keyNotOn?.test(call.api)) continue;
        if (call.fact.args.keys.some((k) => feature.key?.test(k))) add(call.file, call.line);
      }
    }
    if (feature.modelId) for (const m of modelIds) if (feature.modelId.test(m.id)) for (const l of m.locations) add(l.file, l.line);
    if (at.size > 0) {
      const locations = [...at.values()].sort(byLocation);
      out.push({ id: feature.id, provider: feature.provider, label: feature.label, portCost: feature.portCost, locations });
    }
  }
  return out;
}

/** `batches.create` is OpenAI's Batch API on an OpenAI client and Anthropic's on an Anthropic one; a framework module names no vendor. */
function ofProvider(module: string, provider: string): boolean {
  const providers = importedProviders(module);
  return provider === '*' || providers.length === 0 || providers.includes(provider as (typeof providers)[number]);
}
