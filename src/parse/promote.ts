import { readRegularFile } from '../io/regular-file.ts';
import { join } from 'node:path';
import { isModelModule } from '../catalog/model-modules.ts';
import { buildModuleGraph, type ModuleGraph } from '../facts/module-graph.ts';
import type { FileFacts } from '../facts/types.ts';
import type { PathAlias } from '../inventory/config-files.ts';
import { gitBlobId } from '../inventory/content.ts';
import type { FactsCache } from './cache.ts';
import type { FileScan } from './scan.ts';
import { runParseJobs } from './pool.ts';

// The word pre-filter sends a file to the full parse only when it names a provider, SDK or framework.
// A file that gets its client or agent from another repository module (`from app.agent import build_agent`
// then `agent.ainvoke(...)`) names none of them: it is promoted to a full parse when it imports, from a
// repository module, a name bound to a model client or to a function returning one. Promoted files can
// re-export such names in turn, so this runs a few rounds.
const ROUNDS = 3;

/** Returns how many files were promoted, and the module graph (imports do not change, so facts reuse it). */
export async function promoteModelImporters(root: string, scans: FileScan[], aliases: PathAlias[], cache: FactsCache | null, workers: number | 'auto'): Promise<{ promoted: number; graph: ModuleGraph }> {
  let promoted = 0;
  // Imports are the same in light and full facts, so one graph serves every round.
  const graph = buildModuleGraph(scans.flatMap((s) => (s.facts ? [s.facts] : [])), aliases);
  for (let round = 0; round < ROUNDS; round++) {
    const all = scans.flatMap((s) => (s.facts ? [s.facts] : []));
    const bearing = bearingNames(all, graph);
    const targets = scans.filter((s) => s.facts?.depth === 'light' && s.facts.imports.some((i) => {
      const local = i.typeOnly ? undefined : graph.resolve(s.path, i.module);
      const names = local === undefined ? undefined : bearing.get(local);
      // The TS import pre-scan records no names: any import of such a module counts.
      return names !== undefined && (i.bindings.length === 0 || i.bindings.some((b) => b.imported === '*' || names.has(b.imported)));
    }));
    if (targets.length === 0) break;
    const blobs = new Map<string, string>();
    const jobs = targets.flatMap((s) => {
      const bytes = readBytes(join(root, s.path));
      if (bytes === null || !s.facts) return [];
      blobs.set(s.path, gitBlobId(bytes));
      return [{ path: s.path, language: s.facts.language, text: bytes.toString('utf8'), full: true }];
    });
    for (const facts of await runParseJobs(jobs, workers)) {
      const scan = targets.find((s) => s.path === facts.path);
      const blob = blobs.get(facts.path);
      if (!scan || !blob) continue;
      scan.facts = facts;
      promoted++;
      const { path: _path, ...rest } = facts;
      cache?.set(blob, { loc: scan.loc, facts: rest });
    }
  }
  return { promoted, graph };
}

/**
 * Per file, the exported names that hold a model object: a client or handle built at module level
 * (`client = OpenAI()`), a function returning one (`build_agent()` -> `create_deep_agent()`), a
 * function that calls a model itself (its callers handle its errors), or a re-export of such a name. Plain re-exports of SDK classes and types
 * do not count: importing them is not using a model.
 */
function bearingNames(all: FileFacts[], graph: ModuleGraph): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (path: string, name: string): boolean => {
    const set = out.get(path) ?? new Set<string>();
    if (set.has(name)) return false;
    set.add(name);
    out.set(path, set);
    return true;
  };
  // Functions that call a model SDK themselves: their callers are where errors get handled.
  for (const f of all) {
    if (f.depth !== 'full') continue;
    for (const c of f.calls) {
      if (c.origin && isModelModule(c.origin.module) && !c.enclosing.includes('.') && !c.enclosing.startsWith('<')) add(f.path, c.enclosing);
    }
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of all) {
      if (f.depth !== 'full') continue;
      for (const [key, origin] of Object.entries(f.bindings)) {
        const name = key.replace(/\(\)$/, '');
        const built = key.endsWith('()') || origin.path.includes('()');
        let bears = built && isModelModule(origin.module);
        if (!bears) {
          const local = graph.resolve(f.path, origin.module);
          const head = origin.path.split('.')[0]?.replace(/\(\)$/, '') ?? '';
          bears = local !== undefined && (out.get(local)?.has(head) ?? false);
        }
        if (bears && add(f.path, name)) changed = true;
      }
    }
  }
  return out;
}

// The file was read once already; it is read again only if it is still a regular file (not swapped for a FIFO or a link).
function readBytes(path: string): Buffer | null {
  const r = readRegularFile(path, REREAD_MAX_BYTES);
  return r.ok ? r.bytes : null;
}

/** Above the --max-file-size ceiling, so every file the scan parsed can be read again. */
const REREAD_MAX_BYTES = 16 * 1024 * 1024;
