// Functions that are handed a function (or a client's method) rather than being the call themselves:
// what the resolve stage follows through them, and what the model-call detector reads as "the method
// handed over is the model call".

/** Functions that turn the function they are handed into another kind of function (`partial`, `sync_to_async`). */
const FUNCTION_ADAPTERS = /^(partial|wraps|sync_to_async|async_to_sync|make_async|asyncify|with_retry|withRetry)$/;
/** Tracing wrappers that return the client they are handed. */
const CLIENT_WRAPPERS = /^(observeOpenAI|observe_openai|wrap_openai|wrap_anthropic|wrap_gemini|wrapOpenAI|wrapAnthropic|wrapGemini|wrapSDK|wrap_sdk|track_openai|track_anthropic|track_genai|wrapLanguageModel)$/;
/** Casts and serialisers: the body of a request is what was serialised. */
const SERIALISERS = /^(cast|stringify|dumps)$/;

/** Functions whose result is their first argument, wrapped. */
export function returnsItsArgument(name: string): boolean {
  return FUNCTION_ADAPTERS.test(name) || CLIENT_WRAPPERS.test(name) || SERIALISERS.test(name);
}

/**
 * Functions that call the function they are handed, with the arguments that follow it, and return its
 * result: `asyncio.to_thread(f, a)`, `loop.run_in_executor(None, f, a)`, `executor.submit(f, a)`.
 */
export const RUNNERS = /^(to_thread|run_in_threadpool|run_sync|run_in_executor|submit|apply_async|call_soon|call_soon_threadsafe|start_soon|spawn|pRetry|retry_async|call_with_retry)$/;

/**
 * Scoped settings that run the callback they are handed last and return its result: LlamaIndex's
 * `Settings.withLLM(llm, () => ...)`, Node's `AsyncLocalStorage.run(store, () => ...)`.
 */
const SCOPED_RUNNERS: { module: RegExp; path: RegExp }[] = [
  { module: /^(llamaindex|@llamaindex\/)/, path: /(^|\.)with[A-Z]\w*$/ },
  { module: /^(node:)?async_hooks$/, path: /(^|\.)AsyncLocalStorage\(\)\.run$/ },
];

export function runsItsLastArgument(module: string, path: string): boolean {
  return SCOPED_RUNNERS.some((r) => r.module.test(module) && r.path.test(path));
}

/** Retry and fallback helpers products write for themselves, and `map`: they call what they are handed. */
const CALLERS = /^(retry|backoff|run_with_retry|run_with_fallback|with_fallback|withFallback|map)$/;

/** Is a function of this name handed another function to adapt or to call (so a method it is handed is the call)? */
export function takesAFunction(name: string): boolean {
  return FUNCTION_ADAPTERS.test(name) || RUNNERS.test(name) || CALLERS.test(name);
}

/** Functions that run the chain or model they are handed (a streaming response built from a chain, a LangGraph node). */
export const CHAIN_RUNNERS = /^(from_chain|from_runnable|run_chain|arun_chain|stream_chain|astream_chain|execute_chain|add_node|addNode)$/;

/**
 * Graph, job and workflow frameworks whose runner catches what a node, task or job raises, and records the
 * run as failed or retries it: a function they run has its errors handled. Web frameworks are not here, a
 * request that fails becomes a generic error for the user.
 */
export const ERROR_BOUNDARY_MODULES = /^(@langchain\/langgraph|langgraph|celery|bullmq|bull|bee-queue|liteque|inngest|@trigger\.dev\/sdk|temporalio|@temporalio\/(worker|workflow)|dramatiq|rq|arq|huey|prefect|dagster|graphile-worker|pg-boss|agenda)(\.|\/|$)/;

/** Class methods of validation and serialisation libraries (pydantic, dataclasses-json) that build the class they are called on. */
const INHERITED_CONSTRUCTORS = /^(model_validate(_json|_strings)?|model_construct|parse_obj|parse_raw|parse_file|construct|from_orm|from_dict|from_json)$/;

/** `cls.model_validate(data)`: a method inherited from such a library builds an instance of the class it is called on. */
export function buildsItsClass(method: string): boolean {
  return INHERITED_CONSTRUCTORS.test(method);
}
