import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scan } from '../../src/run.ts';
import type { Report } from '../../src/report/schema.ts';

/** One author's run of commits in a fixture's `git-history.json`, a day apart from `from` (a day, or `-40d`: forty days before today). */
interface HistoryEntry {
  author: string;
  /** the address the commits carry; one made from the name by default */
  email?: string;
  commits: number;
  from: string;
  /** the file each commit changes; CHANGES.md by default */
  touches?: string;
}

/**
 * Scan a fixture folder in-process, offline, without cache or worker threads, as the repository of its own it stands for.
 * A fixture with a `git-history.json` stands for a repository with that history: it is copied and committed, author by
 * author, into a throwaway repository, which is scanned.
 */
export async function scanFixture(dir: string, only?: string[], rulesDirs: string[] = []): Promise<Report> {
  const history = join(dir, 'git-history.json');
  const base = { failOn: null, ...(only ? { only } : {}), rulesDirs, cacheDir: null, workers: 0, maxFileBytes: 1_000_000 } as const;
  if (!existsSync(history)) return (await scan({ ...base, target: dir, folderOnly: true })).report;
  const repo = withHistory(dir, JSON.parse(readFileSync(history, 'utf8')) as HistoryEntry[]);
  try {
    return (await scan({ ...base, target: repo })).report;
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

function withHistory(dir: string, entries: HistoryEntry[]): string {
  const repo = mkdtempSync(join(tmpdir(), 'arch-audit-history-'));
  cpSync(dir, repo, { recursive: true });
  rmSync(join(repo, 'git-history.json'));
  const git = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'init.defaultBranch=main', ...args], { cwd: repo, env: { PATH: process.env.PATH, HOME: repo, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', ...env }, stdio: 'ignore' });
  git(['init', '--quiet', '--template=', '.']);
  let first = true;
  for (const e of entries) {
    for (let i = 0; i < e.commits; i++) {
      const ago = /^-(\d+)d$/.exec(e.from);
      const start = ago ? Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate(), 12) - Number(ago[1]) * 86_400_000 : Date.parse(`${e.from}T12:00:00Z`);
      const date = new Date(start + i * 86_400_000).toISOString();
      const who = { GIT_AUTHOR_NAME: e.author, GIT_AUTHOR_EMAIL: e.email ?? `${e.author.split(/\W/)[0]?.toLowerCase()}@example.com`, GIT_COMMITTER_NAME: e.author, GIT_COMMITTER_EMAIL: 'ci@example.com', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
      if (!first) appendFileSync(join(repo, e.touches ?? 'CHANGES.md'), e.touches ? '\n' : `- ${e.author}, ${date.slice(0, 10)}\n`);
      git(['add', '-A']);
      git(['commit', '--quiet', '--no-verify', '-m', first ? 'first version' : 'change'], who);
      first = false;
    }
  }
  return repo;
}
