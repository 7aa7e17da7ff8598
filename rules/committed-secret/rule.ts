import { defineRule } from '../../src/engine/define-rule.ts';

const LABELS: Record<string, string> = {
  'openai-api-key': 'OpenAI API key', 'anthropic-api-key': 'Anthropic API key', 'google-api-key': 'Google API key',
  'aws-access-key-id': 'AWS access key id', 'aws-secret-access-key': 'AWS secret access key', 'huggingface-token': 'Hugging Face token',
  'groq-api-key': 'Groq API key', 'replicate-api-token': 'Replicate API token', 'xai-api-key': 'xAI API key', 'perplexity-api-key': 'Perplexity API key',
  'fireworks-api-key': 'Fireworks API key', 'pinecone-api-key': 'Pinecone API key', 'langsmith-api-key': 'LangSmith API key',
  'langfuse-secret-key': 'Langfuse secret key', 'openrouter-api-key': 'OpenRouter API key', 'github-token': 'GitHub token',
  'stripe-secret-key': 'Stripe secret key', 'slack-token': 'Slack token', 'private-key': 'private key', 'cohere-api-key': 'Cohere API key',
  'mistral-api-key': 'Mistral API key', 'together-api-key': 'Together API key', 'deepseek-api-key': 'DeepSeek API key', 'azure-openai-key': 'Azure OpenAI key',
};

export default defineRule({
  meta: {
    id: 'committed-secret',
    title: 'Credential committed to the repository',
    category: 'security',
    severity: 'critical',
    confidence: 'high',
    rationale:
      'A key in a tracked file is in every clone, fork and CI log, and in the history after it is deleted. Model-provider keys are ' +
      'spent by whoever finds them (and scraped within minutes from public repositories); cloud and code-host credentials open the ' +
      'infrastructure. Each copy made from the repository is one more place the key lives.',
    remediation: {
      text: 'Revoke and rotate the key at the provider now, move it to a secret manager or the deployment environment, add the file to .gitignore, and remove it from history if the repository is or will be shared.',
      effortHours: 1,
      effortLaterHours: 4,
    },
    ddQuestion: 'How are credentials managed, and has any been exposed?',
    languages: ['any'],
    requires: ['secrets'],
    lifecycle: 'experimental',
    references: ['https://docs.github.com/en/code-security/secret-scanning/introduction/supported-secret-scanning-patterns'],
  },
  check({ facts, report }) {
    for (const s of facts.secrets) {
      const label = LABELS[s.format] ?? s.format;
      const role = facts.roleOf(s.file);
      // A real-looking key in a test, example or docs file, or named as a test value, is most likely
      // made up for the test; if it is real it is leaked all the same: reported, below critical.
      const reason = role === 'test' || role === 'example' || role === 'docs' ? `a ${role} file` : s.testContext ? (s.testContext === 'an example file' ? s.testContext : `named '${s.testContext}' on its line`) : null;
      report({
        message: `${label} committed in ${s.file}${reason ? ` (${reason}: likely a test value, but a real key there is in every clone all the same)` : role === 'product' || role === 'script' ? '' : ` (a ${role} file, still in every clone)`}: ${s.preview} sha256:${s.fingerprint}`,
        locations: [{ file: s.file, line: s.line }],
        // the value never leaves the scanner: its format prefix and a fingerprint tell keys apart
        evidence: `${s.preview} (sha256:${s.fingerprint})`,
        key: `${s.format}|${s.fingerprint}`,
        // A private key in test code serves the test's own TLS server or signer: it opens nothing else.
        ...(reason ? { severity: s.format === 'private-key' && role === 'test' ? ('info' as const) : ('high' as const) } : {}),
        data: { format: s.format, issuer: s.issuer, fingerprint: s.fingerprint, testContext: reason },
      });
    }
  },
});
