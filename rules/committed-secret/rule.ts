import { defineRule } from '../../src/engine/define-rule.ts';
import type { SecretFact } from '../../src/secrets/scan.ts';

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
    // One finding per key: the same key pasted into three files is one credential to rotate, with three copies to remove.
    const byKey = new Map<string, typeof facts.secrets>();
    for (const s of facts.secrets) {
      const key = `${s.format}|${s.fingerprint}`;
      byKey.set(key, [...(byKey.get(key) ?? []), s]);
    }
    for (const [key, copies] of byKey) {
      const placed = copies.map((s) => ({ s, ...placement(s, facts.roleOf(s.file)) }));
      // The copy in product code leads: that is where the key is live.
      placed.sort((a, b) => RANK[b.severity] - RANK[a.severity]);
      const lead = placed[0];
      if (!lead) continue;
      const s = lead.s;
      const label = LABELS[s.format] ?? s.format;
      const files = [...new Set(placed.map((p) => p.s.file))];
      const where = files.length === 1 ? `in ${s.file}${lead.note}` : `in ${files.length} files, ${files.join(', ')}${lead.note}`;
      report({
        message: `${label} committed ${where}: ${s.preview} sha256:${s.fingerprint}`,
        locations: placed.map((p) => ({ file: p.s.file, line: p.s.line })),
        // the value never leaves the scanner: its format prefix and a fingerprint tell keys apart
        evidence: `${s.preview} (sha256:${s.fingerprint})${placed.length > 1 ? `, ${placed.length} copies` : ''}`,
        key,
        ...(lead.severity === 'critical' ? {} : { severity: lead.severity }),
        data: { format: s.format, issuer: s.issuer, fingerprint: s.fingerprint, testContext: lead.reason, copies: placed.length },
      });
    }
  },
});

const RANK = { critical: 3, high: 2, info: 0 } as const;

/** How one copy reads: a key in a test, example or docs file, or named as a test value, is most likely made up. */
function placement(s: SecretFact, role: string): { severity: keyof typeof RANK; reason: string | null; note: string } {
  const reason = role === 'test' || role === 'example' || role === 'docs' ? `a ${role} file` : s.testContext ? (s.testContext === 'an example file' ? s.testContext : `named '${s.testContext}' on its line`) : null;
  // If it is real it is leaked all the same: reported, below critical. A private key in test code serves the
  // test's own TLS server or signer: it opens nothing else.
  const severity = reason ? (s.format === 'private-key' && role === 'test' ? 'info' : 'high') : 'critical';
  const note = reason ? ` (${reason}: likely a test value, but a real key there is in every clone all the same)` : role === 'product' || role === 'script' ? '' : ` (a ${role} file, still in every clone)`;
  return { severity, reason, note };
}
