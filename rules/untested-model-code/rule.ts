import { E2E_TEST_MODULES, E2E_TEST_PATH } from '../../src/catalog/engineering.ts';
import { defineRule, type ReportInput } from '../../src/engine/define-rule.ts';
import { noGatingCi } from '../../src/facts/ci-pipeline.ts';
import type { RepoFacts } from '../../src/facts/index.ts';
import { callsByFile, type ModelCall } from '../../src/facts/model-calls.ts';
import type { InventoryFile } from '../../src/inventory/index.ts';
import { MIN_PRODUCT_FILES, percentOf, plural, scopeOf, testCodeRatio, TINY_TEST_RATIO } from '../../src/facts/repo-files.ts';
import { liveModelFiles, untestedModelFiles } from '../../src/facts/test-reach.ts';

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
    metric: 'model-calling-files',
  },
  check({ facts, report }) {
    // Scripts (backfills, one-off jobs) are not the product's request path; their model calls are out of this rule's scope.
    const live = liveModelFiles(facts);
    const byFile = callsByFile(facts.modelCalls.filter((c) => live.has(c.file)));
    const callFiles = new Set(byFile.keys());
    const untested = untestedModelFiles(facts);
    if (untested.length === 0) return;
    const tests = facts.files.filter((f) => f.role === 'test' && scopeOf(f) !== null);
    // No tests and no CI is one gap, which no-ci-tests reports with the model calls it leaves unchecked.
    if (tests.length === 0 && noGatingCi(facts.ciConfigs, facts.manifests, facts.files.map((f) => f.path))) return;
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
  // A suite this thin is the root cause, which low-test-ratio leaves to this finding.
  const { product, ratio } = testCodeRatio(facts.files);
  const thin = product.length >= MIN_PRODUCT_FILES && ratio < TINY_TEST_RATIO ? ` (test code is ${percentOf(ratio)}% the size of product code)` : '';
  return {
    message: `${subject(untested.length, callFiles)} (${listed(untested)}) ${untested.length === 1 ? 'is' : 'are'} imported by no test, directly or through one module (not counting a module that gathers three or more of them, such as an app's entry or a provider registry), although the repository has ${plural(tests.length, 'test file')}${thin}${e2eNote}`,
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

function isBrowserTest(facts: RepoFacts, test: InventoryFile): boolean {
  return E2E_TEST_PATH.test(test.path) || (facts.facts.get(test.path)?.imports ?? []).some((i) => E2E_TEST_MODULES.test(i.module));
}
