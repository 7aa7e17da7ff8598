// Model clients that cap a generation's output by themselves when the code sets no limit: LangChain's
// Anthropic chat model sends a default `max_tokens` (the Anthropic API requires one). Read by the token
// limit policy, which counts such a call as capped.

const DEFAULT_OUTPUT_CAP: readonly { module: RegExp; client: RegExp; tokens: number }[] = [
  { module: /^langchain_anthropic(\.|$)/, client: /^ChatAnthropic\b/, tokens: 1024 },
  { module: /^@langchain\/anthropic$/, client: /^ChatAnthropic\b/, tokens: 2048 },
];

/** The output cap a client applies when none is set, in tokens; undefined when it has none. */
export function defaultOutputCap(module: string, path: string): number | undefined {
  return DEFAULT_OUTPUT_CAP.find((d) => d.module.test(module) && d.client.test(path))?.tokens;
}
