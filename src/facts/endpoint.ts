import { providerOfName, providerOfUrl } from '../catalog/providers.ts';
import { clientConstruction, type ConstructionIndex } from './client-construction.ts';
import type { ModelCall } from './model-calls.ts';
import type { FileFacts } from './types.ts';

// Where an SDK client's traffic really goes. An OpenAI client with a `baseURL` may talk to OpenRouter,
// Groq, a local Ollama, or the team's own LiteLLM proxy; that decides lock-in and observability.

export interface Endpoint {
  /** how the base URL is given: not at all (the SDK's host), a literal, an environment variable, other code */
  source: 'default' | 'literal' | 'env' | 'config';
  /** the literal URL or the variable's name */
  value: string | null;
  /** a provider id, `local`, `gateway` (a proxy or gateway the team runs), or `custom` */
  target: string;
}

const BASE_URL_KEYS = ['baseURL', 'base_url', 'baseUrl', 'api_base', 'azure_endpoint', 'endpoint', 'host'];
const GATEWAY_WORDS = /litellm|proxy|gateway|portkey|helicone|router/i;
/** lines after a multi-line constructor's first line where its options may still be */
const OPTION_LINES = 8;

export function callEndpoints(calls: readonly ModelCall[], facts: ReadonlyMap<string, FileFacts>, index: ConstructionIndex): Map<ModelCall, Endpoint> {
  const out = new Map<ModelCall, Endpoint>();
  for (const call of calls) {
    if (call.kind !== 'direct' || call.api === 'http') continue;
    const built = clientConstruction(call.fact, call.file, index, undefined, facts.get(call.file)?.ir?.scopes);
    const key = built ? BASE_URL_KEYS.find((k) => built.keys.includes(k)) : undefined;
    if (!built || !key) {
      out.set(call, { source: 'default', value: null, target: call.provider ?? 'custom' });
      continue;
    }
    const literal = built.values[key];
    if (typeof literal === 'string') {
      out.set(call, { source: 'literal', value: literal, target: classifyUrl(literal) });
      continue;
    }
    const env = facts.get(built.file)?.strings.find((s) => s.kind === 'env-var' && s.line >= built.line && s.line <= built.line + OPTION_LINES && /URL|BASE|ENDPOINT|HOST/.test(s.value));
    if (env) out.set(call, { source: 'env', value: env.value, target: GATEWAY_WORDS.test(env.value) ? 'gateway' : (providerOfName(env.value.replace(/_?(BASE_?URL|API_BASE|ENDPOINT|HOST)$/, '')) ?? 'custom') });
    // Built at run time: the vendor is known only when the client's name or a URL in its file gave it away.
    else out.set(call, { source: 'config', value: null, target: call.provider && call.provider !== 'openai' ? call.provider : 'custom' });
  }
  return out;
}

function classifyUrl(url: string): string {
  const provider = providerOfUrl(url);
  if (provider && provider !== 'ollama') return provider;
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    return 'custom';
  }
  if (provider === 'ollama') return 'ollama';
  if (/^(localhost|127\.0\.0\.1|0\.0\.0\.0|host\.docker\.internal)$/.test(host)) return 'local';
  return GATEWAY_WORDS.test(host) ? 'gateway' : 'custom';
}
