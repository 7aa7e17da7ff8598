import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isModelModule } from '../catalog/model-modules.ts';
import { buildModuleGraph } from '../facts/module-graph.ts';
import type { FileFacts } from '../facts/types.ts';
import type { PathAlias } from '../inventory/config-files.ts';
import { gitBlobId } from '../inventory/content.ts';
import type { FactsCache } from './cache.ts';
import type { FileScan } from './scan.ts';
import { runParseJobs } from './pool.ts';

// The word pre-filter sends a file to the full parse only when it names a provider, SDK or framework.
// A file that gets its client or agent from another repository module (`from app.agent import build_agent`
// then `agent.ainvoke(...)`) names none of them: it is promoted to a full parse when it imports a module
// that exports something built from a model SDK. Re-exports chain, so this runs a few rounds.
const ROUNDS = 3;

export async function promoteModelImporters(root: string, scans: FileScan[], aliases: PathAlias[], cache: FactsCache | null, workers: number | 'auto'): Promise<number> {
  let promoted = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const all = scans.flatMap((s) => (s.facts ? [s.facts] : []));
    const graph = buildModuleGraph(all, aliases);
    const bearing = new Set<string>();
    // Files exporting model objects, to a fixed point over local re-exports.
    for (let changed = true; changed; ) {
      changed = false;
      for (const f of all) {
        if (f.depth !== 'full' || bearing.has(f.path)) continue;
        const exportsModel = Object.values(f.bindings).some((o) => {
          if (isModelModule(o.module)) return true;
          const local = graph.resolve(f.path, o.module);
          return local !== undefined && bearing.has(local);
        });
        if (exportsModel) {
          bearing.add(f.path);
          changed = true;
        }
      }
    }
    const targets = scans.filter((s) => s.facts?.depth === 'light' && s.facts.imports.some((i) => {
      const local = i.typeOnly ? undefined : graph.resolve(s.path, i.module);
      return local !== undefined && bearing.has(local);
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
  return promoted;
}

function readBytes(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}
