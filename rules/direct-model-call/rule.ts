import { defineRule } from '../../src/engine/define-rule.ts';
import { callsByFile, type ModelCall } from '../../src/facts/model-calls.ts';

// Scatter is what compounds: one file calling a provider is a de-facto gateway; every further file
// that does so is another place to change for a model switch, tracing, retries or cost limits.
const SCATTERED_FILES_HIGH = 4;
// Calls in several top-level areas (apps/api, services/ml, scripts) mean several teams' code to change.
const SCATTERED_AREAS_HIGH = 3;

export default defineRule({
  meta: {
    id: 'direct-model-call',
    title: 'Model provider SDK called directly from product code, outside a gateway',
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
    references: ['https://semgrep.dev/blog/2024/detecting-shadow-ai'],
  },
  check({ facts, report }) {
    const direct = facts.modelCalls.filter((c) => c.kind === 'direct');
    const byFile = callsByFile(direct);
    if (byFile.size < 2) return;
    const gatewayFiles = new Set(facts.gateway.present ? facts.gateway.files : []);
    // The gateway's first file is the module the team imports; the others are its backends.
    const gatewayEntry = facts.gateway.present ? facts.gateway.files[0] : undefined;
    const scattered = [...byFile.keys()].filter((f) => !gatewayFiles.has(f));
    const areas = new Set([...byFile.keys()].map(area)).size;
    const high = byFile.size >= SCATTERED_FILES_HIGH || areas >= SCATTERED_AREAS_HIGH;
    for (const file of scattered) {
      const calls = byFile.get(file) ?? [];
      const providers = [...new Set(calls.map((c) => c.provider ?? 'unknown'))].sort();
      const apis = [...new Set(calls.map((c) => c.api))].sort();
      const first = calls[0] as ModelCall;
      report({
        message: `${file} calls ${providers.join(' and ')} directly (${apis.join(', ')}; ${calls.length} call${calls.length === 1 ? '' : 's'}), one of ${byFile.size} files doing so${gatewayEntry ? ` instead of going through ${gatewayEntry}` : ' with no shared gateway'}`,
        locations: calls.map((c) => ({ file: c.file, line: c.line, column: c.column })),
        evidence: `${first.callee}(${first.model ? `model: ${first.model}` : '...'})`,
        key: `${providers.join(',')}|${apis.join(',')}`,
        severity: high ? 'high' : 'medium',
        effortHours: 2 + calls.length,
        data: { callSites: calls.length, files: byFile.size, areas, providers },
      });
    }
  },
});

/** The first two directories of a path: `apps/api`, `services/ml`, `src/routes`, or the file's own folder. */
function area(file: string): string {
  const dirs = file.split('/').slice(0, -1);
  return dirs.slice(0, 2).join('/') || '.';
}
