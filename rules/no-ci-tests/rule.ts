import { OTHER_CI_FILES } from '../../src/catalog/engineering.ts';
import { defineRule, type Location, type ReportInput } from '../../src/engine/define-rule.ts';
import type { RepoFacts } from '../../src/facts/index.ts';
import type { InventoryFile } from '../../src/inventory/index.ts';
import { covers, noGatingPipeline, pipelineOptions, readPipelines, type Pipeline } from '../../src/facts/ci-pipeline.ts';
import { isProductCode, isUnitTest, plural, repositoryAnchor, SCOPE_NAMES, scopeOf, type CodeScope } from '../../src/facts/repo-files.ts';

export default defineRule({
  meta: {
    id: 'no-ci-tests',
    title: 'Tests are not run by CI, or there is no CI',
    category: 'engineering',
    severity: 'medium',
    confidence: 'medium',
    rationale:
      'Tests nobody runs on each change rot: they fail silently, get skipped, then deleted, and every change merged meanwhile is ' +
      'verified by hand or not at all. In an AI product the code around model calls (prompt assembly, output parsing, tool ' +
      'schemas) changes weekly; without a gate, a regression reaches users first, and the suite to bring back grows with every merge.',
    remediation: {
      text: 'Add a CI job that runs on every push and pull request and runs the test suite (pytest, vitest, jest, `npm test`...), and make it a required check for merging.',
      effortHours: 2,
      effortLaterHours: 16,
    },
    ddQuestion: 'Do automated tests run on every change, and can a failing test block a merge?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['files', 'ciConfigs', 'modelCalls', 'evalHarness'],
    lifecycle: 'experimental',
  },
  check({ facts, report }) {
    if (!facts.files.some(isProductCode)) return;
    const pipelines = readPipelines(facts.ciConfigs, pipelineOptions(facts.manifests, facts.ciConfigs));
    const gating = pipelines.filter((p) => p.gating);
    const tests = facts.files.filter(isUnitTest);
    // A CI system whose configuration is not read, or a pipeline that could not be (listed in errors[]),
    // may run the tests on each change: absence is not shown.
    if (pipelines.some((p) => !p.read)) return;
    if (gating.length === 0) {
      if (facts.files.some((f) => OTHER_CI_FILES.test(f.path))) return;
      const finding = noCi(facts, pipelines, tests);
      if (finding) report(finding);
      return;
    }
    // Tests of a language the product is not written in (a CI helper script's own test) are not the product's suite.
    const suites = (['python', 'js'] as const).filter((s) => tests.some((t) => scopeOf(t) === s) && facts.files.some((f) => isProductCode(f) && scopeOf(f) === s));
    const unrun = suites.filter((s) => !covers(gating.map((p) => p.tests), s));
    const run = suites.filter((s) => !unrun.includes(s));
    if (unrun.length > 0) report(testsNotRun(pipelines, tests, unrun, run));
  },
});

/**
 * Suites that no gating pipeline runs. Low when another suite does run on every change: a gate exists and
 * one part of the code is left outside it; medium when no test runs on a change at all.
 */
function testsNotRun(pipelines: Pipeline[], tests: InventoryFile[], unrun: CodeScope[], run: CodeScope[]): ReportInput {
  const gating = pipelines.filter((p) => p.gating);
  const unrunTests = tests.filter((t) => unrun.some((s) => s === scopeOf(t)));
  const elsewhere = pipelines.filter((p) => unrun.some((s) => covers([p.otherTests], s)));
  const counts = unrun.map((s) => plural(unrunTests.filter((t) => scopeOf(t) === s).length, `${SCOPE_NAMES[s]} test file`));
  const first = gating[0] as Pipeline;
  return {
    message:
      `${counts.join(' and ')} (${folders(unrunTests)}), but ${noGatingPipeline(gating, 'runs them', 'does not run them')}` +
      (elsewhere.length > 0 ? `; only ${elsewhere.map((p) => `${p.path} (on ${p.triggers.join(', ')})`).join(', ')} does, which gates nothing` : '') +
      (run.length > 0 ? `; the ${run.map((s) => SCOPE_NAMES[s]).join(' and ')} tests do run (${gating.filter((p) => run.some((s) => covers([p.tests], s))).map((p) => p.path).join(', ')})` : ''),
    severity: run.length > 0 ? 'low' : 'medium',
    locations: [{ file: first.path, line: 1 }],
    evidence: `${first.path}: no test command (pytest, vitest, jest, npm test, tox, make test, ...)`,
    key: `tests-not-run:${unrun.join(',')}`,
    data: { testFiles: unrunTests.length, languages: unrun.map((s) => SCOPE_NAMES[s]), pipelines: gating.map((p) => p.path) },
  };
}

/** Nothing runs on a change. High when the product calls models: its behaviour then changes with no check at all. */
function noCi(facts: RepoFacts, pipelines: Pipeline[], tests: InventoryFile[]): ReportInput | null {
  const manual = pipelines.filter((p) => p.triggers.length > 0);
  const anchorFile = manual[0]?.path ?? repositoryAnchor(facts);
  if (!anchorFile) return null;
  const anchor: Location = { file: anchorFile, line: manual[0]?.triggerLine ?? 1 };
  const ciPart = manual.length > 0
    ? `No CI runs on pushes or pull requests: ${manual.map((p) => `${p.path} runs on ${p.triggers.join(', ')}`).join('; ')}`
    : 'No CI configuration (GitHub Actions, GitLab CI, CircleCI, ...)';
  const testsPart = tests.length > 0 ? `the ${plural(tests.length, 'test file')} ${tests.length === 1 ? 'is' : 'are'} never run automatically` : 'there are no tests for one to run either';
  const calls = facts.modelCalls.length;
  // The evals are one of the jobs the missing pipeline would hold: named here, not in a finding of their own.
  const evals = facts.evalHarness.present && facts.evalHarness.ciRuns.length === 0 ? `; the evals (${facts.evalHarness.tools.join(', ')}) are never run automatically either` : '';
  return {
    message: `${ciPart}; ${testsPart}${calls > 0 ? `, and changes to code that calls models (${plural(calls, 'call')}) ship unchecked` : ''}${evals}`,
    locations: [anchor],
    evidence: manual[0] ? `on: ${manual[0].triggers.join(', ')}` : 'no .github/workflows, .gitlab-ci.yml, .circleci/config.yml, ...',
    key: 'no-ci',
    severity: calls > 0 ? 'high' : 'medium',
    data: { testFiles: tests.length, modelCalls: calls, manualPipelines: manual.map((p) => p.path) },
  };
}

/** Up to three folders holding the files, for the message. */
function folders(files: InventoryFile[]): string {
  const dirs = [...new Set(files.map((f) => f.path.split('/').slice(0, -1).join('/') || '.'))];
  return `in ${dirs.slice(0, 3).join(', ')}${dirs.length > 3 ? `, and ${dirs.length - 3} more` : ''}`;
}
