import { AI_SDK_PROVIDER_MODULES, FRAMEWORKS } from './frameworks.ts';
import { PROVIDER_SDKS, providerOfName, sdkOwnsModule, type ProviderId } from './providers.ts';

// A framework's per-provider integration package is that provider's SDK as far as lock-in goes:
// `langchain_anthropic`, `@langchain/openai`, `llama_index.llms.groq`.
const FRAMEWORK_PROVIDER_PACKAGES =
  /^(langchain[_-](?!core|community|text_splitters|textsplitters|classic|experimental|cli)[a-z_-]+|@langchain\/(?!core|community|langgraph|textsplitters)[a-z-]+|llama_index\.(llms|embeddings)\.[a-z_]+|@llamaindex\/(?!core|env|workflow)[a-z-]+)$/;

// A large repository asks about the same few hundred module names hundreds of thousands of times.
const providersMemo = new Map<string, readonly ProviderId[]>();
const modelModuleMemo = new Map<string, boolean>();

/** Providers an import of this module stands for (an SDK, an AI SDK or framework provider package, the AI Gateway). */
export function importedProviders(module: string): readonly ProviderId[] {
  let hit = providersMemo.get(module);
  if (!hit) providersMemo.set(module, (hit = computeImportedProviders(module)));
  return hit;
}

function computeImportedProviders(module: string): ProviderId[] {
  if (module === '@ai-sdk/gateway') return ['other:vercel-ai-gateway'];
  // Hugging Face integrations mostly run models in-process (sentence-transformers); only the hosted
  // inference variants are a provider.
  if (FRAMEWORK_PROVIDER_PACKAGES.test(module) && /hugging_?face/i.test(module) && !/api|endpoint|inference/i.test(module)) return [];
  if (AI_SDK_PROVIDER_MODULES.test(module) || FRAMEWORK_PROVIDER_PACKAGES.test(module)) {
    const p = providerOfName(module);
    return p ? [p] : [];
  }
  return PROVIDER_SDKS.filter((s) => !s.importIsNotUsage && sdkOwnsModule(s, module)).map((s) => s.provider);
}

/** A provider SDK or a model framework: what model clients and handles are built from. */
export function isModelModule(module: string): boolean {
  let hit = modelModuleMemo.get(module);
  if (hit === undefined) modelModuleMemo.set(module, (hit = importedProviders(module).length > 0 || FRAMEWORKS.some((fw) => fw.modules.test(module))));
  return hit;
}

/** A declared package that is a model SDK or framework; PyPI distributions are named with dashes, imported with underscores or dots (`google-genai` -> `google.genai`). */
export function isModelPackage(name: string, ecosystem: 'npm' | 'pypi'): boolean {
  const candidates = ecosystem === 'pypi' ? [name, name.replace(/-/g, '_'), name.replace(/-/g, '.')] : [name];
  return candidates.some((c) => isModelModule(c));
}
