import { Octokit } from '@octokit/rest';
import { TOOL_NAME, TOOL_VERSION } from '../version.ts';
import { oneLine, redactText } from './redact.ts';

export interface GithubMetadata {
  fullName: string;
  htmlUrl: string;
  defaultBranch: string;
  private: boolean;
  archived: boolean;
  stars: number;
  forks: number;
  openIssues: number;
  pushedAt: string | null;
  language: string | null;
  license: string | null;
}

/** Why metadata is missing, so a later clone failure can be explained properly. */
export type GithubFailure = 'unreachable' | 'rate-limited' | 'not-found' | 'unauthorized' | 'error';

export interface GithubLookup {
  metadata: GithubMetadata | null;
  /** SHA the API reports for the ref (or the default branch); null when unknown. */
  commit: string | null;
  failure: GithubFailure | null;
  /** Human-readable reason when metadata or commit is missing. */
  reason: string | null;
}

const DEFAULT_API = 'https://api.github.com';
const REQUEST_TIMEOUT_MS = 15_000;

export function githubToken(): string | undefined {
  const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN;
  return token ? token : undefined;
}

export function githubApiBase(): string {
  return (process.env.ARCH_AUDIT_GITHUB_API || DEFAULT_API).replace(/\/+$/, '');
}

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function client(): Octokit {
  return new Octokit({
    auth: githubToken(),
    baseUrl: githubApiBase(),
    userAgent: `${TOOL_NAME}/${TOOL_VERSION}`,
    log: silent,
  });
}

interface HttpFailure {
  status: number | null;
  message: string;
  headers: Record<string, string | number | undefined>;
  responded: boolean;
}

function describe(err: unknown): HttpFailure {
  const message = err instanceof Error ? err.message : String(err);
  if (typeof err !== 'object' || err === null) return { status: null, message, headers: {}, responded: false };
  const status = 'status' in err && typeof err.status === 'number' ? err.status : null;
  const response = 'response' in err && typeof err.response === 'object' && err.response !== null ? err.response : null;
  const headers =
    response && 'headers' in response && typeof response.headers === 'object' && response.headers !== null
      ? (response.headers as Record<string, string | number | undefined>)
      : {};
  return { status, message, headers, responded: response !== null };
}

function classify(err: unknown): { failure: GithubFailure; reason: string } {
  const f = describe(err);
  const short = oneLine(redactText(f.message.split(' - https://')[0] ?? f.message), 160);
  if (!f.responded) return { failure: 'unreachable', reason: `GitHub API unreachable (${short})` };
  if ((f.status === 403 || f.status === 429) && (String(f.headers['x-ratelimit-remaining']) === '0' || /rate limit/i.test(f.message))) {
    return { failure: 'rate-limited', reason: 'rate limited' + (githubToken() ? '' : ' (set GITHUB_TOKEN for a higher limit)') };
  }
  if (f.status === 404) {
    return {
      failure: 'not-found',
      reason: githubToken() ? 'repository not found or not visible to the token' : 'repository not found (or private: set GITHUB_TOKEN)',
    };
  }
  if (f.status === 401) return { failure: 'unauthorized', reason: 'bad credentials in GITHUB_TOKEN/GH_TOKEN' };
  return { failure: 'error', reason: `GitHub API error ${f.status ?? ''}: ${short}`.replace(/ {2,}/g, ' ') };
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/**
 * Reads repository metadata and the commit of `ref` (default branch when omitted). Never
 * throws: the scan can go on without metadata, so failures come back as a reason.
 */
export async function fetchGithubMetadata(owner: string, repo: string, ref?: string): Promise<GithubLookup> {
  const octokit = client();
  let metadata: GithubMetadata;
  try {
    const { data } = await octokit.rest.repos.get({
      owner,
      repo,
      request: { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) },
    });
    const spdx = str(data.license?.spdx_id);
    metadata = {
      fullName: data.full_name,
      htmlUrl: data.html_url,
      defaultBranch: data.default_branch,
      private: data.private,
      archived: data.archived,
      stars: data.stargazers_count,
      forks: data.forks_count,
      openIssues: data.open_issues_count,
      pushedAt: str(data.pushed_at),
      language: str(data.language),
      license: spdx && spdx !== 'NOASSERTION' ? spdx : str(data.license?.name),
    };
  } catch (err) {
    const { failure, reason } = classify(err);
    return { metadata: null, commit: null, failure, reason };
  }

  try {
    // The sha media type returns just the 40 hex digits instead of the whole commit and diff.
    const res = await octokit.request('GET /repos/{owner}/{repo}/commits/{ref}', {
      owner,
      repo,
      ref: ref ?? metadata.defaultBranch,
      headers: { accept: 'application/vnd.github.sha' },
      request: { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) },
    });
    const body: unknown = res.data;
    const sha = typeof body === 'string' ? body.trim() : null;
    if (sha && /^[0-9a-f]{40}$/i.test(sha)) return { metadata, commit: sha.toLowerCase(), failure: null, reason: null };
    return { metadata, commit: null, failure: null, reason: 'GitHub API returned no commit SHA' };
  } catch (err) {
    return { metadata, commit: null, failure: null, reason: `commit lookup failed: ${classify(err).reason}` };
  }
}
