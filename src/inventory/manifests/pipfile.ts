import { createManifest, failedManifest, pypiDependency } from './manifest.ts';
import { normalizePythonName } from './python-name.ts';
import { declaredSpec } from './table-spec.ts';
import { readToml, tableAt, type Table } from './toml.ts';
import type { Dependency, Manifest } from './types.ts';

// Pipenv names a remote archive `file`, where Poetry says `url`.
const LOCATION_KEYS = ['git', 'path', 'file'] as const;

/** Pipenv's Pipfile: `[packages]` and `[dev-packages]`. A Pipfile never names its project. */
export function parsePipfile(path: string, text: string): Manifest {
  const toml = readToml(text);
  if (!toml.ok) return failedManifest(path, 'pipfile', 'pypi', toml.error);
  return createManifest(path, 'pipfile', 'pypi', {
    dependencies: [
      ...fromSection(tableAt(toml.root, 'packages'), 'prod'),
      ...fromSection(tableAt(toml.root, 'dev-packages'), 'dev'),
    ],
  });
}

function fromSection(section: Table | undefined, scope: Dependency['scope']): Dependency[] {
  const deps: Dependency[] = [];
  for (const [name, value] of Object.entries(section ?? {})) {
    const spec = declaredSpec(value, LOCATION_KEYS);
    if (spec !== null) deps.push(pypiDependency({ name: normalizePythonName(name), spec }, scope));
  }
  return deps;
}
