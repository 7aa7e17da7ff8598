import { isTable } from './toml.ts';

/**
 * The spec of a Poetry or Pipfile dependency value: a version string, or a table whose `version`
 * wins over where the code comes from (`git`, `path`, `url`/`file`), since a version is what a
 * reviewer compares. `*` means "any version", which the model spells ''.
 * Returns null for shapes neither tool accepts.
 */
export function declaredSpec(value: unknown, locationKeys: readonly string[]): string | null {
  if (typeof value === 'string') return anyToEmpty(value);
  if (!isTable(value)) return null;
  for (const key of ['version', ...locationKeys]) {
    const found = value[key];
    if (typeof found === 'string') return key === 'version' ? anyToEmpty(found) : found;
  }
  return '';
}

function anyToEmpty(spec: string): string {
  return spec.trim() === '*' ? '' : spec.trim();
}
