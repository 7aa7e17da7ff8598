import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { acquire } from '../../src/acquire/index.ts';
import { commitAll, envSandbox, initRepo, removeDir, tempDir, write } from './helpers.ts';

// git refuses repositories owned by someone else; only root can create that situation here.
describe.skipIf(process.getuid?.() !== 0)('acquire: repository owned by another user', { timeout: 60_000 }, () => {
  let base: string;
  let repo: string;
  const env = envSandbox();

  beforeAll(() => {
    base = tempDir();
    repo = join(base, 'foreign');
    mkdirSync(join(repo, 'pkg'), { recursive: true });
    initRepo(repo);
    write(join(repo, 'pkg', 'x.py'), 'x = 1\n');
    commitAll(repo, 'init');
    execFileSync('chown', ['-R', '65534:65534', repo]);
    // An empty global config, so no safe.directory entry on this machine can interfere.
    const globalConfig = join(base, 'empty.gitconfig');
    write(globalConfig, '');
    env.set({ GIT_CONFIG_GLOBAL: globalConfig, SUDO_UID: undefined });
  }, 60_000);

  afterAll(() => {
    env.restore();
    removeDir(base);
  });

  for (const where of ['top level', 'sub-folder']) {
    it(`gives a one-line UserError about ownership (${where})`, async () => {
      const err = await acquire(where === 'top level' ? repo : join(repo, 'pkg')).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(UserError);
      const message = (err as UserError).message;
      expect(message).toContain(`${repo} is owned by another user`);
      expect(message).toContain(`git config --global --add safe.directory ${repo}`);
      expect(message).not.toMatch(/[\r\n]/);
    });
  }

  it('scans it once the user marks it safe', async () => {
    write(process.env.GIT_CONFIG_GLOBAL ?? '', `[safe]\n\tdirectory = ${repo}\n`);
    const checkout = await acquire(repo);
    expect(checkout.gitRoot).toBe(repo);
    expect(checkout.provenance.commit).toMatch(/^[0-9a-f]{40}$/);
  });
});
