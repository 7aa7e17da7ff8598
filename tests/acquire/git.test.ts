import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitError, git } from '../../src/acquire/git.ts';
import { commitAll, initRepo, removeDir, tempDir, write } from './helpers.ts';

describe('git()', { timeout: 60_000 }, () => {
  let base: string;
  let repo: string;
  let head: string;

  beforeAll(() => {
    base = tempDir();
    repo = join(base, 'repo');
    mkdirSync(repo);
    initRepo(repo);
    write(join(repo, 'a b.txt'), 'x\n');
    head = commitAll(repo, 'one');
  }, 60_000);
  afterAll(() => removeDir(base));

  it('returns stdout as is (NUL separators kept)', async () => {
    expect(await git(repo, ['rev-parse', 'HEAD'])).toBe(`${head}\n`);
    expect(await git(repo, ['ls-files', '-z'])).toBe('a b.txt\0');
  });

  it('throws GitError with stderr and exit code, message on one line', async () => {
    const err = await git(repo, ['rev-parse', '--verify', 'no-such-ref']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    const e = err as GitError;
    expect(e.exitCode).toBe(128);
    expect(e.reason).toBe('exit');
    expect(e.stderr).toContain('Needed a single revision');
    expect(e.message).toBe('git rev-parse failed: Needed a single revision');
  });

  it('treats a non-zero exit without stderr as a failure', async () => {
    const err = await git(repo, ['rev-parse', '--verify', '--quiet', 'no-such-ref']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).exitCode).toBe(1);
  });

  it('reports "not a git repository" outside a repository', async () => {
    const plain = join(base, 'plain');
    mkdirSync(plain);
    await expect(git(plain, ['rev-parse', '--show-toplevel'])).rejects.toThrow(/not a git repository/);
  });

  it('refuses options that run programs, write files or redirect git', async () => {
    await expect(git(repo, ['-c', 'core.pager=evil', 'log'])).rejects.toThrow(/must be a git subcommand/);
    await expect(git(repo, ['--git-dir=/tmp/x', 'log'])).rejects.toThrow(/must be a git subcommand/);
    await expect(git(repo, ['log', '--output=/tmp/pwned'])).rejects.toThrow(/refusing option --output/);
    await expect(git(repo, ['diff', '--ext-diff'])).rejects.toThrow(/refusing option --ext-diff/);
    await expect(git(repo, ['ls-remote', '--upload-pack=touch /tmp/x', '.'])).rejects.toThrow(/refusing option --upload-pack/);
    await expect(git(repo, ['grep', '-Oevil', 'x'])).rejects.toThrow(/grep -O/);
    // after `--` everything is a path, so a file with an option-like name is fine
    await expect(git(repo, ['log', '--oneline', '--', '--output=x'])).resolves.toBe('');
  });

  it('kills git after timeoutMs', async () => {
    // cat-file --batch waits on stdin forever
    const err = await git(repo, ['cat-file', '--batch'], { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    expect((err as GitError).reason).toBe('timeout');
  });
});
