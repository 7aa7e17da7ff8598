import { rmSync } from 'node:fs';
import { mkdtemp, readdir, realpath, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { UserError, errorCode } from '../errors.ts';
import { secondsFromEnv } from '../environment.ts';
import { verifyDir, verifySubdir } from '../io/guarded-write.ts';
import { GitError, runGit } from './git.ts';
import { redactText, stripCredentials, wholeReason } from './redact.ts';
import { isFullSha } from './target.ts';

export interface CloneRequest {
  /** URL to fetch from; may carry credentials, never printed. */
  url: string;
  /** What the user sees in messages (credentials stripped). */
  displayUrl: string;
  ref?: string;
  /** 0 means full history. */
  depth: number;
  cacheDir: string;
  /** Readable prefix of the checkout folder name. */
  slug: string;
  /** Extra git config for the fetch only (e.g. an auth header), passed via the environment. */
  config?: ReadonlyArray<readonly [string, string]>;
  log?: (msg: string) => void;
}

export interface CloneResult {
  dir: string;
  commit: string;
  shallow: boolean;
  /** The ref asked for, or the remote's default branch when it could be read; null otherwise. */
  ref: string | null;
  cleanup(): Promise<void>;
}

function fetchTimeoutMs(): number {
  return secondsFromEnv('ARCH_AUDIT_CLONE_TIMEOUT', 15 * 60) * 1000;
}

// Clones being made by this process. A scan stopped by a signal removes them (see removeActiveClones),
// and a process that died leaves its pid in the folder name for the next run to sweep.
const activeClones = new Set<string>();

/** Removes every clone this process is still making or using; for signal handlers (synchronous). */
export function removeActiveClones(): void {
  for (const dir of activeClones) rmSync(dir, { recursive: true, force: true });
  activeClones.clear();
}

// `<slug>-<pid>-<random>`: a folder whose process is gone was left by a killed scan.
async function sweepAbandoned(checkouts: string): Promise<void> {
  for (const name of await readdir(checkouts).catch(() => [] as string[])) {
    const pid = /-(\d+)-[A-Za-z0-9]{6}$/.exec(name)?.[1];
    if (pid === undefined || Number(pid) === process.pid || isAlive(Number(pid))) continue;
    await rm(join(checkouts, name), { recursive: true, force: true }).catch(() => {});
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errorCode(err) === 'EPERM';
  }
}

export function defaultCacheDir(): string {
  return resolve(process.env.ARCH_AUDIT_CACHE_DIR || join(homedir(), '.cache', 'arch-audit'));
}

/** Clone URL for a GitHub repository: GITHUB_SERVER_URL (GitHub Enterprise, Actions) or github.com. */
export function githubCloneUrl(owner: string, repo: string): string {
  const base = process.env.GITHUB_SERVER_URL || 'https://github.com/';
  return `${base.endsWith('/') ? base : `${base}/`}${owner}/${repo}.git`;
}

export function slugFor(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/\.git$/, '')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(-40)
    .replace(/^[-.]+/, '');
  return slug || 'repo';
}

function cloneFailure(displayUrl: string, err: unknown): UserError {
  if (err instanceof UserError) return err;
  if (err instanceof GitError) {
    if (err.reason === 'missing') return new UserError('git is not installed or not on PATH; it is needed to clone');
    const detail = err.reason === 'timeout' ? `${err.message} (stopped; ARCH_AUDIT_CLONE_TIMEOUT and ARCH_AUDIT_NETWORK_TIMEOUT set the limits)` : wholeReason(err.stderr);
    return new UserError(`cannot clone ${displayUrl}: ${redactText(detail)}`);
  }
  return new UserError(`cannot clone ${displayUrl}: ${err instanceof Error ? err.message : String(err)}`);
}

async function emptyTemplateDir(cacheDir: string): Promise<string> {
  // A real empty folder rather than `--template=` so the intent does not depend on how a git
  // version reads an empty value; it beats GIT_TEMPLATE_DIR and init.templateDir.
  const cache = verifyDir(cacheDir, 'cache folder');
  let dir = verifySubdir(cache, 'empty-template', 'cache folder');
  if ((await readdir(dir.path)).length > 0) {
    await rm(dir.path, { recursive: true, force: true });
    dir = verifySubdir(cache, 'empty-template', 'cache folder');
  }
  return dir.path;
}

async function remoteDefaultBranch(dir: string, req: CloneRequest): Promise<string | null> {
  try {
    const out = await runGit(dir, ['ls-remote', '--symref', '--end-of-options', req.url, 'HEAD'], {
      network: true,
      config: req.config,
      timeoutMs: 60_000,
    });
    const m = /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(out);
    return m?.[1] ?? null;
  } catch {
    return null; // only decorates provenance
  }
}

/**
 * Fetches one ref into a fresh repository under `<cacheDir>/checkouts/` and checks it out,
 * with no hooks, no submodules, no LFS and no filters. The URL is never stored in the
 * clone's config (fetched by URL, not through a named remote).
 */
export async function cloneRepo(req: CloneRequest): Promise<CloneResult> {
  const checkouts = verifySubdir(verifyDir(req.cacheDir, 'cache folder'), 'checkouts', 'cache folder').path;
  await sweepAbandoned(checkouts);
  const template = await emptyTemplateDir(req.cacheDir);
  const dir = await realpath(await mkdtemp(join(checkouts, `${slugFor(req.slug)}-${process.pid}-`)));
  activeClones.add(dir);
  const root = await realpath(checkouts);
  const cleanup = async (): Promise<void> => {
    activeClones.delete(dir);
    // Guard against ever deleting anything but a checkout we created.
    if (dir.startsWith(root + sep)) await rm(dir, { recursive: true, force: true });
  };
  const net = { network: true, config: req.config, timeoutMs: fetchTimeoutMs() } as const;
  const depthArgs = req.depth > 0 ? [`--depth=${req.depth}`] : [];
  const log = req.log ?? (() => {});

  try {
    await runGit(dir, ['init', '--quiet', `--template=${template}`]);
    // Symlinks become plain files holding the link text, so nothing in the checkout can point
    // a scanner outside it (e.g. at ~/.ssh).
    for (const [k, v] of [
      ['core.symlinks', 'false'],
      ['core.protectNTFS', 'true'],
      ['core.protectHFS', 'true'],
    ] as const) {
      await runGit(dir, ['config', '--local', k, v]);
    }

    let shallow = req.depth > 0;
    let target = 'FETCH_HEAD';
    log(`fetching ${req.displayUrl}${req.ref ? ` at ${req.ref}` : ''}${req.depth > 0 ? ` (depth ${req.depth})` : ''}`);
    const fetchOne = ['fetch', '--no-tags', '--no-recurse-submodules', ...depthArgs, '--end-of-options', req.url, req.ref ?? 'HEAD'];
    if (req.ref !== undefined && isFullSha(req.ref)) {
      try {
        await runGit(dir, fetchOne, net);
      } catch (err) {
        if (err instanceof UserError || (err instanceof GitError && err.reason !== 'exit')) throw err;
        // Servers that do not allow unadvertised SHAs in a want (file://, many self-hosted
        // ones) only give it to us through the refs that reach it.
        log(`${req.displayUrl} refused to serve ${req.ref} directly; fetching all branches and tags`);
        await runGit(
          dir,
          ['fetch', '--no-tags', '--no-recurse-submodules', '--end-of-options', req.url, '+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*'],
          net,
        );
        shallow = false;
        const found = await runGit(dir, ['rev-parse', '--verify', '--quiet', `${req.ref}^{commit}`]).catch(() => '');
        if (found.trim() === '') throw new UserError(`cannot clone ${req.displayUrl}: commit ${req.ref} not found in any branch or tag`);
        target = req.ref;
      }
    } else {
      await runGit(dir, fetchOne, net);
    }
    await runGit(dir, ['checkout', '--quiet', '--detach', target]);

    const commit = (await runGit(dir, ['rev-parse', '--verify', 'HEAD^{commit}'])).trim();
    if (req.depth > 0) shallow = (await runGit(dir, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';
    const ref = req.ref ?? (await remoteDefaultBranch(dir, req));
    return { dir, commit, shallow, ref, cleanup };
  } catch (err) {
    await cleanup();
    if (err instanceof GitError && req.ref !== undefined && /^[0-9a-f]{7,39}$/i.test(req.ref)) {
      throw new UserError(`cannot clone ${req.displayUrl}: ref ${req.ref} not found (abbreviated SHAs are not supported; pass all 40 hex digits)`);
    }
    throw cloneFailure(stripCredentials(req.displayUrl), err);
  }
}
