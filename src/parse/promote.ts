import { readRegularFile } from '../io/regular-file.ts';
import { join } from 'node:path';
import { isModelModule } from '../catalog/model-modules.ts';
import { providerOfUrl } from '../catalog/providers.ts';
import { buildModuleGraph, type ModuleGraph } from '../resolve/modules.ts';
import type { FileFacts } from '../facts/types.ts';
import type { Expr } from '../resolve/ir.ts';
import type { PathAlias } from '../inventory/config-files.ts';
import { gitBlobId } from '../inventory/content.ts';
import { cacheKey, type FactsCache } from './cache.ts';
import type { FileScan } from './scan.ts';
import { runParseJobs } from './pool.ts';
import { isInScope, roleOf } from '../inventory/roles.ts';

// The word pre-filter sends a file to the full parse only when it names a provider, SDK or framework.
// Two kinds of files name none and still matter. A file that gets its client, agent or model helper from
// another repository module (`from app.llm import agent` then `agent.run(...)`) is promoted when it imports,
// at run time, a repository module that touches models (imports a provider SDK or framework, or a module
// that does). A module that a model-touching file imports (its base class, its fetch wrapper, the constant
// holding its base URL) is promoted so the resolve stage can read it. Promoted files can import and be
// imported in turn, so this runs a few rounds.
const ROUNDS = 3;
/** Levels of imports below the files the word filter chose (a wrapper of a wrapper). */
const DEPENDENCY_ROUNDS = 2;

export interface Promotion {
  promoted: number;
  /** the module graph (imports do not change, so the later stages reuse it) */
  graph: ModuleGraph;
  /** files parsed in full only so the resolve stage can read them (a dependency of a model-touching file) */
  summaryOnly: Set<string>;
}

export async function promoteModelImporters(root: string, scans: FileScan[], aliases: PathAlias[], cache: FactsCache | null, workers: number | 'auto'): Promise<Promotion> {
  let promoted = 0;
  const summaryOnly = new Set<string>();
  // Imports are the same in light and full facts, so one graph serves every round.
  const graph = buildModuleGraph(scans.flatMap((s) => (s.facts ? [s.facts] : [])), aliases);
  for (let round = 0; round < ROUNDS; round++) {
    const all = scans.flatMap((s) => (s.facts ? [s.facts] : []));
    const touching = modelTouching(all, graph);
    const endpoints = endpointConstants(all);
    // Only the product's files: a test's helpers and the test files themselves say nothing the report uses.
    const needed = round < DEPENDENCY_ROUNDS ? dependencies(all.filter((f) => f.depth === 'full' && inProduct(f.path)), graph) : new Set<string>();
    const callers = new Set(scans.filter((s) => s.facts !== undefined && inProduct(s.path) && (s.facts.depth === 'light' || summaryOnly.has(s.path)) && s.facts.imports.some((i) => {
      const local = i.typeOnly ? undefined : graph.resolve(s.path, i.module);
      if (local === undefined) return false;
      // A provider's base URL imported from a constants module: the importer builds requests to it.
      // (The TypeScript import pre-scan records no names: any import of such a module counts.)
      const names = endpoints.get(local);
      return touching.has(local) || (names !== undefined && (i.bindings.length === 0 || i.bindings.some((b) => b.imported === '*' || names.has(b.imported))));
    })).map((s) => s.path));
    for (const path of callers) summaryOnly.delete(path);
    const targets = scans.filter((s) => s.facts?.depth === 'light' && (needed.has(s.path) || callers.has(s.path)));
    for (const s of targets) if (!callers.has(s.path)) summaryOnly.add(s.path);
    if (targets.length === 0) break;
    // A promoted parse is cached apart from the file's own scan: whether a file is promoted depends on what
    // imports it, so the next scan decides again from the same light facts.
    const keys = new Map<string, string>();
    const jobs = targets.flatMap((s) => {
      const bytes = readBytes(join(root, s.path));
      if (bytes === null || !s.facts) return [];
      const key = cacheKey(gitBlobId(bytes), s.path, 'promoted');
      const hit = cache?.get(key)?.facts;
      if (hit) {
        s.facts = { path: s.path, ...hit };
        promoted++;
        return [];
      }
      keys.set(s.path, key);
      return [{ path: s.path, language: s.facts.language, text: bytes.toString('utf8'), full: true }];
    });
    const byPath = new Map(targets.map((s) => [s.path, s]));
    for (const facts of await runParseJobs(jobs, workers)) {
      const scan = byPath.get(facts.path);
      const key = keys.get(facts.path);
      if (!scan || !key) continue;
      scan.facts = facts;
      promoted++;
      const { path: _path, ...rest } = facts;
      cache?.set(key, { loc: scan.loc, facts: rest });
    }
  }
  return { promoted, graph, summaryOnly };
}

/** Module-level constants of fully parsed files that hold a model provider's URL (`BAIDU_BASE_URL = "https://aip.baidubce.com"`). */
function endpointConstants(all: FileFacts[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const f of all) {
    const module = f.depth === 'full' ? f.ir?.scopes[0] : undefined;
    if (!module) continue;
    for (const [name, values] of Object.entries(module.vars)) {
      if (!values.some(namesProviderUrl)) continue;
      const names = out.get(f.path) ?? new Set<string>();
      names.add(name);
      out.set(f.path, names);
    }
  }
  return out;
}

/** A literal provider URL, also as the fallback of a setting (`process.env.X ?? "https://..."`). */
function namesProviderUrl(e: Expr): boolean {
  if (e.k === 'lit') return typeof e.v === 'string' && /^(https?|wss?):\/\//.test(e.v) && providerOfUrl(e.v) !== undefined;
  if (e.k === 'or') return e.of.some(namesProviderUrl);
  if (e.k === 'env') return e.d !== undefined && namesProviderUrl(e.d);
  return false;
}

function inProduct(path: string): boolean {
  return isInScope(roleOf(path));
}

/**
 * The repository modules that fully parsed files import at run time: where their base classes, HTTP
 * wrappers, settings and constants are defined. Resolving a call needs their summaries.
 */
function dependencies(full: FileFacts[], graph: ModuleGraph): Set<string> {
  const out = new Set<string>();
  for (const f of full) {
    for (const i of f.imports) {
      const local = i.typeOnly ? undefined : graph.resolve(f.path, i.module);
      if (local !== undefined) out.add(local);
    }
  }
  return out;
}

/**
 * Fully parsed files that touch models: they import a provider SDK or model framework, or a fully parsed
 * repository module that does. What they export may be a client, an agent, or a function that calls one.
 */
function modelTouching(all: FileFacts[], graph: ModuleGraph): Set<string> {
  const out = new Set<string>();
  const full = all.filter((f) => f.depth === 'full');
  for (const f of full) if (f.imports.some((i) => !i.typeOnly && isModelModule(i.module))) out.add(f.path);
  for (let changed = true; changed; ) {
    changed = false;
    for (const f of full) {
      if (out.has(f.path)) continue;
      if (f.imports.some((i) => !i.typeOnly && out.has(graph.resolve(f.path, i.module) ?? ''))) {
        out.add(f.path);
        changed = true;
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
