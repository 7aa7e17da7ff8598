// Credential formats worth a finding when committed: model providers, vector stores, LLM tooling and
// the cloud and code hosts an AI product runs on. Prefixed formats are matched anywhere; formats with
// no prefix of their own only where a variable names them (`COHERE_API_KEY=...`).

export interface SecretFormat {
  id: string;
  /** who issued it, for the report: a provider id or a service name */
  issuer: string;
  /** the secret is capture group 1 when the pattern has one, else the whole match */
  pattern: RegExp;
}

const VALUE = `['"]?([A-Za-z0-9_\\-]{24,})['"]?`;

export const SECRET_FORMATS: SecretFormat[] = [
  { id: 'anthropic-api-key', issuer: 'anthropic', pattern: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}/g },
  { id: 'openrouter-api-key', issuer: 'openrouter', pattern: /\bsk-or-v1-[a-f0-9]{64}\b/g },
  { id: 'langfuse-secret-key', issuer: 'langfuse', pattern: /\bsk-lf-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g },
  // After the more specific `sk-` formats above, which it would otherwise swallow.
  { id: 'openai-api-key', issuer: 'openai', pattern: /\bsk-(?!ant-|or-|lf-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{40,}/g },
  { id: 'google-api-key', issuer: 'google', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { id: 'aws-access-key-id', issuer: 'aws', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { id: 'aws-secret-access-key', issuer: 'aws', pattern: /aws_?secret_?access_?key['"]?\s*[:=]\s*['"]?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi },
  { id: 'huggingface-token', issuer: 'huggingface', pattern: /\bhf_[A-Za-z]{34}\b/g },
  { id: 'groq-api-key', issuer: 'groq', pattern: /\bgsk_[A-Za-z0-9]{52}\b/g },
  { id: 'replicate-api-token', issuer: 'replicate', pattern: /\br8_[A-Za-z0-9]{37}\b/g },
  { id: 'xai-api-key', issuer: 'xai', pattern: /\bxai-[A-Za-z0-9]{80}\b/g },
  { id: 'perplexity-api-key', issuer: 'perplexity', pattern: /\bpplx-[A-Za-z0-9]{48}\b/g },
  { id: 'fireworks-api-key', issuer: 'fireworks', pattern: /\bfw_[A-Za-z0-9]{24,}\b/g },
  { id: 'pinecone-api-key', issuer: 'pinecone', pattern: /\bpcsk_[A-Za-z0-9_]{50,}\b/g },
  { id: 'langsmith-api-key', issuer: 'langsmith', pattern: /\blsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}\b/g },
  { id: 'github-token', issuer: 'github', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})\b/g },
  { id: 'stripe-secret-key', issuer: 'stripe', pattern: /\b[sr]k_live_[0-9a-zA-Z]{24,}\b/g },
  { id: 'slack-token', issuer: 'slack', pattern: /\bxox[baprs]-[0-9A-Za-z-]{20,}\b/g },
  // The header alone is documentation (`"-----BEGIN PRIVATE KEY-----..."`): a key has its body after it.
  { id: 'private-key', issuer: 'private key', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP )?PRIVATE KEY(?: BLOCK)?-----(?:\s|\\n)+((?:[A-Za-z0-9+/=]|\s|\\n){64,})/g },
  { id: 'cohere-api-key', issuer: 'cohere', pattern: new RegExp(`\\b(?:COHERE_API_KEY|CO_API_KEY)\\s*[:=]\\s*${VALUE}`, 'g') },
  { id: 'mistral-api-key', issuer: 'mistral', pattern: new RegExp(`\\bMISTRAL_API_KEY\\s*[:=]\\s*${VALUE}`, 'g') },
  { id: 'together-api-key', issuer: 'together', pattern: new RegExp(`\\bTOGETHER(?:_AI)?_API_KEY\\s*[:=]\\s*${VALUE}`, 'g') },
  { id: 'deepseek-api-key', issuer: 'deepseek', pattern: new RegExp(`\\bDEEPSEEK_API_KEY\\s*[:=]\\s*${VALUE}`, 'g') },
  { id: 'azure-openai-key', issuer: 'azure-openai', pattern: /\bAZURE_OPENAI_(?:API_)?KEY\s*[:=]\s*['"]?([a-f0-9]{32}|[A-Za-z0-9]{84})['"]?/g },
];

/** One cheap test before the formats run: most files hold none of these. */
export const SECRET_HINT = /(?<![\w-])sk-|AIza|AKIA|ASIA|aws_?secret|AWS_SECRET|(?<!\w)(hf|gsk|r8|fw|pcsk|lsv2)_|xai-|pplx-|gh[pousr]_|github_pat_|k_live_|xox[baprs]-|PRIVATE KEY|_API_KEY|_KEY\s*[:=]/;

/** Query parameters that carry a credential in a URL (`?api_key=`, `&private_token=`, a signed URL's `sig`). */
export const CREDENTIAL_QUERY_PARAM = /[a-z0-9_-]*(?:api[_-]?key|apikey|token|secret|password|passwd|pwd|signature|credential)[a-z0-9_-]*|key|sig|auth|code|access_token|client_secret|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential/;

/** A 40-character AWS secret access key standing alone (positional, in a CSV row): a secret only on a line that also holds a key id. */
export const AWS_SECRET_BESIDE_KEY_ID = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

/** Values that only look like keys: documentation placeholders, masks, repeated or sequential characters. */
export const PLACEHOLDER = /x{4,}|X{4,}|\*{3,}|\.{3}|<|>|your|example|sample|placeholder|dummy|redacted|changeme|change[-_]me|replace|insert|fake|test[-_]?key|0{8,}|1234567|abcdef|not[-_]?a?[-_]?real|(^|[-_.])(tests?|mock|demo|invalid|foo|bar|foobar|secret|token|key|here|dev|local)([-_.]|$)/i;

/** Words beside a key (its variable, the call it is given to) that say it is a test value: `FAKE_KEY = ...`, `mock_token=...`. */
export const TEST_VALUE_WORDS = new Set(['test', 'tests', 'testing', 'dummy', 'fake', 'mock', 'mocked', 'sample', 'example', 'fixture', 'fixtures', 'stub', 'placeholder']);

/** Files that show configuration rather than hold it: `.env.example`, `config.sample.yaml`, `settings.template.json`. */
export const EXAMPLE_FILE = /(^|\/)[^/]*[._-](example|sample|template|dist|tpl)([._-][^/]*)?$/i;

// Where credentials get committed besides code: env files, configuration, infrastructure, notebooks.
// Prose (Markdown, text) is left out: it is mostly placeholders, and stat-ing every docs page is slow.
const SECRET_CANDIDATE = /(^|\/)(\.env(\.[\w.-]+)?|[^/]*\.(json|ya?ml|toml|ini|cfg|conf|properties|sh|tf|tfvars|xml|ipynb|env)|Dockerfile[^/]*|\.npmrc|\.pypirc)$/i;
const LOCKFILE = /(^|\/)(package-lock\.json|pnpm-lock\.yaml|yarn\.lock|poetry\.lock|uv\.lock|Pipfile\.lock|pdm\.lock|composer\.lock|Cargo\.lock)$/;

/** A non-code file scanned for committed credentials. */
export function isSecretCandidate(path: string): boolean {
  return SECRET_CANDIDATE.test(path) && !LOCKFILE.test(path);
}
