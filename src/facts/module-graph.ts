import { posix } from 'node:path';
import type { PathAlias } from '../inventory/config-files.ts';
import type { FileFacts } from './types.ts';

// The repository's own runtime import graph: which file imports which, for relative imports, Python
// packages and `@/` style aliases. Type-only imports carry no runtime dependency and are left out.
// Imports that do not resolve to a repository file are external packages.

export interface ModuleGraph {
  /** resolved repository file for an import written in `from` */
  resolve(from: string, module: string): string | undefined;
  /** files that import `path` */
  importers(path: string): string[];
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
  for (const f of all) {
    for (const imp of f.imports) {
      if (imp.typeOnly) continue;
      const target = resolve(f.path, imp.module);
      if (!target || target === f.path) continue;
      let set = reverse.get(target);
      if (!set) reverse.set(target, (set = new Set()));
      set.add(f.path);
    }
  }
  return { resolve, importers: (path) => [...(reverse.get(path) ?? [])].sort() };
}

function resolveTs(from: string, module: string, paths: Set<string>, aliases: PathAlias[]): string | undefined {
  let base: string | undefined;
  if (module.startsWith('.')) base = posix.join(posix.dirname(from), module);
  else {
    const alias = aliases.find((a) => (a.scope === '' || from.startsWith(`${a.scope}/`)) && module.startsWith(a.prefix));
    if (alias) base = posix.join(alias.target, module.slice(alias.prefix.length));
  }
  if (base === undefined) return undefined;
  const stem = base.replace(/\.(js|jsx|mjs|cjs)$/, '');
  const candidates = [base, ...TS_EXTENSIONS.map((e) => stem + e), ...TS_EXTENSIONS.map((e) => `${base}/index${e}`)];
  return candidates.find((c) => paths.has(c));
}

function resolvePython(from: string, module: string, paths: Set<string>, suffixes: Map<string, string[]>): string | undefined {
  if (module.startsWith('.')) {
    const dots = /^\.+/.exec(module)?.[0].length ?? 1;
    let dir = posix.dirname(from);
    for (let i = 1; i < dots; i++) dir = posix.dirname(dir);
    const rest = module.slice(dots).replace(/\./g, '/');
    const base = rest ? posix.join(dir, rest) : dir;
    return [`${base}.py`, `${base}/__init__.py`, `${base}.pyi`].map((p) => p.replace(/^\.\//, '')).find((c) => paths.has(c));
  }
  const rel = module.replace(/\./g, '/');
  const hits = [...(suffixes.get(`${rel}.py`) ?? []), ...(suffixes.get(`${rel}/__init__.py`) ?? [])];
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
