import type { FileFacts, ImportFact, Literal } from '../facts/types.ts';
import type { ModuleGraph } from './modules.ts';
import { getKey } from '../util/record.ts';
import { hostOf } from '../util/url.ts';
import { RUNNERS, buildsItsClass, returnsItsArgument, runsItsLastArgument } from '../catalog/runners.ts';
import { isVectorStoreClass } from '../catalog/infra.ts';
import { thisPath, type ClassIR, type Expr, type ProgramIR, type ScopeIR } from './ir.ts';

// Where a value can come from, over every file at once: a demand-driven, flow-insensitive points-to
// evaluation of the parsers' program summaries (ir.ts), in the manner of PyCG's assignment graph and
// CodeQL's API graphs. Values of external packages are access paths (`openai` › `OpenAI()` › `chat` ›
// ...); repository values are modules, functions, classes, instances, literals. Fields are keyed by
// class and read through bases and subclasses; getters are called; constructor and `super(...)`
// arguments reach the parameters they are passed to; untyped parameters take what their callers pass.
// Every answer is a bounded list, and what could not be followed is a `?` value with the reason,
// never silence.

export type Value =
  /** an external package's value by its access path; `()` after a segment that was called */
  /**
   * an external package's value by its access path; `()` after a segment that was called; `at`: the file
   * where a call made it (a client constructed, a model handle built), kept by what is read from it;
   * `via`: where the construction points (its base URL, or the package of the model handed to it)
   */
  | { t: 'ext'; m: string; p: string; at?: string; via?: string; handed?: string }
  /**
   * a repository module; `shadows`: the package name it was imported by when a workspace package stands in for
   * an installed one (a `vscode` stub beside the real API), read as that package where the file does not say
   */
  | { t: 'mod'; f: string; shadows?: string }
  /** a Python package named by `import a.b`, whose members may be submodules */
  | { t: 'pkg'; name: string; at: string }
  /** a function or method; `self` when read from an instance or class */
  | { t: 'fn'; f: string; s: number; self?: Value }
  | { t: 'cls'; f: string; c: number }
  /**
   * `via`: where the external class it extends points, from the options it was built with (`new MyOpenAI({ baseURL })`);
   * `at`: the file that built it, for a class on an external base (a factory building its providers' adapters)
   */
  | { t: 'inst'; f: string; c: number; via?: string; at?: string }
  /** a string; `\u0000` stands for parts that are not known */
  | { t: 'str'; v: string; env?: string }
  | { t: 'obj'; f: string; s: number; e: Extract<Expr, { k: 'obj' }> }
  | { t: 'arr'; f: string; s: number; e: Extract<Expr, { k: 'arr' }> }
  | { t: 'env'; n: string }
  | { t: 'lit'; v: Exclude<Literal, string> }
  /** not known; `from`: the SDK result it was read from (`openai|OpenAI().chat.completions.create().choices[].message.content`) */
  | { t: '?'; why: string; from?: string };

export const UNKNOWN_PART = '\u0000';

/** Values kept per answer; beyond, the rest is one `?` (widening, as pyright and Jelly do). */
const MAX_VALUES = 24;
/** Nested evaluations per query, so one pathological file cannot stall the scan. */
const MAX_STEPS = 40_000;
/** Nested evaluations on one path: deeper chains are cut (the JS stack is the limit otherwise). */
const MAX_DEPTH = 120;
/** Call sites inspected to find what an untyped parameter receives. */
const MAX_CALLERS = 48;
/** Calls through a variable inspected per file when looking for who runs a method. */
const MAX_DYNAMIC_CALLS = 200;
/** Composed strings kept per expression. */
const MAX_STRINGS = 8;

export const GLOBAL = '<global>';

const DATA_METHODS = /^(map|filter|forEach|reduce|join|slice|concat|find|findIndex|some|every|includes|indexOf|keys|values|entries|items|toString|toJSON|json|text|split|strip|lower|upper|append|extend|pop|sort|reverse|copy|flatMap|flat|at|model_dump|model_dump_json|dict|to_dict|tolist|decode|encode|arrayBuffer|blob)$/;

/** Distinct hosts a client's base URL may take from which it is read as a shared base's, pointed by its users. */
const SHARED_BASE_HOSTS = 3;
/** `via` of a client built with an endpoint option whose value is not known. */
export const UNKNOWN_ENDPOINT = '?';
/**
 * The origin of the page the code runs in (`window.location.host`), as it stands in a composed string; `via`
 * of a client pointed at it, or at a path of the same server (`baseURL: '/api/v1'`): the product's own API.
 */
export const SAME_ORIGIN = '\u0001same-origin';
const PAGE_LOCATION = /^(window\.|self\.|globalThis\.|document\.)?location\.(origin|host|hostname|protocol|port|href)$/;

// Options of a constructor that say where its client points, or which model it is handed.
const URL_KEYS = ['base_url', 'baseURL', 'baseUrl', 'api_base', 'openai_api_base', 'azure_endpoint', 'endpoint', 'host'];
const MODEL_KEYS = ['model', 'llm', 'llm_chain'];
// The embedding model a vector store is built with: every write and search it makes embeds through it.
const EMBEDDING_KEYS = ['embedding', 'embeddings', 'embedding_function', 'embeddingFunction', 'embed_model'];
// Store builders that take the embedding model as a positional argument (`FAISS.from_documents(docs, emb)`,
// `PineconeStore.fromExistingIndex(emb, {...})`); a store's constructor does too (`new MemoryVectorStore(emb)`).
const STORE_BUILDER = /^(a?from_documents|a?from_texts|from_existing_index|load_local|fromDocuments|fromTexts|fromExistingIndex|fromExistingCollection|fromIndex|loadLocal|initialize|load)$/;
// An embedding model: a class named for it, built, and not one that runs in the process (sentence-transformers, llama.cpp, a fake).
const EMBEDDING_CLASS = /(^|\.)(?!HuggingFace(Bge|Instruct)?Embeddings\(|SentenceTransformer|FastEmbed|LlamaCpp|GPT4All|Fake|Deterministic)\w*Embeddings?\(\)$/;

interface ConstructionOptions {
  /** where the client points: base URL options, also inside `configuration` / `client_options` / `http_options` */
  urls: Expr[];
  /** the model it is handed */
  models: Expr[];
  /** what may be the embedding model of a vector store: its embedding options, and for a store builder its positional arguments */
  embeddings: Expr[];
}

/** The options of a construction (`OpenAI(base_url=...)`, `new Agent({ model })`, `LLMChain(llm=...)`) read once for both questions asked of it. */
function constructionOptions(e: Extract<Expr, { k: 'call' }>, storeBuilder = false): ConstructionOptions {
  const out: ConstructionOptions = { urls: [], models: [], embeddings: [] };
  const read = (o: Record<string, Expr> | undefined, depth: number): void => {
    if (!o) return;
    for (const key of URL_KEYS) {
      const x = getKey(o, key);
      if (x) out.urls.push(x);
    }
    for (const key of MODEL_KEYS) {
      const x = getKey(o, key);
      if (x) out.models.push(x);
    }
    for (const key of EMBEDDING_KEYS) {
      const x = getKey(o, key);
      if (x) out.embeddings.push(x);
    }
    const nested = getKey(o, 'configuration') ?? getKey(o, 'client_options') ?? getKey(o, 'http_options');
    if (nested?.k === 'obj' && depth < 1) read(nested.p, depth + 1);
  };
  read(e.kw, 0);
  for (const a of e.a) if (a.k === 'obj') read(a.p, 0);
  if (storeBuilder) out.embeddings.push(...e.a.filter((a) => a.k === 'name' || a.k === 'call' || a.k === 'get'));
  // A chain or agent handed its model by position (`initialize_agent(tools, llm)`): a built model among them says where it points.
  if (!storeBuilder && out.models.length === 0 && out.urls.length === 0) out.models.push(...e.a.filter((a) => a.k === 'name' || a.k === 'call' || a.k === 'get'));
  return out;
}

const RUNNABLE_METHOD = /^(a?invoke|a?stream|a?batch|astream_events)$/;


export interface Program {
  files: ReadonlyMap<string, FileFacts>;
  graph: ModuleGraph;
  /**
   * the product's files (all when not given): only their calls count as callers of its functions, and only
   * their classes as subclasses it runs. A test passing a stub to a constructor, or a stub subclassing an
   * interface, says nothing about what the product does.
   */
  product?: (file: string) => boolean;
}

interface Frame {
  f: string;
  ir: ProgramIR;
  s: number;
}

export class Evaluator {
  private readonly exprMemo = new WeakMap<object, Value[]>();
  private readonly nameMemo = new WeakMap<ScopeIR, Map<string, Value[]>>();
  /** per file: import bindings by scope and local name, and the star imports */
  private readonly importIndex = new Map<string, { byName: Map<string, { imp: ImportFact; imported: string }[]>; stars: ImportFact[] }>();
  private readonly memberMemo = new Map<string, Value[]>();
  private readonly spreadMemo = new Map<string, Value[]>();
  private readonly returnMemo = new Map<string, Value[]>();
  private readonly paramMemo = new Map<string, Value[]>();
  /** call sites by function, asked by every walk up a call chain (error handling, spans, route limits, route auth) */
  private readonly callersMemo = new Map<string, { f: string; call: number; passed: boolean }[]>();
  private readonly baseMemo = new Map<string, Value[]>();
  private readonly active = new Set<unknown>();
  private subclassIndex: Map<string, { f: string; c: number }[]> | undefined;
  private callIndex: Map<string, { f: string; call: number }[]> | undefined;
  private refIndex: Map<string, { f: string; call: number }[]> | undefined;
  private steps = 0;
  private depth = 0;

  constructor(readonly program: Program) {}

  /** Values of an expression written in scope `s` of file `f`. */
  values(f: string, s: number, e: Expr): Value[] {
    const ir = this.program.files.get(f)?.ir;
    if (!ir) return [unknown('no-summary')];
    this.steps = 0;
    return this.eval({ f, ir, s }, e);
  }

  /** Values of the callee of call `i` of file `f`. */
  callee(f: string, i: number): Value[] {
    const facts = this.program.files.get(f);
    const call = facts?.calls[i];
    if (!facts?.ir || !call?.f) return [unknown('no-summary')];
    this.steps = 0;
    return this.eval({ f, ir: facts.ir, s: call.scope ?? 0 }, call.f);
  }

  /** Values of an argument of call `i`: positional index or keyword name. */
  argument(f: string, i: number, at: number | string): Value[] {
    const facts = this.program.files.get(f);
    const call = facts?.calls[i];
    if (!facts?.ir || !call) return [];
    const e = typeof at === 'number' ? call.a?.[at] : getKey(call.kw, at);
    if (!e) return [];
    this.steps = 0;
    return this.eval({ f, ir: facts.ir, s: call.scope ?? 0 }, e);
  }

  /** Member `p` of the given values (`o.p`). */
  member(values: Value[], p: string): Value[] {
    return cap(values.flatMap((v) => this.get(v, p)));
  }

  /** The values a call of these callees returns. */
  result(values: Value[]): Value[] {
    return cap(values.flatMap((v) => this.callValue(v, undefined, undefined)));
  }

  // ---- expressions -------------------------------------------------------------------------

  private eval(fr: Frame, e: Expr): Value[] {
    const memo = this.exprMemo.get(e);
    if (memo) return memo;
    if (this.active.has(e)) return [];
    if (++this.steps > MAX_STEPS) return [unknown('budget')];
    if (this.depth >= MAX_DEPTH) return [unknown('too-deep')];
    this.active.add(e);
    this.depth++;
    let out: Value[];
    try {
      out = cap(this.evalRaw(fr, e));
    } finally {
      this.active.delete(e);
      this.depth--;
    }
    this.exprMemo.set(e, out);
    return out;
  }

  private evalRaw(fr: Frame, e: Expr): Value[] {
    switch (e.k) {
      case 'name': return this.name(fr, e.n);
      case 'this': return this.self(fr);
      case 'super': return this.superOf(fr);
      case 'get': {
        // `ref.current = new Client()` elsewhere in the function: what was stored under the member is what it holds;
        // a library object's own member of that name (`threading.local().client`) is then only a guess, and dropped.
        const stored = e.o.k === 'name' ? this.storedMember(fr, `${e.o.n}.${e.p}`) : [];
        const read = this.eval(fr, e.o).flatMap((v) => this.get(v, e.p));
        const out = stored.length > 0 ? [...stored, ...read.filter((v) => v.t !== 'ext')] : read;
        // An attribute this method checked with `isinstance(self.x.y, T)` may hold a T.
        const narrowed = fr.ir.scopes[fr.s]?.narrowed;
        const key = narrowed ? thisPath(e) : undefined;
        const types = key ? getKey(narrowed, key) : undefined;
        return types ? [...out, ...types.flatMap((t) => this.eval(fr, t)).flatMap(instantiate)] : out;
      }
      case 'idx': return this.eval(fr, e.o).flatMap((v) => this.index(v, e.i));
      case 'call': return this.call(fr, e);
      case 'lit': return typeof e.v === 'string' ? [{ t: 'str', v: e.v }] : [{ t: 'lit', v: e.v }];
      case 'str': return this.composed(fr, e.parts);
      // An alternative nothing is known of may be anything: `(data.get('url') or '')` is not only the empty string.
      case 'or': return e.of.flatMap((x) => {
        const alt = this.eval(fr, x);
        return alt.length > 0 ? alt : [unknown('expression')];
      });
      case 'obj': return [{ t: 'obj', f: fr.f, s: fr.s, e }];
      case 'arr': return [{ t: 'arr', f: fr.f, s: fr.s, e }];
      case 'fn': return [{ t: 'fn', f: fr.f, s: e.s }];
      case 'cls': return [{ t: 'cls', f: fr.f, c: e.c }];
      case 'import': return this.eval(fr, e.m).flatMap((v) => this.importByValue(fr.f, v));
      case 'env': return [{ t: 'env', n: e.n }, ...(e.d ? this.eval(fr, e.d) : [])];
      default: return [unknown('expression')];
    }
  }

  private composed(fr: Frame, parts: (string | Expr)[]): Value[] {
    return this.concatenated(parts.map((part): Value[] => (typeof part === 'string' ? [{ t: 'str', v: part }] : this.eval(fr, part))));
  }

  /**
   * `new URL(path, base)` as URL resolution reads it: a path from the root replaces the base's path, a relative
   * one its last segment (`new URL('chat', 'https://api.example.com/v1/')` is `.../v1/chat`); a base that is
   * configuration keeps the path after it.
   */
  private resolvedUrl(bases: Value[], paths: Value[]): Value[] {
    const strings = (vs: Value[]) => this.concatenated([vs]).flatMap((v) => (v.t === 'str' ? [v] : []));
    const out: Value[] = [];
    for (const path of strings(paths)) {
      if (/^[a-z]+:\/\//i.test(path.v)) {
        out.push(path);
        continue;
      }
      for (const base of strings(bases)) {
        const origin = /^[a-z]+:\/\/[^/\u0000]+/i.exec(base.v)?.[0];
        const joined = path.v.startsWith('/')
          ? (origin ?? UNKNOWN_PART) + path.v
          : base.v.endsWith(UNKNOWN_PART) || base.v === origin ? `${base.v}/${path.v}` : base.v.slice(0, base.v.lastIndexOf('/') + 1) + path.v;
        const env = base.env ?? path.env;
        out.push({ t: 'str', v: joined, ...(env ? { env } : {}) });
      }
    }
    return cap(out);
  }

  /**
   * The strings made by joining one value of each part, in order (at most MAX_STRINGS): a part with no
   * string among its values is a run of `UNKNOWN_PART`, an environment variable keeps its name.
   */
  concatenated(parts: readonly (readonly Value[])[]): Value[] {
    let acc: { v: string; env?: string }[] = [{ v: '' }];
    for (const values of parts) {
      const options: { v: string; env?: string }[] = [];
      for (const v of values) {
        if (v.t === 'str') options.push({ v: v.v, ...(v.env ? { env: v.env } : {}) });
        else if (v.t === 'env') options.push({ v: UNKNOWN_PART, env: v.n });
        else if (v.t === 'lit' && typeof v.v === 'number') options.push({ v: String(v.v) });
      }
      // A part that may also be something unread (`(data.get("base_url") or "").strip()`, a setting) may be any string.
      if (options.length === 0 || values.some((v) => v.t === '?' || v.t === 'ext')) options.push({ v: UNKNOWN_PART });
      const next: { v: string; env?: string }[] = [];
      for (const a of acc) for (const o of options) if (next.length < MAX_STRINGS) next.push({ v: a.v + o.v, ...(a.env ?? o.env ? { env: (a.env ?? o.env) as string } : {}) });
      acc = next;
    }
    return acc.map((a) => ({ t: 'str', v: a.v.replace(/\u0000+/g, UNKNOWN_PART), ...(a.env ? { env: a.env } : {}) }));
  }

  // ---- names -------------------------------------------------------------------------------

  private name(fr: Frame, n: string): Value[] {
    const scope = fr.ir.scopes[fr.s];
    if (!scope) return [];
    let memo = this.nameMemo.get(scope);
    if (!memo) this.nameMemo.set(scope, (memo = new Map()));
    const hit = memo.get(n);
    if (hit) return hit;
    // A name being looked up in this scope is its own placeholder while in progress (a cycle reads nothing).
    memo.set(n, []);
    const out = cap(this.lookup(fr, n));
    memo.set(n, out);
    return out;
  }

  private lookup(fr: Frame, n: string): Value[] {
    const { ir } = fr;
    for (let s = fr.s; s >= 0; s = ir.scopes[s]?.parent ?? -1) {
      const scope = ir.scopes[s];
      if (!scope) break;
      // Class bodies are not visible to their methods.
      if (scope.kind === 'class' && s !== fr.s) continue;
      const found = this.inScope({ f: fr.f, ir, s }, scope, n);
      if (found) return found;
    }
    const star = this.starImports(fr.f, n);
    if (star.length > 0) return star;
    return [{ t: 'ext', m: GLOBAL, p: n }];
  }

  /** Values assigned to a member of a local object (`ref.current = x`), kept under the dotted name in the scope that owns the object. */
  private storedMember(fr: Frame, dotted: string): Value[] {
    for (let s = fr.s; s >= 0; s = fr.ir.scopes[s]?.parent ?? -1) {
      const assigned = getKey(fr.ir.scopes[s]?.vars, dotted);
      if (assigned) return assigned.flatMap((x) => this.eval({ f: fr.f, ir: fr.ir, s }, x));
    }
    return [];
  }

  /** A name defined in one scope: its assignments, a parameter, or an import; undefined when it is not defined there. */
  private inScope(fr: Frame, scope: ScopeIR, n: string): Value[] | undefined {
    let hit = false;
    const out: Value[] = [];
    const assigned = getKey(scope.vars, n);
    if (assigned) {
      hit = true;
      for (const e of assigned) out.push(...this.eval(fr, e));
    }
    const index = scope.params.findIndex((p) => p.n === n);
    if (index >= 0) {
      hit = true;
      out.push(...this.param(fr, index));
    }
    for (const { imp, imported } of this.imports(fr.f).byName.get(`${fr.s}\u0000${n}`) ?? []) {
      hit = true;
      out.push(...this.importBinding(fr.f, imp, imported));
    }
    return hit ? out : undefined;
  }

  private imports(f: string): { byName: Map<string, { imp: ImportFact; imported: string }[]>; stars: ImportFact[] } {
    let index = this.importIndex.get(f);
    if (index) return index;
    index = { byName: new Map(), stars: [] };
    for (const imp of this.program.files.get(f)?.imports ?? []) {
      if (imp.kind === 'reexport') continue;
      for (const b of imp.bindings) {
        if (b.local === '*') {
          if (b.imported === '*') index.stars.push(imp);
          continue;
        }
        const key = `${imp.scope ?? 0}\u0000${b.local}`;
        const list = index.byName.get(key) ?? [];
        list.push({ imp, imported: b.imported });
        index.byName.set(key, list);
      }
    }
    this.importIndex.set(f, index);
    return index;
  }

  private starImports(f: string, n: string): Value[] {
    const out: Value[] = [];
    for (const imp of this.imports(f).stars) {
      const target = this.program.graph.resolve(f, imp.module);
      if (target) out.push(...this.moduleMember(target, n).filter((v) => v.t !== '?'));
    }
    return out;
  }

  // ---- imports and modules -----------------------------------------------------------------

  private importBinding(f: string, imp: ImportFact, imported: string): Value[] {
    const target = this.program.graph.resolve(f, imp.module);
    const python = f.endsWith('.py') || f.endsWith('.pyi');
    // `import a.b.c` binds `a` (its members may be repository submodules); `import a.b as x` binds the module.
    const root = imp.module.split('.')[0] as string;
    const bindsPackage = python && imported === '*' && imp.module.includes('.') && !imp.module.startsWith('.') && imp.bindings.some((b) => b.local === root);
    if (bindsPackage) return [{ t: 'pkg', name: root, at: f }];
    if (target === undefined) {
      if (imported === '*') return [{ t: 'ext', m: imp.module, p: '' }];
      if (python) {
        // `from pkg import sub` where pkg is a namespace package and sub a module of it.
        const sub = this.program.graph.resolve(f, joinModule(imp.module, imported));
        if (sub) return [{ t: 'mod', f: sub }];
      }
      return [{ t: 'ext', m: imp.module, p: imported }];
    }
    const shadows = !python && !/^[.@]?\//.test(imp.module) && !imp.module.startsWith('.') ? imp.module : undefined;
    if (imported === '*') return [{ t: 'mod', f: target, ...(shadows ? { shadows } : {}) }];
    const member = this.moduleMember(target, imported);
    if (member.length === 0 && shadows) return [{ t: 'ext', m: shadows, p: imported }];
    if (member.length > 0 || !python) return member;
    const sub = this.program.graph.resolve(f, joinModule(imp.module, imported));
    return sub ? [{ t: 'mod', f: sub }] : [];
  }

  private importByValue(f: string, v: Value): Value[] {
    if (v.t !== 'str' || v.v.includes(UNKNOWN_PART)) return [unknown('dynamic-import')];
    const target = this.program.graph.resolve(f, v.v);
    return target ? [{ t: 'mod', f: target }] : [{ t: 'ext', m: v.v, p: '' }];
  }

  /** A module's member: an export, a module-level name, a re-export, or (Python) a submodule. */
  moduleMember(f: string, n: string): Value[] {
    return this.memoized(this.memberMemo, `${f}\u0000${n}`, () => cap(this.moduleMemberRaw(f, n)));
  }

  /** One answer per key, computed once; a key asked for while it is being computed (a cycle) reads nothing. */
  private memoized(memo: Map<string, Value[]>, key: string, compute: () => Value[]): Value[] {
    const hit = memo.get(key);
    if (hit) return hit;
    if (this.active.has(key)) return [];
    this.active.add(key);
    let out: Value[];
    try {
      out = compute();
    } finally {
      this.active.delete(key);
    }
    memo.set(key, out);
    return out;
  }

  private moduleMemberRaw(f: string, n: string): Value[] {
    const facts = this.program.files.get(f);
    if (!facts) return [];
    const ir = facts.ir;
    if (ir) {
      const exported = getKey(ir.exports, n);
      if (exported) return this.eval({ f, ir, s: 0 }, exported);
      const module = ir.scopes[0];
      const own = module ? this.inScope({ f, ir, s: 0 }, module, n) : undefined;
      if (own) return own;
    }
    for (const imp of facts.imports) {
      if (imp.kind !== 'reexport') continue;
      for (const b of imp.bindings) {
        if (b.local === n) return this.importBinding(f, imp, b.imported);
        if (b.local === '*' && n !== 'default') {
          const target = this.program.graph.resolve(f, imp.module);
          const hit = target ? this.moduleMember(target, n) : [{ t: 'ext' as const, m: imp.module, p: n }];
          if (hit.length > 0) return hit;
        }
      }
    }
    // `from .providers import *` in a package's `__init__.py`: its names are the package's.
    const star = this.starImports(f, n);
    if (star.length > 0) return star;
    if (!ir) {
      // Light facts: only imports are known, so a name is what the file imports under it.
      for (const imp of facts.imports) for (const b of imp.bindings) if (b.local === n) return this.importBinding(f, imp, b.imported);
    }
    if (f.endsWith('__init__.py')) {
      const sub = this.program.graph.resolve(f, `.${n}`);
      if (sub) return [{ t: 'mod', f: sub }];
    }
    return [];
  }

  // ---- members -----------------------------------------------------------------------------

  private get(v: Value, p: string): Value[] {
    switch (v.t) {
      case 'ext': {
        const path = v.p ? `${v.p}.${p}` : p;
        // The page's own address: a URL built from it points at the product's own server.
        if (v.m === GLOBAL && PAGE_LOCATION.test(path)) return [{ t: 'str', v: SAME_ORIGIN }];
        return [{ ...v, p: path }];
      }
      case 'mod': {
        const hit = this.moduleMember(v.f, p);
        if (hit.length > 0) return hit;
        return v.shadows ? [{ t: 'ext', m: v.shadows, p }] : [unknown('module-member')];
      }
      case 'pkg': return this.packageMember(v, p);
      case 'inst': return this.instanceMember(v, p);
      case 'cls': return this.classMember(v, p);
      case 'obj': return this.objectMember(v, p);
      case 'env': return [];
      case '?': return [v];
      default: return [];
    }
  }

  /**
   * `a.b.c.f` after `import a.b.c`: a repository submodule, a member of the package's own module, or,
   * outside the repository, the longest imported dotted module that prefixes the chain.
   */
  private packageMember(v: Extract<Value, { t: 'pkg' }>, p: string): Value[] {
    const name = `${v.name}.${p}`;
    const target = this.program.graph.resolve(v.at, name);
    if (target) return [{ t: 'mod', f: target }];
    const own = this.program.graph.resolve(v.at, v.name);
    if (own) {
      // `app/__init__.py` holding `client`.
      const member = this.moduleMember(own, p);
      if (member.length > 0) return member;
    }
    const imported = (this.program.files.get(v.at)?.imports ?? []).map((i) => i.module);
    if (imported.some((m) => m === name || m.startsWith(`${name}.`))) return [{ t: 'pkg', name, at: v.at }];
    if (own) return [unknown('module-member')];
    return [{ t: 'ext', m: v.name, p }];
  }

  private index(v: Value, i: number | undefined): Value[] {
    if (v.t === 'arr') {
      const fr = this.frame(v.f, v.s);
      if (!fr) return [];
      const items = i !== undefined && v.e.a[i] ? [v.e.a[i] as Expr] : v.e.a;
      return items.flatMap((x) => this.eval(fr, x));
    }
    if (v.t === 'obj') {
      // An unknown key reads every entry: a registry of builders (`PROVIDERS[name]()`).
      const fr = this.frame(v.f, v.s);
      if (!fr) return [];
      return [...Object.values(v.e.p), ...(v.e.spread ?? [])].flatMap((x) => this.eval(fr, x));
    }
    if (v.t === 'ext') return [{ ...v, p: `${v.p}[]` }];
    if (v.t === '?') return [v];
    return [];
  }

  /** The entry of a registry under a key: the one named when the key is a known string, else every entry. */
  private entryAt(v: Extract<Value, { t: 'obj' }>, keys: Value[]): Value[] {
    const named = keys.length > 0 && keys.every((k) => k.t === 'str' && !k.v.includes(UNKNOWN_PART)) ? keys.flatMap((k) => (k.t === 'str' ? this.objectMember(v, k.v) : [])) : [];
    return named.length > 0 ? named : this.index(v, undefined);
  }

  private objectMember(v: Extract<Value, { t: 'obj' }>, p: string): Value[] {
    const fr = this.frame(v.f, v.s);
    if (!fr) return [];
    const own = getKey(v.e.p, p);
    if (own) return this.eval(fr, own);
    // A dict in an LCEL pipe (`{"answer": prompt | llm} | parser`) runs its values: a dict has no `invoke` of its own.
    if (RUNNABLE_METHOD.test(p)) return Object.values(v.e.p).flatMap((x) => this.eval(fr, x)).flatMap((x) => (x.t === 'obj' ? [] : this.get(x, p)));
    // `state = { ...state, x }`: a spread may hold the object itself. Configs layered as `{ ...base, ...chat }`
    // share their layers, so a read is memoized per object: once per object, not once per path through them.
    const spread = v.e.spread;
    if (!spread) return [];
    return this.memoized(this.spreadMemo, `${valueKey(v)}.${p}`, () => {
      if (++this.steps > MAX_STEPS) return [unknown('budget')];
      if (this.depth >= MAX_DEPTH) return [];
      this.depth++;
      try {
        return cap(spread.flatMap((x) => this.eval(fr, x)).flatMap((s) => this.get(s, p)));
      } finally {
        this.depth--;
      }
    });
  }

  private frame(f: string, s: number): Frame | undefined {
    const ir = this.program.files.get(f)?.ir;
    return ir ? { f, ir, s } : undefined;
  }

  private classOf(f: string, c: number): ClassIR | undefined {
    return this.program.files.get(f)?.ir?.classes[c];
  }

  /** A member read from an instance: fields and methods of the class, its bases and its subclasses. */
  private instanceMember(v: Extract<Value, { t: 'inst' }>, p: string): Value[] {
    // `this.constructor`, `self.__class__`, `type(self)`: whichever class the instance was built from, the
    // class itself or a subclass, whose class attributes a base method reads (`this.constructor._model`).
    if (p === 'constructor' || p === '__class__') return this.runtimeClasses(v);
    const out: Value[] = [];
    let external: Value[] = [];
    for (const k of this.lineage(v.f, v.c)) {
      const cls = this.classOf(k.f, k.c);
      if (!cls) continue;
      const method = getKey(cls.methods, p);
      if (method !== undefined) out.push(...this.methodValue(k.f, method, v));
      const fields = getKey(cls.fields, p);
      if (fields) {
        const ir = this.program.files.get(k.f)?.ir;
        if (ir) for (const fe of fields) out.push(...this.eval({ f: k.f, ir, s: fe.s }, fe.e));
      }
    }
    if (out.length === 0) {
      // Inherited from an external class: `class Chat(ChatOpenAI)` then `self.invoke(...)`.
      // Where it was built, when that is known: the module that chose this adapter is where the client came from.
      external = this.externalBases(v.f, v.c).map((b) => ({ t: 'ext' as const, m: b.m, p: `${b.p}().${p}`, at: v.at ?? v.f, ...(v.via ? { via: v.via } : {}) }));
    }
    if (out.length === 0 && external.length === 0 && p !== '__getattr__') return this.proxied(v, p);
    return [...out, ...external];
  }

  private runtimeClasses(v: Extract<Value, { t: 'inst' }>): Value[] {
    return [{ f: v.f, c: v.c }, ...this.descendants(v.f, v.c)].map((k) => ({ t: 'cls' as const, f: k.f, c: k.c }));
  }

  /**
   * A proxy class (`def __getattr__(self, name): return getattr(self._module, name)`, a lazily imported
   * SDK): the member is read from what it forwards to.
   */
  private proxied(v: Extract<Value, { t: 'inst' }>, p: string): Value[] {
    const out: Value[] = [];
    for (const k of this.ancestry(v.f, v.c)) {
      const s = getKey(this.classOf(k.f, k.c)?.methods, '__getattr__');
      const ir = this.program.files.get(k.f)?.ir;
      const scope = s === undefined ? undefined : ir?.scopes[s];
      if (!ir || !scope || s === undefined) continue;
      for (const r of scope.returns) {
        if (r.k !== 'call' || r.f.k !== 'name' || r.f.n !== 'getattr' || !r.a[0]) continue;
        out.push(...this.eval({ f: k.f, ir, s }, r.a[0]).flatMap((target) => this.get(target, p)));
      }
      if (out.length > 0) break;
    }
    return out;
  }

  private classMember(v: Extract<Value, { t: 'cls' }>, p: string): Value[] {
    const out: Value[] = [];
    for (const k of this.ancestry(v.f, v.c)) {
      const cls = this.classOf(k.f, k.c);
      if (!cls) continue;
      const method = getKey(cls.methods, p);
      if (method !== undefined) out.push(...this.methodValue(k.f, method, v));
      const fields = getKey(cls.fields, p);
      const ir = this.program.files.get(k.f)?.ir;
      // A class attribute (declared in the class body) is also what methods store into it (`Store._connection = ...`).
      const classLevel = fields && ir ? fields.some((fe) => ir.scopes[fe.s]?.kind === 'class' || fe.s === cls.scope) : false;
      if (fields && ir && classLevel) for (const fe of fields) out.push(...this.eval({ f: k.f, ir, s: fe.s }, fe.e));
      if (out.length > 0) return out;
    }
    return this.externalBases(v.f, v.c).map((b) => ({ t: 'ext' as const, m: b.m, p: `${b.p}.${p}` }));
  }

  private methodValue(f: string, s: number, self: Value): Value[] {
    const scope = this.program.files.get(f)?.ir?.scopes[s];
    if (!scope) return [];
    // A getter or `@property` is read by calling it.
    if (scope.kind === 'getter') return this.returns(f, s);
    return [{ t: 'fn', f, s, self }];
  }

  // ---- classes -----------------------------------------------------------------------------

  /** The class, its bases (nearest first) and its subclasses: a method of the base may read a field a subclass sets. */
  private lineage(f: string, c: number): { f: string; c: number }[] {
    const up = this.ancestry(f, c);
    const down = this.descendants(f, c);
    const seen = new Set(up.map((k) => `${k.f}#${k.c}`));
    return [...up, ...down.filter((k) => !seen.has(`${k.f}#${k.c}`))];
  }

  ancestry(f: string, c: number): { f: string; c: number }[] {
    const out: { f: string; c: number }[] = [];
    const seen = new Set<string>();
    const queue = [{ f, c }];
    while (queue.length > 0 && out.length < 32) {
      const k = queue.shift() as { f: string; c: number };
      const id = `${k.f}#${k.c}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(k);
      for (const b of this.bases(k.f, k.c)) if (b.t === 'cls') queue.push({ f: b.f, c: b.c });
    }
    return out;
  }

  descendants(f: string, c: number): { f: string; c: number }[] {
    const index = this.subclasses();
    const out: { f: string; c: number }[] = [];
    const seen = new Set<string>([`${f}#${c}`]);
    const queue = [`${f}#${c}`];
    while (queue.length > 0 && out.length < 64) {
      for (const k of index.get(queue.shift() as string) ?? []) {
        const id = `${k.f}#${k.c}`;
        if (seen.has(id)) continue;
        seen.add(id);
        out.push(k);
        queue.push(id);
      }
    }
    return out;
  }

  private bases(f: string, c: number): Value[] {
    return this.memoized(this.baseMemo, `${f}#${c}`, () => {
      const ir = this.program.files.get(f)?.ir;
      const cls = ir?.classes[c];
      return ir && cls ? cls.bases.flatMap((b) => this.eval({ f, ir, s: cls.scope }, b)) : [];
    });
  }

  /** The external classes a repository class is built on, through its repository bases. */
  externalBasesOf(f: string, c: number): { m: string; p: string }[] {
    return this.externalBases(f, c);
  }

  private externalBases(f: string, c: number): { m: string; p: string }[] {
    const out: { m: string; p: string }[] = [];
    for (const k of this.ancestry(f, c)) for (const b of this.bases(k.f, k.c)) if (b.t === 'ext' && b.m !== GLOBAL) out.push({ m: b.m, p: b.p });
    return out;
  }

  /** Subclasses by base, over every class whose base names a class (resolved once, lazily). */
  private subclasses(): Map<string, { f: string; c: number }[]> {
    if (this.subclassIndex) return this.subclassIndex;
    const index = new Map<string, { f: string; c: number }[]>();
    this.subclassIndex = index;
    for (const [f, facts] of this.program.files) {
      if (this.program.product && !this.program.product(f)) continue;
      facts.ir?.classes.forEach((cls, c) => {
        if (cls.bases.length === 0) return;
        for (const b of this.bases(f, c)) {
          if (b.t !== 'cls') continue;
          const id = `${b.f}#${b.c}`;
          const list = index.get(id) ?? [];
          list.push({ f, c });
          index.set(id, list);
        }
      });
    }
    return index;
  }

  private self(fr: Frame): Value[] {
    for (let s = fr.s; s >= 0; s = fr.ir.scopes[s]?.parent ?? -1) {
      const scope = fr.ir.scopes[s];
      if (!scope) break;
      if (scope.cls !== undefined) {
        return scope.kind === 'classmethod' || scope.kind === 'static' ? [{ t: 'cls', f: fr.f, c: scope.cls }] : [{ t: 'inst', f: fr.f, c: scope.cls }];
      }
    }
    return [unknown('this-outside-class')];
  }

  /** `super`: the enclosing class's bases, read as instances (their methods bound to `this`). */
  private superOf(fr: Frame): Value[] {
    for (let s = fr.s; s >= 0; s = fr.ir.scopes[s]?.parent ?? -1) {
      const scope = fr.ir.scopes[s];
      if (scope?.cls === undefined) continue;
      return this.bases(fr.f, scope.cls).flatMap((b): Value[] => {
        if (b.t === 'cls') return [{ t: 'inst', f: b.f, c: b.c }];
        if (b.t === 'ext' && b.m !== GLOBAL) return [{ t: 'ext', m: b.m, p: `${b.p}()`, at: fr.f }];
        return [];
      });
    }
    return [];
  }

  // ---- calls -------------------------------------------------------------------------------

  private call(fr: Frame, e: Extract<Expr, { k: 'call' }>): Value[] {
    // `super(...)` in a constructor calls the base constructor: its value is not needed, its arguments are (see `param`).
    if (e.f.k === 'super') return [];
    if (e.f.k === 'get') {
      // Methods of strings and arrays build URLs (`[base, path].join('/')`, `base.rstrip('/')`): read them here.
      const method = e.f.p;
      return this.eval(fr, e.f.o).flatMap((recv) => {
        if (recv.t === 'obj' && /^(items|values|entries)$/.test(method)) return [entriesOf(recv, method)];
        // `import('sdk').then((m) => m)`: what a dynamic import resolves to is the module itself.
        if (recv.t === 'ext' && recv.p === '' && method === 'then') return [recv];
        // `this.build().catch(forget)`, `pending.finally(cleanup)`: a promise handler keeps the value it settles with.
        if (recv.t !== 'ext' && (method === 'catch' || method === 'finally')) return [recv];
        // `PROVIDERS.get(name)`, `PROVIDERS.get(name, Default)`: the entry named, or any entry, or the default.
        if (recv.t === 'obj' && (method === 'get' || method === 'pop')) return [...this.entryAt(recv, e.a[0] ? this.eval(fr, e.a[0]) : []), ...(e.a[1] ? this.eval(fr, e.a[1]) : [])];
        // `conf().get("spark_url", "wss://...")`: a setting read from configuration the scan cannot see holds its default
        // until someone configures it.
        if (method === 'get' && e.a.length === 2 && e.a[0]?.k === 'lit' && typeof e.a[0].v === 'string' && e.a[1]?.k === 'lit' && recv.t !== 'str' && recv.t !== 'arr') {
          return [...this.eval(fr, e.a[1]), ...this.get(recv, method).flatMap((v) => this.callValue(v, fr, e))];
        }
        const built = recv.t === 'str' || recv.t === 'arr' ? this.stringMethod(fr, recv, method, e) : undefined;
        if (built) return built;
        const member = this.get(recv, method);
        // `cls.model_validate(data)`, `Settings.parse_obj(raw)`: a validation library's constructor, inherited from
        // its base class, builds an instance of the class it is called on.
        if (recv.t === 'cls' && buildsItsClass(method) && member.every((m) => m.t === 'ext')) return [{ t: 'inst', f: recv.f, c: recv.c }];
        return member.flatMap((v) => this.callValue(v, fr, e));
      });
    }
    return this.eval(fr, e.f).flatMap((v) => this.callValue(v, fr, e));
  }

  /** What a string or array method returns, where it is a string built from known parts. */
  private stringMethod(fr: Frame, recv: Extract<Value, { t: 'str' } | { t: 'arr' }>, method: string, e: Extract<Expr, { k: 'call' }>): Value[] | undefined {
    const sep = (x: Expr | undefined, fallback: string): string => (x?.k === 'lit' && typeof x.v === 'string' ? x.v : fallback);
    if (recv.t === 'arr') {
      if (method !== 'join') return undefined;
      const joiner = sep(e.a[0], ',');
      const parts: Expr[] = [];
      recv.e.a.forEach((item, i) => parts.push(...(i > 0 ? [{ k: 'lit' as const, v: joiner }] : []), item));
      const at = this.frame(recv.f, recv.s);
      return at ? this.composed(at, parts) : undefined;
    }
    if (method === 'join' && e.a[0]?.k === 'arr') {
      const parts: Expr[] = [];
      e.a[0].a.forEach((item, i) => parts.push(...(i > 0 ? [{ k: 'lit' as const, v: recv.v }] : []), item));
      return this.composed(fr, parts);
    }
    // Trimming a slash or a prefix keeps what the URL points at.
    if (/^(strip|rstrip|lstrip|trim|trimEnd|trimStart|trimRight|trimLeft|toString|toLowerCase|lower|removesuffix|removeprefix|replace|replaceAll|encode|normalize|slice|substring)$/.test(method)) return [recv];
    if (method === 'format') return [{ ...recv, v: recv.v.replace(/\{[^{}]*\}/g, UNKNOWN_PART) }];
    if (method === 'concat') return this.composed(fr, [{ k: 'lit', v: recv.v }, ...e.a]);
    return undefined;
  }

  private callValue(v: Value, fr: Frame | undefined, e: Extract<Expr, { k: 'call' }> | undefined): Value[] {
    switch (v.t) {
      case 'ext': return this.callExternal(v, fr, e);
      case 'fn': return (fr && e ? this.returnedArguments(v, fr, e) : undefined) ?? this.returns(v.f, v.s);
      case 'cls': {
        // A subclass of an SDK client hands its options on to the client it is.
        const external = fr && e && !e.typed && this.externalBases(v.f, v.c).length > 0;
        const via = external ? this.endpointOf(fr, constructionOptions(e)) : undefined;
        return [{ t: 'inst', f: v.f, c: v.c, ...(via ? { via } : {}), ...(external && fr.f !== v.f ? { at: fr.f } : {}) }];
      }
      case 'inst': {
        const call = this.instanceMember(v, '__call__').filter((x) => x.t === 'fn');
        return call.flatMap((x) => (x.t === 'fn' ? this.returns(x.f, x.s) : []));
      }
      case '?': return [v];
      default: return [];
    }
  }

  private callExternal(v: Extract<Value, { t: 'ext' }>, fr: Frame | undefined, e: Extract<Expr, { k: 'call' }> | undefined): Value[] {
    const last = v.p.slice(v.p.lastIndexOf('.') + 1);
    if (fr && e) {
      const arg0 = e.a[0];
      // `getattr(obj, "name")`: a member read with a constant name.
      if (last === 'getattr' && arg0 && e.a[1]) {
        const names = this.eval(fr, e.a[1]).flatMap((n) => (n.t === 'str' && !n.v.includes(UNKNOWN_PART) ? [n.v] : []));
        const objects = this.eval(fr, arg0);
        return names.length > 0 ? names.flatMap((n) => objects.flatMap((o) => this.get(o, n))) : [unknown('dynamic-attribute')];
      }
      // `type(self)`: the class the instance was built from.
      if (v.m === GLOBAL && v.p === 'type' && arg0 && e.a.length === 1) {
        return this.eval(fr, arg0).flatMap((x) => (x.t === 'inst' ? this.runtimeClasses(x) : []));
      }
      // `await Promise.all([loadSdk(), getClient()])`: the array of what each resolves to.
      if (v.m === GLOBAL && (v.p === 'Promise.all' || v.p === 'Promise.allSettled') && arg0) return this.eval(fr, arg0);
      // `a, b = await asyncio.gather(x(), y())`: the tuple of their results.
      if (v.m === 'asyncio' && last === 'gather') return [{ t: 'arr', f: fr.f, s: fr.s, e: gathered(e) }];
      // FastAPI's `Depends(get_client)`: the parameter receives what the dependency returns.
      if (last === 'Depends' && /^fastapi(\.|$)/.test(v.m) && arg0) return this.eval(fr, arg0).flatMap((dep) => this.callValue(dep, undefined, undefined));
      // `Object.entries(BUILDERS)`, `Object.values(BUILDERS)`: the registry's pairs or values.
      if (v.m === GLOBAL && (v.p === 'Object.entries' || v.p === 'Object.values') && arg0) {
        return this.eval(fr, arg0).flatMap((o) => (o.t === 'obj' ? [entriesOf(o, v.p === 'Object.values' ? 'values' : 'entries')] : []));
      }
      if ((last === 'import_module' || last === '__import__' || (v.m === GLOBAL && v.p === 'require')) && arg0) return this.eval(fr, arg0).flatMap((m) => this.importByValue(fr.f, m));
      // `urljoin(base, path)`, `new URL(path, base)`, `path.join(a, b)`: a URL built from its parts.
      if (last === 'urljoin' && e.a.length >= 2) return this.composed(fr, [e.a[0] as Expr, e.a[1] as Expr]);
      if (v.m === GLOBAL && v.p === 'URL' && e.a.length >= 2) return this.resolvedUrl(this.eval(fr, e.a[1] as Expr), this.eval(fr, e.a[0] as Expr));
      // `new URL(endpoint)`, then `url.searchParams.set(...)` and `fetch(url.toString())`: the URL it was built from.
      if (v.m === GLOBAL && v.p === 'URL' && arg0) return this.eval(fr, arg0).filter((x) => x.t === 'str' || x.t === 'env');
      if (last === 'join' && /^(path|os|posixpath|node:path)$/.test(v.m) && e.a.length >= 2) {
        return this.composed(fr, e.a.flatMap((x, i) => (i > 0 ? [{ k: 'lit' as const, v: '/' }, x] : [x])));
      }
      const known = v.m === GLOBAL || /^(functools|asgiref|starlette|fastapi|anyio|asyncio|typing|json|tenacity|backoff|p-retry|langfuse|langsmith|braintrust|opik|weave|agentops|helicone)/.test(v.m);
      if (returnsItsArgument(last) && arg0 && (known || /wrap|observe|track/i.test(last))) return this.eval(fr, arg0);
      // Scoped settings (`Settings.withLLM(llm, () => ...)`) run the callback they are handed last and return its result.
      const scoped = e.a.length >= 2 && runsItsLastArgument(v.m, v.p);
      const called = scoped ? e.a[e.a.length - 1] : last === 'run_in_executor' ? e.a[1] : RUNNERS.test(last) && known ? arg0 : undefined;
      if (called) return this.eval(fr, called).flatMap((f) => this.callValue(f, undefined, undefined));
    }
    // A collection or data method on what an SDK call returned (`res.matches.map(...)`) gives plain data,
    // not another handle of the SDK.
    if (DATA_METHODS.test(last) && v.p.includes('()')) return [{ t: '?', why: 'data', from: `${v.m}|${v.p}` }];
    // An instance a type annotation promises was built elsewhere: this is no construction site.
    const at = v.at ?? (e?.typed ? undefined : fr?.f);
    // Positional arguments are read for an embedding model only where a vector-store class is built: every other construction skips that work.
    const storeBuilder = e !== undefined && isVectorStoreClass(v.p.split('.')[0] ?? '') && (v.p.indexOf('.') < 0 ? e.new === 1 : STORE_BUILDER.test(last));
    const options = fr && e && !e.typed && v.m !== GLOBAL && !v.p.includes('()') ? constructionOptions(e, storeBuilder) : undefined;
    const via = v.via ?? (fr && options ? this.endpointOf(fr, options) : undefined);
    const handed = v.handed ?? (fr && options ? this.handedModel(fr, options) : undefined);
    return [{ t: 'ext', m: v.m, p: `${v.p}()`, ...(at && v.m !== GLOBAL ? { at } : {}), ...(via ? { via } : {}), ...(handed ? { handed } : {}) }];
  }

  /**
   * Where a client or model handle being built points: its base URL (`OpenAI(base_url=...)`,
   * `new OpenAI({ baseURL })`, `ChatOpenAI({ configuration: { baseURL } })`), else the package of the
   * model it is handed (`new Agent({ model: anthropic('claude-...') })`).
   */
  private endpointOf(fr: Frame, { urls, models, embeddings }: ConstructionOptions): string | undefined {
    for (const x of urls) for (const v of this.eval(fr, x)) if (v.t === 'str' && (v.v.includes(SAME_ORIGIN) || /^\/(?!\/)/.test(v.v))) return SAME_ORIGIN;
    const literal = urls.flatMap((x) => this.eval(fr, x)).flatMap((v) => (v.t === 'str' && /^https?:\/\/[^\u0000/]/.test(v.v) ? [v.v] : []));
    // A base class whose subclasses each hand it their vendor's URL (`super().__init__(url=...)`) points at none of them
    // in particular: where each call goes is the subclass's, not the first URL the union happens to hold.
    if (new Set(literal.map((u) => hostOf(u) ?? u)).size >= SHARED_BASE_HOSTS) return UNKNOWN_ENDPOINT;
    if (literal[0] !== undefined) return literal[0];
    // A host named at run time under a fixed domain (`https://{model}.lepton.run/api/v1`): the domain says whose it is.
    for (const x of urls) for (const v of this.eval(fr, x)) if (v.t === 'str' && /^https?:\/\/\u0000\.[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(:\d+)?(\/|$)/i.test(v.v)) return v.v.replace('\u0000.', 'x.');
    // A chain handed a chain points where that one does (its package, when where it points is not known).
    for (const x of models) for (const v of this.eval(fr, x)) if (v.t === 'ext' && v.m !== GLOBAL && v.p.includes('()')) return v.via !== undefined && v.via !== UNKNOWN_ENDPOINT ? v.via : v.m;
    // A vector store's embedding model, named with its class: the package alone (`langchain_community.embeddings`) may not say whose it is.
    for (const x of embeddings) for (const v of this.eval(fr, x)) if (v.t === 'ext' && v.m !== GLOBAL && EMBEDDING_CLASS.test(v.p)) return `${v.m}.${v.p.replace(/\(\)$/, '')}`;
    // Pointed somewhere the summary cannot read (a setting, a computed URL).
    return urls.length > 0 ? UNKNOWN_ENDPOINT : undefined;
  }

  /**
   * The repository file that built the model a chain or agent is handed (`LLMChain(llm=model)` where the
   * model came from `create_model()` elsewhere): calls through the chain are calls through that module.
   */
  private handedModel(fr: Frame, { models }: ConstructionOptions): string | undefined {
    for (const x of models) {
      if (x.k === 'lit' || x.k === 'str') continue;
      // A parameter typed by its interface (`model: BaseChatModel`) is read from its callers too: they say which model.
      for (const v of [...this.eval(fr, x), ...(x.k === 'name' ? this.typedParameterCallers(fr, x.n) : [])]) {
        const built = v.t === 'ext' && v.m !== GLOBAL ? v.handed ?? v.at : v.t === 'inst' ? v.f : undefined;
        if (built && built !== fr.f) return built;
      }
    }
    return undefined;
  }

  /** What the callers pass for a parameter that has a type annotation (the annotation alone is read elsewhere). */
  private typedParameterCallers(fr: Frame, n: string): Value[] {
    for (let s = fr.s; s >= 0; s = fr.ir.scopes[s]?.parent ?? -1) {
      const scope = fr.ir.scopes[s];
      if (!scope || getKey(scope.vars, n)) return [];
      const index = scope.params.findIndex((p) => p.n === n);
      if (index >= 0) return scope.params[index]?.type ? this.passedTo({ f: fr.f, ir: fr.ir, s }, scope, index) : [];
    }
    return [];
  }

  /**
   * A helper that returns what its caller hands it (`loadPeer(pkg, () => import("fastembed"))` returning
   * `await load()`): read at this call, from this call's arguments, not as the union over every caller.
   * Undefined when some return does not come from a parameter.
   */
  private returnedArguments(v: Extract<Value, { t: 'fn' }>, fr: Frame, e: Extract<Expr, { k: 'call' }>): Value[] | undefined {
    const scope = this.program.files.get(v.f)?.ir?.scopes[v.s];
    if (!scope || scope.returns.length === 0) return undefined;
    const python = v.f.endsWith('.py') || v.f.endsWith('.pyi');
    const offset = python && v.self !== undefined && scope.kind !== 'static' ? 1 : 0;
    const out: Value[] = [];
    for (const r of scope.returns) {
      const steps: ({ get: string } | 'call')[] = [];
      let cur: Expr = r;
      for (;;) {
        if (cur.k === 'call' && cur.a.length === 0 && !cur.kw) steps.unshift('call');
        else if (cur.k === 'get') steps.unshift({ get: cur.p });
        else break;
        cur = cur.k === 'call' ? cur.f : cur.k === 'get' ? cur.o : cur;
      }
      if (cur.k !== 'name') return undefined;
      const name = cur.n;
      const index = scope.params.findIndex((p) => p.n === name);
      const param = scope.params[index];
      if (!param || param.rest || getKey(scope.vars, name)) return undefined;
      const arg = getKey(e.kw, name) ?? e.a[index - offset];
      if (!arg) return undefined;
      let values = this.eval(fr, arg);
      for (const step of steps) values = step === 'call' ? values.flatMap((x) => this.callValue(x, undefined, undefined)) : values.flatMap((x) => this.get(x, step.get));
      out.push(...values);
    }
    return cap(out);
  }

  /** What a function returns, evaluated in its own scope (one summary for every caller). */
  returns(f: string, s: number): Value[] {
    return this.memoized(this.returnMemo, `${f}\u0000${s}`, () => {
      const ir = this.program.files.get(f)?.ir;
      const scope = ir?.scopes[s];
      if (!ir || !scope) return [];
      const out = cap(scope.returns.flatMap((r) => this.eval({ f, ir, s }, r)));
      // A factory that builds a class named at run time (`resolve_class(config.use)(**kwargs)`) still says
      // what it returns: its annotation (`-> BaseChatModel`) stands for the instance it could not trace.
      if (scope.rtype && !out.some((v) => v.t !== '?')) {
        const typed = this.eval({ f, ir, s: scope.parent < 0 ? 0 : scope.parent }, scope.rtype).flatMap(instantiate);
        if (typed.length > 0) return typed;
      }
      return out;
    });
  }

  // ---- parameters --------------------------------------------------------------------------

  private param(fr: Frame, index: number): Value[] {
    return this.memoized(this.paramMemo, `${fr.f}\u0000${fr.s}\u0000${index}`, () => cap(this.paramRaw(fr, index)));
  }

  private paramRaw(fr: Frame, index: number): Value[] {
    const scope = fr.ir.scopes[fr.s];
    const param = scope?.params[index];
    if (!scope || !param) return [];
    const outer: Frame = { ...fr, s: scope.parent < 0 ? 0 : scope.parent };
    const typed = [...(param.type ? [param.type] : []), ...(getKey(scope.narrowed, param.n) ?? [])];
    const out: Value[] = typed.flatMap((t) => this.eval(outer, t)).flatMap(instantiate);
    if (param.def) out.push(...this.eval(outer, param.def));
    if (out.some((v) => v.t === 'ext' || v.t === 'inst')) return out;
    if (param.rest) return out;
    return [...out, ...this.passedTo(fr, scope, index)];
  }

  /** What callers pass for a parameter: the union over the call sites that may call this function. */
  private passedTo(fr: Frame, scope: ScopeIR, index: number): Value[] {
    const param = scope.params[index];
    if (!param) return [];
    const own = scope.name.slice(scope.name.lastIndexOf('.') + 1);
    const isCtor = scope.kind === 'constructor' && scope.cls !== undefined;
    // A constructor is called by constructing its class or a subclass, or by `super(...)` in a subclass's constructor.
    const classes = isCtor ? [{ f: fr.f, c: scope.cls as number }, ...this.descendants(fr.f, scope.cls as number)] : [];
    // `cls(...)` in a classmethod constructs the class too.
    const sites = isCtor
      ? [...classes.flatMap((k) => this.callsNamed(this.classOf(k.f, k.c)?.name ?? '')), ...classes.slice(1).flatMap((k) => this.superCalls(k.f, k.c)), ...this.callsNamed(SELF_CALL).filter((site) => classes.some((k) => k.f === site.f))]
      : this.callsNamed(own);
    if (sites.length > MAX_CALLERS) return [unknown('parameter-fanout')];
    const out: Value[] = [];
    const python = fr.f.endsWith('.py') || fr.f.endsWith('.pyi');
    for (const site of sites) {
      const facts = this.program.files.get(site.f);
      const call = facts?.calls[site.call];
      if (!facts?.ir || !call?.f) continue;
      const callFr: Frame = { f: site.f, ir: facts.ir, s: call.scope ?? 0 };
      if (!this.mayCall(callFr, call.f, fr, scope)) continue;
      // A bound call (`obj.m(x)`, `Cls(x)`, `super().__init__(x)`) passes its first argument to the parameter after `self`.
      const offset = python && (scope.kind === 'method' || scope.kind === 'constructor' || scope.kind === 'getter' || scope.kind === 'classmethod') ? 1 : 0;
      const kw = getKey(call.kw, param.n);
      const arg = kw ?? call.a?.[index - offset];
      if (arg) out.push(...this.eval(callFr, arg));
    }
    if (!isCtor) out.push(...this.forwardedTo(fr, scope, index, own, python));
    return out;
  }

  /**
   * What a function receives when it is handed to a runner with its arguments: `asyncio.to_thread(f, a, b)`,
   * `executor.submit(f, a)`, `partial(f, a)`, `loop.run_in_executor(None, f, a)`.
   */
  private forwardedTo(fr: Frame, scope: ScopeIR, index: number, own: string, python: boolean): Value[] {
    const param = scope.params[index];
    const refs = this.referencesNamed(own);
    if (!param || refs.length > MAX_CALLERS) return [];
    const out: Value[] = [];
    const offset = python && scope.kind !== 'function' && scope.kind !== 'static' ? 1 : 0;
    for (const site of refs) {
      const facts = this.program.files.get(site.f);
      const call = facts?.calls[site.call];
      const runner = call?.f ? lastName(call.f) : undefined;
      // `partial(f, a)` binds `a` the way a runner passes it.
      if (!facts?.ir || !call?.a || !runner || !(RUNNERS.test(runner) || runner === 'partial')) continue;
      const callFr: Frame = { f: site.f, ir: facts.ir, s: call.scope ?? 0 };
      const at = call.a.findIndex((a) => lastName(a) === own && this.eval(callFr, a).some((v) => v.t === 'fn' && v.f === fr.f && v.s === fr.s));
      if (at < 0) continue;
      const arg = getKey(call.kw, param.n) ?? call.a[at + 1 + index - offset];
      if (arg) out.push(...this.eval(callFr, arg));
    }
    return out;
  }

  private mayCall(callFr: Frame, callee: Expr, target: Frame, scope: ScopeIR): boolean {
    if (callee.k === 'super' || (callee.k === 'get' && callee.o.k === 'call' && callee.o.f.k === 'super') || (callee.k === 'get' && callee.o.k === 'super')) {
      // `super(...)` / `super().__init__(...)`: calls the constructor of a base of the caller's class.
      if (scope.kind !== 'constructor' || scope.cls === undefined) return false;
      return this.superOf(callFr).some((v) => v.t === 'inst' && v.f === target.f && v.c === scope.cls);
    }
    for (const v of this.eval(callFr, callee)) {
      if (v.t === 'fn' && v.f === target.f && v.s === target.s) return true;
      if (v.t === 'cls' && scope.kind === 'constructor' && v.f === target.f && this.ancestry(v.f, v.c).some((k) => k.f === target.f && k.c === scope.cls)) return true;
    }
    return false;
  }

  /**
   * The call sites that may run a function: calls of it (by its name, then checked against what the callee
   * resolves to, dispatch through a base class included) and calls that are handed it as an argument
   * (`executor.submit(self._raw_gen, ...)`, `with_fallback(self.generate)`), which run it inside themselves.
   */
  callersOf(f: string, s: number): { f: string; call: number; passed: boolean }[] {
    const key = `${f}\u0000${s}`;
    let hit = this.callersMemo.get(key);
    if (!hit) this.callersMemo.set(key, (hit = this.findCallers(f, s)));
    return hit;
  }

  private findCallers(f: string, s: number): { f: string; call: number; passed: boolean }[] {
    const facts = this.program.files.get(f);
    const scope = facts?.ir?.scopes[s];
    if (!facts?.ir || !scope || scope.kind === 'module' || scope.kind === 'class') return [];
    const name = scope.name.slice(scope.name.lastIndexOf('.') + 1);
    const target: Frame = { f, ir: facts.ir, s };
    const out: { f: string; call: number; passed: boolean }[] = [];
    const sites = this.callsNamed(name);
    if (sites.length <= MAX_CALLERS) {
      for (const site of sites) {
        const call = this.program.files.get(site.f)?.calls[site.call];
        const ir = this.program.files.get(site.f)?.ir;
        if (call?.f && ir && this.mayCall({ f: site.f, ir, s: call.scope ?? 0 }, call.f, target, scope)) out.push({ ...site, passed: false });
      }
    }
    // A method called through a variable (`method = getattr(self, name); method(...)`) in its own class's
    // lineage: the base class that dispatches to its subclasses' methods.
    if (scope.cls !== undefined) {
      const files = new Set(this.lineage(f, scope.cls).map((k) => k.f));
      for (const file of files) {
        const other = this.program.files.get(file);
        if (!other?.ir) continue;
        let checked = 0;
        other.calls.forEach((call, i) => {
          const callee = call.f;
          if (!callee || callee.k !== 'name' || checked > MAX_DYNAMIC_CALLS || !this.isVariable(other.ir as ProgramIR, call.scope ?? 0, callee.n)) return;
          checked++;
          const fr: Frame = { f: file, ir: other.ir as ProgramIR, s: call.scope ?? 0 };
          if (this.eval(fr, callee).some((v) => v.t === 'fn' && v.f === f && v.s === s)) out.push({ f: file, call: i, passed: false });
        });
      }
    }
    const refs = this.referencesNamed(name);
    if (refs.length <= MAX_CALLERS) {
      for (const site of refs) {
        const call = this.program.files.get(site.f)?.calls[site.call];
        const ir = this.program.files.get(site.f)?.ir;
        if (!call || !ir) continue;
        const fr: Frame = { f: site.f, ir, s: call.scope ?? 0 };
        const args = [...(call.a ?? []), ...Object.values(call.kw ?? {})].filter((a) => lastName(a) === name);
        if (args.some((a) => this.eval(fr, a).some((v) => v.t === 'fn' && v.f === f && v.s === s))) out.push({ ...site, passed: true });
      }
    }
    return out;
  }

  /** A name that holds a value in this scope chain (an assignment or a parameter), not a function or class defined there. */
  private isVariable(ir: ProgramIR, s: number, n: string): boolean {
    for (let cur = s; cur >= 0; cur = ir.scopes[cur]?.parent ?? -1) {
      const scope = ir.scopes[cur];
      if (!scope) break;
      if (scope.params.some((p) => p.n === n)) return true;
      const assigned = getKey(scope.vars, n);
      if (assigned) return assigned.some((e) => e.k !== 'fn' && e.k !== 'cls');
    }
    return false;
  }

  /** Calls with an argument that is a reference named `n` (`self.n`, `n`), indexed once. */
  private referencesNamed(n: string): { f: string; call: number }[] {
    this.refIndex ??= this.indexCalls((call) => [...(call.a ?? []), ...Object.values(call.kw ?? {})].flatMap((a) => (a.k === 'name' || a.k === 'get' ? [lastName(a) as string] : [])));
    return this.refIndex.get(n) ?? [];
  }

  /** The product's calls by the names `keys` gives each (a call listed once per name). */
  private indexCalls(keys: (call: FileFacts['calls'][number]) => string[]): Map<string, { f: string; call: number }[]> {
    const index = new Map<string, { f: string; call: number }[]>();
    for (const [f, facts] of this.program.files) {
      if (this.program.product && !this.program.product(f)) continue;
      facts.calls.forEach((call, i) => {
        for (const name of new Set(keys(call))) {
          const list = index.get(name);
          if (list) list.push({ f, call: i });
          else index.set(name, [{ f, call: i }]);
        }
      });
    }
    return index;
  }

  /** `super(...)` and `super().__init__(...)` calls in the constructor of a class. */
  private superCalls(f: string, c: number): { f: string; call: number }[] {
    const facts = this.program.files.get(f);
    const ctor = getKey(facts?.ir?.classes[c]?.methods, '__init__') ?? getKey(facts?.ir?.classes[c]?.methods, 'constructor');
    if (!facts || ctor === undefined) return [];
    const out: { f: string; call: number }[] = [];
    facts.calls.forEach((call, i) => {
      const callee = call.f;
      if (call.scope !== ctor || !callee) return;
      if (callee.k === 'super' || (callee.k === 'get' && (callee.o.k === 'super' || (callee.o.k === 'call' && callee.o.f.k === 'super')))) out.push({ f, call: i });
    });
    return out;
  }

  /** Calls whose callee's last name is `n`, over all files (indexed once). */
  private callsNamed(n: string): { f: string; call: number }[] {
    this.callIndex ??= this.indexCalls((call) => {
      const name = call.f ? lastName(call.f) : undefined;
      return name ? [name] : [];
    });
    return this.callIndex.get(n) ?? [];
  }
}

/** The index name of calls of `this` itself: `cls(...)` in a classmethod. */
const SELF_CALL = '<this>';

function lastName(e: Expr): string | undefined {
  if (e.k === 'name') return e.n;
  if (e.k === 'get') return e.p;
  if (e.k === 'super') return 'super';
  if (e.k === 'this') return SELF_CALL;
  return undefined;
}

const gatherExprs = new WeakMap<object, Extract<Expr, { k: 'arr' }>>();

/** The arguments of `asyncio.gather(...)` as one tuple expression (one per call, so memos hold). */
function gathered(e: Extract<Expr, { k: 'call' }>): Extract<Expr, { k: 'arr' }> {
  let out = gatherExprs.get(e);
  if (!out) gatherExprs.set(e, (out = { k: 'arr', a: e.a }));
  return out;
}

const entryExprs = { values: new WeakMap<object, Expr>(), pairs: new WeakMap<object, Expr>() };

/** `d.items()` / `Object.entries(d)` as an array of `[key, value]` pairs, `d.values()` as an array of values (one expression per object, so memos hold). */
function entriesOf(o: Extract<Value, { t: 'obj' }>, method: string): Value {
  const table = method === 'values' ? entryExprs.values : entryExprs.pairs;
  let e = table.get(o.e);
  if (!e) {
    const entries = Object.entries(o.e.p);
    e = method === 'values' ? { k: 'arr', a: entries.map(([, x]) => x) } : { k: 'arr', a: entries.map(([key, x]): Expr => ({ k: 'arr', a: [{ k: 'lit', v: key }, x] })) };
    table.set(o.e, e);
  }
  return { t: 'arr', f: o.f, s: o.s, e: e as Extract<Expr, { k: 'arr' }> };
}

/** An annotation names a class; the parameter holds an instance of it. */
function instantiate(v: Value): Value[] {
  if (v.t === 'cls') return [{ t: 'inst', f: v.f, c: v.c }];
  if (v.t === 'ext') return v.m === GLOBAL ? [] : [{ t: 'ext', m: v.m, p: `${v.p}()` }];
  return [];
}

function joinModule(module: string, name: string): string {
  return module.endsWith('.') ? `${module}${name}` : `${module}.${name}`;
}

export function unknown(why: string): Value {
  return { t: '?', why };
}

export function valueKey(v: Value): string {
  switch (v.t) {
    case 'ext': return `e:${v.m}:${v.p}:${v.at ?? ''}:${v.via ?? ''}`;
    case 'mod': return `m:${v.f}`;
    case 'pkg': return `p:${v.at}:${v.name}`;
    case 'fn': return `f:${v.f}:${v.s}:${v.self ? valueKey(v.self) : ''}`;
    case 'cls': return `c:${v.f}:${v.c}`;
    case 'inst': return `i:${v.f}:${v.c}`;
    case 'str': return `s:${v.v}:${v.env ?? ''}`;
    case 'obj': return `o:${v.f}:${v.s}:${objectIds.get(v.e) ?? assignId(v.e)}`;
    case 'arr': return `a:${v.f}:${v.s}:${objectIds.get(v.e) ?? assignId(v.e)}`;
    case 'env': return `v:${v.n}`;
    case 'lit': return `l:${String(v.v)}`;
    case '?': return `?:${v.why}`;
  }
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;
function assignId(o: object): number {
  const id = nextObjectId++;
  objectIds.set(o, id);
  return id;
}

/** De-duplicated, at most MAX_VALUES; the overflow becomes one `?`. */
function cap(values: Value[]): Value[] {
  if (values.length <= 1) return values;
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const v of values) {
    const k = valueKey(v);
    if (seen.has(k)) continue;
    seen.add(k);
    if (out.length === MAX_VALUES) {
      out.push(unknown('too-many-values'));
      break;
    }
    out.push(v);
  }
  return out;
}
