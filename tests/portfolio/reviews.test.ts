import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchReviewDiscipline } from '../../src/acquire/github.ts';
import { codeownersCoverage } from '../../src/facts/codeowners.ts';

describe('CODEOWNERS coverage of the model-calling files', () => {
  it('reads patterns as GitHub does: the last match wins, and a pattern with no owner leaves the path unowned', () => {
    const text = ['# owners', '*.md @docs', '/src/llm/ @ml-team', 'prompts/ @ml-team', 'apps/**/ai.ts @web', '/src/llm/experimental/', 'worker/*.py @ops'].join('\n');
    const files = ['src/llm/gateway.ts', 'src/llm/experimental/agent.ts', 'lib/prompts/system.ts', 'apps/web/app/ai.ts', 'worker/jobs/embed.py', 'worker/embed.py', 'src/chat.ts'];
    expect(codeownersCoverage({ path: '.github/CODEOWNERS', text }, files)).toEqual({
      file: '.github/CODEOWNERS', owned: 4, unowned: ['src/llm/experimental/agent.ts', 'worker/jobs/embed.py', 'src/chat.ts'],
    });
  });
});

describe('review discipline from GitHub', () => {
  let server: Server;
  let routes: Record<string, () => [number, unknown, Record<string, string>?]> = {};
  const seen: string[] = [];
  const token = process.env.GITHUB_TOKEN;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const key = `${req.method} ${(req.url ?? '').split('?')[0]}`;
      seen.push(key);
      const [status, body, headers] = routes[key]?.() ?? [404, { message: 'Not Found' }];
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    process.env.GITHUB_API_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.env.GITHUB_TOKEN = 'test-token';
  });
  afterEach(() => {
    routes = {};
    seen.length = 0;
  });
  afterAll(async () => {
    delete process.env.GITHUB_API_URL;
    if (token === undefined) delete process.env.GITHUB_TOKEN;
    else process.env.GITHUB_TOKEN = token;
    await new Promise((r) => server.close(r));
  });

  const pr = (author: string, ...approvers: string[]) => ({ author: { login: author }, reviews: { nodes: approvers.map((login) => ({ author: { login } })) } });
  const merged = (...nodes: unknown[]) => (): [number, unknown] => [200, { data: { repository: { pullRequests: { nodes } } } }];

  it('takes required reviews from a ruleset, and counts merged pull requests approved by someone else', async () => {
    routes['GET /repos/acme/app/rules/branches/main'] = () => [200, [{ type: 'deletion' }, { type: 'pull_request', parameters: { required_approving_review_count: 2 } }]];
    routes['POST /graphql'] = merged(pr('ada', 'bob'), pr('ada', 'ada'), pr('cy'));
    expect(await fetchReviewDiscipline('acme', 'app', 'main')).toEqual({
      protection: { status: 'required', approvals: 2, detail: 'a ruleset requires 2 approving reviews on main' },
      approvals: { status: 'measured', merged: 3, approvedByOther: 1, share: 0.33, detail: '1 of the last 3 merged pull requests had an approving review by someone other than their author' },
    });
    expect(seen).toEqual(['GET /repos/acme/app/rules/branches/main', 'POST /graphql']);
  });

  it('falls back to branch protection; "Branch not protected" is a no, any other refusal is inconclusive', async () => {
    routes['GET /repos/acme/app/rules/branches/main'] = () => [200, []];
    routes['GET /repos/acme/app/branches/main/protection'] = () => [404, { message: 'Branch not protected' }];
    routes['POST /graphql'] = merged();
    const open = await fetchReviewDiscipline('acme', 'app', 'main');
    expect(open.protection).toEqual({ status: 'not-required', approvals: 0, detail: 'no ruleset or branch protection requires a review on main' });
    expect(open.approvals).toMatchObject({ status: 'measured', merged: 0, share: null });
    routes['GET /repos/acme/app/branches/main/protection'] = () => [403, { message: 'Resource not accessible by integration' }];
    expect((await fetchReviewDiscipline('acme', 'app', 'main')).protection).toMatchObject({ status: 'inconclusive', approvals: null });
    routes['GET /repos/acme/app/branches/main/protection'] = () => [200, { required_pull_request_reviews: { required_approving_review_count: 1 } }];
    expect((await fetchReviewDiscipline('acme', 'app', 'main')).protection).toEqual({ status: 'required', approvals: 1, detail: 'branch protection requires 1 approving review on main' });
  });

  it.each([
    ['401', [401, { message: 'Bad credentials' }, {}]],
    ['403 rate limited', [403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000000' }]],
    ['404', [404, { message: 'Not Found' }, {}]],
    ['500', [500, { message: 'Server Error' }, {}]],
  ] as const)('%s: each check is inconclusive, never a pass', async (_, answer) => {
    routes['GET /repos/acme/app/rules/branches/main'] = () => [answer[0], answer[1], { ...answer[2] }];
    routes['POST /graphql'] = () => [answer[0], answer[1], { ...answer[2] }];
    const r = await fetchReviewDiscipline('acme', 'app', 'main');
    expect([r.protection.status, r.approvals.status, r.approvals.share]).toEqual(['inconclusive', 'inconclusive', null]);
  });

  it('without a token reads nothing and says so', async () => {
    delete process.env.GITHUB_TOKEN;
    try {
      const r = await fetchReviewDiscipline('acme', 'app', 'main');
      expect([r.protection.status, r.approvals.status]).toEqual(['inconclusive', 'inconclusive']);
      expect(r.protection.detail).toMatch(/no GITHUB_TOKEN or GH_TOKEN/);
      expect(seen).toEqual([]);
    } finally {
      process.env.GITHUB_TOKEN = 'test-token';
    }
  });
});
