import { ENDPOINT_HOSTS, PROVIDER_SDKS } from './providers.ts';
import { EVAL_TOOLS, OBSERVABILITY_TOOLS, VECTOR_STORES } from './tools.ts';

// The words that decide whether a file gets a full parse. They must cover every detector's trigger:
// provider names, SDK and framework module names (a file doing `import litellm` names no provider),
// gateway and tool names, and endpoint hosts. A file without any of them yields only its imports.
const EXTRA_WORDS = [
  'openai', 'anthropic', 'claude', 'gemini', 'genai', 'generativelanguage', 'vertexai', 'aiplatform', 'bedrock', 'cohere',
  'mistral', 'groq', 'together', 'fireworks', 'replicate', 'huggingface', 'perplexity', 'deepseek', 'xai', 'grok', 'openrouter',
  'ollama', 'litellm', 'langchain', 'llama_index', 'llamaindex', '@ai-sdk', 'generateText', 'streamText', 'generateObject',
  'streamObject', 'embedMany', 'portkey', 'helicone', 'instructor', 'pydantic_ai', 'pydantic_deep', 'dspy', 'crewai', 'haystack', 'autogen',
  'semantic_kernel', 'mastra', 'voyage', 'morph', 'completions', 'embeddings', 'messages.create', 'messages.stream',
  'generate_content', 'generateContent', 'invoke_model', 'InvokeModel', 'Converse', '.invoke(', '.ainvoke(', 'gpt-',
  // inline prompts are kept as facts too, and often live in files that name no SDK
  // (the narrow forms: a bare `prompt` occurs in every CLI and form library)
  'PROMPT', 'Prompt =', 'prompt =', 'prompt:', 'INSTRUCTIONS', 'instructions =', "'system'", '"system"',
  // tracing switched on by environment variables, and health routes
  'LANGCHAIN_', 'LANGSMITH_', '/health', '/heartbeat', '/ready', '/livez', '/ping', "'/status'", '"/status"',
  // vector columns declared in ORM code, and similarity queries run as SQL (pgvector through an RPC or an ORM)
  'vector(', 'Vector(', 'VectorField', 'VectorParams', '.rpc(', 'cosine_distance', 'l2_distance', 'cosineDistance', 'l2Distance',
  '$vectorSearch', 'knn', 'VectorField',
  // vector-store import names that differ from their package names (`faiss-cpu`, `weaviate-client`)
  // local model servers reached by URL alone (Ollama's port), and sockets, which realtime and speech sessions open
  ':11434', 'wss://',
  // the VS Code Language Model API; boto3, whose Bedrock client may be built from a service name held elsewhere
  'selectChatModels', 'LanguageModelChat', 'boto3', 'aiobotocore',
  // embedding models run in-process
  'xenova', '@huggingface/transformers', 'sentence_transformers', 'fastembed',
  'faiss', 'weaviate', 'qdrant', 'pymilvus', 'lancedb', 'chromadb', 'upstash', 'astrapy', 'opensearch', 'vectorstores',
  'vector_search', 'vectorsearch', 'matching_engine', 's3vectors', 'query_vectors', 'vectorize.indexes',
  // usage and cost tracking the product wrote itself (HOME_GROWN_TRACKING reads its definitions, which a light parse does not keep)
  'record_llm', 'log_llm', 'track_llm', 'llm_call', 'model_call', 'recordLlm', 'logLlm', 'token_usage', 'tokenUsage', 'TokenUsage',
  'usage_tracker', 'UsageTracker', 'cost_tracker', 'CostTracker', 'track_usage', 'track_cost', 'trackUsage', 'trackCost',
  // a crash reporter the product wrote itself (`record_crash`, `reportException`)
  'crash', 'Crash', 'captureException', 'capture_exception', 'reportException', 'report_exception', 'trackException', 'track_exception',
  // libraries that call a model on the caller's behalf
  '@visactor/vmind',
  // inference paths a raw request names without any vendor word (a local embedding or reranking server)
  '/embedding', '/rerank', ':predict', '/v1/messages', '/audio/', '/images/generations', '/predictions', '/inference', '/text-to-speech', '/speech-to-text', '/sdapi/v1/',
  // agent and workflow platforms' conversation endpoints (Dify, Coze, Langflow, Flowise), reached by plain HTTP
  'chat-messages', 'completion-messages', 'workflows/run', '/v3/chat', '/api/v1/run/', '/api/v1/prediction/',
];
// Deliberately absent: `model`, `llm`, `agent` — they occur in most files of an AI product and would
// make the filter pass everything.

function moduleWords(): string[] {
  const words = new Set<string>(EXTRA_WORDS);
  // A module every file of its kind imports (boto3, vscode) is no sign of a model call: its own words are listed above.
  // A short package root (`oci`) is a syllable of ordinary words (`velocity`): the whole module name stands in for it.
  for (const sdk of PROVIDER_SDKS) {
    if (sdk.importIsNotUsage) continue;
    for (const m of sdk.modules) {
      const root = m.split(/[./]/).filter(Boolean)[0] ?? m;
      words.add(root.length >= 4 ? root : m);
    }
  }
  for (const tool of [...EVAL_TOOLS, ...OBSERVABILITY_TOOLS, ...VECTOR_STORES]) {
    for (const p of tool.packages) words.add(p.replace(/^@/, '').split('/')[0] ?? p);
  }
  // A request to a vendor's host names no SDK (`aiohttp` to `api.cartesia.ai`): the host is the word.
  for (const { host } of ENDPOINT_HOSTS) for (const w of hostWords(host)) words.add(w);
  return [...words].filter((w) => w.length >= 3);
}

// Domains that serve far more than models: a file naming one is no sign of a model call.
const PLATFORM_DOMAINS = new Set(['google.com', 'amazonaws.com', 'aliyun.com', 'aliyuncs.com', 'microsoft.com']);

/** The literal domain names a host pattern spells (`(^|\.)api\.cartesia\.ai$` -> `api.cartesia.ai`); local addresses name nothing. */
export function hostWords(host: RegExp): string[] {
  return host.source
    .replace(/\\\./g, '.')
    .split(/[()|^$?*+[\]{}\\]/)
    .map((w) => w.replace(/^[.-]+|[.-]+$/g, ''))
    .filter((w) => w.includes('.') && w.length >= 6 && !/^[\d.]+$/.test(w) && !PLATFORM_DOMAINS.has(w));
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A model request written as a dict or JSON body, whatever URL it goes to (an endpoint the user configures):
 * a quoted `"model"` key with a quoted input key (`"messages"`, `"input"`, `"prompt"`, `"contents"`) close by.
 * Quoted keys only: a TypeScript interface's `model: string; messages: Message[]` is no request.
 */
const REQUEST_BODY = String.raw`["']model["']\s*:(?=[^]{0,300}?["'](?:messages|input|inputs|prompt|contents)["']\s*:)|["'](?:messages|input|prompt|contents)["']\s*:(?=[^]{0,300}?["']model["']\s*:)`;

/** A rerank or score request as a dict or JSON body: a quoted `"query"` key with a model and what it ranks close by, in any order; or the two texts a cross-encoder scores. */
const NEAR = (key: string) => String.raw`(?:(?=[^]{0,300}?["']${key}["']\s*:)|(?<=["']${key}["']\s*:[^]{0,300}))`;
const RERANK_BODY = String.raw`["']query["']\s*:${NEAR('(?:documents|passages|texts|sentences|candidates)')}${NEAR('model')}|["']text_1["']\s*:${NEAR('text_2')}${NEAR('model')}`;

const WORDS = moduleWords();

// One alternation regex: V8 compiles it to a fast matcher; measured at hundreds of MB/s.
export const PREFILTER_RE = prefilterWithout(new Set());

function prefilterWithout(own: ReadonlySet<string>): RegExp {
  return new RegExp(`${WORDS.filter((w) => !own.has(w)).map(escape).join('|')}|${REQUEST_BODY}|${RERANK_BODY}`);
}

/**
 * The pre-filter for one repository. A package's own name is no trigger inside it: in a framework's
 * repository (`crewai`, `@langchain/*`) nearly every file imports its siblings by that name, and a file that
 * makes a model call names a provider, an endpoint or a request body as well. `words` lists what was left
 * out, so a cache can tell the two filters apart.
 */
export function prefilterFor(packageNames: readonly string[]): { test: (text: string) => boolean; words: string[] } {
  const own = new Set<string>();
  for (const name of packageNames) {
    const lower = name.toLowerCase();
    const scope = /^@([^/]+)\//.exec(lower)?.[1];
    for (const w of scope ? [scope, `@${scope}`] : [lower, lower.replace(/-/g, '_')]) if (WORDS.includes(w)) own.add(w);
  }
  const re = own.size === 0 ? PREFILTER_RE : prefilterWithout(own);
  return { test: (text) => re.test(text), words: [...own].sort() };
}

export function needsFullParse(text: string): boolean {
  return PREFILTER_RE.test(text);
}
