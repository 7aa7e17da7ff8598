import { defineRule } from '../../src/engine/define-rule.ts';
import { callsByFile } from '../../src/facts/model-calls.ts';
import { PRODUCT_KIND_LABELS, runsForItsUsers } from '../../src/facts/product-kind.ts';

export default defineRule({
  meta: {
    id: 'no-eval-harness',
    title: 'The product calls models, and nothing measures the quality of their output',
    category: 'evaluation',
    severity: 'high',
    confidence: 'medium',
    rationale:
      'Without an evaluation harness every model upgrade, prompt edit or provider switch is judged by eye on a few examples. ' +
      'Each prompt and model call added without one is another behaviour nobody can check when it changes, so the cost of ' +
      'building the first eval set grows with the product, and regressions reach customers first.',
    remediation: {
      text: 'Start an eval set now: 30 to 100 real inputs per model feature with expected outputs or graded criteria, run by a tool (promptfoo, deepeval, ragas, Braintrust, LangSmith) or a small script that scores outputs, in CI on every prompt or model change.',
      effortHours: 16,
      effortLaterHours: 80,
    },
    ddQuestion: 'How do you know a model or prompt change did not make the product worse?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['modelCalls', 'evalHarness', 'product', 'prompts'],
    lifecycle: 'experimental',
    metric: 'model-calling-files',
    references: ['https://www.promptfoo.dev/docs/intro/', 'https://hamel.dev/blog/posts/evals/'],
  },
  check({ facts, report }) {
    if (facts.evalHarness.present !== false) return;
    // What the product runs: a script run by hand (a probe, a backfill) is no feature whose output regresses.
    const calls = facts.modelCalls.filter((c) => !facts.runByHand(c.file));
    const byFile = callsByFile(calls);
    const firsts = [...byFile.values()].flatMap((calls) => calls.slice(0, 1));
    const first = firsts[0];
    if (!first) return;
    // An app run on its users' machines with their keys and their choice of model: a regression there is the
    // user's to notice and route around, where a hosted product's reaches every customer at once.
    const local = runsForItsUsers(facts.product) || facts.product.kind === 'library';
    // Code its users run that writes no prompt of its own passes their messages to the model they pick: there is
    // little of its own to evaluate. Where a prompt is written, its quality is the product's.
    const ownsPrompts = facts.prompts.inline.some((p) => !facts.runByHand(p.file)) || facts.prompts.promptFiles.length + facts.prompts.registryFiles.length > 0;
    const relay = local && !ownsPrompts;
    report({
      message: `${calls.length} model call${calls.length === 1 ? '' : 's'} in ${byFile.size} file${byFile.size === 1 ? '' : 's'}, and no evaluation harness: no eval tool, no evals/ suite that exercises them, no golden dataset${local ? `. It is ${PRODUCT_KIND_LABELS[facts.product.kind]} run with the models its users pick, which makes this less pressing than for a hosted product` : ''}${relay ? ', and it writes no prompt of its own (none found in code or prompt files): it passes its users\' messages on, so there is little of its own to evaluate' : ''}`,
      ...(relay ? { severity: 'low' as const } : local ? { severity: 'medium' as const } : {}),
      locations: firsts.map((c) => ({ file: c.file, line: c.line, column: c.column })),
      evidence: `${first.callee}(...)`,
      key: 'no-evals',
      effortHours: 8 + 2 * byFile.size,
      data: { callSites: calls.length, files: byFile.size },
    });
  },
});
