import { posix } from 'node:path';
import type { PathAlias } from '../inventory/config-files.ts';
import { isInScope, roleOf } from '../inventory/roles.ts';
import type { FileFacts } from '../facts/types.ts';

// The repository's own runtime import graph: which file imports which, for relative imports, Python
// packages and `@/` style aliases. Type-only imports carry no runtime dependency and are left out.
// Imports that do not resolve to a repository file are external packages.

export interface ModuleGraph {
  /** resolved repository file for an import written in `from` */
  resolve(from: string, module: string): string | undefined;
  /** files that import `path` */
  importers(path: string): string[];
  /** repository files `path` imports (type-only imports aside) */
  imports(path: string): string[];
}

const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

export function buildModuleGraph(facts: Iterable<FileFacts>, aliases: PathAlias[]): ModuleGraph {
  const all = [...facts];
  const paths = new Set(all.map((f) => f.path));
  const pySuffixIndex = indexPythonSuffixes(all.filter((f) => f.language === 'python').map((f) => f.path));
  const memo = new Map<string, string | undefined>();

  const resolve = (from: string, module: string): string | undefined => {
    const key = `${from}\0${module}`;
    if (!memo.has(key)) memo.set(key, from.endsWith('.py') || from.endsWith('.pyi') ? resolvePython(from, module, paths, pySuffixIndex) : resolveTs(from, module, paths, aliases));
    return memo.get(key);
  };

  const reverse = new Map<string, Set<string>>();
  const forward = new Map<string, Set<string>>();
  const edge = (target: string | undefined, from: string) => {
    if (!target || target === from) return;
    let set = reverse.get(target);
    if (!set) reverse.set(target, (set = new Set()));
    set.add(from);
    let out = forward.get(from);
    if (!out) forward.set(from, (out = new Set()));
    out.add(target);
  };
  for (const f of all) {
    const python = f.language === 'python';
    for (const imp of f.imports) {
      if (imp.typeOnly) continue;
      edge(resolve(f.path, imp.module), f.path);
      // `from app.vectorstore import pgconn`: the package, and the submodule the name is.
      if (!python) continue;
      const prefix = imp.module.endsWith('.') ? imp.module : `${imp.module}.`;
      for (const b of imp.bindings) if (b.imported !== '*') edge(resolve(f.path, `${prefix}${b.imported}`), f.path);
    }
  }
  return { resolve, importers: (path) => [...(reverse.get(path) ?? [])].sort(), imports: (path) => [...(forward.get(path) ?? [])].sort() };
}

function resolveTs(from: string, module: string, paths: Set<string>, aliases: PathAlias[]): string | undefined {
  const bases: string[] = [];
  if (module.startsWith('.')) bases.push(posix.join(posix.dirname(from), module));
  else {
    for (const a of aliases) {
      if (a.package) {
        if (module !== a.prefix && !module.startsWith(`${a.prefix}/`)) continue;
        const sub = module.slice(a.prefix.length + 1);
        // `@acme/agents/dist/graph.js` is built from `src/graph.ts`: the source stands for its build output.
        const built = /^(dist|build|lib|out)\/(.+)$/.exec(sub);
        bases.push(...(sub ? [posix.join(a.target, sub), posix.join(a.target, 'src', sub), ...(built?.[2] ? [posix.join(a.target, 'src', built[2])] : [])] : [a.target, posix.join(a.target, 'src')]).map((b) => b.replace(/^\.\//, '')));
        break;
      }
      if ((a.scope === '' || from.startsWith(`${a.scope}/`)) && module.startsWith(a.prefix)) {
        bases.push(posix.join(a.target, module.slice(a.prefix.length)));
        break;
      }
    }
  }
  for (const base of bases) {
    const stem = base.replace(/\.(js|jsx|mjs|cjs)$/, '');
    const candidates = [base, ...TS_EXTENSIONS.map((e) => stem + e), ...TS_EXTENSIONS.map((e) => `${base}/index${e}`)];
    const hit = candidates.find((c) => paths.has(c));
    if (hit) return hit;
  }
  return undefined;
}

function resolvePython(from: string, module: string, paths: Set<string>, suffixes: Map<string, string[]>): string | undefined {
  if (module.startsWith('.')) {
    const dots = /^\.+/.exec(module)?.[0].length ?? 1;
    let dir = posix.dirname(from);
    for (let i = 1; i < dots; i++) dir = posix.dirname(dir);
    const rest = module.slice(dots).replace(/\./g, '/');
    const base = rest ? posix.join(dir, rest) : dir;
    // A package shadows a module of the same name beside it: Python finds `providers/` before `providers.py`.
    return [`${base}/__init__.py`, `${base}.py`, `${base}.pyi`].map((p) => p.replace(/^\.\//, '')).find((c) => paths.has(c));
  }
  const rel = module.replace(/\./g, '/');
  const rootOf = (hit: string) => hit.slice(0, hit.length - (hit.endsWith('/__init__.py') ? rel.length + '/__init__.py'.length : rel.length + '.py'.length)).replace(/\/$/, '');
  const candidates = [...(suffixes.get(`${rel}.py`) ?? []), ...(suffixes.get(`${rel}/__init__.py`) ?? [])].filter((hit) => {
    // An absolute import names a module under a source root, never the importing file itself
    // (`import litellm` inside `providers/litellm.py` is the package). A sample or test folder is on the
    // path of its own scripts only: `import ollama` in the product is the package, not `examples/models/ollama.py`.
    if (hit === from) return false;
    if (shadowedByPackage(hit, paths)) return false;
    const root = rootOf(hit);
    if (root === '' || from.startsWith(`${root}/`)) return true;
    // A folder beside the importer is on its path only by a setting we cannot see. A dotted name or a package
    // says the import means it; a lone file named like a library (`llms/dspy.py`, `clients/openai.py`) is the
    // product's module about that library, and `import dspy` elsewhere is the library.
    return isInScope(roleOf(hit)) && (rel.includes('/') || hit.endsWith('/__init__.py'));
  });
  // A folder that is itself a package (has `__init__.py`) is not a source root: its modules are reachable by
  // their full name only. Unless nothing else matches a dotted name: `src/__init__.py` is often left beside a
  // `src/backend` that runs with `src` on the path, and `backend.llm.base` can only mean that file.
  const rooted = candidates.filter((hit) => !paths.has(rootOf(hit) ? `${rootOf(hit)}/__init__.py` : '__init__.py'));
  const hits = rooted.length > 0 || !rel.includes('/') ? rooted : candidates;
  // Several packages may share a dotted name in a monorepo; prefer the one closest to the importer.
  return hits.sort((a, b) => sharedPrefix(b, from) - sharedPrefix(a, from) || a.length - b.length)[0];
}

/** Every path keyed by each of its trailing sub-paths, so `app/clients.py` finds `services/ml/app/clients.py`. */
function indexPythonSuffixes(paths: string[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const p of paths) {
    const parts = p.split('/');
    for (let i = 0; i < parts.length; i++) {
      const suffix = parts.slice(i).join('/');
      const list = index.get(suffix);
      if (list) list.push(p);
      else index.set(suffix, [p]);
    }
  }
  return index;
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** A module a package of the same name beside it shadows (`schemas/providers/` over `schemas/providers.py`): no import reaches it. */
export function shadowedByPackage(path: string, paths: ReadonlySet<string>): boolean {
  return path.endsWith('.py') && !path.endsWith('/__init__.py') && paths.has(`${path.slice(0, -'.py'.length)}/__init__.py`);
}
