import { existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliAsync, commitAll, initRepo, mkfifo, put, readReport, sh, workspace, type Run } from './support.ts';

// Hangs: nothing a repository or a server does may stop a scan from ending. Each case runs the command
// in a child process with a hard kill well above its bound, and asserts it ended by itself, in time.

const ws = workspace('hangs');
const MODEL_CODE = 'import openai\nclient = openai.OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[])\n';
const servers: Array<Server | HttpServer> = [];

/** A TCP server that accepts every connection and never says a word. */
async function silentServer(): Promise<number> {
  const held: unknown[] = [];
  const server = createServer((socket) => held.push(socket));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

function localRepo(name: string, files: Record<string, string>): string {
  const dir = join(ws.base, name);
  put(dir, { 'app.py': MODEL_CODE, ...files });
  initRepo(dir);
  commitAll(dir, 'init');
  return dir;
}

function plainFolder(name: string, files: Record<string, string> = {}): string {
  const dir = join(ws.base, name);
  put(dir, { 'app.py': MODEL_CODE, ...files });
  return dir;
}

async function scanLocal(dir: string, name: string): Promise<Run> {
  return cliAsync(['scan', dir, '--out', ws.out(name), '--no-cache', '--format', 'json'], { timeoutMs: 30_000 });
}

/** Ended by itself, successfully, in time, and the model call is still found. */
function completed(r: Run, name: string, boundMs = 15_000): void {
  expect(r.timedOut, 'killed: the scan hung').toBe(false);
  expect(r.code, r.stderr).toBe(0);
  expect(r.ms).toBeLessThan(boundMs);
  expect(readReport(ws.out(name)).inventory.modelCalls.map((c) => c.file)).toContain('app.py');
}

afterAll(() => {
  for (const s of servers) s.close();
  ws.dispose();
});

// Each case has its own folders, servers and cache, and waits mostly on child processes: they run side by side.
describe.concurrent('hostile: hangs in a local folder', () => {
  it('a FIFO named .gitignore at the top of a git work tree', async () => {
    const dir = localRepo('fifo-top', {});
    put(dir, { 'untracked.py': 'print(1)\n' });
    mkfifo(join(dir, '.gitignore'));
    const r = await scanLocal(dir, 'fifo-top');
    completed(r, 'fifo-top');
    expect(readReport(ws.out('fifo-top')).errors).toContainEqual({ kind: 'read-error', file: '.gitignore', message: expect.stringMatching(/not a regular file/) });
  });

  it('a FIFO named .gitignore in a sub-folder of a git work tree', async () => {
    const dir = localRepo('fifo-sub', { 'pkg/mod.py': 'x = 1\n' });
    mkfifo(join(dir, 'pkg', '.gitignore'));
    completed(await scanLocal(dir, 'fifo-sub'), 'fifo-sub');
  });

  it('core.excludesFile in the repository config pointing at a FIFO', async () => {
    const dir = localRepo('fifo-excludes', {});
    mkfifo(join(ws.base, 'excludes.fifo'));
    sh(dir, ['config', '--file', join(dir, '.git', 'config'), 'core.excludesFile', join(ws.base, 'excludes.fifo')]);
    put(dir, { 'new.py': 'print(2)\n' });
    completed(await scanLocal(dir, 'fifo-excludes'), 'fifo-excludes');
  });

  it('.git/info/exclude as a FIFO', async () => {
    const dir = localRepo('fifo-info', {});
    mkdirSync(join(dir, '.git', 'info'), { recursive: true });
    mkfifo(join(dir, '.git', 'info', 'exclude'));
    completed(await scanLocal(dir, 'fifo-info'), 'fifo-info');
  });

  it('a FIFO named like a source file, untracked in a git work tree', async () => {
    const dir = localRepo('fifo-source', {});
    mkfifo(join(dir, 'pipe.py'));
    completed(await scanLocal(dir, 'fifo-source'), 'fifo-source');
  });

  it('a FIFO named .gitignore in a folder outside git', async () => {
    const dir = plainFolder('fifo-plain');
    mkfifo(join(dir, '.gitignore'));
    completed(await scanLocal(dir, 'fifo-plain'), 'fifo-plain');
  });

  it('.gitignore -> /dev/zero outside git is not read (no endless read)', async () => {
    const dir = plainFolder('zero-plain');
    symlinkSync('/dev/zero', join(dir, '.gitignore'));
    completed(await scanLocal(dir, 'zero-plain'), 'zero-plain', 10_000);
  });

  it('.gitignore -> /dev/zero in a git work tree with untracked files', async () => {
    const dir = localRepo('zero-git', {});
    symlinkSync('/dev/zero', join(dir, '.gitignore'));
    put(dir, { 'more.py': 'print(3)\n' });
    completed(await scanLocal(dir, 'zero-git'), 'zero-git', 10_000);
  });

  it('a source file, a manifest and a tsconfig that are links to /dev/zero or FIFOs are skipped', async () => {
    const dir = plainFolder('zero-files');
    symlinkSync('/dev/zero', join(dir, 'model.py'));
    symlinkSync('/dev/zero', join(dir, 'tsconfig.json'));
    mkfifo(join(dir, 'package.json'));
    mkfifo(join(dir, 'requirements.txt'));
    const r = await scanLocal(dir, 'zero-files');
    completed(r, 'zero-files', 10_000);
    expect(readReport(ws.out('zero-files')).skipped).toContainEqual({ path: 'model.py', reason: 'symlink' });
  });

  it('a .git that is a FIFO', async () => {
    const dir = plainFolder('git-fifo');
    mkfifo(join(dir, '.git'));
    completed(await scanLocal(dir, 'git-fifo'), 'git-fifo');
  });

  it('objects spread from each other in diamonds, 40 deep: a member read once per object, not once per path', async () => {
    // Provider configs built as `{ ...base, ...chat }` layer on layer: 2^40 paths to the key at the bottom.
    const lines = ["const c0a = { base: 'https://api.openai.com/v1' };", 'const c0b = { headers: {} };'];
    for (let i = 1; i <= 40; i++) lines.push(`const c${i}a = { ...c${i - 1}a, ...c${i - 1}b };`, `const c${i}b = { ...c${i - 1}b, ...c${i - 1}a };`);
    lines.push('const cfg = { ...c40a, ...c40b };', "export const ask = () => fetch(cfg.base + '/chat/completions', { method: 'POST', body: JSON.stringify({ model: 'gpt-4o', messages: [] }) });");
    const dir = plainFolder('spread-diamonds', { 'configs.ts': `${lines.join('\n')}\n` });
    const r = await scanLocal(dir, 'spread-diamonds');
    completed(r, 'spread-diamonds');
    expect(readReport(ws.out('spread-diamonds')).inventory.modelCalls).toContainEqual(expect.objectContaining({ file: 'configs.ts', provider: 'openai' }));
  });

  it('a Python file with 100,000 nested brackets stays within the parse budget', async () => {
    const dir = plainFolder('brackets', { 'deep.py': `import openai\nx = ${'('.repeat(100_000)}1${')'.repeat(100_000)}\n` });
    const r = await scanLocal(dir, 'brackets');
    completed(r, 'brackets', 10_000);
    expect(readReport(ws.out('brackets')).errors).toContainEqual({ kind: 'parse-error', file: 'deep.py', message: expect.stringMatching(/brackets nested 100000 deep/) });
  });
});

describe.concurrent('hostile: hangs on the network', () => {
  let bare: string;
  beforeAll(() => {
    const work = localRepo('served', {});
    bare = join(ws.base, 'served.git');
    sh(ws.base, ['clone', '--quiet', '--bare', work, bare]);
    // owner/repo targets clone from GITHUB_SERVER_URL: a file:// base serves acme/app
    mkdirSync(join(ws.base, 'gh', 'acme'), { recursive: true });
    sh(ws.base, ['clone', '--quiet', '--bare', bare, join(ws.base, 'gh', 'acme', 'app.git')]);
  });

  const checkouts = (cache: string): string[] => (existsSync(join(cache, 'checkouts')) ? readdirSync(join(cache, 'checkouts')) : []);

  /** A clone from a server that accepts and never answers: it must end by itself, in time, with nothing left. */
  async function stalledClone(scheme: 'http' | 'git', env: Record<string, string>, boundMs: number): Promise<Run> {
    const port = await silentServer();
    const cache = join(ws.base, `cache-${scheme}`);
    const r = await cliAsync(['scan', `${scheme}://127.0.0.1:${port}/acme/app.git`, '--cache-dir', cache, '--out', ws.out(scheme)], { env, timeoutMs: 60_000 });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(boundMs);
    expect(checkouts(cache)).toEqual([]);
    return r;
  }

  it('an http git server that accepts and never answers: stopped by the stall limit, nothing left in the cache', async () => {
    const r = await stalledClone('http', { ARCH_AUDIT_NETWORK_TIMEOUT: '1' }, 30_000);
    expect(r.stderr).toMatch(/^arch-audit: cannot clone http:\/\/127\.0\.0\.1:\d+\/acme\/app\.git: .*(too slow|timed out|Operation)/i);
  });

  it('a git:// server that accepts and never answers: stopped by the clone deadline, nothing left in the cache', async () => {
    const r = await stalledClone('git', { ARCH_AUDIT_CLONE_TIMEOUT: '2' }, 20_000);
    expect(r.stderr).toMatch(/timed out after 2000 ms \(stopped; ARCH_AUDIT_CLONE_TIMEOUT/);
  });

  it('a scan stopped by SIGTERM during a stalled clone leaves no half-made clone', async () => {
    const port = await silentServer();
    const cache = join(ws.base, 'cache-term');
    const r = await cliAsync(['scan', `git://127.0.0.1:${port}/acme/app.git`, '--cache-dir', cache, '--out', ws.out('term')], {
      timeoutMs: 30_000,
      onStart: (child) => {
        // stopped once the clone folder exists
        const poll = setInterval(() => {
          if (checkouts(cache).length > 0) {
            clearInterval(poll);
            child.kill('SIGTERM');
          }
        }, 50);
      },
    });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(143);
    expect(checkouts(cache)).toEqual([]);
  });

  it('a clone folder left by a killed scan (its process gone) is swept by the next clone', async () => {
    const cache = join(ws.base, 'cache-sweep');
    const stale = join(cache, 'checkouts', 'acme-app-999999-AbC123');
    put(stale, { 'half.py': 'x' });
    const r = await cliAsync(['scan', `file://${bare}`, '--cache-dir', cache, '--out', ws.out('sweep'), '--format', 'json'], { timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(checkouts(cache)).toEqual([]);
  });

  it('a GitHub API that accepts and never answers: the scan goes on without metadata, in time', async () => {
    const port = await silentServer();
    const r = await cliAsync(['scan', 'acme/app', '--no-cache', '--out', ws.out('api'), '--format', 'json'], {
      env: { GITHUB_API_URL: `http://127.0.0.1:${port}`, GITHUB_SERVER_URL: `file://${join(ws.base, 'gh')}/`, ARCH_AUDIT_NETWORK_TIMEOUT: '1', GITHUB_TOKEN: '' },
      timeoutMs: 60_000,
    });
    expect(r.timedOut).toBe(false);
    expect(r.code, r.stderr).toBe(0);
    expect(r.ms).toBeLessThan(20_000);
    expect(readReport(ws.out('api')).target.notes.join(' ')).toMatch(/GitHub metadata not available/);
  });

  it('an http server that answers the API with HTML: metadata left out with a note, report.json still valid', async () => {
    const server = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Sign in to continue</body></html>');
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const r = await cliAsync(['scan', 'acme/app', '--no-cache', '--out', ws.out('html-api'), '--format', 'json,md,html,sarif,cyclonedx'], {
      env: { GITHUB_API_URL: `http://127.0.0.1:${port}`, GITHUB_SERVER_URL: `file://${join(ws.base, 'gh')}/`, GITHUB_TOKEN: '' },
      timeoutMs: 60_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const report = readReport(ws.out('html-api'));
    expect(report.target.github).toBeNull();
    expect(report.target.notes.join(' ')).toMatch(/GitHub API answer not understood \(not JSON\)/);
  });
});
