import { defineRule } from '../../src/engine/define-rule.ts';
import { callsByFile, type ModelCall } from '../../src/facts/model-calls.ts';
import { plural } from '../../src/util/plural.ts';

// One root cause, one finding: either the product has no gateway and its direct model calls sit in many files, or
// it has one and some files go around it. Adapters behind a dispatcher, an interface or a facade ARE the
// abstraction this rule asks for and are never reported; files in sample and integration packages are not
// judged. The message and the gateway's coverage figure come from the same topology, so they cannot disagree.

// Scatter is what compounds: one file calling a provider is a de-facto gateway; every further file
// that does so is another place to change for a model switch, tracing, retries or cost limits.
const SCATTERED_FILES_HIGH = 4;
// Calls in several top-level areas (apps/api, services/ml, scripts) mean several teams' code to change.
const SCATTERED_AREAS_HIGH = 3;

export default defineRule({
  meta: {
    id: 'direct-model-call',
    title: 'Model calls made directly from product code, outside a gateway',
    category: 'ai-architecture',
    severity: 'medium',
    confidence: 'high',
    rationale:
      'Each direct call hard-wires one provider\'s SDK, request shape, error handling and model id into business code. ' +
      'Every new call site is one more place to change when the team switches or adds a model, adds tracing, caching, ' +
      'fallbacks or cost limits, so the cost of introducing a gateway grows with each call site written without one.',
    remediation: {
      text: 'Route model calls through one internal module (or a gateway such as LiteLLM or the Vercel AI SDK registry) that owns the client, model ids, retries, timeouts and tracing; move each reported file\'s calls behind it.',
      effortHours: 3,
      effortLaterHours: 8,
    },
    ddQuestion: 'Are LLM calls centralised behind an abstraction or gateway, or scattered through the codebase?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['modelCalls', 'gateway'],
    lifecycle: 'stable',
    metric: 'files-outside-gateway',
    references: ['https://semgrep.dev/blog/2024/detecting-shadow-ai'],
  },
  check({ facts, report }) {
    const gateway = facts.gateway;
    const judged = new Set(gateway.packages.filter((p) => p.kind === 'product').flatMap((p) => p.modelFiles));
    // Calls through a multi-provider framework (the AI SDK, LangChain, LiteLLM) already leave the provider
    // replaceable; what hard-wires one is a provider SDK or endpoint called directly.
    const byFile = callsByFile(facts.modelCalls.filter((c) => judged.has(c.file) && c.kind === 'direct'));
    if (gateway.present === null || byFile.size < 2) return;
    const offending = gateway.present ? gateway.bypassFiles.filter((f) => byFile.has(f)) : [...byFile.keys()];
    if (offending.length === 0) return;
    const areas = new Set(offending.map(area)).size;
    const calls = offending.flatMap((f) => byFile.get(f) ?? []);
    const providers = [...new Set(calls.map((c) => c.provider ?? 'unknown'))].sort();
    const firsts = offending.map((f) => (byFile.get(f) ?? [])[0] as ModelCall);
    const scattered = offending.length >= SCATTERED_FILES_HIGH || areas >= SCATTERED_AREAS_HIGH;
    const entry = gateway.files[0];
    const message = gateway.present
      ? `${plural(offending.length, 'model-calling file')} of ${byFile.size} bypass${offending.length === 1 ? 'es' : ''} the gateway ${entry} (${providers.join(', ')}; ${plural(calls.length, 'call')}): ${offending.slice(0, 5).join(', ')}${offending.length > 5 ? ', ...' : ''}`
      : `Model calls are made directly from ${plural(offending.length, 'file')} with no shared gateway (${providers.join(', ')}; ${plural(calls.length, 'call')} in ${plural(areas, 'area')})`;
    report({
      message,
      locations: firsts.map((c) => ({ file: c.file, line: c.line, column: c.column })),
      evidence: firsts.slice(0, 3).map((c) => `${c.file}: ${c.callee}(${c.model ? `model: ${c.model}` : '...'})`).join('; '),
      key: gateway.present ? `bypass|${entry}` : 'no-gateway',
      // Going around a gateway that exists is a lapse in a few files; having none is the architecture itself.
      severity: scattered && !gateway.present ? 'high' : 'medium',
      effortHours: 2 + offending.length + Math.ceil(calls.length / 2),
      data: { files: offending, callSites: calls.length, modelFiles: byFile.size, areas, providers, gateway: gateway.files, coverage: gateway.coverage },
    });
  },
});

/** The first two directories of a path: `apps/api`, `services/ml`, `src/routes`, or the file's own folder. */
function area(file: string): string {
  const dirs = file.split('/').slice(0, -1);
  return dirs.slice(0, 2).join('/') || '.';
}
