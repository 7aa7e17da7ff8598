import { defineRule } from '../../src/engine/define-rule.ts';
import { runsForItsUsers } from '../../src/facts/product-kind.ts';

export default defineRule({
  meta: {
    id: 'llm-tracing-partial',
    title: 'LLM tracing misses some model calls, or is only on when a flag is set',
    category: 'observability',
    severity: 'low',
    confidence: 'medium',
    rationale:
      'A tracing tool that sees only some calls gives a partial bill and a partial picture: the dark calls are exactly where cost ' +
      'and latency surprises hide. Tracing switched on only by an environment flag is off wherever someone forgot the flag.',
    remediation: {
      text: 'Route the dark calls through the traced client or gateway (or wrap their client, or decorate their functions), and turn tracing on in code for production rather than by an optional variable.',
      effortHours: 1,
      effortLaterHours: 3,
    },
    ddQuestion: 'Can you see every model call in production, with its cost and latency?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['modelCalls', 'llmObservability', 'product'],
    lifecycle: 'experimental',
    metric: 'untraced-model-calls',
  },
  check({ facts, report }) {
    const obs = facts.llmObservability;
    const cov = obs.coverage;
    if (cov.totalCalls === 0 || (cov.coveredCalls === 0 && !obs.present)) return;
    // Calls made on users' machines never reach the company's traces.
    if (runsForItsUsers(facts.product)) return;
    const first = cov.dark[0];
    if (first) {
      const share = cov.coveredCalls / cov.totalCalls;
      report({
        message: cov.coveredCalls === 0
          // Set up where the code names it: a package imported is not always one the manifests declare.
          ? `${obs.tools.join(', ')} ${obs.tools.length > 1 ? 'are' : 'is'} set up in the code (${obs.evidence.slice(0, 2).join(', ')}), yet none of the ${cov.totalCalls} model calls is traced by ${obs.tools.length > 1 ? 'them' : 'it'}`
          : `${cov.dark.length} of ${cov.totalCalls} model calls are not traced (${Math.round(share * 100)}% covered by ${[...obs.tools, ...(cov.hooks.length > 0 ? [`the LiteLLM callbacks ${cov.hooks.join(', ')} registers`] : [])].join(', ') || 'tracing'})`,
        locations: cov.dark,
        evidence: cov.dark.slice(0, 3).map((d) => `${d.file}:${d.line}`).join(', '),
        key: 'dark-calls',
        severity: share < 0.5 ? 'medium' : 'low',
        effortHours: 0.5 * cov.dark.length,
        data: { dark: cov.dark.length, covered: cov.coveredCalls },
      });
    }
  },
});
