import type { StringFact } from '../facts/types.ts';
import { classifyString } from '../catalog/strings.ts';
import { lineOf, lineStarts } from '../util/lines.ts';
import { parseYaml, walk, yamlProblem } from './yaml.ts';

// Model registries kept as configuration (`model-settings.yml`, `models.json`): the models and
// providers a product supports, named where they belong rather than in code.

const REGISTRY_FILE = /(^|\/)[^/]*(model|llm|provider)[^/]*\.(ya?ml|json|toml)$/i;
const NOT_REGISTRY = /(^|\/)(package(-lock)?\.json|tsconfig[^/]*\.json|composer\.json)$|(^|\/)\.github\//;
// YAML and JSON (a subset of YAML) are read as data, so comments and prose around them do not count; TOML as text.
const DATA_FILE = /\.(ya?ml|json)$/i;
// Separators inside a value (`models: gpt-4o, gpt-4o-mini`) and between TOML tokens; `:` stays, it is part of
// Bedrock ids (`...-v1:0`).
const TOKEN_SPLIT = /[\s"',[\]{}=]+/;

export function isModelRegistry(path: string): boolean {
  return REGISTRY_FILE.test(path) && !NOT_REGISTRY.test(path);
}

/** Model-id keys and values in a registry file, once per line; a YAML or JSON file that does not parse yields its problem. */
export function findRegistryModelIds(path: string, text: string): { ids: StringFact[]; problem?: string } {
  if (!DATA_FILE.test(path)) return { ids: text.split('\n').flatMap((line, i) => modelIds(line).map((value) => ({ value, line: i + 1, kind: 'model-id' as const }))) };
  const parsed = parseYaml(text);
  if (!parsed.ok) return { ids: [], problem: yamlProblem(parsed, 'model registry') };
  const starts = lineStarts(text);
  const found = new Map<string, StringFact>();
  const add = (value: string, line: number) => {
    if (!found.has(`${line}:${value}`)) found.set(`${line}:${value}`, { value, line, kind: 'model-id' });
  };
  for (const doc of parsed.documents) {
    walk(doc, {
      entry: (e) => modelIds(e.key).forEach((id) => add(id, e.line)),
      scalar: (sc) => {
        if (typeof sc.value !== 'string') return;
        // Tokens found in the value as written, so each keeps the line it is on in a multi-line value.
        const source = text.slice(sc.start, sc.end);
        for (const id of modelIds(sc.value)) {
          const at = source.indexOf(id);
          add(id, at >= 0 ? lineOf(starts, sc.start + at) : sc.line);
        }
      },
    });
  }
  return { ids: [...found.values()].sort((a, b) => a.line - b.line) };
}

function modelIds(text: string): string[] {
  const out = new Set<string>();
  for (const raw of text.split(TOKEN_SPLIT)) {
    const token = raw.replace(/^-|:$/g, '');
    if (token.length >= 3 && classifyString(token) === 'model-id') out.add(token);
  }
  return [...out];
}
