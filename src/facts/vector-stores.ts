import { DATABASE_DRIVER_STORES, DIMENSION_CONSTRUCTORS, DIMENSION_KEYS, DIMENSION_SIZE_CONSTRUCTORS, FRAMEWORK_VECTOR_CLASSES, IN_MEMORY_STORES, LLAMAINDEX_STORE_KEYS, VECTOR_SCHEMA_MODULES, VECTOR_SEARCH_HINTS } from '../catalog/infra.ts';
import { FRAMEWORKS } from '../catalog/frameworks.ts';
import { VECTOR_STORES } from '../catalog/tools.ts';
import type { InfraFact } from '../infra/scan.ts';
import type { Resolution } from '../resolve/index.ts';
import type { Expr } from '../resolve/ir.ts';
import type { Value } from '../resolve/values.ts';
import { isMigration } from '../inventory/roles.ts';
import type { ModuleGraph } from '../resolve/modules.ts';
import type { CallFact, FileFacts } from './types.ts';
import { byLocation } from '../util/location.ts';

// Which vector stores the product keeps its embeddings in, reached how (the store's SDK, a LangChain or
// LlamaIndex class, SQL), from which modules, and with which declared dimensions. A store behind one
// adapter is a contained migration; a store called from every feature is not.

export interface Located {
  file: string;
  line: number;
}

export interface VectorStoreUsage {
  id: string;
  /** product files that use the store: import its SDK or class, call it, or declare its schema */
  files: number;
  evidence: string[];
  /** vectors live in the process (LangChain InMemoryVectorStore, LlamaIndex's default index): nothing persisted */
  inMemory: boolean;
  via: ('sdk' | 'framework' | 'sql')[];
  /** first call into the store's client or class in each product file that makes one */
  directCalls: Located[];
  /** the files that hold every direct call when they are few or in one folder: the store's adapter */
  adapter: string[] | null;
  /** product files that reach the store only by importing a file that calls it */
  throughAdapter: string[];
  /** vector dimensions declared in migrations, ORM columns and index definitions */
  dimensions: (Located & { value: number })[];
}

export interface VectorStoreInput {
  facts: readonly FileFacts[];
  graph: ModuleGraph;
  /** schema and infrastructure facts of product files */
  infra: readonly InfraFact[];
  /** to read a query held in a variable (`pipeline = [{"$vectorSearch": ...}]`, `body = {"knn": ...}`) */
  resolution?: Resolution;
  /** a module the product never runs (liveness.ts): its calls are no callers to rewrite */
  dead?: (file: string) => boolean;
}

// Calls that send a query document to a general database: the keys of what they are passed say what it asks.
const QUERY_CALL = /^(aggregate|search|knn_search|msearch)$/;

/** Keys of the objects among these values, and of the objects in arrays or nested one level. */
function documentKeys(values: readonly Value[], ev: Resolution['evaluator'], depth = 0): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (v.t === 'obj') {
      const keys = Object.keys(v.e.p);
      out.push(...keys);
      if (depth < 1) for (const k of keys) out.push(...documentKeys(ev.member([v], k), ev, depth + 1));
    } else if (v.t === 'arr' && depth < 1) {
      out.push(...documentKeys(v.e.a.flatMap((x) => ev.values(v.f, v.s, x)), ev, depth + 1));
    }
  }
  return out;
}

// The frameworks whose store classes the catalogue names: their modules come from the framework catalogue.
const STORE_FRAMEWORKS = FRAMEWORKS.filter((f) => f.id === 'langchain' || f.id === 'llamaindex');
const isStoreFramework = (module: string): boolean => STORE_FRAMEWORKS.some((f) => f.modules.test(module));
// pgvector reached through SQL: distance operators of an ORM column, or a stored similarity function
// called over RPC (`supabase.rpc('match_documents', ...)`).
const PGVECTOR_DISTANCE = /(^|\.)(cosine_distance|l2_distance|max_inner_product|cosineDistance|l2Distance|innerProduct)$/;
const SIMILARITY_RPC = /(^|\.)rpc$/;
const SIMILARITY_FUNCTION = /match|similar|nearest|semantic|vector|embedding/i;
/** Direct callers in at most this many files, or in one folder, are an adapter. */
const ADAPTER_MAX_FILES = 2;

interface StoreHits {
  files: Set<string>;
  via: Set<VectorStoreUsage['via'][number]>;
  calls: Map<string, Located>;
  dimensions: (Located & { value: number })[];
}

export function vectorStores(input: VectorStoreInput): VectorStoreUsage[] {
  const stores = new Map<string, StoreHits>();
  const entry = (id: string): StoreHits => {
    let s = stores.get(id);
    if (!s) stores.set(id, (s = { files: new Set(), via: new Set(), calls: new Map(), dimensions: [] }));
    return s;
  };
  const call = (id: string, file: string, c: CallFact) => {
    const s = entry(id);
    s.files.add(file);
    // A migration is schema history, a dead module is no one's caller: neither is a caller to rewrite.
    if (!s.calls.has(file) && !isMigration(file) && !input.dead?.(file)) s.calls.set(file, { file, line: c.line });
  };
  const external = (f: FileFacts, module: string) => input.graph.resolve(f.path, module) === undefined;

  for (const fact of input.infra) {
    if (fact.kind !== 'vector-extension' && fact.kind !== 'vector-column' && fact.kind !== 'vector-query') continue;
    const s = entry(fact.id);
    s.files.add(fact.file);
    s.via.add('sql');
    if (fact.dimensions !== undefined) s.dimensions.push({ file: fact.file, line: fact.line, value: fact.dimensions });
    // A similarity query run from code (a raw driver) makes that module a direct user of the store;
    // creating the extension or a table is set-up.
    if (fact.kind === 'vector-query' && !isMigration(fact.file) && !s.calls.has(fact.file)) s.calls.set(fact.file, { file: fact.file, line: fact.line });
  }

  for (const f of input.facts) {
    for (const imp of f.imports) {
      if (!external(f, imp.module)) continue;
      for (const store of VECTOR_STORES) {
        if (!store.modules.test(imp.module)) continue;
        entry(store.id).files.add(f.path);
        entry(store.id).via.add('sdk');
      }
      if (isStoreFramework(imp.module)) {
        for (const b of imp.bindings) {
          const cls = FRAMEWORK_VECTOR_CLASSES.find((c) => c.classes.test(b.imported));
          // LlamaIndex's index class is a store only when the file builds one (below).
          if (cls && !cls.inMemory) {
            entry(cls.store).files.add(f.path);
            entry(cls.store).via.add('framework');
          }
        }
      }
    }
    f.calls.forEach((c, index) => {
      let hinted: string | undefined;
      let held: string[] | undefined;
      // The query document passed directly, or built beside the call and passed by name.
      const keysOf = (): string[] => {
        if (held) return held;
        held = [...c.args.keys];
        const ev = input.resolution?.evaluator;
        // Only a call on a package's object (a driver's collection or client), not `re.search(...)` on a string.
        if (ev && QUERY_CALL.test(c.callee.slice(c.callee.lastIndexOf('.') + 1)) && !/^(re|regex)$/.test(c.origin?.module ?? '')) {
          const args = [...(c.a ?? []).map((_, i) => i), ...Object.keys(c.kw ?? {})];
          held.push(...args.flatMap((at) => documentKeys(ev.argument(f.path, index, at), ev)));
        }
        return held;
      };
      // Where the call goes: its import, and for a query call also the client it resolves to
      // (`self.client.search(...)` with `self.client = OpenSearch(...)` built in the constructor).
      let origins: { module: string; path: string }[] | undefined;
      const originsOf = () => {
        if (origins) return origins;
        origins = c.origin ? [c.origin] : [];
        if (input.resolution && (QUERY_CALL.test(c.callee.slice(c.callee.lastIndexOf('.') + 1)) || VECTOR_SEARCH_HINTS.some((h) => h.call?.test(c.callee)))) {
          for (const v of input.resolution.callee(f.path, index)) if (v.t === 'ext' && !origins.some((o) => o.module === v.m)) origins.push({ module: v.m, path: v.p });
        }
        return origins;
      };
      // A `$vectorSearch` stage is MongoDB's whatever the collection came from; `knn` and `VectorField` need their SDK.
      for (const hint of VECTOR_SEARCH_HINTS) {
        const origin = hint.modules || hint.path || hint.call ? originsOf().find((o) => hint.modules?.test(o.module)) : c.origin;
        if ((hint.modules || hint.path || hint.call) && !origin) continue;
        if (hint.call && !hint.call.test(origin?.path.replace(/\(\)/g, '') ?? '')) continue;
        if (hint.key && !keysOf().some((k) => hint.key?.test(k))) continue;
        if (hint.path && !hint.path.test(origin?.path.split(/[.(]/)[0] ?? '')) continue;
        call(hint.store, f.path, c);
        entry(hint.store).via.add('sdk');
        hinted = hint.store;
      }
      // A method of what a query returned (`rows[0].get('metadata')`) reads data, it does not call the store.
      if (!c.origin || !external(f, c.origin.module) || c.origin.path.includes('[]')) return;
      const store = VECTOR_STORES.find((s) => s.modules.test(c.origin?.module ?? ''));
      const dimension = declaredDimension(c);
      // A pgvector column in an ORM model (`VectorField(dimensions=1536)`) is schema, like a migration.
      if (store && !(store.id === 'pgvector' && dimension !== undefined)) call(store.id, f.path, c);
      if (isStoreFramework(c.origin.module) && couplesToStore(c.origin.path)) {
        const head = c.origin.path.split(/[.(]/)[0] ?? '';
        const cls = FRAMEWORK_VECTOR_CLASSES.find((x) => x.classes.test(head));
        if (cls && !(cls.store === 'llamaindex-simplevectorstore' && c.args.keys.some((k) => LLAMAINDEX_STORE_KEYS.test(k)))) {
          call(cls.store, f.path, c);
          entry(cls.store).via.add('framework');
        }
      }
      if (dimension !== undefined && VECTOR_SCHEMA_MODULES.test(c.origin.module)) {
        const id = store?.id ?? hinted ?? (/^(pgvector|drizzle-orm|sqlalchemy|django|psycopg)/.test(c.origin.module) ? 'pgvector' : undefined);
        if (id) {
          entry(id).dimensions.push({ file: f.path, line: c.line, value: dimension });
          entry(id).files.add(f.path);
          if (!store && !hinted) entry(id).via.add('sql');
        }
      }
    });
  }

  // The product's own vector-store layer over a general database (`class CassandraDB(VectorStoreBase)` in
  // `vector_stores/cassandra.py`, importing the Cassandra driver): that database is a vector store here.
  for (const f of input.facts) {
    if (!inVectorLayer(f)) continue;
    for (const imp of f.imports) {
      if (imp.typeOnly || !external(f, imp.module)) continue;
      const driver = DATABASE_DRIVER_STORES.find((d) => d.modules.test(imp.module));
      if (!driver) continue;
      const s = entry(driver.store);
      s.files.add(f.path);
      s.via.add('sdk');
      const first = f.calls.find((c) => c.origin && driver.modules.test(c.origin.module));
      if (!s.calls.has(f.path) && !isMigration(f.path)) s.calls.set(f.path, { file: f.path, line: first?.line ?? imp.line });
    }
  }

  // pgvector is plain SQL once declared: the files that run similarity queries are its direct callers.
  const pg = stores.get('pgvector');
  if (pg) {
    for (const f of input.facts) {
      for (const c of f.calls) {
        const rpcName = SIMILARITY_RPC.test(c.callee) ? c.args.positional.find((p) => p.index === 0)?.value : undefined;
        if (PGVECTOR_DISTANCE.test(c.callee) || (typeof rpcName === 'string' && SIMILARITY_FUNCTION.test(rpcName))) call('pgvector', f.path, c);
      }
    }
  }

  const factsOf = new Map(input.facts.map((f) => [f.path, f]));
  return [...stores]
    .map(([id, s]) => summarise(id, s, input, factsOf))
    .sort((a, b) => Number(a.inMemory) - Number(b.inMemory) || b.files - a.files || (a.id < b.id ? -1 : 1));
}

// The framework's store interface, the same for every store it wraps: a module that only searches, adds or
// retrieves through a store built elsewhere would not change if that store did.
const STORE_INTERFACE = /^(a?similarity_search\w*|a?max_marginal_relevance_search\w*|a?add_documents|a?add_texts|a?delete|as_retriever|get_by_ids|similaritySearch\w*|maxMarginalRelevanceSearch|addDocuments|addVectors|asRetriever|delete)$/;
// What a call returned, read or awaited (`docs.map(...)`, `.catch(...)`): data, not the store.
const RESULT_METHOD = /^(then|catch|finally|map|filter|forEach|reduce|join|slice|find|some|every|sort|items|keys|values|get|json|text|tolist|to_dict|model_dump|dict|append|extend|pop|split|strip|format)$/;

/**
 * Does a call through a framework's store class tie its module to that store: a construction or builder, or a
 * method of the store's own beyond the shared interface? Searches and writes through the shared interface do not,
 * and neither does anything done with what a call returned.
 */
function couplesToStore(path: string): boolean {
  const segments = path.split('.');
  const firstCall = segments.findIndex((x) => x.endsWith('()'));
  const after = firstCall < 0 ? [] : segments.slice(firstCall + 1).map((x) => x.replace(/\(\)$/, ''));
  if (after.some((x) => RESULT_METHOD.test(x))) return false;
  const last = segments[segments.length - 1] ?? '';
  return firstCall < 0 || !STORE_INTERFACE.test(last);
}

// A vector-store layer names itself: its folder (`vector_stores/`, `vectorstore/`) or its classes and their bases.
const VECTOR_LAYER_FOLDER = /(^|\/)(vector[_-]?stores?|vectordbs?|vector[_-]?dbs?)\//i;
const VECTOR_LAYER_CLASS = /vector[_-]?(store|db|database|index)/i;

function inVectorLayer(f: FileFacts | undefined): boolean {
  if (!f) return false;
  if (VECTOR_LAYER_FOLDER.test(f.path)) return true;
  const named = (e: Expr): string => (e.k === 'name' ? e.n : e.k === 'get' ? e.p : '');
  return (f.ir?.classes ?? []).some((c) => VECTOR_LAYER_CLASS.test(c.name) || c.bases.some((b) => VECTOR_LAYER_CLASS.test(named(b))));
}

function summarise(id: string, s: StoreHits, input: VectorStoreInput, factsOf: ReadonlyMap<string, FileFacts>): VectorStoreUsage {
  const directCalls = [...s.calls.values()].sort(byLocation);
  const direct = new Set(directCalls.map((c) => c.file));
  const inScope = new Set(input.facts.map((f) => f.path));
  // A helper only the store's other callers import (its connection pool) is part of their adapter: the
  // entry points are the callers that the rest of the product imports.
  const entries = [...direct].filter((file) => {
    const importers = input.graph.importers(file).filter((i) => inScope.has(i));
    return importers.length === 0 || importers.some((i) => !direct.has(i));
  });
  const folders = new Set(entries.map(folderOf));
  // Callers that are each an adapter of the product's store layer (`vector_stores/pgvector.py` beside
  // `vector_stores/qdrant.py`, `integrations/chromadb/`) are that layer, however many packages ship one.
  const layered = entries.every((file) => namedForStore(file, id) || inVectorLayer(factsOf.get(file)));
  const contained = direct.size > 0 && (entries.length <= ADAPTER_MAX_FILES || folders.size <= 1 || layered);
  const through = new Set<string>();
  for (const file of direct) for (const importer of input.graph.importers(file)) if (inScope.has(importer) && !direct.has(importer)) through.add(importer);
  const files = new Set([...s.files, ...direct]);
  return {
    id,
    files: files.size,
    evidence: [...files].sort().slice(0, 10),
    inMemory: IN_MEMORY_STORES.has(id),
    via: [...s.via].sort(),
    directCalls,
    adapter: contained ? [...direct].sort() : null,
    throughAdapter: contained ? [...through].sort() : [],
    dimensions: dedupe(s.dimensions).sort(byLocation),
  };
}

/** The dimension a call declares: `Vector(1536)`, `dimension=1536`, `VectorParams(size=1536)`. */
export function declaredDimension(c: CallFact): number | undefined {
  const path = c.origin?.path.replace(/\(\)/g, '') ?? c.callee;
  const first = c.args.positional.find((p) => p.index === 0)?.value;
  if (DIMENSION_CONSTRUCTORS.test(path) && typeof first === 'number') return first;
  for (const key of c.args.keys) {
    const value = c.args.values[key];
    if (typeof value === 'number' && (DIMENSION_KEYS.test(key) || (key === 'size' && DIMENSION_SIZE_CONSTRUCTORS.test(path)))) return value;
  }
  return undefined;
}

/** A folder or file named for the store (`chromadb/`, `qdrant.ts`, `pgvector_store.py`): that store's adapter. */
function namedForStore(path: string, id: string): boolean {
  const spec = VECTOR_STORES.find((v) => v.id === id);
  const names = [id, ...(spec?.packages ?? [])].map((n) => n.replace(/^@/, '').split(/[/-]/)[0]?.replace(/[^a-z0-9]/gi, '').toLowerCase() ?? '').filter((n) => n.length >= 4);
  return path.toLowerCase().split('/').some((segment) => {
    const stem = segment.replace(/\.[^.]*$/, '').replace(/[^a-z0-9]/g, '');
    return names.some((n) => stem === n || stem.startsWith(n));
  });
}

function folderOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

function dedupe<T extends Located & { value: number }>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((d) => !seen.has(`${d.file}:${d.line}:${d.value}`) && (seen.add(`${d.file}:${d.line}:${d.value}`), true));
}
