import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { acquire, type Checkout } from '../../src/acquire/index.ts';
import { commitAll, envSandbox, initRepo, removeDir, sh, tempDir, write } from './helpers.ts';

type Mode = 'ok' | 'rate-limited' | 'not-found';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** Just enough of the GitHub REST API: the repository and the commit-SHA endpoint. */
function fakeGithub(shas: Record<string, string>): { server: Server; seen: Seen[]; setMode(m: Mode): void } {
  const seen: Seen[] = [];
  let mode: Mode = 'ok';
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if (mode === 'rate-limited') {
      json(
        403,
        { message: 'API rate limit exceeded for 127.0.0.1.', documentation_url: 'https://docs.github.com/rest/rate-limit' },
        { 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000000' },
      );
      return;
    }
    if (mode === 'not-found') {
      json(404, { message: 'Not Found' });
      return;
    }
    if (req.method === 'GET' && req.url === '/repos/acme/widget') {
      json(200, {
        full_name: 'acme/widget',
        html_url: 'https://github.com/acme/widget',
        default_branch: 'main',
        private: false,
        archived: false,
        stargazers_count: 42,
        forks_count: 7,
        open_issues_count: 3,
        pushed_at: '2024-05-01T12:00:00Z',
        language: 'Python',
        license: { key: 'apache-2.0', name: 'Apache License 2.0', spdx_id: 'Apache-2.0' },
      });
      return;
    }
    const m = /^\/repos\/acme\/widget\/commits\/([^/?]+)$/.exec(req.url ?? '');
    const sha = m ? shas[decodeURIComponent(m[1] ?? '')] : undefined;
    if (req.method === 'GET' && sha && req.headers.accept === 'application/vnd.github.sha') {
      res.writeHead(200, { 'content-type': 'application/vnd.github.sha; charset=utf-8' });
      res.end(sha);
      return;
    }
    json(404, { message: 'Not Found' });
  });
  return { server, seen, setMode: (m) => (mode = m) };
}

describe('acquire: GitHub targets (offline)', { timeout: 60_000 }, () => {
  let base: string;
  let mainHead: string;
  let tagged: string;
  let api: ReturnType<typeof fakeGithub>;
  let apiUrl: string;
  const env = envSandbox();
  const checkouts: Checkout[] = [];

  beforeAll(async () => {
    base = tempDir();
    const work = join(base, 'work');
    mkdirSync(work);
    initRepo(work);
    write(join(work, 'pyproject.toml'), '[project]\nname = "widget"\n');
    tagged = commitAll(work, 'v1');
    sh(work, ['tag', 'v1']);
    write(join(work, 'widget.py'), 'def run(): ...\n');
    mainHead = commitAll(work, 'main');
    mkdirSync(join(base, 'clone-base', 'acme'), { recursive: true });
    sh(base, ['clone', '--quiet', '--bare', '--template=', work, join(base, 'clone-base', 'acme', 'widget.git')]);

    api = fakeGithub({ main: mainHead, v1: tagged });
    await new Promise<void>((r) => api.server.listen(0, '127.0.0.1', () => r()));
    apiUrl = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  }, 60_000);

  beforeEach(() => {
    api.setMode('ok');
    api.seen.length = 0;
    env.set({
      GITHUB_API_URL: apiUrl,
      GITHUB_SERVER_URL: `file://${join(base, 'clone-base')}/`,
      ARCH_AUDIT_CACHE_DIR: join(base, 'cache'),
      GITHUB_TOKEN: undefined,
      GH_TOKEN: undefined,
    });
  });

  afterEach(async () => {
    env.restore();
    for (const c of checkouts.splice(0)) await c.cleanup();
  });

  afterAll(async () => {
    await new Promise<void>((r) => api.server.close(() => r()));
    removeDir(base);
  });

  async function get(input: string, opts: Parameters<typeof acquire>[1] = {}): Promise<Checkout> {
    const c = await acquire(input, opts);
    checkouts.push(c);
    return c;
  }

  it('clones owner/repo and fills GitHub metadata', async () => {
    const c = await get('acme/widget');
    expect(c.provenance).toMatchObject({
      kind: 'github',
      source: 'acme/widget',
      ref: 'main',
      commit: mainHead,
      shallow: true,
      subdir: null,
      notes: [],
      github: {
        fullName: 'acme/widget',
        htmlUrl: 'https://github.com/acme/widget',
        defaultBranch: 'main',
        private: false,
        archived: false,
        stars: 42,
        forks: 7,
        openIssues: 3,
        pushedAt: '2024-05-01T12:00:00Z',
        language: 'Python',
        license: 'Apache-2.0',
      },
    });
    expect(api.seen.map((s) => s.url)).toEqual(['/repos/acme/widget', '/repos/acme/widget/commits/main']);
    expect(api.seen[0]?.headers['user-agent']).toMatch(/^arch-audit\//);
    expect(api.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('honours @ref and GitHub URLs with /tree/<ref>', async () => {
    for (const input of ['acme/widget@v1', 'https://github.com/acme/widget/tree/v1']) {
      const c = await get(input);
      expect(c.provenance.commit).toBe(tagged);
      expect(c.provenance.ref).toBe('v1');
      expect(c.provenance.github?.fullName).toBe('acme/widget');
    }
    expect(api.seen.filter((s) => s.url.includes('/commits/')).map((s) => s.url)).toEqual([
      '/repos/acme/widget/commits/v1',
      '/repos/acme/widget/commits/v1',
    ]);
  });

  it('sends GITHUB_TOKEN (or GH_TOKEN) to the API', async () => {
    env.set({ GH_TOKEN: 'gh-secret-1' });
    await get('acme/widget');
    expect(api.seen[0]?.headers.authorization).toMatch(/gh-secret-1/);
  });

  it('goes on without metadata when rate-limited', async () => {
    api.setMode('rate-limited');
    const c = await get('acme/widget');
    expect(c.provenance.github).toBeNull();
    expect(c.provenance.commit).toBe(mainHead);
    expect(c.provenance.ref).toBe('main'); // read from the remote's HEAD instead
    expect(c.provenance.notes).toEqual(['GitHub metadata not available: rate limited (set GITHUB_TOKEN for a higher limit)']);
  });

  it('goes on without metadata when the API is unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    env.set({ GITHUB_API_URL: `http://127.0.0.1:${port}` });
    const c = await get('acme/widget');
    expect(c.provenance.github).toBeNull();
    expect(c.provenance.commit).toBe(mainHead);
    expect(c.provenance.notes[0]).toMatch(/^GitHub metadata not available: GitHub API unreachable/);
  });

  it('says github.com could not be reached when neither the API nor the clone works', async () => {
    env.set({ GITHUB_API_URL: 'http://127.0.0.1:1', GITHUB_SERVER_URL: `file://${join(base, 'nowhere')}/` });
    const err = await acquire('acme/widget').then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/^github\.com could not be reached: cannot fetch acme\/widget \(/);
    expect((err as UserError).message).not.toMatch(/[\r\n]/);
  });

  it('says the repository does not exist (or is private) when the API says 404 and the clone fails', async () => {
    api.setMode('not-found');
    env.set({ GITHUB_SERVER_URL: `file://${join(base, 'nowhere')}/` });
    await expect(acquire('acme/widget')).rejects.toThrow(
      /^GitHub repository acme\/widget does not exist, or it is private and no GITHUB_TOKEN is set/,
    );
  });
});
