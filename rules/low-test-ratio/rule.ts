import { defineRule } from '../../src/engine/define-rule.ts';
import { bytesOf, isUnitTest, MIN_PRODUCT_FILES, percentOf, plural, repositoryAnchor, scopeOf, testCodeRatio, TINY_TEST_RATIO } from '../../src/facts/repo-files.ts';
import { liveModelFiles, untestedModelFiles } from '../../src/facts/test-reach.ts';

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
    const { tests, product, ratio } = testCodeRatio(facts.files);
    if (product.length < MIN_PRODUCT_FILES) return;
    // With no tests at all in a product that calls models, untested-model-code says so; one finding for one fact.
    const otherTests = facts.files.filter((f) => f.role === 'test' && scopeOf(f) !== null && !isUnitTest(f)).length;
    const anyTest = tests.length + otherTests > 0;
    const modelFiles = liveModelFiles(facts);
    if (!anyTest && modelFiles.size > 0) return;
    if (ratio >= TINY_TEST_RATIO) return;
    // A suite this thin that leaves code calling models untested is the gap untested-model-code reports, with
    // the ratio in its message: one finding for one fact.
    if (modelFiles.size > 0 && untestedModelFiles(facts).length > 0) return;
    const anchor = repositoryAnchor(facts);
    if (!anchor) return;
    const percent = percentOf(ratio);
    report({
      message:
        tests.length === 0
          ? `No unit tests for ${plural(product.length, 'product source file')}${otherTests === 1 ? ' (the one test file there is an eval, a benchmark or a fixture)' : otherTests > 1 ? ` (the ${otherTests} test files there are evals, benchmarks or fixtures)` : ''}`
          : `${plural(tests.length, 'test file')} for ${plural(product.length, 'product source file')}: test code is ${percent}% the size of product code`,
      locations: [{ file: anchor, line: 1 }],
      evidence: `${tests.length} test / ${product.length} product files, ${kb(bytesOf(tests))} / ${kb(bytesOf(product))} KB`,
      key: 'test-ratio',
      severity: tests.length === 0 ? 'medium' : 'low',
      data: { testFiles: tests.length, productFiles: product.length, testBytes: bytesOf(tests), productBytes: bytesOf(product) },
    });
  },
});

function kb(n: number): string {
  const k = n / 1024;
  return k < 10 ? k.toFixed(1) : k.toFixed(0);
}
