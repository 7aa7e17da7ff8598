import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The install works on any laptop: what `npm ci` installs is read from the lockfile, so these hold on
// every OS without trying each one.

interface LockPackage {
  dev?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  engines?: { node?: string };
}
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockPackage> };
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { license: string; engines: { node: string }; scripts: Record<string, string> };
const installed = Object.entries(lock.packages).filter(([path]) => path !== '');

/** Does `version` (x.y.z) satisfy an npm range made of `||`, `>=`, `^`, bare majors and `*`? Unknown forms throw. */
function satisfies(version: string, range: string): boolean {
  const [maj, min, pat] = version.split('.').map(Number) as [number, number, number];
  const cmp = (v: string): number => {
    const [a = 0, b = 0, c = 0] = v.split('.').map(Number);
    return maj - a || min - b || pat - c;
  };
  return range.split('||').some((alt) => {
    const part = alt.trim();
    let m: RegExpExecArray | null;
    if (part === '*' || part === '') return true;
    if ((m = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(part))) return cmp(m[1] as string) >= 0;
    if ((m = /^\^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(part))) return maj === Number(m[1]) && cmp(`${m[1]}.${m[2] ?? 0}.${m[3] ?? 0}`) >= 0;
    if ((m = /^(\d+)$/.exec(part))) return maj === Number(m[1]);
    throw new Error(`range form not understood: ${part}`);
  });
}

describe('install', () => {
  it('no dependency locked to one OS or CPU is required (npm ci works on Linux, macOS and Windows)', () => {
    const locked = installed.filter(([, p]) => (p.os || p.cpu) && !p.optional).map(([path]) => path);
    expect(locked).toEqual([]);
  });

  it("every runtime dependency runs on the oldest Node package.json's engines allow", () => {
    const oldest = /^>=\s*(\d+\.\d+(?:\.\d+)?)$/.exec(pkg.engines.node)?.[1] ?? '';
    const version = oldest.split('.').length === 2 ? `${oldest}.0` : oldest;
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    const unmet = installed.filter(([, p]) => !p.dev && !p.optional && p.engines?.node && !satisfies(version, p.engines.node)).map(([path, p]) => `${path} wants ${p.engines?.node}`);
    expect(unmet).toEqual([]);
  });

  it('the range check itself reads the forms the lockfile uses', () => {
    expect(satisfies('20.10.0', '>=22')).toBe(false);
    expect(satisfies('20.10.0', '18 || 20 || >=22')).toBe(true);
    expect(satisfies('20.10.0', '^20.19.0 || >=22.12.0')).toBe(false);
    expect(satisfies('20.10.0', '>= 14.16')).toBe(true);
  });

  it('builds once per install: only `prepare` builds, `npm start` runs the sources', () => {
    const building = Object.entries(pkg.scripts).filter(([name, cmd]) => ['preinstall', 'install', 'postinstall', 'prepare', 'start', 'prestart'].includes(name) && /build\.mjs/.test(cmd)).map(([name]) => name);
    expect(building).toEqual(['prepare']);
  });

  it('ships the Apache-2.0 LICENSE that package.json names', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const text = readFileSync('LICENSE', 'utf8');
    expect(text).toMatch(/Apache License\s+Version 2\.0, January 2004/);
    expect(text).toMatch(/END OF TERMS AND CONDITIONS/);
  });
});
