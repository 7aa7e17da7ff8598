import { realpath } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { TOOL_VERSION } from '../version.ts';
import { cloneRepo, defaultCacheDir, githubCloneUrl, type CloneResult } from './clone.ts';
import { fetchGithubMetadata, fetchReviewDiscipline, githubToken, type GithubLookup, type GithubMetadata, type ReviewDiscipline } from './github.ts';
import { inspectLocal } from './local.ts';
import { fetchUrlOf, isFullSha, parseTarget, type TargetSpec } from './target.ts';

export type { GithubMetadata } from './github.ts';
export type { TargetSpec } from './target.ts';
export { parseTarget } from './target.ts';
export { git, GitError } from './git.ts';

export interface Provenance {
  kind: 'local' | 'git' | 'github';
  /** What was scanned, never an absolute local path: folder basename, URL without credentials, or owner/repo. */
  source: string;
  /** Branch/tag/SHA asked for or resolved (default branch); null when unknown. */
  ref: string | null;
  /** Full SHA of HEAD of what was scanned; null when not a git checkout. */
  commit: string | null;
  /** For a local sub-folder of a git work tree: its POSIX path relative to the top level. */
  subdir: string | null;
  /** History is truncated (shallow clone or shallow local repo). */
  shallow: boolean;
  /** ISO time; SOURCE_DATE_EPOCH (seconds) wins for reproducible reports. */
  scannedAt: string;
  toolVersion: string;
  github: GithubMetadata | null;
  /** required reviews and the approvals of merged pull requests, for a GitHub target; null for any other */
  reviews: ReviewDiscipline | null;
  notes: string[];
}

export interface Checkout {
  /** Absolute directory whose files are scanned. */
  root: string;
  /** Absolute top level of the git work tree containing root; null if none. */
  gitRoot: string | null;
  provenance: Provenance;
  /** Removes a clone we made; no-op for local targets. */
  cleanup(): Promise<void>;
}

export interface AcquireOptions {
  ref?: string;
  cacheDir?: string;
  /** Clone depth; 0 = full history. Default 1. */
  depth?: number;
  log?: (msg: string) => void;
}

function scannedAt(notes: string[]): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (/^\d{1,12}$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString();
    notes.push('SOURCE_DATE_EPOCH ignored: not a whole number of seconds');
  }
  return new Date().toISOString();
}

function cloneDepth(depth: number | undefined): number {
  if (depth === undefined) return 1;
  if (!Number.isInteger(depth) || depth < 0) throw new UserError(`invalid depth: ${depth} (use 0 for full history)`);
  return depth;
}

async function acquireLocal(path: string): Promise<Checkout> {
  const root = await realpath(resolve(path));
  const info = await inspectLocal(root);
  const notes = [...info.notes];
  return {
    root,
    gitRoot: info.gitRoot,
    provenance: {
      kind: 'local',
      source: basename(root) || '/',
      ref: info.ref,
      commit: info.commit,
      subdir: info.subdir,
      shallow: info.shallow,
      scannedAt: scannedAt(notes),
      toolVersion: TOOL_VERSION,
      github: null,
      reviews: null,
      notes,
    },
    cleanup: async () => {},
  };
}

function customGithubServer(): boolean {
  const server = process.env.GITHUB_SERVER_URL;
  return Boolean(server) && server?.replace(/\/+$/, '') !== 'https://github.com';
}

// An auth header for the GitHub server only (github.com or GITHUB_SERVER_URL when it is https), passed
// to git through the environment (not argv), so private repositories clone with the token the API uses.
function githubAuthConfig(url: string): Array<[string, string]> {
  const token = githubToken();
  const server = `${(process.env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')}/`;
  if (!token || !server.startsWith('https://') || !url.startsWith(server)) return [];
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return [[`http.${server}.extraheader`, `AUTHORIZATION: basic ${basic}`]];
}

function githubCloneError(spec: { owner: string; repo: string }, lookup: GithubLookup, err: UserError): UserError {
  const name = `${spec.owner}/${spec.repo}`;
  const why = err.message.replace(/^cannot clone \S+: /, '');
  switch (lookup.failure) {
    case 'unreachable':
      return new UserError(`github.com could not be reached: cannot fetch ${name} (${why})`);
    case 'not-found':
      return new UserError(
        githubToken()
          ? `GitHub repository ${name} does not exist or the token cannot see it (${why})`
          : `GitHub repository ${name} does not exist, or it is private and no GITHUB_TOKEN is set (${why})`,
      );
    case 'unauthorized':
      return new UserError(`cannot clone ${name}: GitHub rejected the token in GITHUB_TOKEN/GH_TOKEN; renew it, or unset it for a public repository (${why})`);
    default:
      return new UserError(`cannot clone ${name} from GitHub: ${why}`);
  }
}

async function acquireRemote(spec: Exclude<TargetSpec, { kind: 'local' }>, opts: AcquireOptions): Promise<Checkout> {
  const depth = cloneDepth(opts.depth);
  const cacheDir = resolve(opts.cacheDir ?? defaultCacheDir());
  const notes: string[] = [];
  const log = opts.log;

  let lookup: GithubLookup | null = null;
  let url: string;
  let source: string;
  if (spec.kind === 'github') {
    source = `${spec.owner}/${spec.repo}`;
    log?.(`reading GitHub metadata for ${source}`);
    lookup = await fetchGithubMetadata(spec.owner, spec.repo, spec.ref);
    if (!lookup.metadata) notes.push(`GitHub metadata not available: ${lookup.reason ?? 'unknown reason'}`);
    else if (lookup.reason) notes.push(`GitHub ${lookup.reason}`);
    // The user's own credentialed URL only applies to github.com, not to another GitHub server.
    const typed = fetchUrlOf(spec);
    url = customGithubServer() || !typed || typed === spec.url ? githubCloneUrl(spec.owner, spec.repo) : typed;
  } else {
    source = spec.url;
    url = fetchUrlOf(spec) ?? spec.url;
  }

  let clone: CloneResult;
  try {
    clone = await cloneRepo({
      url,
      displayUrl: spec.kind === 'github' ? source : spec.url,
      ref: spec.ref,
      depth,
      cacheDir,
      slug: spec.kind === 'github' ? `${spec.owner}-${spec.repo}` : (spec.url.split(/[?#]/)[0] ?? '').split(/[/:]/).filter(Boolean).slice(-2).join('-'),
      config: githubAuthConfig(url),
      log,
    });
  } catch (err) {
    if (spec.kind === 'github' && lookup && err instanceof UserError) throw githubCloneError(spec, lookup, err);
    throw err;
  }

  const meta = lookup?.metadata ?? null;
  if (lookup?.commit && lookup.commit !== clone.commit && !(spec.ref !== undefined && isFullSha(spec.ref))) {
    notes.push(`GitHub API reported ${lookup.commit} for the ref but the clone checked out ${clone.commit} (pushed in between?)`);
  }
  // Who may merge what: read from GitHub once the default branch is known, each check inconclusive when it cannot be.
  const reviews = spec.kind === 'github' && meta ? await fetchReviewDiscipline(spec.owner, spec.repo, meta.defaultBranch) : null;
  return {
    root: clone.dir,
    gitRoot: clone.dir,
    provenance: {
      kind: spec.kind,
      source,
      ref: spec.ref ?? meta?.defaultBranch ?? clone.ref,
      commit: clone.commit,
      subdir: null,
      shallow: clone.shallow,
      scannedAt: scannedAt(notes),
      toolVersion: TOOL_VERSION,
      github: meta,
      reviews,
      notes,
    },
    cleanup: clone.cleanup,
  };
}

/**
 * Resolves what to scan: a local folder as it is (never written to), or a fresh, hardened
 * clone of a git or GitHub repository in the cache. Call `cleanup()` when done.
 */
export async function acquire(input: string, opts: AcquireOptions = {}): Promise<Checkout> {
  const spec = parseTarget(input, opts.ref);
  if (spec.kind === 'local') return acquireLocal(spec.path);
  return acquireRemote(spec, opts);
}
