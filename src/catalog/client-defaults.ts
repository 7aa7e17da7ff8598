// Model clients that cap a generation's output by themselves when the code sets no limit: LangChain's
// Anthropic chat model sends a default `max_tokens` (the Anthropic API requires one), watsonx.ai's text
// generation has a small default. Read by the token limit policy, which counts such a call as capped.

const DEFAULT_OUTPUT_CAP: readonly { module: RegExp; client: RegExp; tokens: number }[] = [
  { module: /^langchain_anthropic(\.|$)/, client: /^ChatAnthropic\b/, tokens: 1024 },
  { module: /^@langchain\/anthropic$/, client: /^ChatAnthropic\b/, tokens: 2048 },
  // watsonx.ai's text generation stops at 20 new tokens unless `max_new_tokens` says otherwise.
  { module: /^(ibm_watsonx_ai|ibm_watson_machine_learning)(\.|$)/, client: /^(ModelInference|Model)\(\)\.(a?generate|generate_text|generate_text_stream)$/, tokens: 20 },
];

/** The output cap a client applies when none is set, in tokens; undefined when it has none. */
export function defaultOutputCap(module: string, path: string): number | undefined {
  return DEFAULT_OUTPUT_CAP.find((d) => d.module.test(module) && d.client.test(path))?.tokens;
}

// Frameworks whose model clients give up by themselves: LlamaIndex's LLM and embedding classes default to a
// 60-second request timeout (30 s for Ollama) with retries, where the provider SDKs wait 10 minutes.
const DEFAULT_TIMEOUT_SECONDS: readonly { module: RegExp; seconds: number }[] = [{ module: /^(llama_index|llamaindex$|@llamaindex\/)/, seconds: 60 }];

/** The request timeout a framework's model client applies when none is set, in seconds; undefined when it waits on the SDK's. */
export function frameworkDefaultTimeout(module: string): number | undefined {
  return DEFAULT_TIMEOUT_SECONDS.find((d) => d.module.test(module))?.seconds;
}
