import { defineRule } from '../../src/engine/define-rule.ts';
import { runsForItsUsers } from '../../src/facts/product-kind.ts';

export default defineRule({
  meta: {
    id: 'model-call-no-token-limit',
    title: 'Generation calls without an output token limit',
    category: 'ai-architecture',
    severity: 'low',
    confidence: 'medium',
    rationale:
      'Without a cap on output tokens a single runaway generation (a loop, a prompt injection, a model that will not stop) costs ' +
      'as much as the model allows and holds the request for as long. Cost per request then depends on model behaviour rather than ' +
      'on the product, and nothing bounds the bill when traffic grows.',
    remediation: {
      text: 'Pass a limit sized to the feature (`max_tokens`, `max_completion_tokens`, `max_output_tokens`, `maxOutputTokens`) on each generation call, or set it once where the client or model handle is built.',
      effortHours: 0.5,
      effortLaterHours: 2,
    },
    ddQuestion: 'Is the cost of a single model request bounded?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['modelCalls', 'product'],
    lifecycle: 'experimental',
    references: ['https://platform.openai.com/docs/api-reference/chat/create#chat-create-max_completion_tokens'],
  },
  check({ facts, report }) {
    // On users' machines the tokens are the users' own, bought with their keys or run on their hardware.
    if (runsForItsUsers(facts.product)) return;
    // Options spread in from elsewhere may hold the limit: those calls are not judged.
    const unbounded = facts.modelCalls.filter((c) => c.policy?.tokenLimit === 'unset' && !c.unreferenced && !facts.runByHand(c.file));
    const first = unbounded[0];
    if (!first) return;
    const judged = facts.modelCalls.filter((c) => c.policy?.tokenLimit === 'set' || c.policy?.tokenLimit === 'unset').length;
    const files = new Set(unbounded.map((c) => c.file)).size;
    report({
      message: `${unbounded.length} of ${judged} generation calls, in ${files} file${files === 1 ? '' : 's'}, set no output token limit (${[...new Set(unbounded.map((c) => c.api))].sort().join(', ')})`,
      locations: unbounded.map((c) => ({ file: c.file, line: c.line, column: c.column })),
      evidence: `${first.callee}(${first.model ? `model: ${first.model}` : '...'})`,
      key: 'token-limit',
      effortHours: 0.25 * unbounded.length,
      data: { callSites: unbounded.length, files },
    });
  },
});
