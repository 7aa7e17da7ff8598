import { frameworkDefaultTimeout } from '../../src/catalog/client-defaults.ts';
import { httpLibraryDefaultSeconds } from '../../src/catalog/http-clients.ts';
import { isSessionCall } from '../../src/catalog/providers.ts';
import { defineRule } from '../../src/engine/define-rule.ts';

// A raw HTTP request has no timeout at all (fetch, requests): one slow provider response holds a
// worker until the process is killed. SDKs wait ten minutes by default, which is the same outage
// in slower motion.

/** A default this short is a timeout in all but name. */
const SHORT_DEFAULT_SECONDS = 60;

export default defineRule({
  meta: {
    id: 'model-call-no-timeout',
    title: 'Model calls without an explicit timeout or retry policy',
    category: 'ai-architecture',
    severity: 'low',
    confidence: 'medium',
    rationale:
      'Provider latency has long tails and outages. Without a timeout a slow response holds a request, a worker or a queue slot ' +
      'for up to ten minutes (the OpenAI and Anthropic SDK default) or forever (a raw fetch or requests call); without a retry ' +
      'policy a transient 429 or 529 becomes a user-facing error. Each call site written without one copies the gap.',
    remediation: {
      text: 'Set a timeout and a retry count once, where the client is built (`new OpenAI({ timeout, maxRetries })`, `Anthropic(timeout=..., max_retries=...)`, an AbortSignal for fetch, `timeout=` for requests/httpx), or in the gateway every call goes through.',
      effortHours: 1,
      effortLaterHours: 4,
    },
    ddQuestion: 'What happens to the product when a model provider is slow or down?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['modelCalls'],
    lifecycle: 'experimental',
    references: ['https://github.com/openai/openai-node#timeouts', 'https://github.com/anthropics/anthropic-sdk-python#timeouts'],
  },
  check({ facts, report }) {
    // An HTTP library with a default of its own bounds the request: httpx gives up after 5 seconds (a timeout in
    // all but name), aiohttp after 5 minutes (a long default, as the SDKs have).
    // So does a framework whose model clients set their own (LlamaIndex: 60 seconds).
    const libraryDefault = (c: { api: string; sdk: string; kind: string }) => (c.api === 'http' ? httpLibraryDefaultSeconds(c.sdk) : c.kind === 'framework' ? frameworkDefaultTimeout(c.sdk) : undefined);
    // A realtime session's operations wait on the session's socket, which no request timeout governs.
    const exposed = facts.modelCalls.filter((c) => c.policy && c.policy.timeout === null && !c.unreferenced && !facts.runByHand(c.file) && !isSessionCall(c.sdk, c.api) && (libraryDefault(c) ?? Infinity) > SHORT_DEFAULT_SECONDS);
    const raw = exposed.filter((c) => c.api === 'http' && libraryDefault(c) === undefined);
    const sdk = exposed.filter((c) => c.api !== 'http' || libraryDefault(c) !== undefined);
    const longHttp = [...new Set(sdk.filter((c) => c.api === 'http').map((c) => c.sdk))];
    const total = facts.modelCalls.length;
    if (exposed.length === 0) return;
    // One root cause, one finding: nothing sets a timeout policy. Raw requests that wait for ever make it medium.
    const ordered = [...raw, ...sdk];
    const files = new Set(ordered.map((c) => c.file)).size;
    const noRetry = sdk.filter((c) => c.policy?.retries === null).length;
    // Say the defaults these calls run on: the AI SDK sets none (its fetch waits as long as the server does).
    const aiSdk = sdk.some((c) => c.framework === 'vercel-ai-sdk');
    const defaults = [
      ...(sdk.some((c) => c.framework !== 'vercel-ai-sdk' && c.api !== 'http') ? ['10 minutes in the OpenAI and Anthropic SDKs'] : []),
      ...(aiSdk ? ['none in the AI SDK, whose fetch waits as long as the server does'] : []),
      ...longHttp.map((l) => `${Math.round((httpLibraryDefaultSeconds(l) ?? 0) / 60)} minutes in ${l}`),
    ];
    // Calls whose client was built where the scan could not see (from a config object, injected) are not counted either way.
    const unmeasured = facts.modelCalls.filter((c) => c.policy?.timeout === 'unknown' && !c.unreferenced && !facts.runByHand(c.file)).length;
    const parts = [
      ...(raw.length > 0 ? [`${raw.length} raw HTTP request${raw.length === 1 ? '' : 's'} with none, so a stalled response blocks the caller indefinitely`] : []),
      ...(sdk.length > 0 ? [`${sdk.length} on the client's default (${defaults.join(', ')})${noRetry > 0 ? `, ${noRetry} also on default retries` : ''}`] : []),
      ...(unmeasured > 0 ? [`${unmeasured} more not measured (the scan could not read their options, or where their client is built)`] : []),
    ];
    // A command-line tool or a desktop app stalls for the one user waiting, who sees it and can stop it: no server
    // worker is held, no other user waits. Worth knowing, not a risk to the business.
    const onOwnMachine = facts.product.kind === 'cli' || facts.product.kind === 'desktop';
    report({
      message: `${ordered.length} of ${total} model call${total === 1 ? '' : 's'}, in ${files} file${files === 1 ? '' : 's'}, set no timeout: ${parts.join('; ')}`,
      locations: ordered.map((c) => ({ file: c.file, line: c.line, column: c.column })),
      evidence: `${ordered[0]?.callee ?? 'fetch'}(...)`,
      key: raw.length > 0 ? 'http' : 'sdk',
      ...(onOwnMachine ? { severity: 'info' as const } : raw.length > 0 ? { severity: 'medium' as const } : {}),
      effortHours: 0.5 + 0.25 * files + 0.25 * raw.length,
      data: { callSites: ordered.length, files, rawHttp: raw.length, defaultRetries: noRetry },
    });
  },
});
