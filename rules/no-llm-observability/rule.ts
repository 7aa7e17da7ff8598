import { defineRule } from '../../src/engine/define-rule.ts';
import { runsForItsUsers } from '../../src/facts/product-kind.ts';
import { callsByFile } from '../../src/facts/model-calls.ts';

export default defineRule({
  meta: {
    id: 'no-llm-observability',
    title: 'No tracing on model calls',
    category: 'observability',
    severity: 'high',
    confidence: 'medium',
    rationale:
      'Without traces of model calls (inputs, outputs, tokens, latency, cost per request) cost and latency regressions, bad outputs ' +
      'and prompt-injection attempts are found by customers, and an eval set cannot be built from real traffic. Every feature ' +
      'shipped without it adds behaviour nobody can see in production.',
    remediation: {
      text: 'Add an LLM tracing tool (Langfuse, LangSmith, Helicone, Arize Phoenix, Braintrust, OpenLLMetry) at the gateway or the client: a wrapped client, a decorator on the calling functions, or process-wide instrumentation; record model, tokens, latency and cost per call.',
      effortHours: 6,
      effortLaterHours: 24,
    },
    ddQuestion: 'What happens in production when a model call fails, gets slow or gets expensive?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['modelCalls', 'llmObservability', 'product'],
    lifecycle: 'experimental',
    metric: 'untraced-model-calls',
  },
  check({ facts, report }) {
    const obs = facts.llmObservability;
    if (obs.present !== false || obs.coverage.coveredCalls > 0) return;
    // Calls made on users' machines never reach the company's traces; a library's are traced by the services that embed it.
    if (runsForItsUsers(facts.product)) return;
    const library = facts.product.kind === 'library';
    const byFile = callsByFile(facts.modelCalls);
    const firsts = [...byFile.values()].flatMap((calls) => calls.slice(0, 1));
    const first = firsts[0];
    if (!first) return;
    const homeGrown = obs.coverage.homeGrown;
    const gatewayFiles = new Set(facts.gateway.present ? facts.gateway.files : []);
    report({
      message: `None of the ${facts.modelCalls.length} model calls in ${byFile.size} file${byFile.size === 1 ? '' : 's'} is traced by an LLM observability tool${homeGrown.length > 0 ? `; home-grown usage or cost tracking exists in ${homeGrown.slice(0, 3).join(', ')}` : ''}${library ? '; as a library, it is the services embedding it that trace, through a hook it would offer them' : ''}`,
      locations: firsts.map((c) => ({ file: c.file, line: c.line, column: c.column })),
      evidence: `${first.callee}(...)`,
      key: 'no-tracing',
      // Usage tracking the product built into its gateway (or that the gateway imports) sees every call (model, tokens, latency), only not the
      // prompts and outputs: the gap is narrower. Elsewhere it sees some calls.
      severity: library || homeGrown.some((f) => gatewayFiles.has(f) || facts.graph.importers(f).some((i) => gatewayFiles.has(i))) ? 'low' : homeGrown.length > 0 || byFile.size < 3 ? 'medium' : 'high',
      effortHours: 4 + byFile.size,
      data: { callSites: facts.modelCalls.length, files: byFile.size, homeGrown },
    });
  },
});
