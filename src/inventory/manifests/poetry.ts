import { pypiDependency } from './manifest.ts';
import { normalizePythonName } from './python-name.ts';
import { declaredSpec } from './table-spec.ts';
import { isTable, stringItems, tableAt, type Table } from './toml.ts';
import type { Dependency } from './types.ts';

const LOCATION_KEYS = ['git', 'path', 'url'] as const;

/** Dependencies from `[tool.poetry]`: the main table, legacy dev-dependencies and named groups. */
export function poetryDependencies(poetry: Table | undefined): Dependency[] {
  if (!poetry) return [];
  const extras = extrasByPackage(tableAt(poetry, 'extras'));
  const deps = [
    ...fromTable(tableAt(poetry, 'dependencies'), 'prod', undefined, extras),
    ...fromTable(tableAt(poetry, 'dev-dependencies'), 'dev'),
  ];
  for (const [group, body] of Object.entries(tableAt(poetry, 'group') ?? {})) {
    if (!isTable(body)) continue;
    // Poetry treats the `main` group as the main dependency table.
    const inMain = group === 'main';
    deps.push(...fromTable(tableAt(body, 'dependencies'), inMain ? 'prod' : 'dev', inMain ? undefined : group, extras));
  }
  return deps;
}

function fromTable(
  table: Table | undefined,
  scope: Dependency['scope'],
  group?: string,
  extras: Map<string, string[]> = new Map(),
): Dependency[] {
  const deps: Dependency[] = [];
  for (const [rawName, value] of Object.entries(table ?? {})) {
    // The interpreter constraint lives in the dependency table but is not a package.
    if (rawName.toLowerCase() === 'python') continue;
    const name = normalizePythonName(rawName);
    // Several constraints for one package (per Python version or platform) come as an array.
    for (const constraint of Array.isArray(value) ? value : [value]) {
      const spec = declaredSpec(constraint, LOCATION_KEYS);
      if (spec === null) continue;
      if (scope === 'prod' && isTable(constraint) && constraint['optional'] === true) {
        // Optional main dependencies are only installed through the extras that list them.
        const groups = extras.get(name) ?? [];
        if (groups.length === 0) deps.push(pypiDependency({ name, spec }, 'optional'));
        for (const extra of groups) deps.push(pypiDependency({ name, spec }, 'optional', extra));
      } else {
        deps.push(pypiDependency({ name, spec }, scope, group));
      }
    }
  }
  return deps;
}

function extrasByPackage(extras: Table | undefined): Map<string, string[]> {
  const byPackage = new Map<string, string[]>();
  for (const [extra, packages] of Object.entries(extras ?? {})) {
    for (const pkg of stringItems(packages)) {
      const name = normalizePythonName(pkg);
      byPackage.set(name, [...(byPackage.get(name) ?? []), extra]);
    }
  }
  return byPackage;
}
