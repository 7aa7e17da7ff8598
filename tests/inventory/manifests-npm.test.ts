import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/inventory/manifests/index.ts';

describe('package.json', () => {
  it('reads every dependency block with its scope, sorted by name then scope', () => {
    const text = JSON.stringify({
      name: '@acme/web',
      version: '1.4.0',
      private: true,
      dependencies: { openai: '^4.52.0', next: '14.2.3', react: '^18.3.1', '@acme/ui': 'workspace:*' },
      devDependencies: { typescript: '~5.4.5', vitest: '^1.6.0', react: '^18.3.1' },
      optionalDependencies: { fsevents: '^2.3.3' },
      peerDependencies: { react: '>=18' },
      peerDependenciesMeta: { react: { optional: true } },
      scripts: { build: 'next build' },
    });
    expect(parseManifest('apps/web/package.json', text)).toStrictEqual({
      path: 'apps/web/package.json',
      kind: 'package.json',
      ecosystem: 'npm',
      name: '@acme/web',
      dependencies: [
        { name: '@acme/ui', spec: 'workspace:*', scope: 'prod', ecosystem: 'npm' },
        { name: 'fsevents', spec: '^2.3.3', scope: 'optional', ecosystem: 'npm' },
        { name: 'next', spec: '14.2.3', scope: 'prod', ecosystem: 'npm' },
        { name: 'openai', spec: '^4.52.0', scope: 'prod', ecosystem: 'npm' },
        { name: 'react', spec: '^18.3.1', scope: 'prod', ecosystem: 'npm' },
        { name: 'react', spec: '^18.3.1', scope: 'dev', ecosystem: 'npm' },
        { name: 'react', spec: '>=18', scope: 'peer', ecosystem: 'npm' },
        { name: 'typescript', spec: '~5.4.5', scope: 'dev', ecosystem: 'npm' },
        { name: 'vitest', spec: '^1.6.0', scope: 'dev', ecosystem: 'npm' },
      ],
      workspaces: [],
      includes: [],
      scripts: { build: 'next build' },
    });
  });

  it('reads workspaces given as an array', () => {
    const text = `{
  "name": "acme-monorepo",
  "private": true,
  "workspaces": ["apps/*", "packages/*", "apps/*"],
  "devDependencies": { "turbo": "^2.0.4" }
}`;
    expect(parseManifest('package.json', text)).toStrictEqual({
      path: 'package.json',
      kind: 'package.json',
      ecosystem: 'npm',
      name: 'acme-monorepo',
      dependencies: [{ name: 'turbo', spec: '^2.0.4', scope: 'dev', ecosystem: 'npm' }],
      workspaces: ['apps/*', 'packages/*'],
      includes: [],
    });
  });

  it('reads Yarn workspaces given as {packages, nohoist}', () => {
    const text = `{
  "private": true,
  "workspaces": { "packages": ["packages/*", "services/**"], "nohoist": ["**/react-native"] }
}`;
    expect(parseManifest('package.json', text)).toStrictEqual({
      path: 'package.json',
      kind: 'package.json',
      ecosystem: 'npm',
      name: null,
      dependencies: [],
      workspaces: ['packages/*', 'services/**'],
      includes: [],
    });
  });

  it('tolerates a UTF-8 BOM', () => {
    const text = '\uFEFF{"name":"bom-app","dependencies":{"@anthropic-ai/sdk":"^0.24.0"}}';
    expect(parseManifest('package.json', text)).toStrictEqual({
      path: 'package.json',
      kind: 'package.json',
      ecosystem: 'npm',
      name: 'bom-app',
      dependencies: [{ name: '@anthropic-ai/sdk', spec: '^0.24.0', scope: 'prod', ecosystem: 'npm' }],
      workspaces: [],
      includes: [],
    });
  });

  it('ignores malformed blocks and non-string specs instead of failing', () => {
    const text = '{"name": 42, "dependencies": ["openai"], "devDependencies": {"eslint": 8, "prettier": "3.3.2"}, "workspaces": "apps/*"}';
    expect(parseManifest('package.json', text)).toStrictEqual({
      path: 'package.json',
      kind: 'package.json',
      ecosystem: 'npm',
      name: null,
      dependencies: [{ name: 'prettier', spec: '3.3.2', scope: 'dev', ecosystem: 'npm' }],
      workspaces: [],
      includes: [],
    });
  });

  it('reports invalid JSON as a one-line error with no dependencies', () => {
    const manifest = parseManifest('package.json', '{\n  "name": "broken",\n  "dependencies": {\n    "openai": "^4",\n  }\n}\n');
    expect(manifest).toStrictEqual({
      path: 'package.json',
      kind: 'package.json',
      ecosystem: 'npm',
      name: null,
      dependencies: [],
      workspaces: [],
      includes: [],
      error: expect.stringMatching(/^invalid JSON: \S.*$/),
    });
    expect(manifest?.error).not.toMatch(/\n/);
  });

  it('reports a JSON document that is not an object', () => {
    expect(parseManifest('package.json', '["openai"]')?.error).toBe('invalid package.json: top level is not an object');
  });
});
