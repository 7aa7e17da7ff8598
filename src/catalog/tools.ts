// Tools around model calls: evaluation harnesses, LLM observability, vector stores.
// `packages` are manifest names (npm and normalised PyPI), `modules` import names, `files` path patterns.

export interface Tool {
  id: string;
  packages: string[];
  modules: RegExp;
  files?: RegExp;
}

export const EVAL_TOOLS: Tool[] = [
  { id: 'promptfoo', packages: ['promptfoo'], modules: /^promptfoo$/, files: /(^|\/)promptfooconfig\.(ya?ml|json|js|ts)$|(^|\/)\.promptfoo\// },
  { id: 'deepeval', packages: ['deepeval'], modules: /^deepeval(\.|$)/ },
  { id: 'ragas', packages: ['ragas'], modules: /^ragas(\.|$)/ },
  { id: 'braintrust', packages: ['braintrust', 'autoevals'], modules: /^(braintrust|autoevals)(\.|$)/, files: /\.eval\.(ts|js|py)$/ },
  { id: 'openai-evals', packages: ['evals'], modules: /^evals(\.|$)/ },
  { id: 'inspect-ai', packages: ['inspect-ai'], modules: /^inspect_ai(\.|$)/ },
  { id: 'trulens', packages: ['trulens', 'trulens-eval'], modules: /^trulens(_eval)?(\.|$)/ },
  { id: 'lm-eval-harness', packages: ['lm-eval'], modules: /^lm_eval(\.|$)/ },
  { id: 'langsmith-evaluate', packages: [], modules: /^langsmith(\.evaluation)?$/ },
  { id: 'evalite', packages: ['evalite'], modules: /^evalite$/ },
  { id: 'phoenix-evals', packages: ['arize-phoenix-evals', '@arizeai/phoenix-evals'], modules: /^(phoenix\.evals|@arizeai\/phoenix-evals)/ },
  { id: 'opik', packages: ['opik'], modules: /^opik\.evaluation/ },
];

/** A home-grown harness: an evals/ folder holding code or datasets. */
export const EVAL_DIR = /(^|\/)(evals?|evaluations?|benchmarks?|llm[-_]evals?)\//i;
/** Golden datasets kept beside an evals/ folder's code (JSON Lines; YAML and JSON there are mostly configuration). */
export const EVAL_DATASET = /\.jsonl$/i;

export const OBSERVABILITY_TOOLS: Tool[] = [
  { id: 'langfuse', packages: ['langfuse', '@langfuse/tracing', '@langfuse/otel', '@langfuse/openai', 'langfuse-langchain', 'langfuse-vercel'], modules: /^(langfuse|@langfuse\/|langfuse-)/ },
  { id: 'langsmith', packages: ['langsmith'], modules: /^langsmith(\/|\.|$)/ },
  { id: 'helicone', packages: ['@helicone/helpers', 'helicone'], modules: /^(@helicone\/|helicone(\.|$))/ },
  { id: 'traceloop', packages: ['traceloop-sdk', '@traceloop/node-server-sdk'], modules: /^(traceloop(\.|$)|@traceloop\/)/ },
  { id: 'openinference', packages: [], modules: /^(openinference(\.|$)|@arizeai\/openinference)/ },
  { id: 'phoenix', packages: ['arize-phoenix', 'arize-phoenix-otel'], modules: /^phoenix(\.otel|\.trace)?$/ },
  { id: 'weave', packages: ['weave'], modules: /^weave$/ },
  { id: 'lunary', packages: ['lunary'], modules: /^lunary(\.|$)/ },
  { id: 'parea', packages: ['parea-ai'], modules: /^parea(\.|$)/ },
  { id: 'braintrust-tracing', packages: [], modules: /^braintrust$/ },
  { id: 'opik', packages: ['opik'], modules: /^opik$/ },
  { id: 'posthog-llm', packages: ['@posthog/ai'], modules: /^(@posthog\/ai|posthog\.ai)/ },
  { id: 'opentelemetry-genai', packages: ['opentelemetry-instrumentation-openai', '@opentelemetry/instrumentation-openai', 'opentelemetry-instrumentation-anthropic'], modules: /^(opentelemetry\.instrumentation\.(openai|anthropic|bedrock|langchain)|@opentelemetry\/instrumentation-openai)/ },
  { id: 'datadog-llmobs', packages: [], modules: /^ddtrace\.llmobs/ },
  { id: 'agentops', packages: ['agentops'], modules: /^agentops$/ },
  { id: 'logfire', packages: ['logfire'], modules: /^logfire$/ },
];

/** Proxies that log every request when a client's base URL points at them. */
export const OBSERVABILITY_HOSTS: { host: RegExp; tool: string }[] = [
  { host: /(^|\.)helicone\.ai$/, tool: 'helicone' },
  { host: /(^|\.)portkey\.ai$/, tool: 'portkey' },
];

export const VECTOR_STORES: Tool[] = [
  { id: 'pinecone', packages: ['@pinecone-database/pinecone', 'pinecone', 'pinecone-client'], modules: /^(@pinecone-database\/pinecone|pinecone)(\.|$)/ },
  { id: 'weaviate', packages: ['weaviate-client', 'weaviate-ts-client'], modules: /^(weaviate|weaviate-client|weaviate-ts-client)(\.|$)/ },
  { id: 'qdrant', packages: ['qdrant-client', '@qdrant/js-client-rest'], modules: /^(qdrant_client|@qdrant\/)/ },
  { id: 'chroma', packages: ['chromadb'], modules: /^chromadb(\.|$)/ },
  { id: 'milvus', packages: ['pymilvus', '@zilliz/milvus2-sdk-node'], modules: /^(pymilvus|@zilliz\/milvus)/ },
  { id: 'pgvector', packages: ['pgvector'], modules: /^pgvector(\.|$)/ },
  { id: 'lancedb', packages: ['lancedb', '@lancedb/lancedb', 'vectordb'], modules: /^(lancedb|@lancedb\/|vectordb$)/ },
  { id: 'faiss', packages: ['faiss-cpu', 'faiss-gpu'], modules: /^faiss$/ },
  { id: 'turbopuffer', packages: ['turbopuffer', '@turbopuffer/turbopuffer'], modules: /^(turbopuffer|@turbopuffer\/)/ },
  { id: 'upstash-vector', packages: ['@upstash/vector', 'upstash-vector'], modules: /^(@upstash\/vector|upstash_vector)/ },
  { id: 'astra-db', packages: ['astrapy', '@datastax/astra-db-ts'], modules: /^(astrapy|@datastax\/astra-db-ts)/ },
  { id: 'elasticsearch', packages: [], modules: /^langchain_elasticsearch|^@langchain\/community\/vectorstores\/elasticsearch/ },
  { id: 'opensearch', packages: [], modules: /^@langchain\/community\/vectorstores\/opensearch/ },
  { id: 'mongodb', packages: [], modules: /^(langchain_mongodb|@langchain\/mongodb)/ },
  { id: 'redis', packages: ['redisvl'], modules: /^(redisvl|langchain_redis|@langchain\/redis)/ },
  { id: 'azure-ai-search', packages: ['azure-search-documents', '@azure/search-documents'], modules: /^(azure\.search\.documents|@azure\/search-documents)/ },
  { id: 'supabase', packages: [], modules: /^@langchain\/community\/vectorstores\/supabase/ },
];

/**
 * Tracing wrappers that return the client they are given with the same API (LangSmith and Braintrust
 * `wrap_openai`/`wrapOpenAI`, Langfuse `observeOpenAI`, Opik `track_openai`): a value built with one
 * of them traces to its first argument.
 */
export const CLIENT_WRAPPERS = /^(wrap_openai|wrap_anthropic|wrap_gemini|wrapOpenAI|wrapAnthropic|wrapGemini|wrapSDK|wrap_sdk|observeOpenAI|observe_openai|track_openai|track_anthropic|track_genai)$/;
