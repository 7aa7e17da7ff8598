import { git } from '../acquire/git.ts';

export interface HistoryPoint {
  commit: string;
  /** the commit's date (ISO) */
  date: string;
  /** the month boundary it stands for (ISO day): the scanned commit's date, then one month earlier each */
  asOf: string;
}

/**
 * The history along the first parent (the main line, as merged), at the scanned commit and at the last commit on or
 * before each of the `months` month boundaries before it, oldest first. A month with no commit repeats the one before
 * and is left out; so are months before the first commit.
 */
export async function samplePoints(gitRoot: string, commit: string, committedAt: string, months: number): Promise<HistoryPoint[]> {
  const out = await git(gitRoot, ['log', '--first-parent', '-n200000', '--format=%H %cI', commit]);
  const line = out.split('\n').flatMap((l) => {
    const [hash = '', date = ''] = l.trim().split(' ');
    const t = new Date(date).getTime();
    return hash && !Number.isNaN(t) ? [{ commit: hash, date: new Date(t).toISOString(), t }] : [];
  });
  const end = new Date(committedAt);
  const points: HistoryPoint[] = [];
  const seen = new Set<string>();
  for (let k = 0; k <= months; k++) {
    const asOf = monthsBefore(end, k);
    // The main line's dates are mostly in order; a rebased commit dated later than its child is skipped over.
    const at = k === 0 ? line[0] : line.find((c) => c.t <= asOf.getTime());
    if (!at || seen.has(at.commit)) continue;
    seen.add(at.commit);
    points.push({ commit: at.commit, date: at.date, asOf: asOf.toISOString().slice(0, 10) });
  }
  return points.reverse();
}

function monthsBefore(d: Date, k: number): Date {
  const r = new Date(d.getTime());
  const day = r.getUTCDate();
  r.setUTCDate(1);
  r.setUTCMonth(r.getUTCMonth() - k);
  // The 31st of a month before a 30-day one is that month's last day, not the first of the next.
  const last = new Date(Date.UTC(r.getUTCFullYear(), r.getUTCMonth() + 1, 0)).getUTCDate();
  r.setUTCDate(Math.min(day, last));
  return r;
}
