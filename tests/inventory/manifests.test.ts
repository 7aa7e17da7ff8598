import { describe, expect, it } from 'vitest';
import { manifestKind, normalizePythonName, parseManifest } from '../../src/inventory/manifests/index.ts';

describe('manifestKind', () => {
  it.each([
    ['package.json', 'package.json'],
    ['apps/web/package.json', 'package.json'],
    ['requirements.txt', 'requirements'],
    ['docs/requirements.txt', 'requirements'],
    ['requirements-dev.txt', 'requirements'],
    ['services/api/requirements_test.txt', 'requirements'],
    ['dev-requirements.txt', 'requirements'],
    ['requirements.in', 'requirements'],
    ['requirements-dev.in', 'requirements'],
    ['requirements/dev.txt', 'requirements'],
    ['requirements/base.in', 'requirements'],
    ['pyproject.toml', 'pyproject'],
    ['backend/pyproject.toml', 'pyproject'],
    ['Pipfile', 'pipfile'],
    ['worker/Pipfile', 'pipfile'],
    ['setup.cfg', 'setup.cfg'],
    ['setup.py', 'setup.py'],
    ['libs/core/setup.py', 'setup.py'],
  ] as const)('%s -> %s', (path, kind) => {
    expect(manifestKind(path)).toBe(kind);
  });

  it.each([
    'node_modules/x/package.json',
    'apps/web/node_modules/@scope/pkg/package.json',
    'my-requirements-notes.md',
    'requirements.md',
    'constraints.txt',
    'docs/setup.txt',
    'requirements/README.md',
    'package-lock.json',
    'Pipfile.lock',
    'poetry.lock',
    'tsconfig.json',
    'pipfile',
  ])('%s -> null', (path) => {
    expect(manifestKind(path)).toBeNull();
  });
});

describe('normalizePythonName', () => {
  it.each([
    ['Google_Generativeai', 'google-generativeai'],
    ['langchain.openai', 'langchain-openai'],
    ['Flask', 'flask'],
    ['zope.interface', 'zope-interface'],
    ['my__weird.-_Name', 'my-weird-name'],
    ['openai', 'openai'],
  ])('%s -> %s', (raw, normalised) => {
    expect(normalizePythonName(raw)).toBe(normalised);
  });
});

describe('parseManifest', () => {
  it('returns null for files that are not manifests', () => {
    expect(parseManifest('README.md', '# hello')).toBeNull();
    expect(parseManifest('node_modules/left-pad/package.json', '{"name":"left-pad"}')).toBeNull();
  });

  it('dispatches by file name', () => {
    expect(parseManifest('apps/web/package.json', '{"name":"web"}')).toStrictEqual({
      path: 'apps/web/package.json',
      kind: 'package.json',
      ecosystem: 'npm',
      name: 'web',
      dependencies: [],
      workspaces: [],
      includes: [],
    });
    expect(parseManifest('Pipfile', '')?.kind).toBe('pipfile');
    expect(parseManifest('setup.cfg', '')?.kind).toBe('setup.cfg');
    expect(parseManifest('pyproject.toml', '')?.kind).toBe('pyproject');
    expect(parseManifest('requirements.txt', '')?.kind).toBe('requirements');
  });

  it('never throws on hostile or binary input', () => {
    const junk = ['\u0000\u0001\u0002', '{{{{', '[[[[', '__proto__ = 1', '{"__proto__": {"x": 1}, "dependencies": 5}', '\\'];
    for (const text of junk) {
      for (const path of ['package.json', 'requirements.txt', 'pyproject.toml', 'Pipfile', 'setup.cfg']) {
        expect(() => parseManifest(path, text)).not.toThrow();
      }
    }
  });
});
