import { defineRule } from '../../src/engine/define-rule.ts';
import type { InventoryFile } from '../../src/inventory/index.ts';
import { isProductCode, isUnitTest, plural, repositoryAnchor, scopeOf } from '../../src/facts/repo-files.ts';
import { liveModelFiles, untestedModelFiles } from '../../src/facts/test-reach.ts';

// Below this much product code a handful of tests, or none, is a prototype's normal state.
const MIN_PRODUCT_FILES = 20;
// Test code under 5% of product code (by bytes): one line of test for twenty of product. Healthy
// codebases sit between 30% and 100%; the threshold only flags suites that cannot cover much.
const TINY_RATIO = 0.05;
/** Test files a suite can have and still be a token: a smoke test or two. */
const TOKEN_SUITE_FILES = 3;

export default defineRule({
  meta: {
    id: 'low-test-ratio',
    title: 'Very little test code for the size of the product',
    category: 'engineering',
    severity: 'low',
    confidence: 'low',
    rationale:
      'A product with a token test suite is changed by people who cannot tell what they broke, so changes get smaller, slower ' +
      'and riskier as the code grows. Tests are cheapest to write while the author still knows the code; backfilling them for ' +
      'code nobody remembers costs several times more, and is the first thing an acquirer budgets for.',
    remediation: {
      text: 'Set a floor: tests for every new module and every bug fixed, a coverage report in CI, and a backfill of tests for the modules that change most (git log tells which).',
      effortHours: 16,
      effortLaterHours: 80,
    },
    ddQuestion: 'How much of the codebase is covered by automated tests?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['files', 'modelCalls', 'graph', 'facts'],
    lifecycle: 'experimental',
  },
  check({ facts, report }) {
    const product = facts.files.filter(isProductCode);
    const tests = facts.files.filter(isUnitTest);
    if (product.length < MIN_PRODUCT_FILES) return;
    // With no tests at all in a product that calls models, untested-model-code says so; one finding for one fact.
    const otherTests = facts.files.filter((f) => f.role === 'test' && scopeOf(f) !== null && !isUnitTest(f)).length;
    const anyTest = tests.length + otherTests > 0;
    const modelFiles = liveModelFiles(facts);
    if (!anyTest && modelFiles.size > 0) return;
    const ratio = bytes(tests) / Math.max(1, bytes(product));
    if (ratio >= TINY_RATIO) return;
    // A token suite (a file or two) that reaches none of the code that calls models is the same missing suite
    // untested-model-code reports, with the test count: one finding for one fact. A real suite that skips the
    // model code is two facts.
    if (tests.length <= TOKEN_SUITE_FILES && modelFiles.size > 0 && untestedModelFiles(facts).length === modelFiles.size) return;
    const anchor = repositoryAnchor(facts);
    if (!anchor) return;
    const percent = ratio === 0 ? '0' : ratio < 0.01 ? '<1' : Math.round(ratio * 100).toString();
    report({
      message:
        tests.length === 0
          ? `No unit tests for ${plural(product.length, 'product source file')}${otherTests === 1 ? ' (the one test file there is an eval, a benchmark or a fixture)' : otherTests > 1 ? ` (the ${otherTests} test files there are evals, benchmarks or fixtures)` : ''}`
          : `${plural(tests.length, 'test file')} for ${plural(product.length, 'product source file')}: test code is ${percent}% the size of product code`,
      locations: [{ file: anchor, line: 1 }],
      evidence: `${tests.length} test / ${product.length} product files, ${kb(bytes(tests))} / ${kb(bytes(product))} KB`,
      key: 'test-ratio',
      severity: tests.length === 0 ? 'medium' : 'low',
      data: { testFiles: tests.length, productFiles: product.length, testBytes: bytes(tests), productBytes: bytes(product) },
    });
  },
});

/** Bytes stand in for lines: the inventory measures every code file, and both sides are measured alike. */
function bytes(files: InventoryFile[]): number {
  return files.reduce((n, f) => n + (f.size ?? 0), 0);
}

function kb(n: number): string {
  const k = n / 1024;
  return k < 10 ? k.toFixed(1) : k.toFixed(0);
}
