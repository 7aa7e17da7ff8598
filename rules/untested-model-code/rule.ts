import { E2E_TEST_MODULES, E2E_TEST_PATH } from '../../src/catalog/engineering.ts';
import { defineRule, type ReportInput } from '../../src/engine/define-rule.ts';
import type { RepoFacts } from '../../src/facts/index.ts';
import { callsByFile, type ModelCall } from '../../src/facts/model-calls.ts';
import type { InventoryFile } from '../../src/inventory/index.ts';
import { plural, scopeOf } from '../../src/facts/repo-files.ts';

// A module importing this many model-calling modules is where the app is assembled, not a unit under test.
const ENTRY_POINT_CALL_MODULES = 3;

export default defineRule({
  meta: {
    id: 'untested-model-code',
    title: 'Code that calls models is not reached by any test',
    category: 'engineering',
    severity: 'medium',
    confidence: 'medium',
    rationale:
      'The code around a model call (prompt assembly, output parsing, tool schemas, retries) is where an AI product breaks when a ' +
      'prompt is edited, an SDK is upgraded or a model is swapped. With no test that imports it, every such change is verified ' +
      'by hand in production; each new feature built on the untested parsing makes the first test harder to write, because it ' +
      'needs a model double nobody has built.',
    remediation: {
      text: 'Write unit tests for each reported module with the model client replaced by a double (a mocked SDK client, the AI SDK MockLanguageModel, LangChain FakeListChatModel, respx or nock on the provider URL), covering prompt building, output parsing and the error paths.',
      effortHours: 3,
      effortLaterHours: 12,
    },
    ddQuestion: 'How do you know a prompt change, SDK upgrade or model swap has not broken the product?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['modelCalls', 'graph', 'files', 'facts'],
    lifecycle: 'experimental',
  },
  check({ facts, report }) {
    // Scripts (backfills, one-off jobs) are not the product's request path; their model calls are out of this rule's scope.
    const byFile = callsByFile(facts.modelCalls.filter((c) => facts.roleOf(c.file) === 'product' && !c.unreferenced));
    const callFiles = new Set(byFile.keys());
    const untested = [...callFiles].filter((f) => !reachedByTest(facts, f, callFiles));
    if (untested.length === 0) return;
    const tests = facts.files.filter((f) => f.role === 'test' && scopeOf(f) !== null);
    const locations = untested.map((f) => (byFile.get(f) ?? [])[0] as ModelCall).map((c) => ({ file: c.file, line: c.line, column: c.column }));
    const finding = tests.length === 0 ? noTests(untested) : withTests(facts, tests, untested, callFiles.size);
    report({ ...finding, locations, key: 'untested-model-code', effortHours: 2 + untested.length });
  },
});

type Described = Omit<ReportInput, 'locations'>;

function noTests(untested: string[]): Described {
  const subject = untested.length === 1 ? `the one file that calls models (${listed(untested)}) is untested` : `none of the ${untested.length} files that call models (${listed(untested)}) is tested`;
  return {
    message: `The repository has no tests at all, so ${subject}`,
    evidence: 'no test files (tests/, *.test.ts, test_*.py, ...)',
    severity: 'high',
    data: { untestedFiles: untested, modelCallFiles: untested.length, testFiles: 0 },
  };
}

function withTests(facts: RepoFacts, tests: InventoryFile[], untested: string[], callFiles: number): Described {
  // Browser tests drive the running app: they may reach the app's own TS/JS model code through routes no import shows.
  const e2e = tests.filter((t) => isBrowserTest(facts, t));
  const reachable = e2e.length > 0 && untested.every((f) => /\.[cm]?[jt]sx?$/.test(f));
  const e2eNote = reachable ? `; ${plural(e2e.length, 'browser test')} may reach ${untested.length === 1 ? 'it' : 'them'} through the running app, which tests prompt building and output parsing only as far as a UI flow shows` : '';
  return {
    message: `${subject(untested.length, callFiles)} (${listed(untested)}) ${untested.length === 1 ? 'is' : 'are'} imported by no test, directly or through one module, although the repository has ${plural(tests.length, 'test file')}${e2eNote}`,
    evidence: `no test imports ${untested[0]} or a module that imports it`,
    severity: reachable ? 'low' : 'medium',
    confidence: reachable ? 'low' : 'medium',
    data: { untestedFiles: untested, modelCallFiles: callFiles, testFiles: tests.length, browserTests: e2e.length },
  };
}

function subject(untested: number, callFiles: number): string {
  if (callFiles === 1) return 'The one file that calls models';
  if (untested === callFiles) return `All ${callFiles} files that call models`;
  return `${untested} of the ${callFiles} files that call models`;
}

function listed(files: string[]): string {
  return `${files.slice(0, 5).join(', ')}${files.length > 5 ? `, and ${files.length - 5} more` : ''}`;
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

function isBrowserTest(facts: RepoFacts, test: InventoryFile): boolean {
  return E2E_TEST_PATH.test(test.path) || (facts.facts.get(test.path)?.imports ?? []).some((i) => E2E_TEST_MODULES.test(i.module));
}
