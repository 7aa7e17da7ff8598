import { isModelModule } from '../../src/catalog/model-modules.ts';
import { isSelfHostedProvider } from '../../src/catalog/providers.ts';
import { defineRule } from '../../src/engine/define-rule.ts';
import { PRODUCT_KIND_LABELS, runsForItsUsers } from '../../src/facts/product-kind.ts';
import { soleGenerationProvider } from '../../src/facts/model-calls.ts';
import { isInScope } from '../../src/inventory/roles.ts';

// Keys and methods that configure a second model when the first fails: LiteLLM `fallbacks`, OpenRouter
// `models: [...]`, LangChain `with_fallbacks`, Portkey/Helicone fallback configs.
const FALLBACK_KEYS = /^(fallbacks|fallback_models|fallbackModels|fallback|context_window_fallbacks|models)$/;
const FALLBACK_METHODS = /(^|\.)(with_fallbacks|withFallbacks)$/;
const FALLBACK_CONSTRUCTORS = /(^|\.)(Router|FallbackModel|createFallback)$/;

export default defineRule({
  meta: {
    id: 'no-model-fallback',
    title: 'Every model call depends on one provider, with no fallback',
    category: 'portability',
    severity: 'medium',
    confidence: 'medium',
    rationale:
      'When all generation goes to one provider and nothing routes to another model on failure, that provider\'s outages, rate limits ' +
      'and deprecations are the product\'s. The longer the code is written against one provider\'s request shape, the more a second ' +
      'provider costs to add: prompts, tool schemas and output parsing all drift to one vendor\'s behaviour.',
    remediation: {
      text: 'Add a fallback at the gateway: a second model (another provider, or the same model on another host such as Azure OpenAI or Bedrock) tried on timeouts, 429s and 5xx, and keep prompts and parsing provider-neutral enough to run on it.',
      effortHours: 8,
      effortLaterHours: 40,
    },
    ddQuestion: 'What happens if your model provider has an outage or changes its terms?',
    languages: ['typescript', 'javascript', 'python'],
    requires: ['modelCalls', 'facts', 'product'],
    lifecycle: 'experimental',
  },
  check({ facts, report }) {
    const sole = soleGenerationProvider(facts.modelCalls);
    if (!sole) return;
    const { provider, generation } = sole;
    // A model the product serves itself (Ollama on its own or its users' machines) has no vendor whose outage, rate
    // limits or terms it would fall back from: its availability is the product's own operations.
    if (isSelfHostedProvider(provider)) return;
    for (const f of facts.facts.values()) {
      if (!isInScope(facts.roleOf(f.path))) continue;
      const fallback = f.calls.some((c) => {
        if (FALLBACK_METHODS.test(c.callee)) return true;
        // Only a model library's router or options count: `express.Router()` routes requests, not models.
        if (!c.origin || !isModelModule(c.origin.module)) return false;
        return FALLBACK_CONSTRUCTORS.test(c.origin.path) || c.args.keys.some((k) => FALLBACK_KEYS.test(k));
      });
      if (fallback) return;
    }
    const first = generation[0];
    if (!first) return;
    const files = [...new Set(generation.map((c) => c.file))];
    // Where the user picks the endpoint (an app on their machine, or every client pointed at a base URL read from
    // a setting), an outage is worked around by changing that setting: no failover, but no rewrite either.
    const userPicks = runsForItsUsers(facts.product);
    const configured = generation.every((c) => c.endpoint?.source === 'env' || c.endpoint?.source === 'config');
    const why = userPicks ? `; its users pick the endpoint, as ${PRODUCT_KIND_LABELS[facts.product.kind]}` : configured ? '; the base URL is a setting, so the operator can repoint it by hand, not at run time' : '';
    report({
      message: `All ${generation.length} generation call${generation.length === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'} go to ${provider}, and no fallback model or provider is configured${why}`,
      ...(why ? { severity: 'low' as const } : {}),
      locations: generation.map((c) => ({ file: c.file, line: c.line, column: c.column })),
      evidence: `${first.callee}(${first.model ? `model: ${first.model}` : '...'})`,
      key: provider,
      data: { provider, callSites: generation.length, files: files.length },
    });
  },
});
