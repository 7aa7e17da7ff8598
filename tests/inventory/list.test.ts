import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInventory } from '../../src/inventory/index.ts';
import { listFiles } from '../../src/inventory/list.ts';

const temps: string[] = [];
function tempDir(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'arch-audit-list-')));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function put(root: string, path: string, content: string | Buffer = `// ${path}\n`): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

/** Plain git for building fixtures: no user or system config, no hooks, a fixed identity. */
function sh(cwd: string, args: string[]): string {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.toUpperCase().startsWith('GIT_')) env[k] = v;
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'init.defaultBranch=main', '-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgSign=false', ...args],
    { cwd, env: { ...env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}
function initAndCommit(root: string): void {
  sh(root, ['init', '--quiet', '.']);
  sh(root, ['add', '-A']);
  sh(root, ['commit', '--quiet', '--no-verify', '-m', 'init']);
}
const blobOf = (root: string, path: string): string => sh(root, ['rev-parse', `HEAD:${path}`]).trim();

describe('listFiles without git (glob)', () => {
  let root: string;
  beforeAll(() => {
    root = tempDir();
    put(root, '.gitignore', '*.log\nbuild/\n');
    put(root, 'a.ts');
    put(root, 'debug.log');
    put(root, 'build/out.js');
    put(root, 'src/build/nested.js'); // `build/` without a slash in front matches at any depth
    put(root, 'src/keep.ts');
    put(root, 'src/trace.log');
    put(root, 'secret.txt');
    put(root, 'local.ts');
    put(root, 'sub/.gitignore', 'secret.txt\n/local.ts\n');
    put(root, 'sub/secret.txt');
    put(root, 'sub/deep/secret.txt');
    put(root, 'sub/local.ts'); // anchored to sub/
    put(root, 'sub/deep/local.ts');
    put(root, 'sub/code.py');
    put(root, '.git/config', '[core]\n'); // a stray .git folder is never listed
    put(root, '.env.example', 'OPENAI_API_KEY=\n');
    symlinkSync('a.ts', join(root, 'link.ts'));
    symlinkSync('sub', join(root, 'linkdir'));
    symlinkSync('nowhere', join(root, 'dangling'));
  });

  it('honours the root and nested .gitignore files and marks symlinks', async () => {
    const listing = await listFiles(root, false, false);
    expect(listing).toEqual({
      method: 'glob',
      problems: [],
      files: [
        { path: '.env.example', blob: null, kind: 'file' },
        { path: '.gitignore', blob: null, kind: 'file' },
        { path: 'a.ts', blob: null, kind: 'file' },
        { path: 'dangling', blob: null, kind: 'symlink' },
        { path: 'link.ts', blob: null, kind: 'symlink' },
        { path: 'linkdir', blob: null, kind: 'symlink' },
        { path: 'local.ts', blob: null, kind: 'file' },
        { path: 'secret.txt', blob: null, kind: 'file' },
        { path: 'src/keep.ts', blob: null, kind: 'file' },
        { path: 'sub/.gitignore', blob: null, kind: 'file' },
        { path: 'sub/code.py', blob: null, kind: 'file' },
        { path: 'sub/deep/local.ts', blob: null, kind: 'file' },
      ],
    });
  });

  it('lists the same files whatever includeUntracked says', async () => {
    expect(await listFiles(root, false, true)).toEqual(await listFiles(root, false, false));
  });
});

describe('nested repositories', () => {
  it('walks into the repositories of a folder that is none (a checkout of several), and leaves them to git inside one', async () => {
    const outer = tempDir();
    put(outer, 'one/app.py');
    put(outer, 'two/src/index.ts');
    initAndCommit(join(outer, 'one'));
    initAndCommit(join(outer, 'two'));
    expect((await listFiles(outer, false, true)).files.map((f) => f.path)).toEqual(['one/app.py', 'two/src/index.ts']);

    const repo = tempDir();
    put(repo, 'main.py');
    initAndCommit(repo);
    put(repo, 'vendor/lib/x.py');
    initAndCommit(join(repo, 'vendor/lib'));
    expect((await listFiles(repo, true, true)).files.map((f) => f.path)).toEqual(['main.py']);
  });
});

describe('listFiles in a git work tree', () => {
  let repo: string;
  beforeAll(() => {
    repo = tempDir();
    put(repo, '.gitignore', '*.log\n');
    put(repo, 'README.md', '# demo\n');
    put(repo, 'app/main.ts');
    put(repo, 'app/lib/util.ts');
    put(repo, 'other/x.ts');
    initAndCommit(repo);
    put(repo, 'app/new.ts'); // untracked
    put(repo, 'app/newdir/n.py'); // untracked, in an untracked folder
    put(repo, 'app/debug.log'); // ignored
    put(repo, 'app/cache/trace.log'); // ignored
    put(repo, 'other/untracked.ts'); // untracked, outside the target folder
  });

  it('lists tracked files of a sub-folder relative to it, with their blob ids', async () => {
    const listing = await listFiles(join(repo, 'app'), true, false);
    expect(listing).toEqual({
      method: 'git',
      problems: [],
      files: [
        { path: 'lib/util.ts', blob: blobOf(repo, 'app/lib/util.ts'), kind: 'file' },
        { path: 'main.ts', blob: blobOf(repo, 'app/main.ts'), kind: 'file' },
      ],
    });
    expect(listing.files[0]?.blob).toMatch(/^[0-9a-f]{40}$/);
  });

  it('adds untracked, non-ignored files with a null blob when asked', async () => {
    const listing = await listFiles(join(repo, 'app'), true, true);
    expect(listing.files).toEqual([
      { path: 'lib/util.ts', blob: blobOf(repo, 'app/lib/util.ts'), kind: 'file' },
      { path: 'main.ts', blob: blobOf(repo, 'app/main.ts'), kind: 'file' },
      { path: 'new.ts', blob: null, kind: 'file' },
      { path: 'newdir/n.py', blob: null, kind: 'file' },
    ]);
  });

  it('lists the whole repository from its root', async () => {
    const listing = await listFiles(repo, true, true);
    expect(listing.files.map((f) => [f.path, f.blob === null ? null : 'blob'])).toEqual([
      ['.gitignore', 'blob'],
      ['README.md', 'blob'],
      ['app/lib/util.ts', 'blob'],
      ['app/main.ts', 'blob'],
      ['app/new.ts', null],
      ['app/newdir/n.py', null],
      ['other/untracked.ts', null],
      ['other/x.ts', 'blob'],
    ]);
  });

  it('marks tracked symlinks and submodules (gitlinks) by their mode', async () => {
    const dir = tempDir();
    put(dir, 'a.ts');
    symlinkSync('a.ts', join(dir, 'link.ts'));
    initAndCommit(dir);
    const head = sh(dir, ['rev-parse', 'HEAD']).trim();
    sh(dir, ['update-index', '--add', '--cacheinfo', `160000,${head},libs/sub`]);
    const listing = await listFiles(dir, true, false);
    expect(listing.files).toEqual([
      { path: 'a.ts', blob: blobOf(dir, 'a.ts'), kind: 'file' },
      { path: 'libs/sub', blob: head, kind: 'submodule' },
      { path: 'link.ts', blob: blobOf(dir, 'link.ts'), kind: 'symlink' },
    ]);
  });
});

describe('lockfiles without git', () => {
  it('counts a lockfile on disk beside its manifest even where a .gitignore names it, and invents none', async () => {
    const root = tempDir();
    put(root, '.gitignore', 'yarn.lock\npoetry.lock\n');
    put(root, 'backend/package.json', JSON.stringify({ name: 'backend', dependencies: { express: '^5.0.0' } }));
    put(root, 'backend/yarn.lock', '# yarn lockfile v1\n');
    put(root, 'worker/pyproject.toml', '[project]\nname = "worker"\ndependencies = ["celery"]\n');
    const inv = await buildInventory(root, { inGitTree: false, includeUntracked: false, maxFileBytes: 1_000_000 });
    expect(inv.method).toBe('glob');
    expect(inv.files.map((f) => f.path)).not.toContain('backend/yarn.lock');
    // the worker's poetry.lock is ignored and absent: nothing stands in for it
    expect(inv.skipped).toEqual([{ path: 'backend/yarn.lock', reason: 'generated' }]);
  });
});

describe('buildInventory', () => {
  const LLM_TS = "import OpenAI from 'openai';\nexport const client = new OpenAI();\n";
  const PACKAGE_JSON = JSON.stringify({ name: 'demo', dependencies: { openai: '^4.52.0' }, devDependencies: { vitest: '^3.2.0' } }, null, 2);
  const REQUIREMENTS = '# pinned\nanthropic==0.34.0\nLangChain_Core>=0.2\n';
  const size = (text: string): number => Buffer.byteLength(text);
  let repo: string;
  beforeAll(() => {
    repo = tempDir();
    put(repo, 'src/llm.ts', LLM_TS);
    put(repo, 'src/llm.test.ts', 'test();\n');
    put(repo, 'node_modules/x/index.js', 'module.exports = 1;\n');
    put(repo, 'node_modules/x/package.json', JSON.stringify({ name: 'x', dependencies: { leftpad: '1.0.0' } }));
    put(repo, 'dist/a.js', 'var a=1;\n');
    put(repo, 'dist/package.json', JSON.stringify({ name: 'built', dependencies: { react: '18.0.0' } }));
    put(repo, 'logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    put(repo, 'big.ts', `// ${'x'.repeat(2_000_000)}\n`);
    put(repo, 'big.csv', `${'a,b\n'.repeat(500_000)}`); // large, but not a counted language
    put(repo, 'deleted.py', 'print(1)\n');
    put(repo, 'package.json', PACKAGE_JSON);
    put(repo, 'requirements.txt', REQUIREMENTS);
    initAndCommit(repo);
    rmSync(join(repo, 'deleted.py'));
    put(repo, 'scripts/untracked.py', 'import os\n');
  });

  it('skips vendored, generated, binary, too-large and missing files and keeps the rest with role and language', async () => {
    const inv = await buildInventory(repo, { inGitTree: true, includeUntracked: true, maxFileBytes: 1_000_000 });
    expect(inv.method).toBe('git');
    expect(inv.skipped).toEqual([
      { path: 'big.ts', reason: 'too-large' },
      { path: 'deleted.py', reason: 'missing' },
      { path: 'dist/a.js', reason: 'generated' },
      { path: 'dist/package.json', reason: 'generated' },
      { path: 'logo.png', reason: 'binary' },
      { path: 'node_modules/x/index.js', reason: 'vendored' },
      { path: 'node_modules/x/package.json', reason: 'vendored' },
    ]);
    expect(inv.files).toEqual([
      { path: 'big.csv', language: null, role: 'product', size: null, blob: blobOf(repo, 'big.csv') },
      { path: 'package.json', language: null, role: 'product', size: size(PACKAGE_JSON), blob: blobOf(repo, 'package.json') },
      { path: 'requirements.txt', language: null, role: 'product', size: size(REQUIREMENTS), blob: blobOf(repo, 'requirements.txt') },
      { path: 'scripts/untracked.py', language: 'python', role: 'script', size: size('import os\n'), blob: null },
      { path: 'src/llm.test.ts', language: 'typescript', role: 'test', size: size('test();\n'), blob: blobOf(repo, 'src/llm.test.ts') },
      { path: 'src/llm.ts', language: 'typescript', role: 'product', size: size(LLM_TS), blob: blobOf(repo, 'src/llm.ts') },
    ]);
  });

  it('reads the manifests it keeps, with their dependencies, and not those of skipped files', async () => {
    const inv = await buildInventory(repo, { inGitTree: true, includeUntracked: false, maxFileBytes: 1_000_000 });
    expect(inv.manifests).toEqual([
      {
        path: 'package.json', kind: 'package.json', ecosystem: 'npm', name: 'demo',
        dependencies: [
          { name: 'openai', spec: '^4.52.0', scope: 'prod', ecosystem: 'npm' },
          { name: 'vitest', spec: '^3.2.0', scope: 'dev', ecosystem: 'npm' },
        ],
        workspaces: [], includes: [],
      },
      {
        path: 'requirements.txt', kind: 'requirements', ecosystem: 'pypi', name: null,
        dependencies: [
          { name: 'anthropic', spec: '==0.34.0', scope: 'prod', ecosystem: 'pypi' },
          { name: 'langchain-core', spec: '>=0.2', scope: 'prod', ecosystem: 'pypi' },
        ],
        workspaces: [], includes: [],
      },
    ]);
  });

  it('a larger limit keeps the big file; without untracked files the new script is absent', async () => {
    const inv = await buildInventory(repo, { inGitTree: true, includeUntracked: false, maxFileBytes: 3_000_000 });
    expect(inv.skipped.map((s) => s.path)).not.toContain('big.ts');
    expect(inv.files.find((f) => f.path === 'big.ts')).toEqual({ path: 'big.ts', language: 'typescript', role: 'product', size: 2_000_004, blob: blobOf(repo, 'big.ts') });
    expect(inv.files.map((f) => f.path)).not.toContain('scripts/untracked.py');
  });

  it('without git, lists by glob and skips symlinks', async () => {
    const dir = tempDir();
    put(dir, 'src/app.py', 'import openai\n');
    put(dir, 'vendor/lib.py');
    symlinkSync('src/app.py', join(dir, 'alias.py'));
    const tsconfig = '{\n  // comments and trailing commas, as tsconfig allows\n  "compilerOptions": { "paths": { "@/*": ["./src/*"], }, },\n}\n';
    put(dir, 'tsconfig.json', tsconfig);
    put(dir, '.github/workflows/ci.yml', 'on: [push]\n');
    const inv = await buildInventory(dir, { inGitTree: false, includeUntracked: false, maxFileBytes: 1_000_000 });
    expect(inv).toEqual({
      method: 'glob',
      problems: [],
      files: [
        { path: '.github/workflows/ci.yml', language: null, role: 'script', size: 11, blob: null },
        { path: 'src/app.py', language: 'python', role: 'product', size: 14, blob: null },
        { path: 'tsconfig.json', language: null, role: 'product', size: tsconfig.length, blob: null },
      ],
      skipped: [
        { path: 'alias.py', reason: 'symlink' },
        { path: 'vendor/lib.py', reason: 'vendored' },
      ],
      manifests: [],
      ciConfigs: [{
        path: '.github/workflows/ci.yml', text: 'on: [push]\n',
        documents: [{ kind: 'map', line: 1, entries: [{ key: 'on', line: 1, value: { kind: 'seq', line: 1, items: [{ kind: 'scalar', value: 'push', line: 1, start: 5, end: 9 }] } }] }],
      }],
      aliases: [{ scope: '', prefix: '@/', target: 'src/' }],
      codeowners: null,
    });
  });

  // Untracked files from `git ls-files -o` carry no mode, so a symlink among them is recognised by lstat.
  it('reports an untracked symlink in a git work tree as a symlink', async () => {
    const dir = tempDir();
    put(dir, 'a.ts');
    initAndCommit(dir);
    symlinkSync('a.ts', join(dir, 'alias.ts'));
    const inv = await buildInventory(dir, { inGitTree: true, includeUntracked: true, maxFileBytes: 1_000_000 });
    expect(inv.skipped).toEqual([{ path: 'alias.ts', reason: 'symlink' }]);
  });
});
