import { posix } from 'node:path';
import { createManifest, pypiDependency } from './manifest.ts';
import { locationRequirement, parseRequirement, type Requirement } from './pep508.ts';
import type { Dependency, DependencyScope, Manifest } from './types.ts';

const DEV_WORDS = new Set([
  'dev', 'devel', 'develop', 'development',
  'test', 'tests', 'testing',
  'lint', 'linting', 'linters',
  'doc', 'docs',
]);

/** pip requirements files (`requirements*.txt`, `requirements/*.txt`, pip-compile `.in`). */
export function parseRequirementsFile(path: string, text: string): Manifest {
  const scope = requirementsScope(path);
  const dependencies: Dependency[] = [];
  const includes: string[] = [];
  for (const line of logicalLines(text)) {
    const include = includeTarget(line);
    if (include !== null) {
      includes.push(resolveBeside(path, include));
      continue;
    }
    const requirement = requirementOf(line);
    if (requirement) dependencies.push(pypiDependency(requirement, scope));
  }
  return createManifest(path, 'requirements', 'pypi', { dependencies, includes });
}

/** The file name is the only signal of intent a requirements file carries. */
export function requirementsScope(path: string): DependencyScope {
  const words = posix.basename(path).replace(/\.[^.]*$/, '').toLowerCase().split(/[-_.]+/);
  return words.some((word) => DEV_WORDS.has(word)) ? 'dev' : 'prod';
}

/**
 * Joins `\` continuations and drops comments and blanks, as pip does: a comment ends the logical
 * line even when it ends in `\`, and `#` starts a comment only at the start or after whitespace
 * (so `#egg=` fragments survive).
 */
function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let pending = '';
  for (const physical of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const uncommented = physical.replace(/(^|\s)#.*$/, '');
    const continues = uncommented === physical && physical.endsWith('\\');
    pending += continues ? physical.slice(0, -1) : uncommented;
    if (continues) continue;
    if (pending.trim() !== '') lines.push(pending.trim());
    pending = '';
  }
  if (pending.trim() !== '') lines.push(pending.trim());
  return lines;
}

function includeTarget(line: string): string | null {
  const match = /^(?:-[rc]\s*|--(?:requirement|constraint)(?:\s*=\s*|\s+))(\S+)/.exec(line);
  return match?.[1] ?? null;
}

// Repo-relative so the inventory can follow the include to another manifest it already holds.
function resolveBeside(manifestPath: string, target: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target) || target.startsWith('/')) return target;
  return posix.normalize(posix.join(posix.dirname(manifestPath), target));
}

function requirementOf(line: string): Requirement | null {
  const editable = /^(?:-e|--editable)(?:\s*=\s*|\s+)(\S+)/.exec(line);
  if (editable?.[1]) return locationRequirement(editable[1]);
  // Every other option line (--index-url, --find-links, --pre, ...) configures pip, not the dependency set.
  if (line.startsWith('-')) return null;
  if (looksLikeLocation(line)) return locationRequirement(line.split(/\s/)[0] ?? '');
  // Per-requirement options (`--hash=...`, `--config-settings`) follow the requirement.
  return parseRequirement(line.replace(/\s+--?[A-Za-z].*$/, ''));
}

function looksLikeLocation(line: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(line) || /^(?:\.|\/|~)/.test(line);
}
