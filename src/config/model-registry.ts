import type { StringFact } from '../facts/types.ts';
import { classifyString } from '../catalog/strings.ts';

// Model registries kept as configuration (`model-settings.yml`, `models.json`): the models and
// providers a product supports, named where they belong rather than in code.

const REGISTRY_FILE = /(^|\/)[^/]*(model|llm|provider)[^/]*\.(ya?ml|json|toml)$/i;
const NOT_REGISTRY = /(^|\/)(package(-lock)?\.json|tsconfig[^/]*\.json|composer\.json)$|(^|\/)\.github\//;
// Separators of YAML, JSON and TOML values; `:` stays, it is part of Bedrock ids (`...-v1:0`).
const TOKEN_SPLIT = /[\s"',[\]{}=]+/;

export function isModelRegistry(path: string): boolean {
  return REGISTRY_FILE.test(path) && !NOT_REGISTRY.test(path);
}

/** Model-id values in a registry file, once per line. */
export function findRegistryModelIds(text: string): StringFact[] {
  const out: StringFact[] = [];
  text.split('\n').forEach((line, i) => {
    const seen = new Set<string>();
    for (const raw of line.split(TOKEN_SPLIT)) {
      const token = raw.replace(/^-|:$/g, '');
      if (token.length < 3 || seen.has(token) || classifyString(token) !== 'model-id') continue;
      seen.add(token);
      out.push({ value: token, line: i + 1, kind: 'model-id' });
    }
  });
  return out;
}
