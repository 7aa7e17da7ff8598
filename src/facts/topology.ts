import { trafficOf, type Traffic } from '../catalog/traffic.ts';
import { FILE_ROUTE } from '../catalog/web-routes.ts';
import { importedProviders, isModelModule } from '../catalog/model-modules.ts';
import { providerOfName } from '../catalog/providers.ts';
import type { Manifest } from '../inventory/manifests/index.ts';
import type { Resolution } from '../resolve/index.ts';
import type { Expr, ScopeIR } from '../resolve/ir.ts';
import type { Value } from '../resolve/values.ts';
import { callsIn, type ModelCall } from './model-calls.ts';
import { insidePythonPackage } from './product-kind.ts';
import type { FileFacts } from './types.ts';

// Where model traffic is organised: which module the product goes through (a dispatcher or factory that
// picks a per-provider adapter, an interface its adapters implement, a hub that calls into them, a module
// that builds the clients everyone uses), which model-calling modules stand behind it, and which bypass it.
// The adapter layer IS the abstraction a gateway finding asks for: adapters behind it are never bypasses.
// Measured per deployable package; sample and integration packages are reported apart.

export type GatewayKind = 'dispatcher' | 'interface' | 'hub' | 'client-module' | 'facade' | 'single-file';

export interface PackageTopology {
  /** folder of the package's manifest, '' for the repository root */
  root: string;
  /** sample, example and integration packages are listed, not judged */
  kind: 'product' | 'sample';
  modelFiles: string[];
  gateway: string[];
  bypassFiles: string[];
}

/** The gateway as the report and the rules read it: the topology and the call sites per file. */
export interface Gateway extends Topology {
  /** model call sites per file, most first */
  callSites: { file: string; calls: number }[];
}

export function gatewayOf(topo: Topology, modelCalls: readonly ModelCall[]): Gateway {
  const counts = new Map<string, number>();
  for (const c of modelCalls) counts.set(c.file, (counts.get(c.file) ?? 0) + 1);
  const callSites = [...counts].map(([file, calls]) => ({ file, calls })).sort((a, b) => b.calls - a.calls || (a.file < b.file ? -1 : 1));
  return { ...topo, callSites };
}

export interface Topology {
  present: boolean | null;
  /** the modules the product goes through: entry (dispatcher, hub, client module) first, then the interfaces */
  files: string[];
  kinds: GatewayKind[];
  /** model-calling modules behind the gateway (its adapters) */
  adapters: string[];
  /** model-calling product files that do not go through it */
  bypassFiles: string[];
  /** model-calling files in sample and integration packages, and scripts run by hand: not judged */
  apartFiles: string[];
  packages: PackageTopology[];
  /** share of the judged model-calling files that are the gateway or behind it; null without calls */
  coverage: number | null;
}

interface Candidate {
  kind: GatewayKind;
  entry: string;
  behind: Set<string>;
}

export interface TopologyInput {
  modelCalls: readonly ModelCall[];
  /** facts of product files */
  facts: ReadonlyMap<string, FileFacts>;
  productFiles: readonly FileFacts[];
  resolution: Resolution;
  manifests: readonly Manifest[];
  importers(path: string): string[];
  resolveImport(from: string, module: string): string | undefined;
  /** the team's word on which package roots are the product (the config's `products`); others are listed apart */
  isProductRoot?: (root: string) => boolean;
}

const SAMPLE_PACKAGE = /(^|\/)(examples?|samples?|demos?|integrations?|plugins?|extensions?|cookbooks?|templates?|starters?|playgrounds?|tutorials?|quickstarts?)(\/|$)/i;
/** Packages that ship with the product when they live inside its own source: its built-in plugins and integrations. */
const SHIPPED_PACKAGE = /(^|\/)(integrations?|plugins?|extensions?)(\/|$)/i;
/** An adapter family is mostly adapters: a base most of whose subclasses do something else is a general base class. */
const MIN_ADAPTER_SHARE = 1 / 3;
/** Functions inspected as possible dispatchers, per file. */
const MAX_FUNCTIONS_PER_FILE = 200;

export function topology(input: TopologyInput): Topology {
  const modelFiles = [...new Set(input.modelCalls.map((c) => c.file))].sort();
  if (modelFiles.length === 0) return { present: null, files: [], kinds: [], adapters: [], bypassFiles: [], apartFiles: [], packages: [], coverage: null };
  const modelSet = new Set(modelFiles);
  const modalities = modalitiesByFile(input.modelCalls);
  // Model-calling classes, read by the interface candidates and by what the chosen layer reaches.
  const classes = modelClasses(input);
  const productUsers = (file: string) => input.importers(file).filter((p) => p !== file && input.facts.has(p)).length;
  const candidates = [
    ...interfaces(input, modelSet, classes),
    ...dispatchers(input, modelSet),
    ...hubs(input, modelSet),
    ...clientModules(input),
    ...facades(input, modelSet),
  ];
  // A package inside another's Python source (`app/plugins/llm_adapters/setup.py` under `app/__init__.py`) ships with it:
  // its files are judged with the package around it, and a file there that bypasses the layer is a bypass.
  const inPython = insidePythonPackage([...input.facts.keys()]);
  const roots = packageRoots(input.manifests).filter((r) => !inPython(r));
  const byPackage = new Map<string, string[]>();
  for (const f of modelFiles) {
    const root = packageOf(f, roots);
    byPackage.set(root, [...(byPackage.get(root) ?? []), f]);
  }
  const packages: PackageTopology[] = [];
  const chosen: { cands: Candidate[]; through: Set<string> }[] = [];
  for (const [root, files] of [...byPackage].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // Roots below an `__init__.py` were merged above; a plugin folder under `src/` ships with the product too.
    const kind = input.isProductRoot ? (input.isProductRoot(root) ? 'product' : 'sample') : SAMPLE_PACKAGE.test(root) && !(SHIPPED_PACKAGE.test(root) && root.startsWith('src/')) ? 'sample' : 'product';
    // One model-calling file is its own gateway, unless it takes its client from a factory that picks the provider: that is the layer.
    const factory = files.length === 1 ? candidates.find((c) => c.kind === 'client-module' && c.behind.has(files[0] as string)) : undefined;
    const group = files.length === 1 ? { cands: [factory ?? { kind: 'single-file' as const, entry: files[0] as string, behind: new Set<string>() }], through: new Set(files) } : pickGroup(candidates, files, modalities, productUsers);
    const through = group?.through ?? new Set<string>();
    if (group) reachThrough(input, files, through, classes);
    const covered = files.filter((f) => through.has(f));
    const present = covered.length * 2 >= files.length && group !== undefined;
    if (present && group && kind === 'product') chosen.push(group);
    packages.push({
      root, kind, modelFiles: files,
      gateway: present && group ? entries(group.cands) : [],
      bypassFiles: files.filter((f) => !present || !through.has(f)),
    });
  }
  const judged = packages.filter((p) => p.kind === 'product');
  const judgedFiles = judged.flatMap((p) => p.modelFiles);
  const bypassFiles = judged.flatMap((p) => p.bypassFiles).sort();
  const apartFiles = packages.filter((p) => p.kind === 'sample').flatMap((p) => p.modelFiles).sort();
  const allCands = chosen.flatMap((g) => g.cands);
  // The gateway the report names is that of the packages with several model-calling files, largest first;
  // a package whose one file calls a model is its own gateway, not worth naming beside them.
  const named = judged.filter((p) => p.modelFiles.length > 1).sort((a, b) => b.modelFiles.length - a.modelFiles.length);
  const gatewayFiles = [...new Set((named.length > 0 ? named : judged).flatMap((p) => p.gateway))];
  const adapters = [...new Set(chosen.flatMap((g) => [...g.through]))].filter((f) => modelSet.has(f) && !gatewayFiles.includes(f)).sort();
  if (judgedFiles.length === 0) return { present: null, files: [], kinds: [], adapters: [], bypassFiles: [], apartFiles, packages, coverage: null };
  const coverage = Math.round(((judgedFiles.length - bypassFiles.length) / judgedFiles.length) * 100) / 100;
  return {
    present: coverage >= 0.5,
    files: gatewayFiles,
    kinds: [...new Set(allCands.map((c) => c.kind))],
    adapters,
    bypassFiles,
    apartFiles,
    packages,
    coverage,
  };
}

/**
 * What the layer reaches besides its own candidates: a model-calling class built on a class of the layer
 * (`class ResponsesService(LLMService)` beside the adapters the interface counted), and a module only the layer
 * imports (an adapter's own helper that asks for a chat title). Followed until nothing is added.
 */
function reachThrough(input: TopologyInput, files: readonly string[], through: Set<string>, classes: Map<string, { f: string; c: number }>): void {
  const ev = input.resolution.evaluator;
  // Each file's classes' ancestor files and its product importers, asked once: the loop below repeats until nothing is added.
  const ancestorFiles = new Map<string, string[]>();
  for (const k of classes.values()) ancestorFiles.set(k.f, [...(ancestorFiles.get(k.f) ?? []), ...ev.ancestry(k.f, k.c).slice(1).map((b) => b.f).filter((b) => b !== k.f)]);
  const usersOf = new Map(files.map((f) => [f, input.importers(f).filter((p) => input.facts.has(p))]));
  for (let added = true; added; ) {
    added = false;
    for (const f of files) {
      if (through.has(f)) continue;
      const built = (ancestorFiles.get(f) ?? []).some((b) => through.has(b));
      const users = usersOf.get(f) ?? [];
      if (built || (users.length > 0 && users.every((p) => through.has(p)))) {
        through.add(f);
        added = true;
      }
    }
  }
}

/**
 * The abstractions a package's model calls go through: every candidate that covers at least two of its
 * files counts (a package may have one family for chat and another for embeddings); the gateway files are
 * their entries, most covering first.
 */
function pickGroup(candidates: Candidate[], files: string[], modalities: Map<string, Set<Traffic>>, users: (file: string) => number): { cands: Candidate[]; through: Set<string> } | undefined {
  const inPackage = new Set(files);
  const reach = (c: Candidate) => [...c.behind, c.entry].filter((f) => inPackage.has(f)).length;
  // A facade counts with one model-calling module behind it: what makes it a gateway is that the product uses it.
  // Ranked by how many model-calling files they put behind them, a facade counting half: it names a
  // module the product goes through, not the abstraction itself.
  const score = (c: Candidate) => reach(c) * KIND_WEIGHT[c.kind];
  const ranked = candidates.filter((c) => reach(c) >= 2 || (c.kind === 'facade' && reach(c) >= 1)).sort((a, b) => score(b) - score(a) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.entry < b.entry ? -1 : 1));
  if (ranked.length === 0) return undefined;
  leadWithSharedLayers(ranked, users);
  const through = new Set<string>();
  const cands: Candidate[] = [];
  for (const c of ranked) {
    const adds = [c.entry, ...c.behind].filter((f) => inPackage.has(f) && !through.has(f));
    // A candidate whose files are all covered already adds nothing but another name.
    const overlap = [...c.behind].filter((f) => through.has(f)).length;
    if (adds.length === 0 && cands.length > 0 && !(c.kind === 'interface' && overlap * 2 >= c.behind.size)) continue;
    // Beside an abstraction that puts several files behind it, a module that calls a model itself and is merely
    // used from several places is one more way around it (the embeddings helper beside the provider layer).
    // Only for another kind of traffic, though (speech, images, embeddings beside a chat layer): a module for
    // the same kind is more likely part of that layer, its entry or its transport.
    const carries = [c.entry, ...c.behind].flatMap((f) => [...(modalities.get(f) ?? [])]);
    if (c.kind === 'facade' && reach(c) < 2 && cands.some((k) => k.kind !== 'facade') && !carries.some((m) => [...through].some((f) => modalities.get(f)?.has(m)))) continue;
    cands.push(c);
    through.add(c.entry);
    for (const f of c.behind) through.add(f);
  }
  return { cands, through };
}

/**
 * A layer the product imports from many places, found behind a candidate that is only one of its users (an agent
 * that picks between its own engines and the shared model layer), is where the product's model traffic goes: it
 * leads, and the candidate that uses it follows as a layer of its own.
 */
function leadWithSharedLayers(ranked: Candidate[], users: (file: string) => number): void {
  for (let i = 0; i < ranked.length; i++) {
    const a = ranked[i] as Candidate;
    const j = ranked.findIndex((b, k) => k > i && b.kind !== 'facade' && b.entry !== a.entry && a.behind.has(b.entry) && users(b.entry) >= SHARED_LAYER_USERS && users(b.entry) > 2 * users(a.entry));
    if (j > i) ranked.splice(i, 0, ...ranked.splice(j, 1));
  }
}

/** Product files that import a layer for it to count as shared: more than an agent and its tests use it. */
const SHARED_LAYER_USERS = 4;

const KIND_ORDER: Record<GatewayKind, number> = { dispatcher: 0, hub: 1, 'client-module': 2, facade: 3, interface: 4, 'single-file': 5 };
const KIND_WEIGHT: Record<GatewayKind, number> = { dispatcher: 1, hub: 1, interface: 1, 'client-module': 0.9, facade: 0.5, 'single-file': 0.1 };

/** What kinds of model traffic each file carries. */
function modalitiesByFile(calls: readonly ModelCall[]): Map<string, Set<Traffic>> {
  const out = new Map<string, Set<Traffic>>();
  for (const c of calls) out.set(c.file, (out.get(c.file) ?? new Set<Traffic>()).add(trafficOf(c.api)));
  return out;
}

/** The gateway's files, the candidate that covers most first (pickGroup keeps them in that order). */
function entries(cands: Candidate[]): string[] {
  return [...new Set(cands.map((c) => c.entry))];
}

// ---- interfaces: a base class most of whose subclasses are model-calling adapters --------------

/** Classes whose methods make model calls, by `file#class`. */
function modelClasses(input: TopologyInput): Map<string, { f: string; c: number }> {
  const out = new Map<string, { f: string; c: number }>();
  for (const call of input.modelCalls) {
    const ir = input.facts.get(call.file)?.ir;
    const cls = ir ? classOfScope(ir.scopes, call.fact.scope ?? 0) : undefined;
    if (cls !== undefined) out.set(`${call.file}#${cls}`, { f: call.file, c: cls });
  }
  return out;
}

function classOfScope(scopes: readonly ScopeIR[], s: number): number | undefined {
  for (let cur = s; cur >= 0; cur = scopes[cur]?.parent ?? -1) if (scopes[cur]?.cls !== undefined) return scopes[cur]?.cls;
  return undefined;
}

function interfaces(input: TopologyInput, modelSet: Set<string>, calling: Map<string, { f: string; c: number }>): Candidate[] {
  const ev = input.resolution.evaluator;
  // Only the bases of model-calling classes can be their interface.
  const bases = new Map<string, { f: string; c: number }>();
  for (const k of calling.values()) for (const b of ev.ancestry(k.f, k.c).slice(1)) if (input.facts.has(b.f)) bases.set(`${b.f}#${b.c}`, b);
  const out: Candidate[] = [];
  for (const [id, b] of bases) {
    // Test doubles of the interface (stubs, fakes) are not alternatives the product runs.
    const subs = ev.descendants(b.f, b.c).filter((k) => input.facts.has(k.f));
    const adapters = subs.filter((k) => calling.has(`${k.f}#${k.c}`) || inheritsCalls(ev, k, calling));
    const callingFiles = new Set(adapters.filter((k) => calling.has(`${k.f}#${k.c}`)).map((k) => k.f));
    if (calling.has(id)) callingFiles.add(b.f);
    // A subclass that fills in the base method the calling adapters fill in (`_sendPrompt`) plays their part, whether
    // or not its request was recognised: it counts towards the family being adapters, not a general base class.
    const role = roleMethods(input, b, adapters.filter((k) => calling.has(`${k.f}#${k.c}`)));
    const below = (k: { f: string; c: number }) => {
      const line = ev.ancestry(k.f, k.c);
      const at = line.findIndex((a) => a.f === b.f && a.c === b.c);
      return at < 0 ? line : line.slice(0, at);
    };
    const alike = subs.filter((k) => adapters.includes(k) || below(k).some((a) => methodsOf(input, a).some((m) => role.has(m))));
    if (callingFiles.size < 2 || alike.length < subs.length * MIN_ADAPTER_SHARE) continue;
    out.push({ kind: 'interface', entry: b.f, behind: new Set([...adapters.map((k) => k.f), ...callingFiles].filter((f) => f !== b.f && (modelSet.has(f) || input.facts.has(f)))) });
  }
  // The most general interface of a family covers the rest: drop an interface whose adapters another one holds.
  return out.filter((c) => !out.some((o) => o !== c && o.behind.has(c.entry) && [...c.behind].every((f) => o.behind.has(f))));
}

/** The base's methods that model-calling subclasses override: the part an adapter plays. */
function roleMethods(input: TopologyInput, base: { f: string; c: number }, calling: readonly { f: string; c: number }[]): Set<string> {
  const own = new Set(methodsOf(input, base));
  return new Set(calling.flatMap((k) => methodsOf(input, k).filter((m) => own.has(m) && m !== '__init__' && m !== 'constructor')));
}

function methodsOf(input: TopologyInput, k: { f: string; c: number }): string[] {
  return Object.keys(input.facts.get(k.f)?.ir?.classes[k.c]?.methods ?? {});
}

/** A repository class built on a model SDK or framework class (`class WrappedChat(ChatOpenAI)`). */
function extendsModelClass(ev: Resolution['evaluator'], k: { f: string; c: number }): boolean {
  return ev.externalBasesOf(k.f, k.c).some((b) => isModelModule(b.m));
}

/** A subclass that adds no call of its own but inherits a model-calling class's methods (one pointed at another base URL). */
function inheritsCalls(ev: Resolution['evaluator'], k: { f: string; c: number }, calling: Map<string, { f: string; c: number }>): boolean {
  return ev.ancestry(k.f, k.c).slice(1).some((a) => calling.has(`${a.f}#${a.c}`));
}

// ---- dispatchers: a function or registry that picks one of several adapters or clients ---------

function dispatchers(input: TopologyInput, modelSet: Set<string>): Candidate[] {
  const ev = input.resolution.evaluator;
  const calling = modelClasses(input);
  const out: Candidate[] = [];
  for (const f of input.productFiles) {
    const ir = f.ir;
    if (!ir) continue;
    // Functions are read only where they could pick a model: near a model SDK or a model-calling module.
    const near = nearModels(f, input, modelSet);
    let inspected = 0;
    const built = near ? constructionsByScope(f, input) : new Map<number, Value[]>();
    ir.scopes.forEach((scope, s) => {
      if (!near || scope.kind === 'module' || scope.kind === 'class' || ++inspected > MAX_FUNCTIONS_PER_FILE) return;
      // What it returns, and what it builds in its branches (`if azure: self.client = AsyncAzureOpenAI() else: ...`).
      const picked = targets([...(scope.returns.length > 0 ? ev.returns(f.path, s) : []), ...(built.get(s) ?? [])], input, calling, modelSet);
      if (picked.count >= 2) out.push({ kind: 'dispatcher', entry: f.path, behind: new Set([...picked.files, ...(modelSet.has(f.path) ? [f.path] : [])]) });
    });
    // A registry: a literal whose values are adapters (`{'openai': OpenAILLM, ...}`, `'pkg.llms.openai.OpenAILLM'`),
    // at module or class level, or built in the function that picks from it. Its entries are alternatives: two
    // or more, one of which calls a model (a registry may hold a local implementation beside a hosted one).
    for (const e of registryLiterals(ir.scopes, near)) {
      const values = (e.expr.k === 'arr' ? e.expr.a : Object.values((e.expr as Extract<Expr, { k: 'obj' }>).p)).map((x) => ev.values(f.path, e.s, x));
      const picked = targets(values.flat(), input, calling, modelSet);
      const named = namedClasses(e.expr, f.path, input, calling);
      for (const file of named.files) picked.files.add(file);
      const alternatives = values.filter((vs) => vs.some((v) => v.t === 'cls' || v.t === 'inst' || v.t === 'fn' || v.t === 'obj')).length + named.alternatives;
      // A list is a registry only when two of its entries reach different model-calling modules: a list of an
      // agent's tools holds one that calls a model beside others that do not.
      const enough = e.expr.k === 'arr' ? picked.count >= 2 && picked.files.size >= 2 : picked.count + named.count >= 1 && alternatives >= 2 && picked.files.size > 0;
      if (enough) out.push({ kind: 'dispatcher', entry: f.path, behind: picked.files });
    }
  }
  return merge(out);
}

/** What the calls made directly in each scope construct: instances of repository classes, and values of external calls. */
function constructionsByScope(f: FileFacts, input: TopologyInput): Map<number, Value[]> {
  const out = new Map<number, Value[]>();
  f.calls.forEach((call, i) => {
    if (!/(^|\.)([A-Z]\w*|create[A-Z]\w*|init_chat_model|initChatModel|get_model|getModel)$/.test(call.callee)) return;
    const made = input.resolution.callee(f.path, i).flatMap((v): Value[] => {
      if (v.t === 'cls') return [{ t: 'inst', f: v.f, c: v.c }];
      if (v.t === 'ext' && v.m !== '<global>') return [{ t: 'ext', m: v.m, p: `${v.p}()`, at: f.path }];
      return [];
    });
    if (made.length > 0) out.set(call.scope ?? 0, [...(out.get(call.scope ?? 0) ?? []), ...made]);
  });
  return out;
}

/** The distinct adapters and model clients among values: classes or instances of model-calling classes, functions in model files, clients of model SDKs. */
function targets(values: readonly Value[], input: TopologyInput, calling: Map<string, { f: string; c: number }>, modelSet: Set<string>): { count: number; files: Set<string> } {
  const ev = input.resolution.evaluator;
  const ids = new Set<string>();
  const files = new Set<string>();
  for (const v of values) {
    // An adapter: a class whose methods call a model, or that inherits them, or that is built on a model SDK
    // class, or any class of a model-calling module (its calls may sit in helper classes beside it).
    if ((v.t === 'cls' || v.t === 'inst') && (calling.has(`${v.f}#${v.c}`) || inheritsCalls(ev, v, calling) || extendsModelClass(ev, v) || modelSet.has(v.f))) {
      ids.add(`c:${v.f}#${v.c}`);
      files.add(v.f);
      for (const a of ev.ancestry(v.f, v.c)) if (calling.has(`${a.f}#${a.c}`)) files.add(a.f);
    } else if (v.t === 'fn' && (modelSet.has(v.f) || reachedModels(input, v, modelSet).size > 0)) {
      // A function of a model-calling module, or a handler that calls into one (`handlePrompt` -> `api.ts`).
      ids.add(`f:${v.f}#${v.s}`);
      for (const file of modelSet.has(v.f) ? [v.f] : reachedModels(input, v, modelSet)) files.add(file);
    } else if (v.t === 'obj') {
      // An adapter object: `{ id: 'openai', handlePrompt, ... }`, whose functions reach a model-calling module.
      const reached = new Set(Object.values(v.e.p).flatMap((x) => ev.values(v.f, v.s, x)).flatMap((m) => (m.t === 'fn' ? [...(modelSet.has(m.f) ? [m.f] : reachedModels(input, m, modelSet))] : [])));
      if (reached.size > 0) {
        ids.add(`o:${v.f}#${v.s}#${[...reached].sort().join(',')}`);
        for (const file of reached) files.add(file);
      }
    } else if (v.t === 'ext' && v.at !== undefined && /\)$/.test(v.p)) {
      // A client or model handle for a provider, built here: `OpenAI()`, `ChatAnthropic()`, `createOpenAI()('gpt-4o')`;
      // two of the same provider (`AzureOpenAI` beside `OpenAI` aside) are one choice, and helpers are none.
      const provider = clientProvider(v.m, v.p);
      if (provider) ids.add(`e:${provider}`);
    }
  }
  return { count: ids.size, files };
}

/** Functions followed down from an adapter's function to the model-calling module it uses. */
const ADAPTER_HOPS = 3;

const reachMemo = new WeakMap<Resolution, Map<string, Set<string>>>();

/** The model-calling modules a function reaches through the repository functions it calls, a couple of hops down. */
function reachedModels(input: TopologyInput, fn: Extract<Value, { t: 'fn' }>, modelSet: Set<string>): Set<string> {
  let memo = reachMemo.get(input.resolution);
  if (!memo) reachMemo.set(input.resolution, (memo = new Map()));
  const known = memo.get(`${fn.f}#${fn.s}`);
  if (known) return known;
  const out = new Set<string>();
  const seen = new Set<string>();
  let frontier = [fn];
  for (let hop = 0; hop < ADAPTER_HOPS && frontier.length > 0; hop++) {
    const next: Extract<Value, { t: 'fn' }>[] = [];
    for (const f of frontier) {
      const key = `${f.f}#${f.s}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const callees = input.resolution.callees.get(f.f) ?? [];
      for (const i of callsIn(input.resolution, f.f, f.s)) {
        for (const v of callees[i] ?? []) {
          if (v.t !== 'fn' || (v.f === f.f && v.s === f.s)) continue;
          if (modelSet.has(v.f)) out.add(v.f);
          else next.push(v);
        }
      }
    }
    frontier = next;
  }
  memo.set(`${fn.f}#${fn.s}`, out);
  return out;
}

/** The provider a constructed client or model handle stands for, when it is one. */
function clientProvider(module: string, path: string): string | undefined {
  const head = path.split('.')[0]?.replace(/\(\)/g, '') ?? '';
  const providers = importedProviders(module);
  if (providers.length > 0) return (/^[A-Z]/.test(head) ? providerOfName(head) : undefined) ?? providers[0];
  // The AI SDK's own registries and gateways choose a provider by name at run time.
  if (module === 'ai' && /^(customProvider|createProviderRegistry|experimental_createProviderRegistry|gateway)$/.test(head)) return `ai:${head}`;
  return undefined;
}

/** Object and dict literals held by names: where registries live (in functions too, where the file is near models). */
function registryLiterals(scopes: readonly ScopeIR[], functions: boolean): { s: number; expr: Expr }[] {
  const out: { s: number; expr: Expr }[] = [];
  scopes.forEach((scope, s) => {
    if (!functions && scope.kind !== 'module' && scope.kind !== 'class' && scope.kind !== 'constructor') return;
    for (const values of Object.values(scope.vars)) for (const e of values) if ((e.k === 'obj' && Object.keys(e.p).length >= 2) || (e.k === 'arr' && e.a.length >= 2)) out.push({ s, expr: e });
  });
  return out;
}

/** Values of a registry that name repository classes by import path (`'pkg.llms.openai.OpenAILLM'`), loaded at run time. */
function namedClasses(e: Expr, from: string, input: TopologyInput, calling: Map<string, { f: string; c: number }>): { count: number; alternatives: number; files: Set<string> } {
  const files = new Set<string>();
  let count = 0;
  let alternatives = 0;
  if (e.k !== 'obj') return { count, alternatives, files };
  for (const v of Object.values(e.p)) {
    const path = v.k === 'lit' && typeof v.v === 'string' ? v.v : '';
    if (!/^[\w.]+\.[A-Z]\w*$/.test(path)) continue;
    const dot = path.lastIndexOf('.');
    const file = input.resolveImport(from, path.slice(0, dot));
    const ir = file ? input.facts.get(file)?.ir : undefined;
    const c = ir?.classes.findIndex((k) => k.name === path.slice(dot + 1)) ?? -1;
    if (!file || c < 0) continue;
    alternatives++;
    if (!(calling.has(`${file}#${c}`) || inheritsCalls(input.resolution.evaluator, { f: file, c }, calling))) continue;
    files.add(file);
    count++;
  }
  return { count, alternatives, files };
}

/** A file that could pick between adapters: it imports a model SDK, a model-calling module, or is one. */
function nearModels(f: FileFacts, input: TopologyInput, modelSet: Set<string>): boolean {
  if (modelSet.has(f.path)) return true;
  return f.imports.some((i) => !i.typeOnly && (isModelModule(i.module) || modelSet.has(input.resolveImport(f.path, i.module) ?? '')));
}

// ---- hubs: a module that calls into several model-calling modules ------------------------------

function hubs(input: TopologyInput, modelSet: Set<string>): Candidate[] {
  const out: Candidate[] = [];
  for (const f of input.productFiles) {
    if (!f.ir) continue;
    const imported = new Set(f.imports.flatMap((i) => {
      const t = i.typeOnly ? undefined : input.resolveImport(f.path, i.module);
      return t && t !== f.path && modelSet.has(t) ? [t] : [];
    }));
    if (imported.size < 2) continue;
    // It must choose between them: one function calling into two or more of them (`if provider == ...`). A
    // module whose routes each call a different feature module, or an index that re-exports them, is not one.
    const byScope = new Map<number, Set<string>>();
    const callees = input.resolution.callees.get(f.path) ?? [];
    f.calls.forEach((call, i) => {
      for (const v of callees[i] ?? []) {
        const file = v.t === 'fn' || v.t === 'cls' || v.t === 'inst' ? v.f : undefined;
        if (!file || !imported.has(file)) continue;
        const set = byScope.get(call.scope ?? 0) ?? new Set<string>();
        set.add(file);
        byScope.set(call.scope ?? 0, set);
      }
    });
    const called = new Set([...byScope.values()].filter((set) => set.size >= 2).flatMap((set) => [...set]));
    // And the product must use it: imported by product code, or a request handler the web framework calls
    // (`app/api/[provider]/route.ts` choosing a vendor's handler); a script nothing calls is not a shared layer.
    if (called.size >= 2 && (input.importers(f.path).some((p) => input.facts.has(p)) || FILE_ROUTE.test(f.path))) out.push({ kind: 'hub', entry: f.path, behind: called });
  }
  return out;
}

// ---- facades: the one module the product imports to reach a model ------------------------------

/**
 * A module several product files import that makes model calls itself, or calls into the module that does
 * (`routes -> chat.py -> backend.py`): the product goes through it.
 */
function facades(input: TopologyInput, modelSet: Set<string>): Candidate[] {
  const out: Candidate[] = [];
  for (const f of input.productFiles) {
    const importers = input.importers(f.path).filter((p) => input.facts.has(p) && p !== f.path);
    if (importers.length < 2) continue;
    if (modelSet.has(f.path)) {
      out.push({ kind: 'facade', entry: f.path, behind: new Set() });
      continue;
    }
    // A thin wrapper: the model-calling module it calls is reached by no other product file.
    const callees = input.resolution.callees.get(f.path) ?? [];
    const behind = new Set<string>();
    f.calls.forEach((_, i) => {
      for (const v of callees[i] ?? []) {
        if ((v.t !== 'fn' && v.t !== 'cls' && v.t !== 'inst') || v.f === f.path || !modelSet.has(v.f)) continue;
        if (input.importers(v.f).every((p) => p === f.path || !input.facts.has(p))) behind.add(v.f);
      }
    });
    if (behind.size > 0) out.push({ kind: 'facade', entry: f.path, behind });
  }
  return out;
}

// ---- client modules: where the clients and model handles everyone uses are built ---------------

function clientModules(input: TopologyInput): Candidate[] {
  const users = new Map<string, Set<string>>();
  /** the files using each client a module builds, by module and client: `together-ai|Together()` */
  const byClient = new Map<string, Map<string, Set<string>>>();
  const ev = input.resolution.evaluator;
  for (const call of input.modelCalls) {
    const values = [...(input.resolution.callees.get(call.file)?.[callIndex(input, call)] ?? [])];
    // A framework call's model is an argument: `streamText({ model: registry.languageModel('x') })`, `Agent(model=...)`.
    if (call.kind === 'framework') {
      const index = callIndex(input, call);
      const options = ev.argument(call.file, index, 0);
      // A chain handed to a runner (`StreamingResponse.from_chain(chain)`) carries the model it was built with.
      values.push(...ev.member(options.filter((v) => v.t === 'obj'), 'model'), ...options.filter((v) => v.t === 'ext'), ...ev.argument(call.file, index, 'model'), ...ev.argument(call.file, index, 'llm'));
    }
    for (const v of values) {
      if (v.t !== 'ext') continue;
      // Where the client was built, or where the model a chain was handed was built.
      for (const entry of new Set([v.at, v.handed])) {
        if (!entry || entry === call.file || !input.facts.has(entry)) continue;
        users.set(entry, new Set([...(users.get(entry) ?? []), call.file]));
        const clients = byClient.get(entry) ?? byClient.set(entry, new Map()).get(entry) as Map<string, Set<string>>;
        const client = `${v.m}|${v.p.split('.')[0] ?? ''}`;
        clients.set(client, new Set([...(clients.get(client) ?? []), call.file]));
      }
    }
  }
  // One client shared by several callers, or a factory that picks among providers' clients (`getModelClient`). A
  // module that builds a different SDK's client for each caller is where clients are built, not a layer they share.
  const clientsOf = (entry: string) => [...(byClient.get(entry)?.values() ?? [])];
  const shared = (entry: string) => clientsOf(entry).some((u) => u.size >= 2);
  // A factory builds the clients of several providers itself, and hands one caller either.
  const picks = (entry: string, user: string) => clientsOf(entry).filter((u) => u.has(user)).length >= 2 && providersBuiltIn(input, entry) >= 2;
  return [...users].filter(([entry, u]) => (u.size >= 2 && shared(entry)) || [...u].some((user) => picks(entry, user))).map(([entry, u]) => ({ kind: 'client-module' as const, entry, behind: u }));
}

/** How many providers' SDKs or framework integrations a module imports. */
function providersBuiltIn(input: TopologyInput, file: string): number {
  return new Set((input.facts.get(file)?.imports ?? []).filter((i) => !i.typeOnly).flatMap((i) => importedProviders(i.module))).size;
}

function callIndex(input: TopologyInput, call: ModelCall): number {
  return input.facts.get(call.file)?.calls.indexOf(call.fact) ?? -1;
}

/** Candidates of one kind at one entry become one, with all they cover. */
function merge(cands: Candidate[]): Candidate[] {
  const byEntry = new Map<string, Candidate>();
  for (const c of cands) {
    const key = `${c.kind}\u0000${c.entry}`;
    const seen = byEntry.get(key);
    if (seen) for (const f of c.behind) seen.behind.add(f);
    else byEntry.set(key, { ...c, behind: new Set(c.behind) });
  }
  return [...byEntry.values()];
}

// ---- packages ------------------------------------------------------------------------------

const PACKAGE_MANIFEST = /(^|\/)(package\.json|pyproject\.toml|setup\.py|setup\.cfg|Pipfile|requirements[\w.-]*\.txt)$/;

function packageRoots(manifests: readonly Manifest[]): string[] {
  return [...new Set(manifests.filter((m) => PACKAGE_MANIFEST.test(m.path)).map((m) => (m.path.includes('/') ? m.path.slice(0, m.path.lastIndexOf('/')) : '')))].sort((a, b) => b.length - a.length);
}

function packageOf(file: string, roots: readonly string[]): string {
  return roots.find((r) => r === '' || file.startsWith(`${r}/`)) ?? '';
}
