import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENVIRONMENT } from '../../src/environment.ts';
import { cli, commitAll, initRepo, put, scanInProcess, sh, workspace } from './support.ts';
import { hostileHooks, hostileScripts, markers } from '../acquire/helpers.ts';

// Errors a user can act on, and execution: a scan runs nothing from the repository, whatever it holds.

const ws = workspace('errors');
const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
  ws.dispose();
});

function oneLine(r: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

describe('hostile: errors that say what to do', () => {
  let repo: string;
  beforeAll(() => {
    repo = join(ws.base, 'repo');
    put(repo, { 'app.py': 'import openai\n' });
  });

  it("`scan ''` is an error, not a scan of the current folder", async () => {
    oneLine(await scanInProcess(['scan', ''], { cwd: repo }), /^arch-audit: empty target: give a folder \(\. for this one\), a git URL or owner\/repo\n$/);
  });

  it.each([
    [['--format', ''], /^arch-audit: --format needs at least one format\n$/],
    [['--format', ' , '], /^arch-audit: --format needs at least one format\n$/],
    [['--out', ''], /^arch-audit: --out needs a value\n$/],
    [['--cache-dir', ''], /^arch-audit: --cache-dir needs a value\n$/],
    [['--only', ''], /^arch-audit: --only needs at least one rule id\n$/],
    [['--rules', ''], /^arch-audit: --rules needs a value\n$/],
  ])('an empty flag value %j is an error, not a silent default', async (flags, pattern) => {
    oneLine(await scanInProcess(['scan', repo, ...flags], { cwd: ws.base }), pattern);
  });

  it("a failed clone's reason is kept whole (every line git gave, redacted)", () => {
    const r = cli(['scan', `file://${join(ws.base, 'no-such-repo.git')}`, '--no-cache']);
    oneLine(r, /^arch-audit: cannot clone file:\/\/.*no-such-repo\.git: '.*no-such-repo\.git' does not appear to be a git repository; Could not read from remote repository\.\n$/);
  });

  it('a token GitHub rejects is named as the cause, without printing it', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Bad credentials' }));
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const token = 'ghp_' + 'Zq8'.repeat(12);
    const r = await scanInProcess(['scan', 'acme/private-app', '--no-cache'], {
      cwd: ws.base,
      env: { GITHUB_API_URL: `http://127.0.0.1:${(server.address() as { port: number }).port}`, GITHUB_SERVER_URL: `file://${join(ws.base, 'nowhere')}/`, GITHUB_TOKEN: token },
    });
    oneLine(r, /^arch-audit: cannot clone acme\/private-app: GitHub rejected the token in GITHUB_TOKEN\/GH_TOKEN; renew it, or unset it/);
    expect(r.stderr).not.toContain(token);
  });

  it('every environment variable arch-audit reads is in --help and the README', async () => {
    const help = (await scanInProcess(['--help'], { cwd: ws.base })).stdout;
    const readme = readFileSync('README.md', 'utf8');
    const read = new Set<string>();
    for (const file of ['src/acquire/github.ts', 'src/acquire/clone.ts', 'src/acquire/index.ts', 'src/acquire/git.ts', 'src/environment.ts', 'src/inventory/list.ts']) {
      for (const m of readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Z_]+)|secondsFromEnv\('([A-Z_]+)'/g)) read.add(m[1] ?? m[2] ?? '');
    }
    const documented = ENVIRONMENT.flatMap((e) => e.name.split(', '));
    for (const name of read) {
      if (name === 'XDG_CONFIG_HOME') continue; // git's own convention, read to find git's ignore file
      expect(documented, name).toContain(name);
    }
    for (const name of documented) {
      expect(help, name).toContain(name);
      expect(readme, name).toContain(`\`${name}\``);
    }
  });
});

describe('hostile: execution (a full CLI scan runs nothing from the repository)', () => {
  let repo: string;
  let markerDir: string;
  beforeAll(async () => {
    markerDir = join(ws.base, 'markers');
    mkdirSync(markerDir);
    const { mark, filter } = hostileScripts(ws.base, markerDir);
    repo = join(ws.base, 'exec');
    const touch = (name: string) => `${mark} ${name}`;
    put(repo, {
      'package.json': JSON.stringify({ name: 'x', scripts: { preinstall: touch('npm-preinstall'), postinstall: touch('npm-postinstall'), prepare: touch('npm-prepare'), test: touch('npm-test'), build: touch('npm-build') }, dependencies: { openai: '^4' } }),
      '.npmrc': `script-shell=${mark}\n`,
      'setup.py': `import os\nos.system("${touch('setup-py')}")\n`,
      'conftest.py': `import os\nos.system("${touch('conftest')}")\n`,
      'app/__init__.py': `import os\nos.system("${touch('package-init')}")\n`,
      'sitecustomize.py': `import os\nos.system("${touch('sitecustomize')}")\n`,
      'pyproject.toml': `[build-system]\nrequires = []\nbuild-backend = "evil"\nbackend-path = ["."]\n`,
      'evil.py': `import os\nos.system("${touch('build-backend')}")\n`,
      'Makefile': `all:\n\t${touch('make')}\n`,
      '.envrc': `${touch('direnv')}\n`,
      'rules/evil/rule.ts': `import { execSync } from 'node:child_process';\nexecSync('${touch('rule-import')}');\nexport default {};\n`,
      'src/index.ts': `import { execSync } from 'node:child_process';\nexecSync('${touch('ts-import')}');\nimport OpenAI from 'openai';\nnew OpenAI().chat.completions.create({ model: 'gpt-4o', messages: [] });\n`,
      '.gitattributes': '* filter=evil diff=evil\n',
      'untracked-later.py': '',
    });
    initRepo(repo);
    commitAll(repo, 'exec');
    hostileHooks(join(repo, '.git', 'hooks'), mark);
    const set = (k: string, v: string) => sh(repo, ['config', '--file', join(repo, '.git', 'config'), k, v]);
    set('core.fsmonitor', mark);
    set('core.pager', mark);
    set('filter.evil.clean', filter);
    set('filter.evil.smudge', filter);
    set('filter.evil.process', mark);
    set('filter.evil.required', 'true');
    set('diff.evil.textconv', filter);
    put(repo, { 'untracked-later.py': 'import openai\n' }); // dirty and untracked files make git consult the drivers
  });

  it('scans in every format with a cache, and nothing ran: npm scripts, .npmrc, setup.py, conftest, __init__, sitecustomize, a build backend, make, direnv, a rules folder, imports, hooks, fsmonitor, pager, filters', async () => {
    const r = await scanInProcess(['scan', repo, '--out', ws.out('exec'), '--cache-dir', ws.cache, '--format', 'json,md,html,sarif,cyclonedx', '--quiet'], { cwd: ws.base });
    expect(r.code, r.stderr).toBe(0);
    expect(markers(markerDir)).toEqual([]);
  });

  it.each([
    ['ext:: transport', (dir: string) => `ext::sh -c touch% ${dir}/ext`],
    ['an option as the URL', (dir: string) => `--upload-pack=touch ${dir}/upload-pack`],
    ['an ssh host that is an option', (dir: string) => `ssh://-oProxyCommand=touch%20${dir}/proxy/x`],
  ])('a target using %s is refused before git runs', async (_what, target) => {
    const r = cli(['scan', target(markerDir), '--no-cache']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(markers(markerDir)).toEqual([]);
  });

  // Last: proves the repository really is hostile for plain git, so the empty marker folder above means something.
  it('control: plain `git diff` in the same repository does run its hostile configuration', () => {
    try {
      execFileSync('git', ['diff'], { cwd: repo, stdio: 'ignore', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' } });
    } catch {
      // what matters is what ran
    }
    expect(markers(markerDir).length).toBeGreaterThan(0);
  });
});
