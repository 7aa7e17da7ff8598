// Tools around model calls: evaluation harnesses, LLM observability, vector stores.
// `packages` are manifest names (npm and normalised PyPI), `modules` import names, `files` path patterns.

export interface Tool {
  id: string;
  packages: string[];
  modules: RegExp;
  files?: RegExp;
  /** a CI command or action (`uses:`) that runs it: `npx promptfoo eval`, `deepeval test run`, `promptfoo/promptfoo-action@v1` */
  ci?: RegExp;
}

export const EVAL_TOOLS: Tool[] = [
  { id: 'promptfoo', packages: ['promptfoo'], modules: /^promptfoo$/, files: /(^|\/)promptfooconfig\.(ya?ml|json|js|ts)$|(^|\/)\.promptfoo\//, ci: /(?<![\w.-])promptfoo(?![\w.-])/ },
  { id: 'deepeval', packages: ['deepeval'], modules: /^deepeval(\.|$)/, ci: /(?<![\w.-])deepeval\s+test\b/ },
  { id: 'ragas', packages: ['ragas'], modules: /^ragas(\.|$)/ },
  { id: 'braintrust', packages: ['braintrust', 'autoevals'], modules: /^(braintrust|autoevals)(\.|$)/, files: /\.eval\.(ts|js|py)$/, ci: /(?<![\w.-])braintrust\s+eval\b|^braintrustdata\/eval-action@/ },
  { id: 'openai-evals', packages: ['evals'], modules: /^evals(\.|$)/, ci: /(?<![\w.-])oaieval(set)?(?![\w.-])/ },
  { id: 'inspect-ai', packages: ['inspect-ai'], modules: /^inspect_ai(\.|$)/, ci: /(?<![\w.-])inspect\s+eval(-set)?\b/ },
  { id: 'trulens', packages: ['trulens', 'trulens-eval'], modules: /^trulens(_eval)?(\.|$)/ },
  { id: 'lm-eval-harness', packages: ['lm-eval'], modules: /^lm_eval(\.|$)/, ci: /(?<![\w.-])lm[-_]eval(?![\w.-])/ },
  { id: 'langsmith-evaluate', packages: [], modules: /^langsmith(\.evaluation)?$/ },
  { id: 'evalite', packages: ['evalite'], modules: /^evalite$/, ci: /(?<![\w.-])evalite(?![\w.-])/ },
  { id: 'phoenix-evals', packages: ['arize-phoenix-evals', '@arizeai/phoenix-evals'], modules: /^(phoenix\.evals|@arizeai\/phoenix-evals)/ },
  { id: 'opik', packages: ['opik'], modules: /^opik\.evaluation/ },
];

/** A home-grown harness: an evals/ folder (or `llm-evals/`, `product_evals/`, an LLM-as-judge `llm_judge/`) holding code or datasets. */
export const EVAL_DIR = /(^|\/)(evals?|evaluations?|benchmarks?|[\w-]+[-_](evals?|evaluations?|benchmarks?)|([\w-]+[-_])?llm[-_]?judges?)\//i;
/** An eval script outside such a folder, named for what it does (`tests/ci/evaluate_tasks.py`, `report_benchmark.py`, `evaluate.py` at the root). */
export const EVAL_SCRIPT = /(^|\/)((evals?|evaluate|evaluation|benchmark)[_-][\w-]+|[\w-]+[_-](evals?|evaluation|benchmark))\.(py|[cm]?[jt]s)$|^(evals?|evaluate|evaluation|benchmarks?)\.(py|[cm]?[jt]s)$/i;
/** An eval script CI runs by its path (`python .github/scripts/eval_run.py`): named for evals, not for benchmarks, which also time things. */
export const CI_EVAL_SCRIPT = /(^|\/)((evals?|evaluate|evaluation)([_-][\w-]+)?|[\w-]+[_-](evals?|evaluation))\.(py|[cm]?[jt]s)$/i;
/**
 * A test named as an eval (`test_retrieval_eval.py`, `answers.eval.test.ts`) or as a model-graded one
 * (`test_agent_llm_judge.py`): a metric with a floor, run by the test runner.
 */
export const EVAL_TEST_FILE = /(^|\/)(test_([\w-]+_)?(evals?|evaluation|judge)(_[\w-]+)?\.py|([\w-]+_)?(evals?|evaluation|judge)(_[\w-]+)?_test\.py|[\w.-]+\.(evals?|judge)\.(test|spec)\.[cm]?[jt]sx?)$/i;
/** Golden datasets kept beside an evals/ folder's code (JSON Lines; YAML and JSON there are mostly configuration). */
export const EVAL_DATASET = /\.jsonl$/i;
/** Project scripts and task-runner targets that run evals: `npm run eval`, `make evals`, `pnpm test:evals`, `nox -s evals`. */
export const EVAL_SCRIPT_NAME = /^(evals?|evaluate|evaluations?)([:_.-][\w:.-]*)?$|^[\w-]+[:_-](evals?|evaluate|evaluations?)$/;

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
  { id: 'laminar', packages: ['lmnr', '@lmnr-ai/lmnr'], modules: /^(lmnr|@lmnr-ai\/lmnr)(\.|$)/ },
  // W&B's LLM traces (Prompts); `wandb` alone is experiment tracking.
  { id: 'wandb-traces', packages: [], modules: /^wandb\.(sdk\.data_types\.trace_tree|integration\.(openai|langchain|cohere))$/ },
];

/** Proxies that log every request when a client's base URL points at them. */
export const OBSERVABILITY_HOSTS: { host: RegExp; tool: string }[] = [
  { host: /(^|\.)(helicone\.ai|hconeai\.com)$/, tool: 'helicone' },
  { host: /(^|\.)portkey\.ai$/, tool: 'portkey' },
  // The gateways of the platforms the product runs on: each request is logged with its tokens, cost and latency.
  { host: /^gateway\.ai\.cloudflare\.com$/, tool: 'cloudflare-ai-gateway' },
  { host: /^ai-gateway\.vercel\.sh$/, tool: 'vercel-ai-gateway' },
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
  { id: 'supabase', packages: ['vecs'], modules: /^(@langchain\/community\/vectorstores\/supabase|vecs(\.|$))/ },
  { id: 'vertex-ai-vector-search', packages: [], modules: /^google\.cloud\.aiplatform\.matching_engine|^langchain_google_vertexai\.vectorstores/ },
  { id: 'databricks', packages: ['databricks-vectorsearch'], modules: /^(databricks\.vector_search|databricks\.sdk\.service\.vectorsearch)(\.|$)/ },
  { id: 'cassandra', packages: ['cassio'], modules: /^(cassio|langchain_astradb)(\.|$)/ },
];

/**
 * Tracing wrappers that return the client they are given with the same API (LangSmith and Braintrust
 * `wrap_openai`/`wrapOpenAI`, Langfuse `observeOpenAI`, Opik `track_openai`): a value built with one
 * of them traces to its first argument.
 */
export const CLIENT_WRAPPERS = /^(wrap_openai|wrap_anthropic|wrap_gemini|wrapOpenAI|wrapAnthropic|wrapGemini|wrapSDK|wrap_sdk|observeOpenAI|observe_openai|track_openai|track_anthropic|track_genai)$/;

/**
 * Calls that switch tracing on for every model call of the process: auto-instrumentation
 * (`Laminar.initialize`, `Traceloop.init`, `openlit.init`, `logfire.instrument_openai`, `OpenAIInstrumentor().instrument`,
 * `weave.init`, `registerOTel`), or LiteLLM/LangChain callback registration.
 */
export const GLOBAL_TRACING_CALLS = /(^|\.)(LLMObs\.enable|Laminar\.initialize|Traceloop\.init|traceloop\.init|openlit\.init|instrument_openai|instrument_anthropic|instrument_litellm|instrument_pydantic_ai|instrument_httpx|Instrumentor\(\)\.instrument|weave\.init|registerOTel|register_otel|set_global_handler|LangfuseSpanProcessor|enable_tracing|agentops\.init|lunary\.monitor|monitor|configure_openai_tracing)$/;

/** Environment switches that turn framework tracing on without code: LangSmith for LangChain. */
export const TRACING_ENV_SWITCHES = /^(LANGCHAIN_TRACING_V2|LANGSMITH_TRACING|LANGCHAIN_TRACING|LANGSMITH_TRACING_V2|OTEL_EXPORTER_OTLP_ENDPOINT|LANGFUSE_TRACING_ENABLED)$/;

/** Calls that instrument a client in place (Parea `wrap_openai_client`) or return a traced one (CLIENT_WRAPPERS). */
export const TRACING_WRAPPER_CALLS = new RegExp(`^(wrap_openai_client|wrap_anthropic_client|instrument_client)$|${CLIENT_WRAPPERS.source}`);

/** Keys that attach a tracer to one call: AI SDK telemetry, LangChain callbacks, LiteLLM metadata for callbacks. */
export const TRACING_CALL_KEYS = /^(experimental_telemetry|telemetry|langfuse_prompt|trace_id|traceId)$/;
/** LangChain's callback options: a tracer's handler, or just as often a token streamer; a trace only where a tracing tool is imported. */
export const CALLBACK_KEYS = /^(callbacks|callback_manager)$/;

/** A home-grown tracker of tokens, latency or cost: a function or class named for it. */
export const HOME_GROWN_TRACKING = /(llm|model|completion|prompt|inference)_?(request|call|completion|response)_?(log|record|entry)|(record|log|track|save|store)_?(llm|model|ai)_?(call|request|invocation|usage)s?|(track|log|record|report|count|calc|calculate|estimate|compute)_?(llm_?|model_?|openai_?|token_?|tokens_?)?(usage|cost|costs|tokens|latency|spend)|(usage|cost|token|spend)_?(tracker|tracking|logger|callback|meter|counter)|(Usage|Cost|Token|Spend)(Tracker|Logger|Callback|Meter|Counter)/i;

/** Error tracking, logging and metrics for production code in general. */
export const GENERAL_OBSERVABILITY: { id: string; kind: 'errors' | 'logging' | 'metrics'; packages: string[]; modules: RegExp }[] = [
  { id: 'sentry', kind: 'errors', packages: ['@sentry/node', '@sentry/nextjs', '@sentry/react', '@sentry/browser', '@sentry/bun', 'sentry-sdk'], modules: /^(@sentry\/|sentry_sdk(\.|$))/ },
  { id: 'bugsnag', kind: 'errors', packages: ['@bugsnag/js', '@bugsnag/node', 'bugsnag'], modules: /^(@bugsnag\/|bugsnag(\.|$))/ },
  { id: 'rollbar', kind: 'errors', packages: ['rollbar'], modules: /^rollbar(\.|$)/ },
  { id: 'honeybadger', kind: 'errors', packages: ['@honeybadger-io/js', 'honeybadger'], modules: /^(@honeybadger-io\/|honeybadger(\.|$))/ },
  { id: 'datadog', kind: 'metrics', packages: ['dd-trace', 'ddtrace', 'datadog'], modules: /^(dd-trace|ddtrace|datadog)(\.|\/|$)/ },
  { id: 'newrelic', kind: 'metrics', packages: ['newrelic'], modules: /^newrelic(\.|$)/ },
  { id: 'opentelemetry', kind: 'metrics', packages: ['@opentelemetry/api', '@opentelemetry/sdk-node', '@vercel/otel', 'opentelemetry-api', 'opentelemetry-sdk'], modules: /^(@opentelemetry\/|@vercel\/otel|opentelemetry(\.|$))/ },
  { id: 'prometheus', kind: 'metrics', packages: ['prom-client', 'prometheus-client', 'prometheus-fastapi-instrumentator'], modules: /^(prom-client|prometheus_client|prometheus_fastapi_instrumentator)(\.|$)/ },
  { id: 'pino', kind: 'logging', packages: ['pino'], modules: /^pino(-http)?$/ },
  { id: 'winston', kind: 'logging', packages: ['winston'], modules: /^winston$/ },
  { id: 'structlog', kind: 'logging', packages: ['structlog'], modules: /^structlog(\.|$)/ },
  { id: 'loguru', kind: 'logging', packages: ['loguru'], modules: /^loguru(\.|$)/ },
  { id: 'python-json-logger', kind: 'logging', packages: ['python-json-logger'], modules: /^pythonjsonlogger(\.|$)/ },
  { id: 'posthog', kind: 'metrics', packages: ['posthog', 'posthog-node', 'posthog-js'], modules: /^posthog(-node|-js)?(\.|$)/ },
];
