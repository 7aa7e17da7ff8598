import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { acquire, type Checkout } from '../../src/acquire/index.ts';
import { TOOL_VERSION } from '../../src/version.ts';
import { commitAll, envSandbox, initRepo, removeDir, sh, tempDir, write } from './helpers.ts';

describe('acquire: clone over file://', { timeout: 60_000 }, () => {
  let base: string;
  let url: string;
  let cacheDir: string;
  let first: string;
  let mainHead: string;
  let featureHead: string;
  const env = envSandbox();
  const checkouts: Checkout[] = [];

  beforeAll(() => {
    base = tempDir();
    cacheDir = join(base, 'cache');
    const work = join(base, 'work');
    const bare = join(base, 'origin.git');
    mkdirSync(work);
    initRepo(work);
    write(join(work, 'README.md'), '# one\n');
    first = commitAll(work, 'first');
    sh(work, ['tag', '-a', 'v1', '-m', 'release 1']);
    write(join(work, 'app.py'), 'print("two")\n');
    mainHead = commitAll(work, 'second');
    sh(work, ['checkout', '--quiet', '-b', 'feature']);
    write(join(work, 'feature.txt'), 'feature\n');
    featureHead = commitAll(work, 'feature');
    sh(work, ['checkout', '--quiet', 'main']); // the bare clone's HEAD follows this
    sh(base, ['clone', '--quiet', '--bare', '--template=', work, bare]);
    url = `file://${bare}`;
  }, 60_000);

  afterEach(async () => {
    env.restore();
    for (const c of checkouts.splice(0)) await c.cleanup();
  });
  afterAll(() => removeDir(base));

  async function clone(input: string, opts: Parameters<typeof acquire>[1] = {}): Promise<Checkout> {
    const c = await acquire(input, { cacheDir, ...opts });
    checkouts.push(c);
    return c;
  }

  it('clones the default branch shallowly into the cache, with full provenance', async () => {
    env.set({ SOURCE_DATE_EPOCH: '1700000000' });
    const c = await clone(url);
    expect(c.root.startsWith(join(cacheDir, 'checkouts') + '/')).toBe(true);
    expect(c.gitRoot).toBe(c.root);
    expect(readFileSync(join(c.root, 'app.py'), 'utf8')).toBe('print("two")\n');
    expect(existsSync(join(c.root, 'feature.txt'))).toBe(false);
    expect(c.provenance).toEqual({
      kind: 'git',
      source: url,
      ref: 'main',
      commit: mainHead,
      subdir: null,
      shallow: true,
      scannedAt: '2023-11-14T22:13:20.000Z',
      toolVersion: TOOL_VERSION,
      github: null,
      reviews: null,
      notes: [],
    });
    // only the checked-out commit came over
    expect(readdirSync(join(c.root, '.git')).includes('shallow')).toBe(true);
  });

  it('cleanup() removes the clone and only the clone', async () => {
    const c = await acquire(url, { cacheDir });
    expect(existsSync(c.root)).toBe(true);
    await c.cleanup();
    expect(existsSync(c.root)).toBe(false);
    expect(existsSync(join(cacheDir, 'checkouts'))).toBe(true);
    await c.cleanup(); // idempotent
  });

  it('clones a branch', async () => {
    const c = await clone(url, { ref: 'feature' });
    expect(c.provenance.commit).toBe(featureHead);
    expect(c.provenance.ref).toBe('feature');
    expect(readFileSync(join(c.root, 'feature.txt'), 'utf8')).toBe('feature\n');
  });

  it('clones an annotated tag (peeled to its commit)', async () => {
    const c = await clone(url, { ref: 'v1' });
    expect(c.provenance.commit).toBe(first);
    expect(c.provenance.ref).toBe('v1');
    expect(existsSync(join(c.root, 'app.py'))).toBe(false);
  });

  it('clones a full commit SHA', async () => {
    const c = await clone(url, { ref: first });
    expect(c.provenance.commit).toBe(first);
    expect(c.provenance.ref).toBe(first);
    expect(c.provenance.shallow).toBe(true);
  });

  it('falls back to a full fetch when the server refuses an unadvertised SHA', async () => {
    // Protocol v0 upload-pack refuses wants that are not ref tips, as many servers do.
    const cfg = join(base, 'protocol-v0.gitconfig');
    write(cfg, '[protocol]\n\tversion = 0\n');
    env.set({ GIT_CONFIG_GLOBAL: cfg });
    const logs: string[] = [];
    const c = await clone(url, { ref: first, log: (m) => logs.push(m) });
    expect(c.provenance.commit).toBe(first);
    expect(c.provenance.shallow).toBe(false);
    expect(logs.some((m) => m.includes('fetching all branches and tags'))).toBe(true);
  });

  it('honours --depth 0 (full history)', async () => {
    const c = await clone(url, { depth: 0 });
    expect(c.provenance.shallow).toBe(false);
    expect(c.provenance.commit).toBe(mainHead);
  });

  it('uses ARCH_AUDIT_CACHE_DIR when no cacheDir is given', async () => {
    const other = join(base, 'env-cache');
    env.set({ ARCH_AUDIT_CACHE_DIR: other });
    const c = await acquire(url);
    checkouts.push(c);
    expect(c.root.startsWith(join(other, 'checkouts') + '/')).toBe(true);
  });

  it('turns an unreachable URL into a one-line UserError and leaves nothing behind', async () => {
    const before = existsSync(join(cacheDir, 'checkouts')) ? readdirSync(join(cacheDir, 'checkouts')) : [];
    const err = await acquire('file:///nope', { cacheDir }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    const message = (err as UserError).message;
    expect(message).toMatch(/^cannot clone file:\/\/\/nope: .+/);
    expect(message).toContain('does not appear to be a git repository');
    expect(message).not.toMatch(/[\r\n]/);
    expect(readdirSync(join(cacheDir, 'checkouts'))).toEqual(before);
  });

  it('reports an unknown ref and an abbreviated SHA clearly', async () => {
    await expect(acquire(url, { cacheDir, ref: 'no-such-branch' })).rejects.toThrow(/cannot clone .*couldn't find remote ref no-such-branch/);
    await expect(acquire(url, { cacheDir, ref: first.slice(0, 8) })).rejects.toThrow(/abbreviated SHAs are not supported/);
  });

  it('rejects a bad depth', async () => {
    await expect(acquire(url, { cacheDir, depth: -1 })).rejects.toBeInstanceOf(UserError);
  });
});
