import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temp directory (realpath, so it compares equal to what git reports). */
export function tempDir(prefix = 'arch-audit-acquire-'): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Environment for the test's own setup commands: none of the hostile variables a test may
 * have put into process.env, no user/system config, fixed identity and dates.
 */
function setupEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.toUpperCase().startsWith('GIT_')) env[k] = v;
  }
  return {
    ...env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TEMPLATE_DIR: '',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    GIT_TERMINAL_PROMPT: '0',
  };
}

/** Plain git for building fixtures (never used on what the code under test produces). */
export function sh(cwd: string, args: string[]): string {
  return execFileSync('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    env: setupEnv(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function initRepo(dir: string): void {
  sh(dir, ['init', '--quiet', '--template=', '.']);
}

export function commitAll(dir: string, message: string): string {
  sh(dir, ['add', '-A']);
  sh(dir, ['commit', '--quiet', '--no-verify', '-m', message]);
  return sh(dir, ['rev-parse', 'HEAD']).trim();
}

export function write(path: string, content: string, mode?: number): void {
  writeFileSync(path, content);
  if (mode !== undefined) chmodSync(path, mode);
}

/**
 * Scripts that leave a marker in `markerDir` if anything ever runs them. `filter` passes
 * stdin through so it works as a clean/smudge/textconv filter too.
 */
export function hostileScripts(root: string, markerDir: string): { mark: string; filter: string } {
  const mark = join(root, 'mark.sh');
  const filter = join(root, 'filter.sh');
  const body = (name: string, passThrough: boolean): string =>
    `#!/bin/sh\necho "${name} $0 $*" > "${markerDir}/ran-${name}-$$"\n${passThrough ? 'cat\n' : 'exit 0\n'}`;
  write(mark, body('mark', false), 0o755);
  write(filter, body('filter', true), 0o755);
  return { mark, filter };
}

/** Every hook name git knows, so a hostile hooks folder covers whatever a command would run. */
export const HOOK_NAMES = [
  'applypatch-msg', 'pre-applypatch', 'post-applypatch', 'pre-commit', 'pre-merge-commit',
  'prepare-commit-msg', 'commit-msg', 'post-commit', 'pre-rebase', 'post-checkout', 'post-merge',
  'pre-push', 'pre-receive', 'update', 'proc-receive', 'post-receive', 'post-update',
  'reference-transaction', 'push-to-checkout', 'pre-auto-gc', 'post-rewrite', 'sendemail-validate',
  'fsmonitor-watchman', 'p4-changelist', 'p4-prepare-changelist', 'p4-post-changelist', 'p4-pre-submit',
  'post-index-change',
];

export function hostileHooks(dir: string, mark: string): void {
  mkdirSync(dir, { recursive: true });
  for (const name of HOOK_NAMES) write(join(dir, name), `#!/bin/sh\nexec "${mark}" hook-${name} "$@"\n`, 0o755);
}

export function markers(markerDir: string): string[] {
  return readdirSync(markerDir).map((f) => `${f}: ${readFileSync(join(markerDir, f), 'utf8').trim()}`);
}

export interface Entry {
  type: 'file' | 'dir' | 'link';
  mode: number;
  mtimeMs: number;
  size: number;
  hash: string;
}

/** Every file, folder and link under `root` with content hash and mtime. */
export function snapshot(root: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const walk = (rel: string): void => {
    const abs = rel === '' ? root : join(root, rel);
    const st = lstatSync(abs);
    if (st.isSymbolicLink()) {
      out.set(rel, { type: 'link', mode: st.mode, mtimeMs: st.mtimeMs, size: st.size, hash: readlinkSync(abs) });
    } else if (st.isDirectory()) {
      out.set(rel, { type: 'dir', mode: st.mode, mtimeMs: st.mtimeMs, size: 0, hash: '' });
      for (const name of readdirSync(abs).sort()) walk(rel === '' ? name : join(rel, name));
    } else {
      const hash = createHash('sha256').update(readFileSync(abs)).digest('hex');
      out.set(rel, { type: 'file', mode: st.mode, mtimeMs: st.mtimeMs, size: st.size, hash });
    }
  };
  walk('');
  return out;
}

/** Saves and restores process.env around a test that sets hostile or test-only variables. */
export function envSandbox(): { set(vars: Record<string, string | undefined>): void; restore(): void } {
  const saved = { ...process.env };
  return {
    set(vars) {
      for (const [k, v] of Object.entries(vars)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    },
    restore() {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    },
  };
}
