import { defineRule } from '../../src/engine/define-rule.ts';
import { callsByFile } from '../../src/facts/model-calls.ts';

export default defineRule({
  meta: {
    id: 'model-code-not-evaluated',
    title: 'Model-calling modules that no eval reaches',
    category: 'evaluation',
    severity: 'low',
    confidence: 'medium',
    rationale:
      'Evals cover the features they import. Model calls outside that reach change behaviour without any score moving, so the ' +
      'eval suite gives a false sense of safety that grows with every feature added beside it.',
    remediation: {
      text: 'Add eval cases that drive each reported module through its public entry point (or its prompt and parser), or move its model call behind the gateway the evals already exercise.',
      effortHours: 3,
      effortLaterHours: 6,
    },
    ddQuestion: 'Which model features are covered by evaluations?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['evalHarness', 'modelCalls', 'graph'],
    lifecycle: 'experimental',
    metric: 'model-calling-files',
  },
  check({ facts, report }) {
    const evals = facts.evalHarness;
    // Evals that import no product code (a promptfoo config calling the API itself) say nothing about reach,
    // nor do requests to the product's API or runs of its command that could not be followed into the code.
    if (!evals.present || evals.reachedCallFiles.length === 0 || evals.unreachedCallFiles.length === 0) return;
    if (evals.drivesProduct.some((d) => d.reaches.length === 0)) return;
    const unreached = new Set(evals.unreachedCallFiles);
    const firsts = [...callsByFile(facts.modelCalls.filter((c) => unreached.has(c.file))).values()].flatMap((calls) => calls.slice(0, 1));
    const first = firsts[0];
    if (!first) return;
    const total = evals.reachedCallFiles.length + evals.unreachedCallFiles.length;
    report({
      message: `${evals.unreachedCallFiles.length} of ${total} model-calling files are not reached by any eval (the evals reach ${evals.reachedCallFiles.join(', ')}${evals.drivesProduct.length > 0 ? ', through their imports and the API routes or commands they run' : ''})`,
      locations: firsts.map((c) => ({ file: c.file, line: c.line, column: c.column })),
      evidence: `${first.callee}(...)`,
      key: 'unreached',
      severity: evals.unreachedCallFiles.length * 2 >= total ? 'medium' : 'low',
      effortHours: 2 * evals.unreachedCallFiles.length,
      data: { unreached: evals.unreachedCallFiles.length, reached: evals.reachedCallFiles.length },
    });
  },
});
