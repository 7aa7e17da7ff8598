import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquire, git, type Checkout } from '../../src/acquire/index.ts';
import { commitAll, envSandbox, hostileHooks, hostileScripts, initRepo, markers, removeDir, sh, tempDir, write } from './helpers.ts';

/**
 * A repository that tries every way git offers to run a program on checkout, plus a hostile
 * machine setup (template dir, global config, environment). Anything that runs leaves a
 * marker file; the test passes only if none appears.
 */
describe('acquire: hostile repository clone', { timeout: 60_000 }, () => {
  let base: string;
  let markerDir: string;
  let bare: string;
  let checkout: Checkout;
  const env = envSandbox();

  beforeAll(async () => {
    base = tempDir();
    markerDir = join(base, 'markers');
    mkdirSync(markerDir);
    const { mark, filter } = hostileScripts(base, markerDir);

    // A second repository the hostile one declares as a submodule: it must not be fetched.
    const subRepo = join(base, 'sub');
    mkdirSync(subRepo);
    initRepo(subRepo);
    write(join(subRepo, 'SUBMODULE_CONTENT'), 'should never be checked out\n');
    const subHead = commitAll(subRepo, 'sub');

    const work = join(base, 'work');
    mkdirSync(work);
    initRepo(work);
    write(join(work, '.gitattributes'), '* filter=evil diff=evil merge=evil\n*.bin filter=lfs diff=lfs merge=lfs -text\n');
    write(join(work, 'a.txt'), 'original content\n');
    write(join(work, 'model.bin'), 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 3\n');
    write(join(work, '.gitmodules'), `[submodule "vendor/sub"]\n\tpath = vendor/sub\n\turl = ${subRepo}\n\tupdate = !${mark}\n`);
    write(join(work, '.lfsconfig'), `[lfs]\n\turl = file://${base}/lfs\n`);
    symlinkSync(markerDir, join(work, 'escape')); // points out of any checkout
    sh(work, ['symbolic-ref', 'HEAD', 'refs/heads/main']);
    sh(work, ['add', '-A']);
    sh(work, ['update-index', '--add', '--cacheinfo', `160000,${subHead},vendor/sub`]);
    commitAll(work, 'hostile');
    bare = join(base, 'hostile.git');
    sh(base, ['clone', '--quiet', '--bare', '--template=', work, bare]);

    // Hostile machine: template with hooks and config, global config, environment.
    const template = join(base, 'template');
    mkdirSync(join(template, 'hooks'), { recursive: true });
    hostileHooks(join(template, 'hooks'), mark);
    write(join(template, 'config'), `[core]\n\tfsmonitor = ${mark}\n\thooksPath = ${join(template, 'hooks')}\n`);
    const hooks = join(base, 'hooks');
    mkdirSync(hooks);
    hostileHooks(hooks, mark);
    const globalConfig = join(base, 'global.gitconfig');
    write(
      globalConfig,
      [
        '[user]\n\tname = x\n\temail = x@example.com',
        `[core]\n\thooksPath = ${hooks}\n\tfsmonitor = ${mark}\n\tpager = ${mark}\n\taskPass = ${mark}\n\tsshCommand = ${mark}\n\teditor = ${mark}\n\tuntrackedCache = true`,
        `[init]\n\ttemplateDir = ${template}`,
        `[filter "evil"]\n\tclean = ${filter}\n\tsmudge = ${filter}\n\tprocess = ${mark}\n\trequired = true`,
        `[filter "lfs"]\n\tclean = ${filter}\n\tsmudge = ${filter}\n\tprocess = ${mark}\n\trequired = true`,
        `[diff "evil"]\n\ttextconv = ${filter}\n\tcommand = ${mark}`,
        `[diff "lfs"]\n\ttextconv = ${filter}`,
        `[merge "evil"]\n\tdriver = ${mark}`,
        `[diff]\n\texternal = ${mark}`,
        `[protocol "ext"]\n\tallow = always`,
        `[submodule]\n\trecurse = true`,
        `[fetch]\n\trecurseSubmodules = true`,
        `[gc]\n\tauto = 1`,
        `[color]\n\tui = always`,
        `[pager]\n\tlog = ${mark}\n\tdiff = ${mark}`,
        `[credential]\n\thelper = !${mark}`,
        `[gpg]\n\tprogram = ${mark}`,
        `[log]\n\tshowSignature = true`,
        '',
      ].join('\n'),
    );
    env.set({
      GIT_TEMPLATE_DIR: template,
      GIT_CONFIG_GLOBAL: globalConfig,
      GIT_EXTERNAL_DIFF: mark,
      GIT_SSH_COMMAND: mark,
      GIT_PAGER: mark,
      GIT_EDITOR: mark,
      GIT_ASKPASS: mark,
      PAGER: mark,
      EDITOR: mark,
      ARCH_AUDIT_CACHE_DIR: join(base, 'cache'),
    });
    checkout = await acquire(`file://${bare}`);
  }, 60_000);

  afterAll(async () => {
    await checkout?.cleanup();
    env.restore();
    removeDir(base);
  });

  it('ran nothing while cloning', () => {
    expect(markers(markerDir)).toEqual([]);
  });

  it('checked out the files verbatim (no smudge, no LFS)', () => {
    expect(readFileSync(join(checkout.root, 'a.txt'), 'utf8')).toBe('original content\n');
    expect(readFileSync(join(checkout.root, 'model.bin'), 'utf8')).toMatch(/^version https:\/\/git-lfs/);
  });

  it('checks symlinks out as plain files, so nothing points outside the clone', () => {
    const link = join(checkout.root, 'escape');
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
    expect(readFileSync(link, 'utf8')).toBe(markerDir);
  });

  it('did not fetch the submodule', () => {
    const sub = join(checkout.root, 'vendor', 'sub');
    expect(existsSync(join(sub, 'SUBMODULE_CONTENT'))).toBe(false);
    expect(existsSync(sub) ? readdirSync(sub) : []).toEqual([]);
  });

  it('installed no hooks and left no hostile config in the clone', () => {
    const hooksDir = join(checkout.root, '.git', 'hooks');
    expect(existsSync(hooksDir) ? readdirSync(hooksDir) : []).toEqual([]);
    const config = readFileSync(join(checkout.root, '.git', 'config'), 'utf8');
    expect(config).not.toMatch(/fsmonitor|hooksPath/);
    expect(config).not.toContain(bare); // the URL is not stored as a remote either
  });

  it('keeps later scanner commands on the clone inert too', async () => {
    // A modified tracked file makes diff/status read it through the (hostile) filter and diff drivers.
    write(join(checkout.root, 'a.txt'), 'changed by scanner test\n');
    const runs: Array<[string, string[]]> = [
      ['ls-files', ['ls-files', '-s', '-z']],
      ['ls-files -m', ['ls-files', '-m']],
      ['ls-files -o', ['ls-files', '-o', '--exclude-standard', '-z']],
      ['diff', ['diff']],
      ['diff HEAD', ['diff', 'HEAD']],
      ['log -p', ['log', '-p']],
      ['show', ['show', 'HEAD']],
      ['blame', ['blame', 'a.txt']],
      ['status', ['status', '--porcelain']],
      ['grep', ['grep', '-n', 'original', 'HEAD']],
    ];
    for (const [, args] of runs) await git(checkout.root, args);
    expect(markers(markerDir)).toEqual([]);
    const diff = await git(checkout.root, ['diff']);
    expect(diff).toContain('+changed by scanner test');
    expect(diff).not.toContain('\u001b['); // color.ui=always from the hostile config was ignored
  });

  // Runs last: proves the fixture really is hostile, so the empty marker folder above means something.
  it('control: a plain `git clone` in the same environment does run hostile code', () => {
    const dir = join(base, 'naive-clone');
    try {
      execFileSync('git', ['clone', '--quiet', `file://${bare}`, dir], { env: process.env, stdio: 'ignore' });
    } catch {
      // the hostile filter/hooks may make the clone fail; what matters is what ran
    }
    expect(markers(markerDir).length).toBeGreaterThan(0);
  });
});
