import { EMBEDDING_CLASSES, EMBEDDING_ID_HINT, EMBEDDING_MODELS, LOCAL_EMBEDDING_MODULES, OPEN_ENDPOINT_EMBEDDINGS, SELF_RUN_EMBEDDINGS } from '../catalog/infra.ts';
import { isModelModule } from '../catalog/model-modules.ts';
import { providerOfModelId } from '../catalog/providers.ts';
import type { ModelCall } from './model-calls.ts';
import type { ModelIdSite, ModelIdUsage } from './sprawl.ts';
import type { FileFacts } from './types.ts';
import type { Located, VectorStoreUsage } from './vector-stores.ts';
import { byLocation } from '../util/location.ts';

// Which embedding models make the stored vectors, and whether that ties the corpus to one vendor:
// vectors from one model cannot be searched with another's, so switching means re-embedding everything.

export interface EmbeddingSource {
  /** the model id when written as a literal, else the class or API that embeds */
  model: string;
  provider: string | null;
  /** the dimension of the vectors it returns by default, when catalogued */
  dimensions: number | null;
  /** served only by its vendor (not open weights the team could run) */
  hosted: boolean | null;
  /** how it was seen: a model-id literal, a framework embedding class, or an embedding call */
  via: 'model-id' | 'class' | 'call';
  locations: Located[];
  /** written only as a setting's default (`DEFAULT_EMBEDDING_MODEL = ...`, a parameter default): which model embeds is configuration */
  setting?: true;
}

export interface EmbeddingCoupling {
  sources: EmbeddingSource[];
  /** product code persists vectors: a store that is not in-memory, or vector columns in a schema */
  persisted: boolean;
  /** hosted providers whose embeddings are persisted: a switch re-embeds the corpus */
  lockedTo: string[];
  /** declared dimensions, across stores and schemas */
  declared: (Located & { value: number; store: string })[];
  /** a declared dimension no catalogued model in use returns: a schema written for another model */
  mismatches: { declared: Located & { value: number }; models: string[] }[];
}

const EMBED_API = /embed/i;
/** Options that ask a model for shorter vectors (OpenAI `dimensions`, Gemini `output_dimensionality`). */
const REQUESTED_DIMENSION = /^(dimensions|output_dimensionality|outputDimensionality|output_dimension|outputDimension)$/;

/** A model id written as a setting's default: a parameter or field default, or a `DEFAULT_*` constant. */
function settingDefault(site: ModelIdSite): boolean {
  const c = site.context;
  return c !== undefined && (c.kind === 'default' || (c.kind === 'assign' && /^default_|_default$|^default[A-Z]/i.test(c.key ?? '')));
}

export function embeddingCoupling(facts: readonly FileFacts[], calls: readonly ModelCall[], modelIds: readonly ModelIdUsage[], stores: readonly VectorStoreUsage[], dead: (file: string) => boolean = () => false): EmbeddingCoupling {
  const sources = new Map<string, EmbeddingSource>();
  const add = (model: string, provider: string | null, at: Located, via: EmbeddingSource['via']) => {
    // A module nothing imports or runs embeds nothing: its model is no corpus to re-embed.
    if (dead(at.file)) return;
    const known = EMBEDDING_MODELS.find((m) => m.id.test(model));
    const key = `${model}\u0000${provider ?? known?.provider ?? ''}`;
    let s = sources.get(key);
    if (!s) {
      const p = provider ?? known?.provider ?? providerOfModelId(model) ?? null;
      sources.set(key, (s = { model, provider: p, dimensions: known?.dimensions ?? null, hosted: known ? known.hosted : p === null || OPEN_ENDPOINT_EMBEDDINGS.has(p) ? null : !SELF_RUN_EMBEDDINGS.has(p), via, locations: [] }));
    }
    if (!s.locations.some((l) => l.file === at.file && l.line === at.line)) s.locations.push(at);
  };

  const settings = new Set<string>();
  for (const m of modelIds) {
    if (!EMBEDDING_ID_HINT.test(m.id) && !EMBEDDING_MODELS.some((e) => e.id.test(m.id))) continue;
    for (const l of m.locations) add(m.id, null, l, 'model-id');
    if (m.sites.length > 0 && m.sites.every(settingDefault)) settings.add(m.id);
  }
  const requested = new Set<number>();
  for (const f of facts) for (const c of f.calls) for (const k of c.args.keys) if (REQUESTED_DIMENSION.test(k) && typeof c.args.values[k] === 'number') requested.add(c.args.values[k] as number);
  const idFiles = new Set([...sources.values()].flatMap((s) => s.locations.map((l) => l.file)));
  for (const f of facts) {
    for (const c of f.calls) {
      if (!c.origin || !(isModelModule(c.origin.module) || LOCAL_EMBEDDING_MODULES.test(c.origin.module))) continue;
      // The construction itself (`OpenAIEmbeddings(...)`), not a method called on one.
      const head = c.origin.path.replace(/\(\)$/, '');
      const cls = EMBEDDING_CLASSES.find((e) => e.classes.test(head));
      if (!cls) continue;
      const model = c.args.values.model ?? c.args.values.model_name ?? c.args.values.modelName;
      add(typeof model === 'string' ? model : head, cls.provider, { file: f.path, line: c.line }, typeof model === 'string' ? 'model-id' : 'class');
    }
  }
  // An embedding request whose model is not a literal still names its provider.
  for (const call of calls) {
    if (!EMBED_API.test(call.api) || call.model !== null || idFiles.has(call.file)) continue;
    if (call.provider) add(call.api, call.provider, { file: call.file, line: call.line }, 'call');
  }

  const persistedStores = stores.filter((s) => !s.inMemory);
  const declared = persistedStores.flatMap((s) => s.dimensions.map((d) => ({ ...d, store: s.id })));
  const persisted = persistedStores.length > 0;
  const list = [...sources.values()].map((s) => ({ ...s, locations: s.locations.sort(byLocation), ...(s.via === 'model-id' && settings.has(s.model) ? { setting: true as const } : {}) })).sort((a, b) => b.locations.length - a.locations.length || (a.model < b.model ? -1 : 1));
  // Beside a model the team runs itself, a hosted embedder named by no model id is one configurable backend.
  const selfRun = list.some((s) => s.hosted === false);
  const lockedTo = persisted ? [...new Set(list.filter((s) => s.hosted === true && s.provider !== null && (s.via !== 'call' || !selfRun)).map((s) => s.provider as string))].sort() : [];
  const catalogued = list.filter((s) => s.dimensions !== null);
  const mismatches = catalogued.length === 0 ? [] : declared
    .filter((d) => !requested.has(d.value) && !catalogued.some((s) => s.dimensions === d.value) && !list.some((s) => s.dimensions === null && s.hosted !== false))
    .map((d) => ({ declared: { file: d.file, line: d.line, value: d.value }, models: catalogued.map((s) => s.model) }));
  return { sources: list, persisted, lockedTo, declared, mismatches };
}
