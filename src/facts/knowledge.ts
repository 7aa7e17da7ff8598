import type { Authorship, RecentHistory } from '../acquire/history.ts';

// Who knows each part of the code, from its history. Per area (the model code, the prompts, the evals, the
// infrastructure, the rest, and the whole), the authors' shares of the last year's commits, and a truck factor: how
// many people would have to leave before more than half of the area's files had no one who knows them.
//
// The truck factor is Avelino, Passos, Hora and Valente's algorithm ("A novel approach for estimating truck factors",
// ICPC 2016) on Fritz et al.'s degree of authorship (DOA, TOSEM 2014):
//   DOA(author, file) = 3.293 + 1.098 * FA + 0.164 * DL - 0.321 * ln(1 + AC)
// with FA 1 for the file's creator, DL the author's changes to it, AC everyone else's. An author of a file has a DOA of
// at least 3.293 and at least 0.75 of the file's highest. Authors are removed, the one authoring most files first,
// until more than half of the files have no author left; the truck factor is how many were removed.

export const KNOWLEDGE_AREAS = ['all', 'model-code', 'prompts', 'evals', 'infrastructure', 'rest'] as const;
export type KnowledgeAreaId = (typeof KNOWLEDGE_AREAS)[number];

export const KNOWLEDGE_LABEL: Record<KnowledgeAreaId, string> = {
  all: 'all code', 'model-code': 'model code', prompts: 'prompts', evals: 'evals', infrastructure: 'CI and infrastructure', rest: 'everything else',
};

export interface KnowledgeArea {
  id: KnowledgeAreaId;
  /** the area's files now */
  files: number;
  /** commits of the last year that changed one of them */
  commits: number;
  /** their authors, by share of those commits, most first */
  authors: { name: string; share: number }[];
  /** null: no file of the area has a history the scan read */
  truckFactor: number | null;
  /** the people whose leaving orphans half the area's files, in the order they were removed */
  keyPeople: string[];
}

export interface Hotspot {
  file: string;
  /** commits of the last year that changed it */
  commits: number;
  lines: number;
}

export interface Knowledge {
  /** the year read for shares and pace (ISO days): from a year before the scanned commit to its date */
  from: string;
  to: string;
  areas: KnowledgeArea[];
  /** commits per month over the last year */
  commitsPerMonth: number;
  /** model-calling files by change frequency times size, most first (at most five): where the model code churns */
  hotspots: Hotspot[];
  /** the whole history was read (false: only its most recent commits) */
  fullHistory: boolean;
}

const DOA_MIN = 3.293;
const DOA_SHARE = 0.75;

export function knowledgeOf(history: RecentHistory, authorship: Authorship | null, areas: Record<Exclude<KnowledgeAreaId, 'all' | 'rest'>, readonly string[]>, codeFiles: readonly string[], lines: ReadonlyMap<string, number> = new Map()): Knowledge {
  const special = new Set(Object.values(areas).flat());
  const members: Record<KnowledgeAreaId, readonly string[]> = {
    all: [...new Set([...codeFiles, ...special])],
    ...areas,
    rest: codeFiles.filter((f) => !special.has(f)),
  };
  const authorsOf = new Map<string, string[]>();
  const authorsOfFile = (f: string): string[] => {
    const known = authorsOf.get(f);
    if (known) return known;
    const found = fileAuthors(authorship?.files.get(f));
    authorsOf.set(f, found);
    return found;
  };
  return {
    from: history.from,
    to: history.to,
    areas: KNOWLEDGE_AREAS.flatMap((id): KnowledgeArea[] => {
      const files = members[id];
      if (files.length === 0) return [];
      const inArea = new Set(files);
      const commits = history.changes.filter((c) => c.files.some((f) => inArea.has(f)));
      const counts = new Map<string, number>();
      for (const c of commits) counts.set(c.author, (counts.get(c.author) ?? 0) + 1);
      const authors = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name, n]) => ({ name, share: Math.round((n / commits.length) * 100) / 100 }));
      const tf = authorship ? truckFactor(files.map(authorsOfFile)) : null;
      return [{ id, files: files.length, commits: commits.length, authors, truckFactor: tf?.factor ?? null, keyPeople: tf?.removed ?? [] }];
    }),
    commitsPerMonth: Math.round((history.commits / 12) * 10) / 10,
    hotspots: hotspots(history, areas['model-code'], lines),
    fullHistory: authorship !== null && !authorship.truncated,
  };
}

function fileAuthors(entry: { creator: string | null; changes: Map<string, number> } | undefined): string[] {
  if (!entry) return [];
  const total = [...entry.changes.values()].reduce((a, b) => a + b, 0);
  const doa = [...entry.changes].map(([name, dl]) => ({ name, doa: DOA_MIN + 1.098 * (entry.creator === name ? 1 : 0) + 0.164 * dl - 0.321 * Math.log(1 + total - dl) }));
  const best = Math.max(...doa.map((d) => d.doa));
  return doa.filter((d) => d.doa >= DOA_MIN && d.doa / best > DOA_SHARE).map((d) => d.name).sort();
}

/** Greedy removal of the author of most files until more than half of them have no author; null without history. */
function truckFactor(authorsPerFile: readonly string[][]): { factor: number; removed: string[] } | null {
  const known = authorsPerFile.filter((a) => a.length > 0);
  if (known.length === 0) return null;
  const gone = new Set<string>();
  const orphaned = () => authorsPerFile.filter((a) => a.every((x) => gone.has(x))).length;
  const removed: string[] = [];
  while (orphaned() * 2 <= authorsPerFile.length) {
    const tally = new Map<string, number>();
    for (const a of authorsPerFile) for (const x of a) if (!gone.has(x)) tally.set(x, (tally.get(x) ?? 0) + 1);
    const next = [...tally].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (!next) break;
    gone.add(next[0]);
    removed.push(next[0]);
  }
  return { factor: removed.length, removed };
}

const MAX_HOTSPOTS = 5;

/** Change frequency times size (Tornhill's hotspots), among the model-calling files changed in the year. */
function hotspots(history: RecentHistory, files: readonly string[], lines: ReadonlyMap<string, number>): Hotspot[] {
  const commits = new Map<string, number>();
  const wanted = new Set(files);
  for (const c of history.changes) for (const f of c.files) if (wanted.has(f)) commits.set(f, (commits.get(f) ?? 0) + 1);
  return [...commits].map(([file, n]) => ({ file, commits: n, lines: lines.get(file) ?? 0 }))
    .filter((h) => h.lines > 0)
    .sort((a, b) => b.commits * b.lines - a.commits * a.lines || (a.file < b.file ? -1 : 1))
    .slice(0, MAX_HOTSPOTS);
}
