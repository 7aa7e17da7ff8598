import type { Expr } from '../resolve/ir.ts';
import type { ModuleGraph } from '../resolve/modules.ts';
import type { FileFacts } from './types.ts';

// Code the product never runs: an adapter left behind when a provider was dropped, an alternative
// handler no one wires in, a store client no feature uses. Its missing timeout or test is no risk to the
// product, it is no caller to rewrite, and a finding about it sends the reader to dead code. Python only: a TypeScript file nothing imports is as often a route,
// a page or a worker that its framework finds by its path.
//
// A module counts as run when something imports it (a type-only import included: the lazy loaders that
// import on first attribute access declare their imports for the type checker), when a string names it
// (`'pkg.llms.openai.OpenAILLM'` in a registry, `import_module(f'pkg.providers.{name}')`), or when it is an
// entry by itself: a `__main__` block, an entry file's name, a route, task or command decorator, or a
// module beside its service's manifest or Dockerfile (what a worker or a job is started from).

const ENTRY_FILE = /(^|\/)(__main__|__init__|main|app|server|wsgi|asgi|manage|tasks|handler|handlers|lambda_function|views|urls|cli|run|worker|celery|api)\.py$/;
const ENTRY_DECORATOR = /(^|\.)(route|get|post|put|patch|delete|websocket|task|shared_task|function|asgi_app|web_endpoint|command|callback|on_event|tool|job|cron|schedule|scheduled|handler|listener|receiver|register|entrypoint)$/;
const DYNAMIC_IMPORT = /(^|\.)(import_module|__import__|load_module|import_string|locate)$/;
const DOTTED = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/;
const SERVICE_ROOT_FILE = /(^|\/)(pyproject\.toml|setup\.py|setup\.cfg|requirements[\w.-]*\.txt|Pipfile|Dockerfile[^/]*|Procfile)$/;

/**
 * Whether a Python module is dead: nothing imports, names or runs it. The repository's strings are read
 * once, on the first module that could be dead.
 */
export function deadCode(facts: ReadonlyMap<string, FileFacts>, graph: ModuleGraph, paths: readonly string[]): (file: string) => boolean {
  const serviceRoots = new Set(paths.filter((p) => SERVICE_ROOT_FILE.test(p)).map(dirOf));
  let named: Set<string> | undefined;
  let loaded: string[] = [];
  return (file) => {
    const f = facts.get(file);
    const candidate = file.endsWith('.py') && f !== undefined && !ENTRY_FILE.test(file) && !serviceRoots.has(dirOf(file)) && graph.importers(file).length === 0 && !f.calls.some((c) => c.main) && !f.decorators.some((d) => ENTRY_DECORATOR.test(d.name));
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

/** Every string literal in an expression tree. */
function strings(e: Expr, out: string[] = [], depth = 0): string[] {
  if (depth > 12) return out;
  const d = depth + 1;
  switch (e.k) {
    case 'lit':
      if (typeof e.v === 'string') out.push(e.v);
      break;
    case 'get':
    case 'idx':
      strings(e.o, out, d);
      break;
    case 'call':
      for (const a of e.a) strings(a, out, d);
      for (const a of Object.values(e.kw ?? {})) strings(a, out, d);
      break;
    case 'or':
      for (const a of e.of) strings(a, out, d);
      break;
    case 'arr':
      for (const a of e.a) strings(a, out, d);
      break;
    case 'obj':
      for (const [k, a] of Object.entries(e.p)) {
        out.push(k);
        strings(a, out, d);
      }
      break;
    default:
      break;
  }
  return out;
}
