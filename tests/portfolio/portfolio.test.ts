import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listOrgRepositories } from '../../src/acquire/github.ts';
import type { Portfolio } from '../../src/portfolio/build.ts';

const tmp = mkdtempSync(join(tmpdir(), 'arch-audit-portfolio-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['dist/src/bin.mjs', ...args], { encoding: 'utf8', env: { ...process.env, ARCH_AUDIT_CACHE_DIR: join(tmp, 'cache') } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const read = (dir: string): Portfolio => JSON.parse(readFileSync(join(dir, 'portfolio.json'), 'utf8')) as Portfolio;

describe('scan-many and merge', () => {
  it('scans each target into a folder of its own, keeps going past one that cannot be scanned, and ranks the worst first', () => {
    const list = join(tmp, 'targets.txt');
    writeFileSync(list, '# the services\nfixtures/no-ci-tests/no-ci\n\n');
    const out = join(tmp, 'many');
    const r = cli('scan-many', 'fixtures/demo-startup', join(tmp, 'gone'), '--targets', list, '--folder-only', '--no-cache', '--quiet', '--out', out);
    expect(r.code).toBe(0);
    const p = read(out);
    expect([p.repositories, p.scanned]).toEqual([3, 2]);
    // demo-startup has the worse grade; the missing folder is listed with why, last.
    expect(p.rows.map((row) => [row.repository.split('/').pop(), row.grade === null ? null : 'graded', row.error ?? null])).toEqual([
      ['demo-startup', 'graded', null],
      ['no-ci', 'graded', null],
      ['gone', null, expect.stringMatching(/^no such directory: .*gone$/)],
    ]);
    const demo = p.rows[0];
    expect(demo?.ai.modelCallingFiles).toBeGreaterThan(0);
    expect(demo?.topFinding?.severity).toMatch(/critical|high/);
    expect(demo?.trend).toBeNull();
    expect(readFileSync(join(out, 'demo-startup', 'report.md'), 'utf8')).toContain('# Architecture audit');
    expect(readFileSync(join(out, 'portfolio.md'), 'utf8')).toMatch(/\| \S*\/gone \| – \| not scanned: no such directory/);
  });

  it('merge builds the same portfolio from report.json files made anywhere', () => {
    const out = join(tmp, 'merged');
    const r = cli('merge', join(tmp, 'many'), '--out', out);
    expect(r.code).toBe(0);
    const merged = read(out);
    expect(merged.rows.map((row) => row.repository)).toEqual(read(join(tmp, 'many')).rows.filter((row) => !row.error).map((row) => row.repository));
  });

  it('merge refuses a folder with no report in one clear line', () => {
    const r = cli('merge', join(tmp, 'cache'), '--out', join(tmp, 'none'));
    expect([r.code, r.stderr.trim()]).toEqual([2, expect.stringMatching(/^arch-audit: (no report\.json in|no such directory)/)]);
  });
});

describe('org:NAME', () => {
  let server: Server;
  let mode: 'ok' | 'unauthorized' | 'rate-limited' | 'not-found' = 'ok';
  const requests: string[] = [];
  const repo = (name: string, extra: Record<string, unknown> = {}) => ({ full_name: `acme/${name}`, archived: false, fork: false, ...extra });

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (mode === 'unauthorized') return json(401, { message: 'Bad credentials' });
      if (mode === 'rate-limited') return json(403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000000' });
      if (mode === 'not-found') return json(404, { message: 'Not Found' });
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/orgs/acme/repos') return json(404, { message: 'Not Found' });
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      if (url.searchParams.get('page') === '2') return json(200, [repo('old', { archived: true }), repo('web')]);
      return json(200, [repo('api'), repo('forked', { fork: true })], { link: `<${base}/orgs/acme/repos?type=all&per_page=100&page=2>; rel="next", <${base}/orgs/acme/repos?type=all&per_page=100&page=2>; rel="last"` });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    process.env.GITHUB_API_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    mode = 'ok';
  });
  afterAll(async () => {
    delete process.env.GITHUB_API_URL;
    await new Promise((r) => server.close(r));
  });

  it('lists every page, leaving archived repositories and forks out unless asked', async () => {
    expect(await listOrgRepositories('acme')).toEqual({ repositories: ['acme/api', 'acme/web'], left: [{ name: 'acme/forked', why: 'a fork' }, { name: 'acme/old', why: 'archived' }] });
    expect((await listOrgRepositories('acme', { archived: true, forks: true })).repositories).toEqual(['acme/api', 'acme/forked', 'acme/old', 'acme/web']);
    expect(requests.filter((u) => u.startsWith('/orgs/acme/repos')).length).toBe(4);
  });

  it('scan-many --matrix prints the targets for a CI matrix: the organisation\'s repositories and the listed ones, nothing scanned', async () => {
    const list = join(tmp, 'more.txt');
    writeFileSync(list, 'acme/legacy # kept apart\n');
    const child = spawn(process.execPath, ['dist/src/bin.mjs', 'scan-many', 'org:acme', '--targets', list, '--matrix', '--quiet'], { env: { ...process.env } });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect([code, JSON.parse(stdout)]).toEqual([0, ['acme/api', 'acme/web', 'acme/legacy']]);
  });

  it.each([
    ['unauthorized', /^cannot list the repositories of acme: GitHub rejected the token/],
    ['rate-limited', /^cannot list the repositories of acme: .*rate limit/i],
    ['not-found', /^cannot list the repositories of acme: .*not found/i],
  ] as const)('%s is one clear error', async (m, message) => {
    mode = m;
    await expect(listOrgRepositories('acme')).rejects.toThrow(message);
  });
});
