import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A repository a test builds commit by commit, each dated, by one author, with no hooks and no user config. */
export interface DatedRepo {
  dir: string;
  git(args: string[], date?: string): string;
  write(path: string, text: string): void;
  /** commits everything at noon UTC of `day` (YYYY-MM-DD) */
  commit(message: string, day: string): void;
  remove(): void;
}

export function datedRepo(prefix: string): DatedRepo {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const git = (args: string[], date?: string): string => {
    const env = { PATH: process.env.PATH ?? '', HOME: dir, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com', ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) };
    return execFileSync('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, env, encoding: 'utf8' });
  };
  git(['init', '--quiet', '--template=', '.']);
  return {
    dir,
    git,
    write(path, text) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    commit(message, day) {
      git(['add', '-A']);
      git(['commit', '--quiet', '--no-verify', '-m', message], `${day}T12:00:00Z`);
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
