import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_FORMATS, cli, commitAll, initRepo, put, scanInProcess, sh, snapshot, workspace } from './support.ts';

// Writes: arch-audit writes reports, its cache and clones, and nothing else, never through a link a
// repository planted, never into the repository, never onto a special file system.

const ws = workspace('writes');
let repo: string;
let victim: string;
const VICTIM_TEXT = 'ssh-ed25519 AAAA... the user\'s own key\n';

function oneLineError(r: { code: number | null; stdout: string; stderr: string }, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

beforeAll(() => {
  victim = join(ws.base, 'home', '.ssh', 'authorized_keys');
  put(ws.base, { 'home/.ssh/authorized_keys': VICTIM_TEXT });
  repo = join(ws.base, 'repo');
  put(repo, {
    'app.py': 'import openai\nclient = openai.OpenAI()\nclient.chat.completions.create(model="gpt-4o", messages=[])\n',
  });
  // The README's CI recipe writes to arch-audit-report/ in the checkout: the repository plants links there.
  mkdirSync(join(repo, 'arch-audit-report'));
  symlinkSync(victim, join(repo, 'arch-audit-report', 'report.md'));
  symlinkSync(victim, join(repo, 'arch-audit-report', 'report.json'));
  initRepo(repo);
  commitAll(repo, 'links where reports go');
});

afterAll(() => ws.dispose());

describe('hostile: writes', () => {
  it('--out inside the scanned folder (the CI recipe with planted links) is refused before the scan; the link target is untouched', async () => {
    const before = snapshot(repo);
    const r = await scanInProcess(['scan', '.', '--out', 'arch-audit-report', '--format', ALL_FORMATS, '--no-cache'], { cwd: repo });
    oneLineError(r, /^arch-audit: report folder .*arch-audit-report is inside the scanned folder; write it outside with --out/);
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
    expect(snapshot(repo)).toEqual(before);
  });

  it('the default --out while standing in the scanned folder is refused the same way', async () => {
    const r = await scanInProcess(['scan', '--no-cache'], { cwd: repo });
    oneLineError(r, /inside the scanned folder/);
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
  });

  it('--out pointing into the scanned folder through a symlinked path is refused', async () => {
    symlinkSync(repo, join(ws.base, 'repo-alias'));
    const r = await scanInProcess(['scan', repo, '--out', join(ws.base, 'repo-alias', 'reports'), '--no-cache'], { cwd: ws.base });
    oneLineError(r, /inside the scanned folder/);
    expect(existsSync(join(repo, 'reports'))).toBe(false);
  });

  it('--cache-dir inside the scanned repository is refused before anything is cached', async () => {
    const r = await scanInProcess(['scan', repo, '--out', ws.out('c'), '--cache-dir', join(repo, '.cache')], { cwd: ws.base });
    oneLineError(r, /^arch-audit: cache folder .* is inside the scanned repository/);
    expect(existsSync(join(repo, '.cache'))).toBe(false);
  });

  it('an existing report.md in the out folder that is a link to another file is replaced, not written through', async () => {
    const out = ws.out('linked');
    mkdirSync(out);
    symlinkSync(victim, join(out, 'report.md'));
    const r = await scanInProcess(['scan', repo, '--out', out, '--no-cache', '--quiet'], { cwd: ws.base });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
    expect(lstatSync(join(out, 'report.md')).isFile()).toBe(true);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/^# Architecture audit: repo/);
  });

  it('an --out folder that is itself a symbolic link is refused', async () => {
    const link = join(ws.base, 'out-link');
    symlinkSync(join(ws.base, 'home', '.ssh'), link);
    const r = await scanInProcess(['scan', repo, '--out', link, '--no-cache'], { cwd: ws.base });
    oneLineError(r, /^arch-audit: report folder .*out-link is a symbolic link/);
    expect(readdirSync(join(ws.base, 'home', '.ssh'))).toEqual(['authorized_keys']);
  });

  it('an --out that is a file is refused with one line', async () => {
    writeFileSync(join(ws.base, 'a-file'), 'x');
    const r = await scanInProcess(['scan', repo, '--out', join(ws.base, 'a-file'), '--no-cache'], { cwd: ws.base });
    oneLineError(r, /^arch-audit: report folder .*a-file exists and is not a folder\n$/);
  });

  it('a report name taken by a folder is a one-line error, not a stack trace', async () => {
    const out = ws.out('dir-taken');
    mkdirSync(join(out, 'report.json'), { recursive: true });
    const r = await scanInProcess(['scan', repo, '--out', out, '--no-cache', '--format', 'json'], { cwd: ws.base });
    oneLineError(r, /^arch-audit: cannot write .*report\.json: /);
  });

  it.each([['/proc/self/arch-audit'], ['/sys/kernel/arch-audit'], ['/dev/shm/../arch-audit']])('--out %s (a special file system) is refused at once, before the scan', (dir) => {
    const r = cli(['scan', repo, '--out', dir, '--no-cache'], { timeoutMs: 10_000 });
    expect(r.timedOut).toBe(false);
    oneLineError(r, /is on a special file system/);
    expect(r.ms).toBeLessThan(5_000);
  });

  it('--cache-dir under /proc is refused at once, before the scan', () => {
    const r = cli(['scan', repo, '--out', ws.out('p'), '--cache-dir', '/proc/self/cwd/cache'], { timeoutMs: 10_000 });
    expect(r.timedOut).toBe(false);
    oneLineError(r, /^arch-audit: cache folder \/proc\/self\/cwd\/cache is on a special file system/);
  });

  /** A cache folder whose `sub` folder is a link to an empty folder elsewhere. */
  function cacheWithLinked(sub: string): { cache: string; elsewhere: string } {
    const cache = join(ws.base, `cache-${sub}`);
    const elsewhere = join(ws.base, `elsewhere-${sub}`);
    mkdirSync(cache);
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(cache, sub));
    return { cache, elsewhere };
  }

  it('a facts folder in the cache replaced by a link is not written through; the scan still succeeds and says so', async () => {
    const { cache, elsewhere } = cacheWithLinked('facts');
    const r = await scanInProcess(['scan', repo, '--out', ws.out('cl'), '--cache-dir', cache, '--quiet'], { cwd: ws.base });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^arch-audit: warning: facts cache not saved: cache folder .*facts is a symbolic link/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('a checkouts folder in the cache replaced by a link stops a clone with one line, writing nothing there', async () => {
    const { cache, elsewhere } = cacheWithLinked('checkouts');
    const bare = join(ws.base, 'bare.git');
    sh(ws.base, ['clone', '--quiet', '--bare', repo, bare]);
    const r = await scanInProcess(['scan', `file://${bare}`, '--out', ws.out('cc'), '--cache-dir', cache], { cwd: ws.base });
    oneLineError(r, /^arch-audit: cache folder .*checkouts is a symbolic link/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('a full scan in every format writes only into --out and the cache: the repository is byte-for-byte unchanged', async () => {
    const before = snapshot(repo);
    const out = ws.out('full');
    const r = await scanInProcess(['scan', repo, '--out', out, '--format', ALL_FORMATS, '--cache-dir', ws.cache, '--quiet'], { cwd: ws.base });
    expect(r.code, r.stderr).toBe(0);
    expect(snapshot(repo)).toEqual(before);
    expect(readdirSync(out).sort()).toEqual(['ai-bom.cdx.json', 'report.html', 'report.json', 'report.md', 'report.sarif']);
    // no temporary file left beside the reports or the cache
    expect(readdirSync(join(ws.cache, 'facts')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
