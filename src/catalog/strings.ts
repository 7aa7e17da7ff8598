import type { StringKind } from '../facts/types.ts';
import { MODEL_PREFIXES } from './providers.ts';

// String literals worth keeping as facts. Everything else is dropped at parse time so facts stay small.

const URL_RE = /^(https?|wss?):\/\/[^\s'"<>]{3,300}$/i;

// Model ids of the frontier and open-weight families, bare (`gpt-4o`) or provider-prefixed
// (`openai/gpt-4o`, `anthropic.claude-3-5-sonnet-20240620-v1:0`, `models/gemini-1.5-pro`).
const MODEL_FAMILY =
  '(gpt-(\\d|o\\d|image|oss|realtime|audio)|o[1345](-mini|-pro|-preview)?(-\\d|$)|chatgpt-|text-embedding-|text-davinci-|davinci-|babbage-|whisper-|tts-1|dall-e-|gpt-image-' +
  // `claude-code`, `claude-dev`, `qwen-code`, `gemini-cli`: coding agents and extensions, named like their models
  '|claude-(?!(code|dev|desktop|cli)$)|gemini-(?!cli$)|text-bison|chat-bison|textembedding-gecko|text-multilingual-embedding' +
  '|mistral-|mixtral-|codestral-|open-mistral-|open-mixtral-|ministral-|pixtral-|magistral-|devstral-' +
  '|llama-?\\d|llama3|meta-llama|command-(r|a|light|nightly)|embed-(english|multilingual)-|rerank-(english|multilingual|v)' +
  '|grok-|deepseek-|qwen(?=[\\d.:_/-])(?!-code$)|gemma-?\\d|phi-\\d|sonar|titan-|nova-|voyage-|jina-embeddings|nomic-embed|mxbai-embed|bge-|gte-(small|base|large)|(multilingual-)?e5-(small|base|large)|all-minilm-|all-mpnet-)';
const MODEL_RE = new RegExp(
  // `ft:` marks an OpenAI fine-tune of the family that follows
  `^(ft:)?([a-z0-9-]+[/.])?(models/)?${MODEL_FAMILY}[a-z0-9.:_/-]*$`,
  'i',
);

// Words joined by underscores with no digit or version (`qwen_voice_type`, `gemini_api_key`): a setting's name, not a model.
const SNAKE_WORDS = /^[a-z]+(_[a-z]+)+$/i;

// One word with humps and no separator (`Llama270bBot`, `GeminiProBot`): a class or component name, not a model id,
// which always separates its parts (`Llama-2-70b`, `gemini-pro`).
const CAMEL_IDENTIFIER = /^(?=[A-Za-z0-9]+$).*[a-z0-9][A-Z]/;

// A bare routing prefix, as in `model.startswith("ollama/")`: the code serves that provider's models.
const PREFIX_RE = new RegExp(`^(${Object.keys(MODEL_PREFIXES).join('|')})/$`);

// A liveness or readiness route: what a load balancer or orchestrator polls.
const HEALTH_RE = /^\/(api\/)?(v\d\/)?(health|healthz|healthcheck|health-check|health_check|heartbeat|ready|readyz|readiness|livez|liveness|ping|status)\/?$/;

const ENV_RE =
  /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*_(API_KEY|KEY|TOKEN|SECRET|SECRET_KEY|URL|BASE_URL|API_BASE|ENDPOINT|HOST|MODEL|MODEL_NAME|DEPLOYMENT|DEPLOYMENT_NAME|API_VERSION|PROJECT|REGION|TRACING|TRACING_V2|TELEMETRY|TRACING_ENABLED)$/;

export function classifyString(value: string): StringKind | null {
  if (value.length < 3 || value.length > 300) return null;
  if (URL_RE.test(value)) return 'url';
  if (value.length <= 100 && !/\s/.test(value) && !SNAKE_WORDS.test(value) && !CAMEL_IDENTIFIER.test(value) && (MODEL_RE.test(value) || PREFIX_RE.test(value))) return 'model-id';
  if (value.length <= 64 && ENV_RE.test(value)) return 'env-var';
  if (HEALTH_RE.test(value)) return 'health-route';
  return null;
}

/** A name that holds the model a call uses: `model`, `model_name`, `claudeModel`, `SUMMARY_MODEL`, `llm_model`, `deployment`. */
export function isModelSettingName(name: string): boolean {
  return /model|engine|deployment/i.test(name);
}

/** Shortest literal counted as an inline prompt: a sentence or two of instructions, not a label. */
export const PROMPT_MIN_CHARS = 120;
const PROMPT_MIN_WORDS = 15;

/** Keys and variable names under which code keeps prompt text. */
export function isPromptName(name: string): boolean {
  const n = name.toLowerCase().replace(/^self\./, '');
  return /prompt|instruction/.test(n) || /^(system|preamble|template|content|system_?message|persona)$/.test(n);
}

/** Words of names under which an interface keeps text for people, not for a model: tooltips, placeholders, help, labels. */
const UI_TEXT_WORDS = new Set(['tooltip', 'tooltips', 'placeholder', 'placeholders', 'help', 'hint', 'hints', 'label', 'labels', 'caption', 'captions']);

/** `FULL_PROMPT_TOOLTIP_TEXT`, `helpTooltips`, `prompt_placeholder`: a name that says its text is shown to a person. */
export function isUiTextName(name: string): boolean {
  return name.split(/[^A-Za-z]+|(?<=[a-z])(?=[A-Z])/).some((w) => UI_TEXT_WORDS.has(w.toLowerCase()));
}

/**
 * Natural language long enough to be a prompt: enough words, and the small words of English prose
 * (code, SQL and data have words but rarely `the`, `you`, `and`, `to` in lower case).
 */
export function looksLikePrompt(text: string): boolean {
  if (text.length < PROMPT_MIN_CHARS) return false;
  let words = 0;
  const small = new Set<string>();
  for (const m of text.matchAll(/[A-Za-z]{1,}(?=[\s,.:;!?)]|$)/g)) {
    words++;
    if (SMALL_WORDS.has(m[0])) small.add(m[0]);
    if (words >= PROMPT_MIN_WORDS && small.size >= 3) return true;
  }
  return false;
}

const SMALL_WORDS = new Set(['the', 'a', 'an', 'you', 'your', 'to', 'of', 'in', 'is', 'are', 'be', 'with', 'for', 'and', 'or', 'not', 'if', 'when', 'that', 'this', 'it', 'on', 'as', 'do', 'never', 'only', 'should', 'must']);
