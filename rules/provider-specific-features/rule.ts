import { PROVIDER_FEATURES } from '../../src/catalog/provider-features.ts';
import { defineRule } from '../../src/engine/define-rule.ts';

export default defineRule({
  meta: {
    id: 'provider-specific-features',
    title: 'Product code built on one provider\'s own features',
    category: 'portability',
    severity: 'low',
    confidence: 'high',
    rationale:
      'Assistants threads, stateful responses, fine-tuned models, batch jobs, prompt caching and provider structured-output helpers ' +
      'have no equivalent with the same shape elsewhere. Every feature built on them turns a provider switch (or a fallback) from a ' +
      'client swap into a rewrite, and the state some of them keep at the provider has to be migrated too.',
    remediation: {
      text: 'Keep provider-only features behind the gateway with a provider-neutral interface (own the conversation state, keep schemas in a neutral format, keep training data for fine-tunes), and note for each one what a second provider would need.',
      effortHours: 4,
      effortLaterHours: 16,
    },
    ddQuestion: 'What would it cost to switch model provider?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['providerFeatures'],
    lifecycle: 'experimental',
  },
  check({ facts, report }) {
    // Behind a provider-neutral interface with several adapters, a feature used inside one adapter is that
    // adapter's business: a switch replaces the adapter, which the interface already allows. State kept at the
    // provider (threads, stateful responses, a fine-tune) has to move wherever the code sits.
    // Modules that merely use a shared client module (a hub, a facade) are callers, not adapters: the feature is theirs.
    const behindInterface = facts.gateway.kinds.some((k) => k === 'dispatcher' || k === 'interface');
    // The layer's own files (a shared OpenAI-compatible base its adapters extend) are inside the interface as well.
    const adapters = new Set(facts.gateway.present && behindInterface && facts.gateway.adapters.length >= 2 ? [...facts.gateway.adapters, ...facts.gateway.files] : []);
    for (const feature of facts.providerFeatures) {
      const stateful = PROVIDER_FEATURES.find((f) => f.id === feature.id)?.keepsState === true;
      if (!stateful && feature.locations.every((l) => adapters.has(l.file))) continue;
      const files = new Set(feature.locations.map((l) => l.file)).size;
      report({
        message: `Uses ${feature.label} in ${files} file${files === 1 ? '' : 's'}: ${feature.portCost}`,
        locations: feature.locations,
        evidence: feature.label,
        key: feature.id,
        // State kept at the provider, or a trained model, is what makes a switch a migration.
        severity: stateful ? 'medium' : 'low',
        effortHours: 2 + 2 * files,
        data: { feature: feature.id, provider: feature.provider, files },
      });
    }
  },
});
