import { subExprs, type ClassIR, type Expr } from '../resolve/ir.ts';
import { shadowedByPackage, type ModuleGraph } from '../resolve/modules.ts';
import type { CallFact, FileFacts } from './types.ts';
import { UNKNOWN_PART } from '../resolve/values.ts';
import type { Resolution } from '../resolve/index.ts';

// Code the product never runs: an adapter left behind when a provider was dropped, an alternative
// handler no one wires in, a store client no feature uses. Its missing timeout or test is no risk to the
// product, it is no caller to rewrite, and a finding about it sends the reader to dead code. Python only: a TypeScript file nothing imports is as often a route,
// a page or a worker that its framework finds by its path.
//
// A module counts as run when something imports it (a type-only import included: the lazy loaders that
// import on first attribute access declare their imports for the type checker), when a string names it
// (`'pkg.llms.openai.OpenAILLM'` in a registry, `import_module(f'pkg.providers.{name}')`), or when it is an
// entry by itself: a `__main__` block, an entry file's name, a route, task or command decorator, or a
// module beside its service's manifest or Dockerfile (what a worker or a job is started from). A module
// a package of the same name shadows is dead whatever it holds: no import can reach it.

const ENTRY_FILE = /(^|\/)(__main__|__init__|main|app|server|wsgi|asgi|manage|tasks|handler|handlers|lambda_function|views|urls|cli|run|worker|celery|api)\.py$/;
const ENTRY_DECORATOR = /(^|\.)(route|get|post|put|patch|delete|websocket|task|shared_task|function|asgi_app|web_endpoint|command|callback|on_event|tool|job|cron|schedule|scheduled|handler|listener|receiver|register|entrypoint)$/;
const DYNAMIC_IMPORT = /(^|\.)(import_module|__import__|load_module|import_string|locate)$/;
const DOTTED = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/;
const SERVICE_ROOT_FILE = /(^|\/)(pyproject\.toml|setup\.py|setup\.cfg|requirements[\w.-]*\.txt|Pipfile|Dockerfile[^/]*|Procfile)$/;

/**
 * Whether a Python module is dead: nothing imports, names or runs it (`entries`: the files manifests install as commands). The repository's strings are read
 * once, on the first module that could be dead.
 */
export function deadCode(facts: ReadonlyMap<string, FileFacts>, graph: ModuleGraph, paths: readonly string[], entries: ReadonlySet<string> = new Set()): (file: string) => boolean {
  const serviceRoots = new Set(paths.filter((p) => SERVICE_ROOT_FILE.test(p)).map(dirOf));
  const all = new Set(paths);
  let named: Set<string> | undefined;
  let loaded: string[] = [];
  return (file) => {
    const f = facts.get(file);
    // `llm.py` beside an `llm/` package: every import of the name finds the package, so nothing can run the module.
    if (f !== undefined && !entries.has(file) && shadowedByPackage(file, all)) return true;
    const candidate = file.endsWith('.py') && f !== undefined && !entries.has(file) && !ENTRY_FILE.test(file) && !serviceRoots.has(dirOf(file)) && graph.importers(file).length === 0 && !f.calls.some((c) => c.main) && !f.decorators.some((d) => ENTRY_DECORATOR.test(d.name));
    if (!candidate) return false;
    if (!named) ({ named, loaded } = namedModules(facts, graph));
    return !named.has(file) && !loaded.some((dir) => file.startsWith(dir));
  };
}

/** Modules a string names (`'pkg.llms.openai.OpenAILLM'`), a type-only import reaches, or a computed import may load. */
function namedModules(facts: ReadonlyMap<string, FileFacts>, graph: ModuleGraph): { named: Set<string>; loaded: string[] } {
  const named = new Set<string>();
  /** package folders loaded by a computed name: every module under them may be the one loaded */
  const loaded: string[] = [];
  for (const f of facts.values()) {
    if (f.language !== 'python') continue;
    for (const imp of f.imports) if (imp.typeOnly) addResolved(named, graph, f.path, imp.module, imp.bindings.map((b) => b.imported));
    for (const call of f.calls) {
      const args = [...(call.a ?? []), ...Object.values(call.kw ?? {})];
      if (DYNAMIC_IMPORT.test(call.callee)) {
        const prefix = literalPrefix(args[0]);
        if (prefix === undefined) continue;
        const pkg = graph.resolve(f.path, prefix.replace(/\.$/, ''));
        if (pkg) loaded.push(pkg.replace(/(\/__init__)?\.py$/, '/'));
        if (DOTTED.test(prefix)) addResolved(named, graph, f.path, prefix, []);
      }
      for (const a of args) for (const s of strings(a)) if (DOTTED.test(s)) addResolved(named, graph, f.path, s, []);
    }
    for (const scope of f.ir?.scopes ?? []) for (const values of Object.values(scope.vars)) for (const e of values) for (const s of strings(e)) if (DOTTED.test(s)) addResolved(named, graph, f.path, s, []);
    for (const cls of f.ir?.classes ?? []) for (const fields of Object.values(cls.fields)) for (const field of fields) for (const s of strings(field.e)) if (DOTTED.test(s)) addResolved(named, graph, f.path, s, []);
  }
  return { named, loaded };
}

function dirOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

/** `pkg.mod`, `pkg.mod.Class` or `from pkg import mod`: the repository module it names, if any. */
function addResolved(out: Set<string>, graph: ModuleGraph, from: string, dotted: string, imported: string[]): void {
  const direct = graph.resolve(from, dotted);
  if (direct) out.add(direct);
  const parent = dotted.includes('.') ? graph.resolve(from, dotted.slice(0, dotted.lastIndexOf('.'))) : undefined;
  if (parent) out.add(parent);
  for (const name of imported) {
    const sub = graph.resolve(from, `${dotted}.${name}`);
    if (sub) out.add(sub);
  }
}

/** The constant start of a module name: the literal, or an f-string's text before its first substitution. */
function literalPrefix(e: Expr | undefined): string | undefined {
  if (e?.k === 'lit' && typeof e.v === 'string') return e.v;
  if (e?.k === 'str' && typeof e.parts[0] === 'string') return e.parts[0];
  return undefined;
}

/** Every string literal in an expression tree, and the keys of its object literals. */
function strings(e: Expr, out: string[] = [], depth = 0): string[] {
  if (depth > 12) return out;
  if (e.k === 'lit' && typeof e.v === 'string') out.push(e.v);
  if (e.k === 'obj') out.push(...Object.keys(e.p));
  for (const sub of subExprs(e)) strings(sub, out, depth + 1);
  return out;
}

// A function or method the product never calls, in a module it does run: a reranker left in after the
// feature moved on, an embedding method no caller uses. Judged only where every use would be in sight of
// the parse: a top-level Python function, an exported TS/JS function (one not exported may be used by
// JSX in its own file, which the parse does not record), and a method of a class whose bases are the
// repository's own (a framework calls its subclasses' hooks, `_call` or `invoke`, by name from its code).
// A name used anywhere counts: imported, called, passed, stored, returned, decorated, or written in a
// string (`__all__`, a task registry); a namespace or default import of the module keeps all it exports.

const FRAMEWORK_ENTRY = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|default|loader|action|middleware|handler|main|lambda_handler|generateMetadata|generateStaticParams|getServerSideProps|getStaticProps|setup|teardown|activate|deactivate|run)$/;

/** Whether the function or method a call is written in is never referenced (`<module>` code always runs). */
export function deadFunctions(facts: ReadonlyMap<string, FileFacts>, graph: ModuleGraph, commands: readonly string[]): (file: string, call: CallFact) => boolean {
  let named: { used: Set<string>; built: Set<string> } | undefined;
  const classes = new Map<string, ClassIR[]>();
  for (const f of facts.values()) for (const c of f.ir?.classes ?? []) classes.set(c.name, [...(classes.get(c.name) ?? []), c]);
  // A class whose every ancestor is the repository's own: no framework code calls its methods by name.
  const closed = (cls: ClassIR, seen = new Set<ClassIR>()): boolean => {
    if (seen.has(cls)) return true;
    seen.add(cls);
    return cls.bases.every((b) => b.k === 'name' && (classes.get(b.n) ?? []).length > 0 && (classes.get(b.n) ?? []).every((c) => closed(c, seen)));
  };
  const wholeModule = new Map<string, boolean>();
  const allExportsUsed = (file: string): boolean => {
    let v = wholeModule.get(file);
    if (v === undefined) {
      v = graph.importers(file).some((imp) => (facts.get(imp)?.imports ?? []).some((i) => graph.resolve(imp, i.module) === file && (i.bindings.length === 0 || i.bindings.some((b) => b.imported === '*' || b.imported === 'default'))));
      wholeModule.set(file, v);
    }
    return v;
  };
  return (file, call) => {
    const f = facts.get(file);
    const scopes = f?.ir?.scopes;
    if (!f || !scopes || call.scope === undefined || call.main) return false;
    // The outermost function the call is in: an inner closure is used when its parent is.
    let s = call.scope;
    while (scopes[s] && scopes[scopes[s]!.parent]?.kind !== 'module' && scopes[scopes[s]!.parent]?.kind !== 'class' && scopes[s]!.parent >= 0) s = scopes[s]!.parent;
    const scope = scopes[s];
    if (!scope || scope.kind === 'module' || scope.kind === 'class') return false;
    const name = scope.name.slice(scope.name.lastIndexOf('.') + 1);
    if (!/^[A-Za-z_$][\w$]*$/.test(name) || name.startsWith('__') || FRAMEWORK_ENTRY.test(name)) return false;
    if (f.decorators.some((d) => d.target === name || d.target === scope.name)) return false;
    if (commands.some((c) => c.endsWith(`:${name}`))) return false;
    if (scope.cls !== undefined) {
      const cls = f.ir?.classes[scope.cls];
      if (!cls || !closed(cls)) return false;
      // A class named nowhere but in imports is never built (`# db = VectorDB()` left commented out): its methods never run.
      // A decorated class (`@register_tool(...)`) is built by whatever it was handed to.
      if (f.language === 'python' && !f.decorators.some((d) => d.target === cls.name)) {
        named ??= usedNames(facts);
        if (!named.built.has(cls.name)) return true;
      }
    } else {
      if (scopes[scope.parent]?.kind !== 'module') return false;
      const exported = f.definitions.some((d) => d.name === name && d.exported);
      if (f.language !== 'python' && (!exported || allExportsUsed(file))) return false;
    }
    named ??= usedNames(facts);
    return !named.used.has(name);
  };
}

/**
 * Every name the repository's code uses (`used`): imported, called, read as a member, referenced, or written as a
 * string; and the same without imports (`built`: what code does with a name beyond importing it). One pass for both.
 */
function usedNames(facts: ReadonlyMap<string, FileFacts>): { used: Set<string>; built: Set<string> } {
  const built = new Set<string>();
  const used = new Set<string>();
  for (const f of facts.values()) {
    const own = fileNames(f);
    for (const n of own.built) {
      built.add(n);
      used.add(n);
    }
    for (const n of own.imported) used.add(n);
  }
  return { used, built };
}

// A file's names follow from its parse alone: the points of a history share the parse of every unchanged blob
// (its summary, or its imports for a light parse), and read its names once.
const namesByParse = new WeakMap<object, { built: string[]; imported: string[] }>();

function fileNames(f: FileFacts): { built: string[]; imported: string[] } {
  const key = f.ir ?? f.imports;
  const known = namesByParse.get(key);
  if (known) return known;
  const out = new Set<string>();
  const imported = new Set<string>();
  const add = (s: string) => {
    for (const part of s.split(/[^\w$]+/)) if (part) out.add(part);
  };
  for (const i of f.imports) for (const b of i.bindings) imported.add(b.imported).add(b.local);
  for (const c of f.calls) {
    add(c.callee);
    for (const e of [...(c.a ?? []), ...Object.values(c.kw ?? {})]) names(e, out);
  }
  for (const d of f.decorators) add(d.name);
  for (const s of f.strings) add(s.value);
  for (const scope of f.ir?.scopes ?? []) {
    for (const values of Object.values(scope.vars)) for (const e of values) names(e, out);
    // `svc: Service = Depends()`: a framework builds what a parameter is annotated with.
    for (const p of scope.params) if (p.type) names(p.type, out);
    for (const e of scope.returns) names(e, out);
  }
  for (const cls of f.ir?.classes ?? []) {
    for (const fields of Object.values(cls.fields)) for (const field of fields) names(field.e, out);
    for (const b of cls.bases) names(b, out);
  }
  for (const e of Object.values(f.ir?.exports ?? {})) names(e, out);
  const result = { built: [...out], imported: [...imported] };
  namesByParse.set(key, result);
  return result;
}

/** The names, member names, object keys and the words of the strings of an expression tree. */
function names(e: Expr, out: Set<string>, depth = 0): void {
  if (depth > 12) return;
  if (e.k === 'name') out.add(e.n);
  if (e.k === 'get') out.add(e.p);
  if (e.k === 'obj') for (const k of Object.keys(e.p)) out.add(k);
  const texts = e.k === 'lit' && typeof e.v === 'string' ? [e.v] : e.k === 'str' ? e.parts.filter((p): p is string => typeof p === 'string') : [];
  for (const text of texts) for (const word of text.split(/[^\w$]+/)) if (word) out.add(word);
  for (const sub of subExprs(e)) names(sub, out, depth + 1);
}

/** Where a request carries its key: SDK options and keyword arguments, and HTTP headers. */
const KEY_OPTIONS = ['api_key', 'apiKey', 'token', 'auth_token', 'authToken'];
const KEY_HEADERS = ['Authorization', 'authorization', 'x-api-key', 'X-Api-Key', 'api-key', 'xi-api-key', 'x-goog-api-key'];

/**
 * A request sent with a placeholder for its key (`'Authorization': 'Token YOUR_API_KEY_FROM_FRONTEND'`) is a stub
 * nobody finished: it fails at the provider the first time it runs, so it is listed, not judged.
 */
export function stubRequest(file: FileFacts | undefined, call: CallFact, resolution: Resolution): boolean {
  const index = file?.calls.indexOf(call) ?? -1;
  if (!file || index < 0) return false;
  const ev = resolution.evaluator;
  const options = [0, 1].flatMap((at) => ev.argument(file.path, index, at)).filter((v) => v.t === 'obj');
  const values = [...KEY_OPTIONS.flatMap((k) => [...ev.argument(file.path, index, k), ...ev.member(options, k)]), ...KEY_HEADERS.flatMap((h) => ev.member(ev.member(options, 'headers'), h))];
  return values.length > 0 && values.every((v) => v.t === 'str' && !v.v.includes(UNKNOWN_PART) && PLACEHOLDER_KEY.test(v.v));
}

/** A key written as an instruction to whoever fills it in: `YOUR_API_KEY`, `<api-key>`, `{API_KEY}`, `sk-xxxx`. */
const PLACEHOLDER_KEY = /your[-_ ]?(api[-_ ]?)?(key|token)|<[^>]*(key|token)[^>]*>|\{[^}]*(key|token)[^}]*\}|x{4,}|insert[-_ ]?(your[-_ ]?)?key|replace[-_ ]?(me|with)/i;
