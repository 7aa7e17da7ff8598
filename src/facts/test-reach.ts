import type { RepoFacts } from './index.ts';

// Which model-calling product files a test reaches by its imports: directly, through one module, and
// through packages that re-export them. Shared by the rules that speak of tests, so the same count is
// never made twice nor told twice.

// A module importing this many model-calling modules is where the app is assembled, not a unit under test.
const ENTRY_POINT_CALL_MODULES = 3;

/** An integration test: it drives what it imports end to end, however deep (`agent.int.test.ts`, `tests/integration/`). */
const INTEGRATION_TEST = /(\.(int|integration)\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)(integration|int)[-_]?tests?\/|(^|\/)tests?\/(integration|e2e)\/|_integration_test\.py$|(^|\/)test_integration[\w-]*\.py$)/;
/** Modules followed from the integration tests, all together. */
const MAX_CLOSURE = 5000;

/** Product files with live model calls: dead modules and scripts are no one's request path. */
export function liveModelFiles(facts: RepoFacts): Set<string> {
  return new Set(facts.modelCalls.filter((c) => facts.roleOf(c.file) === 'product' && !c.unreferenced).map((c) => c.file));
}

// Two rules ask; the answer is made once per scan.
const untested = new WeakMap<RepoFacts, string[]>();

/** Product files with live model calls that no test reaches, in the order the calls were found. */
export function untestedModelFiles(facts: RepoFacts): string[] {
  const known = untested.get(facts);
  if (known) return known;
  const callFiles = liveModelFiles(facts);
  const driven = integrationReach(facts);
  const out = [...callFiles].filter((f) => !driven.has(f) && !reachedByTest(facts, f, callFiles));
  untested.set(facts, out);
  return out;
}

/** Every module the integration tests import, directly or through the modules they import. */
function integrationReach(facts: RepoFacts): Set<string> {
  const queue = facts.files.filter((f) => f.role === 'test' && INTEGRATION_TEST.test(f.path)).map((f) => f.path);
  const reached = new Set<string>(queue);
  while (queue.length > 0 && reached.size < MAX_CLOSURE) {
    for (const target of facts.graph.imports(queue.shift() as string)) {
      if (reached.has(target)) continue;
      reached.add(target);
      queue.push(target);
    }
  }
  return reached;
}

/**
 * A test imports the file, or imports a module that imports it. Not through an entry point that pulls in
 * several model-calling modules without calling a model itself (`app.ts`, `main.py`): a test that builds
 * the app to check `/health` says nothing about the chat route. Further hops would credit any test of the
 * app with the whole product.
 */
function reachedByTest(facts: RepoFacts, file: string, callFiles: ReadonlySet<string>): boolean {
  const isTest = (p: string) => facts.roleOf(p) === 'test';
  // Barrels are transparent at either hop: `from pkg import Agent` reaches `pkg/agent.py`, and what it imports.
  const importedByTest = (m: string) => facts.graph.importers(m).some((i) => isTest(i) || (BARREL.test(i) && throughBarrel(facts, i, m, 0)));
  return facts.graph.importers(file).some((i) => isTest(i) || (BARREL.test(i) ? throughBarrel(facts, i, file, 0) : !isEntryPoint(facts, i, callFiles) && importedByTest(i)));
}

// A package's `__init__.py` or a folder's `index.ts` re-exports its modules: a test that imports a name from it
// tests the module the name comes from, however many modules the package holds.
const BARREL = /(^|\/)(__init__\.py|index\.[cm]?[jt]sx?)$/;

/** The names a module offers to `import *`: its top-level definitions and what it imports itself. */
function exportedNames(facts: RepoFacts, path: string, depth: number): string[] {
  const f = facts.facts.get(path);
  if (!f) return [];
  const own = f.definitions.filter((d) => d.kind !== 'method').map((d) => d.name);
  const imported = f.imports.flatMap((imp) =>
    imp.bindings.flatMap((b) => {
      if (b.local !== '*') return [b.local];
      const target = depth < 1 ? facts.graph.resolve(path, imp.module) : undefined;
      return target ? exportedNames(facts, target, depth + 1) : [];
    }),
  );
  return [...own, ...imported];
}

/** Does a test import, from this barrel (or a barrel above it), a name the barrel takes from `file`? */
function throughBarrel(facts: RepoFacts, barrel: string, file: string, depth: number): boolean {
  const names = new Set<string>();
  for (const imp of facts.facts.get(barrel)?.imports ?? []) {
    if (facts.graph.resolve(barrel, imp.module) !== file) continue;
    // `from .module import *` re-exports what the module defines (or, for a package, re-exports in turn).
    for (const b of imp.bindings) for (const n of b.local === '*' ? exportedNames(facts, file, 0) : [b.local]) names.add(n);
  }
  if (names.size === 0) return false;
  const uses = (imp: { bindings: readonly { imported: string }[] }) => imp.bindings.some((b) => names.has(b.imported));
  return facts.graph.importers(barrel).some((i) => {
    const fromBarrel = (facts.facts.get(i)?.imports ?? []).filter((imp) => facts.graph.resolve(i, imp.module) === barrel);
    if (facts.roleOf(i) === 'test') return fromBarrel.some(uses);
    return depth < 2 && BARREL.test(i) && fromBarrel.some(uses) && throughBarrel(facts, i, barrel, depth + 1);
  });
}

function isEntryPoint(facts: RepoFacts, path: string, callFiles: ReadonlySet<string>): boolean {
  // A module that calls models itself is a gateway over its backends, and testing it exercises them.
  if (callFiles.has(path)) return false;
  const imported = new Set((facts.facts.get(path)?.imports ?? []).map((i) => facts.graph.resolve(path, i.module)));
  return [...imported].filter((p) => p !== undefined && callFiles.has(p)).length >= ENTRY_POINT_CALL_MODULES;
}

