import { EMBEDDING_BUILDER, FRAMEWORKS, type Framework } from '../catalog/frameworks.ts';
import { CHAIN_RUNNERS, takesAFunction } from '../catalog/runners.ts';
import { PROVIDER_SDKS, sdkOwnsModule, providerOfEnvVar, providerOfModelPrefix, providerOfName, providerOfUrl, servesInferenceAt, type ProviderId, type ProviderSdk } from '../catalog/providers.ts';
import type { CallPolicy } from './call-policy.ts';
import type { Endpoint } from './endpoint.ts';
import type { CallFact, FileFacts, Origin } from './types.ts';
import { externalOrigins, globalNames, type Resolution } from '../resolve/index.ts';
import type { Expr } from '../resolve/ir.ts';
import { getKey } from '../util/record.ts';
import { hostOf } from '../util/url.ts';
import { SAME_ORIGIN, UNKNOWN_ENDPOINT, type Value } from '../resolve/values.ts';

export interface ModelCall {
  file: string;
  line: number;
  column: number;
  /** `low`: found by its name alone, its receiver not traced (`reason` says why) */
  confidence: 'high' | 'low';
  reason?: string;
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
  /** options the call's client or agent was built with (`new Agent({ telemetry })`), where it was seen */
  clientKeys?: string[];
  /** in a module nothing imports, names or runs, or an application's function nothing uses: dead code, listed but not judged (liveness.ts) */
  unreferenced?: true;
  /** where an SDK client's requests go (its base URL), for direct SDK calls */
  endpoint?: Endpoint;
  /** the parsed call it was detected from: its options, handlers and origin */
  fact: CallFact;
}

const HTTP_MODULES = /^(obsidian|axios|got|ky|ofetch|node-fetch|undici|cross-fetch|isomorphic-fetch|@microsoft\/fetch-event-source|@fortaine\/fetch-event-source|sse\.js|requests|httpx|aiohttp|urllib3?|urllib\.request)$/;
// The request function itself (`requests.post`, `httpx.AsyncClient().post`, `axios.post`, `fetch`), not a
// method of what it returned (`requests.get(url).json().get(...)`).
const HTTP_REQUEST_PATH = /^(default\.|default\(\)\.)?((Session|AsyncClient|Client|ClientSession|PoolManager|create)\(\)\.)?(get|post|put|patch|request|stream|urlopen|fetch|default|ofetch|fetchEventSource|requestUrl|SSE)?$/;
const GLOBAL_FETCH = /^(fetch|window\.fetch|globalThis\.fetch|self\.fetch|\$fetch|ofetch)$/;
/**
 * Agent and workflow platforms the product hands a conversation to, each a model call on the platform's side: Dify's
 * apps, Coze's bots, Langflow's and Flowise's flows, wherever they are hosted.
 */
const AGENT_PLATFORM_PATHS: { path: RegExp; provider: ProviderId }[] = [
  { path: /\/(chat-messages|completion-messages|workflows\/run)(?![\w-])/, provider: 'other:dify' },
  { path: /\/(v3\/chat|open_api\/v2\/chat)(?![\w/-])/, provider: 'other:coze' },
  { path: /\/api\/v1\/run\//, provider: 'other:langflow' },
  { path: /\/api\/v1\/prediction\//, provider: 'other:flowise' },
];
// Endpoint paths of provider APIs (and the agent platforms above) that perform inference; model lists, key exchange and billing do not
// count. Generic words (`/messages`, `/generate`) only with the vendor's own prefix: a mail API has
// messages too, and an app's own backend has `/api/chat` routes.
const INFERENCE_PATH = new RegExp(String.raw`(\/chat\/completions\b|\/v\d+\/completions\b|\/v\d+\/responses\b|\/v1\/messages(\/batches)?(?!\/?[\w-])|\/v\d+(beta)?\/embeddings?\b|\/embeddings?(?![\w-])|:(stream)?[gG]enerateContent\b|:(batch)?[eE]mbedContents?\b|:predict\b|\/images\/(generations|edits|variations)\b|\/audio\/(speech|transcriptions|translations)\b|\/v\d+\/moderations\b|\/model\/[^/]+\/(invoke|converse)|\/rerank(?![\w-])|\/v\d+\/realtime\b|\/v\d+\/predictions\b|\/v\d+\/(text-to-speech|speech-to-text)\b|\/inference(?![\w-])|\/hf-inference\/models\/|\/\/api-inference\.huggingface\.co\/models\/|\/v\d+(beta)?\/stable-image\/(generate|edit|upscale)\b|\/sdapi\/v1\/(txt2img|img2img)\b|${AGENT_PLATFORM_PATHS.map((p) => p.path.source).join('|')})`);
// Paths of a provider's API that run no model (a context cache is stored, not generated; a search API returns results).
const NOT_INFERENCE_PATH = /\/(tokenize|detokenize|count_tokens|countTokens|cachedContents|cached_contents|models|engines|files|batches|fine[_-]?tuning|usage|billing|dashboard|organizations?|api[_-]?keys|credits|balance|account|auth|oauth|token|status|health|user|me|search)(\/|\?|$)/i;
/** A provider URL whose path costs no tokens (a model list, usage, an account). */
export function isHousekeepingUrl(url: string): boolean {
  return NOT_INFERENCE_PATH.test(url);
}
// Ollama's paths are also common routes of an app's own API: a model call only on Ollama's host.
const OLLAMA_PATH = /\/api\/(generate|chat|embed|embeddings)\b/;
/** The inference paths other kinds of API have too: a chat platform's `/v1/messages`, a search engine's `/embeddings`. */
const GENERIC_INFERENCE_PATH = /\/v1\/messages\b|\/embeddings?(?![\w-])|\/rerank(?![\w-])|\/inference(?![\w-])|:predict\b/g;
/** A request body shaped like a model request: a model and what it is asked. */
const BODY_INPUT_KEYS = /^(messages|prompt|contents|input|inputs|instances)$/;
/** What a rerank request ranks against its query. */
const RERANK_ITEMS = /^(documents|passages|texts|sentences|candidates)$/;
/** Callee names that only ever mean inference, for calls whose receiver could not be traced. */
const UNMISTAKABLE = /(^|\.)(chat\.completions\.(create|parse|stream)|responses\.(create|stream|parse)|messages\.(create|stream)|embeddings\.create|generate_content(_async|_stream)?|generateContent(Stream)?|models\.generate_content|invoke_model(_with_response_stream)?|converse(_stream)?|images\.generate|audio\.speech\.create|audio\.transcriptions\.create)$/;

/** Last names of inference methods, for references handed to something that calls them. */
export const INFERENCE_METHOD = /^(create|parse|stream|generate|agenerate|generate_content(_async|_stream)?|generateContent(Stream)?|send_message(_async)?|sendMessage(Stream)?|embed|embed_content|embedContent|invoke|ainvoke|astream|batch|abatch|complete|acomplete|chat|achat|predict|apredict|predict_messages|apredict_messages|converse|converse_stream|invoke_model|run|arun|completion|acompletion|embedding|aembedding|text_generation|chat_completion|rerank|transcribe)$/;

/** HTTP primitives: the calls whose request may go to a provider. */
const HTTP_CALL = /^(fetch|\$fetch|ofetch|fetchEventSource|get|post|put|patch|request|stream|urlopen|send)$/;
/** Of those, the ones that send a body: a repository method named so (`this.fetch`, `api.post`) is read as one; a repository `get` is most often a lookup. */
const HTTP_SEND = /^(fetch|post|request)$/;
const HTTP_METHOD = /^(get|head|post|put|patch|delete|options)$/i;
/** The repository's own request helpers, named for what they do (`pinned_post`, `safePost`, `signed_request`). */
const HTTP_HELPER = /^[a-z]\w*(_(post|request|fetch)|[a-z](Post|Request|Fetch))$/;

/**
 * Could this call be a model call, by its name alone (an inference method, an HTTP request, an executor)?
 * Outside the product (tests, examples) only SDK-style calls are looked at: their model calls are listed for
 * information, and test clients' `get`/`post` are many.
 */
function mayCallModel(call: CallFact, product: boolean): boolean {
  const last = lastCallee(call.callee);
  if (INFERENCE_METHOD.test(last) || takesAFunction(last) || UNMISTAKABLE.test(call.callee) || LANGCHAIN_INTERFACE.test(last) || LANGCHAIN_RUNNABLE_CALL.test(call.callee)) return true;
  return product && (HTTP_CALL.test(last) || HTTP_HELPER.test(last) || /^[A-Z]|generate|complet|embed|invoke|chat|predict|kickoff/i.test(last));
}

function lastCallee(callee: string): string {
  return callee.slice(callee.lastIndexOf('.') + 1).replace(/\(\)$/, '');
}

/** Model calls of one file, given the resolved program. */
export function detectModelCalls(facts: FileFacts, resolution: Resolution, product = true): ModelCall[] {
  const context = fileContext(facts);
  const callees = resolution.callees.get(facts.path) ?? [];
  const out: ModelCall[] = [];
  const passedAt = new Set<ModelCall>();
  facts.calls.forEach((call, index) => {
    // Files parsed only for their summaries were not resolved call by call: ask for the calls that can be a model call.
    const resolvedHere = callees[index];
    if (!resolvedHere && !mayCallModel(call, product)) return;
    // `def run_with_fallback(fn, *args): return fn(*args)`: the call is the caller's, where the method is handed over.
    if (callsOwnParameter(facts, call)) return;
    const values = resolvedHere ?? resolution.callee(facts.path, index);
    const candidates = [...externalOrigins(values), ...calledInstances(facts, values, resolution)].map(normalizeOrigin).map((o) => builtWith(o, facts, call, resolution));
    let matches = candidates.flatMap((o) => matchOrigin(o, call, context) ?? matchNamedProxy(o, call, context) ?? []);
    // `retry(client.messages.create, ...)`, `sync_to_async(self.client.chat.completions.create)(...)`:
    // the inference method is handed to something that calls it.
    const passed = matches.length === 0;
    if (passed) matches = passedMethods(facts, index, resolution).flatMap((o) => matchOrigin(o, call, context) ?? []);
    const hit = matches[0] ?? matchHttp(facts, index, values, resolution, context) ?? unresolvedInference(call, values) ?? untracedLangChainModel(facts, index, values, resolution);
    if (!hit) return;
    const alsoProviders = [...new Set(matches.flatMap((m) => (m.provider && m.provider !== hit.provider ? [m.provider] : [])))];
    const found: ModelCall = { file: facts.path, line: call.line, column: call.column, confidence: 'high', ...hit, alsoProviders, callee: call.callee, model: modelOf(call), enclosing: call.enclosing, fact: call };
    if (passed && matches.length > 0) passedAt.add(found);
    out.push(found);
  });
  // `sync_to_async(client.chat.completions.create)(...)`: the wrapper and the call of what it returns are one model call.
  const called = new Set(out.filter((c) => !passedAt.has(c)).map((c) => `${c.line}\u0000${c.api}`));
  return out.filter((c) => !passedAt.has(c) || !called.has(`${c.line}\u0000${c.api}`));
}

/**
 * A vector store's builder (`FAISS.from_documents(docs, embeddings)`) embeds with the model it is handed: the
 * call's own arguments say where it points, as they would for what it returns.
 */
function builtWith(origin: Origin, facts: FileFacts, call: CallFact, resolution: Resolution): Origin {
  if (origin.via || !call.f || !EMBEDDING_BUILDER.test(origin.path)) return origin;
  const built = resolution.evaluator.values(facts.path, call.scope ?? 0, { k: 'call', f: call.f, a: call.a ?? [], ...(call.kw ? { kw: call.kw } : {}) });
  const via = built.flatMap((v) => (v.t === 'ext' && v.via ? [v.via] : []))[0];
  return via ? { ...origin, via } : origin;
}

/** A call of one of its function's own untyped parameters, by name: `fn(*args)`. */
function callsOwnParameter(facts: FileFacts, call: CallFact): boolean {
  if (call.f?.k !== 'name') return false;
  const name = call.f.n;
  const scope = facts.ir?.scopes[call.scope ?? 0];
  const param = scope?.params.find((p) => p.n === name);
  return Boolean(param && !param.type && !Object.hasOwn(scope?.vars ?? {}, name));
}

/**
 * `lm(prompt)` where `lm` is an instance of the product's own subclass of a model class (`class LitellmModel(dspy.LM)`)
 * with no `__call__` of its own: calling it calls the model class.
 */
function calledInstances(facts: FileFacts, values: readonly Value[], resolution: Resolution): Origin[] {
  if (!facts.path.endsWith('.py')) return [];
  const ev = resolution.evaluator;
  const out: Origin[] = [];
  for (const v of values) {
    if (v.t !== 'inst') continue;
    const ownCall = ev.ancestry(v.f, v.c).some((k) => Object.hasOwn(ev.program.files.get(k.f)?.ir?.classes[k.c]?.methods ?? {}, '__call__'));
    if (!ownCall) for (const b of ev.externalBasesOf(v.f, v.c)) out.push({ module: b.m, path: `${b.p}()` });
  }
  return out;
}

/** Inference methods among a call's arguments that are references, not calls. */
function passedMethods(facts: FileFacts, index: number, resolution: Resolution): Origin[] {
  const call = facts.calls[index];
  if (!call) return [];
  const refs = [...(call.a ?? []), ...Object.values(call.kw ?? {})];
  // The callee itself may be such a wrapper applied first: `sync_to_async(fn)(...)`.
  if (call.f?.k === 'call') refs.push(...call.f.a);
  // Any reference handed to an executor or a retry helper; elsewhere, references named like an inference method.
  const executor = takesAFunction(lastCallee(call.callee)) || (call.f?.k === 'call' && takesAFunction(lastCallee(call.callee.replace(/\(\)$/, ''))));
  const out: Origin[] = [];
  // `StreamingResponse.from_chain(chain, ...)`: a chain or model handed to something that runs it.
  const runner = CHAIN_RUNNERS.test(lastCallee(call.callee));
  for (const ref of refs) {
    if (ref.k !== 'get' && ref.k !== 'name') continue;
    // A name bound to a client's method first (`create = self.client.messages.create`, then `self._call(create, ...)`)
    // is followed to what it holds; it counts when that is an inference method.
    const bound = ref.k === 'name' && !executor && !runner && boundToMethod(facts, call.scope ?? 0, ref.n);
    if (!executor && !runner && !bound && !(ref.k === 'get' && INFERENCE_METHOD.test(ref.p))) continue;
    const origins = externalOrigins(resolution.evaluator.values(facts.path, call.scope ?? 0, ref)).map(normalizeOrigin);
    if (bound) {
      out.push(...origins.filter((o) => !o.path.endsWith(')') && INFERENCE_METHOD.test(lastCallee(o.path))));
      continue;
    }
    out.push(...origins.filter((o) => !o.path.endsWith(')')));
    if (runner) out.push(...origins.filter((o) => o.path.endsWith(')')).map((o) => ({ ...o, path: `${o.path}.invoke` })));
  }
  return out;
}

/** Is the name assigned, in its scope or one around it, a member named like an inference method (`create = client.messages.create`)? */
function boundToMethod(facts: FileFacts, scope: number, name: string): boolean {
  const scopes = facts.ir?.scopes ?? [];
  const method = (e: Expr): boolean => (e.k === 'get' && INFERENCE_METHOD.test(e.p)) || (e.k === 'or' && e.of.some(method));
  for (let s = scopes[scope]; s; s = s.parent >= 0 ? scopes[s.parent] : undefined) {
    const assigned = s.vars[name];
    if (assigned) return assigned.some(method);
  }
  return false;
}

/**
 * The safety net behind the precise analysis: a call named like nothing but inference whose receiver
 * could not be traced to anything. Reported with low confidence and the reason, never dropped.
 */
function unresolvedInference(call: CallFact, values: readonly Value[]): (Match & { confidence: 'low'; reason: string }) | undefined {
  if (!UNMISTAKABLE.test(call.callee) || !untraced(values)) return undefined;
  const reason = values.find((v) => v.t === '?')?.why ?? 'receiver-not-traced';
  return { provider: null, kind: 'direct', framework: null, api: apiOf(UNMISTAKABLE, call.callee), sdk: 'unknown', confidence: 'low', reason: `the receiver of ${call.callee} could not be traced (${reason})` };
}

/** LangChain's embeddings and document-compressor (reranker) interfaces: every integration implements them, nothing else is named so. */
const LANGCHAIN_INTERFACE = /^(a?embed_query|a?embed_documents|a?compress_documents)$/;
/** A LangChain chat model's methods, which take its messages. */
const CHAT_MODEL_METHOD = /^(invoke|ainvoke|stream|astream|batch|abatch|generate|agenerate|predict_messages|apredict_messages)$/;
/** LangChain's message classes (`langchain_core.messages.HumanMessage`, `@langchain/core/messages`). */
const LANGCHAIN_MESSAGE = /(^|\.)(Human|System|AI|Chat|Tool|Function)Message(Chunk)?\(\)$/;
/** Calls only a LangChain runnable answers: its event stream, or a chat model bound to a schema or tools and then run. */
const LANGCHAIN_RUNNABLE_CALL = /(^|\.)(astream_events|astream_log|streamEvents)$|(^|\.)(with_structured_output|bind_tools|withStructuredOutput|bindTools)\(\)\.(a?invoke|a?stream|a?batch)$/;
/** LangChain's document class, which its rerankers (document compressors) are handed. */
const LANGCHAIN_DOCUMENT = /(^|\.)Document\(\)$/;

/**
 * The safety net for a LangChain model whose receiver could not be traced (a model a factory returns by type name,
 * one handed in through a method every form has): a call of its embeddings or reranker interface, a runnable's
 * event stream or a model bound to a schema or tools, or a chat model's method handed a list of LangChain
 * messages. Low confidence, with the reason.
 */
function untracedLangChainModel(facts: FileFacts, index: number, values: readonly Value[], resolution: Resolution): (Match & { confidence: 'low'; reason: string }) | undefined {
  const call = facts.calls[index];
  if (!call || !untraced(values)) return undefined;
  const last = lastCallee(call.callee);
  const reason = values.find((v) => v.t === '?')?.why ?? 'receiver-not-traced';
  const low = { provider: null, kind: 'framework' as const, framework: 'langchain', api: last, sdk: 'unknown', confidence: 'low' as const };
  const ev = resolution.evaluator;
  // What the call is handed first: a list's items, or the value itself; LangChain's classes by their path.
  const handed = (re: RegExp) => ev.argument(facts.path, index, 0)
    .flatMap((v) => (v.t === 'arr' ? v.e.a.flatMap((item) => ev.values(v.f, v.s, item)) : [v]))
    .some((v) => v.t === 'ext' && /^(langchain|@langchain\/)/.test(v.m) && re.test(v.p));
  if (LANGCHAIN_INTERFACE.test(last)) {
    // The product's own class with that method and no LangChain base (an embeddings wrapper kept in a dict) may be
    // what is called, unless LangChain documents handed to a compressor say which interface it is.
    const proven = last.endsWith('compress_documents') && handed(LANGCHAIN_DOCUMENT);
    if (!proven && definedApartFromLangChain(resolution, last)) return undefined;
    return { ...low, reason: `the receiver of ${call.callee} could not be traced (${reason}); the method is LangChain's ${last.includes('compress') ? 'reranker' : 'embeddings'} interface` };
  }
  // Methods only LangChain's runnables have: an event stream of a chain, agent or graph, or a chat model bound to a schema or tools.
  if (LANGCHAIN_RUNNABLE_CALL.test(call.callee)) return { ...low, reason: `the receiver of ${call.callee} could not be traced (${reason}); the method is LangChain's runnable interface` };
  if (!CHAT_MODEL_METHOD.test(last) || !handed(LANGCHAIN_MESSAGE)) return undefined;
  return { ...low, reason: `the receiver of ${call.callee} could not be traced (${reason}); it is handed LangChain messages` };
}

const apartFromLangChain = new WeakMap<Resolution, Map<string, boolean>>();

/** Whether a class of the repository defines `method` with no LangChain class among its bases. */
function definedApartFromLangChain(resolution: Resolution, method: string): boolean {
  let known = apartFromLangChain.get(resolution);
  if (!known) apartFromLangChain.set(resolution, (known = new Map()));
  let apart = known.get(method);
  if (apart === undefined) {
    const ev = resolution.evaluator;
    apart = [...ev.program.files].some(([f, facts]) => (facts.ir?.classes ?? []).some((cls, c) => Object.hasOwn(cls.methods, method) && !ev.externalBasesOf(f, c).some((b) => /^(langchain|@langchain\/)/.test(b.m))));
    known.set(method, apart);
  }
  return apart;
}

/**
 * No value of the receiver was traced to anything: a browser global, or an item a package's container holds
 * (`LocMemCache()._cache[]`: whatever the product stored there), is not a trace.
 */
function untraced(values: readonly Value[]): boolean {
  return !values.some((v) => v.t !== '?' && !(v.t === 'ext' && (v.m === '<global>' || v.p.includes('[]'))));
}

type Match = Pick<ModelCall, 'provider' | 'kind' | 'framework' | 'api' | 'sdk'>;

interface FileContext {
  /** provider named by an OpenAI-compatible base URL in this file (`https://api.groq.com/openai/v1`) */
  baseUrlProvider?: ProviderId;
  /** the one vendor whose URL the file names, anywhere */
  urlProvider?: ProviderId;
  /** providers of AI SDK provider packages imported by this file */
  importedProviders: ProviderId[];
  /** provider endpoint URLs written in this file */
  endpointUrls: { url: string; provider: ProviderId; line: number }[];
}

function fileContext(facts: FileFacts): FileContext {
  // Each vendor URL the file names: an inference endpoint, or one it hands on to where the client is built
  // (`super().__init__(url=os.environ.get(..., "https://api.deepseek.com"))`).
  const urls = facts.strings.flatMap((s) => {
    const provider = s.kind === 'url' ? providerOfUrl(s.value) : undefined;
    return provider ? [{ url: s.value, provider, line: s.line }] : [];
  });
  const endpointUrls = urls.filter((u) => INFERENCE_PATH.test(u.url));
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
  const named = new Set(urls.map((u) => u.provider));
  return {
    ...(baseUrls.size === 1 ? { baseUrlProvider: [...baseUrls][0] } : {}),
    ...(named.size === 1 ? { urlProvider: [...named][0] } : {}),
    importedProviders: [...new Set(importedProviders)], endpointUrls,
  };
}

const PYTHON_SUBMODULES = /^(oci\.generative_ai_inference|google\.genai|google\.generativeai|google\.cloud\.aiplatform|vertexai\.[a-z_.]+|langchain_[a-z_]+|llama_index\.[a-z_.]+)$/;
/** Dotted modules of the SDK catalogue and their parents (`google.cloud.speech`, `google.cloud`): `from google.cloud import speech` reaches them. */
const SDK_DOTTED = new Set(PROVIDER_SDKS.flatMap((s) => s.modules.filter((m) => m.includes('.') && !m.includes('/')).flatMap((m) => m.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.')))));

/** `from google import genai` gives module `google`, path `genai.Client()...`: fold known sub-packages into the module. */
export function normalizeOrigin(origin: Origin): Origin {
  let { module, path } = origin;
  for (;;) {
    const dot = path.indexOf('.');
    const head = (dot < 0 ? path : path.slice(0, dot)).replace(/\(\)$/, '');
    if (!head || head.includes('(') || path.startsWith(`${head}()`) || !(PYTHON_SUBMODULES.test(`${module}.${head}`) || SDK_DOTTED.has(`${module}.${head}`))) return { module, path, ...(origin.via ? { via: origin.via } : {}) };
    module = `${module}.${head}`;
    path = dot < 0 ? '' : path.slice(dot + 1);
  }
}

function matchOrigin(origin: Origin, call: CallFact, ctx: FileContext): Match | undefined {
  // A client pointed at the page's own server calls the product's API, behind which the model call is made.
  if (origin.via === SAME_ORIGIN) return undefined;
  // `audio.speech.with_streaming_response.create`, `chat.completions.with_raw_response.create`: the same request, its response handed back differently.
  const plain = origin.path.replace(/\(\)/g, '').replace(/\.(with_streaming_response|with_raw_response|withResponse)(?=\.)/g, '');
  const sdk = PROVIDER_SDKS.find((s) => sdkOwnsModule(s, origin.module) && s.calls.test(plain));
  const idle = sdk?.notInference ? call.args.values[sdk.notInference.key] : undefined;
  if (sdk && typeof idle === 'string' && sdk.notInference?.value.test(idle)) return undefined;
  if (sdk) return { provider: sdkProvider(sdk, origin, call, ctx), kind: 'direct', framework: null, api: apiOf(sdk.calls, plain), sdk: origin.module };
  const fw = FRAMEWORKS.find((f) => f.modules.test(origin.module) && f.calls.test(origin.path) && (!f.embedsThrough || providerOfVia(origin.via) !== undefined));
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

/** The provider a client was pointed at when it was built: its base URL's host, or the package of its model. */
function providerOfVia(via: string | undefined): ProviderId | undefined {
  if (!via) return undefined;
  return /^https?:/.test(via) ? providerOfUrl(via) : providerOfName(via);
}

function sdkProvider(sdk: ProviderSdk, origin: Origin, call: CallFact, ctx: FileContext): ProviderId {
  const head = origin.path.split('.')[0]?.replace(/\(\)$/, '') ?? '';
  const byClass = sdk.classProviders?.[head];
  if (byClass) return byClass;
  if (sdk.provider !== 'openai') return sdk.provider;
  // An OpenAI client pointed at another vendor's OpenAI-compatible endpoint talks to that vendor: known
  // from the base URL it was built with, else from a literal base URL in the file, or else from the
  // client's name when the URL is built at run time (`azureOpenai.chat.completions.create`).
  const pointed = providerOfVia(origin.via);
  if (pointed) return pointed;
  // Pointed at a host outside the catalogue, written in the code: that vendor, by its domain, not OpenAI.
  const foreign = origin.via && /^https?:/.test(origin.via) ? foreignVendor(origin.via) : undefined;
  if (foreign) return foreign;
  const byName = providerOfName(call.callee.split('.')[0] ?? '');
  const named = byName && byName !== 'openai' ? byName : undefined;
  // Seen built, with no endpoint option: the SDK's own endpoint, whatever else the file builds.
  const builtPlain = origin.via === undefined && /^\w+\(\)/.test(origin.path);
  // A shared base's client, pointed by its subclasses (see `endpointOf`): the one vendor URL this file hands it.
  const handedHere = origin.via === UNKNOWN_ENDPOINT ? ctx.urlProvider : undefined;
  return (builtPlain ? undefined : ctx.baseUrlProvider) ?? handedHere ?? named ?? sdk.provider;
}

/**
 * `other:<domain>` for a public host the catalogue does not know (`x.lepton.run` -> `other:lepton.run`); undefined for
 * a local or single-label host (the product's own model server) and for an address.
 */
function foreignVendor(url: string): ProviderId | undefined {
  const host = hostOf(url);
  if (!host || !host.includes('.') || /^(localhost|[\d.]+|\[[\da-f:]+\])$/i.test(host) || /\.(local|internal|lan|svc|cluster\.local)$/.test(host)) return undefined;
  const labels = host.split('.');
  const domain = labels.slice(-(labels.length > 2 && /^(co|com|net|org|ac)$/.test(labels[labels.length - 2] ?? '') ? 3 : 2)).join('.');
  return `other:${domain}` as ProviderId;
}

function frameworkProvider(fw: Framework, origin: Origin, call: CallFact, ctx: FileContext): ProviderId | null {
  const model = modelOf(call);
  const byModel = model ? providerOfModelPrefix(model) : undefined;
  if (byModel) return byModel;
  const head = origin.path.split('.')[0]?.replace(/\(\)$/, '') ?? '';
  const byClass = /^[A-Z]/.test(head) ? providerOfName(head) : undefined;
  if (byClass) return byClass;
  const pointed = providerOfVia(origin.via);
  if (pointed) return pointed;
  const byPackage = fw.id === 'langchain' || fw.id === 'llamaindex' || (fw.id === 'vercel-ai-sdk' && origin.module !== 'ai') ? providerOfName(origin.module) : undefined;
  if (byPackage) return byPackage;
  if (fw.id === 'vercel-ai-sdk' && ctx.importedProviders.length === 1) return ctx.importedProviders[0] ?? null;
  return null;
}

function apiOf(re: RegExp, path: string): string {
  const m = re.exec(path);
  return (m?.[0] ?? path).replace(/^\./, '').replace(/\(\)/g, '');
}

/**
 * The library that opens a socket to the URL it is given (`new WebSocket(url)`, `websockets.connect(uri)` and its
 * `asyncio.client` home, `websocket.create_connection(url)`, `aiohttp`'s `ws_connect`, `websocket-as-promised`):
 * its module, or `websocket` for the platform's own class.
 */
function socketLibrary(values: readonly Value[]): string | undefined {
  if (globalNames(values).some((n) => /^(window\.|globalThis\.)?WebSocket$/.test(n))) return 'websocket';
  const origin = externalOrigins(values).find((o) =>
    (/^(ws|isomorphic-ws|websockets(\.[\w.]+)?|websocket|websocket-as-promised|reconnecting-websocket|partysocket)$/.test(o.module) &&
      /^(default|WebSocket|WebSocketApp|connect|create_connection|(\w+\.)*client\.connect)?$/.test(o.path)) ||
    (o.module === 'aiohttp' && /ClientSession\(\)\.ws_connect$/.test(o.path)));
  return origin?.module.split('.')[0];
}

/** `node-fetch`, `undici.fetch`, `fetchEventSource`: called like `fetch(url, { body })`. */
function fetchLike(client: Origin): boolean {
  return /fetch/.test(client.module) || /^(fetch|fetchEventSource|ofetch)$/.test(client.path);
}

/** A raw HTTP request whose URL is a provider's inference endpoint, or whose body has a model request's shape. */
function matchHttp(facts: FileFacts, index: number, values: readonly Value[], resolution: Resolution, ctx: FileContext): Match | undefined {
  const call = facts.calls[index];
  if (!call) return undefined;
  const request = httpRequest(facts, index, values, resolution);
  if (!request) return undefined;
  // A wrapper's own request, whose URL is its caller's argument, is reported where the wrapper is called;
  // unless the wrapper itself appends an inference path to the host it is handed (`base_url + '/chat/completions'`).
  const { urls, bodies } = request;
  if (request.removes) return undefined;
  // ... and unless it writes the model request itself (`payload = {messages, max_tokens}` then `post(endpoint, json=payload)`).
  // ... and unless the part of the URL it writes before the handed-in part is an inference path already (`${base}/${model}`
  // with `base` defaulting to `https://router.huggingface.co/hf-inference/models`).
  if (request.forwarded && !request.fixedPath && !request.writtenEndpoint && !(request.ownBody && bodyShaped(resolution.evaluator, bodies))) return undefined;
  // A relative URL (`/api/chat`) is the product's own server, not a provider.
  const written = urls.flatMap((v) => (v.t === 'str' ? [v] : []));
  // ... unless a client instance sends it, built with the base a vendor's inference path is relative to.
  const strings = written.filter((v) => !isRelative(v.v) || (request.instance === true && INFERENCE_PATH.test(v.v)));
  // A provider's API host serves inference unless the path says otherwise (model lists, billing, files);
  // a proxy that passes the incoming path through to it makes model calls too.
  // A GET to a provider's host lists or checks something (models, collections, a key): only a named inference path counts then.
  // A path other APIs use too (`/v1/messages` on a chat platform's host) says nothing when the host is no model
  // vendor's and the body is something else, or there is none (a GET).
  const otherBody = bodies.some((b) => b.t === 'obj') && !bodyShaped(resolution.evaluator, bodies);
  // A URL built by a helper many callers share is the union of their paths: a read, or a body that is no model request,
  // among a model list's or a file's path is one of the helper's other requests.
  const modelPath = (u: string) => INFERENCE_PATH.test(u) || OLLAMA_PATH.test(u);
  if ((request.reads === true || otherBody) && written.some((u) => !modelPath(u.v)) && written.some((u) => modelPath(u.v))) return undefined;
  // A local or single-label host (`localhost:9001`, `embedder:8000`) is the product's own model server, not another API.
  const foreign = (u: string) => (otherBody || request.reads === true) && /^[a-z]+:\/\/[a-z][\w-]*(\.[\w-]+)*\.[a-z]{2,}(:\d+)?(\/|$)/i.test(u) && providerOfUrl(u) === undefined && !INFERENCE_PATH.test(u.replace(GENERIC_INFERENCE_PATH, ''));
  const inferenceUrl = strings.find((u) => (INFERENCE_PATH.test(u.v) && !foreign(u.v)) || (OLLAMA_PATH.test(u.v) && (providerOfUrl(u.v) === 'ollama' || /OLLAMA/i.test(u.env ?? '')))) ??
    (request.reads ? undefined : strings.find((u) => providerOfUrl(u.v) !== undefined && providerOfUrl(u.v) !== 'ollama' && !NOT_INFERENCE_PATH.test(u.v) && (request.socket === true || servesInferenceAt(u.v))));
  // A body shaped like a model request counts where the URL is a real host, or built from a provider's variable.
  // An endpoint that is wholly configuration (`requests.post(self.end_point, data=json.dumps(payload))`) is a
  // model's when the body is one: nothing in the URL says it is the product's own server.
  const unset = (v: Value) => v.t === 'lit'; // a `None` / `null` default before configuration fills it in
  // A URL the caller hands in is the caller's configuration too.
  // A URL the evaluation gives nothing for (`self.config.api_base.rstrip("/")`) is as opaque as an unknown one.
  // So is a field of a settings or credentials object (`credentials.CUSTOM_HOST_ENDPOINT_URL` on a pydantic model): the user's endpoint.
  const opaque = request.forwarded || (strings.length === 0 ? urls.every((v) => v.t === '?' || v.t === 'ext' || unset(v)) : strings.every((u) => u.v.startsWith('\u0000') && !u.env));
  // A tokenizer or a model list takes a model request's shape too, and runs no model.
  const housekeeping = strings.length > 0 && strings.every((u) => NOT_INFERENCE_PATH.test(u.v));
  const shaped = !housekeeping && (opaque || strings.some((u) => /^[a-z]+:\/\/[^\u0000/]/i.test(u.v) || (u.env !== undefined && providerOfEnvVar(u.env) !== undefined))) && bodyShaped(resolution.evaluator, bodies);
  // A literal URL in the file near the call, when the argument could not be evaluated.
  // The file's one provider endpoint stands for the URL only when the body does not say it is something else.
  // Not for a GET: a helper that downloads an image or a file in a provider's adapter (`fetch_image_format(url)`) reads, it does not infer.
  const nearby = written.length === 0 && request.reads !== true ? ctx.endpointUrls.find((u) => u.line >= call.line && u.line <= call.line + 2) ?? (!otherBody && ctx.endpointUrls.length > 0 && new Set(ctx.endpointUrls.map((u) => u.provider)).size === 1 ? ctx.endpointUrls[0] : undefined) : undefined;
  if (!inferenceUrl && !shaped && !nearby) return undefined;
  const url = inferenceUrl ?? strings[0];
  const provider = (url ? providerOfRequest(url.v, url.env) : undefined) ?? nearby?.provider ?? providerOfName(call.enclosing) ?? providerOfName(facts.path.split('/').pop() ?? '') ?? (url && /\/chat\/completions|\/v\d+\/(completions|embeddings|responses)\b/.test(url.v) ? 'other:openai-compatible' : huggingFaceShaped(bodies) ? 'huggingface' : azureMlShaped(bodies) ? 'other:azureml' : 'other:unknown');
  return { provider, kind: 'direct', framework: null, api: 'http', sdk: request.sdk };
}

interface HttpRequest {
  urls: Value[];
  bodies: Value[];
  sdk: string;
  /** the URL is a parameter of the enclosing function: a wrapper whose callers make the request */
  forwarded: boolean;
  /** the URL ends in an inference path written where the request is made, whoever supplies the host */
  fixedPath?: boolean;
  /** a GET: `requests.get(url)`, `fetch(url)` with no body and no other method */
  reads?: boolean;
  /** the body is written here, not handed in by the caller */
  ownBody?: boolean;
  /** the URL written here is an inference endpoint before the part the caller hands in (`${base}/${model}`) */
  writtenEndpoint?: boolean;
  /** sent by a client instance, which may carry the base a relative path is joined to */
  instance?: boolean;
  /** a socket opened, not a request sent */
  socket?: boolean;
  /** a DELETE: never a model call, whatever path it names */
  removes?: boolean;
}

/** The URL and body of an HTTP request made by a call: `fetch`, an HTTP client, or a repository wrapper around one. */
function httpRequest(facts: FileFacts, index: number, values: readonly Value[], resolution: Resolution): HttpRequest | undefined {
  const call = facts.calls[index];
  if (!call) return undefined;
  const ev = resolution.evaluator;
  const arg = (at: number | string) => ev.argument(facts.path, index, at);
  const client = externalOrigins(values).find((o) => HTTP_MODULES.test(o.module) && HTTP_REQUEST_PATH.test(o.path));
  // `fetch(url, init)` and its look-alikes (`fetchEventSource(url, { body })`, `node-fetch`).
  const isFetch = globalNames(values).some((n) => GLOBAL_FETCH.test(n)) || (call.f === undefined && GLOBAL_FETCH.test(call.callee)) || (client !== undefined && fetchLike(client));
  if (isFetch || client) {
    const path = client?.path.replace(/\(\)/g, '') ?? '';
    // `new SSE(url, { payload, method })` (sse.js): a streamed request whose body is its `payload`.
    const streamed = client?.module === 'sse.js';
    // `axios({ url, data })`, `axios.request({...})`: one options object.
    const options = client && !/(get|post|put|patch|stream|fetch)$/.test(path) ? arg(0).filter((v) => v.t === 'obj') : [];
    // `requests.request("POST", url)`, `session.request(method, url)`, `client.stream("POST", url)`: the method comes first.
    const method = client && /(request|stream)$/.test(path) ? arg(0).filter((v): v is Extract<Value, { t: 'str' }> => v.t === 'str' && HTTP_METHOD.test(v.v)) : [];
    const urlAt = method.length > 0 ? 1 : 0;
    const urlArg = options.length > 0 ? optionsUrl(facts, call) : (call.a?.[urlAt] ?? getKey(call.kw, 'url'));
    // `axios.create({ baseURL })` then `client.post('', body)`: a path relative to the base the instance was built with.
    const base = client?.via !== undefined && /^https?:\/\/[^\u0000/]/.test(client.via) ? client.via : undefined;
    const relativeTo = (v: Value): Value => (base && v.t === 'str' && isRelative(v.v) ? { ...v, v: joinUrl(base, v.v) } : v);
    return {
      urls: (options.length > 0 ? ev.member(options, 'url') : [...arg(urlAt), ...arg('url')]).map(relativeTo),
      bodies: isFetch
        ? ev.member(arg(1), 'body')
        : streamed ? ev.member(arg(1), 'payload')
        : options.length > 0 ? [...ev.member(options, 'data'), ...ev.member(options, 'body')]
          : [...arg('json'), ...arg('data'), ...arg('content'), ...(client?.module === 'axios' || client?.module === 'got' || client?.module === 'ky' ? arg(1) : [])],
      sdk: client?.module ?? 'fetch',
      forwarded: urlArg !== undefined && forwardedUrl(facts, call.scope ?? 0, urlArg),
      fixedPath: urlArg !== undefined && endsInInferencePath(facts, call.scope ?? 0, urlArg),
      writtenEndpoint: urlArg !== undefined && writesEndpointBefore(ev, facts, call.scope ?? 0, urlArg),
      reads: isFetch ? fetchReads(ev, call.a?.[1] === undefined ? undefined : arg(1)) : streamed ? ev.member(arg(1), 'payload').length === 0 : /(^|\.)(get|head)$/.test(path) || (method.length > 0 && method.every((m) => /^(get|head)$/i.test(m.v))),
      ownBody: ownBody(facts, call, isFetch),
      removes: removes(isFetch ? ev.member(arg(1).filter((v) => v.t === 'obj'), 'method') : options.length > 0 ? ev.member(options, 'method') : /(^|\.)delete$/.test(path) ? [{ t: 'str', v: 'DELETE' }] : method),
      // `httpx.AsyncClient(base_url=...)` then `client.post("/chat-messages")`: a path relative to the client's base.
      ...(client && /\(\)\./.test(client.path) ? { instance: true } : {}),
    };
  }
  // `new WebSocket(url)`: a realtime or speech session is a model call when the socket opens on a provider.
  // A parameter that fills only a session id after the path (`wss://host/socket?sid=${id}`) leaves the endpoint here.
  const socket = socketLibrary(values);
  if (socket) return { urls: [...arg(0), ...arg('url'), ...arg('uri')], bodies: [], sdk: socket, socket: true, forwarded: call.a?.[0] !== undefined && forwardedUrl(facts, call.scope ?? 0, call.a[0]) };
  // `post(url, body)` where `post` is the repository's own wrapper around fetch or an HTTP client.
  for (const v of values) {
    if (v.t !== 'fn') continue;
    const wrapper = httpWrapper(resolution, v.f, v.s);
    if (!wrapper) continue;
    const python = v.f.endsWith('.py');
    const bound = python && v.self !== undefined ? 1 : 0;
    const at = (param: number | undefined, name: string | undefined): Value[] => {
      if (param === undefined) return [];
      const byName = name ? arg(name) : [];
      return byName.length > 0 ? byName : arg(param - bound);
    };
    if (wrapper.urlMember !== undefined) return optionsRequest(ev, facts, call, wrapper, wrapper.urlMember, at(wrapper.url, wrapper.urlName), bound);
    const passed = at(wrapper.url, wrapper.urlName);
    const urls = wrapper.template ? composeAround(ev, wrapper.template, wrapper.urlName, passed) : passed;
    const init = at(wrapper.init, wrapper.initName);
    const bodies = wrapper.body !== undefined ? at(wrapper.body, wrapper.bodyName) : wrapper.initIsBody ? init : ev.member(init, 'body');
    // A wrapper that writes the inference path or the model request itself is the model call; calling it is calling a function.
    if (wrapper.ownShaped || (wrapper.template && writesPathAfter(wrapper.template.e, wrapper.urlName))) return undefined;
    // A wrapper that writes the inference path or the request for the base its caller hands in is the model call,
    // unless the caller names a vendor's base; a local server's default (`http://localhost:11434`) is a setting's
    // fallback, not a vendor the caller picks.
    const home = wrapper.template ? resolution.evaluator.program.files.get(wrapper.template.file) : undefined;
    const ownsRequest = wrapper.writesRequest || (wrapper.template !== undefined && home !== undefined && endsInInferencePath(home, wrapper.template.scope, wrapper.template.e));
    if (ownsRequest && !urls.some((u) => u.t === 'str' && providerOfUrl(u.v) !== undefined && !/^[a-z]+:\/\/(localhost|127\.0\.0\.1|0\.0\.0\.0)[:/]/i.test(u.v))) return undefined;
    const urlArg = call.a?.[wrapper.url - bound];
    // The body as written at this call: `fetchSSE(apiUrl, { body: JSON.stringify({ model, messages }) })` writes the
    // model request here, whoever hands in the URL.
    const initArg = wrapper.init === undefined ? undefined : call.a?.[wrapper.init - bound];
    const bodyArg = wrapper.body !== undefined ? call.a?.[wrapper.body - bound] : wrapper.initIsBody ? initArg : initArg?.k === 'obj' ? serialised(getKey(initArg.p, 'body')) : undefined;
    return {
      urls, bodies, sdk: wrapper.sdk,
      ...(wrapper.reads ? { reads: true } : {}),
      ...(wrapper.socket ? { socket: true } : {}),
      forwarded: urlArg !== undefined && fromParameters(facts, call.scope ?? 0, urlArg),
      fixedPath: urlArg !== undefined && endsInInferencePath(facts, call.scope ?? 0, urlArg),
      ownBody: bodyArg !== undefined && !fromParameters(facts, call.scope ?? 0, bodyArg),
    };
  }
  // A request helper too deep to follow (it rewrites the URL to pin its address, signs it, retries it, adds the
  // product's proxy settings): read by its name and its arguments, `pinned_post(url, json=payload)`, `this.fetch(url, init)`.
  if (values.some((v) => v.t === 'fn') && (HTTP_HELPER.test(lastCallee(call.callee)) || HTTP_SEND.test(lastCallee(call.callee)))) {
    const urlArg = call.a?.[0] ?? getKey(call.kw, 'url');
    return {
      urls: [...arg(0), ...arg('url')],
      bodies: [...arg('json'), ...arg('data'), ...arg('body'), ...ev.member(arg(1), 'body')],
      sdk: 'http',
      forwarded: urlArg !== undefined && fromParameters(facts, call.scope ?? 0, urlArg),
      fixedPath: urlArg !== undefined && endsInInferencePath(facts, call.scope ?? 0, urlArg),
    };
  }
  return undefined;
}

interface HttpWrapper {
  /** the parameter that becomes the URL */
  url: number;
  urlName?: string;
  /** the parameter that becomes the request options (fetch) or the body (clients) */
  init?: number;
  initName?: string;
  initIsBody: boolean;
  /** the parameter serialised as the body inside options the wrapper writes itself (`fetch(url, { body: JSON.stringify(body) })`) */
  body?: number;
  bodyName?: string;
  sdk: string;
  /** the URL as the wrapper builds it around the parameter (`API + path`, `f"{BASE}/{path}"`), where it does */
  template?: { file: string; scope: number; e: Expr };
  /** the wrapper writes a model request's body itself: it is the model call, its callers call a function */
  ownShaped?: boolean;
  /** its request is a GET: a model list, a key check, a status */
  reads?: boolean;
  /** it opens a socket rather than sending a request */
  socket?: boolean;
  /**
   * it writes the model request into another wrapper's options, for a URL its caller hands in: like a template
   * ending in an inference path, it is the model call, unless the caller points it at a vendor
   * (`callOpenAICompatible('https://api.moonshot.cn/v1')`), which makes the caller that vendor's adapter
   */
  writesRequest?: boolean;
  /**
   * the URL and the body are members of the options object the caller hands in (`send({ url, method, body })`,
   * `const { url } = config`): the request is read from that object at each call
   */
  urlMember?: string;
  bodyMember?: string;
}

const wrapperMemo = new WeakMap<Resolution, Map<string, HttpWrapper | null>>();

/** The request a caller writes into a helper's options object: `fetchResponse({ url, method: 'POST', body })`. */
function optionsRequest(ev: Resolution['evaluator'], facts: FileFacts, call: CallFact, wrapper: HttpWrapper, urlMember: string, options: Value[], bound: number): HttpRequest {
  const written = call.a?.[wrapper.url - bound];
  const field = (name: string | undefined): Expr | undefined => (name !== undefined && written?.k === 'obj' ? getKey(written.p, name) : undefined);
  const urlArg = field(urlMember);
  const bodyArg = field(wrapper.bodyMember);
  const methods = ev.member(options, 'method');
  const scope = call.scope ?? 0;
  return {
    urls: ev.member(options, urlMember),
    bodies: wrapper.bodyMember ? ev.member(options, wrapper.bodyMember) : [],
    sdk: wrapper.sdk,
    // No method and no body, or only GET: a read (a model list, a status).
    reads: methods.length === 0 ? bodyArg === undefined : methods.every((m) => m.t === 'str' && /^(get|head)$/i.test(m.v)),
    removes: removes(methods),
    forwarded: urlArg === undefined ? written !== undefined && fromParameters(facts, scope, written) : fromParameters(facts, scope, urlArg),
    fixedPath: urlArg !== undefined && endsInInferencePath(facts, scope, urlArg),
    ownBody: bodyArg !== undefined && !fromParameters(facts, scope, bodyArg),
  };
}

/** The URL a wrapper builds around what its caller passes: each part of its template, the parameter replaced by the caller's values. */
function composeAround(ev: Resolution['evaluator'], template: { file: string; scope: number; e: Expr }, param: string | undefined, passed: Value[]): Value[] {
  if (template.e.k !== 'str') return passed;
  return ev.concatenated(template.e.parts.map((part): Value[] => (typeof part === 'string' ? [{ t: 'str', v: part }] : part.k === 'name' && part.n === param ? passed : ev.values(template.file, template.scope, part))));
}

/**
 * Is this URL its caller's: built from the enclosing function's parameters, unless a parameter only fills a
 * segment of a path the function writes itself (`f"{API}/{voice_id}/stream"`), which makes the endpoint its own.
 */
function forwardedUrl(facts: FileFacts, scope: number, e: Expr): boolean {
  // `const { url } = config`: the URL arrives in the caller's options object.
  if (!fromParameters(facts, scope, e)) return parameterMember(e, facts.ir?.scopes[scope]?.params ?? [], facts.ir?.scopes[scope]?.vars ?? {}) !== undefined;
  // `api_url = self.API_URL`, then `if proxy: api_url = proxy`: the function writes its endpoint, a parameter only overrides it.
  const assigned = e.k === 'name' ? getKey(facts.ir?.scopes[scope]?.vars ?? {}, e.n) ?? [] : [];
  if (assigned.some((x) => parameterNames(x).length === 0 && !(x.k === 'lit' && x.v === null))) return false;
  const template = urlTemplate(e, facts.ir?.scopes[scope]?.vars ?? {});
  const params = facts.ir?.scopes[scope]?.params ?? [];
  if (template?.k !== 'str') return true;
  const used = params.filter((p) => template.parts.some((x) => typeof x !== 'string' && x.k === 'name' && x.n === p.n));
  return used.length === 0 || used.some((p) => !writesPathAfter(template, p.n));
}

/**
 * Is the part of the URL written here, before the first part a parameter supplies, an inference endpoint already
 * (`${baseUrl}/${model}`, `baseUrl` defaulting to `https://router.huggingface.co/hf-inference/models`)?
 */
function writesEndpointBefore(ev: Resolution['evaluator'], facts: FileFacts, scope: number, e: Expr): boolean {
  const params = facts.ir?.scopes[scope]?.params ?? [];
  const template = urlTemplate(e, facts.ir?.scopes[scope]?.vars ?? {});
  if (template?.k !== 'str') return false;
  const at = template.parts.findIndex((p) => typeof p !== 'string' && parameterNames(p).some((n) => params.some((q) => q.n === n)));
  if (at <= 0) return false;
  const prefix = ev.concatenated(template.parts.slice(0, at).map((p): Value[] => (typeof p === 'string' ? [{ t: 'str', v: p }] : ev.values(facts.path, scope, p))));
  return prefix.some((v) => v.t === 'str' && INFERENCE_PATH.test(v.v));
}

/**
 * Does the wrapper write the endpoint's path around the parameter, which then only fills an identifier
 * (`f"{API}/{voice_id}/stream"`, `` `${BASE}/text-to-speech/${voiceId}` ``)? Then the endpoint is its choice, not its caller's.
 */
function writesPathAfter(template: Expr, param: string | undefined): boolean {
  if (template.k !== 'str' || param === undefined) return false;
  const at = template.parts.findIndex((p) => typeof p !== 'string' && p.k === 'name' && p.n === param);
  // A parameter that starts the URL is its base, whatever path follows it.
  if (at < 0 || template.parts.slice(0, at).every((p) => p === '')) return false;
  const before = template.parts[at - 1];
  // A query value (`...?sid=${id}`) picks nothing about where the request goes.
  const inQuery = template.parts.slice(0, at).some((p) => typeof p === 'string' && p.includes('?'));
  return inQuery || template.parts.slice(at + 1).some((p) => typeof p === 'string' && /\/\w/.test(p)) || (typeof before === 'string' && /\/[a-z][\w-]*\/$/i.test(before));
}

/** The template a URL is written as where the request is made, or in the one local it is built into (`url = f"{base}{path}"`). */
function urlTemplate(e: Expr, locals: Record<string, Expr[]>): Expr | undefined {
  if (e.k === 'str') return e;
  if (e.k !== 'name') return undefined;
  const defs = getKey(locals, e.n) ?? [];
  return defs.length === 1 && defs[0]?.k === 'str' ? defs[0] : undefined;
}

/** A repository function that makes an HTTP request to a URL its caller passes: its parameters' roles. */
function httpWrapper(resolution: Resolution, file: string, scope: number, depth = 0): HttpWrapper | undefined {
  let memo = wrapperMemo.get(resolution);
  if (!memo) wrapperMemo.set(resolution, (memo = new Map()));
  const key = `${file}\u0000${scope}`;
  if (memo.has(key)) return memo.get(key) ?? undefined;
  memo.set(key, null);
  const facts = resolution.evaluator.program.files.get(file);
  const ir = facts?.ir;
  const params = ir?.scopes[scope]?.params ?? [];
  if (!facts || !ir || params.length === 0) return undefined;
  // A parameter directly, or through a local built from it (`const merged = { ...options, headers }`).
  const locals = ir.scopes[scope]?.vars ?? {};
  const paramIndex = (e: Expr | undefined): number => {
    const names = e ? parameterNames(e) : [];
    const through = names.flatMap((n) => (params.some((p) => p.n === n) ? [] : (getKey(locals, n) ?? []).flatMap(parameterNames)));
    return params.findIndex((p) => names.includes(p.n) || through.includes(p.n));
  };
  let found: HttpWrapper | undefined;
  for (const i of callsIn(resolution, file, scope)) {
    const call = facts.calls[i] as CallFact;
    if (found) break;
    const values = resolution.callee(file, i);
    const client = externalOrigins(values).find((o) => HTTP_MODULES.test(o.module) && HTTP_REQUEST_PATH.test(o.path));
    const isFetch = globalNames(values).some((n) => GLOBAL_FETCH.test(n)) || (client !== undefined && fetchLike(client));
    // `async def _connect(self, uri): return await websocket_connect(uri, ...)`: its callers open the socket.
    const socket = socketLibrary(values);
    if (socket) {
      const urlExpr = call.a?.[0] ?? getKey(call.kw, 'uri') ?? getKey(call.kw, 'url');
      const url = paramIndex(urlExpr);
      if (url < 0) return;
      found = { url, urlName: params[url]?.n, initIsBody: false, sdk: socket, socket: true };
      continue;
    }
    if (isFetch || client) {
      const urlExpr = (isFetch ? undefined : optionsUrl(facts, call)) ?? call.a?.[0] ?? getKey(call.kw, 'url');
      const options = requestOptions(call, isFetch);
      const url = paramIndex(urlExpr);
      if (url < 0) {
        const held = urlExpr && parameterMember(urlExpr, params, locals);
        if (!held) return;
        // `const { url } = config` then `fetch(url, { body: JSON.stringify(config.body) })`: the body travels beside the URL.
        const body = options.body ? parameterMember(options.body, params, locals) : undefined;
        found = { url: held.index, urlName: params[held.index]?.n, urlMember: held.member, bodyMember: body?.index === held.index ? body.member : 'body', initIsBody: false, sdk: client?.module ?? 'fetch' };
        continue;
      }
      const init = paramIndex(options.init);
      const body = isFetch ? paramIndex(options.body) : -1;
      const built = urlExpr && urlTemplate(urlExpr, locals);
      const template = built ? { template: { file, scope: call.scope ?? scope, e: built } } : {};
      const ownShaped = init < 0 && body < 0 && options.body !== undefined && bodyShaped(resolution.evaluator, resolution.evaluator.values(file, call.scope ?? scope, options.body));
      // `client.get(url)`, `fetch(url)` with no options: the wrapper only reads, whatever URL it is handed.
      const reads = isFetch ? options.init === undefined : /(^|\.)(get|head)$/.test(client?.path.replace(/\(\)/g, '') ?? '');
      found = {
        ...(reads ? { reads } : {}),
        url,
        urlName: params[url]?.n,
        ...(init >= 0 ? { init, initName: params[init]?.n } : {}),
        ...(body >= 0 ? { body, bodyName: params[body]?.n } : {}),
        initIsBody: !isFetch,
        sdk: client?.module ?? 'fetch',
        ...template,
        ...(ownShaped ? { ownShaped } : {}),
      };
      continue;
    }
    // A wrapper of a wrapper (`post()` calling `request()`), a few levels deep.
    if (depth >= 3) continue;
    for (const v of values) {
      if (v.t !== 'fn' || (v.f === file && v.s === scope)) continue;
      const inner = httpWrapper(resolution, v.f, v.s, depth + 1);
      if (!inner) continue;
      const urlExpr = call.a?.[inner.url] ?? (inner.urlName ? getKey(call.kw, inner.urlName) : undefined);
      const url = paramIndex(urlExpr);
      if (url < 0) continue;
      const built = urlExpr && urlTemplate(urlExpr, locals);
      const init = inner.init === undefined ? -1 : paramIndex(call.a?.[inner.init]);
      const body = inner.body === undefined ? -1 : paramIndex(call.a?.[inner.body] ?? (inner.bodyName ? getKey(call.kw, inner.bodyName) : undefined));
      // Writing the model request into the inner wrapper's options (`fetchSSE(url, { body: JSON.stringify({ model, messages }) })`)
      // makes this function the model call: its callers hand it a URL (see `writesRequest` for those that pick a vendor).
      const initArg = inner.init === undefined ? undefined : call.a?.[inner.init];
      const written = init < 0 && body < 0 ? (inner.initIsBody ? initArg : initArg?.k === 'obj' ? serialised(getKey(initArg.p, 'body')) : undefined) : undefined;
      const writesRequest = written !== undefined && bodyShaped(resolution.evaluator, resolution.evaluator.values(file, call.scope ?? scope, written));
      found = {
        url,
        urlName: params[url]?.n,
        ...(init >= 0 ? { init, initName: params[init]?.n } : {}),
        ...(body >= 0 ? { body, bodyName: params[body]?.n } : {}),
        initIsBody: inner.initIsBody,
        sdk: inner.sdk,
        ...(built ? { template: { file, scope: call.scope ?? scope, e: built } } : {}),
        ...(inner.ownShaped ? { ownShaped: true } : {}),
        ...(inner.reads ? { reads: true } : {}),
        ...(writesRequest ? { writesRequest: true } : {}),
        ...(inner.urlMember !== undefined ? { urlMember: inner.urlMember, bodyMember: inner.bodyMember } : {}),
      };
      break;
    }
  }
  memo.set(key, found ?? null);
  return found;
}

const scopeCallsMemo = new WeakMap<Resolution, Map<string, Map<number, number[]>>>();

/** Indices of the calls made in a scope or in scopes nested in it. */
export function callsIn(resolution: Resolution, file: string, scope: number): number[] {
  let perFile = scopeCallsMemo.get(resolution);
  if (!perFile) scopeCallsMemo.set(resolution, (perFile = new Map()));
  let byScope = perFile.get(file);
  if (!byScope) {
    byScope = new Map();
    const facts = resolution.evaluator.program.files.get(file);
    const scopes = facts?.ir?.scopes ?? [];
    facts?.calls.forEach((call, i) => {
      for (let cur = call.scope ?? 0; cur >= 0; cur = scopes[cur]?.parent ?? -1) {
        const list = byScope?.get(cur) ?? [];
        list.push(i);
        byScope?.set(cur, list);
      }
    });
    perFile.set(file, byScope);
  }
  return byScope.get(scope) ?? [];
}

/** The options argument of a request (`fetch(url, init)`, `post(url, json=...)`), and the body written in it, serialised or not. */
function requestOptions(call: CallFact, isFetch: boolean): { init: Expr | undefined; body: Expr | undefined } {
  const init = isFetch ? call.a?.[1] : getKey(call.kw, 'json') ?? getKey(call.kw, 'data') ?? call.a?.[1];
  const body = isFetch ? (init?.k === 'obj' ? getKey(init.p, 'body') : undefined) : init;
  return { init, body: serialised(body) };
}

/** `axios({ url, data })`, `requestUrl(options)` with `const options = { url, ... }`: the URL the options object holds. */
function optionsUrl(facts: FileFacts, call: CallFact): Expr | undefined {
  const first = call.a?.[0];
  const locals = facts.ir?.scopes[call.scope ?? 0]?.vars ?? {};
  const object = first?.k === 'obj' ? first : first?.k === 'name' ? (getKey(locals, first.n) ?? []).find((e) => e.k === 'obj') : undefined;
  return object?.k === 'obj' ? getKey(object.p, 'url') : undefined;
}

/** Is the request's body written where the request is made (a local or a literal), not a parameter handed in? */
function ownBody(facts: FileFacts, call: CallFact, isFetch: boolean): boolean {
  const { body } = requestOptions(call, isFetch);
  if (body === undefined) return false;
  // `{ messages, ...settings }` writes the request around the caller's settings: the keys that make it a model
  // request are written here, whatever the spread adds.
  const local = facts.ir?.scopes[call.scope ?? 0]?.vars ?? {};
  const literals = body.k === 'name' ? (getKey(local, body.n) ?? []) : [body];
  if (literals.some((e) => e.k === 'obj' && Object.keys(e.p).some((k) => k === 'model' || BODY_INPUT_KEYS.test(k)))) return true;
  return !fromParameters(facts, call.scope ?? 0, body);
}

/** `fetch(url)`, `fetch(url, { headers })`, `fetch(url, { method: 'GET' })`: a read, when every option object says so. */
function fetchReads(ev: Resolution['evaluator'], init: Value[] | undefined): boolean {
  if (init === undefined) return true;
  return init.length > 0 && init.every((o) => {
    if (o.t !== 'obj') return false;
    const method = ev.member([o], 'method');
    const body = ev.member([o], 'body');
    return body.length === 0 && method.every((m) => m.t === 'str' && /^(get|head)$/i.test(m.v));
  });
}

/** Every method the request may use is DELETE: it removes something (a file, a stored response, a fine-tune job) and asks no model. */
function removes(methods: readonly Value[]): boolean {
  return methods.length > 0 && methods.every((m) => m.t === 'str' && /^delete$/i.test(m.v));
}

/** Does this URL expression (or the local it names) end in a literal inference path: `base.rstrip('/') + '/chat/completions'`? */
function endsInInferencePath(facts: FileFacts, scope: number, e: Expr, depth = 0): boolean {
  if (e.k === 'str') {
    const last = e.parts[e.parts.length - 1];
    // Ollama's `/api/chat` reads like any product's own route: it counts in a module named for Ollama.
    return typeof last === 'string' && (INFERENCE_PATH.test(last) || (OLLAMA_PATH.test(last) && /ollama/i.test(facts.path)));
  }
  if (e.k === 'name' && depth < 2) return (getKey(facts.ir?.scopes[scope]?.vars ?? {}, e.n) ?? []).some((x) => endsInInferencePath(facts, scope, x, depth + 1));
  return false;
}

/** What a body serialises: `JSON.stringify(x)`, `json.dumps(x)`, or `x` itself. */
function serialised(e: Expr | undefined): Expr | undefined {
  if (e?.k === 'call' && e.f.k === 'get' && /^(stringify|dumps)$/.test(e.f.p) && e.a[0]) return e.a[0];
  return e;
}

/** Names an expression is built from directly: `url`, `base + path`, `` `${base}/x` ``, `url or default`. */
function parameterNames(e: Expr): string[] {
  if (e.k === 'name') return [e.n];
  // The same URL in another form: `target.toString()`, `url.href`, `String(url)`, `new URL(input)`.
  if (e.k === 'call' && e.f.k === 'get' && /^(toString|toJSON)$/.test(e.f.p)) return parameterNames(e.f.o);
  if (e.k === 'get' && e.p === 'href') return parameterNames(e.o);
  if (e.k === 'call' && e.f.k === 'name' && /^(String|URL)$/.test(e.f.n) && e.a.length === 1 && e.a[0]) return parameterNames(e.a[0]);
  // Rewritten by a helper of the module (`target, headers = _pinned(url)`): still the caller's URL.
  if (e.k === 'idx' && e.o.k === 'call' && e.o.f.k === 'name') return e.o.a.flatMap(parameterNames);
  // Options copied before they are sent: `{ ...init }`, `{ ...options, headers }`.
  if (e.k === 'obj') return (e.spread ?? []).flatMap(parameterNames);
  if (e.k === 'str') return e.parts.flatMap((p) => (typeof p === 'string' ? [] : parameterNames(p)));
  if (e.k === 'or') return e.of.flatMap(parameterNames);
  return [];
}

/** `config.url`, or a local read from it (`const { url } = config`): the parameter an options object arrives in, and the member read. */
function parameterMember(e: Expr, params: readonly { n: string }[], locals: Record<string, Expr[]>, depth = 0): { index: number; member: string } | undefined {
  if (e.k === 'get' && e.o.k === 'name') {
    // `self.api_url` is the adapter's own setting, not something its caller hands in.
    const index = params.findIndex((p) => p.n === (e.o as { n: string }).n && p.n !== 'self' && p.n !== 'cls');
    return index >= 0 ? { index, member: e.p } : undefined;
  }
  if (depth > 2) return undefined;
  if (e.k === 'or') return e.of.map((x) => parameterMember(x, params, locals, depth + 1)).find((x) => x !== undefined);
  if (e.k === 'call' && e.a.length === 1 && e.a[0] && e.f.k === 'get' && e.f.p === 'stringify') return parameterMember(e.a[0], params, locals, depth + 1);
  if (e.k === 'name' && !params.some((p) => p.n === e.n)) return (getKey(locals, e.n) ?? []).map((x) => parameterMember(x, params, locals, depth + 1)).find((x) => x !== undefined);
  return undefined;
}

/** Is this URL built from the enclosing function's parameters (so the caller decides where it goes)? */
function fromParameters(facts: FileFacts, scope: number, e: Expr): boolean {
  const params = facts.ir?.scopes[scope]?.params ?? [];
  if (params.length === 0) return false;
  const names = parameterNames(e);
  if (names.length === 0) return false;
  const local = facts.ir?.scopes[scope]?.vars ?? {};
  // A local variable built from parameters counts too (`const url = base + path`).
  const isParam = (n: string, depth: number): boolean => params.some((p) => p.n === n) || (depth < 3 && (getKey(local, n) ?? []).some((x) => parameterNames(x).some((m) => isParam(m, depth + 1))));
  return names.some((n) => isParam(n, 0));
}

/** Is any of these bodies (objects, or what `JSON.stringify` was given) a model request? */
function bodyShaped(ev: Resolution['evaluator'], bodies: readonly Value[]): boolean {
  for (const b of bodies) {
    if (b.t !== 'obj') continue;
    const keys = Object.keys(b.e.p);
    if (keys.includes('model') && keys.some((k) => BODY_INPUT_KEYS.test(k))) return true;
    // Speech vendors name the model `model_id` and read `text` (`{ text, model_id }`, `{ text, voiceId, modelId }`).
    if (keys.some((k) => /^(model|model_id|modelId)$/.test(k)) && keys.some((k) => k === 'text' || BODY_INPUT_KEYS.test(k))) return true;
    if (keys.includes('contents') || (keys.includes('messages') && keys.includes('max_tokens'))) return true;
    // A rerank request (Cohere, Jina, Voyage, a TEI or vLLM server): a model, a query and what it ranks.
    if (keys.includes('model') && keys.includes('query') && keys.some((k) => RERANK_ITEMS.test(k))) return true;
    // A cross-encoder's score request (vLLM's and TEI's `/score`): a model and the two texts it compares.
    if (keys.includes('model') && keys.includes('text_1') && keys.includes('text_2')) return true;
    if (huggingFaceShaped([b]) || azureMlShaped([b])) return true;
    // `{ ...base, messages }`: spread entries may hold the model.
    // Only a spread that is seen to hold one: `{ prompt, **json.loads(reply) }` says nothing of a model.
    if (keys.some((k) => BODY_INPUT_KEYS.test(k)) && (b.e.spread ?? []).length > 0 && ev.member([b], 'model').some((v) => v.t === 'str' || v.t === 'env')) return true;
  }
  return false;
}

/** Hugging Face's inference API (Inference Endpoints, text-generation-inference): `{ inputs, parameters }`. */
function huggingFaceShaped(bodies: readonly Value[]): boolean {
  return bodies.some((b) => b.t === 'obj' && Object.hasOwn(b.e.p, 'inputs') && Object.hasOwn(b.e.p, 'parameters'));
}

/** Azure Machine Learning's scoring endpoints for hosted models: `{ input_data: { input_string, parameters } }`. */
function azureMlShaped(bodies: readonly Value[]): boolean {
  return bodies.some((b) => b.t === 'obj' && Object.hasOwn(b.e.p, 'input_data'));
}

function joinUrl(base: string, path: string): string {
  if (path === '') return base;
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\.?\/+/, '')}`;
}

function isRelative(url: string): boolean {
  return /^(\/|\.\.?\/|\?)/.test(url) || (!url.includes('://') && !url.startsWith('\u0000'));
}

/** The vendor of a request: its host, else the variable that holds its base, else the shape of its path. */
function providerOfRequest(url: string, env: string | undefined): ProviderId | undefined {
  const known = providerOfUrl(url);
  if (known) return known;
  // AUTOMATIC1111's Stable Diffusion web UI, run by the product's users or operators on whatever host they pick.
  if (/\/sdapi\/v1\//.test(url)) return 'other:stable-diffusion-webui';
  const host = /^[a-z]+:\/\/([^/?#\u0000]+)(?=[/?#]|$)/i.exec(url)?.[1];
  if (host && !url.startsWith(`${url.slice(0, url.indexOf('://') + 3)}\u0000`)) return `other:${host.toLowerCase()}`;
  const byEnv = env ? providerOfEnvVar(env) ?? providerOfName(env.replace(/_?(BASE_?URL|API_BASE|ENDPOINT|HOST|URL)$/i, '')) : undefined;
  if (byEnv) return byEnv;
  if (/\/v1\/messages\b/.test(url)) return 'anthropic';
  if (/:(stream)?[gG]enerateContent|:embedContent/.test(url)) return 'google-gemini';
  if (/\/api\/(chat|generate|embed)/.test(url)) return 'ollama';
  if (/\/stable-image\//.test(url)) return 'other:stability';
  const platform = AGENT_PLATFORM_PATHS.find((p) => p.path.test(url));
  if (platform) return platform.provider;
  return undefined;
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
