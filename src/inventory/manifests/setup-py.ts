import { posix } from 'node:path';
import { createManifest, pypiDependency } from './manifest.ts';
import { parseRequirement } from './pep508.ts';
import type { Dependency, Manifest, ProductCommand } from './types.ts';

// setuptools' `setup.py` is a program; it is never run. What it declares is read from the literal keyword arguments
// of its `setup(...)` call: a list of strings, or a name bound to one at the top of the file. Anything computed
// (a list read from a file at install time, a comprehension) is left out, except the requirements files it opens,
// which the inventory follows like `-r`.

/** `setup(name=..., install_requires=[...], extras_require={...}, entry_points={...})`, read as text. */
export function parseSetupPy(path: string, text: string): Manifest {
  const src = withoutComments(text);
  const args = setupArguments(src);
  if (!args) return createManifest(path, 'setup.py', 'pypi', {});
  const value = (key: string): string | undefined => {
    const raw = args.get(key);
    if (raw === undefined) return undefined;
    // `install_requires=REQUIRED`: a name bound to a literal at the top of the file.
    return /^[A-Za-z_]\w*$/.test(raw) ? boundLiteral(src, raw) ?? raw : raw;
  };
  const dependencies: Dependency[] = [];
  const add = (items: string[], scope: Dependency['scope'], group?: string): void => {
    for (const item of items) {
      const requirement = parseRequirement(item);
      if (requirement) dependencies.push(pypiDependency(requirement, scope, group));
    }
  };
  add(stringsOf(value('install_requires')), 'prod');
  for (const [extra, list] of entriesOf(value('extras_require'))) add(stringsOf(list), 'optional', extra);
  const commands: ProductCommand[] = [];
  const entryPoints = value('entry_points');
  const scripts = entriesOf(entryPoints).find(([group]) => group === 'console_scripts' || group === 'gui_scripts')?.[1];
  // The older string form: `entry_points="[console_scripts]\ntool = pkg.cli:main"`.
  const listed = scripts !== undefined ? stringsOf(scripts) : (stringsOf(entryPoints)[0]?.split('\n') ?? []).filter((line) => line.includes('='));
  for (const line of listed) {
    const m = /^\s*([\w.-]+)\s*=\s*([\w.]+(?::[\w.]+)?)/.exec(line);
    if (m?.[1] && m[2]) commands.push({ name: m[1], entry: m[2] });
  }
  // `install_requires=open("requirements.txt").read().splitlines()`, or a helper reading it: follow the files it opens.
  const includes = [...src.matchAll(/open\(\s*(?:[\w.]+\.join\([^,)]*,\s*)?['"]([^'"]*requirements[^'"]*\.(?:txt|in))['"]/g)].flatMap((m) =>
    m[1] ? [posix.normalize(posix.join(posix.dirname(path), m[1]))] : []);
  return createManifest(path, 'setup.py', 'pypi', { name: stringsOf(value('name'))[0] ?? null, dependencies, includes, commands });
}

/** The keyword arguments of the file's `setup(` call (or `setuptools.setup(`), each as its source text. */
function setupArguments(src: string): Map<string, string> | undefined {
  const call = /(?:^|[^\w.])(?:setuptools\.)?setup\s*\(/m.exec(src);
  if (!call) return undefined;
  const open = call.index + call[0].length - 1;
  const close = matching(src, open);
  if (close < 0) return undefined;
  const out = new Map<string, string>();
  for (const part of splitTopLevel(src.slice(open + 1, close))) {
    const m = /^\s*([A-Za-z_]\w*)\s*=(?!=)([\s\S]*)$/.exec(part);
    if (m?.[1] && m[2] !== undefined) out.set(m[1], m[2].trim());
  }
  return out;
}

/** `NAME = [...]` (or a dict, or a string) written at the start of a line: the literal a keyword argument names. */
function boundLiteral(src: string, name: string): string | undefined {
  const m = new RegExp(`^${name}\\s*=\\s*(?=[\\[{('"])`, 'm').exec(src);
  if (!m) return undefined;
  const start = m.index + m[0].length;
  const end = /[\[{(]/.test(src[start] ?? '') ? matching(src, start) : stringEnd(src, start);
  return end < 0 ? undefined : src.slice(start, end + 1);
}

/** The string literals directly inside a list or tuple literal, or a lone string literal. */
function stringsOf(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const body = /^[[(]/.test(raw) && /[\])]$/.test(raw) ? raw.slice(1, -1) : raw;
  return splitTopLevel(body).flatMap((item) => {
    const s = stringValue(item.trim());
    return s === undefined ? [] : [s];
  });
}

/** The `'key': value` pairs of a dict literal, or `key=value` of a `dict(...)` call. */
function entriesOf(raw: string | undefined): [string, string][] {
  if (raw === undefined) return [];
  const dict = /^\{([\s\S]*)\}$/.exec(raw)?.[1] ?? /^dict\(([\s\S]*)\)$/.exec(raw)?.[1];
  if (dict === undefined) return [];
  return splitTopLevel(dict).flatMap((pair): [string, string][] => {
    const colon = /^\s*(['"][^'"]*['"]|[A-Za-z_]\w*)\s*[:=]([\s\S]*)$/.exec(pair);
    if (!colon?.[1] || colon[2] === undefined) return [];
    const key = stringValue(colon[1]) ?? colon[1];
    return [[key, colon[2].trim()]];
  });
}

/** A Python string literal's text (single, double or triple quoted; prefixes r, u, b; no f-strings). */
function stringValue(item: string): string | undefined {
  const m = /^[rRuUbB]?("""|'''|"|')([\s\S]*)\1$/.exec(item);
  return m?.[2]?.replace(/\\n/g, '\n');
}

/** Parts of an argument list or literal body split at its top-level commas. */
function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '"' || c === "'") {
      i = stringEnd(body, i);
      if (i < 0) break;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts.filter((p) => p.trim() !== '');
}

/** Index of the bracket closing the one at `open`, skipping strings; -1 when it is not closed. */
function matching(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '"' || c === "'") {
      i = stringEnd(src, i);
      if (i < 0) return -1;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Index of the last quote of the string literal starting at `at`; -1 when it is not closed. */
function stringEnd(src: string, at: number): number {
  const q = src[at] ?? '';
  const quote = src.startsWith(q.repeat(3), at) ? q.repeat(3) : q;
  for (let i = at + quote.length; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src.startsWith(quote, i)) return i + quote.length - 1;
  }
  return -1;
}

/** The text with `#` comments blanked, strings left as they are. */
function withoutComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '"' || c === "'") {
      const end = stringEnd(text, i);
      const stop = end < 0 ? text.length - 1 : end;
      out += text.slice(i, stop + 1);
      i = stop;
    } else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl - 1;
    } else out += c;
  }
  return out;
}
