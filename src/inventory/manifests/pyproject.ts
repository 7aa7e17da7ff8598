import { posix } from 'node:path';
import { createManifest, failedManifest, pypiDependency } from './manifest.ts';
import { locationRequirement, parseRequirement, type Requirement } from './pep508.ts';
import { poetryDependencies } from './poetry.ts';
import { normalizePythonName } from './python-name.ts';
import { isTable, readToml, stringAt, stringItems, tableAt, type Table } from './toml.ts';
import type { Dependency, Manifest } from './types.ts';

/** pyproject.toml: PEP 621, PEP 735 dependency groups, Poetry, PDM and uv dev lists. */
export function parsePyproject(path: string, text: string): Manifest {
  const toml = readToml(text);
  if (!toml.ok) return failedManifest(path, 'pyproject', 'pypi', toml.error);
  const root = toml.root;
  const project = tableAt(root, 'project');
  const poetry = tableAt(root, 'tool', 'poetry');
  const name = stringAt(project, 'name') ?? stringAt(poetry, 'name') ?? null;

  const dependencies = [
    ...fromList(project?.['dependencies'], 'prod'),
    ...fromGroups(tableAt(root, 'project', 'optional-dependencies'), 'optional'),
    ...fromGroups(tableAt(root, 'dependency-groups'), 'dev'),
    ...poetryDependencies(poetry),
    ...fromGroups(tableAt(root, 'tool', 'pdm', 'dev-dependencies'), 'dev'),
    ...fromList(tableAt(root, 'tool', 'uv')?.['dev-dependencies'], 'dev'),
  ];
  // `all = ["mypkg[openai,anthropic]"]` aggregates the project's own extras; it is not a dependency.
  const self = name === null ? null : normalizePythonName(name);
  return createManifest(path, 'pyproject', 'pypi', {
    name,
    dependencies: dependencies.filter((dep) => dep.name !== self),
    includes: dynamicFiles(root).map((file) => posix.normalize(posix.join(posix.dirname(path), file))),
    commands: [tableAt(root, 'project', 'scripts'), tableAt(root, 'tool', 'poetry', 'scripts')].flatMap((table) =>
      Object.entries(table ?? {}).flatMap(([command, entry]) => (typeof entry === 'string' ? [{ name: command, entry }] : []))),
  });
}

/**
 * `dynamic = ["dependencies"]` with setuptools moves the lists into requirements files; the inventory
 * follows them like `-r` rather than reporting a project with no dependencies.
 */
function dynamicFiles(root: Table): string[] {
  const dynamic = tableAt(root, 'tool', 'setuptools', 'dynamic');
  const entries = [dynamic?.['dependencies'], ...Object.values(tableAt(dynamic ?? {}, 'optional-dependencies') ?? {})];
  return entries.flatMap((entry) => {
    const file = isTable(entry) ? entry['file'] : undefined;
    return typeof file === 'string' ? [file] : stringItems(file);
  });
}

/** Named lists of requirement strings; non-string items (PEP 735 `{include-group = ...}`) are skipped. */
function fromGroups(groups: Table | undefined, scope: Dependency['scope']): Dependency[] {
  return Object.entries(groups ?? {}).flatMap(([group, list]) => fromList(list, scope, group));
}

function fromList(list: unknown, scope: Dependency['scope'], group?: string): Dependency[] {
  return stringItems(list)
    .map(listEntry)
    .filter((req): req is Requirement => req !== null)
    .map((req) => pypiDependency(req, scope, group));
}

/** PDM dev lists also accept pip's `-e <url>#egg=name` form next to PEP 508 strings. */
function listEntry(entry: string): Requirement | null {
  const editable = /^-e\s+(\S+)/.exec(entry.trim());
  return editable?.[1] ? locationRequirement(editable[1]) : parseRequirement(entry);
}
