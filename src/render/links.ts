import type { Report } from '../report/schema.ts';

/** The file and line at the scanned commit on GitHub; null for other targets or without a commit. */
export function commitUrl(r: Report, file: string, line: number): string | null {
  const gh = r.target.github;
  if (!gh || !r.target.commit) return null;
  const path = [r.target.subdir, file].filter(Boolean).join('/');
  return `${gh.htmlUrl}/blob/${r.target.commit}/${encodeURI(path)}#L${line}`;
}
