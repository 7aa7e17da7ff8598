import { normalizePythonName } from './python-name.ts';

export interface Requirement {
  /** PEP 503-normalised */
  name: string;
  /** version specifier as written, the URL of a direct reference, or '' */
  spec: string;
}

const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*/;
const EXTRAS = /^\[[^\]]*\]\s*/;
const CLAUSE = String.raw`(?:===\s*[^\s,;]+|(?:==|!=|~=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+)`;
const SPECIFIER = new RegExp(String.raw`^${CLAUSE}(?:\s*,\s*${CLAUSE})*$`);

/**
 * Reads one PEP 508 requirement (`pkg[extra]>=1,<2; python_version < "3.11"`, `pkg @ https://...`).
 * Extras and environment markers are dropped: the inventory records what is depended on, not when.
 * Returns null for anything that is not a requirement, so callers can skip prose, paths and URLs
 * instead of inventing a package from them.
 */
export function parseRequirement(text: string): Requirement | null {
  const nameMatch = NAME.exec(text.trim());
  if (!nameMatch?.[1]) return null;
  const name = normalizePythonName(nameMatch[1]);
  let rest = text.trim().slice(nameMatch[0].length);
  rest = rest.slice(EXTRAS.exec(rest)?.[0].length ?? 0);

  if (rest.startsWith('@')) {
    // URLs may contain `;`, so PEP 508 ends a direct reference at whitespace, not at the marker.
    const url = rest.slice(1).trim().split(/\s/)[0] ?? '';
    return url === '' ? null : { name, spec: url };
  }

  let spec = (rest.split(';')[0] ?? '').trim();
  // The parenthesised form `pkg (>=1.0)` is older syntax for the same specifier.
  if (spec.startsWith('(') && spec.endsWith(')')) spec = spec.slice(1, -1).trim();
  if (spec !== '' && !SPECIFIER.test(spec)) return null;
  return { name, spec };
}

/**
 * A pip URL or path (`git+https://...#egg=name`, `./libs/x#egg=x`) as a requirement: the `#egg=`
 * fragment is the only place such a line names its package, so without one there is nothing to record
 * (`-e .` is the project itself). The location is kept as the spec.
 */
export function locationRequirement(target: string): Requirement | null {
  const match = /[#&]egg=([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/.exec(target);
  return match?.[1] ? { name: normalizePythonName(match[1]), spec: target } : null;
}
