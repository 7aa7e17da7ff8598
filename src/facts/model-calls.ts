import { FRAMEWORKS, type Framework } from '../catalog/frameworks.ts';
import { PROVIDER_SDKS, sdkOwnsModule, providerOfModelPrefix, providerOfName, providerOfUrl, type ProviderId, type ProviderSdk } from '../catalog/providers.ts';
import type { CallPolicy } from './call-policy.ts';
import type { Endpoint } from './endpoint.ts';
import type { CallFact, FileFacts, Origin } from './types.ts';

export interface ModelCall {
  file: string;
  line: number;
  column: number;
  /** null when the call goes through a framework and the provider is chosen elsewhere */
  provider: ProviderId | null;
  /** providers of clients assigned in other branches that the same call may use */
  alsoProviders: ProviderId[];
  kind: 'direct' | 'framework';
  /** framework id for framework calls (`vercel-ai-sdk`, `langchain`, `litellm`), else null */
  framework: string | null;
  /** what is called: `chat.completions.create`, `messages.create`, `generateText`, `http` */
  api: string;
  /** the module the call resolves to, `http` for a raw request */
  sdk: string;
  callee: string;
  /** model id when passed as a literal */
  model: string | null;
  enclosing: string;
  /** timeout, retries, token limit and error handling, filled in once the whole repository is known */
  policy?: CallPolicy;
  /** where an SDK client's requests go (its base URL), for direct SDK calls */
  endpoint?: Endpoint;
  /** the parsed call it was detected from: its options, handlers and origin */
  fact: CallFact;
}

const HTTP_MODULES = /^(axios|got|ky|node-fetch|undici|cross-fetch|isomorphic-fetch|requests|httpx|aiohttp|urllib3?|urllib\.request)$/;
// The request function itself (`requests.post`, `httpx.AsyncClient().post`, `axios.post`, `fetch`), not a
// method of what it returned (`requests.get(url).json().get(...)`).
const HTTP_REQUEST_PATH = /^(default\.|default\(\)\.)?((Session|AsyncClient|Client|ClientSession|PoolManager|create)\(\)\.)?(get|post|put|patch|request|stream|urlopen|fetch|default)?$/;
// Endpoint paths that perform inference; model lists, key exchange and billing do not count.
const INFERENCE_PATH = /(chat\/completions|\/completions\b|\/responses\b|\/messages\b|\/embeddings?\b|generateContent|streamGenerateContent|embedContent|\/images\/|\/audio\/|\/moderations|\/invoke|\/converse|\/api\/(generate|chat|embed)|\/predictions|\/rerank|\/generate\b|:predict|\/speech|\/transcriptions)/i;

/** Model calls of one file, given its facts with origins already resolved across files. */
export function detectModelCalls(facts: FileFacts): ModelCall[] {
  const context = fileContext(facts);
  const out: ModelCall[] = [];
  for (const call of facts.calls) {
    const candidates = call.origin ? [call.origin, ...(call.alternatives ?? [])].map(normalizeOrigin) : [];
    const matches = candidates.flatMap((o) => matchOrigin(o, call, context) ?? matchNamedProxy(o, call, context) ?? []);
    const hit = matches[0] ?? matchHttp(call, context);
    if (!hit) continue;
    const alsoProviders = [...new Set(matches.flatMap((m) => (m.provider && m.provider !== hit.provider ? [m.provider] : [])))];
    out.push({ file: facts.path, line: call.line, column: call.column, ...hit, alsoProviders, callee: call.callee, model: modelOf(call), enclosing: call.enclosing, fact: call });
  }
  return out;
}

type Match = Pick<ModelCall, 'provider' | 'kind' | 'framework' | 'api' | 'sdk'>;

interface FileContext {
  /** provider named by an OpenAI-compatible base URL in this file (`https://api.groq.com/openai/v1`) */
  baseUrlProvider?: ProviderId;
  /** providers of AI SDK provider packages imported by this file */
  importedProviders: ProviderId[];
  /** provider endpoint URLs written in this file */
  endpointUrls: { url: string; provider: ProviderId; line: number }[];
}

function fileContext(facts: FileFacts): FileContext {
  const endpointUrls = facts.strings.flatMap((s) => {
    const provider = s.kind === 'url' && INFERENCE_PATH.test(s.value) ? providerOfUrl(s.value) : undefined;
    return provider ? [{ url: s.value, provider, line: s.line }] : [];
  });
  const baseUrls = new Set<ProviderId>();
  for (const call of facts.calls) {
    for (const key of ['baseURL', 'base_url', 'baseUrl', 'api_base']) {
      const value = call.args.values[key];
      const provider = typeof value === 'string' ? providerOfUrl(value) : undefined;
      if (provider) baseUrls.add(provider);
    }
  }
  const importedProviders = facts.imports.flatMap((i) => {
    const p = /^@ai-sdk\/|ai-sdk-provider|ollama-ai-provider/.test(i.module) ? providerOfName(i.module) : undefined;
    return p ? [p] : [];
  });
  return { ...(baseUrls.size === 1 ? { baseUrlProvider: [...baseUrls][0] } : {}), importedProviders: [...new Set(importedProviders)], endpointUrls };
}

const PYTHON_SUBMODULES = /^(google\.genai|google\.generativeai|google\.cloud\.aiplatform|vertexai\.[a-z_.]+|langchain_[a-z_]+|llama_index\.[a-z_.]+)$/;

/** `from google import genai` gives module `google`, path `genai.Client()...`: fold known sub-packages into the module. */
export function normalizeOrigin(origin: Origin): Origin {
  let { module, path } = origin;
  for (;;) {
    const dot = path.indexOf('.');
    const head = (dot < 0 ? path : path.slice(0, dot)).replace(/\(\)$/, '');
    if (!head || head.includes('(') || path.startsWith(`${head}()`) || !PYTHON_SUBMODULES.test(`${module}.${head}`)) return { module, path };
    module = `${module}.${head}`;
    path = dot < 0 ? '' : path.slice(dot + 1);
  }
}

function matchOrigin(origin: Origin, call: CallFact, ctx: FileContext): Match | undefined {
  const plain = origin.path.replace(/\(\)/g, '');
  const sdk = PROVIDER_SDKS.find((s) => sdkOwnsModule(s, origin.module) && s.calls.test(plain));
  if (sdk) return { provider: sdkProvider(sdk, plain, call, ctx), kind: 'direct', framework: null, api: apiOf(sdk.calls, plain), sdk: origin.module };
  const fw = FRAMEWORKS.find((f) => f.modules.test(origin.module) && f.calls.test(origin.path));
  if (fw) return { provider: frameworkProvider(fw, origin, call, ctx), kind: 'framework', framework: fw.id, api: apiOf(fw.calls, origin.path), sdk: origin.module };
  return undefined;
}

// `from app.llm import litellm` where app/llm.py holds a lazy proxy of the real module: untraceable by
// assignment, but a name identical to an SDK module is a strong hint. Low confidence, so only for
// names no one gives to anything else.
const PROXY_NAMES = new Set(['litellm', 'openai', 'anthropic', 'cohere', 'replicate', 'ollama', 'groq', 'mistralai', 'vertexai']);

function matchNamedProxy(origin: Origin, call: CallFact, ctx: FileContext): Match | undefined {
  const dot = origin.path.indexOf('.');
  const head = dot < 0 ? '' : origin.path.slice(0, dot);
  if (!PROXY_NAMES.has(head) || origin.module === head) return undefined;
  return matchOrigin({ module: head, path: origin.path.slice(dot + 1) }, call, ctx);
}

function sdkProvider(sdk: ProviderSdk, plain: string, call: CallFact, ctx: FileContext): ProviderId {
  const head = plain.split('.')[0] ?? '';
  const byClass = sdk.classProviders?.[head];
  if (byClass) return byClass;
  if (sdk.provider !== 'openai') return sdk.provider;
  // An OpenAI client pointed at another vendor's OpenAI-compatible endpoint talks to that vendor: known
  // from a literal base URL in the file, or else from the client's name when the URL is built at run
  // time (`azureOpenai.chat.completions.create`).
  const byName = providerOfName(call.callee.split('.')[0] ?? '');
  return ctx.baseUrlProvider ?? (byName && byName !== 'openai' ? byName : sdk.provider);
}

function frameworkProvider(fw: Framework, origin: Origin, call: CallFact, ctx: FileContext): ProviderId | null {
  const model = modelOf(call);
  const byModel = model ? providerOfModelPrefix(model) : undefined;
  if (byModel) return byModel;
  const head = origin.path.split('.')[0]?.replace(/\(\)$/, '') ?? '';
  const byClass = /^[A-Z]/.test(head) ? providerOfName(head) : undefined;
  if (byClass) return byClass;
  const byPackage = fw.id === 'langchain' || fw.id === 'llamaindex' ? providerOfName(origin.module) : undefined;
  if (byPackage) return byPackage;
  if (fw.id === 'vercel-ai-sdk' && ctx.importedProviders.length === 1) return ctx.importedProviders[0] ?? null;
  return null;
}

function apiOf(re: RegExp, path: string): string {
  const m = re.exec(path);
  return (m?.[0] ?? path).replace(/^\./, '').replace(/\(\)/g, '');
}

function matchHttp(call: CallFact, ctx: FileContext): Match | undefined {
  if (ctx.endpointUrls.length === 0) return undefined;
  const isFetch = call.callee === 'fetch' || call.callee === 'window.fetch' || call.callee === 'globalThis.fetch';
  const isClient = call.origin !== undefined && HTTP_MODULES.test(call.origin.module) && HTTP_REQUEST_PATH.test(call.origin.path);
  if (!isFetch && !isClient) return undefined;
  const literal = call.args.positional.find((p) => typeof p.value === 'string' && INFERENCE_PATH.test(p.value) && providerOfUrl(p.value));
  const provider = literal
    ? providerOfUrl(literal.value as string)
    : (ctx.endpointUrls.find((u) => u.line >= call.line && u.line <= call.line + 2)?.provider ?? soleProvider(ctx));
  if (!provider) return undefined;
  return { provider, kind: 'direct', framework: null, api: 'http', sdk: call.origin?.module ?? 'fetch' };
}

// A URL held in a constant and passed by name: attributable only when the file names one provider.
function soleProvider(ctx: FileContext): ProviderId | undefined {
  const providers = new Set(ctx.endpointUrls.map((u) => u.provider));
  return providers.size === 1 ? [...providers][0] : undefined;
}

function modelOf(call: CallFact): string | null {
  const v = call.args.values['model'] ?? call.args.values['model_id'] ?? call.args.values['modelId'] ?? call.args.values['model_name'];
  if (typeof v === 'string') return v;
  const first = call.args.positional.find((p) => p.index === 0)?.value;
  return typeof first === 'string' && /^[\w.-]+[/:][\w.:-]+$|^(gpt|claude|gemini|o\d)/.test(first) ? first : null;
}

/** Calls grouped by file, files in first-seen order. */
export function callsByFile<T extends { file: string }>(calls: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const c of calls) {
    const list = map.get(c.file);
    if (list) list.push(c);
    else map.set(c.file, [c]);
  }
  return map;
}

/**
 * The one provider every generation call (not embeddings, moderation or speech) goes to, with those
 * calls; undefined when there are none, several providers, or one chosen at run time (a model string
 * routed by LiteLLM or a registry), which is a switch already.
 */
export function soleGenerationProvider(calls: readonly ModelCall[]): { provider: ProviderId; generation: ModelCall[] } | undefined {
  const generation = calls.filter((c) => c.policy !== undefined && c.policy.tokenLimit !== 'not-applicable');
  if (generation.length === 0 || generation.some((c) => c.provider === null)) return undefined;
  const providers = new Set(generation.flatMap((c) => (c.provider ? [c.provider, ...c.alsoProviders] : [])));
  const [provider] = [...providers];
  return providers.size === 1 && provider ? { provider, generation } : undefined;
}
