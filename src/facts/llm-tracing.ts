import { CALLBACK_KEYS, GLOBAL_TRACING_CALLS, HOME_GROWN_TRACKING, OBSERVABILITY_HOSTS, OBSERVABILITY_TOOLS, TRACING_CALL_KEYS, TRACING_ENV_SWITCHES, TRACING_WRAPPER_CALLS } from '../catalog/tools.ts';
import type { ModelCall } from './model-calls.ts';
import type { CallFact, DecoratorFact, FileFacts, Origin } from './types.ts';
import { hostOf } from '../util/url.ts';
import { walkCallers } from '../resolve/call-chain.ts';
import type { Resolution } from '../resolve/index.ts';
import { scopeWithin } from '../resolve/ir.ts';

// Which model calls a trace would show: a wrapped client, a traced function, a span recorded by hand in
// the same function, a tracer attached to the call, a tracing proxy as base URL, or instrumentation
// registered for the whole process.

export interface TracingCoverage {
  /** in-scope model calls a tracer sees */
  coveredCalls: number;
  totalCalls: number;
  /** calls no tracer sees */
  dark: { file: string; line: number }[];
  /** `always`: tracing is set up in code; `env-flag`: only an environment switch turns it on; null: none */
  mode: 'always' | 'env-flag' | null;
  /** files with home-grown token, latency or cost tracking */
  homeGrown: string[];
  /** files that register a callback with LiteLLM, which sees every call made through it (read by rules, not reported) */
  hooks: string[];
}

/** LiteLLM's process-wide callback lists: what is put there sees every call LiteLLM makes. */
const LITELLM_CALLBACKS = /^litellm\.(callbacks|success_callback|failure_callback|input_callback|_async_success_callback)$/;
const STRICT_DECORATORS = /(^|\.)(observe|traceable)$/;
const DROP_IN_MODULES = /^(langfuse\.openai|@langfuse\/openai|helicone|portkey_ai|portkey-ai)/;

/**
 * `switchedOn`: a deployment file or environment template sets a tracing variable (`LANGCHAIN_TRACING_V2=true`).
 * `spanned`: the file where a span is opened around the call, in its function or up its call chain.
 */
export function tracingCoverage(calls: readonly ModelCall[], facts: readonly FileFacts[], switchedOn = false, spanned?: (call: ModelCall) => string | undefined): TracingCoverage {
  const isTool = (o: Origin | undefined) => o !== undefined && OBSERVABILITY_TOOLS.some((t) => t.modules.test(o.module));
  const globalCall = facts.some((f) => f.calls.some((c) => GLOBAL_TRACING_CALLS.test(c.callee) && (isTool(c.origin) || /Traceloop|openlit|Instrumentor|registerOTel|register_otel/.test(c.callee))));
  // `litellm.callbacks = [tracker]`, `litellm.success_callback.append("langfuse")`: every call made through LiteLLM is recorded.
  const hooks = facts.filter((f) => f.imports.some((i) => i.module === 'litellm') && (
    (f.ir?.scopes ?? []).some((scope) => Object.keys(scope.vars).some((k) => LITELLM_CALLBACKS.test(k))) ||
    f.calls.some((c) => /^litellm\.\w+\.(append|extend)$/.test(c.callee) && LITELLM_CALLBACKS.test(c.callee.slice(0, c.callee.lastIndexOf('.')))))).map((f) => f.path);
  const litellmHooked = hooks.length > 0;
  const envSwitch = switchedOn || facts.some((f) => f.strings.some((s) => s.kind === 'env-var' && TRACING_ENV_SWITCHES.test(s.value)));
  const tracerImported = facts.some((f) => f.imports.some((i) => OBSERVABILITY_TOOLS.some((t) => t.modules.test(i.module))));
  const tracingKey = (k: string) => TRACING_CALL_KEYS.test(k) || (tracerImported && CALLBACK_KEYS.test(k));
  const wrappingFiles = new Set(facts.filter((f) => f.calls.some((c) => TRACING_WRAPPER_CALLS.test(c.callee.split('.').pop() ?? ''))).map((f) => f.path));
  const byPath = new Map(facts.map((f) => [f.path, f]));
  let envOnly = 0;
  const dark: { file: string; line: number }[] = [];
  let covered = 0;
  for (const call of calls) {
    const file = byPath.get(call.file);
    const fact = call.fact;
    const aiSdk = call.framework === 'vercel-ai-sdk';
    const inCode =
      (fact?.args.keys.some(tracingKey) ?? false) ||
      (call.clientKeys?.some(tracingKey) ?? false) ||
      (!aiSdk && globalCall) ||
      (litellmHooked && call.framework === 'litellm') ||
      wrappingFiles.has(call.file) ||
      DROP_IN_MODULES.test(call.sdk) ||
      (file?.decorators.some((d) => d.target === call.enclosing && tracingDecorator(d, isTool)) ?? false) ||
      // A span recorded by hand beside the call (`Trace(...)`, `langfuse.generation(...)`) in the same function.
      (call.enclosing !== '<module>' && (file?.calls.some((c) => c !== fact && c.enclosing === call.enclosing && isTool(c.origin)) ?? false)) ||
      (call.endpoint?.source === 'literal' && OBSERVABILITY_HOSTS.some((h) => h.host.test(hostOf(call.endpoint?.value ?? '') ?? ''))) ||
      spanned?.(call) !== undefined;
    // LangSmith traces LangChain calls when its variables are set, without a line of code.
    const byEnv = !inCode && envSwitch && (call.framework === 'langchain' || call.framework === 'langgraph' || call.framework === 'deepagents');
    if (inCode || byEnv) covered++;
    else dark.push({ file: call.file, line: call.line });
    if (byEnv) envOnly++;
  }
  // A file that registers a callback with LiteLLM records every call's usage itself, as does one that writes a
  // call's token counts somewhere (a row, a log line, a metric: `ChatRecord(message_tokens=..., answer_tokens=...)`).
  const named = (f: FileFacts) => f.definitions.some((d) => (d.kind === 'function' || d.kind === 'class' || d.kind === 'method') && HOME_GROWN_TRACKING.test(d.name));
  const homeGrown = [...new Set([...facts.filter((f) => named(f) || f.calls.some(recordsTokenCounts)).map((f) => f.path), ...hooks])].sort();
  const mode = covered === 0 ? null : envOnly === covered ? 'env-flag' : 'always';
  return { coveredCalls: covered, totalCalls: calls.length, dark, mode, homeGrown, hooks };
}

// Both sides of a call's usage: what went in and what came out.
const TOKENS_IN = /^(prompt|input|message|request)_?tokens$/i;
const TOKENS_OUT = /^(completion|output|answer|response)_?tokens$/i;

function recordsTokenCounts(c: CallFact): boolean {
  return c.args.keys.some((k) => TOKENS_IN.test(k)) && c.args.keys.some((k) => TOKENS_OUT.test(k));
}

function tracingDecorator(d: DecoratorFact, isTool: (o: Origin | undefined) => boolean): boolean {
  return STRICT_DECORATORS.test(d.name) || isTool(d.origin);
}

/** OpenTelemetry's (and Sentry's) ways of opening a span: `tracer.start_as_current_span("llm.generate")`, `tracer.startActiveSpan(...)`. */
const SPAN_CALL = /^(start_span|start_as_current_span|startSpan|startActiveSpan|start_active_span|startInactiveSpan)$/;
const MODEL_SPAN_NAME = /llm|model|gen_?ai|chat|completion|generat|embed|inference|rerank|prompt/i;
/** Functions followed up from a model call to the span around it. */
const MAX_SPAN_DEPTH = 4;

/**
 * The file where a span is opened in the function that makes the call or in a function up its call chain
 * (a base class's `generate` opening `llm.generate` around the subclass's request): the trace shows the call.
 */
export function spanAround(call: ModelCall, facts: ReadonlyMap<string, FileFacts>, resolution: Resolution): string | undefined {
  let found: string | undefined;
  walkCallers(facts, resolution, { file: call.file, scope: call.fact.scope ?? 0, state: null }, MAX_SPAN_DEPTH, ({ facts: f, scope, depth, file }) => {
    // Up the chain, a span named for the model operation (`llm.generate`); an operation's span (`add_episode`)
    // times the whole request and says nothing of the model call inside it.
    const opens = (c: CallFact) => SPAN_CALL.test(c.callee.slice(c.callee.lastIndexOf('.') + 1)) && (depth === 0 || modelSpanName(c)) && scopeWithin(f.ir?.scopes, c.scope ?? 0, scope);
    if (!f.calls.some(opens)) return null;
    found = file;
    return 'done';
  });
  return found;
}

function modelSpanName(c: CallFact): boolean {
  const name = c.args.positional.find((p) => p.index === 0)?.value ?? c.args.values.name;
  return typeof name === 'string' && MODEL_SPAN_NAME.test(name);
}
