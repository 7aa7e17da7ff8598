import { defineRule } from '../../src/engine/define-rule.ts';

export default defineRule({
  meta: {
    id: 'model-call-unhandled-error',
    title: 'Model calls with no error handling around them or their caller',
    category: 'ai-architecture',
    severity: 'low',
    confidence: 'low',
    rationale:
      'Model calls fail far more often than database calls: rate limits, overload, content filters, malformed output, timeouts. ' +
      'A call with no handler around it, and none around the function that makes it, turns each of those into a 500 or a dead job, ' +
      'and the product has no place to add a fallback, a user message or a metric when the failure rate climbs.',
    remediation: {
      text: 'Catch provider errors where the feature can still do something useful (a fallback model, a cached answer, a clear message), and let the gateway classify them (retryable, rate limited, refused) once for every caller.',
      effortHours: 1,
      effortLaterHours: 3,
    },
    ddQuestion: 'How does the product degrade when a model call fails?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['modelCalls', 'product'],
    lifecycle: 'experimental',
  },
  check({ facts, report }) {
    // A library's exceptions are its contract with the code that calls it, which decides what to do with them.
    if (facts.product.kind === 'library') return;
    const bare = facts.modelCalls.filter((c) => c.policy && c.policy.errorHandling === null && !c.unreferenced && !facts.runByHand(c.file));
    const first = bare[0];
    if (!first) return;
    const functions = [...new Set(bare.map((c) => c.enclosing).filter((n) => !n.startsWith('<')))];
    const files = new Set(bare.map((c) => c.file)).size;
    // On a command-line tool or a desktop app the failure reaches the one user who ran it, who sees it and runs it again.
    const onOwnMachine = facts.product.kind === 'cli' || facts.product.kind === 'desktop';
    report({
      ...(onOwnMachine ? { severity: 'info' as const } : {}),
      message: `${bare.length} of ${facts.modelCalls.length} model calls, in ${files} file${files === 1 ? '' : 's'}, have no try/except or .catch around them or around any call of their function${functions.length > 0 ? ` (${functions.slice(0, 5).join(', ')}${functions.length > 5 ? ', ...' : ''})` : ''}`,
      locations: bare.map((c) => ({ file: c.file, line: c.line, column: c.column })),
      evidence: `${first.callee}(...)`,
      key: 'unhandled',
      effortHours: 0.5 + 0.5 * files,
      data: { callSites: bare.length, files },
    });
  },
});
