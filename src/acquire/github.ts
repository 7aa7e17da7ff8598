import { Octokit } from '@octokit/rest';
import { z } from 'zod';
import { TOOL_NAME, TOOL_VERSION } from '../version.ts';
import { secondsFromEnv } from '../environment.ts';
import { oneLine, redactText } from './redact.ts';
import { UserError } from '../errors.ts';

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

function requestTimeoutMs(): number {
  return secondsFromEnv('ARCH_AUDIT_NETWORK_TIMEOUT', 15) * 1000;
}

export function githubToken(): string | undefined {
  const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN;
  return token ? token : undefined;
}

/** GITHUB_API_URL is what GitHub Actions and GitHub Enterprise set; scans there use their own API. */
export function githubApiBase(): string {
  return (process.env.GITHUB_API_URL || DEFAULT_API).replace(/\/+$/, '');
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
  if (f.status === 401) return { failure: 'unauthorized', reason: 'GitHub rejected the token in GITHUB_TOKEN/GH_TOKEN (bad credentials): renew it or unset it' };
  return { failure: 'error', reason: `GitHub API error ${f.status ?? ''}: ${short}`.replace(/ {2,}/g, ' ') };
}

// An API answer is external data: a proxy may answer HTML, a hostile server anything. Only what fits is used.
const Text = z.string().max(1000).refine((v) => !/[\u0000-\u001f\u007f-\u009f]/.test(v), 'no control characters');
const HttpsUrl = Text.refine((v) => {
  try {
    return new URL(v).protocol === 'https:';
  } catch {
    return false;
  }
}, 'an https URL');
const Count = z.number().int().nonnegative();
const RepoAnswer = z.object({
  full_name: Text,
  html_url: HttpsUrl,
  default_branch: Text.min(1),
  private: z.boolean(),
  archived: z.boolean().catch(false),
  stargazers_count: Count.catch(0),
  forks_count: Count.catch(0),
  open_issues_count: Count.catch(0),
  pushed_at: Text.nullable().catch(null),
  language: Text.nullable().catch(null),
  license: z.object({ spdx_id: Text.nullable().catch(null), name: Text.nullable().catch(null) }).nullable().catch(null),
});

function str(v: string | null | undefined): string | null {
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
    const answer = await octokit.rest.repos.get({
      owner,
      repo,
      request: { signal: AbortSignal.timeout(requestTimeoutMs()) },
    });
    const parsed = RepoAnswer.safeParse(answer.data);
    if (!parsed.success) {
      const why = typeof answer.data === 'string' ? 'not JSON' : (parsed.error.issues[0]?.path.join('.') ?? 'unexpected shape');
      return { metadata: null, commit: null, failure: 'error', reason: `GitHub API answer not understood (${why})` };
    }
    const data = parsed.data;
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
      request: { signal: AbortSignal.timeout(requestTimeoutMs()) },
    });
    const body: unknown = res.data;
    const sha = typeof body === 'string' ? body.trim() : null;
    if (sha && /^[0-9a-f]{40}$/i.test(sha)) return { metadata, commit: sha.toLowerCase(), failure: null, reason: null };
    return { metadata, commit: null, failure: null, reason: 'GitHub API returned no commit SHA' };
  } catch (err) {
    return { metadata, commit: null, failure: null, reason: `commit lookup failed: ${classify(err).reason}` };
  }
}

/** At most this many repositories are listed from one organisation: a bounded number of requests. */
const MAX_ORG_REPOSITORIES = 2_000;

/**
 * An organisation's repositories, `owner/name`, through the API's pagination (100 a page, at most
 * MAX_ORG_REPOSITORIES); archived repositories and forks are left out unless asked for, and said.
 */
export async function listOrgRepositories(org: string, opts: { archived?: boolean; forks?: boolean } = {}): Promise<{ repositories: string[]; left: { name: string; why: string }[] }> {
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/.test(org)) throw new UserError(`not a GitHub organisation name: ${org}`);
  const gh = client();
  const repositories: string[] = [];
  const left: { name: string; why: string }[] = [];
  try {
    for await (const page of gh.paginate.iterator(gh.rest.repos.listForOrg, { org, type: 'all', per_page: 100, request: { timeout: requestTimeoutMs() } })) {
      for (const r of page.data) {
        if (r.archived && !opts.archived) left.push({ name: r.full_name, why: 'archived' });
        else if (r.fork && !opts.forks) left.push({ name: r.full_name, why: 'a fork' });
        else repositories.push(r.full_name);
      }
      if (repositories.length + left.length >= MAX_ORG_REPOSITORIES) break;
    }
  } catch (err) {
    const { reason } = classify(err);
    throw new UserError(`cannot list the repositories of ${org}: ${reason}`);
  }
  return { repositories: repositories.sort(), left };
}

/** What GitHub says of review discipline; each check is `inconclusive` when it could not be read, never a pass. */
export interface ReviewDiscipline {
  /** required reviews on the default branch, from its rulesets or its branch protection */
  protection: { status: 'required' | 'not-required' | 'inconclusive'; approvals: number | null; detail: string };
  /** the last merged pull requests (at most 100), and how many an approving review by someone other than the author preceded */
  approvals: { status: 'measured' | 'inconclusive'; merged: number; approvedByOther: number; share: number | null; detail: string };
}

const NO_TOKEN = 'not read: no GITHUB_TOKEN or GH_TOKEN (the review settings and reviews need one)';
const MERGED_PRS = 100;

const RulesAnswer = z.array(z.object({ type: z.string(), parameters: z.object({ required_approving_review_count: Count.optional() }).passthrough().optional() }).passthrough());
const ProtectionAnswer = z.object({ required_pull_request_reviews: z.object({ required_approving_review_count: Count.optional() }).passthrough().optional() }).passthrough();
const ReviewsAnswer = z.object({
  repository: z.object({
    pullRequests: z.object({
      nodes: z.array(z.object({
        author: z.object({ login: Text }).nullable(),
        reviews: z.object({ nodes: z.array(z.object({ author: z.object({ login: Text }).nullable() })) }),
      })),
    }),
  }),
});

/**
 * Required reviews on the default branch and the approvals the last merged pull requests had: three requests at most
 * (the branch's rules, its protection when no rule requires reviews, one GraphQL query for the pull requests).
 */
export async function fetchReviewDiscipline(owner: string, repo: string, branch: string): Promise<ReviewDiscipline> {
  if (!githubToken()) {
    return { protection: { status: 'inconclusive', approvals: null, detail: NO_TOKEN }, approvals: { status: 'inconclusive', merged: 0, approvedByOther: 0, share: null, detail: NO_TOKEN } };
  }
  const gh = client();
  const request = { timeout: requestTimeoutMs() };
  return { protection: await requiredReviews(gh, owner, repo, branch, request), approvals: await mergedApprovals(gh, owner, repo, request) };
}

async function requiredReviews(gh: Octokit, owner: string, repo: string, branch: string, request: { timeout: number }): Promise<ReviewDiscipline['protection']> {
  try {
    const rules = RulesAnswer.parse((await gh.request('GET /repos/{owner}/{repo}/rules/branches/{branch}', { owner, repo, branch, request })).data);
    const pr = rules.find((r) => r.type === 'pull_request');
    const n = pr?.parameters?.required_approving_review_count;
    if (n !== undefined && n > 0) return { status: 'required', approvals: n, detail: `a ruleset requires ${n} approving review${n === 1 ? '' : 's'} on ${branch}` };
  } catch (err) {
    const { reason } = classify(err);
    return { status: 'inconclusive', approvals: null, detail: `the rules of ${branch} could not be read: ${reason}` };
  }
  try {
    const protection = ProtectionAnswer.parse((await gh.request('GET /repos/{owner}/{repo}/branches/{branch}/protection', { owner, repo, branch, request })).data);
    const n = protection.required_pull_request_reviews?.required_approving_review_count ?? 0;
    return n > 0
      ? { status: 'required', approvals: n, detail: `branch protection requires ${n} approving review${n === 1 ? '' : 's'} on ${branch}` }
      : { status: 'not-required', approvals: 0, detail: `${branch} is protected, but no approving review is required` };
  } catch (err) {
    // GitHub answers 404 "Branch not protected" to a reader allowed to know; any other failure says nothing.
    if (describe(err).status === 404 && /branch not protected/i.test(describe(err).message)) return { status: 'not-required', approvals: 0, detail: `no ruleset or branch protection requires a review on ${branch}` };
    const { reason } = classify(err);
    return { status: 'inconclusive', approvals: null, detail: `no ruleset requires a review on ${branch}, and its branch protection could not be read (${reason}; reading it needs admin rights)` };
  }
}

async function mergedApprovals(gh: Octokit, owner: string, repo: string, request: { timeout: number }): Promise<ReviewDiscipline['approvals']> {
  const query = `query($owner: String!, $repo: String!) { repository(owner: $owner, name: $repo) { pullRequests(states: MERGED, first: ${MERGED_PRS}, orderBy: { field: UPDATED_AT, direction: DESC }) { nodes { author { login } reviews(states: APPROVED, first: 20) { nodes { author { login } } } } } } }`;
  try {
    const answer = ReviewsAnswer.parse(await gh.graphql(query, { owner, repo, request }));
    const prs = answer.repository.pullRequests.nodes;
    const approved = prs.filter((p) => p.reviews.nodes.some((r) => r.author && r.author.login !== p.author?.login)).length;
    return prs.length === 0
      ? { status: 'measured', merged: 0, approvedByOther: 0, share: null, detail: 'no merged pull request: changes reach the default branch without one' }
      : { status: 'measured', merged: prs.length, approvedByOther: approved, share: Math.round((approved / prs.length) * 100) / 100, detail: `${approved} of the last ${prs.length} merged pull requests had an approving review by someone other than their author` };
  } catch (err) {
    const reason = err instanceof z.ZodError ? 'an answer of another shape' : classify(err).reason;
    return { status: 'inconclusive', merged: 0, approvedByOther: 0, share: null, detail: `the merged pull requests could not be read: ${reason}` };
  }
}
