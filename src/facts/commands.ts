import type { Manifest } from '../inventory/manifests/index.ts';
import type { ModuleGraph } from '../resolve/modules.ts';
import type { FileFacts } from './types.ts';

// The commands a product's manifests install (package.json `bin`, `[project.scripts]`): the files they run,
// which are entries even in a scripts folder, and what those files import, which tells a command that
// starts a web server from a tool.

/** The files the manifests' commands run. */
export function commandEntryFiles(manifests: readonly Manifest[], facts: ReadonlyMap<string, FileFacts>, graph: ModuleGraph): Set<string> {
  return new Set(manifests.flatMap((m) => (m.commands ?? []).flatMap((c) => entryFile(facts, graph, m.path, c.entry) ?? [])));
}

/** The repository file a command's entry (`pkg.cli:main`, `bin/cli.js`) runs. */
function entryFile(facts: ReadonlyMap<string, FileFacts>, graph: ModuleGraph, manifest: string, entry: string): string | undefined {
  const dir = manifest.includes('/') ? manifest.slice(0, manifest.lastIndexOf('/') + 1) : '';
  const module = entry.includes(':') ? entry.slice(0, entry.indexOf(':')) : undefined;
  return module !== undefined ? graph.resolve(`${dir}__entry__.py`, module) : facts.has(entry) ? entry : undefined;
}

/** What a command's entry imports from outside the repository, through the repository modules it imports, three levels deep. */
export function entryImports(facts: ReadonlyMap<string, FileFacts>, graph: ModuleGraph, manifest: string, entry: string): string[] {
  const start = entryFile(facts, graph, manifest, entry);
  if (start === undefined) return [];
  const out: string[] = [];
  let level = [start];
  const seen = new Set(level);
  for (let depth = 0; depth < 3 && level.length > 0; depth++) {
    const next: string[] = [];
    for (const file of level) {
      for (const imp of facts.get(file)?.imports ?? []) {
        const target = graph.resolve(file, imp.module);
        if (target === undefined) out.push(imp.module);
        else if (!seen.has(target)) {
          seen.add(target);
          next.push(target);
        }
      }
    }
    level = next;
  }
  return out;
}
