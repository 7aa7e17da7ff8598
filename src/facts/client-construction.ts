import type { Expr, ScopeIR } from '../resolve/ir.ts';
import type { Resolution } from '../resolve/index.ts';
import type { Value } from '../resolve/values.ts';
import type { CallFact, FileFacts, Literal } from './types.ts';

// How the client a call is made on was built: `OpenAI().chat.completions.create` was built by an
// `OpenAI(...)` call somewhere. Timeouts, retries, token caps and base URLs are set there.

export interface Construction {
  file: string;
  line: number;
  keys: string[];
  values: Record<string, Literal>;
  /** built in the module's `__main__` block: the client of that block's calls only */
  main?: true;
  /** the scope it is built in (index into its file's `ir.scopes`) */
  scope?: number;
  /** the class as called: `OpenAI`, `openai.OpenAI` */
  callee?: string;
}

export type ConstructionIndex = Map<string, Construction[]>;

/** Functions that build a model from options as a constructor does: LangChain's universal chat model and embeddings. */
const MODEL_BUILDERS = /^(initChatModel|init_chat_model|initEmbeddings|init_embeddings)$/;

/** Every construction of an imported class, by `module|Class`; options spread in (`OpenAI(**client_kwargs)`) are read where the mapping is built. */
export function constructionIndex(facts: ReadonlyMap<string, FileFacts>, resolution?: Resolution): ConstructionIndex {
  const index: ConstructionIndex = new Map();
  for (const f of facts.values()) {
    for (const c of f.calls) {
      const built = c.origin?.path.split('.').pop() ?? '';
      if (!c.origin || c.origin.path.includes('(') || !(/^[A-Z]|^default$/.test(built) || MODEL_BUILDERS.test(built))) continue;
      const key = `${c.origin.module}|${c.origin.path}`;
      const list = index.get(key) ?? [];
      const keys = resolution ? [...c.args.keys, ...spreadOptions(f.path, c, resolution, true).keys] : c.args.keys;
      list.push({ file: f.path, line: c.line, keys, values: c.args.values, ...(c.main ? { main: true as const } : {}), ...(c.scope !== undefined ? { scope: c.scope } : {}), callee: c.callee });
      index.set(key, list);
    }
  }
  return index;
}

/**
 * The construction behind a call's client. Constructions in the same file are the client, those in the
 * call's own function, the functions around it or its class's methods first (a client built inside another
 * function is that function's); otherwise (a client imported from another module) every construction of that class in the
 * repository, merged to the options they all set: one bare `OpenAI()` among configured ones leaves its
 * calls on defaults.
 */
export function clientConstruction(call: CallFact, file: string, index: ConstructionIndex, builtIn?: string, scopes?: readonly ScopeIR[]): Construction | undefined {
  const origin = call.origin;
  if (!origin) return undefined;
  const open = origin.path.indexOf('()');
  if (open < 0) return undefined;
  const all = index.get(`${origin.module}|${origin.path.slice(0, open)}`) ?? [];
  // Where the resolve stage saw the client built (another module's factory), else this file.
  const local = all.filter((c) => c.file === (builtIn ?? file) && (call.main || !c.main));
  const around = builtIn === undefined || builtIn === file ? enclosingScopes(call.scope, scopes) : new Set<number>();
  const chain = builtIn === undefined || builtIn === file ? enclosingScopes(call.scope, scopes, false) : new Set<number>();
  // A client built into a local variable of another function is that function's own.
  const inReach = local.filter((c) => c.scope !== undefined && around.has(c.scope) && (chain.has(c.scope) || !heldLocally(c, scopes)));
  const chosen = inReach.length > 0 ? inReach : local.length > 0 ? local : all;
  const first = chosen[0];
  if (!first) return undefined;
  const keys = first.keys.filter((k) => chosen.every((c) => c.keys.includes(k)));
  const values = Object.fromEntries(Object.entries(first.values).filter(([k, v]) => chosen.every((c) => c.values[k] === v)));
  return { file: first.file, line: first.line, keys, values };
}

/** A scope and the scopes around it, out to the module, with the other methods of a class it is a method of (`self.client` is built in `__init__`). */
function enclosingScopes(scope: number | undefined, scopes: readonly ScopeIR[] | undefined, withClass = true): Set<number> {
  const out = new Set<number>();
  const classes = new Set<number>();
  for (let s = scope; s !== undefined && s >= 0 && scopes?.[s] && !out.has(s); s = scopes[s]?.parent) {
    out.add(s);
    const cls = scopes[s]?.cls;
    if (cls !== undefined) classes.add(cls);
  }
  if (withClass) {
    scopes?.forEach((sc, i) => {
      if (sc.cls !== undefined && classes.has(sc.cls)) out.add(i);
    });
  }
  return out;
}

/** Whether a construction is assigned to a local variable of the function it is built in (`bare = OpenAI()`). */
function heldLocally(c: Construction, scopes: readonly ScopeIR[] | undefined): boolean {
  const scope = c.scope !== undefined ? scopes?.[c.scope] : undefined;
  if (!scope || scope.kind === 'module' || !c.callee) return false;
  return Object.values(scope.vars).some((values) => values.some((e) => e.k === 'call' && calleeText(e.f) === c.callee));
}

function calleeText(e: Expr): string | undefined {
  if (e.k === 'name') return e.n;
  if (e.k === 'get') {
    const o = calleeText(e.o);
    return o === undefined ? undefined : `${o}.${e.p}`;
  }
  return undefined;
}

/**
 * The keys of the mappings a Python call is given as `**params`, followed to where they are built, in this
 * function or another (`params = self._get_common_params(...)` in a base class), with the entries stored into
 * them later; readable when every one of them is a dict the scan can see. `inObjects`: also what an options
 * object argument spreads in (`{ modelProvider, ...(plain ? { maxTokens } : { max_completion_tokens }) }`), every
 * branch's keys.
 */
export function spreadOptions(path: string, call: CallFact, resolution: Resolution, inObjects = false): { keys: string[]; readable: boolean } {
  const ev = resolution.evaluator;
  const keys: string[] = [];
  let readable = true;
  /** `judged`: whether what cannot be read makes the spread unreadable (a configuration handed by name does not). */
  const visit = (values: readonly Value[], depth: number, judged = true): void => {
    if (values.length === 0 || depth > 3) {
      if (judged) readable = false;
      return;
    }
    for (const v of values) {
      if (v.t !== 'obj') {
        if (judged) readable = false;
        continue;
      }
      keys.push(...Object.keys(v.e.p));
      // An options object nested in what is spread (`request["inferenceConfig"] = {"maxTokens": n}`, a
      // `generation_config`): its keys are the request's options too.
      for (const x of Object.values(v.e.p)) if (x.k === 'obj' || x.k === 'name') for (const inner of ev.values(v.f, v.s, x)) if (inner.t === 'obj') keys.push(...Object.keys(inner.e.p));
      for (const x of v.e.spread ?? []) visit(ev.values(v.f, v.s, x), depth + 1, judged);
    }
  };
  const spread = [...(call.sp ?? []), ...(inObjects ? (call.a ?? []).flatMap((a) => (a.k === 'obj' ? a.spread ?? [] : [])) : [])];
  for (const e of spread) visit(ev.values(path, call.scope ?? 0, e), 0);
  // A configuration handed by name (`generation_config=kwargs` where `kwargs = {**self.kwargs, **overrides}`):
  // its keys count, whatever else it may hold; it says nothing of whether the spread in is readable.
  for (const [k, e] of Object.entries(call.kw ?? {})) if (CONFIG_ARGUMENT.test(k) && e.k === 'name') visit(ev.values(path, call.scope ?? 0, e), 0, false);
  return { keys, readable };
}

/** Keyword arguments that carry a request's options as one object. */
const CONFIG_ARGUMENT = /^(generation_config|generationConfig|config|inference_config|inferenceConfig|options|params|parameters|model_kwargs|sampling_params|request_options)$/;
