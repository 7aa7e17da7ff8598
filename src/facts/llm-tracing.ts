import { GLOBAL_TRACING_CALLS, HOME_GROWN_TRACKING, OBSERVABILITY_HOSTS, OBSERVABILITY_TOOLS, TRACING_CALL_KEYS, TRACING_ENV_SWITCHES, TRACING_WRAPPER_CALLS } from '../catalog/tools.ts';
import type { ModelCall } from './model-calls.ts';
import type { DecoratorFact, FileFacts, Origin } from './types.ts';
import { hostOf } from '../util/url.ts';

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
}

const STRICT_DECORATORS = /(^|\.)(observe|traceable)$/;
const DROP_IN_MODULES = /^(langfuse\.openai|@langfuse\/openai|helicone|portkey_ai|portkey-ai)/;

/** `switchedOn`: a deployment file or environment template sets a tracing variable (`LANGCHAIN_TRACING_V2=true`). */
export function tracingCoverage(calls: readonly ModelCall[], facts: readonly FileFacts[], switchedOn = false): TracingCoverage {
  const isTool = (o: Origin | undefined) => o !== undefined && OBSERVABILITY_TOOLS.some((t) => t.modules.test(o.module));
  const globalCall = facts.some((f) => f.calls.some((c) => GLOBAL_TRACING_CALLS.test(c.callee) && (isTool(c.origin) || /Traceloop|openlit|Instrumentor|registerOTel|register_otel/.test(c.callee))));
  const envSwitch = switchedOn || facts.some((f) => f.strings.some((s) => s.kind === 'env-var' && TRACING_ENV_SWITCHES.test(s.value)));
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
      (fact?.args.keys.some((k) => TRACING_CALL_KEYS.test(k)) ?? false) ||
      (call.clientKeys?.some((k) => TRACING_CALL_KEYS.test(k)) ?? false) ||
      (!aiSdk && globalCall) ||
      wrappingFiles.has(call.file) ||
      DROP_IN_MODULES.test(call.sdk) ||
      (file?.decorators.some((d) => d.target === call.enclosing && tracingDecorator(d, isTool)) ?? false) ||
      // A span recorded by hand beside the call (`Trace(...)`, `langfuse.generation(...)`) in the same function.
      (call.enclosing !== '<module>' && (file?.calls.some((c) => c !== fact && c.enclosing === call.enclosing && isTool(c.origin)) ?? false)) ||
      (call.endpoint?.source === 'literal' && OBSERVABILITY_HOSTS.some((h) => h.host.test(hostOf(call.endpoint?.value ?? '') ?? '')));
    // LangSmith traces LangChain calls when its variables are set, without a line of code.
    const byEnv = !inCode && envSwitch && (call.framework === 'langchain' || call.framework === 'langgraph' || call.framework === 'deepagents');
    if (inCode || byEnv) covered++;
    else dark.push({ file: call.file, line: call.line });
    if (byEnv) envOnly++;
  }
  const homeGrown = facts.filter((f) => f.definitions.some((d) => (d.kind === 'function' || d.kind === 'class' || d.kind === 'method') && HOME_GROWN_TRACKING.test(d.name))).map((f) => f.path);
  const mode = covered === 0 ? null : envOnly === covered ? 'env-flag' : 'always';
  return { coveredCalls: covered, totalCalls: calls.length, dark, mode, homeGrown };
}

function tracingDecorator(d: DecoratorFact, isTool: (o: Origin | undefined) => boolean): boolean {
  return STRICT_DECORATORS.test(d.name) || isTool(d.origin);
}
