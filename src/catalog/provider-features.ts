// Provider-only features that cost the most to port: code and data shaped by one vendor's API. Matched
// on calls that reach a provider SDK (origin paths without `()`), on option keys, and on model ids.

export interface ProviderFeature {
  id: string;
  /** `*`: options passed through to whichever provider serves the call */
  provider: string;
  label: string;
  /** why a switch has to rewrite it */
  portCost: string;
  /** hours to port one product's use of it to another provider (see docs/scoring.md, migration surface) */
  portHours: number;
  /** an SDK path this feature is called through; only a module of this provider's SDK (or a framework) matches it */
  path?: RegExp;
  /** an option key of a model call that turns it on */
  key?: RegExp;
  /** calls (by their `api`) where the key means something else */
  keyNotOn?: RegExp;
  /** a model id that only this provider serves */
  modelId?: RegExp;
  /** the provider keeps state for it (threads, stored responses, a fine-tune): moving touches data, wherever the code sits */
  keepsState?: true;
}

export const PROVIDER_FEATURES: ProviderFeature[] = [
  {
    id: 'openai-assistants', keepsState: true, provider: 'openai', label: 'OpenAI Assistants, threads and runs', portHours: 24,
    portCost: 'conversation state, files and tools live on OpenAI\'s servers; a switch rebuilds them in the product (and the API is being retired in favour of Responses)',
    path: /(^|\.)beta\.(assistants|threads)(\.|$)/,
  },
  {
    id: 'openai-stateful-responses', keepsState: true, provider: 'openai', label: 'stateful Responses (previous_response_id, conversations)', portHours: 8,
    portCost: 'the conversation history is kept by OpenAI; other providers need the product to store and resend it',
    key: /^(previous_response_id|previousResponseId|conversation)$/,
  },
  {
    id: 'openai-batch', provider: 'openai', label: 'OpenAI Batch API', portHours: 8,
    portCost: 'batch job formats, the uploads they read and their polling are OpenAI-specific and must be rewritten per provider',
    path: /(^|\.)batches\.(create|retrieve)$/,
  },
  {
    id: 'openai-fine-tuning', keepsState: true, provider: 'openai', label: 'OpenAI fine-tuning jobs', portHours: 16,
    portCost: 'training files, job polling and the tuned models live at OpenAI; another provider takes other data formats, or none',
    path: /(^|\.)(fine_tuning\.jobs\.(create|retrieve|list|cancel)|fineTuning\.jobs\.(create|retrieve|list|cancel)|FineTuningJob\.(create|retrieve|list|cancel)|FineTune\.create)$/,
  },
  {
    id: 'anthropic-message-batches', provider: 'anthropic', label: 'Anthropic Message Batches', portHours: 6,
    portCost: 'batch requests, their polling and result files follow Anthropic\'s format; another provider\'s batch API takes other files and returns other results',
    path: /(^|\.)messages\.batches\.(create|retrieve|results)$/,
  },
  {
    id: 'fine-tuned-model', keepsState: true, provider: 'openai', label: 'fine-tuned model ids', portHours: 24,
    portCost: 'the fine-tune exists only at the provider; a switch means re-training (and owning the training data) elsewhere',
    modelId: /^ft:/,
  },
  {
    id: 'structured-output', provider: 'openai', label: 'provider structured-output parsing (parse helpers, json_schema response formats)', portHours: 4,
    portCost: 'schemas are passed in one vendor\'s format and parsed by its SDK; other providers need their own tool or JSON mode',
    path: /(^|\.)(beta\.chat\.completions\.parse|chat\.completions\.parse|responses\.parse)$/,
    key: /^(response_format|text_format)$/,
    // On an image, speech or transcription call `response_format` picks the file format (`b64_json`, `mp3`), not a schema.
    keyNotOn: /(^|\.)(images|audio)\./,
  },
  {
    id: 'anthropic-prompt-caching', provider: 'anthropic', label: 'Anthropic prompt caching (cache_control)', portHours: 2,
    portCost: 'cache breakpoints are Anthropic-specific; cost and latency assumptions change with another provider',
    key: /^cache_control$/,
  },
  {
    id: 'provider-options', provider: '*', label: 'provider-specific request options (providerOptions, extra_body)', portHours: 2,
    portCost: 'options only one vendor understands (extended thinking budgets, predicted outputs, reasoning settings) silently stop working, or fail, on another',
    key: /^(providerOptions|provider_options|extra_body|extraBody)$/,
  },
  {
    id: 'bedrock-model-body', provider: 'aws-bedrock', label: 'Bedrock invoke_model request bodies per model family', portHours: 6,
    portCost: 'each model family on Bedrock takes its own JSON body; a model or provider switch rewrites request and response handling',
    path: /(^|\.)client\.(invoke_model|invoke_model_with_response_stream)$|^InvokeModel(WithResponseStream)?Command$/,
  },
];
