import { execFileSync } from 'node:child_process';
import { mkdirSync, utimesSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquire, git } from '../../src/acquire/index.ts';
import {
  commitAll,
  envSandbox,
  hostileHooks,
  hostileScripts,
  initRepo,
  markers,
  removeDir,
  sh,
  snapshot,
  tempDir,
  write,
} from './helpers.ts';

/**
 * A local checkout is as untrusted as a clone: its own .git/config is hostile. Acquiring it
 * and listing its files must run nothing and change nothing, not even .git/index.
 */
describe('acquire: hostile local checkout', { timeout: 60_000 }, () => {
  let base: string;
  let target: string;
  let markerDir: string;
  let head: string;
  const env = envSandbox();

  beforeAll(() => {
    base = tempDir();
    markerDir = join(base, 'markers');
    mkdirSync(markerDir);
    const { mark, filter } = hostileScripts(base, markerDir);

    target = join(base, 'target');
    mkdirSync(join(target, 'src'), { recursive: true });
    initRepo(target);
    write(join(target, '.gitattributes'), '* filter=evil diff=evil\nweird.txt filter=a=b diff=a=b\n');
    write(join(target, 'a.txt'), 'tracked\n');
    write(join(target, 'weird.txt'), 'weird\n');
    write(join(target, 'src', 'main.py'), 'print(1)\n');
    head = commitAll(target, 'initial');

    // Hostile config written after the commit so building the fixture ran none of it.
    const hooks = join(base, 'hooks');
    mkdirSync(hooks);
    hostileHooks(hooks, mark);
    hostileHooks(join(target, '.git', 'hooks'), mark);
    const set = (key: string, value: string): void => {
      sh(target, ['config', '--file', join(target, '.git', 'config'), key, value]);
    };
    set('core.fsmonitor', mark);
    set('core.hooksPath', hooks);
    set('core.pager', mark);
    set('core.editor', mark);
    set('core.askPass', mark);
    set('core.sshCommand', mark);
    set('core.untrackedCache', 'true');
    set('core.splitIndex', 'true');
    set('diff.external', mark);
    set('diff.evil.textconv', filter);
    set('diff.evil.command', mark);
    set('filter.evil.clean', filter);
    set('filter.evil.smudge', filter);
    set('filter.evil.process', mark);
    set('filter.evil.required', 'true');
    // A driver name containing '=', which `git -c name=value` cannot override.
    set('filter.a=b.clean', filter);
    set('filter.a=b.required', 'true');
    set('diff.a=b.textconv', filter);
    set('credential.helper', `!${mark}`);
    set('protocol.file.allow', 'always');
    set('remote.origin.url', join(base, 'nowhere'));
    set('remote.origin.uploadpack', mark);
    set('gpg.program', mark);
    set('log.showSignature', 'true');
    set('color.ui', 'always');
    set('pager.log', mark);
    set('feature.manyFiles', 'true');
    set('index.skipHash', 'true');

    // A dirty tracked file (stat differs from the index) and an untracked one.
    write(join(target, 'a.txt'), 'modified but not staged\n');
    write(join(target, 'src', 'untracked.py'), 'print(2)\n');
    // Same content, new mtime: `git diff` would normally refresh (rewrite) the index for it.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(target, 'src', 'main.py'), later, later);
    // Make a.txt racily clean so git would be tempted to re-read and re-hash it.
    const now = new Date();
    utimesSync(join(target, 'a.txt'), now, now);
    utimesSync(join(target, '.git', 'index'), now, now);

    // Parent environment pointing git elsewhere must not leak into our calls.
    const decoy = join(base, 'decoy');
    mkdirSync(decoy);
    initRepo(decoy);
    write(join(decoy, 'x'), 'x');
    commitAll(decoy, 'decoy');
    env.set({
      GIT_DIR: join(decoy, '.git'),
      GIT_WORK_TREE: decoy,
      GIT_INDEX_FILE: join(decoy, '.git', 'index'),
      GIT_EXTERNAL_DIFF: mark,
      GIT_PAGER: mark,
      PAGER: mark,
    });
  }, 60_000);

  afterAll(() => {
    env.restore();
    removeDir(base);
  });

  it('acquires, lists files and changes nothing, runs nothing', async () => {
    const before = snapshot(target);
    await new Promise((r) => setTimeout(r, 20)); // any write would now show a new mtime

    const checkout = await acquire(target);
    expect(checkout.root).toBe(target);
    expect(checkout.gitRoot).toBe(target);
    expect(checkout.provenance).toMatchObject({
      kind: 'local',
      source: basename(target),
      ref: 'main',
      commit: head,
      subdir: null,
      shallow: false,
      github: null,
      notes: [],
    });

    const staged = await git(checkout.root, ['ls-files', '-s', '-z']);
    expect(staged.split('\0').filter(Boolean).map((l) => l.split('\t')[1])).toEqual([
      '.gitattributes',
      'a.txt',
      'src/main.py',
      'weird.txt',
    ]);
    const others = await git(checkout.root, ['ls-files', '-o', '--exclude-standard', '-z']);
    expect(others.split('\0').filter(Boolean)).toEqual(['src/untracked.py']);
    await checkout.cleanup(); // no-op for local targets

    expect(markers(markerDir)).toEqual([]);
    expect(snapshot(target)).toEqual(before);
  });

  it('keeps diff, log -p, blame and friends inert and read-only too', async () => {
    const before = snapshot(target);
    await new Promise((r) => setTimeout(r, 20));
    const diff = await git(target, ['diff']);
    expect(diff).toContain('+modified but not staged');
    expect(diff).not.toContain('\u001b[');
    await git(target, ['diff', 'HEAD', '--stat']);
    await git(target, ['log', '-p']);
    await git(target, ['show', 'HEAD']);
    await git(target, ['blame', 'a.txt']);
    await git(target, ['blame', 'weird.txt']);
    await git(target, ['ls-files', '-m']);
    await git(target, ['status', '--porcelain']);
    await git(target, ['grep', '-n', 'print']);
    expect(markers(markerDir)).toEqual([]);
    expect(snapshot(target)).toEqual(before);
  });

  it('refuses to touch the network from a scanned repository', async () => {
    await expect(git(target, ['fetch', 'origin'])).rejects.toThrow(/transport 'file' not allowed/);
    expect(markers(markerDir)).toEqual([]);
  });

  it('records a sub-folder as subdir of the work tree', async () => {
    const checkout = await acquire(join(target, 'src'));
    expect(checkout.root).toBe(join(target, 'src'));
    expect(checkout.gitRoot).toBe(target);
    expect(checkout.provenance.subdir).toBe('src');
    expect(checkout.provenance.source).toBe('src');
    expect(checkout.provenance.commit).toBe(head);
  });

  // Runs last (it may write to the target): proves the fixture is hostile for plain git.
  it('control: plain `git status` in the same folder does run hostile code', () => {
    try {
      const plain = { ...process.env };
      delete plain.GIT_DIR;
      delete plain.GIT_WORK_TREE;
      delete plain.GIT_INDEX_FILE;
      execFileSync('git', ['status'], { cwd: target, env: plain, stdio: 'ignore' });
    } catch {
      // what matters is what ran
    }
    expect(markers(markerDir).length).toBeGreaterThan(0);
  });
});
