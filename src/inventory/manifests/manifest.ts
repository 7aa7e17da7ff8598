import type { Dependency, Ecosystem, Manifest, ManifestKind, ProductCommand } from './types.ts';

export interface ManifestParts {
  name?: string | null;
  dependencies?: Dependency[];
  workspaces?: string[];
  includes?: string[];
  commands?: ProductCommand[];
  scripts?: Record<string, string>;
}

const SCOPE_ORDER: Record<Dependency['scope'], number> = { prod: 0, dev: 1, optional: 2, peer: 3 };

/** Assembles a Manifest in canonical form so reports and snapshots are stable across runs. */
export function createManifest(path: string, kind: ManifestKind, ecosystem: Ecosystem, parts: ManifestParts): Manifest {
  return {
    path,
    kind,
    ecosystem,
    name: parts.name ?? null,
    dependencies: canonicalDependencies(parts.dependencies ?? []),
    workspaces: unique(parts.workspaces ?? []),
    includes: unique(parts.includes ?? []),
    ...(parts.commands?.length ? { commands: [...parts.commands].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) } : {}),
    ...(parts.scripts && Object.keys(parts.scripts).length > 0 ? { scripts: parts.scripts } : {}),
  };
}

export function failedManifest(path: string, kind: ManifestKind, ecosystem: Ecosystem, error: string): Manifest {
  return { ...createManifest(path, kind, ecosystem, {}), error: oneLine(error) };
}

export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function canonicalDependencies(deps: Dependency[]): Dependency[] {
  const byKey = new Map<string, Dependency>();
  for (const dep of deps) byKey.set(identity(dep, dep.spec), dep);
  // A bare mention next to a versioned one (`foo` and `foo>=1`, or a Poetry table that only names a
  // source) says nothing the versioned entry does not, and would read as a second dependency.
  const kept = [...byKey.values()].filter(
    (dep) => dep.spec !== '' || ![...byKey.values()].some((other) => other.spec !== '' && sameSlot(dep, other)),
  );
  return kept.sort(compareDependencies);
}

function identity(dep: Dependency, spec: string): string {
  return JSON.stringify([dep.name, dep.scope, dep.group ?? null, spec]);
}

function sameSlot(a: Dependency, b: Dependency): boolean {
  return a.name === b.name && a.scope === b.scope && a.group === b.group;
}

// Code-unit comparison, not localeCompare, so order does not depend on the machine's locale.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareDependencies(a: Dependency, b: Dependency): number {
  return (
    compareStrings(a.name, b.name) ||
    SCOPE_ORDER[a.scope] - SCOPE_ORDER[b.scope] ||
    compareStrings(a.group ?? '', b.group ?? '') ||
    compareStrings(a.spec, b.spec)
  );
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

/** A PyPI dependency, leaving `group` off entirely when there is none so manifests compare cleanly. */
export function pypiDependency(
  requirement: { name: string; spec: string },
  scope: Dependency['scope'],
  group?: string,
): Dependency {
  const dep: Dependency = { name: requirement.name, spec: requirement.spec, scope, ecosystem: 'pypi' };
  if (group !== undefined) dep.group = group;
  return dep;
}
