import { posix } from 'node:path';
import { createManifest, failedManifest } from './manifest.ts';
import type { Dependency, DependencyScope, Manifest, ProductCommand } from './types.ts';

const SCOPE_FIELDS: [string, DependencyScope][] = [
  ['dependencies', 'prod'],
  ['devDependencies', 'dev'],
  ['optionalDependencies', 'optional'],
  ['peerDependencies', 'peer'],
];

type JsonObject = { [key: string]: unknown };

export function parsePackageJson(path: string, text: string): Manifest {
  let root: unknown;
  try {
    // Editors on Windows save JSON with a BOM, which JSON.parse rejects.
    root = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return failedManifest(path, 'package.json', 'npm', `invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!isObject(root)) return failedManifest(path, 'package.json', 'npm', 'invalid package.json: top level is not an object');

  const dependencies: Dependency[] = [];
  for (const [field, scope] of SCOPE_FIELDS) {
    const block = root[field];
    if (!isObject(block)) continue;
    for (const [name, spec] of Object.entries(block)) {
      if (typeof spec === 'string') dependencies.push({ name, spec, scope, ecosystem: 'npm' });
    }
  }
  const name = typeof root['name'] === 'string' ? root['name'] : null;
  return createManifest(path, 'package.json', 'npm', {
    name,
    dependencies,
    workspaces: workspaceGlobs(root['workspaces']),
    commands: binCommands(path, name, root['bin']),
    scripts: scripts(root['scripts']),
  });
}

/** `"bin": "cli.js"` installs the package's own name (unscoped); `"bin": {"acme": "src/cli.ts"}` each key. */
function binCommands(path: string, name: string | null, bin: unknown): ProductCommand[] {
  const entries: [string, unknown][] = typeof bin === 'string' ? (name ? [[name.replace(/^@[^/]+\//, ''), bin]] : []) : isObject(bin) ? Object.entries(bin) : [];
  return entries.flatMap(([command, file]) => (typeof file === 'string' ? [{ name: command, entry: posix.normalize(posix.join(posix.dirname(path), file)) }] : []));
}

// fromEntries defines own properties, so a script named `__proto__` stays a script.
function scripts(value: unknown): Record<string, string> {
  return Object.fromEntries(isObject(value) ? Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string') : []);
}

/** npm and Yarn 1 take an array; Yarn's object form puts the globs under `packages` (beside `nohoist`). */
function workspaceGlobs(value: unknown): string[] {
  const list = isObject(value) ? value['packages'] : value;
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
