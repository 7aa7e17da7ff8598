// Model ids that providers have retired or announced for retirement, and how to tell a pinned
// snapshot from a moving alias. Data, dated: update it when a provider publishes a deprecation.
// Sources: the providers' deprecation pages (platform.openai.com/docs/deprecations,
// docs.anthropic.com/en/docs/resources/model-deprecations, ai.google.dev/gemini-api/docs/changelog).

const RETIRED_MODEL_IDS: { id: RegExp; note: string }[] = [
  { id: /^(text|code)-(davinci|curie|babbage|ada)-\d+$|^(davinci|curie|babbage|ada)$/, note: 'GPT-3 completions models, shut down in January 2024' },
  { id: /^gpt-3\.5-turbo-(0301|0613|16k-0613)$/, note: 'GPT-3.5 Turbo snapshot shut down in 2024' },
  { id: /^gpt-4-(0314|32k(-\d+)?|vision-preview|1106-vision-preview)$/, note: 'GPT-4 snapshot shut down in 2024-2025' },
  { id: /^gpt-4\.5-preview(-\d{4}-\d{2}-\d{2})?$/, note: 'GPT-4.5 Preview, shut down in July 2025' },
  { id: /^o1-(preview|mini)(-\d{4}-\d{2}-\d{2})?$/, note: 'o1-preview and o1-mini, deprecated in 2025' },
  { id: /^claude-(instant-)?[12](\.\d)?(-\d+k)?$|^claude-instant/, note: 'Claude 1 and 2 models, retired' },
  { id: /^claude-3-sonnet-20240229$/, note: 'Claude 3 Sonnet, retired in July 2025' },
  { id: /^claude-3-opus-20240229$|^claude-3-opus-latest$/, note: 'Claude 3 Opus, retired in January 2026' },
  { id: /^claude-3-5-sonnet-(20240620|20241022|latest)$/, note: 'Claude 3.5 Sonnet, retired in October 2025' },
  { id: /^(models\/)?(gemini-pro|gemini-pro-vision|gemini-1\.0-[a-z-]+)$/, note: 'Gemini 1.0, shut down' },
  { id: /^(models\/)?gemini-1\.5-(pro|flash)(-8b)?(-\d{3}|-latest)?$/, note: 'Gemini 1.5, shut down in September 2025' },
  { id: /^(text|chat|code)-bison(@\d+|-32k)?$|^textembedding-gecko(@00[1-3])?$/, note: 'PaLM 2 models, shut down' },
];

export function retiredNote(id: string): string | undefined {
  const bare = id.replace(/^[a-z_-]+\//, '');
  return RETIRED_MODEL_IDS.find((r) => r.id.test(bare))?.note;
}

/**
 * A moving alias: the provider re-points it to newer snapshots, so behaviour changes without a deploy.
 * Pinned ids carry a date (`gpt-4o-2024-08-06`, `claude-3-5-haiku-20241022`) or a version suffix (`-001`).
 */
export function isMovingAlias(id: string): boolean {
  const bare = id.replace(/^[a-z_-]+\//, '');
  if (/-latest$|^chatgpt-4o-latest$/.test(bare)) return true;
  if (/\d{4}-?\d{2}-?\d{2}|-\d{3}$|@\d{3}|-v\d+:\d+$/.test(bare)) return false;
  return /^(gpt-4o(-mini)?|gpt-4\.1(-mini|-nano)?|gpt-4-turbo|gpt-3\.5-turbo|gpt-5(-mini|-nano)?|o[134](-mini|-pro)?|claude-(opus|sonnet|haiku)-4(-\d)?|claude-3-7-sonnet|claude-3-5-haiku|gemini-\d(\.\d)?-(pro|flash)(-lite)?)$/.test(bare);
}
