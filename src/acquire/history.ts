import { git, GitError } from './git.ts';

// Who changed the code in the year before the scanned commit, read from git history with read-only commands.
// Names go through the repository's .mailmap; e-mail addresses are never read, so never printed. A shallow
// clone has no history to read: the caller gets null and says "not measured".

export interface RecentHistory {
  /** the year read: from a year before the scanned commit to its date (ISO days) */
  from: string;
  to: string;
  /** non-merge commits in that year, under the scanned folder */
  commits: number;
  /** authors by commits, most first */
  authors: { name: string; commits: number }[];
}

const MAX_COMMITS = 50_000;
const YEAR_MS = 365 * 24 * 3600 * 1000;

export async function readRecentHistory(gitRoot: string, commit: string, subdir: string | null): Promise<RecentHistory | null> {
  try {
    const when = (await git(gitRoot, ['log', '-1', '--format=%cI', commit])).trim();
    const to = new Date(when);
    if (Number.isNaN(to.getTime())) return null;
    const from = new Date(to.getTime() - YEAR_MS);
    const out = await git(gitRoot, ['log', '--no-merges', '--use-mailmap', `--since=${from.toISOString()}`, `-n${MAX_COMMITS}`, '--format=%aN', commit, '--', subdir ?? '.']);
    const counts = new Map<string, number>();
    for (const name of out.split('\n').map((l) => l.trim()).filter(Boolean)) counts.set(name, (counts.get(name) ?? 0) + 1);
    const authors = [...counts].map(([name, commits]) => ({ name, commits })).sort((a, b) => b.commits - a.commits || (a.name < b.name ? -1 : 1));
    return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10), commits: authors.reduce((n, a) => n + a.commits, 0), authors };
  } catch (err) {
    if (err instanceof GitError) return null;
    throw err;
  }
}
