import { CODE_EXTENSIONS } from '../inventory/language.ts';
import { git, GitError } from './git.ts';

// Who changed the code in the year before the scanned commit, read from git history with read-only commands.
// Names go through the repository's .mailmap. One person often commits under several names and addresses
// ("martin", "Martin Legrand", "martin.legrand"): identities sharing an address or a name written the same way
// are one author, shown by the name they used most. Addresses are used for that and never leave this module.
// Bots are not authors. A shallow clone has no history to read: the caller gets null and says "not measured".

export interface RecentHistory {
  /** the year read: from a year before the scanned commit to its date (ISO days) */
  from: string;
  to: string;
  /** non-merge commits in that year, under the scanned folder */
  commits: number;
  /** authors by commits, most first */
  authors: { name: string; commits: number }[];
  /** each commit of that year: its author (a name as in `authors`) and the repository paths it changed */
  changes: readonly { author: string; files: readonly string[] }[];
}

const MAX_COMMITS = 50_000;
const YEAR_MS = 365 * 24 * 3600 * 1000;
/** Starts each commit's record in the log: a name and an address, then the files it changed. */
const RECORD = '\u0001';

interface Commit {
  name: string;
  email: string;
  files: string[];
}

/** Each current file's changes over the whole history read: who made them, and who created the file. */
export interface Authorship {
  /** commits read (the most recent `MAX_COMMITS`), and whether older ones were left out */
  commits: number;
  truncated: boolean;
  files: Map<string, { creator: string | null; changes: Map<string, number> }>;
}

/**
 * The history up to the scanned commit, read once: who changed the code in the year before it (`recent`), and who
 * created and changed each file over the whole history (`authorship`, for the degree-of-authorship model in
 * `facts/knowledge.ts`), with one reading of who is who across both. Renames are read as a deletion and a creation:
 * whoever moved a file becomes its creator, as the model's authors measured it. `committedAt`: the scanned commit's
 * date (`commitDate`), where the year ends.
 */
export async function readHistory(gitRoot: string, commit: string, committedAt: string, subdir: string | null): Promise<{ recent: RecentHistory; authorship: Authorship } | null> {
  try {
    const out = await git(gitRoot, ['log', '--no-merges', '--use-mailmap', `-n${MAX_COMMITS}`, '--name-status', '--no-renames', `--format=${RECORD}%aN%x09%aE%x09%cI`, commit, '--', subdir ?? '.'], { timeoutMs: 300_000 });
    const commits = out.split(RECORD).flatMap((record): (Commit & { at: number; added: Set<string> })[] => {
      const [head = '', ...lines] = record.split('\n');
      const [name = '', email = '', date = ''] = head.split('\t');
      if (name.trim() === '' || BOT.test(name) || BOT.test(email)) return [];
      const files: string[] = [];
      const added = new Set<string>();
      for (const line of lines) {
        const [status = '', path = ''] = line.split('\t');
        if (!path) continue;
        files.push(path);
        if (status.startsWith('A')) added.add(path);
      }
      return [{ name: name.trim(), email: email.trim().toLowerCase(), files, added, at: Date.parse(date) }];
    });
    const person = people(commits);
    const to = new Date(committedAt);
    const from = new Date(to.getTime() - YEAR_MS);
    const year = commits.filter((c) => c.at >= from.getTime());
    const changes = year.map((c) => ({ author: person(c), files: c.files }));
    const counts = new Map<string, number>();
    for (const c of changes) counts.set(c.author, (counts.get(c.author) ?? 0) + 1);
    const authors = [...counts].map(([name, n]) => ({ name, commits: n })).sort((a, b) => b.commits - a.commits || (a.name < b.name ? -1 : 1));
    const files = new Map<string, { creator: string | null; changes: Map<string, number> }>();
    // Newest first: the first creation met is the latest, the one that made the file as it is now.
    const created = new Set<string>();
    for (const c of commits) {
      const who = person(c);
      for (const f of c.files) {
        const entry = files.get(f) ?? { creator: null, changes: new Map<string, number>() };
        entry.changes.set(who, (entry.changes.get(who) ?? 0) + 1);
        if (c.added.has(f) && !created.has(f)) {
          entry.creator = who;
          created.add(f);
        }
        files.set(f, entry);
      }
    }
    return {
      recent: { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10), commits: year.length, authors, changes },
      authorship: { commits: commits.length, truncated: commits.length >= MAX_COMMITS, files },
    };
  } catch (err) {
    if (err instanceof GitError) return null;
    throw err;
  }
}

const BOT = /\[bot\]|^(dependabot|renovate|github-actions|greenkeeper|snyk-bot|pre-commit-ci|allcontributors|semantic-release-bot)\b/i;

const GITHUB_NOREPLY = /^(?:\d+\+)?([\w-]+)@users\.noreply\.github\.com$/i;

/**
 * Who made each commit: identities that share an address, or a name up to case and punctuation, or a name that is
 * the login of another's GitHub address, are one person, named by the name they used most.
 */
function people(commits: readonly Commit[]): (c: Commit) => string {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r) ?? r;
    parent.set(k, r);
    return r;
  };
  const join = (a: string, b: string) => {
    for (const k of [a, b]) if (!parent.has(k)) parent.set(k, k);
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra, rb);
  };
  const nameKey = (n: string) => `n:${n.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')}`;
  for (const c of commits) {
    join(nameKey(c.name), c.email ? `e:${c.email}` : nameKey(c.name));
    // GitHub's private address carries the account's login (`67158122+shaoyijia@users.noreply.github.com`): commits
    // made under that login as a name are the same person's.
    const login = GITHUB_NOREPLY.exec(c.email)?.[1];
    if (login) join(nameKey(login), nameKey(c.name));
  }
  const names = new Map<string, Map<string, number>>();
  for (const c of commits) {
    const root = find(nameKey(c.name));
    const m = names.get(root) ?? new Map<string, number>();
    m.set(c.name, (m.get(c.name) ?? 0) + 1);
    names.set(root, m);
  }
  const shown = new Map([...names].map(([root, m]) => [root, [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '']));
  return (c) => shown.get(find(nameKey(c.name))) ?? c.name;
}

/** When the scanned commit was made (ISO), read even from a shallow clone; null when git cannot say. */
export async function commitDate(gitRoot: string, commit: string): Promise<string | null> {
  return dateOfLast(gitRoot, [commit]);
}

/**
 * When source code under the scanned folder last changed, up to the scanned commit (ISO): a commit that touched
 * only docs, a README or configuration is not one. Needs the history: the caller asks only where there is one.
 */
export async function lastCodeChange(gitRoot: string, commit: string, subdir: string | null): Promise<string | null> {
  const under = subdir ? `${subdir}/` : '';
  return dateOfLast(gitRoot, [commit, '--', ...CODE_EXTENSIONS.map((ext) => `:(glob)${under}**/*${ext}`)]);
}

async function dateOfLast(gitRoot: string, args: string[]): Promise<string | null> {
  try {
    const when = (await git(gitRoot, ['log', '-1', '--format=%cI', ...args])).trim();
    return when === '' || Number.isNaN(new Date(when).getTime()) ? null : new Date(when).toISOString();
  } catch (err) {
    if (err instanceof GitError) return null;
    throw err;
  }
}

