import { clientConstruction, type ConstructionIndex } from './client-construction.ts';
import type { ModelCall } from './model-calls.ts';
import type { FileFacts } from './types.ts';

// What each model call does about the three ways a call goes wrong in production: it hangs, it fails,
// it runs long. Read from the call's own options, the options its client was built with, the
// decorators of its function and the `try` blocks around it or around its callers.

export type PolicySource = 'call' | 'client' | 'decorator' | 'caller';

export interface CallPolicy {
  /**
   * where an explicit timeout is set; null: the SDK's default (10 minutes for OpenAI and Anthropic) or
   * none (raw HTTP); `unknown`: options are spread in (`**kwargs`), so they may carry one
   */
  timeout: PolicySource | 'unknown' | null;
  /** where retries are configured; null: the SDK's default, if it has one; `unknown` as for timeouts */
  retries: PolicySource | 'unknown' | null;
  /** for generation calls: is the output length capped? `unknown` when options are spread in */
  tokenLimit: 'set' | 'unset' | 'unknown' | 'not-applicable';
  /** a handler around the call, or around a call of its enclosing function */
  errorHandling: 'call' | 'caller' | null;
}

const TIMEOUT_KEYS = /^(timeout|request_timeout|timeout_ms|timeoutMs|read_timeout|signal|abortSignal|http_options|httpOptions|deadline)$/;
const RETRY_KEYS = /^(max_retries|maxRetries|num_retries|retries|retry|retry_policy|retryPolicy|max_attempts)$/;
const TOKEN_KEYS = /^(max_tokens|maxTokens|max_completion_tokens|maxCompletionTokens|max_output_tokens|maxOutputTokens|max_new_tokens|maxNewTokens|num_predict|numPredict|max_tokens_to_sample|maxTokensToSample|maxLength|max_length)$/;
// Retry and timeout decorators and wrappers: tenacity, backoff, stamina, p-retry, async-retry.
const RETRY_DECORATORS = /(^|\.)(retry|on_exception|on_predicate|retry_context|with_retry|retryable)$/;
const RETRY_MODULES = /^(tenacity|backoff|stamina|retrying|p-retry|async-retry|retry|ts-retry-promise|exponential-backoff)$/;
/** APIs that generate text and so can run long; embeddings, images, moderation and reranking cannot. */
const GENERATION_API = /(chat\.completions|^completions|responses|messages|generate_?[cC]ontent|generateText|streamText|generateObject|streamObject|invoke|stream|batch|predict|generate$|complete|chat$|converse|send_?[mM]essage|completion|acompletion|run$|kickoff|http)/;
const NOT_GENERATION = /(embed|image|audio|moderation|rerank|transcri|speech|similarity|add_texts|add_documents|addDocuments|from_documents|from_texts|retrieve|VectorStoreIndex)/i;

export function callPolicies(calls: readonly ModelCall[], facts: ReadonlyMap<string, FileFacts>, constructors: ConstructionIndex): Map<ModelCall, CallPolicy> {
  const guardedCallers = guardedCalleeNames(facts);
  const out = new Map<ModelCall, CallPolicy>();
  for (const call of calls) {
    const file = facts.get(call.file);
    const fact = call.fact;
    if (!file) continue;
    const clientArgs = clientConstruction(fact, file.path, constructors)?.keys ?? [];
    const decorated = file.decorators.some((d) => d.target === call.enclosing && (RETRY_DECORATORS.test(d.name) || (d.origin !== undefined && RETRY_MODULES.test(d.origin.module))));
    const keys = fact.args.keys;
    const unseen = fact.args.opaque ? 'unknown' : null;
    const timeout = keys.some((k) => TIMEOUT_KEYS.test(k)) ? 'call' : clientArgs.some((k) => TIMEOUT_KEYS.test(k)) ? 'client' : unseen;
    const retries = keys.some((k) => RETRY_KEYS.test(k)) ? 'call' : clientArgs.some((k) => RETRY_KEYS.test(k)) ? 'client' : decorated ? 'decorator' : unseen;
    const generation = GENERATION_API.test(call.api) && !NOT_GENERATION.test(call.api);
    const tokenLimit = !generation
      ? 'not-applicable'
      : keys.some((k) => TOKEN_KEYS.test(k)) || clientArgs.some((k) => TOKEN_KEYS.test(k))
        ? 'set'
        : fact.args.opaque || call.api === 'http'
          ? 'unknown'
          : 'unset';
    const errorHandling = fact.guarded ? 'call' : guardedCallers.has(lastName(call.enclosing)) ? 'caller' : null;
    out.set(call, { timeout, retries, tokenLimit, errorHandling });
  }
  return out;
}

/** Names of functions called inside a guarded `try` somewhere in the repository. */
function guardedCalleeNames(facts: ReadonlyMap<string, FileFacts>): Set<string> {
  const names = new Set<string>();
  for (const f of facts.values()) for (const c of f.calls) if (c.guarded) names.add(lastName(c.callee));
  return names;
}

function lastName(chain: string): string {
  const seg = chain.split('.').pop() ?? chain;
  return seg.replace(/\(\)$/, '');
}
